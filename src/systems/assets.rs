//! Render assets shared between a worker's primitives: equal cubes share one mesh, equal
//! colors one material, counted so that an asset goes with its last user.

use bevy::asset::{Asset, Assets, Handle};
use bevy::platform::collections::HashMap;

use crate::core::state::{EntityState, Shape};

/// Shared assets handed out by key and counted, so N equal cubes share one mesh and equal
/// colors share one material; an asset is released when its last user goes.
pub(super) struct SharedAssets<K, A: Asset> {
    entries: HashMap<K, (Handle<A>, usize)>,
}

impl<K, A: Asset> Default for SharedAssets<K, A> {
    fn default() -> Self {
        Self {
            entries: HashMap::default(),
        }
    }
}

impl<K: Eq + std::hash::Hash + Copy, A: Asset> SharedAssets<K, A> {
    pub(super) fn acquire(
        &mut self,
        key: K,
        assets: &mut Assets<A>,
        make: impl FnOnce() -> A,
    ) -> Handle<A> {
        let entry = self
            .entries
            .entry(key)
            .or_insert_with(|| (assets.add(make()), 0));
        entry.1 += 1;
        entry.0.clone()
    }

    pub(super) fn release(&mut self, key: K) {
        if let Some(entry) = self.entries.get_mut(&key) {
            entry.1 -= 1;
            if entry.1 == 0 {
                self.entries.remove(&key);
            }
        }
    }

    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }
}

pub(super) type MeshKey = (Shape, u32);

/// The key of the mesh a primitive of this shape and size shares.
pub(super) fn mesh_key(state: &EntityState) -> MeshKey {
    (state.shape, state.size.to_bits())
}
