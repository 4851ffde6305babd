//! Place recognition: finding place names in an article and the cue that
//! introduces each one.
//!
//! The folded text is cut into words. At each word written with a capital in
//! the original, the longest run of words (joined by spaces, hyphens or
//! apostrophes) whose normalised key names a country, an admin unit or a
//! gazetteer place is taken ("Tin-Akoff", "Bourem Inaly", "Côte d'Ivoire";
//! "d'Ogossagou" starts after the apostrophe). The words before it give the
//! cue ("village de", "près de", "à 30 km au nord de", "cercle de", "à", ...).
//!
//! Guards against false places: words that are also common words ("Bon",
//! "Dire", "Mine", the article's own lowercase words, sentence-initial "Selon")
//! need a cue; directions and region words ("Nord", "Est", "Centre") need an
//! admin cue ("région de l'Est"); months, weekdays, titles and "Dieu" never
//! fire; acronyms and names inside runs of capitalised words (persons) need a
//! cue; natural features (forests, rivers, hills) need a cue.

use crate::countries::{country_by_key, MAX_COUNTRY_WORDS};
use crate::gazetteer::AdminUnit;
use crate::index::{key_len, norm_key, norm_key_into, push_norm};
use crate::{Country, Gazetteer, PlaceCue, PlaceId, PlaceLevel, PlaceMention};
use kibaru_text::{Folded, TextRange};
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashSet;

/// Most candidates kept per mention (lists are sorted by static prior).
const MAX_CANDIDATES: usize = 100;
/// Most words tried for one name.
const MAX_SPAN_TOKENS: usize = 8;
/// Most words looked at before a name for its cue.
const MAX_CONTEXT: usize = 10;

/// Never places without an admin cue: directions and region words.
#[rustfmt::skip]
const DIRECTIONS: &[&str] = &[
    "nord", "sud", "est", "ouest", "centre", "north", "south", "east", "west", "center", "central", "northeast",
    "northwest", "southeast", "southwest", "sahel", "nord est", "nord ouest", "sud est", "sud ouest", "centre nord",
    "centre sud", "centre est", "centre ouest", "northern", "southern", "eastern", "western", "septentrional",
    "meridional", "oriental", "occidental",
];

/// Never places: months, weekdays, titles, religious words.
#[rustfmt::skip]
const NEVER: &[&str] = &[
    "janvier", "fevrier", "mars", "avril", "juin", "juillet", "aout", "septembre", "octobre", "novembre",
    "decembre", "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "dieu", "allah", "god", "m", "mme", "mr",
    "mrs", "ms", "dr", "me", "mlle", "islam", "coran", "koran", "prophete",
    // "le Faso" is Burkina, never the Ghanaian village.
    "faso",
];

/// The word lists of the guards, one bit each in what [`Sets::kinds`] says of
/// a word.
#[derive(Clone, Copy)]
enum Kind {
    Common,
    GivenName,
    Title,
    NameLink,
    Direction,
    Never,
}

impl Kind {
    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The word lists below in one dictionary, built on first use: one lookup
/// says which lists hold a word.
struct Sets(SmallDict<u8>);

impl Sets {
    /// The lists that hold `w`, one [`Kind::bit`] each.
    fn kinds(&self, w: &str) -> u8 {
        self.0.get(w).unwrap_or(0)
    }

    /// Whether the list `kind` holds `w`.
    fn is(&self, w: &str, kind: Kind) -> bool {
        self.kinds(w) & kind.bit() != 0
    }
}

/// The guards' word lists and the kind each gives its words.
const WORD_LISTS: [(Kind, &[&str]); 6] = [
    (Kind::Common, COMMON),
    (Kind::GivenName, GIVEN_NAMES),
    (Kind::Title, TITLES),
    (Kind::NameLink, NAME_LINKS),
    (Kind::Direction, DIRECTIONS),
    (Kind::Never, NEVER),
];

fn sets() -> &'static Sets {
    static SETS: std::sync::OnceLock<Sets> = std::sync::OnceLock::new();
    SETS.get_or_init(|| {
        let mut entries: Vec<(&'static str, u8)> = Vec::new();
        for (kind, words) in WORD_LISTS {
            for &w in words {
                match entries.iter_mut().find(|e| e.0 == w) {
                    Some(e) => e.1 |= kind.bit(),
                    None => entries.push((w, kind.bit())),
                }
            }
        }
        Sets(SmallDict::new(entries))
    })
}

/// Titles: a capitalised word right after one is a person's name.
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "m", "mme", "mr", "mrs", "ms", "dr", "mlle", "general", "colonel", "capitaine", "commandant", "lieutenant",
    "sergent", "caporal", "adjudant", "president", "ministre", "imam", "cheikh", "sheikh", "cherif", "elhadj",
    "hadj", "abbe", "pere", "pasteur", "docteur", "professeur", "marabout", "captain", "major", "sergeant",
    "minister", "mister", "madame", "monsieur", "chef", "emir", "sultan", "roi", "king", "saint",
];

/// Small words inside multi-word names ("Fada N'Gourma", "République du Mali",
/// "Sao Tomé et Principe").
#[rustfmt::skip]
const NAME_LINKS: &[&str] = &[
    "de", "du", "des", "d", "el", "al", "ag", "ould", "n", "la", "le", "les", "et", "of", "the", "and", "sur", "en",
    "i", "ii",
];

/// The longest word of [`NAME_LINKS`], in bytes: a longer word is no link,
/// without a lookup.
const MAX_NAME_LINK_LEN: usize = {
    let mut max = 0;
    let mut k = 0;
    while k < NAME_LINKS.len() {
        if NAME_LINKS[k].len() > max {
            max = NAME_LINKS[k].len();
        }
        k += 1;
    }
    max
};

/// Frequent given names in the region: places somewhere, but before another
/// capitalised word they open a person's name ("Abdoulaye Diallo").
#[rustfmt::skip]
const GIVEN_NAMES: &[&str] = &[
    "ali", "moussa", "amadou", "ibrahim", "ibrahima", "ousmane", "hamadoun", "sekou", "boubacar", "mohamed",
    "mohammed", "mahamadou", "mamadou", "oumar", "omar", "issa", "adama", "abdoulaye", "salif", "modibo",
    "yacouba", "aliou", "alassane", "souleymane", "seydou", "hamidou", "idrissa", "ismael", "karim", "lassina",
    "boureima", "harouna", "hassane", "hama", "abdou", "abdel", "aminata", "fatoumata", "mariam", "awa",
    "aissata", "kadiatou", "oumou", "roch", "emmanuel", "assimi", "abdourahamane", "paul",
];

/// Common French and English words that are also place names somewhere: they
/// need a cue (any but "from").
#[rustfmt::skip]
const COMMON: &[&str] = &[
    // Named in the brief and known traps.
    "bon", "bonne", "dire", "mine", "kara", "sama", "tous", "bamba", "paix", "union", "espoir", "liberte", "hope",
    "peace", "liberty", "freedom", "camp", "marche", "ville", "village", "gare", "mission", "station", "police",
    "ecole", "hopital", "port", "pont", "route", "source", "sante", "garde", "nation", "plateau", "savane", "foret",
    "bois", "mont", "lac", "fleuve", "market", "town", "city", "river", "lake", "hill", "bridge", "church", "army",
    "state", "etat", "armee", "new", "old", "good", "big", "little", "may", "mai", "will", "victoire", "gloire",
    "grace", "dan",
    // Function words and frequent sentence starters.
    "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "et", "ou", "mais", "donc", "car", "ni", "or",
    "pour", "par", "avec", "sans", "sous", "sur", "dans", "selon", "apres", "avant", "depuis", "pendant", "lors",
    "ce", "cet", "cette", "ces", "il", "elle", "ils", "elles", "on", "nous", "vous", "je", "leur", "leurs", "son",
    "sa", "ses", "qui", "que", "quoi", "dont", "ainsi", "alors", "aussi", "encore", "deja", "hier", "demain",
    "aujourd'hui", "toutefois", "cependant", "pourtant", "enfin", "puis", "ensuite", "tout", "toute", "toutes",
    "plusieurs", "certains", "aucun", "chaque", "entre", "vers", "contre", "chez", "au", "aux", "a", "en", "the",
    "as", "if", "so", "yet", "not", "no",
    "an", "and", "but", "of", "in", "on", "at", "to", "for", "with", "by", "from", "this", "that", "these", "those",
    "he", "she", "they", "we", "it", "its", "his", "her", "their", "who", "which", "what", "when", "where", "while",
    "after", "before", "during", "since", "according", "however", "also", "yesterday", "today", "some", "many",
    "several", "all", "one", "two", "three", "last", "early", "late", "then", "there", "here", "near", "attaque",
    "attack", "attaques", "attacks", "bilan", "source", "sources", "soldats", "soldiers", "deux", "trois", "quatre",
    "cinq", "six", "sept", "huit", "neuf", "dix",
    "more", "most", "over", "up", "such", "other", "another", "both", "each", "every", "any", "only", "even",
    "still", "once", "now", "just", "very", "much", "few", "less", "like", "about", "under", "among", "without",
    "because", "although", "despite", "how", "why", "plus", "moins", "tres", "peu", "comme", "quand", "lorsque",
];

/// Nouns that make a following name a settlement ("village de X").
#[rustfmt::skip]
const SETTLEMENT_NOUNS: &[&str] = &[
    "village", "villages", "localite", "localites", "commune", "communes", "ville", "hameau", "hameaux", "camp",
    "marche", "quartier", "chef lieu", "lieu", "site", "town", "hamlet", "city", "locality", "market", "community",
    "settlement", "poste", "peage", "base", "garnison", "detachement", "brigade", "commissariat", "mosquee",
    "eglise", "ecole", "gare", "aeroport", "barrage", "pont", "carriere", "orpaillage", "dispensaire", "hopital",
    "prison", "maison", "village of", "checkpoint", "outpost", "mosque", "church", "school", "gendarmerie",
];
/// Event nouns whose "de" names where the event happened ("l'attaque d'Inata").
#[rustfmt::skip]
const EVENT_NOUNS: &[&str] = &[
    "attaque", "attaques", "massacre", "tuerie", "drame", "embuscade", "assaut", "bataille", "chute",
    "reprise", "prise", "attack", "massacre", "siege", "fall",
];
/// Adjectives between a place noun and its "de" ("commune rurale de").
#[rustfmt::skip]
const NOUN_ADJECTIVES: &[&str] = &[
    "rurale", "rural", "urbaine", "urbain", "voisin", "voisine", "voisins", "voisines", "natal", "natale",
    "frontalier", "frontaliere", "minier", "miniere", "aurifere", "militaire",
];
/// Nouns that make a following name an area near the event ("forêt de X").
#[rustfmt::skip]
const NEAR_NOUNS: &[&str] = &[
    "proximite", "environs", "alentours", "abords", "peripherie", "sortie", "portes", "entree", "outskirts",
    "vicinity", "foret", "mare", "lac", "colline", "collines", "zone", "massif", "plaine", "vallee", "falaise",
    "falaises", "forest", "lake", "hills", "area", "pres",
];
/// Nouns that need no preposition ("lac Faguibine", "fleuve Niger").
#[rustfmt::skip]
const BARE_NEAR_NOUNS: &[&str] = &[
    "lac", "lake", "foret", "forest", "mont", "mount", "fleuve", "riviere", "river",
];
#[rustfmt::skip]
const ADMIN2_NOUNS: &[&str] = &[
    "cercle", "departement", "province", "prefecture", "district", "county",
];
const ADMIN1_NOUNS: &[&str] = &["region", "gouvernorat", "governorate", "wilaya"];
#[rustfmt::skip]
const ROAD_NOUNS: &[&str] = &[
    "axe", "route", "road", "troncon", "piste", "routier", "highway",
];
#[rustfmt::skip]
const FROM_WORDS: &[&str] = &[
    "originaire", "originaires", "provenance", "venu", "venus", "venue", "venues", "venant", "provenant", "natif",
    "native", "natives", "originating", "coming", "fled", "fui", "fuyant",
];
#[rustfmt::skip]
const UNITS: &[&str] = &[
    "km", "kms", "kilometres", "kilometre", "kilometers", "kilometer",
];
#[rustfmt::skip]
const PREPS: &[&str] = &[
    "de", "a", "dans", "en", "sur", "in", "at", "near", "outside", "around", "entre", "between", "from", "of", "to",
];

/// One word of the folded text: its byte range and flags in one byte (twelve
/// bytes a word: the vector of an article's words is built and walked several
/// times).
#[derive(Clone, Copy, Debug)]
struct Tok {
    start: u32,
    end: u32,
    /// [`CAP`], [`SPAN_OK`], [`CTX_OK`], [`SPACE`], [`ELIDED`], [`LOWER`],
    /// [`PLAIN`].
    flags: u8,
}

/// Written with a capital in the original.
const CAP: u8 = 1;
/// Joined to the previous word by spaces, a hyphen or an apostrophe only (may
/// be part of one name with it).
const SPAN_OK: u8 = 2;
/// Joined to the previous word without sentence or clause punctuation (may be
/// part of one cue with it).
const CTX_OK: u8 = 4;
/// Joined to the previous word by a single space.
const SPACE: u8 = 8;
/// Directly followed by an apostrophe ("d'", "l'").
const ELIDED: u8 = 16;
/// A capitalised word that the article also writes in lowercase (a common
/// word: "Selon" and "selon"); see [`mark_capitalised`].
const LOWER: u8 = 32;
/// A capitalised word that may be part of a person's name: not a common word
/// (unless a given name), not written in lowercase, not a title; see
/// [`mark_capitalised`].
const PLAIN: u8 = 64;

impl Tok {
    #[inline]
    fn start(self) -> usize {
        self.start as usize
    }
    #[inline]
    fn end(self) -> usize {
        self.end as usize
    }
    #[inline]
    fn has(self, flag: u8) -> bool {
        self.flags & flag != 0
    }
    #[inline]
    fn set(&mut self, flag: u8, on: bool) {
        self.flags = self.flags & !flag | if on { flag } else { 0 };
    }
    #[inline]
    fn cap(self) -> bool {
        self.has(CAP)
    }
    #[inline]
    fn span_ok(self) -> bool {
        self.has(SPAN_OK)
    }
    #[inline]
    fn ctx_ok(self) -> bool {
        self.has(CTX_OK)
    }
    #[inline]
    fn space(self) -> bool {
        self.has(SPACE)
    }
    #[inline]
    fn elided(self) -> bool {
        self.has(ELIDED)
    }
    #[inline]
    fn lower(self) -> bool {
        self.has(LOWER)
    }
    #[inline]
    fn plain(self) -> bool {
        self.has(PLAIN)
    }
}

/// The words of the folded text with their flags, [`CAP`] included.
#[cfg(test)]
fn tokenize(folded: &Folded<'_>) -> Vec<Tok> {
    let mut toks = scan_words(folded);
    for t in &mut toks {
        t.flags |= u8::from(is_capitalised(folded, t.start()));
    }
    toks
}

/// Whether the word at byte `i` of the folded text is written with a capital
/// in the original.
#[inline]
fn is_capitalised(folded: &Folded<'_>, i: usize) -> bool {
    match folded.original().as_bytes()[folded.original_offset(i)] {
        // Written with an ASCII character: no decoding.
        o if o.is_ascii() => o.is_ascii_uppercase(),
        _ => folded.original_char_at(i).is_some_and(char::is_uppercase),
    }
}

/// The words of the folded text with their flags but [`CAP`], which
/// [`mark_capitalised`] sets in its first pass over them (one pass fewer).
///
/// Two passes: a bitmap of the text's word bytes ([`word_bitmap`]), then the
/// words are its runs of set bits, read from the bits where a run starts or
/// ends, a 64-bit word of the bitmap at a time: a word costs a few bit
/// operations and the test of the separator before it (mostly one space),
/// not a scan of its bytes.
///
/// Kept out of line: inlined into [`find_places`], its loop shared registers
/// with the rest and kept its vector and text on the stack.
#[inline(never)]
fn scan_words(folded: &Folded<'_>) -> Vec<Tok> {
    let text = folded.as_str();
    let bits = word_bitmap(text);
    // About one word in six bytes of news text: one allocation for most articles.
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 5 + 1);
    let mut prev_end = 0usize;
    // The start of the word being read, if one is.
    let mut start = None;
    // Whether the byte before the current bitmap word is a word byte.
    let mut carry = 0u64;
    for (n, &x) in bits.iter().enumerate() {
        let before = x << 1 | carry;
        carry = x >> 63;
        // Each bit where a word starts or ends, in text order: starts and ends
        // alternate.
        let mut edges = x ^ before;
        while edges != 0 {
            let at = n * 64 + edges.trailing_zeros() as usize;
            edges &= edges - 1;
            let Some(s) = start.take() else {
                start = Some(at);
                continue;
            };
            push_word(text, &mut toks, prev_end, s, at);
            prev_end = at;
        }
    }
    // The bitmap has a clear bit at the text's end (`word_bitmap` makes
    // `len / 64 + 1` words), so every word has met its end edge above.
    debug_assert!(start.is_none());
    toks
}

/// Adds the word from `start` to `end` to `toks`, with its flags from the
/// separator after the previous word (which ends at `prev_end`), and that
/// word's [`ELIDED`].
#[inline(always)]
fn push_word(text: &str, toks: &mut Vec<Tok>, prev_end: usize, start: usize, end: usize) {
    let flags = if toks.is_empty() {
        0
    } else if start == prev_end + 1 && text.as_bytes()[prev_end] == b' ' {
        // One space (most words): no apostrophe for the previous word.
        SPAN_OK | CTX_OK | SPACE
    } else {
        separator_flags(text, toks, prev_end, start)
    };
    // Offsets fit in `u32`: `Folded::new` makes no text of `u32::MAX` bytes.
    toks.push(Tok {
        start: start as u32,
        end: end as u32,
        flags,
    });
}

/// The flags of a word at `start` from the separator after the previous word
/// (the last of `toks`, which ends at `prev_end`) but a single space, and
/// that word's [`ELIDED`].
#[inline(never)]
fn separator_flags(text: &str, toks: &mut [Tok], prev_end: usize, start: usize) -> u8 {
    // Words are whole runs: a separator of at least one byte (non-word
    // characters, so `prev_end` and `start` are char boundaries).
    let sep = &text.as_bytes()[prev_end..start];
    if let Some(last) = toks.last_mut() {
        last.set(ELIDED, sep.first() == Some(&b'\''));
    }
    if sep == b" " {
        return SPAN_OK | CTX_OK | SPACE;
    }
    // Both flags from one table read a byte while the separator is ASCII
    // (nearly always: ", ", ". ", "\n"); a non-ASCII character is no span
    // byte, and is classified as a character.
    let mut all = SPAN_OK | CTX_OK;
    for (k, &c) in sep.iter().enumerate() {
        if c >= 0x80 {
            let ctx_ok = text[prev_end + k..start].chars().all(is_ctx_separator);
            return all & CTX_OK & if ctx_ok { CTX_OK } else { 0 };
        }
        all &= SEPARATOR_FLAGS[usize::from(c)];
    }
    if sep.is_empty() || sep.len() > 3 {
        all &= !SPAN_OK;
    }
    all
}

/// For each ASCII byte, as a separator of words: [`SPAN_OK`] when a name may
/// run over it (a space, a hyphen, an apostrophe) and [`CTX_OK`] when cue
/// words may be read across it ([`is_ctx_separator`]).
const SEPARATOR_FLAGS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        if matches!(b, b' ' | b'-' | b'\'') {
            t[c] |= SPAN_OK;
        }
        // `char::is_whitespace` on ASCII: a space, or a tab to a carriage return.
        if (b == b' ' || (b >= 0x09 && b <= 0x0d)) && b != b'\n'
            || matches!(b, b'-' | b'\'' | b'(' | b')')
        {
            t[c] |= CTX_OK;
        }
        c += 1;
    }
    t
};

/// The word bytes of `text`, one bit each (bit `i % 64` of word `i / 64`):
/// the bytes of its alphanumeric characters. No bit is set past the text.
///
/// Eight bytes a step, all tested at once, when they are all ASCII (folded
/// text is nearly all ASCII); a step with a byte of a longer character looks
/// at its bytes one at a time, a character's bits all set from its first
/// byte (they may reach into the next step, which sets no bit of its own for
/// them and clears none).
fn word_bitmap(text: &str) -> Vec<u64> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Whether each byte (below 0x80) is at least `lo`, in its high bit: adding
    // 0x80 - lo carries into the high bit exactly then, and never out of the byte.
    let at_least = |x: u64, lo: u8| x + u64::from(0x80 - lo) * ONES;
    let bytes = text.as_bytes();
    let mut bits = vec![0u64; bytes.len() / 64 + 1];
    // The bits of the ASCII steps of one bitmap word, gathered before they
    // are stored (the steps read one at a time store theirs directly).
    let mut acc = 0u64;
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        if w & HIGH == 0 {
            let digit = at_least(w, b'0') & !at_least(w, b'9' + 1);
            // Letters of either case: ASCII letters differ from their
            // lowercase by the 0x20 bit only (which no other byte below 0x80
            // brings into 'a'..='z').
            let y = w | (0x20 * ONES);
            let letter = at_least(y, b'a') & !at_least(y, b'z' + 1);
            let alnum = (digit | letter) & HIGH;
            // The high bit of byte k to bit k (the products of the multiply
            // never overlap, so none carries; byte k lands in bit 56 + k).
            let m = (alnum >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
            // `i` is a multiple of 8: the eight bits fit in one word.
            acc |= m << (i % 64);
        } else {
            for k in i..i + 8 {
                mark_word_byte(text, k, &mut bits);
            }
        }
        i += 8;
        if i % 64 == 0 {
            bits[i / 64 - 1] |= acc;
            acc = 0;
        }
    }
    // The steps of the last, partial bitmap word.
    bits[i / 64] |= acc;
    for k in i..bytes.len() {
        mark_word_byte(text, k, &mut bits);
    }
    bits
}

/// Sets the bits of the character at byte `k` of `text` when it is
/// alphanumeric; nothing for a byte inside a character (its first byte set its bit).
#[inline]
fn mark_word_byte(text: &str, k: usize, bits: &mut [u64]) {
    let b = text.as_bytes()[k];
    // A byte below 0x80 is an ASCII character; 0xC0 and up begin a longer one.
    if !(0x80..0xc0).contains(&b) {
        let (alnum, len) = char_class(text, k);
        if alnum {
            for q in k..k + len {
                bits[q / 64] |= 1 << (q % 64);
            }
        }
    }
}

/// Whether the character at byte `i` of `text` (a char boundary) is alphanumeric,
/// and its length in bytes; ASCII without decoding.
#[inline]
fn char_class(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        return (ASCII_ALNUM[usize::from(b)], 1);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    (c.is_alphanumeric(), c.len_utf8())
}

/// Whether each ASCII byte is a letter or a digit.
const ASCII_ALNUM: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Whether a character between two words keeps them in one clause, so that
/// the first may belong to the second's cue: blanks other than a line break,
/// hyphens, apostrophes and brackets.
#[inline]
fn is_ctx_separator(c: char) -> bool {
    c.is_whitespace() && c != '\n' || matches!(c, '-' | '\'' | '(' | ')')
}

/// A word before a name, for cue parsing.
#[derive(Clone)]
struct Word<'t> {
    text: &'t str,
    elided: bool,
    /// The word is "a", written "à" in the original (false for any other word:
    /// only "a" is ever asked).
    grave_a: bool,
    /// The cue word lists that hold this word (one bit a [`List`]), looked up
    /// once instead of comparing it with every entry of every list asked (a
    /// word is made only when cue parsing reads it, see [`Context`]).
    lists: u32,
}

/// The words before a name, nearest first, for cue parsing: up to
/// [`MAX_CONTEXT`] words of one clause, none over the last mention. Each is
/// made when first asked for, and only the words up to it are checked to be
/// there: a cue is mostly read from its first word or two, and most names
/// have more words before them (gathering all ten for each name cost more
/// than reading the cue).
struct Context<'t> {
    folded: &'t Folded<'t>,
    toks: &'t [Tok],
    /// The name's token.
    i: usize,
    /// The end of the last mention.
    covered_until: usize,
    /// How many words are known to be there...
    known: Cell<usize>,
    /// ... and whether they are all.
    complete: Cell<bool>,
    words: [std::cell::OnceCell<Word<'t>>; MAX_CONTEXT],
}

/// The words before a name, nearest first, as the cue parser reads them: a
/// lazy [`Context`] (the tests also read a slice of words gathered first).
trait CueWords<'t> {
    /// Word `j` before the name (0 the nearest), if there is one.
    fn word(&self, j: usize) -> Option<&Word<'t>>;
}

impl<'t> CueWords<'t> for Context<'t> {
    #[inline]
    fn word(&self, j: usize) -> Option<&Word<'t>> {
        self.get(j)
    }
}

#[cfg(test)]
impl<'t> CueWords<'t> for [Word<'t>] {
    fn word(&self, j: usize) -> Option<&Word<'t>> {
        self.get(j)
    }
}

impl<'t> Context<'t> {
    fn new(folded: &'t Folded<'t>, toks: &'t [Tok], i: usize, covered_until: usize) -> Self {
        Context {
            folded,
            toks,
            i,
            covered_until,
            known: Cell::new(0),
            complete: Cell::new(false),
            words: [const { std::cell::OnceCell::new() }; MAX_CONTEXT],
        }
    }

    /// Word `j` before the name (0 the nearest), if it belongs to the context.
    #[inline]
    fn get(&self, j: usize) -> Option<&Word<'t>> {
        if j >= self.known.get() && !self.reaches(j) {
            return None;
        }
        Some(self.words[j].get_or_init(|| self.make(j)))
    }

    /// Whether the context has a word `j`, checking the words up to it.
    #[inline(never)]
    fn reaches(&self, j: usize) -> bool {
        let mut n = self.known.get();
        while n <= j && !self.complete.get() {
            // Word `n` is token `i - 1 - n`: in the context while it is joined
            // to the next one in one clause and ends after the last mention.
            let b = self.i - n;
            if n < MAX_CONTEXT
                && b > 0
                && self.toks[b].ctx_ok()
                && self.toks[b - 1].end() > self.covered_until
            {
                n += 1;
            } else {
                self.complete.set(true);
            }
        }
        self.known.set(n);
        j < n
    }

    /// Word `j`, there (see [`Context::reaches`]).
    #[inline(never)]
    fn make(&self, j: usize) -> Word<'t> {
        let p = self.toks[self.i - 1 - j];
        let word = &self.folded.as_str()[p.start()..p.end()];
        // Only the word "a" asks (see `Word::grave_a`): no decoding for the others.
        let grave_a = word == "a"
            && self
                .folded
                .original_char_at(p.start())
                .is_some_and(|c| matches!(c, 'à' | 'À'));
        Word::new(word, p.elided(), grave_a)
    }
}

impl Word<'_> {
    /// A word of the text before a name; `elided` when an apostrophe follows it
    /// ("d'", "l'"), as the lists write it.
    fn new(text: &str, elided: bool, grave_a: bool) -> Word<'_> {
        let lists = cue_words()
            .get(text)
            .map_or(0, |bits| bits[usize::from(elided)]);
        Word {
            text,
            elided,
            grave_a,
            lists,
        }
    }

    /// Whether the word is `s`; an elided word ("d" before an apostrophe) is
    /// written with its apostrophe ("d'").
    fn is(&self, s: &str) -> bool {
        if self.elided {
            s.len() == self.text.len() + 1 && s.ends_with('\'') && s.starts_with(self.text)
        } else {
            self.text == s
        }
    }

    /// Whether the word is in `list`: what [`Word::is`] says of one of its words.
    #[inline]
    fn is_in(&self, list: List) -> bool {
        self.lists & list.bit() != 0
    }
}

/// The word lists cue parsing asks about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum List {
    Directions,
    DirectionArticles,
    Units,
    Of,
    About,
    DirectionAdjectives,
    DeContractions,
    AContractions,
    Articles,
    Preps,
    NounAdjectives,
    SettlementNouns,
    NearWords,
    EventNouns,
    NearArticles,
    NearNouns,
    Admin2Nouns,
    Admin1Nouns,
    RoadNouns,
    FromWords,
    CloseWords,
    BareNearNouns,
}

impl List {
    fn bit(self) -> u32 {
        1 << self as u32
    }
}

/// Each [`List`] and its words.
const CUE_LISTS: &[(List, &[&str])] = &[
    (List::Directions, DIRECTIONS),
    (List::DirectionArticles, &["au", "l'", "le", "the", "la"]),
    (List::Units, UNITS),
    (List::Of, &["de", "d'"]),
    (List::About, &["une", "environ", "about", "some", "around"]),
    (
        List::DirectionAdjectives,
        &[
            "northern", "southern", "eastern", "western", "central", "north", "south", "east",
            "west",
        ],
    ),
    (List::DeContractions, &["du", "des", "d'"]),
    (List::AContractions, &["au", "aux"]),
    (List::Articles, &["la", "le", "les", "l'", "the"]),
    (List::Preps, PREPS),
    (List::NounAdjectives, NOUN_ADJECTIVES),
    (List::SettlementNouns, SETTLEMENT_NOUNS),
    (
        List::NearWords,
        &["near", "pres", "outside", "around", "proximite"],
    ),
    (List::EventNouns, EVENT_NOUNS),
    (
        List::NearArticles,
        &["a", "aux", "les", "la", "the", "tout"],
    ),
    (List::NearNouns, NEAR_NOUNS),
    (List::Admin2Nouns, ADMIN2_NOUNS),
    (List::Admin1Nouns, ADMIN1_NOUNS),
    (List::RoadNouns, ROAD_NOUNS),
    (List::FromWords, FROM_WORDS),
    (List::CloseWords, &["close", "next", "proche"]),
    (List::BareNearNouns, BARE_NEAR_NOUNS),
];

/// Every word of [`CUE_LISTS`] with the lists that hold it: the bits for the
/// word as written, then for the word before an apostrophe ("d" of "d'").
/// Entries of several words ("chef lieu") are kept but never match one word.
fn cue_words() -> &'static SmallDict<[u32; 2]> {
    static WORDS: std::sync::OnceLock<SmallDict<[u32; 2]>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut entries: Vec<(&'static str, [u32; 2])> = Vec::new();
        for &(list, words) in CUE_LISTS {
            for &w in words {
                let (word, elided) = match w.strip_suffix('\'') {
                    Some(stem) => (stem, 1),
                    None => (w, 0),
                };
                let at = match entries.iter().position(|e| e.0 == word) {
                    Some(at) => at,
                    None => {
                        entries.push((word, [0, 0]));
                        entries.len() - 1
                    }
                };
                entries[at].1[elided] |= list.bit();
            }
        }
        SmallDict::new(entries)
    })
}

/// A dictionary of a few hundred fixed words, direct-mapped on a word's length
/// and first and last bytes: a lookup is one multiply and, for most words of a
/// text, no string comparison at all (cheaper than a general hash map, whose
/// hash reads every byte). Its buckets are fixed with the words, so no text
/// can make a lookup slow.
struct SmallDict<V> {
    /// For each bucket, the range of its words in `entries`.
    buckets: Vec<(u16, u16)>,
    entries: Vec<(&'static str, V)>,
}

/// Buckets of a [`SmallDict`]: a power of two, several times its words.
const SMALL_DICT_BITS: u32 = 10;

impl<V: Copy> SmallDict<V> {
    fn new(mut entries: Vec<(&'static str, V)>) -> SmallDict<V> {
        entries.retain(|e| !e.0.is_empty());
        entries.sort_by_key(|e| Self::bucket(e.0));
        let mut buckets = vec![(0u16, 0u16); 1 << SMALL_DICT_BITS];
        let mut i = 0;
        while i < entries.len() {
            let b = Self::bucket(entries[i].0);
            let start = i;
            while i < entries.len() && Self::bucket(entries[i].0) == b {
                i += 1;
            }
            buckets[b] = (start as u16, i as u16);
        }
        SmallDict { buckets, entries }
    }

    fn bucket(w: &str) -> usize {
        let b = w.as_bytes();
        let x = (b.len() as u32) << 16 | u32::from(b[0]) << 8 | u32::from(b[b.len() - 1]);
        (x.wrapping_mul(0x9e37_79b1) >> (32 - SMALL_DICT_BITS)) as usize
    }

    fn get(&self, w: &str) -> Option<V> {
        if w.is_empty() {
            return None;
        }
        let (start, end) = self.buckets[Self::bucket(w)];
        self.entries[usize::from(start)..usize::from(end)]
            .iter()
            .find(|e| crate::index::same_bytes(e.0.as_bytes(), w.as_bytes()))
            .map(|e| e.1)
    }
}

fn number_word(w: &str) -> Option<u32> {
    if let Ok(n) = w.parse::<u32>() {
        return Some(n);
    }
    Some(match w {
        "un" | "une" | "one" | "a" => 1,
        "deux" | "two" | "couple" => 2,
        "trois" | "three" => 3,
        "quatre" | "four" => 4,
        "cinq" | "five" => 5,
        "six" => 6,
        "sept" | "seven" => 7,
        "huit" | "eight" => 8,
        "neuf" | "nine" => 9,
        "dix" | "ten" | "dizaine" => 10,
        "douze" | "twelve" | "douzaine" => 12,
        "quinze" | "fifteen" | "quinzaine" => 15,
        "vingt" | "twenty" | "vingtaine" => 20,
        "trente" | "thirty" | "trentaine" => 30,
        "quarante" | "forty" | "quarantaine" => 40,
        "cinquante" | "fifty" | "cinquantaine" => 50,
        "soixante" | "sixty" | "soixantaine" => 60,
        "cent" | "hundred" | "centaine" => 100,
        _ => return None,
    })
}

/// Parses "30 km [au nord] de", "une trentaine de kilomètres de", "30 kilometres
/// (north) of" backwards from `ws[k]` (the word before the preposition).
/// Returns the cue and the index of its first word. The words are those of
/// `ws` from word `off` on.
fn distance_or_direction<'t, W: CueWords<'t> + ?Sized>(
    ws: &W,
    off: usize,
    k: usize,
) -> Option<(PlaceCue, usize)> {
    let at = |j: usize| ws.word(off + j);
    let mut j = k;
    let mut dir = false;
    while at(j).is_some_and(|w| w.is_in(List::Directions)) {
        j += 1;
        dir = true;
    }
    if dir {
        while at(j).is_some_and(|w| w.is_in(List::DirectionArticles) || (w.is("a") && w.grave_a)) {
            j += 1;
        }
    }
    let w = at(j)?;
    if w.is_in(List::Units) {
        let mut n = j + 1;
        if at(n).is_some_and(|w| w.is_in(List::Of)) {
            n += 1;
        }
        if let Some(v) = at(n).and_then(|w| number_word(w.text)) {
            let mut first = n;
            if at(n + 1).is_some_and(|w| w.is_in(List::About)) {
                first += 1;
            }
            return Some((PlaceCue::Distance(v), first));
        }
    } else if let Some(num) = w
        .text
        .strip_suffix("km")
        .and_then(|d| d.parse::<u32>().ok())
    {
        return Some((PlaceCue::Distance(num), j));
    }
    dir.then_some((PlaceCue::Near, j.saturating_sub(1).max(k)))
}

/// The settlement noun heading a list that the name at `start` continues
/// ("villages de A, B et C"): the items before it are capitalised names joined
/// by commas and one "et"/"and".
fn listed_settlement(folded: &Folded<'_>, start: usize) -> Option<TextRange> {
    let text = folded.as_str();
    let mut from = start.saturating_sub(160);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut s = text[from..start].trim_end();
    for _ in 0..8 {
        // The separator before the name.
        s = if let Some(r) = s.strip_suffix(',') {
            r.trim_end()
        } else if let Some(r) = s.strip_suffix(" et").or_else(|| s.strip_suffix(" and")) {
            r.trim_end()
        } else {
            return None;
        };
        // The item before it: one to three capitalised words.
        let mut words = 0;
        loop {
            let cut = s.rfind([' ', '\'', '-']).map_or(0, |k| k + 1);
            let word = &s[cut..];
            let capital = !word.is_empty()
                && folded
                    .original_char_at(from + cut)
                    .is_some_and(char::is_uppercase);
            if !capital || words == 3 {
                break;
            }
            words += 1;
            s = s[..cut].trim_end_matches([' ', '-']);
        }
        if words == 0 {
            return None;
        }
        for noun in [
            "villages de",
            "villages d'",
            "localites de",
            "localites d'",
            "hameaux de",
            "hameaux d'",
            "villages of",
        ] {
            if s.ends_with(noun) {
                let end = from + s.len();
                return Some(TextRange::new(end - noun.len(), end));
            }
        }
    }
    None
}

/// The cue before a name from the words before it, nearest first. Returns the
/// cue and the index in `ws` of its first (leftmost) word.
/// The words are those of `ws` from word `off` on; the index returned counts
/// from there.
fn parse_cue<'t, W: CueWords<'t> + ?Sized>(ws: &W, off: usize) -> Option<(PlaceCue, usize)> {
    let at = |j: usize| ws.word(off + j);
    let w0 = at(0)?;
    // "in northern Mali", "dans le Mali central": the adjective is no cue.
    if w0.is_in(List::DirectionAdjectives) {
        return parse_cue(ws, off + 1).map(|(c, first)| (c, first + 1));
    }
    // The preposition, with contractions and articles undone.
    let (prep, k): (&str, usize) = if w0.is_in(List::DeContractions) {
        ("de", 1)
    } else if w0.is_in(List::AContractions) {
        ("a", 1)
    } else if w0.is_in(List::Articles) {
        match at(1) {
            Some(w1) if w1.is_in(List::Preps) => (w1.text, 2),
            _ => ("", 1),
        }
    } else if w0.is_in(List::Preps) {
        (w0.text, 1)
    } else {
        ("", 0)
    };
    if prep == "a" && at(k - 1).is_some_and(|w| w.is("a") && !w.grave_a) {
        // "a" without accent: the verb "avoir" or the English article.
        return None;
    }
    let prep_at = k.saturating_sub(1);
    match prep {
        "de" | "of" | "from" => {
            if let Some(c) = distance_or_direction(ws, off, k) {
                return Some(c);
            }
            if prep == "from" {
                return Some((PlaceCue::From, prep_at));
            }
            // "commune rurale de", "village voisin de": the adjective is no cue.
            let k = if at(k).is_some_and(|w| w.is_in(List::NounAdjectives)) {
                k + 1
            } else {
                k
            };
            let noun = at(k)?;
            if noun.is_in(List::SettlementNouns) {
                // "près de la ville de Kaya", "near the Burkina Faso city of Kaya":
                // near the settlement, not in it.
                let near =
                    (k + 1..k + 6).find(|&j| at(j).is_some_and(|w| w.is_in(List::NearWords)));
                match near {
                    Some(j) => Some((PlaceCue::Near, j)),
                    None => Some((PlaceCue::Settlement, k)),
                }
            } else if noun.is_in(List::EventNouns) {
                // "l'attaque d'Inata", "le massacre d'Ogossagou": where it happened.
                Some((PlaceCue::At, k))
            } else if noun.is("loin") {
                at(k + 1)
                    .filter(|w| w.is("non"))
                    .map(|_| (PlaceCue::Near, k + 1))
            } else if noun.is_in(List::NearNouns) {
                let first = if at(k + 1).is_some_and(|w| w.is_in(List::NearArticles)) {
                    k + 1
                } else {
                    k
                };
                Some((PlaceCue::Near, first))
            } else if noun.is_in(List::Admin2Nouns) {
                Some((PlaceCue::Admin2, k))
            } else if noun.is_in(List::Admin1Nouns) {
                Some((PlaceCue::Admin1, k))
            } else if noun.is_in(List::RoadNouns) {
                Some((PlaceCue::Road, k))
            } else if noun.is_in(List::FromWords) {
                Some((PlaceCue::From, k))
            } else {
                None
            }
        }
        "a" | "dans" | "en" | "sur" | "in" | "at" => Some((PlaceCue::At, prep_at)),
        "near" | "outside" | "around" => Some((PlaceCue::Near, prep_at)),
        "to" => {
            let w = at(k)?;
            if w.is_in(List::CloseWords) {
                Some((PlaceCue::Near, k))
            } else if w.is_in(List::RoadNouns) {
                Some((PlaceCue::Road, k))
            } else {
                None
            }
        }
        "entre" | "between" => {
            if at(k).is_some_and(|w| w.is_in(List::RoadNouns)) {
                Some((PlaceCue::Road, k))
            } else {
                Some((PlaceCue::Between, prep_at))
            }
        }
        _ => {
            let w = at(k)?;
            if w.is_in(List::RoadNouns) {
                Some((PlaceCue::Road, k))
            } else if w.is_in(List::BareNearNouns) {
                Some((PlaceCue::Near, k))
            } else {
                None
            }
        }
    }
}

/// What a name key matched.
#[derive(Clone)]
enum Hit<'g> {
    Country(&'static Country),
    Names {
        /// Borrowed from the index for an exact name: no copy per lookup.
        places: Cow<'g, [PlaceId]>,
        units: Vec<&'g AdminUnit>,
    },
}

/// What the lookups of one capitalised word alone found, each made when first
/// asked: a word the article capitalises again ("Mali", "Kidal") is looked up
/// once, not at each occurrence (the key of a word alone is the word's).
#[derive(Default)]
struct WordLookups<'g> {
    /// Its key: the word itself when it is its own key (most are), else its
    /// [`norm_key`]. Every visit asks for it several times (each lookup, the
    /// guards); made once per distinct word instead of once per visit.
    key: Option<Cow<'g, str>>,
    /// The guard lists that hold its key ([`Sets::kinds`]).
    kinds: Option<u8>,
    /// `lookup` of its key, exact.
    exact: Option<Option<Hit<'g>>>,
    /// Whether its key may begin a longer name.
    prefix: Option<bool>,
    /// `lookup` of its key up to spelling variants.
    variant: Option<Option<Hit<'g>>>,
    /// `lookup_one_edit` of its key.
    one_edit: Option<Option<Hit<'g>>>,
}

/// Cues that say a name is a place, whatever else it could be.
fn is_place_cue(c: PlaceCue) -> bool {
    matches!(
        c,
        PlaceCue::Settlement
            | PlaceCue::Near
            | PlaceCue::Distance(_)
            | PlaceCue::Admin1
            | PlaceCue::Admin2
    )
}

/// The cue in the words before token `i` (none reaches back over the last
/// mention, see [`Context`]).
fn cue_before(
    folded: &Folded<'_>,
    toks: &[Tok],
    i: usize,
    covered_until: usize,
) -> Option<(PlaceCue, TextRange)> {
    let ws = Context::new(folded, toks, i, covered_until);
    let (c, first) = parse_cue(&ws, 0)?;
    // Word `first` of the context is token `i - 1 - first`.
    let start = toks[i - 1 - first].start();
    let cue_end = trim_end_len(&folded.as_str()[..toks[i].start()]);
    Some((c, TextRange::new(start, cue_end)))
}

/// `s.trim_end().len()`: ASCII blanks byte by byte (the usual space before a
/// name), other characters decoded only when met.
fn trim_end_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut n = b.len();
    while let Some(&c) = b[..n].last() {
        match c {
            // The ASCII characters `char::is_whitespace` holds.
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => n -= 1,
            _ if c.is_ascii() => return n,
            // `n` follows an ASCII byte or is the end: a char boundary.
            _ => return s[..n].trim_end().len(),
        }
    }
    0
}

/// Whether a word of folded text is its own key (`norm_key` keeps it as it is).
fn is_own_key(w: &str) -> bool {
    w.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The key of one word of folded text ([`norm_key`]), borrowed from the text
/// when the word is its own key (most are): no copy.
fn word_key(w: &str) -> Cow<'_, str> {
    if is_own_key(w) {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(norm_key(w))
    }
}

/// Whether a word may be looked up one edit away: one word of seven letters or
/// more (shorter names are too close to each other).
fn one_edit_word(key: &str) -> bool {
    key.len() >= 7 && key.bytes().all(|b| b.is_ascii_lowercase())
}

/// Vowels, which transliterations of one name change most ("Tidermène" and
/// "Tidarméné").
const VOWELS: &[u8] = b"aeiouy";

/// Places whose name is one edit from `key` up to spelling variants: one vowel
/// changed, one letter dropped, or one vowel added, never the first letter
/// ("Ogossagou" finds "Ogassagou", "Somianga" finds "Somiaga"). The candidates of
/// every edit together, best-known first.
fn lookup_one_edit<'g>(gaz: &'g Gazetteer, key: &str) -> Option<Hit<'g>> {
    let mut v = String::new();
    crate::index::variant_key_into(key, &mut v);
    if !v.is_ascii() {
        // Keys of one-edit words are lowercase ASCII (`one_edit_word`), and so
        // are their variant keys: every byte offset below is a char boundary.
        return None;
    }
    let mut places: Vec<PlaceId> = Vec::new();
    // Each edit of the variant key is turned into a variant key again (an edit
    // can make "ou" or a doubled letter), then looked up in both indexes.
    let mut vk = Vec::with_capacity(v.len() + 2);
    for_each_one_edit(&v, |edit| {
        crate::index::variant_key_bytes(edit, &mut vk);
        gaz.extend_by_variant(&vk, &mut places);
    });
    places.sort_by_key(|&id| (crate::resolve::static_rank(gaz.place(id)), id));
    places.dedup();
    places.truncate(MAX_CANDIDATES);
    (!places.is_empty()).then_some(Hit::Names {
        places: Cow::Owned(places),
        units: Vec::new(),
    })
}

/// Calls `f` with each edit of the ASCII key `v` that [`lookup_one_edit`]
/// tries: one letter dropped, one vowel changed, one vowel added, never at the
/// first letter. An edit that spells the same string as one already made is
/// skipped (dropping either letter of a pair, adding "a" before or after an
/// "a"): each costs a variant key and two index lookups.
fn for_each_one_edit(v: &str, mut f: impl FnMut(&str)) {
    let b = v.as_bytes();
    let mut edit = String::with_capacity(b.len() + 1);
    // The first letter stays: "Tin-" and "In-" open different names.
    for k in 1..b.len() {
        // Dropping the second of two equal letters spells what dropping the
        // first did.
        if k < 2 || b[k - 1] != b[k] {
            edit.clear();
            edit.push_str(&v[..k]);
            edit.push_str(&v[k + 1..]);
            f(&edit);
        }
        if VOWELS.contains(&b[k]) {
            for &x in VOWELS.iter().filter(|&&x| x != b[k]) {
                edit.clear();
                edit.push_str(&v[..k]);
                edit.push(char::from(x));
                edit.push_str(&v[k + 1..]);
                f(&edit);
            }
        }
    }
    for k in 1..=b.len() {
        for &x in VOWELS {
            // Adding a vowel after the same vowel spells what adding it
            // before that vowel did (unless that was the first letter).
            if k >= 2 && b[k - 1] == x {
                continue;
            }
            edit.clear();
            edit.push_str(&v[..k]);
            edit.push(char::from(x));
            edit.push_str(&v[k..]);
            f(&edit);
        }
    }
}

/// What `key` names: exactly (a country, places, admin units) or, with
/// `variants`, up to spelling variants. `scratch` holds the variant key.
fn lookup<'g>(
    gaz: &'g Gazetteer,
    key: &str,
    variants: bool,
    scratch: &mut Vec<u8>,
) -> Option<Hit<'g>> {
    if key.len() < 2 {
        return None;
    }
    if !variants {
        if let Some(c) = country_keys().get(key) {
            return Some(Hit::Country(c));
        }
        let (places, units) = gaz.places_and_units_by_key(key);
        // Most keys name no unit: no call to collect nothing.
        let units: Vec<&AdminUnit> = if units.size_hint().1 == Some(0) {
            Vec::new()
        } else {
            units.collect()
        };
        if places.is_empty() && units.is_empty() {
            return None;
        }
        return Some(Hit::Names {
            places: Cow::Borrowed(&places[..places.len().min(MAX_CANDIDATES)]),
            units,
        });
    }
    if key.len() < 4 {
        return None;
    }
    let mut places = gaz.lookup_variant_key_with(key, scratch);
    places.truncate(MAX_CANDIDATES);
    (!places.is_empty()).then_some(Hit::Names {
        places: Cow::Owned(places),
        units: Vec::new(),
    })
}

/// The country keys of [`country_by_key`] in a [`SmallDict`]: every capitalised
/// word is looked up in them, and most are no country.
fn country_keys() -> &'static SmallDict<&'static Country> {
    static KEYS: std::sync::OnceLock<SmallDict<&'static Country>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        SmallDict::new(
            crate::countries::country_keys()
                .filter_map(|k| Some((k, country_by_key(k)?)))
                .collect(),
        )
    })
}

/// The place standing for an admin unit: its seat, else its ADM feature.
fn unit_place(gaz: &Gazetteer, u: &AdminUnit) -> Option<PlaceId> {
    if u.level == 1 {
        gaz.admin1_seat(&u.country, &u.admin1)
            .or_else(|| gaz.admin1_feature(&u.country, &u.admin1))
    } else {
        gaz.admin2_seat(&u.country, &u.admin1, &u.admin2)
            .or_else(|| gaz.admin2_feature(&u.country, &u.admin1, &u.admin2))
    }
}

fn unit_candidates(
    gaz: &Gazetteer,
    units: &[&AdminUnit],
    places: &[PlaceId],
    level: u8,
) -> Vec<PlaceId> {
    // A seat town named like its division ("cercle de Douentza" -> Douentza,
    // even when GeoNames leaves the town's admin2 code empty), else the seat.
    let named_seat = |u: &AdminUnit| {
        places.iter().copied().find(|&id| {
            let p = gaz.place(id);
            p.feature_class == b'P'
                && matches!(p.feature_code.as_str(), "PPLA" | "PPLA2" | "PPLA3" | "PPLC")
                && p.country == u.country
                && p.admin1 == u.admin1
                && (u.level == 1 || p.admin2.is_empty() || p.admin2 == u.admin2)
        })
    };
    let mut out: Vec<PlaceId> = units
        .iter()
        .filter(|u| u.level == level)
        .filter_map(|u| named_seat(u).or_else(|| unit_place(gaz, u)))
        .collect();
    // ADM features found by name whose unit is not in the code tables.
    let code = if level == 1 { "ADM1" } else { "ADM2" };
    for &id in places {
        let p = gaz.place(id);
        if p.feature_code == code {
            let seat = if level == 1 {
                gaz.admin1_seat(&p.country, &p.admin1)
            } else {
                gaz.admin2_seat(&p.country, &p.admin1, &p.admin2)
            };
            out.push(seat.unwrap_or(id));
        }
    }
    let mut seen = HashSet::new();
    out.retain(|id| seen.insert(*id));
    out
}

/// Level and candidates of a name, given its cue.
fn classify(
    gaz: &Gazetteer,
    places: &[PlaceId],
    units: &[&AdminUnit],
    cue: Option<PlaceCue>,
) -> (PlaceLevel, Vec<PlaceId>) {
    let admin = |lvl: u8| {
        let c = unit_candidates(gaz, units, places, lvl);
        let level = if lvl == 1 {
            PlaceLevel::Admin1
        } else {
            PlaceLevel::Admin2
        };
        (!c.is_empty()).then_some((level, c))
    };
    let locality = || -> Vec<PlaceId> {
        places
            .iter()
            .copied()
            .filter(|&id| {
                let p = gaz.place(id);
                match p.feature_class {
                    b'P' => true,
                    b'A' => {
                        !matches!(p.feature_code.as_str(), "ADM1" | "ADM2" | "ADM1H" | "ADM2H")
                            && !p.feature_code.starts_with("PCL")
                    }
                    _ => cue.is_some(),
                }
            })
            .collect()
    };
    match cue {
        Some(PlaceCue::Admin1) => admin(1)
            .or_else(|| admin(2))
            .unwrap_or_else(|| (PlaceLevel::Admin1, locality())),
        Some(PlaceCue::Admin2) => admin(2)
            .or_else(|| admin(1))
            .unwrap_or_else(|| (PlaceLevel::Admin2, locality())),
        _ => {
            let loc = locality();
            if !loc.is_empty() {
                return (PlaceLevel::Locality, loc);
            }
            let first_level = units.iter().map(|u| u.level).min().unwrap_or(2);
            admin(first_level)
                .or_else(|| admin(3 - first_level))
                .unwrap_or((PlaceLevel::Locality, Vec::new()))
        }
    }
}

/// Whether the original word looks like an acronym ("FAMa", "EIGS", "ONU").
fn acronym(folded: &Folded<'_>, t: &Tok) -> bool {
    let orig = folded.original_slice(TextRange::new(t.start(), t.end()));
    let mut chars = orig.chars();
    matches!((chars.next(), chars.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_uppercase())
}

/// An acronym with lowercase letters after its capitals ("FAMa"): never a name.
fn mixed_acronym(folded: &Folded<'_>, t: &Tok) -> bool {
    let orig = folded.original_slice(TextRange::new(t.start(), t.end()));
    orig.chars().skip(2).any(char::is_lowercase)
}

/// Sets `lower` and `plain` of the capitalised words of `toks` (see [`Tok`]).
///
/// Each distinct capitalised word is looked at once. The words are chained by
/// their shape (length, first, middle and last byte) from a table of the
/// shapes, so the article's other words are matched against them at the cost
/// of a table read for most (no lookup), and a string comparison only with
/// the words of their shape. A shape leaves the table once all the words it
/// stands for are found in lowercase, so a frequent word ("le" for "Le") is
/// compared once, not at each occurrence. The table is kept from article to
/// article, and only the entries used are cleared, instead of clearing all
/// of it for each article.
///
/// Returns the capitalised words, in text order: their token and the number
/// of their distinct word.
fn mark_capitalised(folded: &Folded<'_>, toks: &mut [Tok], sets: &Sets) -> Vec<(u32, u32)> {
    thread_local! {
        /// The shape table, all clear between calls (taken out while in use).
        static TABLE: Cell<Option<Box<ShapeTable>>> = const { Cell::new(None) };
    }
    let mut table = TABLE.take().unwrap_or_else(|| Box::new([(0, 0); SHAPES]));
    let caps = mark_capitalised_with(folded, toks, sets, &mut table);
    TABLE.set(Some(table));
    caps
}

/// For each shape: the last word added of that shape + 1 (0 for none), and
/// how many words of that shape are still to be found in lowercase (only a
/// word starting with a letter counts as written in lowercase; a count that
/// reaches its top stays there: that shape is then always looked at).
type ShapeTable = [(u32, u8); SHAPES];

/// [`mark_capitalised`] with its shape table, clear on entry and left clear.
fn mark_capitalised_with(
    folded: &Folded<'_>,
    toks: &mut [Tok],
    sets: &Sets,
    table: &mut ShapeTable,
) -> Vec<(u32, u32)> {
    let text = folded.as_str();
    let bytes = text.as_bytes();
    // Each distinct word once: (word, written in lowercase too, the next word
    // of its shape + 1, or 0 for none, its shape, plain: see `Tok::plain`).
    // Room for as many as the capitalised tokens, as `caps`: no regrowth.
    let mut words: Vec<(&str, bool, u32, u16, bool)> = Vec::with_capacity(toks.len() / 4);
    // The capitalised tokens and their words.
    let mut caps: Vec<(u32, u32)> = Vec::with_capacity(toks.len() / 4);
    // The (first byte, length) pairs of the capitalised words, one bit each
    // (see `first_len_bit`): most other words are set apart by them before
    // their shape is even computed.
    let mut first_len = [0u64; 32];
    for (k, t) in toks.iter_mut().enumerate() {
        if !is_capitalised(folded, t.start()) {
            continue;
        }
        t.flags |= CAP;
        let w = &text[t.start()..t.end()];
        let shape_of_w = shape(w.as_bytes());
        let h = usize::from(shape_of_w);
        let mut at = table[h].0;
        while at != 0 {
            let e = &words[at as usize - 1];
            if crate::index::same_bytes(e.0.as_bytes(), w.as_bytes()) {
                break;
            }
            at = e.2;
        }
        if at == 0 {
            words.push((w, false, table[h].0, shape_of_w, false));
            at = words.len() as u32;
            table[h].0 = at;
            if w.starts_with(char::is_alphabetic) {
                table[h].1 = table[h].1.saturating_add(1);
                let (row, bit) = first_len_bit(w.as_bytes()[0], w.len());
                first_len[row] |= bit;
            }
        }
        caps.push((k as u32, at - 1));
    }
    if caps.is_empty() {
        return caps;
    }
    for t in toks.iter() {
        let (row, bit) = first_len_bit(bytes[t.start()], t.end() - t.start());
        if first_len[row] & bit == 0 || t.cap() {
            continue;
        }
        // Bytes, not a string: no character boundary checks.
        let w = &bytes[t.start()..t.end()];
        let h = usize::from(shape(w));
        if table[h].1 == 0 {
            continue;
        }
        let mut at = table[h].0;
        while at != 0 {
            let (word, lower, next, _, _) = &mut words[at as usize - 1];
            if crate::index::same_bytes(word.as_bytes(), w) {
                if !*lower && word.starts_with(char::is_alphabetic) {
                    *lower = true;
                    if table[h].1 != u8::MAX {
                        table[h].1 -= 1;
                    }
                }
                break;
            }
            at = *next;
        }
    }
    for (w, lower, _, h, plain) in &mut words {
        table[usize::from(*h)] = (0, 0);
        let kinds = sets.kinds(w);
        *plain = (kinds & Kind::Common.bit() == 0 || kinds & Kind::GivenName.bit() != 0)
            && !*lower
            && kinds & Kind::Title.bit() == 0;
    }
    for &(tok, k) in &caps {
        let t = &mut toks[tok as usize];
        let word = &words[k as usize];
        t.set(LOWER, word.1);
        t.set(PLAIN, word.4);
    }
    caps
}

/// Where [`mark_capitalised`] keeps the bit of a word's first byte and length:
/// the row of the first byte's low five bits, and the bit of the length's low
/// six bits. Two equal words share their bits.
#[inline]
fn first_len_bit(first: u8, len: usize) -> (usize, u64) {
    (usize::from(first & 31), 1 << (len & 63))
}

/// Values of [`shape`].
const SHAPES: usize = 1024;

/// A cheap hash of a word's length and first, middle and last bytes, below
/// [`SHAPES`] (see [`mark_capitalised`]).
fn shape(b: &[u8]) -> u16 {
    let x = (b.len() as u32) << 24
        | u32::from(b[0]) << 16
        | u32::from(b[b.len() / 2]) << 8
        | u32::from(b[b.len() - 1]);
    (x.wrapping_mul(0x9e37_79b1) >> 22) as u16
}

/// The keys of the spans of words that start at one capitalised word: the
/// key of the span up to its `k`th word is `norm_key` of the text from the
/// first word to the end of that word. All come out of one pass over the words
/// (see [`push_norm`]), instead of one pass over the whole span for each; and
/// only as far as asked, since most names are looked up by their first word
/// alone.
#[derive(Default)]
struct SpanKeys {
    buf: String,
    /// The end in `buf` of the key of each span built.
    ends: [usize; MAX_SPAN_TOKENS],
    /// How many spans' keys are built.
    built: usize,
    /// What [`push_norm`] carries from one piece to the next.
    pending_space: bool,
    /// Whether the first word is its own key (see [`is_own_key`]), once asked.
    first_own: Option<bool>,
}

impl SpanKeys {
    /// Starts the keys of new spans.
    fn start(&mut self) {
        self.buf.clear();
        self.built = 0;
        self.pending_space = false;
        self.first_own = None;
    }

    /// The key of the span of `words` (at most [`MAX_SPAN_TOKENS`], in text
    /// order, the same from [`SpanKeys::start`] on) up to word `k` (from 0).
    ///
    /// The key of the first word alone, when that word is its own key (most
    /// are), is the word in the text: no copy (most spans are asked no further).
    ///
    /// Inlined for the keys already built and that first key (most calls);
    /// the building is out of line.
    #[inline]
    fn key<'a>(&'a mut self, text: &'a str, words: &[Tok], k: usize) -> &'a str {
        if k < self.built {
            return &self.buf[..self.ends[k]];
        }
        if k == 0 {
            let w = &text[words[0].start()..words[0].end()];
            if *self.first_own.get_or_insert_with(|| is_own_key(w)) {
                return w;
            }
        }
        self.build(text, words, k)
    }

    /// Builds the keys up to word `k` (see [`SpanKeys::key`]).
    #[inline(never)]
    fn build(&mut self, text: &str, words: &[Tok], k: usize) -> &str {
        while self.built <= k {
            let n = self.built;
            let w = &words[n];
            if n > 0 {
                push_norm(
                    &text[words[n - 1].end()..w.start()],
                    &mut self.buf,
                    &mut self.pending_space,
                );
            }
            push_norm(
                &text[w.start()..w.end()],
                &mut self.buf,
                &mut self.pending_space,
            );
            self.ends[n] = key_len(&self.buf);
            self.built += 1;
        }
        &self.buf[..self.ends[k]]
    }
}

/// The keys of the words written inside a run of capitalised words somewhere
/// in the article ("Moussa Himma Diallo"), sorted and distinct: parts of a
/// person's name (needs the flags of [`mark_capitalised`]).
fn person_words<'t>(text: &'t str, toks: &[Tok], caps: &[(u32, u32)]) -> Vec<Cow<'t, str>> {
    let plain = |x: &Tok| x.plain();
    // Keys borrowed from the text when the word is already its own key (a
    // word of lowercase ASCII letters and digits), as most are.
    let mut person_words: Vec<Cow<'_, str>> = Vec::new();
    // Only the capitalised words: the others are in no run.
    for &(k, _) in caps {
        let k = k as usize;
        let t = &toks[k];
        let in_run = t.cap()
            && ((k > 0 && t.space() && toks[k - 1].cap() && plain(&toks[k - 1]))
                || toks
                    .get(k + 1)
                    .is_some_and(|n| n.space() && n.cap() && plain(n)));
        if in_run && plain(t) {
            person_words.push(word_key(&text[t.start()..t.end()]));
        }
    }
    person_words.sort_unstable();
    person_words.dedup();
    person_words
}

/// Finds place mentions in an article: sorted by start, non-overlapping.
/// Ranges are byte ranges of the folded text.
pub fn find_places(folded: &Folded<'_>, gaz: &Gazetteer) -> Vec<PlaceMention> {
    let text = folded.as_str();
    let mut toks = scan_words(folded);
    let sets = sets();
    // Words the article itself writes in lowercase are common words; words
    // written inside a run of capitalised words somewhere in the article
    // ("Moussa Himma Diallo") are taken for parts of a person's name everywhere
    // ("par Diallo") unless a place cue says otherwise.
    let caps = mark_capitalised(folded, &mut toks, sets);
    // The lookups of each distinct capitalised word alone (see `WordLookups`),
    // by its number in `caps`.
    let mut word_lookups: Vec<WordLookups<'_>> = Vec::new();
    word_lookups.resize_with(
        caps.iter().map(|c| c.1 as usize + 1).max().unwrap_or(0),
        Default::default,
    );
    let plain = |x: &Tok| x.plain();
    let max_tokens = (gaz.max_name_words().max(MAX_COUNTRY_WORDS) + 2).min(MAX_SPAN_TOKENS);
    let mut out: Vec<PlaceMention> = Vec::new();
    let mut keys = SpanKeys::default();
    let mut scratch = Vec::new();
    // The article's person words (see `person_words`), made when first asked.
    let mut person_memo: Option<Vec<Cow<'_, str>>> = None;
    // The key of the word after a name (see `next_cap`).
    let mut next_key = String::new();
    let mut covered_until = 0usize; // end of the last mention
    let mut i = 0;
    // The first capitalised word in `caps` not yet passed.
    let mut c = 0;
    loop {
        // The next capitalised word from token `i` on: the others start no
        // name.
        while caps.get(c).is_some_and(|&(k, _)| (k as usize) < i) {
            c += 1;
        }
        let Some(&(k, word_no)) = caps.get(c) else {
            break;
        };
        i = k as usize;
        let memo = &mut word_lookups[word_no as usize];
        let t = toks[i];
        // A name runs over capitalised words and the small words between them
        // ("Fada N'Gourma", "République du Mali"), never over other words.
        let mut jmax = i;
        while jmax + 1 < toks.len()
            && jmax + 1 - i < max_tokens
            && toks[jmax + 1].span_ok()
            && (toks[jmax + 1].cap()
                || (toks[jmax + 1].end() - toks[jmax + 1].start() <= MAX_NAME_LINK_LEN
                    && sets.is(
                        &text[toks[jmax + 1].start()..toks[jmax + 1].end()],
                        Kind::NameLink,
                    )))
        {
            jmax += 1;
        }
        keys.start();
        let words = &toks[i..=jmax];
        // The key of the first word alone (`keys.key(text, words, 0)`).
        let key0: &str = memo
            .key
            .get_or_insert_with(|| word_key(&text[t.start()..t.end()]));
        // The cue before the word and the list it continues, each read at most
        // once (the one-edit test below may need them before the name is known).
        let mut cue_memo = None;
        let mut cue_here =
            || *cue_memo.get_or_insert_with(|| cue_before(folded, &toks, i, covered_until));
        let mut listed_memo = None;
        let mut listed_here =
            || *listed_memo.get_or_insert_with(|| listed_settlement(folded, t.start()));
        // Longest exact match, grown word by word while the span is still the
        // beginning of some name; then a spelling variant of the single word.
        let mut found = None;
        for (k, word) in toks[i..=jmax].iter().enumerate() {
            let key = if k == 0 {
                key0
            } else {
                keys.key(text, words, k)
            };
            let hit = if k == 0 {
                memo.exact
                    .get_or_insert_with(|| lookup(gaz, key, false, &mut scratch))
                    .clone()
            } else if word.cap() {
                lookup(gaz, key, false, &mut scratch)
            } else {
                None
            };
            if let Some(hit) = hit {
                found = Some((i + k, hit, false));
            }
            // The last word of the run grows no span: no prefix test.
            if i + k == jmax
                || !match k {
                    0 => *memo.prefix.get_or_insert_with(|| gaz.is_name_prefix(key)),
                    _ => gaz.is_name_prefix(key),
                }
            {
                break;
            }
        }
        if found.is_none() {
            // Spelling variants: of the word, or of a hyphenated compound
            // ("Tin-Zaouatene" for "Ti-n-Zaouâtene"), longest first.
            let mut jh = i;
            while jh < jmax && !toks[jh + 1].space() && toks[jh + 1].span_ok() {
                jh += 1;
            }
            for j in (i..=jh).rev() {
                let key = if j == i {
                    key0
                } else {
                    keys.key(text, words, j - i)
                };
                let hit = if j == i {
                    memo.variant
                        .get_or_insert_with(|| lookup(gaz, key, true, &mut scratch))
                        .clone()
                } else {
                    lookup(gaz, key, true, &mut scratch)
                };
                if let Some(hit) = hit {
                    found = Some((j, hit, true));
                    break;
                }
            }
        }
        if found.is_none() && one_edit_word(key0) {
            // A transliteration one letter away ("Ogossagou" for "Ogassagou"),
            // only after a settlement noun or "près de" ("le village de", "la
            // localité de"): a region or a bare name is too often another place.
            let cued = cue_here()
                .or_else(|| listed_here().map(|r| (PlaceCue::Settlement, r)))
                .is_some_and(|(c, _)| matches!(c, PlaceCue::Settlement | PlaceCue::Near));
            if cued {
                let hit = memo
                    .one_edit
                    .get_or_insert_with(|| lookup_one_edit(gaz, key0))
                    .clone();
                if let Some(hit) = hit {
                    found = Some((i, hit, true));
                }
            }
        }
        let Some((j, hit, variant)) = found else {
            i += 1;
            continue;
        };
        let range = TextRange::new(t.start(), toks[j].end());
        let name_key = if j == i {
            key0
        } else {
            keys.key(text, words, j - i)
        };

        // Cue.
        let mut cue = cue_here();
        if cue.is_none() {
            // "entre Boni et Douentza", "axe Boni-Douentza": the second name
            // shares the first one's cue.
            if let Some(last) = out.last() {
                let between = text[last.range.end as usize..t.start()].trim();
                let joined = match last.cue {
                    Some(PlaceCue::Between) => matches!(between, "et" | "and"),
                    Some(PlaceCue::Road) => {
                        matches!(between, "-" | "/" | "et" | "and" | "a" | "to")
                    }
                    _ => false,
                };
                if joined {
                    cue = last.cue.zip(last.cue_range);
                }
            }
        }
        if cue.is_none() {
            // "les villages de Ogossagou, Welingara et Guiwagou": every name of a
            // list after a settlement noun is a settlement, found or not.
            cue = listed_here().map(|r| (PlaceCue::Settlement, r));
        }
        if matches!(cue.map(|c| c.0), None | Some(PlaceCue::At)) {
            // English postposed division nouns: "the Mopti region", "Douentza cercle";
            // a "district" after a name is a part of a town ("the Faladié district").
            if let Some(n) = toks.get(j + 1).filter(|n| n.space() && !n.cap()) {
                let w = &text[n.start()..n.end()];
                let kind = if matches!(w, "district" | "neighbourhood" | "neighborhood" | "quarter")
                {
                    Some(PlaceCue::Settlement)
                } else if ADMIN1_NOUNS.contains(&w) {
                    Some(PlaceCue::Admin1)
                } else if ADMIN2_NOUNS.contains(&w) {
                    Some(PlaceCue::Admin2)
                } else {
                    None
                };
                if let Some(kind) = kind {
                    cue = Some((kind, TextRange::new(n.start(), n.end())));
                }
            }
        }
        if matches!(hit, Hit::Country(_))
            && matches!(cue.map(|c| c.0), Some(PlaceCue::Admin1 | PlaceCue::Admin2))
        {
            // "region of Mali" says nothing about Mali's level.
            cue = None;
        }
        let cue_kind = cue.map(|c| c.0);
        let strong = cue_kind.is_some_and(|c| c != PlaceCue::From);
        let admin_cue = matches!(cue_kind, Some(PlaceCue::Admin1 | PlaceCue::Admin2));

        // Guards.
        let single = i == j;
        let place_cue = cue_kind.is_some_and(is_place_cue);
        // The lists that hold the name, looked up once for the guards below.
        let name_kinds = if single {
            *memo.kinds.get_or_insert_with(|| sets.kinds(key0))
        } else {
            sets.kinds(name_key)
        };
        // Whether the name is an acronym, read from the original at most once.
        let mut acronym_memo = None;
        let mut is_acronym = || *acronym_memo.get_or_insert_with(|| acronym(folded, &t));
        let reject = name_kinds & Kind::Never.bit() != 0
            // A spelling variant ("Groupe" for "Grupe") only with a place cue or "à".
            || (variant && !place_cue && cue_kind != Some(PlaceCue::At))
            // Acronyms ("EIGS") are organisations unless a place noun says otherwise;
            // mixed-case ones ("FAMa", "MINUSMa") always.
            || (single && (!place_cue || mixed_acronym(folded, &t)) && is_acronym())
            || (name_kinds & Kind::Direction.bit() != 0 && !admin_cue)
            || (!strong
                && (name_kinds & (Kind::Common.bit() | Kind::GivenName.bit()) != 0
                    || (single && t.lower())
                    || (single && is_acronym())
                    // Two letters ("As", "Do") are too often something else.
                    || (single && name_key.len() <= 2)
                    // "Jama'at", but not "Douentza's".
                    || (toks[j].elided() && toks.get(j + 1).is_some_and(|n| &text[n.start()..n.end()] != "s"))))
            || (single
                && matches!(cue_kind, None | Some(PlaceCue::From) | Some(PlaceCue::At))
                && matches!(hit, Hit::Names { .. })
                && person_memo
                    .get_or_insert_with(|| person_words(text, &toks, &caps))
                    .binary_search_by(|w| w.as_ref().cmp(name_key))
                    .is_ok())
            || (matches!(cue_kind, None | Some(PlaceCue::From) | Some(PlaceCue::At)) && {
                let prev = if i > 0 { Some(toks[i - 1]) } else { None };
                let title = prev.is_some_and(|p| {
                    sets.is(&text[p.start()..p.end()], Kind::Title)
                        && (t.span_ok()
                            || text[p.end()..t.start()]
                                .trim_start_matches('.')
                                .trim()
                                .is_empty())
                });
                // Inside a run of capitalised words (a person, an organisation).
                let prev_cap =
                    prev.is_some_and(|p| t.space() && p.cap() && p.end() > covered_until && plain(&p));
                let next_cap = toks.get(j + 1).is_some_and(|n| {
                    n.space() && n.cap() && plain(n) && {
                        norm_key_into(&text[n.start()..n.end()], &mut next_key);
                        lookup(gaz, &next_key, false, &mut scratch).is_none()
                    }
                });
                // Operations and plans are named after places and people alike
                // ("l'opération Kélétigui", "le plan Maliko"): names, not places.
                let operation = prev.is_some_and(|p| {
                    matches!(
                        &text[p.start()..p.end()],
                        "operation" | "operations" | "plan" | "exercice" | "projet"
                            | "programme" | "dispositif" | "baptisee" | "denommee"
                    )
                });
                title || operation || prev_cap || next_cap
            });
        if reject {
            i += 1;
            continue;
        }

        let (level, country, candidates) = match hit {
            Hit::Country(c) => (
                PlaceLevel::Country,
                Some(c),
                gaz.country_feature(c.iso2).into_iter().collect(),
            ),
            Hit::Names { places, units } => {
                // "à Inata, Soum": an admin unit named right after a place, with only
                // a comma between, frames that place.
                let apposed = cue_kind.is_none()
                    && !units.is_empty()
                    && out
                        .last()
                        .is_some_and(|last| text[last.range.end as usize..t.start()].trim() == ",");
                let cue_for_level = if apposed {
                    units.iter().map(|u| u.level).min().map(|l| {
                        if l == 1 {
                            PlaceCue::Admin1
                        } else {
                            PlaceCue::Admin2
                        }
                    })
                } else {
                    cue_kind
                };
                let (level, c) = classify(gaz, &places, &units, cue_for_level);
                (level, None, c)
            }
        };
        if level != PlaceLevel::Country && candidates.is_empty() {
            i += 1;
            continue;
        }
        out.push(PlaceMention {
            range,
            cue: cue_kind,
            cue_range: cue.map(|c| c.1),
            level,
            country,
            candidates,
            resolved: None,
        });
        covered_until = range.end as usize;
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A word taken as its own key is the key `norm_key` makes of it.
        #[test]
        fn own_keys_are_their_norm_keys(w in "[a-z0-9éA-Z'’ -]{1,12}") {
            if is_own_key(&w) {
                proptest::prop_assert_eq!(norm_key(&w), w.clone());
            }
            // And `word_key` is `norm_key`, whether it copies or not.
            proptest::prop_assert_eq!(word_key(&w), norm_key(&w));
        }
    }

    /// The tokens of `text` the plain way: every maximal run of alphanumeric
    /// characters, its flags read from the separator before it and the original
    /// character at its start (the reference for [`tokenize`]'s fast paths).
    fn tokenize_slow(folded: &Folded<'_>) -> Vec<(usize, usize, bool, bool, bool, bool, bool)> {
        let text = folded.as_str();
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut start = None;
        for (k, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c.is_alphanumeric() && k < text.len(), start) {
                (true, None) => start = Some(k),
                (false, Some(s)) => {
                    words.push((s, k));
                    start = None;
                }
                _ => {}
            }
        }
        words
            .iter()
            .enumerate()
            .map(|(n, &(s, e))| {
                let sep = if n == 0 {
                    None
                } else {
                    Some(&text[words[n - 1].1..s])
                };
                let span_ok = sep.is_some_and(|x| {
                    !x.is_empty()
                        && x.len() <= 3
                        && x.chars().all(|c| matches!(c, ' ' | '-' | '\''))
                });
                let ctx_ok = sep.is_some_and(|x| x.chars().all(is_ctx_separator));
                let space = sep == Some(" ");
                let elided = words
                    .get(n + 1)
                    .is_some_and(|&(s2, _)| text[e..s2].starts_with('\''));
                let cap = folded.original_char_at(s).is_some_and(char::is_uppercase);
                (s, e, cap, span_ok, ctx_ok, space, elided)
            })
            .collect()
    }

    proptest::proptest! {
        /// The tokenizer (ASCII and single-space fast paths) finds the words and
        /// flags of the plain reading.
        #[test]
        fn tokens_are_the_slow_ones(w in "[a-zA-Z0-9 éÉ'’@\\n(),.-]{0,40}") {
            let folded = Folded::new(&w);
            let fast: Vec<_> = tokenize(&folded)
                .iter()
                .map(|t| (t.start(), t.end(), t.cap(), t.span_ok(), t.ctx_ok(), t.space(), t.elided()))
                .collect();
            proptest::prop_assert_eq!(fast, tokenize_slow(&folded), "{:?}", w);
        }
    }

    /// [`separator_flags`] before its table: the reference of its test.
    fn separator_flags_plain(sep: &str) -> u8 {
        if sep == " " {
            return SPAN_OK | CTX_OK | SPACE;
        }
        let b = sep.as_bytes();
        let span_ok =
            !b.is_empty() && b.len() <= 3 && b.iter().all(|c| matches!(c, b' ' | b'-' | b'\''));
        let ctx_ok = sep.chars().all(is_ctx_separator);
        (if span_ok { SPAN_OK } else { 0 }) | if ctx_ok { CTX_OK } else { 0 }
    }

    #[test]
    fn separator_table_is_the_character_tests() {
        for c in 0..128u8 {
            let plain = separator_flags_plain(std::str::from_utf8(&[c]).unwrap()) & !SPACE;
            assert_eq!(SEPARATOR_FLAGS[usize::from(c)], plain, "byte {c:#x}");
        }
    }

    proptest::proptest! {
        /// The flags a separator gives the word after it are those of the
        /// plain character tests, for separators of any length, ASCII or not.
        #[test]
        fn separator_flags_are_the_plain_ones(
            sep in "[ \t\n\r\u{b}\u{c}\u{1f},.;:!?'\"()«»\u{a0}\u{2009}\u{2028}\u{85}’-]{1,6}",
        ) {
            let text = format!("ab{sep}cd");
            let mut toks = vec![Tok { start: 0, end: 2, flags: 0 }];
            let got = separator_flags(&text, &mut toks, 2, 2 + sep.len());
            proptest::prop_assert_eq!(got, separator_flags_plain(&sep), "{:?}", sep);
            proptest::prop_assert_eq!(toks[0].elided(), sep.starts_with('\''));
        }
    }

    proptest::proptest! {
        /// The tokenizer finds the words and flags of the plain reading on
        /// longer texts too: words and separators across the 64-byte words
        /// of the bitmap, and long runs of letters.
        #[test]
        fn long_tokens_are_the_slow_ones(
            w in "(([a-z]{1,70}|[a-zA-Z0-9éÉœ'’@\\n(),.-]{1,3})( {1,2}|[ '’,.\\n(-]{1,4}|é|œ|’)?){0,40}",
        ) {
            let folded = Folded::new(&w);
            let fast: Vec<_> = tokenize(&folded)
                .iter()
                .map(|t| (t.start(), t.end(), t.cap(), t.span_ok(), t.ctx_ok(), t.space(), t.elided()))
                .collect();
            proptest::prop_assert_eq!(fast, tokenize_slow(&folded), "{:?}", w);
        }

        /// The word bitmap sets exactly the bytes of the alphanumeric
        /// characters, and nothing past the text.
        #[test]
        fn word_bitmaps_are_alnum_chars(w in "[a-zA-Z0-9 éÉœ'’@\\[`{/:\\n-]{0,200}") {
            let bits = word_bitmap(&w);
            proptest::prop_assert_eq!(bits.len(), w.len() / 64 + 1);
            let mut plain = vec![false; bits.len() * 64];
            for (k, c) in w.char_indices() {
                plain[k..k + c.len_utf8()].fill(c.is_alphanumeric());
            }
            let fast: Vec<bool> = (0..bits.len() * 64).map(|q| bits[q / 64] >> (q % 64) & 1 != 0).collect();
            proptest::prop_assert_eq!(fast, plain, "{:?}", w);
        }
    }

    proptest::proptest! {
        /// The one-edit lookup tries every string the plain way makes (each
        /// once).
        #[test]
        fn one_edits_are_the_plain_ones(v in "[a-z]{1,12}") {
            let b = v.as_bytes();
            let mut plain = std::collections::BTreeSet::new();
            for k in 1..b.len() {
                plain.insert(format!("{}{}", &v[..k], &v[k + 1..]));
                if VOWELS.contains(&b[k]) {
                    for &x in VOWELS.iter().filter(|&&x| x != b[k]) {
                        plain.insert(format!("{}{}{}", &v[..k], char::from(x), &v[k + 1..]));
                    }
                }
            }
            for k in 1..=b.len() {
                for &x in VOWELS {
                    plain.insert(format!("{}{}{}", &v[..k], char::from(x), &v[k..]));
                }
            }
            let mut made = Vec::new();
            for_each_one_edit(&v, |e| made.push(e.to_string()));
            let distinct: std::collections::BTreeSet<String> = made.iter().cloned().collect();
            proptest::prop_assert_eq!(distinct.len(), made.len(), "{:?}", v);
            proptest::prop_assert_eq!(distinct, plain, "{:?}", v);
        }
    }

    proptest::proptest! {
        /// The end of a text's trimmed end, byte by byte, is `trim_end`'s.
        #[test]
        fn trimmed_ends_are_trim_end(w in "[a -z\t\n\r\u{b}\u{c}\u{a0}\u{2009}\u{85}é,]{0,12}") {
            proptest::prop_assert_eq!(trim_end_len(&w), w.trim_end().len());
        }

        /// The keys of a span's prefixes built in one pass are `norm_key` of
        /// each prefix.
        #[test]
        fn span_keys_are_norm_keys_of_prefixes(w in "[a-zA-Z0-9éÉœǍʼ ’'-]{1,40}") {
            let folded = Folded::new(&w);
            let toks = tokenize(&folded);
            let text = folded.as_str();
            for i in 0..toks.len() {
                let end = (i + MAX_SPAN_TOKENS).min(toks.len());
                let words = &toks[i..end];
                let mut keys = SpanKeys::default();
                // Asked first for the span up to each word in turn, then for
                // every span, shorter and longer.
                for first in 0..words.len() {
                    keys.start();
                    for j in std::iter::once(first).chain(0..words.len()) {
                        let slow = norm_key(&text[toks[i].start()..words[j].end()]);
                        proptest::prop_assert_eq!(keys.key(text, words, j), slow.as_str());
                    }
                }
            }
        }

        /// A word's list bits say what comparing it with each word of the list
        /// says.
        #[test]
        fn cue_list_bits_are_list_membership(
            pick in 0usize..400,
            other in "[a-z]{1,6}",
            elided: bool,
        ) {
            let listed: Vec<&str> = CUE_LISTS.iter().flat_map(|l| l.1.iter().copied()).collect();
            let text = if pick < listed.len() {
                listed[pick].trim_end_matches('\'')
            } else {
                other.as_str()
            };
            let w = Word::new(text, elided, false);
            for &(list, words) in CUE_LISTS {
                proptest::prop_assert_eq!(w.is_in(list), words.iter().any(|s| w.is(s)), "{:?} {:?}", text, list);
            }
        }
    }

    /// The sorting version [`mark_capitalised`] replaced: the reference for
    /// its shape chains.
    ///
    /// Each distinct capitalised word is looked at once. The article's other words
    /// are matched against them through a table of their shapes (length, first,
    /// middle and last byte), so most cost a few instructions and no lookup; a
    /// shape leaves the table once all the words it stands for are found in
    /// lowercase, so a frequent word ("le" for "Le") is looked up once, not at each
    /// occurrence. The capitalised words are sorted by shape first, so that sorting
    /// and searching them compare strings only between words of one shape.
    fn mark_capitalised_sorted(text: &str, toks: &mut [Tok], sets: &Sets) {
        let bytes = text.as_bytes();
        // The capitalised words by shape and bytes, with their tokens.
        let mut caps: Vec<(u16, &str, u32)> = Vec::with_capacity(toks.len() / 4);
        for (k, t) in toks.iter().enumerate() {
            if t.cap() {
                caps.push((
                    shape(&bytes[t.start()..t.end()]),
                    &text[t.start()..t.end()],
                    k as u32,
                ));
            }
        }
        if caps.is_empty() {
            return;
        }
        caps.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        // Each distinct word once: (shape, word, written in lowercase too).
        let mut words: Vec<(u16, &str, bool)> = Vec::new();
        // The distinct word of each entry of `caps`.
        let mut word_of: Vec<u32> = Vec::with_capacity(caps.len());
        for &(h, w, _) in &caps {
            if words.last().is_none_or(|l| (l.0, l.1) != (h, w)) {
                words.push((h, w, false));
            }
            word_of.push(words.len() as u32 - 1);
        }
        // How many words of each shape are still to be found in lowercase (only a
        // word starting with a letter counts as written in lowercase). A count
        // that reaches its top stays there: that shape is then always looked up.
        let mut waiting = [0u8; SHAPES];
        for &(h, w, _) in &words {
            if w.starts_with(char::is_alphabetic) {
                let n = &mut waiting[usize::from(h)];
                *n = n.saturating_add(1);
            }
        }
        for t in toks.iter() {
            let h = shape(&bytes[t.start()..t.end()]);
            if t.cap() || waiting[usize::from(h)] == 0 {
                continue;
            }
            // Bytes, not a string: no character boundary checks.
            let w = &bytes[t.start()..t.end()];
            if let Ok(k) = words.binary_search_by(|x| (x.0, x.1.as_bytes()).cmp(&(h, w))) {
                let (_, word, lower) = &mut words[k];
                if !*lower && word.starts_with(char::is_alphabetic) {
                    *lower = true;
                    if waiting[usize::from(h)] != u8::MAX {
                        waiting[usize::from(h)] -= 1;
                    }
                }
            }
        }
        let plain: Vec<bool> = words
            .iter()
            .map(|&(_, w, lower)| {
                let kinds = sets.kinds(w);
                (kinds & Kind::Common.bit() == 0 || kinds & Kind::GivenName.bit() != 0)
                    && !lower
                    && kinds & Kind::Title.bit() == 0
            })
            .collect();
        for (&(_, _, tok), &k) in caps.iter().zip(&word_of) {
            let t = &mut toks[tok as usize];
            t.set(LOWER, words[k as usize].2);
            t.set(PLAIN, plain[k as usize]);
        }
    }

    proptest::proptest! {
        /// The shape-chained marking sets the flags the sorting one set, on
        /// texts of capitalised and lowercase words, some of one shape.
        #[test]
        fn capitalised_flags_are_the_sorted_ones(
            words in proptest::collection::vec(
                (proptest::sample::select(vec!["le", "la", "de", "selon", "diallo", "mali", "ali", "general", "bon", "abcde", "axcye", "abxye", "abcxe", "x", "2e", "eté", "d'", "moussa", "paix"]), proptest::bool::ANY, proptest::sample::select(vec![" ", "  ", ", ", ". ", "-", "'"])),
                0..60,
            ),
        ) {
            let mut text = String::new();
            for (w, cap, sep) in &words {
                if *cap {
                    let mut c = w.chars();
                    text.extend(c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()));
                } else {
                    text.push_str(w);
                }
                text.push_str(sep);
            }
            let folded = Folded::new(&text);
            let ftext = folded.as_str();
            // The words as `find_places` marks them (capitals in the first
            // pass), and with the capitals of `tokenize`.
            let mut fast = scan_words(&folded);
            let mut slow = tokenize(&folded);
            let caps = mark_capitalised(&folded, &mut fast, sets());
            mark_capitalised_sorted(ftext, &mut slow, sets());
            let flags = |ts: &[Tok]| ts.iter().map(|t| (t.cap(), t.lower(), t.plain())).collect::<Vec<_>>();
            proptest::prop_assert_eq!(flags(&fast), flags(&slow), "{:?}", text);
            // The capitalised words it returns are every capitalised token, in
            // order (`find_places` and `person_words` visit only those).
            let cap_toks: Vec<u32> = (0..slow.len() as u32).filter(|&k| slow[k as usize].cap()).collect();
            proptest::prop_assert_eq!(caps.iter().map(|c| c.0).collect::<Vec<_>>(), cap_toks, "{:?}", text);
            // The person words from the capitalised words alone are those of
            // every word.
            let plain = |x: &Tok| x.plain();
            let mut every: Vec<Cow<'_, str>> = Vec::new();
            for (k, t) in fast.iter().enumerate() {
                let in_run = t.cap()
                    && ((k > 0 && t.space() && fast[k - 1].cap() && plain(&fast[k - 1]))
                        || fast.get(k + 1).is_some_and(|n| n.space() && n.cap() && plain(n)));
                if in_run && plain(t) {
                    every.push(Cow::Owned(norm_key(&ftext[t.start()..t.end()])));
                }
            }
            every.sort_unstable();
            every.dedup();
            proptest::prop_assert_eq!(person_words(ftext, &fast, &caps), every, "{:?}", text);
            // The shape table is left clear for the next article.
            let mut table = Box::new([(0, 0); SHAPES]);
            let mut again = scan_words(&folded);
            mark_capitalised_with(&folded, &mut again, sets(), &mut table);
            proptest::prop_assert!(table.iter().all(|&e| e == (0, 0)), "{:?}", text);
            proptest::prop_assert_eq!(flags(&again), flags(&slow), "{:?}", text);
        }
    }

    proptest::proptest! {
        /// The capitalised words' flags say what a set of the article's
        /// lowercase words and the word lists say.
        #[test]
        fn capitalised_flags_are_the_slow_ones(
            words in proptest::collection::vec(
                (proptest::sample::select(vec!["le", "selon", "diallo", "mali", "ali", "general", "x", "2e", "eté", "étés", "dire", "bon", "abcde", "axcye"]), proptest::bool::ANY),
                0..40,
            ),
        ) {
            let text: Vec<String> = words
                .iter()
                .map(|(w, cap)| {
                    if *cap {
                        let mut c = w.chars();
                        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
                    } else {
                        w.to_string()
                    }
                })
                .collect();
            let text = text.join(" ");
            let folded = Folded::new(&text);
            let mut toks = tokenize(&folded);
            let ftext = folded.as_str();
            mark_capitalised(&folded, &mut toks, sets());
            let lower: std::collections::HashSet<&str> = toks
                .iter()
                .filter(|t| !t.cap() && ftext[t.start()..].starts_with(|c: char| c.is_alphabetic()))
                .map(|t| &ftext[t.start()..t.end()])
                .collect();
            for t in toks.iter().filter(|t| t.cap()) {
                let w = &ftext[t.start()..t.end()];
                let l = lower.contains(w);
                let sets = sets();
                let plain = (!sets.is(w, Kind::Common) || sets.is(w, Kind::GivenName))
                    && !l
                    && !sets.is(w, Kind::Title);
                proptest::prop_assert_eq!((t.lower(), t.plain()), (l, plain), "{:?} in {:?}", w, text);
            }
        }
    }

    // The cue parsing over every word of the context gathered first: the
    // reference for the lazy `Context`.

    /// [`cue_before`] as it gathered every word of the context first.
    fn cue_before_slice(
        folded: &Folded<'_>,
        toks: &[Tok],
        i: usize,
        covered_until: usize,
    ) -> Option<(PlaceCue, TextRange)> {
        let text = folded.as_str();
        let mut ws = Vec::new();
        let mut starts = Vec::new();
        let mut b = i;
        while b > 0
            && toks[b].ctx_ok()
            && ws.len() < MAX_CONTEXT
            && toks[b - 1].end() > covered_until
        {
            let p = toks[b - 1];
            let word = &text[p.start()..p.end()];
            let grave_a = word == "a"
                && folded
                    .original_char_at(p.start())
                    .is_some_and(|c| matches!(c, 'à' | 'À'));
            ws.push(Word::new(word, p.elided(), grave_a));
            starts.push(p.start());
            b -= 1;
        }
        let cue_end = trim_end_len(&text[..toks[i].start()]);
        parse_cue(&ws[..], 0).map(|(c, first)| (c, TextRange::new(starts[first], cue_end)))
    }

    proptest::proptest! {
        /// The cue read from the lazy context is the one read from every word
        /// of the context gathered first, for every word of texts of cue words,
        /// numbers and names, and for every end of the last mention.
        #[test]
        fn lazy_cues_are_the_gathered_ones(
            words in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "de", "d'", "du", "des", "a", "à", "au", "aux", "la", "le", "les", "l'", "the",
                        "dans", "en", "sur", "in", "at", "near", "from", "of", "to", "entre", "between",
                        "village", "villages", "commune", "rurale", "attaque", "loin", "non", "pres",
                        "foret", "zone", "cercle", "region", "axe", "route", "originaire", "close",
                        "lac", "nord", "sud", "est", "northern", "km", "kilometres", "30", "30km",
                        "une", "trentaine", "environ", "about", "Mali", "Kidal", "Tin", "Bourem",
                        "centre", "proximite", "city", "x",
                    ]),
                    proptest::sample::select(vec![" ", " ", " ", "  ", ", ", ". ", "-", "'", " (", "\n"]),
                ),
                1..24,
            ),
            covered in 0usize..120,
        ) {
            let mut text = String::new();
            for (w, sep) in &words {
                text.push_str(w);
                text.push_str(sep);
            }
            let folded = Folded::new(&text);
            let toks = tokenize(&folded);
            for i in 0..toks.len() {
                let covered_until = covered.min(toks[i].start());
                proptest::prop_assert_eq!(
                    cue_before(&folded, &toks, i, covered_until),
                    cue_before_slice(&folded, &toks, i, covered_until),
                    "{:?} at word {}", text, i
                );
            }
        }
    }

    /// The country keys' dictionary says what `country_by_key` says.
    #[test]
    fn country_dictionary_is_country_by_key() {
        for k in crate::countries::country_keys().chain(["", "x", "mali x", "bamako"]) {
            assert_eq!(
                country_keys().get(k).map(|c| c.iso2),
                country_by_key(k).map(|c| c.iso2),
                "{k:?}"
            );
        }
    }

    /// The guards' word lists in one dictionary say what each list says.
    #[test]
    fn word_kinds_are_list_membership() {
        let lists = WORD_LISTS;
        let words = lists.iter().flat_map(|l| l.1.iter().copied());
        for w in words.chain(["", "x", "mali", "nordd", "de l"]) {
            for (kind, list) in lists {
                assert_eq!(sets().is(w, kind), list.contains(&w), "{w:?}");
            }
        }
    }

    /// The length filter before the name-link lookup never drops a link.
    #[test]
    fn name_links_fit_their_length_bound() {
        assert!(NAME_LINKS.iter().all(|w| w.len() <= MAX_NAME_LINK_LEN));
        assert!(NAME_LINKS.iter().any(|w| w.len() == MAX_NAME_LINK_LEN));
    }

    #[test]
    fn own_keys() {
        assert!(is_own_key("diallo"));
        assert!(is_own_key("g5"));
        assert!(!is_own_key("Diallo"));
        assert!(!is_own_key("n'gourma"));
    }
}
