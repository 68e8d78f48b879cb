//! The main thread never waits for the worker.

use crate::common::*;

fn a_slow_script_causes_frame_skips_not_a_slow_main_thread() {
    // The script spends 40 ms per update; the main thread runs a frame about every 2 ms.
    let mut app = app("slow.js");
    run_worker_frames(&mut app, 1);
    let before = metrics(&app);
    let mut frames = 0;
    while metrics(&app).worker_frames < before.worker_frames + 5 {
        app.update();
        frames += 1;
        std::thread::sleep(std::time::Duration::from_millis(2));
        assert!(frames < 20_000, "the worker stopped making progress");
    }
    let after = metrics(&app);
    let worker_frames = after.worker_frames - before.worker_frames;
    let skips = after.frame_skips - before.frame_skips;
    assert!(
        frames > 2 * worker_frames,
        "{frames} main frames for {worker_frames} worker frames: the main thread waited"
    );
    assert!(skips > 0, "no frame skips were counted");
    assert!(skips < frames, "{skips} skips in {frames} frames");
    assert_eq!(after.js_errors, 0);
    // The state kept flowing while frames were skipped.
    assert!(after.entity_buffer.swaps >= before.entity_buffer.swaps + 4);
}

engine_tests!(a_slow_script_causes_frame_skips_not_a_slow_main_thread,);
