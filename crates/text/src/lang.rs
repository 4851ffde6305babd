//! Language detection between French and English by function words.
//!
//! News articles are long enough that counting a few dozen very frequent function
//! words decides reliably, at memory speed, with no model to load.

use crate::fold;

/// An article language that kibaru reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// French.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Parses an ISO 639-1 code (`fr`, `en`, case-insensitive).
    /// Compared without a lowercased copy: every article that gives its
    /// language asks this once, and the copy (an allocation) cost more than
    /// the compares.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim();
        let is = |names: &[&str]| names.iter().any(|n| code.eq_ignore_ascii_case(n));
        if is(&["fr", "fre", "fra", "french"]) {
            Some(Lang::Fr)
        } else if is(&["en", "eng", "english"]) {
            Some(Lang::En)
        } else {
            None
        }
    }
}

const FRENCH: &[&str] = &[
    "a", "au", "aux", "avec", "ce", "cette", "dans", "de", "des", "du", "elle", "en", "est", "et",
    "il", "ils", "la", "le", "les", "leur", "mais", "ont", "par", "pas", "pour", "que", "qui",
    "se", "selon", "sont", "sur", "un", "une",
];

const ENGLISH: &[&str] = &[
    "and", "are", "at", "by", "for", "from", "had", "has", "have", "he", "in", "is", "it", "of",
    "on", "said", "that", "the", "their", "they", "to", "was", "were", "which", "who", "with",
];

/// How many words are enough to decide.
const SAMPLE_WORDS: usize = 400;

/// Detects whether `text` is French or English; `None` when it has no function
/// word of either language.
pub fn detect_lang(text: &str) -> Option<Lang> {
    let (mut fr, mut en, mut seen) = (0u32, 0u32, 0usize);
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        if word.len() <= 6 {
            // Most words are already folded: no allocation for them.
            let folded;
            let w = if word.bytes().all(|b| b.is_ascii_lowercase()) {
                word
            } else {
                folded = fold(word);
                folded.as_str()
            };
            fr += FRENCH.binary_search(&w).is_ok() as u32;
            en += ENGLISH.binary_search(&w).is_ok() as u32;
        }
        seen += 1;
        if seen >= SAMPLE_WORDS {
            break;
        }
    }
    match (fr, en) {
        (0, 0) => None,
        (f, e) if e > f => Some(Lang::En),
        _ => Some(Lang::Fr),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes read from a lowercased copy, as before.
    fn from_code_by_copy(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "fr" | "fre" | "fra" | "french" => Some(Lang::Fr),
            "en" | "eng" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    proptest::proptest! {
        #[test]
        fn codes_are_read_as_from_a_lowercased_copy(
            code in "[ \t]{0,2}(fr|FR|Fre|fRa|french|FRENCH|en|En|eng|ENGLISH|english|e|f|frenchy|de|ﬀr|İn|[a-zA-Z]{0,7})[ \n]{0,2}",
        ) {
            proptest::prop_assert_eq!(Lang::from_code(&code), from_code_by_copy(&code), "{:?}", code);
        }
    }

    #[test]
    fn detects_french_and_english() {
        assert_eq!(
            detect_lang("Des hommes armés ont attaqué le village de Sama dans la nuit."),
            Some(Lang::Fr)
        );
        assert_eq!(
            detect_lang("Gunmen attacked the village of Sama on Sunday, officials said."),
            Some(Lang::En)
        );
        assert_eq!(detect_lang("12345 !!!"), None);
    }

    #[test]
    fn word_lists_are_sorted() {
        for list in [FRENCH, ENGLISH] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted, list);
        }
    }
}
