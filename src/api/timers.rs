//! `setTimeout`, `setInterval`, `clearTimeout`, `clearInterval`, `queueMicrotask` and
//! `performance.now()`: the host functions game scripts and npm libraries expect.
//!
//! Timers run on the worker, in the first worker frame at or after their due time, before
//! `update`, inside the frame's time budget, in browser order (by due time, then in the order
//! they were set), each followed by the promise jobs it queued. A timer set by a timer
//! callback runs in a later frame at the earliest, so `setTimeout(f, 0)` inside `f` cannot
//! starve the frame. The queue itself ([`Timers`]) is engine-neutral; each engine keeps one
//! per context, holding its own values.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::Instant;

use bevy::platform::collections::HashMap;

use super::args::{self, Arg};
use super::js::{ApiError, ApiResult, Js, Kind, NativeFn, Natives, arg};

/// Timers one script may have pending at once; one more throws a `RangeError`.
pub(crate) const MAX_TIMERS: usize = 100_000;

pub(super) const PERFORMANCE_FUNCTIONS: &[&str] = &["now"];

/// Milliseconds on a monotonic clock, since the first time any script asked (sub-microsecond
/// resolution).
pub(crate) fn now_ms() -> f64 {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

pub(super) fn natives<J: Js>() -> Natives<J> {
    vec![
        ("setTimeout", set_timeout::<J> as NativeFn<J>, 2),
        ("setInterval", set_interval::<J>, 2),
        ("clearTimeout", clear_timer::<J>, 1),
        ("clearInterval", clear_timer::<J>, 1),
        ("queueMicrotask", queue_microtask::<J>, 1),
    ]
}

pub(super) fn performance_natives<J: Js>() -> Natives<J> {
    vec![("now", performance_now::<J> as NativeFn<J>, 0)]
}

fn performance_now<J: Js>(js: &mut J, _: &[J::Value]) -> ApiResult<J::Value, J> {
    Ok(js.number(now_ms()))
}

fn set_timeout<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    add(js, args, "setTimeout", false)
}

fn set_interval<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    add(js, args, "setInterval", true)
}

fn add<J: Js>(
    js: &mut J,
    args: &[J::Value],
    func: &'static str,
    repeat: bool,
) -> ApiResult<J::Value, J> {
    let callback = arg(js, args, 0);
    args::callable::<J>(&callback, Arg::new(func, "callback"))?;
    let delay = match J::kind(&arg(js, args, 1)) {
        Kind::Undefined => 0.0,
        Kind::Number(delay) if delay.is_nan() => 0.0,
        Kind::Number(delay) => delay.clamp(0.0, f64::from(i32::MAX)),
        _ => return Err(Arg::new(func, "delay").type_error("a number of milliseconds")),
    };
    let extra = args.get(2..).unwrap_or_default();
    let id = js.add_timer(&callback, extra, delay, repeat)?;
    Ok(js.number(f64::from(id)))
}

fn clear_timer<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    // Like a browser: anything that is not a timer's id is ignored.
    if let Some(id) = J::as_number(&arg(js, args, 0)).and_then(args::id_from_number) {
        js.clear_timer(id);
    }
    Ok(js.undefined())
}

fn queue_microtask<J: Js>(js: &mut J, args: &[J::Value]) -> ApiResult<J::Value, J> {
    let callback = arg(js, args, 0);
    args::callable::<J>(&callback, Arg::new("queueMicrotask", "callback"))?;
    js.queue_microtask(&callback)?;
    Ok(js.undefined())
}

/// One pending timer: its callback and arguments, in the engine's own value type.
pub(crate) struct Timer<V> {
    pub callback: V,
    pub args: Vec<V>,
    /// `Some(period)` for `setInterval`, in milliseconds.
    pub interval: Option<f64>,
}

/// The pending timers of one JS context, ordered by due time and then by when they were set.
pub(crate) struct Timers<V> {
    next_id: u32,
    next_sequence: u64,
    /// (due time in microseconds of [`now_ms`], sequence) → id.
    queue: BTreeMap<(u64, u64), u32>,
    timers: HashMap<u32, ((u64, u64), Timer<V>)>,
}

impl<V> Default for Timers<V> {
    fn default() -> Self {
        Self {
            next_id: 1,
            next_sequence: 0,
            queue: BTreeMap::new(),
            timers: HashMap::default(),
        }
    }
}

impl<V> Timers<V> {
    /// Schedules `timer` `delay_ms` from now; returns its id.
    pub fn add<E>(&mut self, timer: Timer<V>, delay_ms: f64) -> Result<u32, ApiError<E>> {
        if self.timers.len() >= MAX_TIMERS {
            return Err(ApiError::Range(format!(
                "too many pending timers (the limit is {MAX_TIMERS})"
            )));
        }
        let id = self.next_id;
        self.next_id = self.next_id.checked_add(1).unwrap_or(1);
        self.schedule(id, timer, delay_ms);
        Ok(id)
    }

    fn schedule(&mut self, id: u32, timer: Timer<V>, delay_ms: f64) {
        let due = ((now_ms() + delay_ms) * 1000.0) as u64;
        let key = (due, self.next_sequence);
        self.next_sequence += 1;
        self.queue.insert(key, id);
        self.timers.insert(id, (key, timer));
    }

    /// Cancels timer `id`, if it is pending.
    pub fn clear(&mut self, id: u32) {
        if let Some((key, _)) = self.timers.remove(&id) {
            self.queue.remove(&key);
        }
    }

    /// Where this frame's timer phase starts: timers set after this are not due in it.
    pub fn phase(&self) -> TimerPhase {
        TimerPhase {
            now_us: (now_ms() * 1000.0) as u64,
            sequence: self.next_sequence,
        }
    }

    /// Takes the next timer due in `phase`, if any. An interval is scheduled again at once (a
    /// callback may clear it), for its next period, behind the timers already set.
    pub fn next_due(&mut self, phase: TimerPhase) -> Option<(u32, V, Vec<V>)>
    where
        V: Clone,
    {
        let (&key, &id) = self
            .queue
            .iter()
            .find(|((_, sequence), _)| *sequence < phase.sequence)?;
        if key.0 > phase.now_us {
            return None;
        }
        self.queue.remove(&key);
        let (_, timer) = self.timers.remove(&id)?;
        let call = (id, timer.callback.clone(), timer.args.clone());
        if let Some(period) = timer.interval {
            self.schedule(id, timer, period);
        }
        Some(call)
    }

    /// Pending timers.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.timers.len()
    }
}

/// See [`Timers::phase`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct TimerPhase {
    now_us: u64,
    sequence: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timer(name: &'static str, interval: Option<f64>) -> Timer<&'static str> {
        Timer {
            callback: name,
            args: Vec::new(),
            interval,
        }
    }

    #[test]
    fn due_timers_come_in_due_then_set_order() {
        let mut timers = Timers::default();
        timers.add::<()>(timer("late", None), 5.0).ok();
        timers.add::<()>(timer("first", None), 0.0).ok();
        timers.add::<()>(timer("second", None), 0.0).ok();
        let cleared = timers.add::<()>(timer("cleared", None), 0.0).unwrap_or(0);
        timers.clear(cleared);
        std::thread::sleep(std::time::Duration::from_millis(6));
        let phase = timers.phase();
        let order: Vec<_> =
            std::iter::from_fn(|| timers.next_due(phase).map(|(_, name, _)| name)).collect();
        assert_eq!(order, ["first", "second", "late"]);
        assert_eq!(timers.len(), 0);
    }

    #[test]
    fn a_timer_set_during_the_phase_waits_for_the_next() {
        let mut timers = Timers::default();
        timers.add::<()>(timer("a", None), 0.0).ok();
        let phase = timers.phase();
        assert!(timers.next_due(phase).is_some());
        timers.add::<()>(timer("b", None), 0.0).ok();
        assert!(timers.next_due(phase).is_none());
        assert!(timers.next_due(timers.phase()).is_some());
    }

    #[test]
    fn intervals_repeat_until_cleared() {
        let mut timers = Timers::default();
        let id = timers.add::<()>(timer("tick", Some(0.0)), 0.0).unwrap_or(0);
        for _ in 0..3 {
            let phase = timers.phase();
            assert!(timers.next_due(phase).is_some());
            // Once per phase, however short the period.
            assert!(timers.next_due(phase).is_none());
        }
        timers.clear(id);
        assert!(timers.next_due(timers.phase()).is_none());
    }
}
