//! `.ts` and `.mts` scripts: TypeScript's types removed at load time by `oxc`, with no type
//! checking (that stays `tsc`'s job), and a map from the JavaScript made back to the
//! TypeScript positions.
//!
//! `oxc` (not `swc_ts_fast_strip`) because it handles all of TypeScript's syntax that has
//! runtime meaning: enums (const-evaluated, which needs `SemanticBuilder::with_enum_eval`),
//! namespaces and parameter properties, besides what a type stripper blanks out.

use std::path::Path;

use oxc_allocator::Allocator;
use oxc_ast::ast::Decorator;
use oxc_ast_visit::Visit;
use oxc_codegen::{Codegen, CodegenOptions};
use oxc_parser::Parser;
use oxc_semantic::SemanticBuilder;
use oxc_span::SourceType;
use oxc_transformer::{TransformOptions, Transformer};

use crate::core::source_map::LineMap;

/// The JavaScript of TypeScript `source` (the file `path`), and its map back to the
/// TypeScript.
///
/// # Errors
/// `SyntaxError: message (path:line:column)`, at the TypeScript position: a syntax error, or a
/// decorator (neither engine runs them).
pub(crate) fn strip_types(path: &Path, source: &str) -> Result<(String, LineMap), String> {
    let allocator = Allocator::default();
    let source_type = SourceType::from_path(path)
        .map_err(|error| format!("SyntaxError: {error} ({})", path.display()))?;
    let parsed = Parser::new(&allocator, source, source_type).parse();
    if let Some(error) = parsed.diagnostics.first() {
        let at = error.labels.first().map_or(0, |label| label.offset());
        return Err(located(path, source, &error.message, at));
    }
    let mut program = parsed.program;
    let semantic = SemanticBuilder::new().with_enum_eval(true).build(&program);
    if let Some(error) = semantic.diagnostics.first() {
        let at = error.labels.first().map_or(0, |label| label.offset());
        return Err(located(path, source, &error.message, at));
    }
    let mut decorators = FirstDecorator(None);
    decorators.visit_program(&program);
    if let Some(at) = decorators.0 {
        return Err(located(
            path,
            source,
            "decorators are not supported (neither engine runs them)",
            at,
        ));
    }
    let scoping = semantic.semantic.into_scoping();
    let transformed = Transformer::new(&allocator, path, &TransformOptions::default())
        .build_with_scoping(scoping, &mut program);
    if let Some(error) = transformed.diagnostics.first() {
        let at = error.labels.first().map_or(0, |label| label.offset());
        return Err(located(path, source, &error.message, at));
    }
    let generated = Codegen::new()
        .with_options(CodegenOptions {
            source_map_path: Some(path.to_path_buf()),
            ..CodegenOptions::default()
        })
        .build(&program);
    let tokens = generated
        .map
        .map(|map| {
            map.get_tokens()
                .map(|token| {
                    [
                        token.get_dst_line(),
                        token.get_dst_col(),
                        token.get_src_line(),
                        token.get_src_col(),
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    Ok((generated.code, LineMap::new(tokens)))
}

/// Finds the first decorator anywhere in a program (on a class, a member or a parameter).
struct FirstDecorator(Option<u32>);

impl<'a> Visit<'a> for FirstDecorator {
    fn visit_decorator(&mut self, decorator: &Decorator<'a>) {
        self.0.get_or_insert(decorator.span.start);
    }
}

/// Console input as the console evaluates it: as it is if it parses as JavaScript (so `{ a: 1 }`
/// stays an object literal), else with its TypeScript types removed (`player.hp as number`);
/// as it is again if it is neither (the engine then reports the syntax error).
pub(crate) fn console_input(source: &str) -> String {
    let allocator = Allocator::default();
    let javascript = Parser::new(&allocator, source, SourceType::mjs()).parse();
    if javascript.diagnostics.is_empty() {
        return source.to_owned();
    }
    let allocator = Allocator::default();
    let path = Path::new("console.ts");
    let parsed = Parser::new(&allocator, source, SourceType::ts()).parse();
    if !parsed.diagnostics.is_empty() {
        return source.to_owned();
    }
    let mut program = parsed.program;
    let semantic = SemanticBuilder::new().with_enum_eval(true).build(&program);
    let scoping = semantic.semantic.into_scoping();
    let transformed = Transformer::new(&allocator, path, &TransformOptions::default())
        .build_with_scoping(scoping, &mut program);
    if !transformed.diagnostics.is_empty() {
        return source.to_owned();
    }
    Codegen::new().build(&program).code
}

/// `SyntaxError: message (path:line:column)` for byte offset `at` of `source` (1-based line,
/// 1-based column in characters).
fn located(path: &Path, source: &str, message: &str, at: u32) -> String {
    let at = usize::try_from(at).unwrap_or(usize::MAX).min(source.len());
    let before = &source[..source.floor_char_boundary(at)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!(
        "SyntaxError: {message} ({}:{line}:{column})",
        path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_go_and_runtime_syntax_stays() {
        let source = "enum Kind { A = \"a\", B = \"b\" }\nnamespace N { export const x: number = 1; }\nclass P { constructor(private n: number) {} get(): number { return this.n!; } }\nconst v = { k: Kind.B } satisfies object;\nexport const out = [Kind.A, N.x, new P(2).get(), v.k as string];\n";
        let (code, map) = strip_types(Path::new("/s/a.ts"), source).expect("it loads");
        assert!(!code.contains(": number"), "{code}");
        assert!(!code.contains("satisfies"), "{code}");
        assert!(code.contains("\"b\""), "{code}");
        // The last line's `export` comes from TypeScript line 5.
        let line = code
            .lines()
            .position(|l| l.contains("export const out"))
            .expect("out") as u32;
        assert_eq!(map.original(line + 1, 1).map(|p| p.0), Some(5));
    }

    #[test]
    fn console_input_is_javascript_or_stripped_typescript() {
        assert_eq!(console_input("{ a: 1 }"), "{ a: 1 }");
        assert_eq!(console_input("(hp as number) + 1").trim(), "hp + 1;");
        assert_eq!(
            console_input("let x: number = 2; x * 3")
                .replace('\n', " ")
                .trim(),
            "let x = 2; x * 3;"
        );
        assert_eq!(console_input("nope("), "nope(");
    }

    #[test]
    fn syntax_errors_and_decorators_are_located() {
        let error = strip_types(Path::new("/s/a.ts"), "let a: number = 1;\nlet b = (;\n")
            .expect_err("a syntax error");
        assert!(
            error.starts_with("SyntaxError: ") && error.ends_with("(/s/a.ts:2:10)"),
            "{error}"
        );
        let error = strip_types(
            Path::new("/s/a.ts"),
            "function d(t: any) { return t; }\n\n@d class C {}\n",
        )
        .expect_err("a decorator");
        assert!(
            error.contains("decorators are not supported") && error.ends_with("(/s/a.ts:3:1)"),
            "{error}"
        );
    }
}
