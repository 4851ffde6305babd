//! A fast hasher for tables whose keys are fixed (dictionaries compiled into the
//! binary or loaded from data files): FxHash, the multiply-rotate hash of rustc.
//! It is not resistant to chosen collisions, so tables keyed by words of the
//! article being read keep the standard library's seeded hasher: there, hostile
//! text could otherwise make lookups slow. Looking a text word up in a fixed
//! table is safe either way: the probe length depends on the table only.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash: 8 bytes at a time, one multiply per word.
#[derive(Clone, Copy, Default)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, mut bytes: &[u8]) {
        while bytes.len() >= 8 {
            self.add(u64::from_le_bytes(bytes[..8].try_into().unwrap_or([0; 8])));
            bytes = &bytes[8..];
        }
        if bytes.len() >= 4 {
            self.add(u64::from(u32::from_le_bytes(
                bytes[..4].try_into().unwrap_or([0; 4]),
            )));
            bytes = &bytes[4..];
        }
        for &b in bytes {
            self.add(u64::from(b));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Builds [`FxHasher`]s.
pub type FxBuildHasher = BuildHasherDefault<FxHasher>;
/// A `HashMap` with fixed keys, see the module docs.
pub type FxHashMap<K, V> = HashMap<K, V, FxBuildHasher>;
/// A `HashSet` with fixed keys, see the module docs.
pub type FxHashSet<K> = HashSet<K, FxBuildHasher>;

/// A fixed set of words (a dictionary list), built once, looked up in O(1).
pub struct WordSet(FxHashSet<&'static str>);

impl WordSet {
    /// The set of `words`.
    pub fn new(words: &[&'static str]) -> WordSet {
        WordSet(words.iter().copied().collect())
    }

    /// Whether `w` is one of the words.
    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        self.0.contains(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn equal_keys_hash_equal_and_sets_work() {
        let b = FxBuildHasher::default();
        assert_eq!(b.hash_one("Ménaka"), b.hash_one(String::from("Ménaka")));
        assert_ne!(b.hash_one("boni"), b.hash_one("bono"));
        let s = WordSet::new(&["le", "la", "les", "village de"]);
        assert!(s.contains("les") && s.contains("village de"));
        assert!(!s.contains("le ") && !s.contains("") && !s.contains("lesquels"));
    }
}
