//! The patterns as a byte trie, walked from each place a match may start.
//!
//! The scan only ever walks the patterns anchored at a start (see
//! `Lexicon::scan`), so an Aho-Corasick automaton's failure links and its
//! lists of patterns that are suffixes of what was read are never used: the
//! walk is a walk down a trie. Built from the sorted patterns node by node,
//! it takes about three million instructions instead of the automaton's
//! twenty-three million, and a step is one node read and, for most nodes
//! (one child), one byte compare.
//!
//! The children of a node are consecutive nodes, in byte order, and these
//! blocks are laid out depth first, so that a walk down one pattern reads
//! neighbouring nodes (where the trie is cold in the cache, each node a level
//! apart was a cache miss). A node with few children (nine in ten
//! have one) keeps their bytes in itself and finds the one for a byte by
//! reading them; one with many (the root, the first letters) reads it from a
//! row of a dense table indexed by byte class.

/// A node with more children than this has a dense row.
const SPARSE_MAX: usize = 4;
/// `Node::len` of a node with a dense row.
const DENSE: u8 = u8::MAX;
/// `Node::pattern` of a node where no pattern ends.
const NO_PATTERN: u16 = u16::MAX;

/// A node of the trie.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Node {
    /// Sparse: the first child. Dense: the offset of the node's row in `rows`.
    first: u32,
    /// The pattern that ends here, or [`NO_PATTERN`].
    pattern: u16,
    /// Sparse: how many children; dense: [`DENSE`].
    len: u8,
    /// Sparse: the byte that leads to each child.
    labels: [u8; SPARSE_MAX],
}

impl Node {
    /// The pattern that ends at this node, if any.
    #[inline]
    pub(crate) fn pattern(self) -> Option<usize> {
        (self.pattern != NO_PATTERN).then_some(usize::from(self.pattern))
    }
}

/// A trie of byte strings, each a pattern numbered by its index.
#[derive(Debug)]
pub(crate) struct Trie {
    nodes: Vec<Node>,
    /// Class of each byte in the dense rows: 0 for a byte no pattern holds,
    /// else 1 + its rank among the bytes patterns hold.
    class: [u8; 256],
    /// The dense rows, one entry a class: the child, or 0 for none (the root
    /// is no node's child).
    rows: Vec<u32>,
}

impl Trie {
    /// Builds the trie of `patterns` (non-empty and distinct; at most 65,534).
    pub(crate) fn new(patterns: &[&[u8]]) -> Result<Trie, String> {
        if patterns.len() >= usize::from(NO_PATTERN) {
            return Err(format!(
                "{} patterns: too many for the trie",
                patterns.len()
            ));
        }
        let mut class = [0u8; 256];
        for p in patterns {
            for &b in *p {
                class[usize::from(b)] = 1;
            }
        }
        let mut classes = 1;
        for c in class.iter_mut() {
            if *c != 0 {
                *c = classes as u8;
                classes += 1;
            }
        }
        let mut order: Vec<u16> = (0..patterns.len() as u16).collect();
        order.sort_unstable_by_key(|&i| patterns[usize::from(i)]);
        let key = |k: usize| patterns[usize::from(order[k])];
        // Each node is the range of sorted patterns that begin with the bytes
        // leading to it, all at depth `d`. A node's children are one block
        // of consecutive nodes, and the blocks are laid out depth first: the
        // block of a node's first child comes right after the node's own, so
        // a walk down a pattern (most nodes have one child) reads
        // neighbouring nodes rather than one node a level of the trie apart.
        let placeholder = Node {
            first: 0,
            pattern: NO_PATTERN,
            len: 0,
            labels: [0; SPARSE_MAX],
        };
        let mut nodes = Vec::with_capacity(patterns.iter().map(|p| p.len()).sum::<usize>() + 1);
        nodes.push(placeholder);
        // The nodes whose children are still to place: (node, lo, hi, d).
        let mut stack: Vec<(usize, usize, usize, usize)> = vec![(0, 0, order.len(), 0)];
        let mut children: Vec<(u8, usize, usize)> = Vec::new();
        let mut rows = Vec::new();
        while let Some((at, mut lo, hi, d)) = stack.pop() {
            let mut pattern = NO_PATTERN;
            // The one pattern that ends here, if any, sorts first.
            if lo < hi && key(lo).len() == d {
                if lo + 1 < hi && key(lo + 1).len() == d {
                    return Err(format!("duplicate pattern {:?}", key(lo)));
                }
                pattern = order[lo];
                lo += 1;
            }
            children.clear();
            while lo < hi {
                let b = key(lo)[d];
                let mut e = lo + 1;
                while e < hi && key(e)[d] == b {
                    e += 1;
                }
                children.push((b, lo, e));
                lo = e;
            }
            let first = nodes.len();
            let n = children.len();
            nodes.resize(first + n, placeholder);
            // The first child on top: its block is placed next.
            for (k, &(_, lo, e)) in children.iter().enumerate().rev() {
                stack.push((first + k, lo, e, d + 1));
            }
            nodes[at] = if n > SPARSE_MAX {
                let row = rows.len();
                rows.resize(row + classes, 0);
                for (k, &(b, _, _)) in children.iter().enumerate() {
                    rows[row + usize::from(class[usize::from(b)])] = (first + k) as u32;
                }
                Node {
                    first: row as u32,
                    pattern,
                    len: DENSE,
                    labels: [0; SPARSE_MAX],
                }
            } else {
                let mut l = [0; SPARSE_MAX];
                for (slot, &(b, _, _)) in l.iter_mut().zip(&children) {
                    *slot = b;
                }
                Node {
                    first: first as u32,
                    pattern,
                    len: n as u8,
                    labels: l,
                }
            };
        }
        if nodes.len() > u32::MAX as usize {
            return Err("too many trie nodes".into());
        }
        Ok(Trie { nodes, class, rows })
    }

    /// The root.
    #[inline]
    pub(crate) fn root(&self) -> Node {
        self.nodes[0]
    }

    /// The bytes `node` has a child for, as bits (bit `b % 64` of entry
    /// `b / 64` for byte `b`).
    pub(crate) fn next_bytes(&self, node: Node) -> [u64; 4] {
        let mut bits = [0u64; 4];
        let mut set = |b: u8| bits[usize::from(b >> 6)] |= 1 << (b & 63);
        if node.len == DENSE {
            for b in 0..=255u8 {
                if self.step(node, b).is_some() {
                    set(b);
                }
            }
        } else {
            node.labels[..usize::from(node.len)]
                .iter()
                .for_each(|&b| set(b));
        }
        bits
    }

    /// The child of `node` for byte `b`, if some pattern goes on that way.
    #[inline]
    pub(crate) fn step(&self, node: Node, b: u8) -> Option<Node> {
        let child = if node.len == DENSE {
            let c = usize::from(self.class[usize::from(b)]);
            match self.rows[node.first as usize + c] {
                0 => return None,
                child => child as usize,
            }
        } else {
            let k = node.labels[..usize::from(node.len)]
                .iter()
                .position(|&l| l == b)?;
            node.first as usize + k
        };
        Some(self.nodes[child])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern that is exactly `s`, found by walking the trie.
    fn find(t: &Trie, s: &[u8]) -> Option<usize> {
        let mut n = t.root();
        for &b in s {
            n = t.step(n, b)?;
        }
        n.pattern()
    }

    #[test]
    fn finds_every_pattern_and_nothing_else() {
        let words: Vec<String> = (0..300)
            .map(|i| format!("{}{}", ["a", "ab", "abc", "b", "x y"][i % 5], i / 7))
            .collect();
        let mut words: Vec<&str> = words.iter().map(String::as_str).collect();
        words.sort_unstable();
        words.dedup();
        let bytes: Vec<&[u8]> = words.iter().map(|w| w.as_bytes()).collect();
        let t = Trie::new(&bytes).unwrap();
        for (i, w) in bytes.iter().enumerate() {
            assert_eq!(find(&t, w), Some(i), "{:?}", words[i]);
        }
        for s in ["", "a", "ab", "abc1x", "zz", "x", "x y", "a44"] {
            assert_eq!(
                find(&t, s.as_bytes()),
                words.iter().position(|w| *w == s),
                "{s:?}"
            );
        }
    }

    #[test]
    fn next_bytes_are_the_bytes_with_a_child() {
        let pats: Vec<String> = (b'a'..=b'z').map(|c| format!("x{}", c as char)).collect();
        let mut pats: Vec<&[u8]> = pats.iter().map(|p| p.as_bytes()).collect();
        pats.extend([&b"ya"[..], b"yb"]);
        let t = Trie::new(&pats).unwrap();
        for n in [
            t.root(),
            t.step(t.root(), b'x').unwrap(),
            t.step(t.root(), b'y').unwrap(),
        ] {
            let bits = t.next_bytes(n);
            for b in 0..=255u8 {
                let has = bits[usize::from(b >> 6)] >> (b & 63) & 1 == 1;
                assert_eq!(has, t.step(n, b).is_some(), "{b}");
            }
        }
    }

    #[test]
    fn rejects_duplicates() {
        assert!(Trie::new(&[b"ab", b"a", b"ab"]).is_err());
    }

    proptest::proptest! {
        /// Walking the trie finds exactly the patterns, whatever their shape.
        #[test]
        fn walks_find_exactly_the_patterns(
            set in proptest::collection::btree_set("[abc ]{1,6}", 1..40),
            probes in proptest::collection::vec("[abcd ]{0,7}", 0..20),
        ) {
            let pats: Vec<&[u8]> = set.iter().map(|s| s.as_bytes()).collect();
            let t = Trie::new(&pats).unwrap();
            for p in pats.iter().chain(probes.iter().map(|s| s.as_bytes()).collect::<Vec<_>>().iter()) {
                proptest::prop_assert_eq!(find(&t, p), pats.iter().position(|q| q == p));
            }
        }
    }
}
