//! The cubes example under a real window (Xvfb + Mesa's software Vulkan): its screenshot
//! shows the shapes and colors the script created, and the metrics overlay beside them.
//!
//! Needs `xvfb-run` and a Vulkan driver. Without them the test is skipped with a note, unless
//! `BEVY_JS_WORKER_REQUIRE_WINDOW_TEST=1` (set by `.ci/run`), in which case it fails.

use std::path::PathBuf;
use std::process::Command;

fn example_binary() -> PathBuf {
    // target/<profile>/deps/<this test> → target/<profile>/examples/cubes
    let exe = std::env::current_exe().unwrap();
    exe.parent()
        .and_then(|deps| deps.parent())
        .unwrap()
        .join("examples")
        .join("cubes")
}

fn the_cubes_example_renders_the_scripted_scene() {
    let required = std::env::var("BEVY_JS_WORKER_REQUIRE_WINDOW_TEST").is_ok_and(|v| v == "1");
    let has_xvfb = Command::new("xvfb-run").arg("--help").output().is_ok();
    let binary = example_binary();
    if !has_xvfb || !binary.exists() {
        assert!(
            !required,
            "window test required but xvfb-run ({has_xvfb}) or {} ({}) is missing",
            binary.display(),
            binary.exists()
        );
        eprintln!("skipping the window test: no xvfb-run or no built cubes example");
        return;
    }
    let engine = crate::common::engine();
    let screenshot =
        std::env::temp_dir().join(format!("cubes-{}-{engine}.png", std::process::id()));
    let output = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1280x720x24"])
        .arg(&binary)
        .arg("--screenshot")
        .arg(&screenshot)
        .args(["--frames", "90"])
        .args(["--engine", engine.name()])
        .env("CARGO_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run the cubes example");
    assert!(
        output.status.success() && screenshot.exists(),
        "the cubes example failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );

    let image = image::open(&screenshot)
        .expect("read the screenshot")
        .to_rgb8();
    let _ = std::fs::remove_file(&screenshot);
    assert_eq!(image.dimensions(), (1280, 720));
    let mut red = 0;
    let mut green = 0;
    let mut blue = 0;
    let mut yellow = 0;
    for pixel in image.pixels() {
        let [r, g, b] = pixel.0.map(i32::from);
        if r > 100 && r > 2 * g && r > 2 * b {
            red += 1;
        }
        if g > 80 && g > 2 * r && g > b + 40 {
            green += 1;
        }
        if b > 100 && b > 2 * r && b > g + 40 {
            blue += 1;
        }
        if r > 120 && g > 100 && b < r / 2 && b < g / 2 {
            yellow += 1;
        }
    }
    // Each cube covers thousands of pixels at 1280x720; 500 is far above noise.
    for (name, count) in [
        ("red", red),
        ("green", green),
        ("blue", blue),
        ("yellow", yellow),
    ] {
        assert!(
            count > 500,
            "only {count} {name} pixels: red {red} green {green} blue {blue} yellow {yellow}"
        );
    }
}

engine_tests!(the_cubes_example_renders_the_scripted_scene);
