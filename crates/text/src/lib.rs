//! Text primitives for kibaru: byte ranges into the original article, a folded
//! (lowercased, accent-free) view of the text that keeps a map back to the original
//! bytes, sentence splitting for French and English news, and language detection.
//!
//! Every other crate matches against [`Folded`] text and reports [`TextRange`]s; the
//! map in [`Folded`] turns them back into ranges of the original text, so evidence
//! always points at what the article really says.
//!
//! Main types: [`TextRange`], [`Folded`], [`Lang`]; functions [`fold`],
//! [`sentences`], [`detect_lang`].
#![deny(missing_docs)]

mod fold;
pub mod hash;
mod json;
mod lang;
pub mod mask;
mod sentences;

pub use fold::{fold, fold_char, Folded, FoldedChar};
pub use json::{
    is_json_special, json_needs_escape, json_quotes_if_plain, json_string_stop, utf8_valid,
};
pub use lang::{detect_lang, Lang};
pub use sentences::sentences;

/// A half-open byte range `start..end` into some text.
///
/// Which text it points into is a matter of context: ranges produced by matching
/// against [`Folded::as_str`] point into the folded text until they are mapped back
/// with [`Folded::to_original`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextRange {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl TextRange {
    /// A range from `start` to `end`; `end` is raised to `start` if it is smaller.
    #[inline]
    pub fn new(start: usize, end: usize) -> TextRange {
        let start = start as u32;
        TextRange {
            start,
            end: (end as u32).max(start),
        }
    }

    /// Length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the range is empty.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The range as a `usize` range, for slicing.
    #[inline]
    pub fn as_range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Whether `other` lies entirely inside this range.
    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the byte offset lies inside this range.
    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The smallest range covering both.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

#[cfg(test)]
mod proptests {
    use super::*;

    proptest::proptest! {
        /// Folding, sentences and language detection never panic, and every range
        /// maps back to character boundaries of the original.
        #[test]
        fn arbitrary_text_never_breaks_the_offset_map(s in "\\PC{0,200}") {
            let f = Folded::new(&s);
            for r in sentences(&f) {
                let o = f.to_original(r);
                proptest::prop_assert!(s.is_char_boundary(o.start as usize));
                proptest::prop_assert!(s.is_char_boundary(o.end as usize));
                proptest::prop_assert!(o.end as usize <= s.len());
            }
            for i in 0..=f.len() {
                proptest::prop_assert!(s.is_char_boundary(f.original_offset(i)));
            }
            let _ = detect_lang(&s);
        }

        /// The folded text is `fold` of the original, and each folded byte maps
        /// to the start of the character it came from (ASCII runs are copied in
        /// bulk; this checks them against one character at a time).
        #[test]
        fn folding_matches_char_by_char(s in "[a-zA-Z \\-.\n]{0,20}\\PC{0,30}[A-Z éÉœ'\n]{0,30}") {
            let f = Folded::new(&s);
            proptest::prop_assert_eq!(f.as_str(), fold(&s));
            let mut starts = Vec::new();
            for (at, c) in s.char_indices() {
                let n = match fold_char(c) {
                    fold::FoldedChar::Drop => 0,
                    fold::FoldedChar::One(a) => a.len_utf8(),
                    fold::FoldedChar::Two(a, b) => a.len_utf8() + b.len_utf8(),
                };
                starts.extend(std::iter::repeat_n(at, n));
            }
            starts.push(s.len());
            let got: Vec<usize> = (0..=f.len()).map(|i| f.original_offset(i)).collect();
            proptest::prop_assert_eq!(got, starts);
        }
    }
}
