//! The data files (`data/*.tsv`) and the small pattern language they are written in.
//!
//! Every file is tab-separated, one entry per line, without a header; blank lines and
//! lines starting with `#` are ignored. Patterns are written as the press writes them
//! (accents, capitals) and folded at load time. Pattern syntax:
//!
//! - `(x)`: an optional part: `attaqué(e)(s)` is `attaqué`, `attaquée`, `attaqués`,
//!   `attaquées`;
//! - `{a|b}`: one of several parts: `{jihad|djihad}istes`;
//! - an uppercase letter must be uppercase in the article (`FAN`, `EIS`, `FAMa`);
//!   lowercase letters match any case;
//! - a hyphen matches a hyphen or a space (`cessez-le-feu` also finds `cessez le feu`),
//!   and the space between two words also matches a line break or several spaces.

use kibaru_text::{fold_char, FoldedChar};

/// `actors.tsv`: key, canonical name, inter code, country (ISO3 or `-`), parent key or `-`.
pub(crate) const ACTORS: &str = include_str!("../data/actors.tsv");
/// `aliases.tsv`: alias pattern, actor key.
pub(crate) const ALIASES: &str = include_str!("../data/aliases.tsv");
/// `triggers.tsv`: pattern, trigger class name.
pub(crate) const TRIGGERS: &str = include_str!("../data/triggers.tsv");
/// `cues.tsv`: pattern, cue name.
pub(crate) const CUES: &str = include_str!("../data/cues.tsv");
/// `numbers.tsv`: word or phrase pattern, value, vague (0/1).
pub(crate) const NUMBERS: &str = include_str!("../data/numbers.tsv");

/// The data lines of a file: (line number, columns).
pub(crate) fn rows(src: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    src.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            None
        } else {
            Some((i + 1, line.split('\t').map(str::trim).collect()))
        }
    })
}

/// Expands the pattern syntax (`(x)` optional, `{a|b}` alternatives) into every form,
/// in order, without duplicates.
pub(crate) fn expand(pattern: &str) -> Result<Vec<String>, String> {
    // Most patterns have no group: the one form is the pattern.
    if !pattern.contains(['(', ')', '{', '}', '|']) {
        return Ok(vec![pattern.to_string()]);
    }
    let mut forms = vec![String::new()];
    let mut rest = pattern;
    while !rest.is_empty() {
        let (choices, tail): (Vec<&str>, &str) = if let Some(r) = rest.strip_prefix('(') {
            let end = r
                .find(')')
                .ok_or_else(|| format!("unclosed '(' in {pattern:?}"))?;
            (vec!["", &r[..end]], &r[end + 1..])
        } else if let Some(r) = rest.strip_prefix('{') {
            let end = r
                .find('}')
                .ok_or_else(|| format!("unclosed '{{' in {pattern:?}"))?;
            (r[..end].split('|').collect(), &r[end + 1..])
        } else {
            let end = rest.find(['(', '{']).unwrap_or(rest.len());
            (vec![&rest[..end]], &rest[end..])
        };
        if choices
            .iter()
            .any(|c| c.contains(['(', ')', '{', '}', '|']))
        {
            return Err(format!("nested or stray group in {pattern:?}"));
        }
        forms = forms
            .iter()
            .flat_map(|f| {
                choices.iter().map(move |c| {
                    let mut s = String::with_capacity(f.len() + c.len());
                    s.push_str(f);
                    s.push_str(c);
                    s
                })
            })
            .collect();
        rest = tail;
    }
    if let Some(f) = forms.iter().find(|f| f.contains([')', '}', '|'])) {
        return Err(format!("stray group character in {f:?} (from {pattern:?})"));
    }
    // A pattern has a few forms (a few dozen at most): a linear search
    // dedups them faster than hashing.
    let mut unique: Vec<String> = Vec::with_capacity(forms.len());
    for f in forms {
        if !unique.contains(&f) {
            unique.push(f);
        }
    }
    Ok(unique)
}

/// One form of a pattern as the matcher sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Form {
    /// Folded, hyphens as spaces.
    pub text: String,
    /// Bit `i` set: the folded byte `i` must come from an uppercase character.
    pub upper: u64,
}

/// Folds one expanded form the way the matcher sees text (see [`normalize_text`]).
pub(crate) fn form(raw: &str) -> Result<Form, String> {
    let mut text = String::with_capacity(raw.len());
    let mut upper = 0u64;
    for c in raw.chars() {
        let at = text.len();
        // `fold` one character at a time, without a string for each; an
        // ASCII character (most of them) folds to itself in lowercase, here
        // without the call.
        let folded = if c.is_ascii() {
            FoldedChar::One(c.to_ascii_lowercase())
        } else {
            fold_char(c)
        };
        match folded {
            FoldedChar::Drop => {}
            // A hyphen (or a dash, folded to one) matches a hyphen or a space:
            // the form has a space.
            FoldedChar::One('-') => text.push(' '),
            FoldedChar::One(a) => text.push(a),
            FoldedChar::Two(a, b) => {
                text.push(a);
                text.push(b);
            }
        }
        if c.is_uppercase() && text.len() > at {
            if at >= 64 {
                return Err(format!("uppercase letter past byte 64 in {raw:?}"));
            }
            upper |= 1 << at;
        }
    }
    if text.is_empty()
        || text.starts_with(' ')
        || text.ends_with(' ')
        || text.contains("  ")
        || text.contains(char::is_control)
    {
        return Err(format!("bad spacing in pattern {raw:?}"));
    }
    Ok(Form { text, upper })
}

/// Whether a byte of folded text belongs to a word (ASCII letters and digits, and
/// every byte of a non-ASCII character).
#[inline]
pub(crate) fn is_word(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// [`is_word`] of every byte, one table read.
const WORD_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = kibaru_text::mask::is_word_byte(b as u8);
        b += 1;
    }
    t
};

/// The eight bytes of `text` from `i` as one little-endian word, zeros past
/// the end (a zero byte is no word byte, so a word read this way ends at the
/// end of the text).
#[inline]
pub(crate) fn load8(text: &[u8], i: usize) -> u64 {
    // `get(i..)` then `first_chunk`: two compares, no overflow check of `i + 8`.
    match text.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        Some(c) => u64::from_le_bytes(*c),
        None => {
            let mut buf = [0u8; 8];
            let tail = &text[i.min(text.len())..];
            buf[..tail.len()].copy_from_slice(tail);
            u64::from_le_bytes(buf)
        }
    }
}

/// [`is_word`] of the eight bytes of `x` at once: the high bit of each byte
/// that is no word byte, every other bit clear.
#[inline]
pub(crate) fn non_word_bits(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const fn splat(b: u8) -> u64 {
        0x0101_0101_0101_0101 * b as u64
    }
    // On the low seven bits of each byte (at most 0x7f): adding 0x80 - lo
    // sets a byte's high bit when the byte is at least `lo`, adding 0x7f - hi
    // when it is above `hi`, and neither sum carries into the next byte.
    let low = x & !HIGH;
    let in_range = |y: u64, lo: u8, hi: u8| (y + splat(0x80 - lo)) & !(y + splat(0x7f - hi)) & HIGH;
    let digit = in_range(low, b'0', b'9');
    // Setting bit 5 maps `A..=Z` onto `a..=z` and nothing else into it.
    let letter = in_range(low | splat(0x20), b'a', b'z');
    !(x | digit | letter) & HIGH
}

/// The word of `text` (word bytes, see [`is_word`]) that starts at `s`: its
/// end, and its first sixteen bytes as two little-endian words padded with
/// zeros (see [`word_key`]). Where sixteen bytes are left, one mask of them
/// ([`kibaru_text::mask::word_mask16`]) gives the end of every word of at most fifteen bytes
/// (nearly all), and the key comes from the same two loads; otherwise (the
/// end of the text) eight bytes a step.
#[cfg(test)]
pub(crate) fn word_at(text: &[u8], s: usize) -> (usize, [u64; 2]) {
    let (end, key, _) = word_and_gap_at(text, s);
    (end, key)
}

/// [`word_at`], and where the bytes after the word that are no word bytes
/// end, as far as the bytes read tell: every byte from the word's end to
/// that offset is no word byte (at the word's end when none was read).
#[inline(always)]
pub(crate) fn word_and_gap_at(text: &[u8], s: usize) -> (usize, [u64; 2], usize) {
    let Some(c) = text.get(s..).and_then(<[u8]>::first_chunk::<16>) else {
        let (end, key) = word_at_by_8(text, s);
        return (end, key, end);
    };
    let (a, b) = c.split_at(8);
    let lo = u64::from_le_bytes(a.try_into().unwrap_or([0; 8]));
    let hi = u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
    let words = kibaru_text::mask::word_mask16(lo, hi);
    // Bit 16 of the complement is set: at most 16, and the table has 33
    // entries (all a `trailing_zeros` of a u32 can be: no bounds check).
    let len = (!words).trailing_zeros() as usize;
    let [mlo, mhi] = KEY_MASKS[len];
    let key = [lo & mlo, hi & mhi];
    if len < 16 {
        // The next word byte among the sixteen, or the sixteenth.
        let gap = ((words | 1 << 16) & (u32::MAX << len)).trailing_zeros() as usize;
        (s + len, key, s + gap)
    } else {
        let end = word_end(text, s + 16);
        (end, key, end)
    }
}

/// The masks of the first `n` bytes of sixteen (all sixteen past 16), as two
/// little-endian words: a word key from the word's first sixteen bytes.
const KEY_MASKS: [[u64; 2]; 33] = {
    let mut t = [[u64::MAX; 2]; 33];
    let mut n = 0;
    while n < 16 {
        t[n] = if n < 8 {
            [(1 << (8 * n)) - 1, 0]
        } else {
            [u64::MAX, (1 << (8 * (n - 8))) - 1]
        };
        n += 1;
    }
    t
};

/// [`word_at`] eight bytes a step, for the last bytes of the text (and as
/// the reference of the tests).
#[inline(never)]
pub(crate) fn word_at_by_8(text: &[u8], s: usize) -> (usize, [u64; 2]) {
    // The bytes below the lowest high bit of a mask: those before the first
    // non-word byte.
    let below = |m: u64| ((m & m.wrapping_neg()) >> 7).wrapping_sub(1);
    let at = |m: u64| (m.trailing_zeros() / 8) as usize;
    let c0 = load8(text, s);
    let m0 = non_word_bits(c0);
    if m0 != 0 {
        return (s + at(m0), [c0 & below(m0), 0]);
    }
    let c1 = load8(text, s + 8);
    let m1 = non_word_bits(c1);
    if m1 != 0 {
        return (s + 8 + at(m1), [c0, c1 & below(m1)]);
    }
    (word_end(text, s + 16), [c0, c1])
}

/// The end of the word of `text` that starts at `s` (as [`word_at`] gives
/// it, without the key).
#[inline]
pub(crate) fn word_end(text: &[u8], s: usize) -> usize {
    let mut e = s;
    loop {
        let m = non_word_bits(load8(text, e));
        if m != 0 {
            return e + (m.trailing_zeros() / 8) as usize;
        }
        e += 8;
    }
}

/// The first sixteen bytes of `word`, as two little-endian words padded with
/// zeros: with the length, what tells words apart (a word holds no zero byte,
/// so two words of at most sixteen bytes differ in their keys).
pub(crate) fn word_key(word: &[u8]) -> [u64; 2] {
    let mut k = [0u8; 16];
    let n = word.len().min(16);
    k[..n].copy_from_slice(&word[..n]);
    let (a, b) = k.split_at(8);
    let w = |h: &[u8]| u64::from_le_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]]);
    [w(a), w(b)]
}

/// The byte the matcher reads at offset `i` of the folded text, and the offset
/// of the next one: [`normalize_text`] one byte at a time. A hyphen reads as a
/// space; a run of blanks (ASCII whitespace) from `i` reads as one space, or as
/// a line break when it holds more than one line break. Every other byte reads
/// as itself, so a word byte is read as a word byte and any other as another.
#[inline]
pub(crate) fn normalized_at(b: &[u8], i: usize) -> (u8, usize) {
    let c = b[i];
    if c == b'-' {
        return (b' ', i + 1);
    }
    if !c.is_ascii_whitespace() {
        return (c, i + 1);
    }
    let mut j = i;
    let mut breaks = 0;
    while j < b.len() && b[j].is_ascii_whitespace() {
        breaks += usize::from(b[j] == b'\n');
        j += 1;
    }
    (if breaks > 1 { b'\n' } else { b' ' }, j)
}

/// The folded offset of the `j`-th byte the matcher reads from offset `s`
/// (see [`normalized_at`]).
pub(crate) fn folded_offset(b: &[u8], s: usize, j: usize) -> usize {
    let mut i = s;
    for _ in 0..j {
        i = normalized_at(b, i).1;
    }
    i
}

/// The text the matcher scans: hyphens become spaces and a run of blanks with at most
/// one line break becomes one space. Returns the bytes and where they came from in
/// the folded text ([`Shifts`]). The scan reads it byte by byte with
/// [`normalized_at`]; this whole-text form is its definition, for tests.
#[cfg(test)]
pub(crate) fn normalize_text(t: &str) -> (std::borrow::Cow<'_, [u8]>, Shifts) {
    let b = t.as_bytes();
    let mut hyphen = false;
    let mut collapse = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'-' => hyphen = true,
            b' ' => collapse |= b.get(i + 1).is_some_and(u8::is_ascii_whitespace),
            b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c' => {
                collapse = true;
                break;
            }
            _ => {}
        }
    }
    if !collapse {
        if !hyphen {
            return (std::borrow::Cow::Borrowed(b), Shifts::default());
        }
        let v: Vec<u8> = b
            .iter()
            .map(|&c| if c == b'-' { b' ' } else { c })
            .collect();
        return (std::borrow::Cow::Owned(v), Shifts::default());
    }
    let mut out = Vec::with_capacity(b.len());
    let mut shifts = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            let start = i;
            let mut breaks = 0;
            while i < b.len() && b[i].is_ascii_whitespace() {
                breaks += usize::from(b[i] == b'\n');
                i += 1;
            }
            out.push(if breaks > 1 { b'\n' } else { b' ' });
            if i - start > 1 {
                // Every byte after this one comes from `i - out.len()` bytes later.
                shifts.push((out.len() as u32, (i - out.len()) as u32));
            }
        } else {
            // Up to the next run of blanks that is not one space, nothing
            // collapses: copied at once.
            let mut end = i;
            while end < b.len() {
                let c = b[end];
                if c.is_ascii_whitespace()
                    && (c != b' ' || b.get(end + 1).is_some_and(u8::is_ascii_whitespace))
                {
                    break;
                }
                end += 1;
            }
            out.extend(b[i..end].iter().map(|&c| if c == b'-' { b' ' } else { c }));
            i = end;
        }
    }
    (std::borrow::Cow::Owned(out), Shifts(shifts))
}

/// Where the bytes of the normalised text came from in the folded text: the same
/// offset up to the first collapsed run of blanks, then shifted by the bytes the
/// runs before dropped. One entry a collapsed run, not one a byte.
#[cfg(test)]
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Shifts(Vec<(u32, u32)>);

#[cfg(test)]
impl Shifts {
    /// The folded offset of normalised offset `i` (the end maps to the end).
    pub(crate) fn folded(&self, i: usize) -> usize {
        let k = self.0.partition_point(|&(p, _)| p as usize <= i);
        match k {
            0 => i,
            _ => i + self.0[k - 1].1 as usize,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_expand(pattern: &str, expected: &[&str]) {
        assert_eq!(expand(pattern).unwrap(), expected, "expand({pattern:?})");
    }

    #[test]
    fn expands_optional_parts_and_alternatives() {
        check_expand("attaque", &["attaque"]);
        check_expand(
            "attaqué(e)(s)",
            &["attaqué", "attaqués", "attaquée", "attaquées"],
        );
        check_expand(
            "{jihad|djihad}iste(s)",
            &["jihadiste", "jihadistes", "djihadiste", "djihadistes"],
        );
        check_expand("(l')armée", &["armée", "l'armée"]);
        check_expand("a{|b}", &["a", "ab"]);
        check_expand("x(y)(y)", &["x", "xy", "xyy"]);
    }

    #[test]
    fn rejects_broken_patterns() {
        for p in ["attaqu(e", "a{b|c", "a)b", "a}b", "a|b", "a(b{c})"] {
            assert!(expand(p).is_err(), "{p:?} should be rejected");
        }
    }

    #[test]
    fn forms_fold_and_mark_capitals() {
        let f = form("FAMa").unwrap();
        assert_eq!(f.text, "fama");
        assert_eq!(f.upper, 0b0111);
        let f = form("cessez-le-feu").unwrap();
        assert_eq!(f.text, "cessez le feu");
        assert_eq!(f.upper, 0);
        let f = form("Jama’at").unwrap();
        assert_eq!(f.text, "jama'at");
        assert_eq!(f.upper, 1);
        assert!(form("a  b").is_err());
        assert!(form(" a").is_err());
        assert!(form("").is_err());
    }

    #[test]
    fn normalizes_text() {
        let (t, m) = normalize_text("a b");
        assert_eq!(&*t, b"a b");
        assert_eq!(m, Shifts::default());
        let (t, m) = normalize_text("cessez-le-feu");
        assert_eq!(&*t, b"cessez le feu");
        assert_eq!(m, Shifts::default());
        let (t, m) = normalize_text("a  \n b\n\nc");
        assert_eq!(&*t, b"a b\nc");
        let offsets: Vec<usize> = (0..=t.len()).map(|i| m.folded(i)).collect();
        assert_eq!(offsets, vec![0, 1, 5, 6, 8, 9]);
        let (t, m) = normalize_text("x y\tz");
        assert_eq!(&*t, b"x y z");
        assert_eq!(
            (0..=5).map(|i| m.folded(i)).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4, 5]
        );
    }

    proptest::proptest! {
        /// The normalised text and its map agree with a byte-at-a-time reading
        /// (the matcher copies the runs that need no collapsing in bulk).
        #[test]
        fn normalizing_matches_byte_by_byte(s in "[ab\\- \t\n\r\x0b\x0c]{0,40}") {
            let b = s.as_bytes();
            let mut want = Vec::new();
            let mut from = Vec::new();
            let mut i = 0;
            while i < b.len() {
                if b[i].is_ascii_whitespace() {
                    let start = i;
                    let mut breaks = 0;
                    while i < b.len() && b[i].is_ascii_whitespace() {
                        breaks += usize::from(b[i] == b'\n');
                        i += 1;
                    }
                    want.push(if breaks > 1 { b'\n' } else { b' ' });
                    from.push(start);
                } else {
                    want.push(if b[i] == b'-' { b' ' } else { b[i] });
                    from.push(i);
                    i += 1;
                }
            }
            let (t, m) = normalize_text(&s);
            proptest::prop_assert_eq!(&*t, &want[..]);
            let got: Vec<usize> = (0..t.len()).map(|i| m.folded(i)).collect();
            proptest::prop_assert_eq!(&got, &from);
            // The scan's byte-at-a-time reading gives the same bytes and offsets.
            let mut read = Vec::new();
            let mut at = Vec::new();
            let mut i = 0;
            while i < b.len() {
                at.push(i);
                let (c, next) = normalized_at(b, i);
                read.push(c);
                i = next;
            }
            proptest::prop_assert_eq!(&read[..], &*t);
            proptest::prop_assert_eq!(&at, &got);
            for (j, &o) in got.iter().enumerate() {
                proptest::prop_assert_eq!(folded_offset(b, 0, j), o);
            }
        }
    }

    #[test]
    fn non_word_bits_are_is_word_of_every_byte() {
        // Every byte at every place, among word and non-word neighbours.
        for fill in [b'a', b' ', 0xc3, b'Z', b'0', 0] {
            for at in 0..8 {
                for b in 0..=255u8 {
                    let mut bytes = [fill; 8];
                    bytes[at] = b;
                    let m = non_word_bits(u64::from_le_bytes(bytes));
                    for (k, &c) in bytes.iter().enumerate() {
                        assert_eq!(m >> (8 * k) & 0xff, if is_word(c) { 0 } else { 0x80 });
                    }
                }
            }
        }
    }

    #[test]
    fn word_bytes_are_the_shared_word_byte_class() {
        // Words are read with `kibaru_text::mask::word_mask16`.
        for b in 0..=255u8 {
            assert_eq!(is_word(b), kibaru_text::mask::is_word_byte(b), "{b:#x}");
        }
    }

    /// The end and key of the word at `s`, byte by byte.
    fn word_at_slowly(text: &[u8], s: usize) -> (usize, [u64; 2]) {
        let mut end = s;
        while end < text.len() && is_word(text[end]) {
            end += 1;
        }
        (end, word_key(&text[s..end]))
    }

    #[test]
    fn words_are_read_eight_bytes_a_step() {
        let text = "a bc 12345678 123456789abcdefg 123456789abcdefgh xyz 123456789abcdefghijklmnopqrstuvw_é€-q 1234567";
        let b = text.as_bytes();
        for s in (0..b.len()).filter(|&s| is_word(b[s])) {
            assert_eq!(word_at(b, s), word_at_slowly(b, s), "{s}");
            assert_eq!(word_at_by_8(b, s), word_at_slowly(b, s), "{s}");
            // Cut at every place after `s`: the word ends where the text does.
            for n in s + 1..=b.len() {
                assert_eq!(word_at(&b[..n], s), word_at_slowly(&b[..n], s), "{s} {n}");
            }
        }
        assert_eq!(word_key(b"ab"), [0x6261, 0]);
        assert_eq!(load8(b"ab", 1), 0x62);
        assert_eq!(load8(b"ab", 2), 0);
    }

    proptest::proptest! {
        /// The word reader agrees with a byte-at-a-time reading, wherever the
        /// text ends.
        #[test]
        fn words_at_are_read_as_byte_by_byte(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b'z', b'A', b'Z', b'0', b'9', b' ', b'-', b'\'', 0x80, 0xc3, 0xff, 0, b'/', b'@', b'[', b'`', b'{', b':']),
                1..60),
            runs in 0usize..30,
        ) {
            // Long runs of word bytes as well as short ones.
            let mut b = bytes;
            let at = runs.min(b.len());
            b.splice(at..at, std::iter::repeat_n(b'k', runs));
            for s in (0..b.len()).filter(|&s| is_word(b[s])) {
                proptest::prop_assert_eq!(word_at(&b, s), word_at_slowly(&b, s));
                proptest::prop_assert_eq!(word_at_by_8(&b, s), word_at_slowly(&b, s));
                let (end, _, gap) = word_and_gap_at(&b, s);
                proptest::prop_assert!(end <= gap && gap <= b.len());
                proptest::prop_assert!(b[end..gap].iter().all(|&c| !is_word(c)));
                // Past the end of the sixteen bytes read, or at a word byte.
                proptest::prop_assert!(gap == end || gap == s + 16 || is_word(b[gap]));
                proptest::prop_assert_eq!(word_end(&b, s), word_at_slowly(&b, s).0);
            }
        }
    }

    #[test]
    fn rows_skip_comments_and_blanks() {
        let r: Vec<_> = rows("# c\n\na\tb\n#x\nc\td\r\n").collect();
        assert_eq!(r, vec![(3, vec!["a", "b"]), (5, vec!["c", "d"])]);
    }
}
