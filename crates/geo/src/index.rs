//! The folded-name index: every distinct normalised name is stored once in one
//! string arena, found through an open-addressing hash table, and maps to a
//! sorted list of place ids. No allocation per name or per lookup. In memory
//! the table's entries carry a few bits of their key beside its number, so
//! that a lookup of an absent name mostly reads one table slot and nothing
//! else; the index file stores plain key numbers.
//!
//! Names are normalised by [`norm_key_into`]: folded (lowercase, no accents), runs
//! of spaces, hyphens and other punctuation become one space, apostrophes are kept
//! and glued to the next word. So "Tin-Akoff", "Tin Akoff" and "TIN  AKOFF" share
//! the key `tin akoff`, and "Cercle d’ Abeïbara" becomes `cercle d'abeibara`.

use crate::slab::{Plain, Slab};
use kibaru_text::fold;

/// Folds and normalises `s` into `out` (cleared first). See the module doc.
pub fn norm_key_into(s: &str, out: &mut String) {
    out.clear();
    let mut pending_space = false;
    push_norm(s, out, &mut pending_space);
    trim_key_end(out);
}

/// Appends `s`, folded and normalised, to the key being built in `out`;
/// `pending_space` carries a separator seen at the end of one piece over to the
/// next. Normalising is one pass, character by character, so the pieces of a
/// text appended in turn give the key of the whole text (before
/// [`trim_key_end`]): the keys of a span of words growing word by word come out
/// of one pass.
pub(crate) fn push_norm(s: &str, out: &mut String, pending_space: &mut bool) {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        // One word of folded text: already its own key.
        if *pending_space && !out.is_empty() && !out.ends_with('\'') {
            out.push(' ');
        }
        *pending_space = false;
        out.push_str(s);
        return;
    }
    let push = |c: char, out: &mut String, pending: &mut bool| {
        if c.is_alphanumeric() {
            if *pending && !out.is_empty() && !out.ends_with('\'') {
                out.push(' ');
            }
            *pending = false;
            out.push(c);
        } else if c == '\'' {
            if !out.is_empty() && !out.ends_with('\'') {
                out.push('\'');
            }
            *pending = false;
        } else {
            *pending = true;
        }
    };
    if s.is_ascii() {
        for c in s.chars() {
            push(c.to_ascii_lowercase(), out, pending_space);
        }
    } else {
        for c in fold(s).chars() {
            push(c, out, pending_space);
        }
    }
}

/// The length of a key built by [`push_norm`] without its trailing apostrophes.
pub(crate) fn key_len(key: &str) -> usize {
    key.trim_end_matches('\'').len()
}

/// Ends a key built by [`push_norm`]: trailing apostrophes go.
fn trim_key_end(out: &mut String) {
    out.truncate(key_len(out));
}

/// Normalised key of a name: folded, punctuation runs as one space, apostrophes glued
/// ("Tin-Akoff" -> `tin akoff`, "Cercle d’ Abeïbara" -> `cercle d'abeibara`).
pub fn norm_key(s: &str) -> String {
    let mut out = String::new();
    norm_key_into(s, &mut out);
    out
}

/// The spelling-variant key of a normalised key, for the transliteration
/// variants common in Sahel names: "ou" -> "u", "dj"/"dy" -> "j", doubled
/// letters -> one, words run together ("Ségou"/"Segu", "Djibo"/"Jibo",
/// "Tillabéri"/"Tilaberi", "Ti-n-Zaouâtene"/"Tinzaouatene").
/// Applied the same way to gazetteer names and to text, and only tried when the
/// exact key misses.
pub fn variant_key_into(key: &str, out: &mut String) {
    let mut bytes = std::mem::take(out).into_bytes();
    variant_key_bytes(key, &mut bytes);
    // Only ASCII bytes are dropped or replaced by ASCII bytes: still UTF-8.
    *out = String::from_utf8(bytes).expect("variant keys keep UTF-8");
}

/// [`variant_key_into`] as bytes, for lookups: the key byte by byte, with no
/// character to encode or check. Bytes of non-ASCII characters are copied as
/// they are (they are never a space, an "o", a "d" or a doubled ASCII letter).
pub(crate) fn variant_key_bytes(key: &str, out: &mut Vec<u8>) {
    out.clear();
    let b = key.as_bytes();
    let own = own_variant_prefix(b);
    if own == b.len() {
        // Most keys of text words (and the edits of `lookup_one_edit`) have
        // nothing to change: one cheap test a byte and a copy.
        out.extend_from_slice(b);
        return;
    }
    // The bytes before the first change's byte and the one before it (which
    // may begin an "ou", "dj" or "dy") are copied as they are: byte by byte
    // they would each be pushed as they are, one step each.
    let mut i = own.saturating_sub(1);
    out.reserve(b.len());
    out.extend_from_slice(&b[..i]);
    // The last byte pushed (0 for none: never an ASCII letter).
    let mut last = out.last().copied().unwrap_or(0);
    while let Some(&c) = b.get(i) {
        if c == b' ' || c == b'\'' {
            i += 1;
            continue;
        }
        let (push, step) = match (c, b.get(i + 1)) {
            (b'o', Some(b'u')) => (b'u', 2),
            (b'd', Some(b'j' | b'y')) => (b'j', 2),
            _ => (c, 1),
        };
        if !(push.is_ascii_alphabetic() && last == push) {
            out.push(push);
            last = push;
        }
        i += step;
    }
}

/// How many bytes from the start [`variant_key_bytes`] keeps as they are: the
/// offset of the first space or apostrophe, "u" of "ou", "j" or "y" of "dj"
/// or "dy", or ASCII letter after the same letter (the length when none).
/// Every byte before it is pushed as it is, one step each, and none is dropped
/// as a repeat, but for the one just before it, which may begin an "ou", "dj"
/// or "dy".
#[inline]
fn own_variant_prefix(b: &[u8]) -> usize {
    let mut prev = 0u8;
    for (k, &c) in b.iter().enumerate() {
        let changed = match c {
            b' ' | b'\'' => true,
            b'u' => prev == b'o' || prev == b'u',
            b'j' | b'y' => prev == b'd' || prev == c,
            _ => prev == c && c.is_ascii_alphabetic(),
        };
        if changed {
            return k;
        }
        prev = c;
    }
    b.len()
}

/// Whether two byte strings are equal, eight bytes a step: for the short keys
/// of names, cheaper than a call to `memcmp`.
#[inline]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    let word = |c: &[u8]| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
    for (x, y) in (&mut ca).zip(&mut cb) {
        if word(x) != word(y) {
            return false;
        }
    }
    ca.remainder()
        .iter()
        .zip(cb.remainder())
        .all(|(x, y)| x == y)
}

const EMPTY: u32 = u32::MAX;

fn hash(s: &[u8]) -> u64 {
    // FNV-1a, 64 bits: short keys, good enough spread, no dependency.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in s {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^ (h >> 29)
}

/// The hash of a normalised key in every [`NameIndex`].
pub(crate) fn key_hash(key: &str) -> u64 {
    hash(key.as_bytes())
}

/// [`key_hash`] of a key's bytes.
pub(crate) fn key_hash_bytes(key: &[u8]) -> u64 {
    hash(key)
}

/// A map from normalised names to lists of values (place ids, unit numbers).
#[derive(Clone)]
pub(crate) struct NameIndex<V = u32> {
    arena: String,
    /// Arena span of each key.
    keys: Slab<(u32, u32)>,
    /// Span in `values` of each key's list (filled by `finish`).
    lists: Slab<(u32, u32)>,
    values: Slab<V>,
    /// Open-addressing table of key numbers. Once finished (or opened), each
    /// entry also carries bits of its key's [`key_tag`] above the key number
    /// (see [`NameIndex::tag_table`]): a probe sets nearly every other key
    /// apart without reading `keys` or the arena, which for a key not in the
    /// index (most lookups) are a cache miss each. [`EMPTY`] marks a free slot.
    table: Slab<u32>,
    /// The bits of a table entry that hold the key number (all of them while
    /// the table is untagged)...
    key_mask: u32,
    /// ... and their number: the tag bits start there.
    key_bits: u32,
    /// (key, value) pairs collected before `finish`.
    pending: Vec<(u32, V)>,
    /// Largest number of words in a key.
    max_words: usize,
}

impl<V> Default for NameIndex<V> {
    fn default() -> Self {
        NameIndex {
            arena: String::new(),
            keys: Slab::default(),
            lists: Slab::default(),
            values: Slab::default(),
            table: Slab::default(),
            key_mask: u32::MAX,
            key_bits: 32,
            pending: Vec::new(),
            max_words: 0,
        }
    }
}

/// The tag of a key: its length, its first byte six bits up and its last byte
/// eleven bits up, xored together into 16 bits (for the usual keys, shorter
/// than 64 bytes of letters, the length and five bits of each byte); zero for
/// the empty key. Not a hash of the key: a key of the table is tagged at load
/// without reading more than its ends, and keys that share a probe run are
/// unrelated, so these bits set nearly all of them apart.
#[inline]
fn key_tag(key: &[u8]) -> u16 {
    match key {
        [first, .., last] | [first @ last] => tag_of(key.len(), *first, *last),
        [] => 0,
    }
}

/// [`key_tag`] of a key of `len` bytes from `first` to `last`.
#[inline]
fn tag_of(len: usize, first: u8, last: u8) -> u16 {
    (len as u16) ^ u16::from(first) << 6 ^ u16::from(last) << 11
}

/// A [`key_tag`] as it stands in a table entry whose key number takes the
/// `key_bits` bits of `key_mask`: as many of its bits as fit above the number
/// (none when the table is untagged).
#[inline]
fn entry_tag(tag: u16, key_bits: u32, key_mask: u32) -> u32 {
    u32::from(tag).wrapping_shl(key_bits) & !key_mask
}

/// The mask of the key number in the entries of a tagged table of `n` keys,
/// and its number of bits: the fewest low bits that hold every number below
/// `n` with room to spare, so that no entry is ever [`EMPTY`] (a number and
/// its tag are all ones only if the number is); all 32 bits (no tag) when the
/// numbers need them.
fn key_mask_for(n: usize) -> (u32, u32) {
    let bits = usize::BITS - n.leading_zeros();
    if bits >= 32 {
        (u32::MAX, 32)
    } else {
        ((1u32 << bits) - 1, bits)
    }
}

impl<V: Plain + Ord> NameIndex<V> {
    /// Every key.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.keys.len() as u32).map(|k| self.key_str(k))
    }

    fn key_str(&self, k: u32) -> &str {
        let (s, l) = self.keys[k as usize];
        &self.arena[s as usize..(s + l) as usize]
    }

    fn slot_of(&self, key: &str) -> Result<u32, usize> {
        self.slot_of_hashed(key.as_bytes(), key_hash(key))
    }

    /// [`NameIndex::slot_of`] with the key's [`key_hash`] already computed.
    /// Inlined up to the first slot: a free first slot (most absent keys)
    /// costs no call.
    #[inline]
    fn slot_of_hashed(&self, key: &[u8], h: u64) -> Result<u32, usize> {
        // An empty table has no slot `h & usize::MAX`.
        let i = h as usize & self.table.len().wrapping_sub(1);
        match self.table.get(i) {
            None => Err(0),
            Some(&EMPTY) => Err(i),
            Some(_) => self.probe(key, i),
        }
    }

    /// The probe of [`NameIndex::slot_of_hashed`] from slot `i` of the table
    /// (an existing slot).
    #[inline(never)]
    fn probe(&self, key: &[u8], mut i: usize) -> Result<u32, usize> {
        let mask = self.table.len().wrapping_sub(1);
        let key_mask = self.key_mask;
        let tag = entry_tag(key_tag(key), self.key_bits, key_mask);
        loop {
            let Some(&e) = self.table.get(i) else {
                return Err(0);
            };
            if e == EMPTY {
                return Err(i);
            }
            // The tag first (in the entry: no other memory read), then the
            // length, then the bytes.
            if e & !key_mask == tag {
                let k = e & key_mask;
                // A table entry names a key (checked on open): `get` only
                // spares a bounds-check panic path.
                if let Some(&(s, l)) = self.keys.get(k as usize) {
                    if l as usize == key.len()
                        && self
                            .arena
                            .as_bytes()
                            .get(s as usize..(s + l) as usize)
                            .is_some_and(|a| same_bytes(a, key))
                    {
                        return Ok(k);
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Puts the [`key_tag`] of each key beside its number in the entries of
    /// the untagged table (as built, and as the index file stores it), the
    /// key numbers under [`key_mask_for`] the key count. Entries must name
    /// keys.
    fn tag_table(&mut self) {
        debug_assert_eq!(self.key_mask, u32::MAX, "tagging a tagged table");
        let (key_mask, key_bits) = key_mask_for(self.keys.len());
        if key_mask == u32::MAX {
            return;
        }
        let arena = self.arena.as_bytes();
        // Each key's tag bits as they go in its entries.
        // Spans are checked: inside the arena and not empty (were one not,
        // its key would only get another tag, and the lookups of that key,
        // which cannot match it, would miss all the same).
        let tags: Vec<u32> = self
            .keys
            .iter()
            .map(|&(s, l)| {
                let (s, l) = (s as usize, l as usize);
                let first = arena.get(s).copied().unwrap_or_default();
                let last = arena
                    .get((s + l).wrapping_sub(1))
                    .copied()
                    .unwrap_or_default();
                entry_tag(tag_of(l, first, last), key_bits, key_mask)
            })
            .collect();
        self.table.modify(|table| {
            for e in table {
                // No branch on free slots (a third of the table, at random):
                // an EMPTY entry names no key, so gets no tag bits and stays
                // EMPTY.
                *e |= tags.get(*e as usize).copied().unwrap_or_default();
            }
        });
        self.key_mask = key_mask;
        self.key_bits = key_bits;
    }

    /// The table with the key numbers only, as built and stored.
    fn untagged_table(&self) -> Vec<u32> {
        let key_mask = self.key_mask;
        self.table
            .iter()
            .map(|&e| if e == EMPTY { EMPTY } else { e & key_mask })
            .collect()
    }

    fn grow(&mut self) {
        (self.key_mask, self.key_bits) = (u32::MAX, 32);
        let cap = (self.table.len() * 2).max(1024);
        let mut table = vec![EMPTY; cap];
        let mask = cap - 1;
        for k in 0..self.keys.len() as u32 {
            let mut i = hash(self.key_str(k).as_bytes()) as usize & mask;
            while table[i] != EMPTY {
                i = (i + 1) & mask;
            }
            table[i] = k;
        }
        self.table = table.into();
    }

    /// Adds `value` under the normalised `key` (ignored when empty).
    pub fn insert(&mut self, key: &str, value: V) {
        if key.is_empty() {
            return;
        }
        if self.key_mask != u32::MAX {
            // A finished index grows again: back to plain key numbers (its
            // next `finish` tags them anew).
            self.table = self.untagged_table().into();
            (self.key_mask, self.key_bits) = (u32::MAX, 32);
        }
        if (self.keys.len() + 1) * 2 > self.table.len() {
            self.grow();
        }
        let k = match self.slot_of(key) {
            Ok(k) => k,
            Err(slot) => {
                let k = self.keys.len() as u32;
                let span = (self.arena.len() as u32, key.len() as u32);
                self.keys.modify(|keys| keys.push(span));
                self.arena.push_str(key);
                self.table.modify(|table| table[slot] = k);
                self.max_words = self.max_words.max(key.split(' ').count());
                k
            }
        };
        self.pending.push((k, value));
    }

    /// Sorts each key's list by `rank` (then value), removes duplicates and
    /// compacts storage. Must be called before [`NameIndex::get`].
    pub fn finish<R: Ord>(&mut self, rank: impl Fn(V) -> R) {
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| rank(a.1).cmp(&rank(b.1)))
                .then(a.1.cmp(&b.1))
        });
        pending.dedup();
        let mut values = Vec::with_capacity(pending.len());
        let mut lists = vec![(0, 0); self.keys.len()];
        let mut i = 0;
        while i < pending.len() {
            let k = pending[i].0;
            let start = values.len() as u32;
            while i < pending.len() && pending[i].0 == k {
                values.push(pending[i].1);
                i += 1;
            }
            lists[k as usize] = (start, values.len() as u32 - start);
        }
        values.shrink_to_fit();
        (self.values, self.lists) = (values.into(), lists.into());
        self.arena.shrink_to_fit();
        self.keys.modify(Vec::shrink_to_fit);
        self.tag_table();
    }

    /// The list under a normalised key (empty when absent).
    pub fn get(&self, key: &str) -> &[V] {
        self.get_hashed(key, key_hash(key))
    }

    /// [`NameIndex::get`] with the key's [`key_hash`] already computed (one
    /// hash for lookups of one key in several indexes).
    pub fn get_hashed(&self, key: &str, h: u64) -> &[V] {
        self.get_bytes_hashed(key.as_bytes(), h)
    }

    /// [`NameIndex::get_hashed`] of a key's bytes.
    pub fn get_bytes_hashed(&self, key: &[u8], h: u64) -> &[V] {
        match self.slot_of_hashed(key, h) {
            Ok(k) => match self.lists.get(k as usize) {
                Some(&(s, l)) => &self.values[s as usize..(s + l) as usize],
                None => &[],
            },
            Err(_) => &[],
        }
    }

    /// Number of distinct keys.
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// Largest number of words in a key.
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    /// The finished index as plain arrays, for [`crate::indexfile`]: the key
    /// arena, each key's arena span, each key's span in the values, the values,
    /// the hash table (tagged as lookups use it, see [`NameIndex::tag_table`],
    /// so that opening the file needs no pass to tag it) and the longest key
    /// in words.
    #[allow(clippy::type_complexity)]
    pub(crate) fn parts(&self) -> (&str, &[(u32, u32)], &[(u32, u32)], &[V], Vec<u32>, usize) {
        let table = if self.key_mask == key_mask_for(self.keys.len()).0 {
            self.table.to_vec()
        } else {
            // Grown again since `finish`: tagged as `finish` would.
            let mut tagged = self.clone();
            tagged.table = tagged.untagged_table().into();
            (tagged.key_mask, tagged.key_bits) = (u32::MAX, 32);
            tagged.tag_table();
            tagged.table.to_vec()
        };
        (
            &self.arena,
            &self.keys,
            &self.lists,
            &self.values,
            table,
            self.max_words,
        )
    }

    /// An index from the arrays of [`NameIndex::parts`], checked so that no
    /// later lookup can panic or loop: spans inside the arena on character
    /// boundaries, lists inside the values, one list per key, table entries
    /// naming keys (under their tags, see [`key_mask_for`]), a power-of-two
    /// table with a free slot (so every probe ends). `valid` says whether a
    /// value is acceptable (e.g. a place id in range). A table that does not
    /// match the keys, or tags that do not match them, can only make lookups
    /// miss. Returns a description of the first problem found.
    pub(crate) fn from_parts(
        arena: String,
        keys: Slab<(u32, u32)>,
        lists: Slab<(u32, u32)>,
        values: Slab<V>,
        table: Slab<u32>,
        max_words: usize,
        valid: impl Fn(V) -> bool,
    ) -> Result<NameIndex<V>, String> {
        if keys.len() != lists.len() {
            return Err(format!(
                "name index: {} keys but {} lists",
                keys.len(),
                lists.len()
            ));
        }
        // The checks are folds with no early exit, which compile to straight
        // (vector) loops: the indexes hold hundreds of thousands of keys and
        // every run opens them. Where a problem is is looked for only when
        // there is one.
        let in_arena = |&(s, l): &(u32, u32)| (l != 0) & (s as usize + l as usize <= arena.len());
        let on_boundaries = |&(s, l): &(u32, u32)| {
            arena.is_char_boundary(s as usize) && arena.is_char_boundary(s as usize + l as usize)
        };
        // In an ASCII arena (the usual one) every offset is a char boundary.
        let keys_ok = keys.iter().fold(true, |ok, k| ok & in_arena(k))
            && (arena.is_ascii() || keys.iter().all(on_boundaries));
        if !keys_ok {
            let i = keys
                .iter()
                .position(|k| !(in_arena(k) && on_boundaries(k)))
                .unwrap_or_default();
            return Err(format!("name index: key {i} has a bad span"));
        }
        let list_ok = |&(s, l): &(u32, u32)| s as usize + l as usize <= values.len();
        if !lists.iter().fold(true, |ok, x| ok & list_ok(x)) {
            let i = lists.iter().position(|x| !list_ok(x)).unwrap_or_default();
            return Err(format!("name index: list {i} is out of range"));
        }
        if !values.iter().fold(true, |ok, &v| ok & valid(v)) {
            let i = values.iter().position(|&v| !valid(v)).unwrap_or_default();
            return Err(format!("name index: value {i} is out of range"));
        }
        let n = keys.len() as u32;
        let shape_ok = if keys.is_empty() {
            table.is_empty() || table.len().is_power_of_two()
        } else {
            table.len().is_power_of_two()
        };
        // The key number of an entry is under its tag bits; no tagged entry
        // is EMPTY (see `key_mask_for`).
        let (key_mask, key_bits) = key_mask_for(keys.len());
        let names_no_key = |e: u32| (e != EMPTY) & (e & key_mask >= n);
        if table.iter().fold(false, |bad, &k| bad | names_no_key(k)) {
            let k = table.iter().copied().find(|&k| names_no_key(k));
            return Err(format!(
                "name index: table names key {} of {n}",
                k.unwrap_or_default() & key_mask
            ));
        }
        let free = table.iter().map(|&k| (k == EMPTY) as usize).sum::<usize>();
        if !shape_ok || (!table.is_empty() && free == 0) {
            return Err("name index: malformed hash table".to_string());
        }
        if max_words > 64 {
            return Err(format!("name index: {max_words} words in a key"));
        }
        let ix = NameIndex {
            arena,
            keys,
            lists,
            values,
            table,
            key_mask,
            key_bits,
            pending: Vec::new(),
            max_words,
        };
        Ok(ix)
    }

    /// Approximate heap bytes used.
    #[allow(dead_code)]
    pub fn heap_bytes(&self) -> usize {
        self.arena.capacity()
            + self.keys.owned_bytes()
            + self.lists.owned_bytes()
            + self.values.owned_bytes()
            + self.table.owned_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_names() {
        for (input, key) in [
            ("Tin-Akoff", "tin akoff"),
            ("  Tin   Akoff ", "tin akoff"),
            ("Ségou", "segou"),
            ("Cercle d’ Abeïbara", "cercle d'abeibara"),
            ("Côte d'Ivoire", "cote d'ivoire"),
            ("N'Djamena", "n'djamena"),
            ("Boucle du Mouhoun", "boucle du mouhoun"),
            ("St. Louis", "st louis"),
            ("'", ""),
            ("", ""),
        ] {
            assert_eq!(norm_key(input), key, "norm_key({input:?})");
        }
    }

    #[test]
    fn variant_keys() {
        for (input, key) in [
            ("segou", "segu"),
            ("segu", "segu"),
            ("djibo", "jibo"),
            ("dyibo", "jibo"),
            ("tillaberi", "tilaberi"),
            ("ouahigouya", "uahiguya"),
            ("wagadugu", "wagadugu"),
            ("tin akoff", "tinakof"),
            ("ti n zaouatene", "tinzauatene"),
            ("tinzaouatene", "tinzauatene"),
            ("n'djamena", "njamena"),
            ("kidal", "kidal"),
            ("", ""),
            ("é", "é"),
        ] {
            let mut out = String::new();
            variant_key_into(input, &mut out);
            assert_eq!(out, key, "variant_key_into({input:?})");
        }
    }

    /// [`variant_key_bytes`] without the test for keys kept as they are: the
    /// byte-by-byte reading.
    fn variant_key_plain(key: &str) -> Vec<u8> {
        let mut out = Vec::new();
        let b = key.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c == b' ' || c == b'\'' {
                i += 1;
                continue;
            }
            let (push, step) = match (c, b.get(i + 1)) {
                (b'o', Some(b'u')) => (b'u', 2),
                (b'd', Some(b'j' | b'y')) => (b'j', 2),
                _ => (c, 1),
            };
            if !(push.is_ascii_alphabetic() && out.last() == Some(&push)) {
                out.push(push);
            }
            i += step;
        }
        out
    }

    proptest::proptest! {
        /// `same_bytes` is byte string equality.
        #[test]
        fn same_bytes_is_equality(a in "[ab]{0,20}", b in "[ab]{0,20}") {
            proptest::prop_assert_eq!(same_bytes(a.as_bytes(), b.as_bytes()), a == b);
        }

        /// Keys that [`variant_key_bytes`] copies as they are, wholly or up to
        /// their first change, get the variant key of the byte-by-byte reading.
        #[test]
        fn own_variant_keys_are_the_plain_ones(k in "[a-z 'ouyjdé]{0,12}|[a-z]{0,6}[oudjyé]{0,6}") {
            let mut fast = b"stale".to_vec();
            variant_key_bytes(&k, &mut fast);
            proptest::prop_assert_eq!(fast, variant_key_plain(&k));
        }

        /// The byte path of the variant key (ASCII byte by byte) is the general one.
        #[test]
        fn variant_keys_as_bytes_are_variant_keys(k in "[a-z0-9 'ouyjdé]{0,16}") {
            let mut out = String::from("stale");
            variant_key_into(&k, &mut out);
            let mut bytes = b"stale".to_vec();
            variant_key_bytes(&k, &mut bytes);
            proptest::prop_assert_eq!(bytes, out.into_bytes());
        }
    }

    /// The folded checks of `from_parts` refuse what the per-item ones did,
    /// and name the first bad item.
    #[test]
    fn from_parts_refuses_bad_parts() {
        let parts = |arena: &str, keys: Vec<(u32, u32)>, table: Vec<u32>, values: Vec<u32>| {
            let lists = vec![(0, 1); keys.len()];
            NameIndex::from_parts(
                arena.to_string(),
                keys.into(),
                lists.into(),
                values.into(),
                table.into(),
                1,
                |v| v < 9,
            )
            .map(|_| ())
        };
        let table = vec![0, 1, EMPTY, EMPTY];
        assert!(parts("gaosegou", vec![(0, 3), (3, 5)], table.clone(), vec![1]).is_ok());
        // Tag bits above the key number (two bits for two keys) are not
        // checked: a wrong tag only makes a lookup miss.
        let tagged = vec![5 << 2, 1 | 0x3fff << 2, EMPTY, EMPTY];
        assert!(parts("gaosegou", vec![(0, 3), (3, 5)], tagged, vec![1]).is_ok());
        assert!(parts("gaoségou", vec![(0, 3), (3, 6)], table.clone(), vec![1]).is_ok());
        // A span ending inside "é", past the arena, or empty.
        for (keys, bad) in [
            (vec![(0, 3), (3, 2)], "key 1"),
            (vec![(0, 3), (3, 9)], "key 1"),
            (vec![(0, 0), (3, 5)], "key 0"),
        ] {
            let e = parts("gaoségou", keys, table.clone(), vec![1]).unwrap_err();
            assert!(e.contains(bad), "{e}");
        }
        let e = parts(
            "gaosegou",
            vec![(0, 3), (3, 5)],
            vec![0, 2 | 1 << 2, EMPTY, EMPTY],
            vec![1],
        );
        assert!(e.unwrap_err().contains("key 2 of 2"));
        let e = parts("gaosegou", vec![(0, 3), (3, 5)], vec![0, 1, 0, 1], vec![1]);
        assert!(e.unwrap_err().contains("malformed"));
        let e = parts("gaosegou", vec![(0, 3), (3, 5)], table.clone(), vec![1, 9]);
        assert!(e.unwrap_err().contains("value 1"));
        let e = parts("gaosegou", vec![(0, 3), (3, 5)], table, vec![]);
        assert!(e.unwrap_err().contains("list 0"));
    }

    /// The plain lookup the tagged table replaces: every key compared.
    fn get_by_scan<'a>(ix: &'a NameIndex<u32>, key: &str) -> &'a [u32] {
        match ix.keys().position(|k| k == key) {
            Some(k) => {
                let (s, l) = ix.lists[k];
                &ix.values[s as usize..(s + l) as usize]
            }
            None => &[],
        }
    }

    /// An index of `keys` (value: the key's first position), finished.
    fn index_of(keys: &[String]) -> NameIndex<u32> {
        let mut ix = NameIndex::default();
        for (i, k) in keys.iter().enumerate() {
            ix.insert(k, i as u32);
        }
        ix.finish(|v| v);
        ix
    }

    proptest::proptest! {
        /// Lookups in the tagged table (built, and opened from its parts) find
        /// what comparing every key finds, for keys in the index and others
        /// (sharing lengths and end bytes with them, so tags collide).
        #[test]
        fn tagged_lookups_are_plain_lookups(
            keys in proptest::collection::vec("[ab]{1,6}|[a-c ]{1,9}|é[ab]{0,3}", 0..300),
            probes in proptest::collection::vec("[a-c é]{0,9}", 0..50),
        ) {
            let ix = index_of(&keys);
            let (arena, spans, lists, values, table, max_words) = ix.parts();
            let opened = NameIndex::from_parts(
                arena.to_string(), spans.to_vec().into(), lists.to_vec().into(),
                values.to_vec().into(), table.into(), max_words, |_| true,
            ).expect("valid parts");
            for key in keys.iter().chain(&probes) {
                let want = get_by_scan(&ix, key);
                proptest::prop_assert_eq!(ix.get(key), want, "{:?}", key);
                proptest::prop_assert_eq!(opened.get(key), want, "{:?}", key);
            }
        }
    }

    /// The table as stored is the tagged one lookups use (so opening a file
    /// has no table to tag), also for an index grown again since `finish`,
    /// whose table in memory has key numbers only until the next `finish`.
    #[test]
    fn stored_table_is_tagged() {
        let keys: Vec<String> = (0..700).map(|i| format!("k{i}")).collect();
        let ix = index_of(&keys);
        assert_ne!(ix.key_mask, u32::MAX, "700 keys leave room for tags");
        let (.., table, _) = ix.parts();
        assert_eq!(table, ix.table.to_vec());
        let mut plain = NameIndex::<u32>::default();
        for (i, k) in keys.iter().enumerate() {
            plain.insert(k, i as u32);
        }
        assert!(plain
            .table
            .iter()
            .all(|&e| e == EMPTY || (e as usize) < keys.len()));
        assert_ne!(table, plain.table.to_vec(), "some entries carry tags");
        assert!(table
            .iter()
            .zip(plain.table.iter())
            .all(|(&t, &p)| if p == EMPTY {
                t == EMPTY
            } else {
                t & ix.key_mask == p
            }));
        // A key inserted after `finish` (which lists only the values
        // inserted since the last one) goes in the untagged table, tagged
        // again by the next `finish`; its stored table is that tagged one.
        let mut more = ix.clone();
        more.insert("late", 9);
        assert_eq!(more.key_mask, u32::MAX);
        let (.., stored, _) = more.parts();
        more.finish(|v| v);
        assert_ne!(more.key_mask, u32::MAX);
        assert_eq!(stored, more.table.to_vec());
        assert_eq!(more.get("late"), &[9]);
        assert_eq!(more.key_count(), 701);
    }

    /// Key counts at the edges of the key-number width: no tagged entry is
    /// ever EMPTY, every key is found, and the widest counts leave no room
    /// for tags.
    #[test]
    fn key_number_widths() {
        // No table at all (nothing inserted), and a finished empty index.
        assert!(NameIndex::<u32>::default().get("gao").is_empty());
        assert!(index_of(&[]).get("gao").is_empty());
        for n in [1usize, 2, 3, 4, 255, 256, 1023, 1024, 1025] {
            let keys: Vec<String> = (0..n).map(|i| format!("{i}")).collect();
            let ix = index_of(&keys);
            let free = ix.table.iter().filter(|&&e| e == EMPTY).count();
            assert_eq!(free, ix.table.len() - n, "{n} keys");
            for (i, k) in keys.iter().enumerate() {
                assert_eq!(ix.get(k), &[i as u32], "{n} keys, {k}");
            }
            assert!(ix.get(&format!("{n}")).is_empty());
        }
        assert_eq!(key_mask_for(0), (0, 0));
        assert_eq!(key_mask_for(1), (1, 1));
        assert_eq!(key_mask_for(255), (255, 8));
        assert_eq!(key_mask_for(256), (511, 9));
        assert_eq!(key_mask_for((1 << 31) - 1), (u32::MAX >> 1, 31));
        assert_eq!(key_mask_for(1 << 31), (u32::MAX, 32));
        assert_eq!(key_mask_for(u32::MAX as usize), (u32::MAX, 32));
        // The largest key number under a mask, with every tag bit set, is
        // still not EMPTY.
        for n in [1usize, 2, 1000, (1 << 31) - 1] {
            let (mask, bits) = key_mask_for(n);
            let top = (n - 1) as u32 | entry_tag(u16::MAX, bits, mask);
            assert_ne!(top, EMPTY, "{n} keys");
        }
    }

    #[test]
    fn index_lists_are_sorted_and_deduplicated() {
        let mut ix = NameIndex::default();
        for i in 0..5000u32 {
            ix.insert(&format!("name {}", i % 1000), i);
        }
        ix.insert("gao", 7);
        ix.insert("gao", 3);
        ix.insert("gao", 7);
        ix.finish(|v| v);
        assert_eq!(ix.get("gao"), &[3, 7]);
        assert_eq!(ix.get("name 5"), &[5, 1005, 2005, 3005, 4005]);
        assert!(ix.get("nowhere").is_empty());
        assert_eq!(ix.key_count(), 1001);
        assert_eq!(ix.max_words(), 2);
    }
}
