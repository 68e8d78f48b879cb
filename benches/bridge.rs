//! Criterion benchmarks of the bridge: state buffer swaps, the rings across threads, the cost
//! of one JS call end to end beside a bare native call, and the main thread's apply cost.
//! Each benchmark checks its result before it is timed.
//!
//! ```text
//! cargo bench --bench bridge
//! ```
//! `cargo run --release --example bench_report` prints the key ratios from one run.

mod harness;

use std::hint::black_box;
use std::time::{Duration, Instant};

use bevy_js_worker::state::EntityState;
use bevy_js_worker::state_buffer::{CopyMode, StateBuffer, SwapOutcome};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use harness::{ScriptBench, state};

fn swaps(c: &mut Criterion) {
    let mut group = c.benchmark_group("state_buffer_swap");
    for entities in [1_000u32, 10_000, 100_000] {
        for percent in [1u32, 10, 100] {
            let dirty = (entities * percent / 100).max(1);
            for mode in [CopyMode::Full, CopyMode::PerKey] {
                let mut buffer = StateBuffer::with_mode(mode);
                let reader = buffer.reader();
                for i in 0..entities {
                    buffer.insert(i, state(i));
                }
                buffer.swap();
                let step = entities / dirty;
                let touch = |buffer: &mut StateBuffer<u32, EntityState>, y: f32| {
                    for k in 0..dirty {
                        if let Some(value) = buffer.get_mut(&(k * step)) {
                            value.position.y = y;
                        }
                    }
                };
                // Check: a swap publishes the change to readers.
                touch(&mut buffer, -1.0);
                assert!(matches!(buffer.swap(), SwapOutcome::Swapped { .. }));
                assert_eq!(reader.get(&0).map(|s| s.position.y), Some(-1.0));
                let id = BenchmarkId::new(format!("{mode:?}"), format!("{entities}/{percent}%"));
                // Times the swap alone; marking the keys dirty happens outside the timing.
                group.bench_function(id, |b| {
                    b.iter_custom(|iters| {
                        let mut total = Duration::ZERO;
                        for _ in 0..iters {
                            touch(&mut buffer, 1.0);
                            let started = Instant::now();
                            black_box(buffer.swap());
                            total += started.elapsed();
                        }
                        total
                    });
                });
            }
        }
    }
    group.finish();
}

fn rings(c: &mut Criterion) {
    let mut group = c.benchmark_group("ring_across_threads");
    const COUNT: u64 = 100_000;
    group.throughput(Throughput::Elements(COUNT));
    for capacity in [1_024usize, 16_384] {
        // Check: everything arrives, in order.
        assert_eq!(ring_round_trip(COUNT, capacity), COUNT * (COUNT - 1) / 2);
        group.bench_function(BenchmarkId::from_parameter(capacity), |b| {
            b.iter(|| black_box(ring_round_trip(COUNT, capacity)));
        });
    }
    group.finish();
}

/// Sends `count` 64-byte items (the size of a command) from a thread through an rtrb ring;
/// returns the sum of their sequence numbers.
fn ring_round_trip(count: u64, capacity: usize) -> u64 {
    let (mut producer, mut consumer) = rtrb::RingBuffer::<[u64; 8]>::new(capacity);
    let sender = std::thread::spawn(move || {
        for i in 0..count {
            let mut item = [i; 8];
            loop {
                match producer.push(item) {
                    Ok(()) => break,
                    Err(rtrb::PushError::Full(back)) => {
                        item = back;
                        std::hint::spin_loop();
                    }
                }
            }
        }
    });
    let (mut received, mut sum) = (0, 0);
    while received < count {
        if let Ok(item) = consumer.pop() {
            assert_eq!(item[0], received, "in order");
            sum += item[7];
            received += 1;
        }
    }
    let _ = sender.join();
    sum
}

fn js_calls(c: &mut Criterion) {
    let mut group = c.benchmark_group("js_call");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    let mut bench = ScriptBench::new(10_000);
    for mode in ["native", "update", "set_position"] {
        // Check (inside `run`): every update was applied exactly once, no script errors.
        bench.run(mode, 1_000);
        group.bench_function(mode, |b| {
            b.iter_custom(|iters| {
                let calls = u32::try_from(iters).unwrap_or(u32::MAX).max(1);
                bench.run(mode, calls).total()
            });
        });
    }
    // One setTransforms call moves all 10,000 entities: time per entity, with the positions
    // written into a Float32Array or a plain array first, or already written.
    group.throughput(Throughput::Elements(10_000));
    for (mode, name) in [
        ("batch", "setTransforms_10000_typed"),
        ("batch_array", "setTransforms_10000_array"),
        ("batch_prefilled", "setTransforms_10000_prefilled"),
    ] {
        bench.run(mode, 10_000);
        group.bench_function(name, |b| {
            b.iter_custom(|iters| (0..iters).map(|_| bench.run(mode, 10_000).total()).sum());
        });
    }
    group.finish();
}

fn main_thread_apply(c: &mut Criterion) {
    let mut group = c.benchmark_group("main_thread_apply");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    let mut bench = ScriptBench::new(10_000);
    group.bench_function("per_entity_update", |b| {
        b.iter_custom(|iters| {
            let calls = u32::try_from(iters).unwrap_or(u32::MAX).max(1);
            bench.run("update", calls).apply
        });
    });
    group.finish();
}

criterion_group!(benches, swaps, rings, js_calls, main_thread_apply);
criterion_main!(benches);
