//! A generic double-buffered state container with per-key dirty tracking.
//!
//! One thread (the *writer*, Bevy's main thread here) owns the back buffer and edits it freely.
//! Other threads (the *readers*, the JS worker) see the front buffer through a [`StateReader`].
//! [`StateBuffer::swap`] publishes the writer's changes to the readers: it copies only the
//! entries that changed since the last swap (O(dirty), not O(all)), or everything in
//! [`CopyMode::Full`].
//!
//! Both buffers keep their values in dense slots: a key is hashed once to find its slot when it
//! is written, and the swap then works on slot indices alone, with no hashing (keys only move
//! between slots when they are inserted or removed). Freed slots are reused, so memory follows
//! the number of live keys, not how many keys ever existed.
//!
//! The writer never blocks: the swap takes the front buffer's lock with `try_lock`, and if a
//! reader happens to hold it, the swap is counted as contended and retried at the next call with
//! the dirty entries kept. In this crate the swap only runs while the worker is parked between
//! frames, so contention means a bug, and the metrics make it visible.

use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};

use bevy::platform::collections::HashMap;

/// How [`StateBuffer::swap`] publishes changes to the front buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CopyMode {
    /// Copy only the keys marked dirty since the last swap: O(dirty).
    #[default]
    PerKey,
    /// Copy the whole back buffer into the front buffer: O(all). Kept as the baseline that the
    /// per-key mode is measured against.
    Full,
}

/// What one call to [`StateBuffer::swap`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwapOutcome {
    /// The front buffer now matches the back buffer; `copied` entries were written or removed.
    Swapped {
        /// Entries copied (or removed) in the front buffer by this swap.
        copied: usize,
    },
    /// Nothing had changed since the last swap, so nothing was copied.
    Clean,
    /// A reader held the front buffer's lock; nothing was copied and the dirty keys were kept
    /// for the next swap.
    Contended,
    /// A reader panicked while holding the lock. The front buffer was rebuilt from the back
    /// buffer with a full copy, so readers see a consistent state again.
    Recovered,
}

/// Counters kept by a [`StateBuffer`]. All counts are totals since the buffer was created.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StateBufferMetrics {
    /// Swaps that published changes ([`SwapOutcome::Swapped`] and [`SwapOutcome::Recovered`]).
    pub swaps: u64,
    /// Swaps skipped because the buffer was clean.
    pub skipped_swaps: u64,
    /// Swaps that found the front buffer's lock poisoned (a reader panicked while reading).
    pub swap_errors: u64,
    /// Swaps that found the front buffer's lock held by a reader and did not wait for it.
    pub lock_contention: u64,
    /// Entries copied into (or removed from) the front buffer, over all swaps.
    pub copy_operations: u64,
    /// Dirty keys published by the most recent swap.
    pub last_dirty_count: usize,
    /// Mean of `dirty keys / entries` over the last [`DIRTY_RATIO_WINDOW`] swaps, in `0.0..=1.0`.
    pub average_dirty_ratio: f32,
}

/// How many swaps [`StateBufferMetrics::average_dirty_ratio`] averages over.
pub const DIRTY_RATIO_WINDOW: usize = 60;

/// A fixed-window running mean with O(1) insertion and O(1) read.
#[derive(Debug, Clone)]
struct RunningAverage<const N: usize> {
    values: [f32; N],
    next: usize,
    len: usize,
    sum: f64,
}

impl<const N: usize> Default for RunningAverage<N> {
    fn default() -> Self {
        Self {
            values: [0.0; N],
            next: 0,
            len: 0,
            sum: 0.0,
        }
    }
}

impl<const N: usize> RunningAverage<N> {
    fn push(&mut self, value: f32) {
        if self.len == N {
            self.sum -= f64::from(self.values[self.next]);
        } else {
            self.len += 1;
        }
        self.values[self.next] = value;
        self.sum += f64::from(value);
        self.next = (self.next + 1) % N;
    }

    fn mean(&self) -> f32 {
        if self.len == 0 {
            0.0
        } else {
            (self.sum / self.len as f64) as f32
        }
    }
}

/// Heap bytes of a hashbrown table holding `capacity` items of `T`: buckets are the next
/// power of two above `capacity / 7 * 8`, each a `T` slot and one control byte.
pub(crate) fn table_bytes<T>(capacity: usize) -> usize {
    if capacity == 0 {
        return 0;
    }
    let buckets = if capacity < 8 {
        (capacity + 1).next_power_of_two().max(4)
    } else {
        (capacity * 8 / 7).next_power_of_two()
    };
    buckets * (std::mem::size_of::<T>() + 1) + 16
}

/// A key and its value, or `None` for a free slot.
type Slot<K, V> = Option<(K, V)>;

/// Heap bytes of a `Vec` with room for `capacity` items of `T`.
fn vec_bytes<T>(capacity: usize) -> usize {
    capacity * std::mem::size_of::<T>()
}

/// Entries in dense slots, found through a key → slot index: the back and the front buffer of
/// a [`StateBuffer`]. Readers see the front one through [`StateReader::with`].
///
/// An entry lives at the same slot index in both buffers, so the swap copies slot to slot.
#[derive(Debug)]
pub struct StateMap<K, V> {
    index: HashMap<K, u32>,
    slots: Vec<Slot<K, V>>,
}

impl<K, V> Default for StateMap<K, V> {
    fn default() -> Self {
        Self {
            index: HashMap::default(),
            slots: Vec::new(),
        }
    }
}

impl<K: Clone, V: Clone> Clone for StateMap<K, V> {
    fn clone(&self) -> Self {
        Self {
            index: self.index.clone(),
            slots: self.slots.clone(),
        }
    }

    /// Reuses this map's allocations (a full-copy swap runs every frame).
    fn clone_from(&mut self, source: &Self) {
        self.index.clone_from(&source.index);
        self.slots.clone_from(&source.slots);
    }
}

impl<K: Eq + Hash, V> StateMap<K, V> {
    /// The value for `key`.
    pub fn get(&self, key: &K) -> Option<&V> {
        let slot = *self.index.get(key)?;
        self.slots
            .get(slot as usize)
            .and_then(Option::as_ref)
            .map(|(_, value)| value)
    }

    fn get_mut(&mut self, key: &K) -> Option<(u32, &mut V)> {
        let slot = *self.index.get(key)?;
        let (_, value) = self.slots.get_mut(slot as usize)?.as_mut()?;
        Some((slot, value))
    }

    /// Entries.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Iterates over the entries, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.slots.iter().flatten().map(|(key, value)| (key, value))
    }

    /// Iterates over the values, in slot order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.iter().map(|(_, value)| value)
    }

    fn heap_bytes(&self) -> usize {
        table_bytes::<(K, u32)>(self.index.capacity())
            + vec_bytes::<Slot<K, V>>(self.slots.capacity())
    }
}

/// Lists `slot` in `dirty` unless its bit says it already is.
fn mark(dirty_bits: &mut [u64], dirty: &mut Vec<u32>, slot: u32) {
    let (word, bit) = (slot as usize / 64, 1u64 << (slot % 64));
    if let Some(bits) = dirty_bits.get_mut(word)
        && *bits & bit == 0
    {
        *bits |= bit;
        dirty.push(slot);
    }
}

/// A double-buffered map from `K` to `V` with per-key dirty tracking.
///
/// ```
/// use bevy_js_worker::state_buffer::{StateBuffer, SwapOutcome};
///
/// let mut buffer = StateBuffer::<u32, f32>::default();
/// let reader = buffer.reader();
///
/// buffer.insert(1, 0.5);
/// assert_eq!(reader.get(&1), None); // not published yet
/// assert_eq!(buffer.swap(), SwapOutcome::Swapped { copied: 1 });
/// assert_eq!(reader.get(&1), Some(0.5));
/// assert_eq!(buffer.swap(), SwapOutcome::Clean);
/// ```
#[derive(Debug)]
pub struct StateBuffer<K, V> {
    /// The back buffer.
    back: StateMap<K, V>,
    /// Free slots, reused before `slots` grows.
    free: Vec<u32>,
    /// Slots changed since the last swap, each listed once.
    dirty: Vec<u32>,
    /// Whether each slot is in `dirty`: one bit per slot (a bitset keeps these flags in a few
    /// cache lines, which the swap touches for every dirty slot).
    dirty_bits: Vec<u64>,
    front: Arc<Mutex<StateMap<K, V>>>,
    mode: CopyMode,
    dirty_ratios: RunningAverage<DIRTY_RATIO_WINDOW>,
    metrics: StateBufferMetrics,
}

impl<K, V> Default for StateBuffer<K, V> {
    fn default() -> Self {
        Self {
            back: StateMap::default(),
            free: Vec::new(),
            dirty: Vec::new(),
            dirty_bits: Vec::new(),
            front: Arc::default(),
            mode: CopyMode::default(),
            dirty_ratios: RunningAverage::default(),
            metrics: StateBufferMetrics::default(),
        }
    }
}

impl<K, V> StateBuffer<K, V>
where
    K: Eq + Hash + Clone,
    V: Clone,
{
    /// Creates an empty buffer that publishes with the given [`CopyMode`].
    pub fn with_mode(mode: CopyMode) -> Self {
        Self {
            mode,
            ..Self::default()
        }
    }

    /// The copy mode used by [`swap`](Self::swap).
    pub fn mode(&self) -> CopyMode {
        self.mode
    }

    /// A handle through which other threads read the front buffer.
    pub fn reader(&self) -> StateReader<K, V> {
        StateReader {
            front: Arc::clone(&self.front),
        }
    }

    fn touch(&mut self, slot: u32) {
        mark(&mut self.dirty_bits, &mut self.dirty, slot);
    }

    /// Inserts or replaces the value for `key` in the back buffer and marks it dirty.
    pub fn insert(&mut self, key: K, value: V) {
        let back = &mut self.back;
        let slot = match back.index.get(&key) {
            Some(&slot) => slot,
            None => {
                let slot = match self.free.pop() {
                    Some(slot) => slot,
                    None => {
                        back.slots.push(None);
                        if self.dirty_bits.len() * 64 < back.slots.len() {
                            self.dirty_bits.push(0);
                        }
                        // More than u32::MAX live keys would exhaust memory long before this.
                        u32::try_from(back.slots.len() - 1).unwrap_or(u32::MAX)
                    }
                };
                back.index.insert(key.clone(), slot);
                slot
            }
        };
        back.slots[slot as usize] = Some((key, value));
        self.touch(slot);
    }

    /// Removes `key` from the back buffer (marking it dirty) and returns its value.
    pub fn remove(&mut self, key: &K) -> Option<V> {
        let slot = self.back.index.remove(key)?;
        let (_, value) = self.back.slots[slot as usize].take()?;
        self.free.push(slot);
        self.touch(slot);
        Some(value)
    }

    /// The value for `key` in the back buffer, which includes unpublished changes.
    pub fn get(&self, key: &K) -> Option<&V> {
        self.back.get(key)
    }

    /// A mutable reference to the value for `key` in the back buffer; marks the key dirty.
    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        let (slot, value) = self.back.get_mut(key)?;
        mark(&mut self.dirty_bits, &mut self.dirty, slot);
        Some(value)
    }

    /// Marks `key` dirty so that the next swap copies it. A key the back buffer no longer has
    /// needs no mark: removing it already marked its slot.
    pub fn mark_dirty(&mut self, key: K) {
        if let Some(&slot) = self.back.index.get(&key) {
            self.touch(slot);
        }
    }

    /// Heap bytes of both buffers and the bookkeeping, from their capacities (the front
    /// buffer's lock is only tried; a held lock counts it like the back buffer).
    pub fn heap_bytes(&self) -> usize {
        let back = self.back.heap_bytes();
        let front = match self.front.try_lock() {
            Ok(front) => front.heap_bytes(),
            Err(_) => back,
        };
        back + front
            + vec_bytes::<u32>(self.free.capacity())
            + vec_bytes::<u32>(self.dirty.capacity())
            + vec_bytes::<u64>(self.dirty_bits.capacity())
    }

    /// Whether anything changed since the last successful swap.
    pub fn is_dirty(&self) -> bool {
        !self.dirty.is_empty()
    }

    /// Entries changed since the last successful swap.
    pub fn dirty_count(&self) -> usize {
        self.dirty.len()
    }

    /// Entries in the back buffer.
    pub fn len(&self) -> usize {
        self.back.len()
    }

    /// Whether the back buffer is empty.
    pub fn is_empty(&self) -> bool {
        self.back.is_empty()
    }

    /// Iterates over the back buffer, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.back.iter()
    }

    /// The counters of this buffer.
    pub fn metrics(&self) -> StateBufferMetrics {
        self.metrics
    }

    /// Publishes the back buffer's changes to the front buffer without ever blocking.
    ///
    /// A clean buffer is skipped; a lock held by a reader is counted as contention and leaves
    /// the changes for the next call; a poisoned lock is repaired with a full copy.
    pub fn swap(&mut self) -> SwapOutcome {
        if self.dirty.is_empty() {
            self.metrics.skipped_swaps += 1;
            return SwapOutcome::Clean;
        }
        let (mut front, poisoned) = match self.front.try_lock() {
            Ok(guard) => (guard, false),
            Err(TryLockError::WouldBlock) => {
                self.metrics.lock_contention += 1;
                return SwapOutcome::Contended;
            }
            Err(TryLockError::Poisoned(poison)) => (poison.into_inner(), true),
        };

        let dirty = self.dirty.len();
        let full = poisoned || self.mode == CopyMode::Full;
        let copied = if full {
            front.clone_from(&self.back);
            self.back.len()
        } else {
            let front = &mut *front;
            if front.slots.len() < self.back.slots.len() {
                front.slots.resize_with(self.back.slots.len(), || None);
            }
            for &slot in &self.dirty {
                self.dirty_bits[slot as usize / 64] &= !(1u64 << (slot % 64));
                let back = &self.back.slots[slot as usize];
                let published = &mut front.slots[slot as usize];
                match (back, published) {
                    // The common case: the same key with a new value. No hashing.
                    (Some((key, value)), Some((old_key, old_value))) if key == old_key => {
                        old_value.clone_from(value);
                    }
                    (back, published) => {
                        // The slot changed hands (or emptied): unpublish the old key, unless
                        // it already moved to another slot, and publish the new one.
                        if let Some((old_key, _)) = published.take()
                            && front.index.get(&old_key) == Some(&slot)
                        {
                            front.index.remove(&old_key);
                        }
                        if let Some((key, value)) = back {
                            front.index.insert(key.clone(), slot);
                            *published = Some((key.clone(), value.clone()));
                        }
                    }
                }
            }
            dirty
        };
        if poisoned {
            self.front.clear_poison();
        }
        drop(front);

        if full {
            // The per-key loop, which clears the flags as it goes, did not run.
            for &slot in &self.dirty {
                self.dirty_bits[slot as usize / 64] &= !(1u64 << (slot % 64));
            }
        }
        self.dirty.clear();
        self.dirty_ratios
            .push(dirty as f32 / self.back.len().max(dirty) as f32);
        self.metrics.swaps += 1;
        self.metrics.copy_operations += copied as u64;
        self.metrics.last_dirty_count = dirty;
        self.metrics.average_dirty_ratio = self.dirty_ratios.mean();
        if poisoned {
            self.metrics.swap_errors += 1;
            SwapOutcome::Recovered
        } else {
            SwapOutcome::Swapped { copied }
        }
    }
}

/// A cloneable, thread-safe handle to the front buffer of a [`StateBuffer`].
///
/// Reads take a short lock: the writer never waits for it (see [`StateBuffer::swap`]).
#[derive(Debug)]
pub struct StateReader<K, V> {
    front: Arc<Mutex<StateMap<K, V>>>,
}

impl<K, V> Clone for StateReader<K, V> {
    fn clone(&self) -> Self {
        Self {
            front: Arc::clone(&self.front),
        }
    }
}

impl<K: Eq + Hash, V: Clone> StateReader<K, V> {
    /// A copy of the published value for `key`.
    pub fn get(&self, key: &K) -> Option<V> {
        self.lock().get(key).cloned()
    }

    /// Published entries.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether nothing is published.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// Runs `f` with the whole published state locked.
    pub fn with<R>(&self, f: impl FnOnce(&StateMap<K, V>) -> R) -> R {
        f(&self.lock())
    }

    fn lock(&self) -> MutexGuard<'_, StateMap<K, V>> {
        // A reader that panicked mid-read cannot have left the state half-written (readers
        // never write), so the data behind a poisoned lock is still consistent.
        self.front
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl<K, V> Default for StateReader<K, V>
where
    K: Eq + Hash + Clone,
    V: Clone,
{
    /// A reader of an empty buffer that nothing writes.
    fn default() -> Self {
        StateBuffer::default().reader()
    }
}

/// Heap bytes of a hash map from the capacity of its table: one slot and one control byte per
/// bucket.
pub(crate) fn map_bytes<K, V>(map: &bevy::platform::collections::HashMap<K, V>) -> usize {
    table_bytes::<(K, V)>(map.capacity())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpublished_changes_are_invisible_until_swap() {
        let mut buffer = StateBuffer::<u32, i32>::default();
        let reader = buffer.reader();
        buffer.insert(7, 1);
        assert_eq!(buffer.get(&7), Some(&1));
        assert_eq!(reader.get(&7), None);
        assert_eq!(buffer.swap(), SwapOutcome::Swapped { copied: 1 });
        assert_eq!(reader.get(&7), Some(1));

        *buffer.get_mut(&7).unwrap() = 2;
        assert_eq!(reader.get(&7), Some(1));
        buffer.swap();
        assert_eq!(reader.get(&7), Some(2));
    }

    #[test]
    fn clean_buffer_skips_the_swap() {
        let mut buffer = StateBuffer::<u32, i32>::default();
        assert!(!buffer.is_dirty());
        assert_eq!(buffer.swap(), SwapOutcome::Clean);
        buffer.insert(1, 1);
        assert!(buffer.is_dirty());
        buffer.swap();
        assert!(!buffer.is_dirty());
        assert_eq!(buffer.swap(), SwapOutcome::Clean);
        let metrics = buffer.metrics();
        assert_eq!(metrics.swaps, 1);
        assert_eq!(metrics.skipped_swaps, 2);
    }

    #[test]
    fn per_key_swap_copies_only_dirty_keys() {
        let mut buffer = StateBuffer::<u32, i32>::default();
        let reader = buffer.reader();
        for key in 0..100 {
            buffer.insert(key, 0);
        }
        assert_eq!(buffer.swap(), SwapOutcome::Swapped { copied: 100 });
        for key in [3, 50, 99] {
            *buffer.get_mut(&key).unwrap() = 1;
        }
        // The same key twice is one dirty key.
        buffer.mark_dirty(3);
        assert_eq!(buffer.dirty_count(), 3);
        assert_eq!(buffer.swap(), SwapOutcome::Swapped { copied: 3 });
        assert_eq!(buffer.metrics().copy_operations, 103);
        reader.with(|front| {
            assert_eq!(front.len(), 100);
            assert_eq!(front.values().filter(|v| **v == 1).count(), 3);
        });
    }

    #[test]
    fn full_copy_copies_everything() {
        let mut buffer = StateBuffer::<u32, i32>::with_mode(CopyMode::Full);
        let reader = buffer.reader();
        for key in 0..100 {
            buffer.insert(key, 0);
        }
        buffer.swap();
        *buffer.get_mut(&5).unwrap() = 9;
        assert_eq!(buffer.swap(), SwapOutcome::Swapped { copied: 100 });
        assert_eq!(buffer.metrics().copy_operations, 200);
        assert_eq!(reader.get(&5), Some(9));
    }

    #[test]
    fn removals_are_published() {
        let mut buffer = StateBuffer::<u32, i32>::default();
        let reader = buffer.reader();
        buffer.insert(1, 1);
        buffer.insert(2, 2);
        buffer.swap();
        assert_eq!(buffer.remove(&1), Some(1));
        assert_eq!(buffer.remove(&1), None);
        buffer.swap();
        assert_eq!(reader.get(&1), None);
        assert_eq!(reader.get(&2), Some(2));
        assert_eq!(reader.len(), 1);
    }

    #[test]
    fn insert_then_remove_before_swap_leaves_front_untouched() {
        let mut buffer = StateBuffer::<u32, i32>::default();
        let reader = buffer.reader();
        buffer.insert(1, 1);
        buffer.remove(&1);
        buffer.swap();
        assert!(reader.is_empty());
    }

    #[test]
    fn a_key_that_moves_slots_stays_published() {
        // C leaves slot 1, A leaves slot 0, D takes slot 0 and A comes back in slot 1: the
        // swap meets slot 1 (A arrives) before slot 0 (A leaves) and must keep A.
        let mut buffer = StateBuffer::<char, i32>::default();
        let reader = buffer.reader();
        buffer.insert('A', 1);
        buffer.insert('C', 3);
        buffer.swap();
        buffer.remove(&'C');
        buffer.remove(&'A');
        buffer.insert('D', 4);
        buffer.insert('A', 10);
        assert_eq!(buffer.swap(), SwapOutcome::Swapped { copied: 2 });
        assert_eq!(reader.get(&'A'), Some(10));
        assert_eq!(reader.get(&'D'), Some(4));
        assert_eq!(reader.get(&'C'), None);
        assert_eq!(reader.len(), 2);
    }

    #[test]
    fn matches_a_plain_map_under_random_edits() {
        // A small xorshift keeps the sequence the same on every run.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |bound: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % bound
        };
        for mode in [CopyMode::PerKey, CopyMode::Full] {
            let mut buffer = StateBuffer::<u64, u64>::with_mode(mode);
            let reader = buffer.reader();
            let mut model = std::collections::BTreeMap::new();
            for step in 0..20_000u64 {
                let key = next(300);
                match next(4) {
                    0 => {
                        assert_eq!(buffer.remove(&key), model.remove(&key));
                    }
                    1 => {
                        if let Some(value) = buffer.get_mut(&key) {
                            *value += 1;
                        }
                        if let Some(value) = model.get_mut(&key) {
                            *value += 1;
                        }
                    }
                    _ => {
                        buffer.insert(key, step);
                        model.insert(key, step);
                    }
                }
                if next(50) == 0 {
                    buffer.swap();
                    let published: std::collections::BTreeMap<u64, u64> =
                        reader.with(|front| front.iter().map(|(k, v)| (*k, *v)).collect());
                    assert_eq!(published, model, "{mode:?} after step {step}");
                    for key in 0..300 {
                        assert_eq!(reader.get(&key), model.get(&key).copied());
                    }
                }
            }
            assert_eq!(buffer.len(), model.len());
            assert!(buffer.iter().all(|(k, v)| model.get(k) == Some(v)));
        }
    }

    #[test]
    fn dirty_ratio_is_averaged_over_the_window() {
        let mut buffer = StateBuffer::<u32, i32>::default();
        for key in 0..10 {
            buffer.insert(key, 0);
        }
        buffer.swap(); // ratio 1.0
        *buffer.get_mut(&0).unwrap() = 1;
        buffer.swap(); // ratio 0.1
        let metrics = buffer.metrics();
        assert!((metrics.average_dirty_ratio - 0.55).abs() < 1e-6);
        assert_eq!(metrics.last_dirty_count, 1);

        // After a full window of 0.1 swaps the early 1.0 has left the average.
        for _ in 0..DIRTY_RATIO_WINDOW {
            *buffer.get_mut(&0).unwrap() += 1;
            buffer.swap();
        }
        assert!((buffer.metrics().average_dirty_ratio - 0.1).abs() < 1e-6);
    }

    #[test]
    fn running_average_wraps() {
        let mut average = RunningAverage::<3>::default();
        assert_eq!(average.mean(), 0.0);
        for value in [1.0, 2.0, 3.0, 4.0] {
            average.push(value);
        }
        assert!((average.mean() - 3.0).abs() < 1e-6);
    }

    #[test]
    fn a_held_reader_lock_is_contention_not_a_wait() {
        let mut buffer = StateBuffer::<u32, i32>::default();
        let reader = buffer.reader();
        buffer.insert(1, 1);
        let (locked_tx, locked_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let holder = std::thread::spawn(move || {
            reader.with(|_| {
                locked_tx.send(()).unwrap();
                release_rx.recv().unwrap();
            });
        });
        locked_rx.recv().unwrap();
        assert_eq!(buffer.swap(), SwapOutcome::Contended);
        assert_eq!(buffer.metrics().lock_contention, 1);
        assert!(buffer.is_dirty(), "the change must wait for the next swap");
        release_tx.send(()).unwrap();
        holder.join().unwrap();
        assert_eq!(buffer.swap(), SwapOutcome::Swapped { copied: 1 });
        assert_eq!(buffer.metrics().swaps, 1);
    }

    #[test]
    fn a_poisoned_lock_is_repaired_with_a_full_copy() {
        let mut buffer = StateBuffer::<u32, i32>::default();
        let reader = buffer.reader();
        buffer.insert(1, 1);
        buffer.insert(2, 2);
        buffer.swap();
        let panicking = reader.clone();
        let _ = std::thread::spawn(move || panicking.with(|_| panic!("reader died"))).join();
        *buffer.get_mut(&2).unwrap() = 20;
        assert_eq!(buffer.swap(), SwapOutcome::Recovered);
        let metrics = buffer.metrics();
        assert_eq!(metrics.swap_errors, 1);
        assert_eq!(metrics.swaps, 2);
        assert_eq!(reader.get(&2), Some(20));
        buffer.insert(3, 3);
        assert_eq!(buffer.swap(), SwapOutcome::Swapped { copied: 1 });
    }
}
