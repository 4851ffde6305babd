//! Folding: a lowercased, accent-free view of the text with a byte map back to the
//! original.
//!
//! Folding is what lets one dictionary entry (`ogossagou`, `tues`) match every way
//! the press spells it (`d’Ogossagou`, `tués`, `TUÉS`). Typographic apostrophes,
//! quotes, dashes and spaces become their ASCII forms, so rules only ever see `'`,
//! `"`, `-` and ` `.

use crate::TextRange;

/// What one original character becomes in folded text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldedChar {
    /// Dropped entirely (combining marks, zero-width characters, soft hyphens).
    Drop,
    /// One character.
    One(char),
    /// Two characters (ligatures such as `œ` -> `oe`).
    Two(char, char),
}

/// Base letters of Latin Extended-A (U+0100..U+0180), two per letter pair.
const LATIN_EXT_A: &[u8; 128] = b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiJJjjkkkllllllllllnnnnnnnnnooooooOOrrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// Folds one character.
pub fn fold_char(c: char) -> FoldedChar {
    use FoldedChar::*;
    if c.is_ascii() {
        return One(c.to_ascii_lowercase());
    }
    let cp = c as u32;
    match c {
        'À'..='Å' | 'à'..='å' => One('a'),
        'Æ' | 'æ' => Two('a', 'e'),
        'Ç' | 'ç' => One('c'),
        'È'..='Ë' | 'è'..='ë' => One('e'),
        'Ì'..='Ï' | 'ì'..='ï' => One('i'),
        'Ð' | 'ð' => One('d'),
        'Ñ' | 'ñ' => One('n'),
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' => One('o'),
        'Ù'..='Ü' | 'ù'..='ü' => One('u'),
        'Ý' | 'ý' | 'ÿ' => One('y'),
        'Þ' | 'þ' => Two('t', 'h'),
        'ß' => Two('s', 's'),
        'Œ' | 'œ' => Two('o', 'e'),
        'Ĳ' | 'ĳ' => Two('i', 'j'),
        '\u{100}'..='\u{17f}' => {
            let b = LATIN_EXT_A[(cp - 0x100) as usize];
            match b {
                b'O' => Two('o', 'e'),
                b'J' => Two('i', 'j'),
                _ => One(b as char),
            }
        }
        'ƒ' => One('f'),
        'ǎ' | 'ǻ' | 'ȁ' | 'ȃ' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ậ' | 'ắ' => One('a'),
        'ḍ' | 'Ḍ' | 'ḏ' => One('d'),
        'ẹ' | 'ẻ' | 'ẽ' | 'ế' | 'ề' | 'ệ' => One('e'),
        'ḥ' | 'Ḥ' | 'ḫ' => One('h'),
        'ị' | 'ỉ' | 'ǐ' => One('i'),
        'ṇ' | 'ṅ' | 'Ṇ' => One('n'),
        'ọ' | 'ỏ' | 'ố' | 'ồ' | 'ộ' | 'ǒ' | 'ơ' => One('o'),
        'ṣ' | 'Ṣ' | 'ș' | 'Ș' => One('s'),
        'ṭ' | 'Ṭ' | 'ț' | 'Ț' => One('t'),
        'ụ' | 'ủ' | 'ǔ' | 'ư' => One('u'),
        'ẓ' | 'Ẓ' => One('z'),
        'ɛ' | 'Ɛ' => One('e'),
        'ɔ' | 'Ɔ' => One('o'),
        'ɲ' | 'Ɲ' => One('n'),
        // Apostrophes and primes, including the modifier letter apostrophe.
        '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' | '\u{00b4}' | '\u{02bc}'
        | '\u{ff07}' => One('\''),
        // Ayin and hamza in transliterated Arabic names ("Jamāʿat") carry no letter.
        '\u{02be}' | '\u{02bf}' | '\u{02bb}' => Drop,
        '\u{00ab}' | '\u{00bb}' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}'
        | '\u{2039}' | '\u{203a}' => One('"'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}' => One('-'),
        '\u{2026}' => One('.'),
        '\u{00a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => One(' '),
        '\u{2028}' | '\u{2029}' | '\u{0085}' => One('\n'),
        '\u{0300}'..='\u{036f}'
        | '\u{00ad}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2060}'
        | '\u{feff}' => Drop,
        _ => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => One(l),
                _ => One(c),
            }
        }
    }
}

/// The end of the run of ASCII bytes from `i`: the offset of the first
/// non-ASCII byte at or after `i`, or the length. Eight bytes a step (news text
/// runs dozens of ASCII bytes between accented letters).
fn ascii_run_end(bytes: &[u8], i: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut j = i;
    for chunk in bytes[i..].chunks_exact(8) {
        let w = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        if w & HIGH != 0 {
            // The lowest set high bit is the first non-ASCII byte (little-endian).
            return j + (w & HIGH).trailing_zeros() as usize / 8;
        }
        j += 8;
    }
    bytes[j..]
        .iter()
        .position(|b| !b.is_ascii())
        .map_or(bytes.len(), |n| j + n)
}

/// What [`fold_char`] makes of the Latin-1 letters U+00C0..=U+00FF (`None`
/// for the two signs among them), the accented letters of French text.
#[rustfmt::skip]
const LATIN_1_LETTERS: [Option<&str>; 64] = {
    const fn s(x: &str) -> Option<&str> {
        Some(x)
    }
    [
        s("a"), s("a"), s("a"), s("a"), s("a"), s("a"), s("ae"), s("c"),
        s("e"), s("e"), s("e"), s("e"), s("i"), s("i"), s("i"), s("i"),
        s("d"), s("n"), s("o"), s("o"), s("o"), s("o"), s("o"), None,
        s("o"), s("u"), s("u"), s("u"), s("u"), s("y"), s("th"), s("ss"),
        s("a"), s("a"), s("a"), s("a"), s("a"), s("a"), s("ae"), s("c"),
        s("e"), s("e"), s("e"), s("e"), s("i"), s("i"), s("i"), s("i"),
        s("d"), s("n"), s("o"), s("o"), s("o"), s("o"), s("o"), None,
        s("o"), s("u"), s("u"), s("u"), s("u"), s("y"), s("th"), s("y"),
    ]
};

/// The fold of the non-ASCII character at byte `i` when it is one of the
/// common ones of news text (accented Latin-1 letters, the typographic
/// apostrophe, quotes, dashes and spaces), read from its bytes, and its width
/// in bytes; `None` for any other character. The same as [`fold_char`] (a
/// test checks every character it answers for), without decoding the
/// character or going through the general match. What it gives is ASCII.
#[inline]
fn fold_common(bytes: &[u8], i: usize) -> Option<(&'static str, usize)> {
    match *bytes.get(i..i + 2)? {
        [0xc3, b] if (0x80..0xc0).contains(&b) => {
            LATIN_1_LETTERS[usize::from(b - 0x80)].map(|f| (f, 2))
        }
        [0xc2, 0xa0] => Some((" ", 2)),
        [0xc2, 0xab | 0xbb] => Some(("\"", 2)),
        [0xe2, 0x80] => {
            let f = match *bytes.get(i + 2)? {
                0x98 | 0x99 => "'",
                0x9c | 0x9d => "\"",
                0x93 | 0x94 => "-",
                0xa6 => ".",
                0xaf => " ",
                _ => return None,
            };
            Some((f, 3))
        }
        _ => None,
    }
}

/// Folds a string without keeping the offset map (for dictionary entries).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match fold_char(c) {
            FoldedChar::Drop => {}
            FoldedChar::One(a) => out.push(a),
            FoldedChar::Two(a, b) => {
                out.push(a);
                out.push(b);
            }
        }
    }
    out
}

/// The folded view of an article's text, with a map back to the original bytes.
#[derive(Clone, Debug)]
pub struct Folded<'a> {
    original: &'a str,
    text: String,
    /// For each folded byte, the offset of the original character it came from;
    /// one more entry for the end of the text.
    starts: Vec<u32>,
}

impl<'a> Folded<'a> {
    /// Folds `original`.
    ///
    /// Texts are limited to `u32::MAX` bytes, folded or not (folding may
    /// lengthen a text by half); callers cut longer input first (intake's
    /// cap is 64 MiB), so every offset of the folded text fits in a `u32`.
    pub fn new(original: &'a str) -> Folded<'a> {
        assert!(original.len() < u32::MAX as usize, "text too long to fold");
        let mut text = String::with_capacity(original.len());
        let mut starts = Vec::with_capacity(original.len() + 1);
        let bytes = original.as_bytes();
        // ASCII runs are copied as they are and the ASCII letters lowercased in
        // one pass over the whole folded text at the end (a loop the compiler
        // vectorises), so that each ASCII run between two accented letters is
        // one copy rather than a copy and a lowercasing pass of its own. That
        // last pass changes nothing else: the folded forms of other characters
        // have no uppercase ASCII letter (a test goes through every char).
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii() {
                // A run of ASCII: copied at once, one offset a byte.
                let end = ascii_run_end(bytes, i);
                text.push_str(&original[i..end]);
                starts.extend(i as u32..end as u32);
                i = end;
                continue;
            }
            if let Some((folded, width)) = fold_common(bytes, i) {
                // One or two ASCII bytes: pushed one by one, cheaper than a
                // copy of a string this short.
                for &b in folded.as_bytes() {
                    text.push(char::from(b));
                    starts.push(i as u32);
                }
                i += width;
                continue;
            }
            // SAFETY-free decoding: `i` is always on a char boundary here.
            let c = original[i..].chars().next().expect("char boundary");
            let at = i as u32;
            let mut push = |ch: char, text: &mut String| {
                let n = ch.len_utf8();
                text.push(ch);
                starts.extend(std::iter::repeat_n(at, n));
            };
            match fold_char(c) {
                FoldedChar::Drop => {}
                FoldedChar::One(a) => push(a, &mut text),
                FoldedChar::Two(a, b) => {
                    push(a, &mut text);
                    push(b, &mut text);
                }
            }
            i += c.len_utf8();
        }
        starts.push(original.len() as u32);
        assert!(text.len() < u32::MAX as usize, "folded text too long");
        text.make_ascii_lowercase();
        Folded {
            original,
            text,
            starts,
        }
    }

    /// The original text.
    #[inline]
    pub fn original(&self) -> &'a str {
        self.original
    }

    /// The folded text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length of the folded text in bytes.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether the folded text is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The folded text of a range.
    pub fn slice(&self, r: TextRange) -> &str {
        &self.text[r.as_range()]
    }

    /// The offset in the original text of the character that folded byte `i` came from.
    #[inline]
    pub fn original_offset(&self, i: usize) -> usize {
        self.starts[i.min(self.starts.len() - 1)] as usize
    }

    /// Maps a range of the folded text to the range of the original text it came from.
    ///
    /// The result always lies on character boundaries of the original.
    pub fn to_original(&self, r: TextRange) -> TextRange {
        let start = self.original_offset(r.start as usize);
        if r.is_empty() {
            return TextRange::new(start, start);
        }
        let last = self.original_offset(r.end as usize - 1);
        let width = self.original[last..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        TextRange::new(start, last + width)
    }

    /// The original text of a folded range.
    pub fn original_slice(&self, r: TextRange) -> &'a str {
        &self.original[self.to_original(r).as_range()]
    }

    /// The first original character of a folded range, as written (for case tests).
    #[inline]
    pub fn original_char_at(&self, i: usize) -> Option<char> {
        self.original[self.original_offset(i)..].chars().next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(fold(input), expected, "fold({input:?})");
        assert_eq!(
            Folded::new(input).as_str(),
            expected,
            "Folded::new({input:?})"
        );
    }

    #[test]
    fn folds_french_accents_and_case() {
        check("Tués à Ségou", "tues a segou");
        check("ÉTAT-MAJOR", "etat-major");
        check("cœur Œuvre", "coeur oeuvre");
        check("Jamāʿat nuṣrat al-islām", "jamaat nusrat al-islam");
    }

    #[test]
    fn folds_typography() {
        check("l’armée «FAMa» — 27\u{a0}km", "l'armee \"fama\" - 27 km");
        check("e\u{301}le\u{300}ve", "eleve");
    }

    #[test]
    fn maps_back_to_original_bytes() {
        let f = Folded::new("Près d’Ogossagou, œuvre");
        let at = f.as_str().find("ogossagou").unwrap();
        let r = TextRange::new(at, at + "ogossagou".len());
        assert_eq!(f.original_slice(r), "Ogossagou");
        let at = f.as_str().find("pres d'").unwrap();
        assert_eq!(f.original_slice(TextRange::new(at, at + 7)), "Près d’");
        let at = f.as_str().find("oeuvre").unwrap();
        assert_eq!(f.original_slice(TextRange::new(at, at + 2)), "œ");
        assert_eq!(f.original_slice(TextRange::new(at + 1, at + 6)), "œuvre");
    }

    #[test]
    fn ascii_runs_end_at_the_first_non_ascii_byte() {
        let text = "Tués à Ségou, près de la frontière burkinabè: «17 morts».";
        let b = text.as_bytes();
        for i in 0..=b.len() {
            let slow = b[i..]
                .iter()
                .position(|c| !c.is_ascii())
                .map_or(b.len(), |n| i + n);
            assert_eq!(ascii_run_end(b, i), slow, "{i}");
        }
    }

    #[test]
    fn common_characters_fold_as_fold_char_folds_them() {
        let mut answered = 0;
        for c in ('\u{80}'..='\u{7ff}').chain('\u{2000}'..='\u{20ff}') {
            let mut buf = [0; 4];
            let enc = c.encode_utf8(&mut buf).as_bytes();
            let Some((folded, width)) = fold_common(enc, 0) else {
                continue;
            };
            answered += 1;
            assert_eq!(width, enc.len(), "{c:?}");
            assert!(folded.is_ascii(), "{c:?}");
            let mut want = String::new();
            match fold_char(c) {
                FoldedChar::Drop => {}
                FoldedChar::One(a) => want.push(a),
                FoldedChar::Two(a, b) => {
                    want.push(a);
                    want.push(b);
                }
            }
            assert_eq!(folded, want, "{c:?}");
        }
        // The 62 letters, the no-break space, two guillemets, eight of U+2013..=U+202F.
        assert_eq!(answered, 62 + 3 + 8);
    }

    /// `Folded::new` copies ASCII runs as they are and lowercases the ASCII
    /// letters of the whole folded text at the end: right only if no other
    /// character folds to an uppercase ASCII letter.
    #[test]
    fn no_character_folds_to_an_uppercase_ascii_letter() {
        for c in ('\u{80}'..=char::MAX).filter(|c| !c.is_ascii()) {
            let upper = match fold_char(c) {
                FoldedChar::Drop => false,
                FoldedChar::One(a) => a.is_ascii_uppercase(),
                FoldedChar::Two(a, b) => a.is_ascii_uppercase() || b.is_ascii_uppercase(),
            };
            assert!(!upper, "{c:?}");
        }
        // And Folded::new gives fold's text for the characters around the
        // lowercasing: ASCII letters of both cases next to folded ones.
        let s = "AbC\u{212a}Éé\u{2019}Z ÆQ\u{130}x";
        assert_eq!(Folded::new(s).as_str(), fold(s));
    }

    #[test]
    fn latin_extended_a_table_is_aligned() {
        check(
            "ĀāČčĐđĞğİıŁłŃńŐőŒœŘřŠšŢţŪūŸŹźŽžſ",
            "aaccddggiillnnoooeoerrssttuuyzzzzs",
        );
    }
}
