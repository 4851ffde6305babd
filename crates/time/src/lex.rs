//! One pass over the folded text: tokens (words, numbers, punctuation) with the
//! date vocabulary of French and English already recognised.
//!
//! A word is a maximal run of ASCII letters, digits and non-ASCII bytes; a token is a
//! word, a run of plain words ([`Lex::Word`]) with only whitespace between them, or a
//! single ASCII punctuation byte; whitespace only separates tokens. Because every token
//! boundary is an ASCII byte or an end of the text, token ranges always lie on char
//! boundaries. A word's end is found from a mask of the word bytes among the 16
//! bytes from its start (SSE2 where there is), and the word classified by a table
//! of the date vocabulary keyed by its bytes (one hash, one compare; no allocation).
//!
//! Plain words are one token per run because most words of a text are plain and no
//! recogniser of the parser reads past one or reads its text: a run stands for its
//! words without changing any mention, and the parser has fewer tokens to pass over
//! (a test checks the mentions are those of one token per word).

/// Date vocabulary keywords (folded spellings in the comments).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kw {
    /// le, la, les, l, the
    Art,
    /// ce, cet, cette, this
    This,
    /// du, de, d, des
    De,
    /// au, aux
    Au,
    /// a (French "à", also English "a")
    A,
    /// et
    Et,
    /// en
    En,
    /// entre
    Entre,
    /// dans
    Dans,
    /// nuit, night
    Nuit,
    /// depuis, since
    Since,
    /// debut
    Debut,
    /// fin
    Fin,
    /// mi
    Mi,
    /// mid
    Mid,
    /// courant
    Courant,
    /// early
    Early,
    /// late
    Late,
    /// dernier, derniere, derniers, passe, passee
    Dernier,
    /// prochain, prochaine
    Prochain,
    /// hier
    Hier,
    /// avant
    Avant,
    /// aujourd
    Aujourd,
    /// hui
    Hui,
    /// matin, matinee, soir, soiree, journee, morning, evening, afternoon
    PartOfDay,
    /// apres
    Apres,
    /// midi
    Midi,
    /// il
    Il,
    /// y
    Y,
    /// jour, jours, day, days
    DayUnit,
    /// semaine, semaines, week, weeks
    Week,
    /// week-end (the "end" of it), weekend, weekends
    End,
    /// weekend / week-end in one token
    Weekend,
    /// mois, month, months
    Month,
    /// an, ans, annee, annees, year, years
    Year,
    /// on
    On,
    /// last
    Last,
    /// next
    Next,
    /// in, during
    In,
    /// of
    Of,
    /// from
    From,
    /// to, until
    To,
    /// between
    Between,
    /// and
    And,
    /// yesterday
    Yesterday,
    /// today
    Today,
    /// tonight
    Tonight,
    /// ago
    Ago,
    /// s (English possessive after an apostrophe)
    S,
    /// over (English "over the weekend")
    Over,
    /// jusqu
    Jusqu,
    /// un, une, an (English), "a" is [`Kw::A`]
    One,
    /// lendemain
    Lendemain,
    /// surlendemain
    Surlendemain,
    /// plus
    Plus,
    /// tard
    Tard,
    /// later
    Later,
    /// after
    After,
    /// following
    Following,
    /// veille
    Veille,
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lex {
    /// A run of digits, possibly with an ordinal suffix ("1er", "14th").
    Num {
        /// Its value (saturated).
        v: u32,
        /// Number of digits (saturated at 255).
        nd: u8,
        /// Whether an ordinal suffix follows the digits.
        ord: bool,
    },
    /// A full month name, 1..=12.
    Month(u8),
    /// A month abbreviation, 1..=12 (only accepted next to a day number).
    MonAbbr(u8),
    /// A weekday, 0 = Monday.
    Wd(u8),
    /// A number word (deux, three, ...).
    NumW(u8),
    /// A keyword.
    Kw(Kw),
    /// Any other word, or a run of them (see the module documentation).
    Word,
    /// One ASCII punctuation byte.
    P(u8),
}

/// One token of the folded text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tok {
    /// First byte.
    pub s: u32,
    /// One past the last byte.
    pub e: u32,
    /// Whether a line break separates it from the previous token.
    pub nl: bool,
    /// What it is.
    pub lex: Lex,
}

/// Byte classes of the lexer: what a byte is, one table read.
const BLANK: u8 = 0;
const BREAK: u8 = 1;
const PUNCT: u8 = 2;
/// A word byte other than a digit: every class from it on is a word byte's.
const LETTER: u8 = 3;
const DIGIT: u8 = 4;

/// The class of each byte: ASCII whitespace is blank (a line break for `\n` and
/// `\r`), ASCII letters and digits and every non-ASCII byte are word bytes
/// (the digits a class of their own, which a number begins with), the rest is
/// punctuation.
const CLASS: [u8; 256] = {
    let mut t = [PUNCT; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c == b'\n' || c == b'\r' {
            BREAK
        } else if c.is_ascii_whitespace() {
            BLANK
        } else if c.is_ascii_digit() {
            DIGIT
        } else if kibaru_text::mask::is_word_byte(c) {
            LETTER
        } else {
            PUNCT
        };
        b += 1;
    }
    t
};

/// Bytes of a word the keyword table reads: a keyword has at most 12.
const KEY_MAX: usize = 12;

/// The bytes of the text a word is read from at once: a word is found and keyed
/// from 8-byte loads.
const CHUNK: usize = 8;

/// The date vocabulary: every word not beginning with a digit that is not a
/// [`Lex::Word`].
const KEYWORDS: &[(&[&[u8]], Lex)] = {
    use Kw::*;
    use Lex::{Kw as K, MonAbbr, Month as M, NumW, Wd};
    &[
        (&[b"janvier", b"january"], M(1)),
        (&[b"fevrier", b"february"], M(2)),
        (&[b"mars", b"march"], M(3)),
        (&[b"avril", b"april"], M(4)),
        (&[b"mai", b"may"], M(5)),
        (&[b"juin", b"june"], M(6)),
        (&[b"juillet", b"july"], M(7)),
        (&[b"aout", b"august"], M(8)),
        (&[b"septembre", b"september"], M(9)),
        (&[b"octobre", b"october"], M(10)),
        (&[b"novembre", b"november"], M(11)),
        (&[b"decembre", b"december"], M(12)),
        (&[b"jan", b"janv"], MonAbbr(1)),
        (&[b"feb", b"fev", b"fevr"], MonAbbr(2)),
        (&[b"mar"], MonAbbr(3)),
        (&[b"apr", b"avr"], MonAbbr(4)),
        (&[b"jun"], MonAbbr(6)),
        (&[b"jul", b"juil"], MonAbbr(7)),
        (&[b"aug"], MonAbbr(8)),
        (&[b"sep"], MonAbbr(9)),
        (&[b"oct"], MonAbbr(10)),
        (&[b"nov"], MonAbbr(11)),
        (&[b"dec"], MonAbbr(12)),
        (&[b"lundi", b"monday"], Wd(0)),
        (&[b"mardi", b"tuesday"], Wd(1)),
        (&[b"mercredi", b"wednesday"], Wd(2)),
        (&[b"jeudi", b"thursday"], Wd(3)),
        (&[b"vendredi", b"friday"], Wd(4)),
        (&[b"samedi", b"saturday"], Wd(5)),
        (&[b"dimanche", b"sunday"], Wd(6)),
        (&[b"one"], NumW(1)),
        (&[b"deux", b"two"], NumW(2)),
        (&[b"trois", b"three"], NumW(3)),
        (&[b"quatre", b"four"], NumW(4)),
        (&[b"cinq", b"five"], NumW(5)),
        (&[b"six"], NumW(6)),
        // "sept" is also an abbreviation of September; see the parser.
        (&[b"sept", b"seven"], NumW(7)),
        (&[b"huit", b"eight"], NumW(8)),
        (&[b"neuf", b"nine"], NumW(9)),
        (&[b"dix", b"ten"], NumW(10)),
        (&[b"onze", b"eleven"], NumW(11)),
        (&[b"douze", b"twelve"], NumW(12)),
        (&[b"quinze", b"fifteen"], NumW(15)),
        (&[b"vingt", b"twenty"], NumW(20)),
        (&[b"le", b"la", b"les", b"l", b"the"], K(Art)),
        (&[b"ce", b"cet", b"cette", b"this"], K(This)),
        (&[b"du", b"de", b"d", b"des"], K(De)),
        (&[b"au", b"aux"], K(Au)),
        (&[b"a"], K(A)),
        (&[b"et"], K(Et)),
        (&[b"en"], K(En)),
        (&[b"entre"], K(Entre)),
        (&[b"dans"], K(Dans)),
        (&[b"nuit", b"night"], K(Nuit)),
        (&[b"depuis", b"since"], K(Since)),
        (&[b"debut"], K(Debut)),
        (&[b"fin"], K(Fin)),
        (&[b"mi"], K(Mi)),
        (&[b"mid"], K(Mid)),
        (&[b"courant"], K(Courant)),
        (&[b"early"], K(Early)),
        (&[b"late"], K(Late)),
        (
            &[
                b"dernier",
                b"derniere",
                b"derniers",
                b"dernieres",
                b"passe",
                b"passee",
            ],
            K(Dernier),
        ),
        (&[b"prochain", b"prochaine"], K(Prochain)),
        (&[b"hier"], K(Hier)),
        (&[b"avant"], K(Avant)),
        (&[b"aujourd"], K(Aujourd)),
        (&[b"hui"], K(Hui)),
        (
            &[
                b"matin",
                b"matinee",
                b"soir",
                b"soiree",
                b"journee",
                b"morning",
                b"evening",
                b"afternoon",
            ],
            K(PartOfDay),
        ),
        (&[b"apres"], K(Apres)),
        (&[b"midi"], K(Midi)),
        (&[b"il"], K(Il)),
        (&[b"y"], K(Y)),
        (&[b"jour", b"jours", b"day", b"days"], K(DayUnit)),
        (&[b"semaine", b"semaines", b"week", b"weeks"], K(Week)),
        (&[b"end"], K(End)),
        (&[b"weekend", b"weekends"], K(Weekend)),
        (&[b"mois", b"month", b"months"], K(Month)),
        (
            &[b"an", b"ans", b"annee", b"annees", b"year", b"years"],
            K(Year),
        ),
        (&[b"on"], K(On)),
        (&[b"last"], K(Last)),
        (&[b"next"], K(Next)),
        (&[b"in", b"during"], K(In)),
        (&[b"of"], K(Of)),
        (&[b"from"], K(From)),
        (&[b"to", b"until"], K(To)),
        (&[b"between"], K(Between)),
        (&[b"and"], K(And)),
        (&[b"yesterday"], K(Yesterday)),
        (&[b"today"], K(Today)),
        (&[b"tonight"], K(Tonight)),
        (&[b"ago"], K(Ago)),
        (&[b"s"], K(S)),
        (&[b"over"], K(Over)),
        (&[b"jusqu"], K(Jusqu)),
        (&[b"un", b"une"], K(One)),
        (&[b"lendemain"], K(Lendemain)),
        (&[b"surlendemain"], K(Surlendemain)),
        (&[b"plus"], K(Plus)),
        (&[b"tard"], K(Tard)),
        (&[b"later"], K(Later)),
        (&[b"after"], K(After)),
        (&[b"following"], K(Following)),
        (&[b"veille"], K(Veille)),
    ]
};

/// Bits of the keyword hash.
const HASH_BITS: u32 = 11;

/// The multiplier of the keyword hash, chosen so that no two keywords share a
/// slot (checked when [`KEY_INDEX`] is built: a collision stops the build).
const HASH_MUL: u64 = 0xe668_f89e_6d6c_8cd9;

/// The key of a word of at most [`KEY_MAX`] bytes: its bytes, little-endian,
/// zero-padded, in two words. Word bytes are never zero, so the key says the
/// length too.
const fn key_of(w: &[u8]) -> (u64, u64) {
    let mut k = [0u64; 2];
    let mut i = 0;
    while i < w.len() {
        k[i / 8] |= (w[i] as u64) << (8 * (i % 8));
        i += 1;
    }
    (k[0], k[1])
}

/// The slot of a key in [`KEY_INDEX`].
#[inline]
const fn slot(lo: u64, hi: u64) -> usize {
    (lo.wrapping_add(hi.rotate_left(29)).wrapping_mul(HASH_MUL) >> (64 - HASH_BITS)) as usize
}

/// Number of keywords.
const N_KEYWORDS: usize = {
    let mut n = 0;
    let mut g = 0;
    while g < KEYWORDS.len() {
        n += KEYWORDS[g].0.len();
        g += 1;
    }
    n
};

/// The keywords by key: entry 0 and those after the last keyword are none
/// (their key, 0, is no word's); 256 of them, so that any byte indexes it.
const KEY_ENTRIES: [(u64, u64, Lex); 256] = {
    let mut t = [(0, 0, Lex::Word); 256];
    let mut n = 1;
    let mut g = 0;
    while g < KEYWORDS.len() {
        let (words, lex) = KEYWORDS[g];
        let mut k = 0;
        while k < words.len() {
            let w = words[k];
            assert!(!w.is_empty() && w.len() <= KEY_MAX && !w[0].is_ascii_digit());
            let (lo, hi) = key_of(w);
            t[n] = (lo, hi, lex);
            n += 1;
            k += 1;
        }
        g += 1;
    }
    t
};

/// Slot of a key to its entry in [`KEY_ENTRIES`] (0 for none).
const KEY_INDEX: [u8; 1 << HASH_BITS] = {
    assert!(N_KEYWORDS < 256);
    let mut t = [0u8; 1 << HASH_BITS];
    let mut n = 1;
    while n <= N_KEYWORDS {
        let s = slot(KEY_ENTRIES[n].0, KEY_ENTRIES[n].1);
        assert!(
            t[s] == 0,
            "two keywords share a hash slot: choose another HASH_MUL"
        );
        t[s] = n as u8;
        n += 1;
    }
    t
};

/// A mask of the low `n` bytes of a chunk (`n` < 8).
#[inline]
fn low_bytes(n: usize) -> u64 {
    (1u64 << (8 * n)) - 1
}

/// The bytes one word mask covers: a word of fewer is found and keyed from
/// two loads of [`CHUNK`] bytes.
const WINDOW: usize = 2 * CHUNK;

/// What the tokenizer carries from one token to the next.
#[derive(Clone, Copy)]
struct State {
    /// A line break since the last token.
    nl: bool,
    /// The run of plain words not yet written out: it is open, its first
    /// and one past its last byte, and whether a line break came before it.
    run: bool,
    run_s: u32,
    run_e: u32,
    run_nl: bool,
}

/// Tokenizes `text` into `out` (cleared first).
///
/// The text is read while sixteen bytes are left, so that every word of
/// fewer is found and keyed from loads that need no check of the end; the
/// last bytes are copied into a zero-padded buffer and read the same way (a
/// zero byte is no word byte, so a word still ends where the text does).
pub fn tokenize(text: &str, out: &mut Vec<Tok>) {
    out.clear();
    let b = text.as_bytes();
    // Offsets are u32 (TextRange); stop at 4 GiB rather than wrap.
    let n = b.len().min(u32::MAX as usize);
    let b = &b[..n];
    let mut st = State {
        nl: false,
        run: false,
        run_s: 0,
        run_e: 0,
        run_nl: false,
    };
    let i = lex_from::<false>(b, 0, n, 0, &mut st, out);
    if i < n {
        let mut tail = [0u8; 2 * WINDOW];
        tail[..n - i].copy_from_slice(&b[i..]);
        lex_from::<true>(&tail, i as u32, n - i, 0, &mut st, out);
    }
    if st.run {
        out.push(Tok {
            s: st.run_s,
            e: st.run_e,
            nl: st.run_nl,
            lex: Lex::Word,
        });
    }
}

/// Tokenizes `buf` from `i` (a token boundary), offsets moved by `base`;
/// returns where it stopped. Outside the `TAIL` it stops where fewer than
/// [`WINDOW`] bytes are left; in the `TAIL`, a zero-padded copy of the end
/// of the text holding [`WINDOW`] bytes past `stop`, it reads up to `stop`.
#[inline(always)]
fn lex_from<const TAIL: bool>(
    buf: &[u8],
    base: u32,
    stop: usize,
    mut i: usize,
    st: &mut State,
    out: &mut Vec<Tok>,
) -> usize {
    let State {
        mut nl,
        mut run,
        mut run_s,
        mut run_e,
        mut run_nl,
    } = *st;
    while if TAIL {
        i < stop
    } else {
        i + WINDOW <= buf.len()
    } {
        let c = buf[i];
        let class = CLASS[usize::from(c)];
        if class <= BREAK {
            nl |= class == BREAK;
            i += 1;
            continue;
        }
        let start = i;
        let lex = if class >= LETTER {
            let s = &buf[start..start + WINDOW];
            let lo = u64::from_le_bytes(s[..CHUNK].try_into().unwrap_or([0; CHUNK]));
            let hi = u64::from_le_bytes(s[CHUNK..].try_into().unwrap_or([0; CHUNK]));
            // The bits above the 16th are clear: at most 16.
            let len = (!kibaru_text::mask::word_mask16(lo, hi)).trailing_zeros() as usize;
            i = start + len;
            if len == WINDOW {
                while i < buf.len() && CLASS[usize::from(buf[i])] >= LETTER {
                    i += 1;
                }
            }
            let lex = if class == DIGIT {
                classify_number(&buf[start..i])
            } else if len <= KEY_MAX {
                // The word's bytes alone, zero-padded.
                let (lo, hi) = if len < CHUNK {
                    (lo & low_bytes(len), 0)
                } else {
                    (lo, hi & low_bytes(len - CHUNK))
                };
                let (klo, khi, lex) = KEY_ENTRIES[usize::from(KEY_INDEX[slot(lo, hi)])];
                if (klo, khi) == (lo, hi) {
                    lex
                } else {
                    Lex::Word
                }
            } else {
                Lex::Word
            };
            if lex == Lex::Word {
                // Plain words next to each other: one token for all, written
                // out when the next other token comes (a path of their own,
                // which passes no token around).
                if !run {
                    run = true;
                    run_s = base + start as u32;
                    run_nl = nl;
                }
                run_e = base + i as u32;
                nl = false;
                // Followed by one space, most often (see below).
                if buf.get(i) == Some(&b' ') {
                    i += 1;
                }
                continue;
            }
            lex
        } else {
            i += 1;
            Lex::P(c)
        };
        if run {
            run = false;
            out.push(Tok {
                s: run_s,
                e: run_e,
                nl: run_nl,
                lex: Lex::Word,
            });
        }
        out.push(Tok {
            s: base + start as u32,
            e: base + i as u32,
            nl,
            lex,
        });
        nl = false;
        // Most tokens are followed by one space: skipped here rather than by
        // a turn of the loop (a space is a blank, not a line break).
        if buf.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    *st = State {
        nl,
        run,
        run_s,
        run_e,
        run_nl,
    };
    i
}

/// A word beginning with a digit: a number, maybe ordinal, or a plain word.
fn classify_number(w: &[u8]) -> Lex {
    let nd = w.iter().take_while(|c| c.is_ascii_digit()).count();
    let (num, suffix) = w.split_at(nd);
    let ord = match suffix {
        b"" => false,
        b"er" | b"re" | b"ere" | b"e" | b"eme" | b"st" | b"nd" | b"rd" | b"th" => true,
        _ => return Lex::Word,
    };
    let v = num.iter().fold(0u32, |a, &c| {
        a.saturating_mul(10).saturating_add(u32::from(c - b'0'))
    });
    Lex::Num {
        v,
        nd: nd.min(255) as u8,
        ord,
    }
}

/// The simple tokenizer the fast one is tested against.
#[cfg(test)]
pub(crate) mod reference {
    use super::*;

    /// The tokenizer as it was before the keyword table and before it made one
    /// token of plain words next to each other: the reference of the tests.
    pub(crate) fn tokenize_ref(text: &str, out: &mut Vec<Tok>) {
        out.clear();
        let b = text.as_bytes();
        // Offsets are u32 (TextRange); stop at 4 GiB rather than wrap.
        let n = b.len().min(u32::MAX as usize);
        let mut i = 0;
        let mut nl = false;
        while i < n {
            let c = b[i];
            let class = CLASS[usize::from(c)];
            if class <= BREAK {
                nl |= class == BREAK;
                i += 1;
                continue;
            }
            let start = i;
            let lex = if class >= LETTER {
                while i < n && CLASS[usize::from(b[i])] >= LETTER {
                    i += 1;
                }
                classify_ref(&b[start..i])
            } else {
                i += 1;
                Lex::P(c)
            };
            out.push(Tok {
                s: start as u32,
                e: i as u32,
                nl,
                lex,
            });
            nl = false;
            // Most tokens are followed by one space: skipped here rather than by
            // a turn of the loop (a space is a blank, not a line break).
            if b.get(i) == Some(&b' ') {
                i += 1;
            }
        }
    }

    pub(crate) fn classify_ref(w: &[u8]) -> Lex {
        if w[0].is_ascii_digit() {
            let nd = w.iter().take_while(|c| c.is_ascii_digit()).count();
            let (num, suffix) = w.split_at(nd);
            let ord = match suffix {
                b"" => false,
                b"er" | b"re" | b"ere" | b"e" | b"eme" | b"st" | b"nd" | b"rd" | b"th" => true,
                _ => return Lex::Word,
            };
            let v = num.iter().fold(0u32, |a, &c| {
                a.saturating_mul(10).saturating_add(u32::from(c - b'0'))
            });
            return Lex::Num {
                v,
                nd: nd.min(255) as u8,
                ord,
            };
        }
        if w.len() > 12 {
            return Lex::Word;
        }
        use Kw::*;
        use Lex::{Kw as K, MonAbbr, Month as M, NumW, Wd};
        match w {
            b"janvier" | b"january" => M(1),
            b"fevrier" | b"february" => M(2),
            b"mars" | b"march" => M(3),
            b"avril" | b"april" => M(4),
            b"mai" | b"may" => M(5),
            b"juin" | b"june" => M(6),
            b"juillet" | b"july" => M(7),
            b"aout" | b"august" => M(8),
            b"septembre" | b"september" => M(9),
            b"octobre" | b"october" => M(10),
            b"novembre" | b"november" => M(11),
            b"decembre" | b"december" => M(12),
            b"jan" | b"janv" => MonAbbr(1),
            b"feb" | b"fev" | b"fevr" => MonAbbr(2),
            b"mar" => MonAbbr(3),
            b"apr" | b"avr" => MonAbbr(4),
            b"jun" => MonAbbr(6),
            b"jul" | b"juil" => MonAbbr(7),
            b"aug" => MonAbbr(8),
            b"sep" => MonAbbr(9),
            b"oct" => MonAbbr(10),
            b"nov" => MonAbbr(11),
            b"dec" => MonAbbr(12),
            b"lundi" | b"monday" => Wd(0),
            b"mardi" | b"tuesday" => Wd(1),
            b"mercredi" | b"wednesday" => Wd(2),
            b"jeudi" | b"thursday" => Wd(3),
            b"vendredi" | b"friday" => Wd(4),
            b"samedi" | b"saturday" => Wd(5),
            b"dimanche" | b"sunday" => Wd(6),
            b"one" => NumW(1),
            b"deux" | b"two" => NumW(2),
            b"trois" | b"three" => NumW(3),
            b"quatre" | b"four" => NumW(4),
            b"cinq" | b"five" => NumW(5),
            b"six" => NumW(6),
            // "sept" is also an abbreviation of September; see the parser.
            b"sept" | b"seven" => NumW(7),
            b"huit" | b"eight" => NumW(8),
            b"neuf" | b"nine" => NumW(9),
            b"dix" | b"ten" => NumW(10),
            b"onze" | b"eleven" => NumW(11),
            b"douze" | b"twelve" => NumW(12),
            b"quinze" | b"fifteen" => NumW(15),
            b"vingt" | b"twenty" => NumW(20),
            b"le" | b"la" | b"les" | b"l" | b"the" => K(Art),
            b"ce" | b"cet" | b"cette" | b"this" => K(This),
            b"du" | b"de" | b"d" | b"des" => K(De),
            b"au" | b"aux" => K(Au),
            b"a" => K(A),
            b"et" => K(Et),
            b"en" => K(En),
            b"entre" => K(Entre),
            b"dans" => K(Dans),
            b"nuit" | b"night" => K(Nuit),
            b"depuis" | b"since" => K(Since),
            b"debut" => K(Debut),
            b"fin" => K(Fin),
            b"mi" => K(Mi),
            b"mid" => K(Mid),
            b"courant" => K(Courant),
            b"early" => K(Early),
            b"late" => K(Late),
            b"dernier" | b"derniere" | b"derniers" | b"dernieres" | b"passe" | b"passee" => {
                K(Dernier)
            }
            b"prochain" | b"prochaine" => K(Prochain),
            b"hier" => K(Hier),
            b"avant" => K(Avant),
            b"aujourd" => K(Aujourd),
            b"hui" => K(Hui),
            b"matin" | b"matinee" | b"soir" | b"soiree" | b"journee" | b"morning" | b"evening"
            | b"afternoon" => K(PartOfDay),
            b"apres" => K(Apres),
            b"midi" => K(Midi),
            b"il" => K(Il),
            b"y" => K(Y),
            b"jour" | b"jours" | b"day" | b"days" => K(DayUnit),
            b"semaine" | b"semaines" | b"week" | b"weeks" => K(Week),
            b"end" => K(End),
            b"weekend" | b"weekends" => K(Weekend),
            b"mois" | b"month" | b"months" => K(Month),
            b"an" | b"ans" | b"annee" | b"annees" | b"year" | b"years" => K(Year),
            b"on" => K(On),
            b"last" => K(Last),
            b"next" => K(Next),
            b"in" | b"during" => K(In),
            b"of" => K(Of),
            b"from" => K(From),
            b"to" | b"until" => K(To),
            b"between" => K(Between),
            b"and" => K(And),
            b"yesterday" => K(Yesterday),
            b"today" => K(Today),
            b"tonight" => K(Tonight),
            b"ago" => K(Ago),
            b"s" => K(S),
            b"over" => K(Over),
            b"jusqu" => K(Jusqu),
            b"un" | b"une" => K(One),
            b"lendemain" => K(Lendemain),
            b"surlendemain" => K(Surlendemain),
            b"plus" => K(Plus),
            b"tard" => K(Tard),
            b"later" => K(Later),
            b"after" => K(After),
            b"following" => K(Following),
            b"veille" => K(Veille),
            _ => Lex::Word,
        }
    }

    /// `toks` with each run of plain words made one token: the first word's
    /// start and line break, the last one's end.
    pub(crate) fn collapse(toks: &[Tok]) -> Vec<Tok> {
        let mut out: Vec<Tok> = Vec::new();
        for &t in toks {
            match out.last_mut() {
                Some(last) if t.lex == Lex::Word && last.lex == Lex::Word => last.e = t.e,
                _ => out.push(t),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::reference::*;
    use super::*;
    use kibaru_text::mask::is_word_byte;
    use proptest::prelude::*;

    /// Every keyword, and words one byte off one.
    fn near_keywords() -> Vec<Vec<u8>> {
        let mut v = Vec::new();
        for (words, _) in KEYWORDS {
            for w in *words {
                v.push(w.to_vec());
                for k in 0..=w.len() {
                    for c in [b'a', b'e', b's', b'z', b'0', b'\xc3'] {
                        let mut x = w.to_vec();
                        x.insert(k, c);
                        v.push(x);
                    }
                    if k < w.len() {
                        let mut x = w.to_vec();
                        x.remove(k);
                        v.push(x);
                        let mut x = w.to_vec();
                        x[k] ^= 0x20;
                        v.push(x);
                    }
                }
            }
        }
        v.retain(|w| !w.is_empty());
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn the_keyword_table_classifies_as_the_match() {
        let mut n = 0;
        for w in near_keywords() {
            let Ok(s) = std::str::from_utf8(&w) else {
                continue;
            };
            // Alone, at the end of the text, and followed by more text.
            for text in [s.to_string(), format!("{s} et encore un peu de texte")] {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                tokenize(&text, &mut a);
                tokenize_ref(&text, &mut b);
                assert_eq!(a, collapse(&b), "{text:?}");
            }
            n += usize::from(classify_ref(&w) != Lex::Word);
        }
        assert_eq!(n, N_KEYWORDS);
    }

    /// Pieces of text: keywords, plain and long words, numbers, non-ASCII,
    /// capitals, punctuation and blanks.
    fn piece() -> impl Strategy<Value = String> {
        let keyword = prop::sample::select(
            KEYWORDS
                .iter()
                .flat_map(|(w, _)| w.iter())
                .map(|w| String::from_utf8(w.to_vec()).unwrap())
                .collect::<Vec<_>>(),
        );
        prop_oneof![
            4 => keyword,
            2 => "[a-z]{1,20}",
            2 => "[0-9]{1,6}(er|e|eme|th|st|h|h30)?",
            1 => "[a-zA-Z0-9\u{e9}\u{e8}\u{2019}\u{1f600}]{1,30}",
            2 => "[ ,.;:'\"()\\-/\n\r\t]{1,3}",
            1 => ".{0,4}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn tokens_are_those_of_the_reference(pieces in prop::collection::vec(piece(), 0..40)) {
            let text: String = pieces.concat();
            let (mut a, mut b) = (Vec::new(), Vec::new());
            tokenize(&text, &mut a);
            tokenize_ref(&text, &mut b);
            prop_assert_eq!(a, collapse(&b), "{:?}", text);
        }
    }

    #[test]
    fn word_class_is_the_shared_word_byte_class() {
        // The tokenizer finds word ends with `kibaru_text::mask::word_mask16`.
        for c in 0..=255u8 {
            assert_eq!(
                CLASS[usize::from(c)] >= LETTER,
                is_word_byte(c),
                "byte {c:#x}"
            );
            assert_eq!(CLASS[usize::from(c)] == DIGIT, c.is_ascii_digit());
        }
    }

    #[test]
    fn tokens() {
        let mut v = Vec::new();
        tokenize("le 1er mai, 17h00\naujourd'hui", &mut v);
        let lex: Vec<Lex> = v.iter().map(|t| t.lex).collect();
        assert_eq!(
            lex,
            vec![
                Lex::Kw(Kw::Art),
                Lex::Num {
                    v: 1,
                    nd: 1,
                    ord: true
                },
                Lex::Month(5),
                Lex::P(b','),
                Lex::Word,
                Lex::Kw(Kw::Aujourd),
                Lex::P(b'\''),
                Lex::Kw(Kw::Hui),
            ]
        );
        assert!(v[5].nl);
        assert!(!v[4].nl);
        // Plain words next to each other are one token, line break or not.
        let text = "des hommes armes ont\nattaque le village";
        tokenize(text, &mut v);
        let spans: Vec<(&str, Lex, bool)> = v
            .iter()
            .map(|t| (&text[t.s as usize..t.e as usize], t.lex, t.nl))
            .collect();
        assert_eq!(
            spans,
            vec![
                ("des", Lex::Kw(Kw::De), false),
                ("hommes armes ont\nattaque", Lex::Word, false),
                ("le", Lex::Kw(Kw::Art), false),
                ("village", Lex::Word, false),
            ]
        );
    }
}
