//! Whole-plugin tests: headless Bevy, the real worker thread, real scripts under
//! `tests/scripts/`. One binary, so Bevy is linked once.
//!
//! Every test that runs a script runs once per engine: each file lists its tests in
//! [`engine_tests!`], which makes `file::boa::test` and `file::quickjs::test`. A test function
//! left out of the list is dead code, which the lints refuse, so no engine skips a guarantee.

/// Runs each named test function (`fn()`) once per engine, as `boa::name` and
/// `quickjs::name`; [`common::engine`] tells the test which.
macro_rules! engine_tests {
    ($($name:ident),* $(,)?) => {
        mod boa {
            $(
                #[test]
                fn $name() {
                    crate::common::on_engine(bevy_js_worker::JsEngine::Boa, super::$name);
                }
            )*
        }
        mod quickjs {
            $(
                #[test]
                fn $name() {
                    crate::common::on_engine(bevy_js_worker::JsEngine::QuickJs, super::$name);
                }
            )*
        }
    };
}

/// Counts allocations for [`allocations`]; otherwise the system allocator.
#[global_allocator]
static ALLOCATOR: allocations::Counting = allocations::Counting;

mod allocations;
mod audio;
mod common;
mod console;
mod diagnostics;
mod errors;
mod game;
mod hostile;
mod hot_reload;
mod interop;
mod interpolation;
mod layers;
mod level;
mod lifecycle;
mod limits;
mod npm;
mod pacing;
mod reliability;
mod runaway;
mod timers;
mod typescript;
mod typings;
mod ui;
mod verbs;
mod window;
mod workers;
mod world;
