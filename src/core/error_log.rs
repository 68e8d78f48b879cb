//! Rate-limited logging of script errors, so that a script throwing every frame cannot flood
//! the log: the first errors are logged in full, then about one every few seconds, and the rest
//! are summed up in a periodic summary line. Every error is still counted.

use std::time::{Duration, Instant};

use crate::core::error::ScriptError;

/// Errors logged in full before rate limiting starts.
pub(crate) const BURST: u32 = 10;
/// After the burst, one more error may be logged in full per this interval.
pub(crate) const REFILL: Duration = Duration::from_secs(5);
/// Suppressed errors are summed up at most this often.
pub(crate) const SUMMARY_INTERVAL: Duration = Duration::from_secs(5);

/// What to log for one error, or for a tick with no error.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LogLine {
    /// Log this error in full, with its stack.
    Full,
    /// Log a summary: `count` errors were not logged since the last summary.
    Summary { count: u64 },
    /// Log nothing.
    Nothing,
}

/// A token bucket of full log lines plus a counter of suppressed errors.
#[derive(Debug)]
pub(crate) struct ErrorLogLimiter {
    tokens: f64,
    refilled_at: Instant,
    suppressed: u64,
    summarized_at: Instant,
}

impl ErrorLogLimiter {
    pub fn new(now: Instant) -> Self {
        Self {
            tokens: f64::from(BURST),
            refilled_at: now,
            suppressed: 0,
            summarized_at: now,
        }
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.refilled_at);
        self.tokens =
            (self.tokens + elapsed.as_secs_f64() / REFILL.as_secs_f64()).min(f64::from(BURST));
        self.refilled_at = now;
    }

    /// Decides how to log an error that happened at `now`.
    pub fn on_error(&mut self, now: Instant) -> LogLine {
        self.refill(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return LogLine::Full;
        }
        self.suppressed += 1;
        self.tick(now)
    }

    /// Emits a due summary of suppressed errors; call it regularly (every worker frame).
    pub fn tick(&mut self, now: Instant) -> LogLine {
        if self.suppressed == 0
            || now.saturating_duration_since(self.summarized_at) < SUMMARY_INTERVAL
        {
            return LogLine::Nothing;
        }
        self.summarized_at = now;
        LogLine::Summary {
            count: std::mem::take(&mut self.suppressed),
        }
    }
}

/// Logs a script error in full through Bevy's log, with its stack.
pub(crate) fn log_in_full(error: &ScriptError) {
    if error.stack.is_empty() {
        bevy::log::error!(target: "js", "{error}");
    } else {
        bevy::log::error!(target: "js", "{error}\n{}", error.stack.trim_end());
    }
}

/// Logs a summary of `count` suppressed errors.
pub(crate) fn log_summary(count: u64, latest: Option<&ScriptError>) {
    match latest {
        Some(latest) => bevy::log::error!(
            target: "js",
            "{count} more script errors not logged (rate limit); the latest: {latest}"
        ),
        None => {
            bevy::log::error!(target: "js", "{count} more script errors not logged (rate limit)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_storm_logs_a_burst_then_summaries() {
        let start = Instant::now();
        let mut limiter = ErrorLogLimiter::new(start);
        let mut full = 0;
        let mut summarized = 0;
        let mut summaries = 0;
        // 3,600 errors, one per 1/60 s: a minute of a script throwing every frame.
        for frame in 0..3_600u32 {
            let now = start + Duration::from_secs_f64(f64::from(frame) / 60.0);
            match limiter.on_error(now) {
                LogLine::Full => full += 1,
                LogLine::Summary { count } => {
                    summaries += 1;
                    summarized += count;
                }
                LogLine::Nothing => {}
            }
        }
        let end = start + Duration::from_secs(61);
        if let LogLine::Summary { count } = limiter.tick(end) {
            summaries += 1;
            summarized += count;
        }
        // 10 at once, then one per 5 s over ~60 s.
        assert!((20..=23).contains(&full), "{full} full lines");
        assert!((11..=13).contains(&summaries), "{summaries} summaries");
        assert_eq!(
            full + summarized,
            3_600,
            "every error is logged or summed up"
        );
    }

    #[test]
    fn a_quiet_period_refills_the_burst() {
        let start = Instant::now();
        let mut limiter = ErrorLogLimiter::new(start);
        for _ in 0..BURST {
            assert_eq!(limiter.on_error(start), LogLine::Full);
        }
        assert_eq!(limiter.on_error(start), LogLine::Nothing);
        let later = start + REFILL * BURST;
        for _ in 0..BURST {
            assert_eq!(limiter.on_error(later), LogLine::Full);
        }
        assert_eq!(limiter.tick(later), LogLine::Summary { count: 1 });
        assert_eq!(limiter.tick(later), LogLine::Nothing);
    }
}
