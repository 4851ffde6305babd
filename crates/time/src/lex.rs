//! One pass over the folded text: tokens (words, numbers, punctuation) with the
//! date vocabulary of French and English already recognised.
//!
//! A token is a maximal run of ASCII letters, digits and non-ASCII bytes, or a single
//! ASCII punctuation byte; whitespace only separates tokens. Because every token
//! boundary is an ASCII byte or an end of the text, token ranges always lie on char
//! boundaries. Words are classified with one `match` on their bytes (no allocation).

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
    /// Any other word.
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
const WORD: u8 = 2;
const PUNCT: u8 = 3;

/// The class of each byte: ASCII whitespace is blank (a line break for `\n` and
/// `\r`), ASCII letters and digits and every non-ASCII byte are word bytes, the
/// rest is punctuation.
const CLASS: [u8; 256] = {
    let mut t = [PUNCT; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c == b'\n' || c == b'\r' {
            BREAK
        } else if c.is_ascii_whitespace() {
            BLANK
        } else if c.is_ascii_alphanumeric() || c >= 0x80 {
            WORD
        } else {
            PUNCT
        };
        b += 1;
    }
    t
};

/// Tokenizes `text` into `out` (cleared first).
pub fn tokenize(text: &str, out: &mut Vec<Tok>) {
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
        let lex = if class == WORD {
            while i < n && CLASS[usize::from(b[i])] == WORD {
                i += 1;
            }
            classify(&b[start..i])
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

fn classify(w: &[u8]) -> Lex {
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
        b"dernier" | b"derniere" | b"derniers" | b"dernieres" | b"passe" | b"passee" => K(Dernier),
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

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
