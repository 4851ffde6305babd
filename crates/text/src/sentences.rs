//! Sentence splitting for French and English news text.
//!
//! Rules, in order: a line break always ends a sentence (news pages put titles,
//! datelines and paragraphs on their own lines); `.`, `!`, `?` followed by spaces
//! and then a capital letter, a digit, a quote or a dash end a sentence, unless the
//! word before the dot is a known abbreviation (`M.`, `Lt.`, `Gen.`) or a single
//! letter (an initial).

use crate::{Folded, TextRange};

/// Abbreviations (folded, without the dot) that never end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "adj", "adjt", "al", "apr", "art", "aug", "av", "bd", "brig", "capt", "cdt", "cf", "ch",
    "cmdt", "cne", "co", "col", "corp", "cpl", "dec", "dr", "etc", "ex", "feb", "fev", "gal",
    "gen", "gov", "hon", "inc", "j.-c", "jan", "janv", "jr", "lt", "ltd", "m", "maj", "me", "mgr",
    "mlle", "mm", "mme", "mr", "mrs", "ms", "mt", "no", "nov", "oct", "p", "pp", "pr", "prof",
    "rep", "rev", "sen", "sept", "sgt", "sr", "st", "ste", "u.s", "vol", "vs",
];

/// Splits the folded text into sentences, as ranges of the folded text.
///
/// Leading and trailing whitespace is trimmed from each sentence; empty sentences
/// are dropped. The ranges are in order and never overlap.
pub fn sentences(folded: &Folded<'_>) -> Vec<TextRange> {
    let text = folded.as_str();
    let bytes = text.as_bytes();
    // About one sentence in a hundred bytes of news text: one allocation for most.
    let mut out = Vec::with_capacity(bytes.len() / 64 + 1);
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        i = next_may_end(bytes, i);
        let Some(&b) = bytes.get(i) else { break };
        let end_here = match b {
            b'\n' | b'\r' => Some(i),
            _ => sentence_end(folded, i),
        };
        if let Some(end) = end_here {
            push_trimmed(&mut out, text, start, end);
            start = end;
        }
        i += 1;
    }
    push_trimmed(&mut out, text, start, bytes.len());
    out
}

/// The bytes that may end a sentence: line breaks, and `.`, `!`, `?` (see
/// [`sentence_end`]).
const MAY_END: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t
};

/// The offset of the first byte at or after `i` that may end a sentence
/// ([`MAY_END`]), or the length. Sixteen bytes a step: a sentence end comes
/// once in a hundred bytes or so, and one mask of the five bytes over sixteen
/// ([`may_end_mask16`]) costs less than sixteen table reads.
fn next_may_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(block) = bytes.get(i..i + 16) {
        let lo = u64::from_le_bytes(block[..8].try_into().unwrap_or([0; 8]));
        let hi = u64::from_le_bytes(block[8..].try_into().unwrap_or([0; 8]));
        let m = may_end_mask16(lo, hi);
        if m != 0 {
            return i + m.trailing_zeros() as usize;
        }
        i += 16;
    }
    while i < bytes.len() && !MAY_END[usize::from(bytes[i])] {
        i += 1;
    }
    i
}

/// The bytes of [`MAY_END`] among the sixteen bytes `lo`, `hi` (little-endian):
/// bit `k` set for byte `k`. With SSE2, which every x86-64 processor has:
/// five byte compares and one mask.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn may_end_mask16(lo: u64, hi: u64) -> u32 {
    use std::arch::x86_64::*;
    // SAFETY: the intrinsics need SSE2 only, enabled for the whole build
    // (the cfg above), and read nothing but their arguments.
    unsafe {
        let v = _mm_set_epi64x(hi as i64, lo as i64);
        let eq = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
        let m = _mm_or_si128(
            _mm_or_si128(eq(b'\n'), eq(b'\r')),
            _mm_or_si128(_mm_or_si128(eq(b'.'), eq(b'!')), eq(b'?')),
        );
        _mm_movemask_epi8(m) as u32
    }
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline(always)]
fn may_end_mask16(lo: u64, hi: u64) -> u32 {
    may_end_mask16_table(lo, hi)
}

/// [`may_end_mask16`] one table read a byte: the reference of the tests, and
/// the code where SSE2 is missing.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn may_end_mask16_table(lo: u64, hi: u64) -> u32 {
    let bytes = [lo.to_le_bytes(), hi.to_le_bytes()];
    bytes
        .iter()
        .flatten()
        .enumerate()
        .fold(0, |m, (k, &c)| m | u32::from(MAY_END[usize::from(c)]) << k)
}

/// If the punctuation at `i` ends a sentence, the offset just after the sentence
/// (after any closing quote or bracket).
fn sentence_end(folded: &Folded<'_>, i: usize) -> Option<usize> {
    let bytes = folded.as_str().as_bytes();
    let mut j = i + 1;
    // Runs of punctuation ("?!", "...") end together.
    while j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?') {
        j += 1;
    }
    // Closing quotes and brackets belong to the sentence they close.
    while j < bytes.len() && matches!(bytes[j], b'"' | b')' | b']' | b'\'') {
        j += 1;
    }
    // A closing guillemet or curly quote after a space ("riposté. »") also belongs here.
    let mut k = j;
    while k < bytes.len() && bytes[k] == b' ' {
        k += 1;
    }
    if k < bytes.len() && bytes[k] == b'"' && matches!(folded.original_char_at(k), Some('»' | '”'))
    {
        j = k + 1;
    }
    let end = j;
    let mut k = j;
    while k < bytes.len() && matches!(bytes[k], b' ' | b'\t') {
        k += 1;
    }
    if k == j && k < bytes.len() {
        // No space after the dot: "13.5", "U.S.", "www.site.com".
        return None;
    }
    if k >= bytes.len() || matches!(bytes[k], b'\n' | b'\r') {
        return Some(end);
    }
    let next = folded.original_char_at(k)?;
    let opens = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(bytes[k], b'"' | b'-' | b'(' | b'\'');
    if !opens {
        return None;
    }
    if bytes[i] == b'.' && is_abbreviation(&folded.as_str()[..i]) {
        return None;
    }
    Some(end)
}

/// Whether the text before a dot ends with an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    // The word is nearly always ASCII: read it from the bytes, and leave a
    // word with other characters (they may be letters) to the general case.
    let b = before.as_bytes();
    let start = b
        .iter()
        .rposition(|&c| !(c.is_ascii_alphanumeric() || c == b'.' || c == b'-'))
        .map_or(0, |p| p + 1);
    if start > 0 && !b[start - 1].is_ascii() {
        return is_abbreviation_chars(before);
    }
    let word = &before[start..];
    if word.is_empty() {
        return false;
    }
    if word.len() == 1 && word.as_bytes()[0].is_ascii_alphabetic() {
        return true;
    }
    // Most words before a dot are longer than any abbreviation.
    word.len() <= ABBREVIATION_MAX_LEN
        && ABBREVIATION_KEYS
            .binary_search(&short_key(word.as_bytes()))
            .is_ok()
}

/// A word of at most four bytes as a number, its bytes from the highest down
/// and zeros after them: words without a zero byte compare as their keys
/// do, so a sorted list of words gives a sorted list of keys, searched
/// without a string compare (the search through the words called `memcmp`
/// at each step).
const fn short_key(word: &[u8]) -> u32 {
    let mut key = 0;
    let mut i = 0;
    while i < word.len() && i < 4 {
        key |= (word[i] as u32) << (24 - 8 * i);
        i += 1;
    }
    key
}

/// [`short_key`] of each of [`ABBREVIATIONS`], in the same (sorted) order.
const ABBREVIATION_KEYS: [u32; ABBREVIATIONS.len()] = {
    let mut keys = [0; ABBREVIATIONS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = short_key(ABBREVIATIONS[i].as_bytes());
        i += 1;
    }
    keys
};

/// The length of the longest of [`ABBREVIATIONS`] (a test checks it).
const ABBREVIATION_MAX_LEN: usize = 4;

/// [`is_abbreviation`], one character at a time.
fn is_abbreviation_chars(before: &str) -> bool {
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        return true;
    }
    ABBREVIATIONS.binary_search(&word).is_ok()
}

fn push_trimmed(out: &mut Vec<TextRange>, text: &str, start: usize, end: usize) {
    let (lead, trail) = trimmed(&text[start..end]);
    if lead + trail < end - start {
        out.push(TextRange::new(start + lead, end - trail));
    }
}

/// The bytes `str::trim` takes from the start and the end of `s`. Read from
/// the bytes: past the ASCII blanks, a sentence starts and ends with an ASCII
/// byte nearly always; when it does not, the character may be a blank of
/// another script, and `str::trim` decides.
fn trimmed(s: &str) -> (usize, usize) {
    // The ASCII characters `char::is_whitespace` accepts.
    let blank = |c: u8| c == b' ' || (b'\t'..=b'\r').contains(&c);
    let b = s.as_bytes();
    let lead = match b.iter().position(|&c| !blank(c)) {
        None => return (b.len(), b.len()),
        Some(k) if b[k].is_ascii() => k,
        Some(_) => s.len() - s.trim_start().len(),
    };
    let trail = match b.iter().rposition(|&c| !blank(c)) {
        Some(k) if b[k].is_ascii() => b.len() - 1 - k,
        _ => s.len() - s.trim_end().len(),
    };
    (lead, trail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &[&str]) {
        let f = Folded::new(input);
        let got: Vec<&str> = sentences(&f)
            .into_iter()
            .map(|r| f.original_slice(r))
            .collect();
        assert_eq!(got, expected, "sentences({input:?})");
    }

    #[test]
    fn may_end_mask16_every_byte() {
        for c in 0..=255u8 {
            for k in 0..16 {
                let mut v = [b'a'; 16];
                v[k] = c;
                let lo = u64::from_le_bytes(v[..8].try_into().unwrap());
                let hi = u64::from_le_bytes(v[8..].try_into().unwrap());
                let want = u32::from(MAY_END[usize::from(c)]) << k;
                assert_eq!(may_end_mask16(lo, hi), want, "byte {c:#x} at {k}");
                assert_eq!(may_end_mask16_table(lo, hi), want, "byte {c:#x} at {k}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn next_may_end_finds_the_first_may_end_byte(
            v in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => proptest::prelude::any::<u8>(),
                    1 => proptest::sample::select(vec![b'.', b'!', b'?', b'\n', b'\r']),
                ],
                0..80,
            ),
            from in 0usize..80,
        ) {
            let from = from.min(v.len());
            let want = (from..v.len()).find(|&k| MAY_END[usize::from(v[k])]).unwrap_or(v.len());
            proptest::prop_assert_eq!(next_may_end(&v, from), want);
        }
    }

    #[test]
    fn splits_on_sentence_punctuation() {
        check(
            "L'armée a riposté. Deux soldats ont été tués! Pourquoi? Personne ne sait.",
            &[
                "L'armée a riposté.",
                "Deux soldats ont été tués!",
                "Pourquoi?",
                "Personne ne sait.",
            ],
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        check(
            "Selon M. Traoré et le Lt. Col. Diarra, l'attaque a eu lieu. Gen. A. Smith said so.",
            &[
                "Selon M. Traoré et le Lt. Col. Diarra, l'attaque a eu lieu.",
                "Gen. A. Smith said so.",
            ],
        );
    }

    #[test]
    fn a_multibyte_character_before_a_dot_is_no_boundary_problem() {
        // Found by the property test: a two-byte punctuation mark before the dot.
        check("¡.\u{a0}'", &["¡.", "'"]);
        check(
            "«Non». Puis « M. Diallo » parla.",
            &["«Non».", "Puis « M. Diallo » parla."],
        );
    }

    #[test]
    fn keeps_decimals_and_lowercase_continuations() {
        check(
            "Le bilan est de 3.5 millions. il reste",
            &["Le bilan est de 3.5 millions. il reste"],
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        check(
            "« Nous avons riposté. » Le ministre a parlé.",
            &["« Nous avons riposté. »", "Le ministre a parlé."],
        );
    }

    #[test]
    fn line_breaks_end_titles() {
        check(
            "Attaque à Djibo\n\nDes hommes armés ont attaqué",
            &["Attaque à Djibo", "Des hommes armés ont attaqué"],
        );
    }

    proptest::proptest! {
        /// The byte reading of the word before a dot is the character one.
        #[test]
        fn abbreviations_read_from_bytes_as_from_chars(
            s in "[a-zA-Z .\\-'é\u{b2}\u{3b1}ß1]{0,12}(m|mme|lt|gen|j.-c|u.s|x|é|\u{3b1})?"
        ) {
            proptest::prop_assert_eq!(is_abbreviation(&s), is_abbreviation_chars(&s), "{:?}", s);
        }

        /// Trimming from the bytes trims what `str::trim` trims.
        #[test]
        fn trims_as_str_trims(s in "[ \t\n\x0b\x0c\r\u{85}\u{a0}\u{2028}\u{3000}a\u{e9}.]{0,12}") {
            let want = (s.len() - s.trim_start().len(), s.len() - s.trim_end().len());
            let got = trimmed(&s);
            if want.0 == s.len() {
                // All blank: both sides are the whole string.
                proptest::prop_assert_eq!(got, (s.len(), s.len()));
            } else {
                proptest::prop_assert_eq!(got, want, "{:?}", s);
            }
        }

        /// The block-wise search for a sentence end finds the byte-wise one.
        #[test]
        fn sentence_ends_found_by_blocks(s in "[ab .!?\n\r\u{e9}]{0,70}") {
            let b = s.as_bytes();
            for i in 0..=b.len() {
                let slow = (i..b.len()).find(|&j| MAY_END[usize::from(b[j])]).unwrap_or(b.len());
                proptest::prop_assert_eq!(next_may_end(b, i), slow);
            }
        }
    }

    #[test]
    fn abbreviations_are_no_longer_than_their_max() {
        let longest = ABBREVIATIONS.iter().map(|a| a.len()).max();
        assert_eq!(longest, Some(ABBREVIATION_MAX_LEN));
    }

    /// The keys are sorted and tell the words apart: a search through them
    /// answers as one through the words, for each abbreviation and for
    /// words one byte off or cut short.
    #[test]
    fn abbreviation_keys_answer_as_the_words() {
        assert!(ABBREVIATION_KEYS.is_sorted());
        let mut words: Vec<String> = Vec::new();
        for a in ABBREVIATIONS {
            words.push(a.to_string());
            words.push(a[..a.len() - 1].to_string());
            for c in ['a', 'z', '.', '-', '0'] {
                words.push(format!("{a}{c}"));
                words.push(format!("{c}{a}"));
            }
        }
        for w in words
            .iter()
            .filter(|w| !w.is_empty() && w.len() <= ABBREVIATION_MAX_LEN)
        {
            assert_eq!(
                ABBREVIATION_KEYS
                    .binary_search(&short_key(w.as_bytes()))
                    .is_ok(),
                ABBREVIATIONS.binary_search(&w.as_str()).is_ok(),
                "{w:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn short_words_are_abbreviations_as_the_list_says(w in "[a-z0-9.-]{2,4}") {
            proptest::prop_assert_eq!(
                is_abbreviation(&format!("le {w}")),
                ABBREVIATIONS.binary_search(&w.as_str()).is_ok(),
                "{:?}", w
            );
        }
    }

    #[test]
    fn abbreviation_list_is_sorted() {
        let mut sorted = ABBREVIATIONS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, ABBREVIATIONS);
    }
}
