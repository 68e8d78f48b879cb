//! Interpolation: with [`JsScriptingSettings::interpolation`] on, a script's move does not
//! land in the `Transform` at once. The apply records a [`Segment`] from where the object is
//! drawn now to where the script put it, lasting about one worker frame, and
//! [`interpolate_transforms`] walks every object along its segment once per main frame. So an
//! object a script moves at 10 Hz glides at the renderer's rate, one worker frame behind.
//!
//! The script's state (what `entity.get` reads) is always the exact target. A `Transform`
//! that a Rust system changes mid-segment keeps that change: the part it changed (translation,
//! rotation or scale) stays as the Rust system set it, the rest lands at the target, and the
//! segment ends. The external sync reads the same merge, never a drawn in-between value.
//!
//! [`JsScriptingSettings::interpolation`]: crate::settings::JsScriptingSettings::interpolation

use std::time::{Duration, Instant};

use bevy::platform::collections::HashMap;
use bevy::prelude::*;

/// How much longer than the measured worker frame interval a segment lasts, so that the next
/// target usually arrives before the object stops (at the cost of a quarter frame of delay).
const SLACK: f32 = 1.25;

/// The longest worker frame interval a segment is timed by.
const MAX_FRAME_INTERVAL: Duration = Duration::from_millis(500);

/// One worker's frame rhythm: a running mean of the time between its frames, which times its
/// objects' segments.
#[derive(Debug, Default)]
pub(crate) struct FrameClock {
    last_trigger: Option<Instant>,
    interval: Duration,
}

impl FrameClock {
    /// The worker's next frame was triggered now.
    pub fn tick(&mut self) {
        let now = Instant::now();
        if let Some(last) = self.last_trigger.replace(now) {
            // One long gap (a runaway, a reload, a hitch) must not slow every glide after it.
            let sample = (now - last).min(MAX_FRAME_INTERVAL);
            self.interval = if self.interval.is_zero() {
                sample
            } else {
                self.interval.mul_f32(0.75) + sample.mul_f32(0.25)
            };
        }
    }

    /// The worker is paused: the time until its next frame is no frame interval.
    pub fn pause(&mut self) {
        self.last_trigger = None;
    }

    /// How long a segment started now lasts.
    pub fn segment_duration(&self) -> Duration {
        self.interval.mul_f32(SLACK)
    }
}

/// One object's way from where it was drawn to the script's latest transform.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Segment {
    from: Transform,
    /// The script's latest transform: what the object is drawn at when the segment ends.
    to: Transform,
    /// What the interpolation last put in the `Transform`: a `Transform` that differs from it
    /// was changed by someone else.
    drawn: Transform,
    started: Instant,
    duration: Duration,
}

impl Segment {
    /// The transform drawn at `now`; exactly the target once the segment is over.
    fn at(&self, now: Instant) -> (Transform, bool) {
        let elapsed = now.saturating_duration_since(self.started).as_secs_f32();
        let t = if self.duration.is_zero() {
            1.0
        } else {
            elapsed / self.duration.as_secs_f32()
        };
        if t >= 1.0 {
            return (self.to, true);
        }
        (blend(&self.from, &self.to, t), false)
    }

    /// `current` with every part that nobody but the interpolation changed at the target:
    /// the script's transform, keeping what a Rust system changed since the last drawing.
    fn merge(&self, current: &Transform) -> Transform {
        Transform {
            translation: if current.translation == self.drawn.translation {
                self.to.translation
            } else {
                current.translation
            },
            rotation: if current.rotation == self.drawn.rotation {
                self.to.rotation
            } else {
                current.rotation
            },
            scale: if current.scale == self.drawn.scale {
                self.to.scale
            } else {
                current.scale
            },
        }
    }
}

/// `from` moved a fraction `t` of the way to `to`; the rotation on the shortest arc.
pub(crate) fn blend(from: &Transform, to: &Transform, t: f32) -> Transform {
    Transform {
        translation: from.translation.lerp(to.translation, t),
        rotation: from.rotation.slerp(to.rotation, t),
        scale: from.scale.lerp(to.scale, t),
    }
}

/// Every object on its way, shared by all workers (lent to each bridge like the id map).
#[derive(Debug, Default)]
pub(crate) struct Motion {
    /// [`JsScriptingSettings::interpolation`](crate::settings::JsScriptingSettings::interpolation), as
    /// of this frame's apply.
    pub enabled: bool,
    /// [`JsScriptingSettings::teleport_distance`](crate::settings::JsScriptingSettings::teleport_distance).
    pub teleport_distance: f32,
    segments: HashMap<Entity, Segment>,
    /// When [`interpolate_transforms`] last drew: a segment starts from there, so the frame
    /// that starts it already moves the object by one frame's worth.
    drawn_at: Option<Instant>,
}

impl Motion {
    /// Puts `target` in `transform` now (off, a teleport, too far for one step), or starts a
    /// segment to it that lasts `duration`.
    pub fn move_to(
        &mut self,
        entity: Entity,
        transform: &mut Mut<Transform>,
        target: Transform,
        teleport: bool,
        duration: Duration,
    ) {
        let from = **transform;
        if !self.enabled
            || teleport
            || from.translation.distance(target.translation) > self.teleport_distance
        {
            self.cancel(entity);
            **transform = target;
            return;
        }
        self.segments.insert(
            entity,
            Segment {
                from,
                to: target,
                drawn: from,
                started: self.drawn_at.unwrap_or_else(Instant::now),
                duration,
            },
        );
    }

    /// Drops `entity`'s segment (its `Transform` is about to be written exactly).
    pub fn cancel(&mut self, entity: Entity) {
        if !self.segments.is_empty() {
            self.segments.remove(&entity);
        }
    }

    /// Ends `entity`'s segment at once: `transform` gets the script's transform (keeping what
    /// a Rust system changed), before something else writes to it.
    pub fn finish(&mut self, entity: Entity, transform: &mut Mut<Transform>) {
        if let Some(segment) = self.segments.remove(&entity) {
            **transform = segment.merge(transform);
        }
    }

    /// `entity`'s transform as the script and Rust systems left it: while it is on its way,
    /// the drawn in-between parts are replaced by the script's target.
    pub fn exact(&self, entity: Entity, transform: &Transform) -> Transform {
        if self.segments.is_empty() {
            // Interpolation off (or nothing moving): no lookup on the sync's path.
            return *transform;
        }
        match self.segments.get(&entity) {
            Some(segment) => segment.merge(transform),
            None => *transform,
        }
    }

    /// Objects on their way now.
    pub fn len(&self) -> usize {
        self.segments.len()
    }

    /// Drops every segment, landing each object at its target (interpolation turned off).
    fn land_all(&mut self, transforms: &mut Query<&mut Transform>) {
        for (entity, segment) in self.segments.drain() {
            if let Ok(mut transform) = transforms.get_mut(entity) {
                *transform = segment.to;
            }
        }
    }
}

impl Motion {
    /// Moves every object with a segment to where it is drawn now; one that reached its
    /// target, or that a Rust system changed, leaves the segment list. With `interpolation`
    /// off, every glide lands.
    pub(crate) fn draw(&mut self, interpolation: bool, transforms: &mut Query<&mut Transform>) {
        let motion = self;
        let now = Instant::now();
        motion.drawn_at = Some(now);
        if motion.segments.is_empty() {
            return;
        }
        if !interpolation {
            motion.land_all(transforms);
            return;
        }
        motion.segments.retain(|&entity, segment| {
            let Ok(mut transform) = transforms.get_mut(entity) else {
                return false;
            };
            if *transform != segment.drawn {
                // A Rust system changed it: what it changed stands (and flows to the script), the
                // rest lands where the script put it.
                *transform = segment.merge(&transform);
                return false;
            }
            let (drawn, arrived) = segment.at(now);
            *transform = drawn;
            segment.drawn = drawn;
            !arrived
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotations_take_the_shortest_arc() {
        let from = Transform::from_rotation(Quat::from_rotation_y(170f32.to_radians()));
        let to = Transform::from_rotation(Quat::from_rotation_y(-170f32.to_radians()));
        let halfway = blend(&from, &to, 0.5);
        // Through 180°, not back through 0°.
        let (axis, angle) = halfway.rotation.to_axis_angle();
        assert!(
            (angle.to_degrees() - 180.0).abs() < 0.01,
            "{axis:?} {}",
            angle.to_degrees()
        );
        let quarter = blend(&from, &to, 0.25);
        assert!(quarter.rotation.angle_between(from.rotation).to_degrees() < 5.01);
    }

    #[test]
    fn a_segment_ends_exactly_at_its_target() {
        let to = Transform::from_xyz(3.0, 2.0, 1.0).with_scale(Vec3::splat(2.0));
        let segment = Segment {
            from: Transform::default(),
            to,
            drawn: Transform::default(),
            started: Instant::now(),
            duration: Duration::from_millis(100),
        };
        let (start, done) = segment.at(segment.started);
        assert_eq!((start, done), (Transform::default(), false));
        let (middle, done) = segment.at(segment.started + Duration::from_millis(50));
        assert!(!done);
        assert!((middle.translation - Vec3::new(1.5, 1.0, 0.5)).length() < 1e-5);
        let (end, done) = segment.at(segment.started + Duration::from_millis(150));
        assert_eq!((end, done), (to, true));
        // Exactly, also where slerp would land on the negated quaternion.
        let turned = Transform::from_rotation(Quat::from_rotation_y(3.0));
        let segment = Segment {
            from: Transform::from_rotation(Quat::from_rotation_y(-3.0)),
            to: turned,
            ..segment
        };
        let (end, _) = segment.at(segment.started + Duration::from_millis(100));
        assert_eq!(end.rotation, turned.rotation);
    }

    #[test]
    fn a_rust_change_keeps_its_part_and_the_rest_lands() {
        let segment = Segment {
            from: Transform::default(),
            to: Transform::from_xyz(4.0, 0.0, 0.0).with_scale(Vec3::splat(2.0)),
            drawn: Transform::from_xyz(2.0, 0.0, 0.0).with_scale(Vec3::splat(1.5)),
            started: Instant::now(),
            duration: Duration::from_millis(100),
        };
        // Nothing changed it: the script's target.
        assert_eq!(segment.merge(&segment.drawn), segment.to);
        // A Rust system turned it: its rotation stays, translation and scale land.
        let turned = Quat::from_rotation_y(1.0);
        let mut current = segment.drawn;
        current.rotation = turned;
        let merged = segment.merge(&current);
        assert_eq!(merged.rotation, turned);
        assert_eq!(merged.translation, segment.to.translation);
        assert_eq!(merged.scale, segment.to.scale);
    }
}
