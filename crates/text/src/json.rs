//! The byte search JSON strings need, shared by the article reader (intake) and
//! the event writer (export).

/// Whether a byte ends a plain run of a JSON string: a quote, a backslash or a
/// control byte (what a writer must escape and a reader must stop at).
#[inline]
pub fn is_json_special(b: u8) -> bool {
    // `|`, not `||`: no branch, so that loops over bytes vectorise.
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// [`is_json_special`] said with byte minimums, for loops over many bytes
/// at once: they become a few vector instructions a 16 bytes, where the
/// comparisons joined by `|` became byte-pair shuffles, half again as many
/// (byte by byte, the comparisons are cheaper).
#[inline]
fn is_json_special_lanes(b: u8) -> bool {
    (b & 0xe0).min(b ^ b'"').min(b ^ b'\\') == 0
}

/// The first byte from `from` on that [`is_json_special`] (`bytes.len()` if
/// none, or `from` if it is past the end). Most text has none: 32 bytes a step
/// are tested at once (a loop without a branch per byte, which the compiler
/// turns into vector compares), then the step that has one is searched eight
/// bytes at a time.
pub fn json_string_stop(bytes: &[u8], from: usize) -> usize {
    const STEP: usize = 32;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + STEP) {
        if chunk
            .iter()
            .fold(false, |any, &c| any | is_json_special_lanes(c))
        {
            break;
        }
        i += STEP;
    }
    while let Some(word) = bytes.get(i..i + 8) {
        let found = special_bits(u64::from_le_bytes(word.try_into().expect("eight bytes")));
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(|&c| !is_json_special(c)) {
        i += 1;
    }
    i
}

/// The [`is_json_special`] bytes of the eight bytes of `w` (little-endian):
/// the high bit of each set, exact up to the lowest one (above it a borrow
/// may set more), so exact as a yes or no and for the first one's place.
#[inline]
fn special_bits(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    // A byte under 0x20: (b & 0xe0) == 0, i.e. zero after masking.
    zero(w & (0xe0 * ONES))
        | zero(w ^ (u64::from(b'"') * ONES))
        | zero(w ^ (u64::from(b'\\') * ONES))
}

/// Whether any byte of `bytes` [`is_json_special`]: what a writer asks of
/// every string, most of them short names with nothing to escape. Whole
/// words (the last one overlapping the one before), byte by byte only under
/// eight bytes, and long strings by [`json_string_stop`]'s 32-byte steps; no
/// search for where.
#[inline]
pub fn json_needs_escape(bytes: &[u8]) -> bool {
    let n = bytes.len();
    if n >= 32 {
        return json_string_stop(bytes, 0) < n;
    }
    if n < 8 {
        return bytes.iter().any(|&c| is_json_special(c));
    }
    let special = |at: usize| {
        special_bits(u64::from_le_bytes(
            bytes[at..at + 8].try_into().expect("eight bytes"),
        )) != 0
    };
    let mut i = 0;
    while i + 8 < n {
        if special(i) {
            return true;
        }
        i += 8;
    }
    special(n - 8)
}

/// How many quotes `bytes` hold, if no other byte is [`is_json_special`] (no
/// backslash, no control byte); `None` otherwise. For a writer that copies
/// strings without looking at them and checks what it wrote at once: where it
/// knows how many quotes it wrote itself, this tells whether any string held a
/// byte to escape, one pass over the whole output instead of a search per
/// string (most strings are a few bytes long). Blocks of 64 bytes counted
/// without a branch (the compiler turns the inner loop into vector compares
/// and byte-wide sums), then the rest byte by byte.
pub fn json_quotes_if_plain(bytes: &[u8]) -> Option<usize> {
    const BLOCK: usize = 64;
    let mut quotes = 0;
    let mut other = false;
    let mut blocks = bytes.chunks_exact(BLOCK);
    for block in &mut blocks {
        // At most 64 a block: no byte-wide sum overflows.
        let (q, o) = block.iter().fold((0u8, 0u8), |(q, o), &c| {
            (
                q + u8::from(c == b'"'),
                o | u8::from((c & 0xe0).min(c ^ b'\\') == 0),
            )
        });
        quotes += usize::from(q);
        other |= o != 0;
    }
    for &c in blocks.remainder() {
        quotes += usize::from(c == b'"');
        other |= c < 0x20 || c == b'\\';
    }
    (!other).then_some(quotes)
}

/// Whether `bytes` are well-formed UTF-8: what `std::str::from_utf8(bytes).is_ok()`
/// says, for a reader that copies strings out of a line it has not checked as a
/// whole. Made for text where a character that is not ASCII comes every few
/// dozen bytes (French news): the ASCII between them is skipped eight bytes a
/// step, from wherever the last character ended (std's check steps byte by
/// byte until its next aligned word, which made it cost three instructions a
/// byte of such text, about twice this), and two-byte characters, most of
/// them, are checked inline.
pub fn utf8_valid(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(k) = first_high(&bytes[i..]) {
        // `bytes[i]` is not ASCII.
        i += k;
        let lead = bytes[i];
        match bytes.get(i + 1) {
            Some(&next) if (0xc2..=0xdf).contains(&lead) && (0x80..=0xbf).contains(&next) => i += 2,
            _ => match utf8_char_len(bytes, i) {
                Some(n) => i += n,
                None => return false,
            },
        }
    }
    true
}

/// The position of the first byte of `b` that is not ASCII: sixteen bytes a
/// step (two words), then the last sixteen (which may overlap the bytes
/// already seen, all ASCII), then, in fewer than sixteen, byte by byte.
fn first_high(b: &[u8]) -> Option<usize> {
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let word = |w: &[u8]| u64::from_le_bytes(w.try_into().expect("eight bytes")) & HIGHS;
    // The first high byte in sixteen bytes, if any.
    let in_pair = |p: &[u8]| {
        let (lo, hi) = (word(&p[..8]), word(&p[8..]));
        if lo != 0 {
            Some((lo.trailing_zeros() / 8) as usize)
        } else if hi != 0 {
            Some(8 + (hi.trailing_zeros() / 8) as usize)
        } else {
            None
        }
    };
    if b.len() < 16 {
        return b.iter().position(|&c| c >= 0x80);
    }
    let mut pairs = b.chunks_exact(16);
    for (k, p) in (&mut pairs).enumerate() {
        if let Some(j) = in_pair(p) {
            return Some(k * 16 + j);
        }
    }
    if pairs.remainder().is_empty() {
        return None;
    }
    let last = b.len() - 16;
    in_pair(&b[last..]).map(|j| last + j)
}

/// The length of the UTF-8 sequence that starts at `bytes[i]`, a byte that is
/// not ASCII, if it is one well-formed character (Unicode's table 3-7: no
/// overlong form, no surrogate, nothing past U+10FFFF); `None` otherwise, or
/// if the sequence is cut by the end.
#[inline]
fn utf8_char_len(bytes: &[u8], i: usize) -> Option<usize> {
    let cont = |k: usize, lo: u8, hi: u8| bytes.get(i + k).is_some_and(|c| (lo..=hi).contains(c));
    let (len, lo, hi) = match *bytes.get(i)? {
        0xc2..=0xdf => (2, 0x80, 0xbf),
        0xe0 => (3, 0xa0, 0xbf),
        0xe1..=0xec | 0xee..=0xef => (3, 0x80, 0xbf),
        0xed => (3, 0x80, 0x9f),
        0xf0 => (4, 0x90, 0xbf),
        0xf1..=0xf3 => (4, 0x80, 0xbf),
        0xf4 => (4, 0x80, 0x8f),
        _ => return None,
    };
    let ok =
        cont(1, lo, hi) && (len < 3 || cont(2, 0x80, 0xbf)) && (len < 4 || cont(3, 0x80, 0xbf));
    ok.then_some(len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn special_bytes_are_quote_backslash_and_controls() {
        for b in 0..=255u8 {
            assert_eq!(
                is_json_special(b),
                b < 0x20 || b == b'"' || b == b'\\',
                "{b:#x}"
            );
            assert_eq!(is_json_special_lanes(b), is_json_special(b), "{b:#x}");
        }
    }

    /// The length std's decoder gives the first character of `b`, if `b`
    /// starts with a well-formed one.
    fn std_len(b: &[u8]) -> Option<usize> {
        let n = b.len().min(4);
        (1..=n)
            .find(|&k| std::str::from_utf8(&b[..k]).is_ok())
            .filter(|_| b[0] >= 0x80)
    }

    #[test]
    fn utf8_char_len_and_utf8_valid_agree_with_std_on_every_start() {
        // Every lead byte, every second byte, and for the third and fourth the
        // bytes at and around the continuation range's edges.
        let edges = [
            0x00, 0x22, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xe0, 0xf0,
            0xff,
        ];
        for a in 0x80..=0xffu8 {
            for b in 0..=0xffu8 {
                for &c in &edges {
                    for &d in &edges {
                        let s = [a, b, c, d];
                        assert_eq!(utf8_char_len(&s, 0), std_len(&s), "{s:x?}");
                        // Whole texts: alone, and in ASCII that puts it across
                        // the checker's sixteen-byte steps.
                        let std_ok = std::str::from_utf8(&s).is_ok();
                        assert_eq!(utf8_valid(&s), std_ok, "{s:x?}");
                        let mut padded = *b"abcdefghijklm____nopqrstuvwxyz";
                        padded[13..17].copy_from_slice(&s);
                        assert_eq!(utf8_valid(&padded), std_ok, "{s:x?}");
                    }
                    // Cut short by the end.
                    for n in 1..=3 {
                        let s = &[a, b, c][..n];
                        assert_eq!(utf8_char_len(s, 0), std_len(s), "{s:x?}");
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn json_string_stop_finds_the_first_special(s in proptest::collection::vec(
            prop_oneof![8 => b'a'..=b'z', 1 => Just(b'"'), 1 => Just(b'\\'), 1 => 0u8..0x20, 2 => 0x80u8..=0xff],
            0..120,
        ), from in 0usize..50) {
            let from = from.min(s.len());
            let slow = s[from..].iter().position(|&c| c < 0x20 || c == b'"' || c == b'\\').map_or(s.len(), |k| from + k);
            prop_assert_eq!(json_string_stop(&s, from), slow);
        }

        /// The quotes counted, or `None` for a backslash or control byte, as
        /// byte by byte, on bytes long enough for several blocks of 64.
        #[test]
        fn json_quotes_if_plain_counts_as_byte_by_byte(s in proptest::collection::vec(
            prop_oneof![60 => 0x20u8..=0xff, 8 => Just(b'"'), 1 => Just(b'\\'), 1 => 0u8..0x20],
            0..300,
        )) {
            let slow = (!s.iter().any(|&c| c < 0x20 || c == b'\\'))
                .then(|| s.iter().filter(|&&c| c == b'"').count());
            prop_assert_eq!(json_quotes_if_plain(&s), slow, "{:x?}", s);
        }

        #[test]
        fn json_needs_escape_finds_any_special(s in proptest::collection::vec(
            prop_oneof![40 => 0x20u8..=0xff, 1 => any::<u8>()],
            0..80,
        )) {
            let slow = s.iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\');
            prop_assert_eq!(json_needs_escape(&s), slow, "{:x?}", s);
        }

        /// Valid or not as std says, on bytes that are mostly UTF-8 text
        /// (ASCII runs, characters of every length, some cut or out of range)
        /// and on any bytes.
        #[test]
        fn utf8_valid_says_what_std_says(parts in proptest::collection::vec(
            prop_oneof![
                6 => "[a-z ]{0,20}".prop_map(String::into_bytes),
                4 => "[éèà’€\u{80}\u{7ff}\u{800}\u{d7ff}\u{e000}\u{ffff}\u{10000}\u{10ffff}]".prop_map(String::into_bytes),
                1 => proptest::collection::vec(0x80u8..=0xff, 1..3),
                1 => proptest::collection::vec(any::<u8>(), 1..4),
            ],
            0..40,
        ), cut in 0usize..4) {
            let mut b = parts.concat();
            b.truncate(b.len().saturating_sub(cut));
            prop_assert_eq!(utf8_valid(&b), std::str::from_utf8(&b).is_ok(), "{:x?}", b);
        }

        #[test]
        fn utf8_valid_says_what_std_says_on_any_bytes(b in proptest::collection::vec(any::<u8>(), 0..40)) {
            prop_assert_eq!(utf8_valid(&b), std::str::from_utf8(&b).is_ok(), "{:x?}", b);
        }
    }
}
