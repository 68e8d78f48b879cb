//! Whole-plugin tests: headless Bevy, the real Boa worker thread, real scripts under
//! `tests/scripts/`. One binary, so Bevy is linked once.

/// Counts allocations for [`allocations`]; otherwise the system allocator.
#[global_allocator]
static ALLOCATOR: allocations::Counting = allocations::Counting;

mod allocations;
mod common;
mod diagnostics;
mod errors;
mod game;
mod hostile;
mod hot_reload;
mod interop;
mod lifecycle;
mod pacing;
mod reliability;
mod runaway;
mod typings;
mod window;
