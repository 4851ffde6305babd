//! The date grammar: recognises date expressions in the token stream and records
//! them unresolved ([`RawMention`]), leaving the calendar work to `resolve`.
//!
//! At every token that can open a date expression, each recogniser is tried and the
//! longest match wins (ties go to the earlier recogniser); scanning then resumes after
//! it, so mentions come out sorted and never overlap. Patterns never continue across a
//! line break. Function words that carry no date meaning ("le", "en", "on", "in",
//! "depuis") are matched but left out of the mention's range; words that change the
//! date ("ce", "dernier", "last", "debut", "fin", "dans la nuit") are inside it.

use kibaru_text::Lang;

use crate::lex::{Kw, Lex, Tok};

/// How a weekday relates to the anchor day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The most recent such weekday, the anchor day included ("jeudi", "ce jeudi").
    OnOrBefore,
    /// Strictly before the anchor day ("jeudi dernier", "last Thursday").
    Before,
    /// Strictly after the anchor day ("jeudi prochain", "next Thursday").
    After,
}

/// A "dernier" / "prochain" after a date without year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shift {
    /// Nothing.
    None,
    /// "dernier", "passé": not after the anchor.
    Past,
    /// "prochain": not before the anchor.
    Future,
}

/// A day and month, maybe a year and a weekday, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dm {
    /// Day of month.
    pub d: u8,
    /// Month.
    pub m: u8,
    /// Year, when written.
    pub y: Option<i32>,
    /// Weekday, when written.
    pub wd: Option<u8>,
}

/// An unresolved date expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Raw {
    /// A full or partial calendar date.
    Explicit(Dm, Shift),
    /// A span of days: the first day's month and year may be missing.
    Span {
        /// First day of month.
        d1: u8,
        /// First month, when written.
        m1: Option<u8>,
        /// First year, when written.
        y1: Option<i32>,
        /// The last day.
        end: Dm,
    },
    /// A night given by days of month only ("dans la nuit du 26 au 27"): the month and
    /// year come from the anchor.
    Nights {
        /// The evening's day of month.
        d1: u8,
        /// The morning's day of month (the next day).
        d2: u8,
    },
    /// A weekday, maybe followed by a day of month ("samedi 27").
    Weekday {
        /// The weekday.
        wd: u8,
        /// How it relates to the anchor.
        mode: Mode,
        /// A day of month written after it, to be checked against the weekday.
        day: Option<u8>,
        /// End of the mention when the day of month turns out not to fit.
        short_end: u32,
        /// "dans la nuit de jeudi à vendredi": the weekday is the evening's.
        night: bool,
    },
    /// Some days from the anchor, with a precision ("hier", "il y a une semaine").
    Days(i64, crate::Precision),
    /// Some days after the day named just before in the text ("le lendemain",
    /// "deux jours plus tard", "two days later"), with a precision.
    Later(i64, crate::Precision),
    /// The middle of a week relative to the anchor's week (0 = this week).
    Week(i64),
    /// A weekend: `true` for "le week-end dernier", `false` for "ce week-end".
    Weekend(bool),
    /// A month relative to the anchor's month.
    MonthRel(i64),
    /// A year relative to the anchor's year.
    YearRel(i64),
    /// A named month.
    Month(u8, Option<i32>, Shift),
    /// A year, or a span of years.
    Year(i32, Option<i32>),
}

/// An unresolved mention with its byte range in the folded text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawMention {
    /// First byte.
    pub s: u32,
    /// One past the last byte.
    pub e: u32,
    /// What was said.
    pub raw: Raw,
}

/// A match: first token, one past the last token, and what it says.
type Hit = (usize, usize, Raw);

struct P<'a> {
    t: &'a [Tok],
    text: &'a [u8],
    lang: Lang,
}

/// Finds the date expressions in the tokens of `text`.
pub fn scan(text: &str, toks: &[Tok], lang: Lang, out: &mut Vec<RawMention>) {
    let p = P {
        t: toks,
        text: text.as_bytes(),
        lang,
    };
    let mut i = 0;
    while i < toks.len() {
        if !p.opens(i) {
            i += 1;
            continue;
        }
        match p.best(i) {
            Some((s, e, raw)) if e > s => {
                out.push(RawMention {
                    s: toks[s].s,
                    e: toks[e - 1].e,
                    raw,
                });
                i = e;
            }
            _ => i += 1,
        }
    }
}

impl P<'_> {
    /// Whether some recogniser may match at token `i`: false for other words,
    /// punctuation and the keywords that no recogniser takes as its first
    /// token (each begins by matching its first token and gives up on any
    /// other; a test checks they give nothing at these). Most tokens of a
    /// text are such words ("le", "et", "au"), so most recognisers are never
    /// tried there.
    ///
    /// The commonest function words open a date only before a few kinds of
    /// token (what the recognisers that take them read next), so they are
    /// ruled out by the next token too: "de", "les" before a number or a
    /// weekday ("du 3 au 5", "les 3 et 4 mai"); "a", "un", "une" before a unit
    /// ("a week ago"); "en", "in" before a month or a number; "of" before a
    /// number; "dans" before "la nuit"; and so the other words that begin a
    /// date only before some tokens ("il y a", "ce" before a weekday, a unit
    /// or a part of the day, "apres 2015", number words before a unit, ...):
    /// of the tokens `opens` lets through, they were about half, and almost
    /// none began a date.
    fn opens(&self, i: usize) -> bool {
        let next = || self.cont(i + 1);
        match self.t[i].lex {
            Lex::Word | Lex::P(_) => false,
            Lex::Kw(Kw::Art) => {
                self.word(i) == b"les" && matches!(next(), Some(Lex::Num { .. } | Lex::Wd(_)))
            }
            Lex::Kw(Kw::De) => matches!(next(), Some(Lex::Num { .. } | Lex::Wd(_))),
            Lex::Kw(Kw::A | Kw::One) => matches!(
                next(),
                Some(Lex::Kw(Kw::DayUnit | Kw::Week | Kw::Month | Kw::Year))
            ),
            Lex::Kw(Kw::En | Kw::In) => matches!(next(), Some(Lex::Month(_) | Lex::Num { .. })),
            Lex::Kw(Kw::Of) => matches!(next(), Some(Lex::Num { .. })),
            Lex::Kw(Kw::Dans) => {
                next() == Some(Lex::Kw(Kw::Art)) && self.cont(i + 2) == Some(Lex::Kw(Kw::Nuit))
            }
            Lex::Kw(Kw::Il) => {
                next() == Some(Lex::Kw(Kw::Y)) && self.cont(i + 2) == Some(Lex::Kw(Kw::A))
            }
            Lex::Kw(Kw::To) => matches!(next(), Some(Lex::Num { .. })) && self.word(i) == b"until",
            Lex::Kw(Kw::Apres) => matches!(next(), Some(Lex::Num { .. })),
            Lex::Kw(Kw::Avant) => matches!(
                next(),
                Some(Lex::Num { .. } | Lex::P(b'-') | Lex::Kw(Kw::Hier))
            ),
            Lex::Kw(Kw::Since) => matches!(next(), Some(Lex::Month(_) | Lex::Num { .. })),
            Lex::Kw(Kw::Entre | Kw::Between | Kw::From) => matches!(
                next(),
                Some(Lex::Num { .. } | Lex::Wd(_) | Lex::Month(_) | Lex::Kw(Kw::Art))
            ),
            Lex::NumW(n) => {
                n == 7
                    || matches!(
                        next(),
                        Some(Lex::Kw(Kw::DayUnit | Kw::Week | Kw::Month | Kw::Year))
                    )
            }
            Lex::Kw(Kw::This) => matches!(
                next(),
                Some(
                    Lex::Wd(_)
                        | Lex::Num { .. }
                        | Lex::Month(_)
                        | Lex::MonAbbr(_)
                        | Lex::NumW(_)
                        | Lex::Kw(
                            Kw::Weekend
                                | Kw::Week
                                | Kw::PartOfDay
                                | Kw::Nuit
                                | Kw::Apres
                                | Kw::Month
                                | Kw::Year
                        )
                )
            ),
            Lex::Kw(Kw::Year) => matches!(
                next(),
                Some(Lex::Num { .. } | Lex::Kw(Kw::Dernier | Kw::Prochain))
            ),
            Lex::Kw(Kw::Month) => {
                matches!(next(), Some(Lex::Kw(Kw::De | Kw::Dernier | Kw::Prochain)))
            }
            Lex::Kw(Kw::Nuit) => matches!(next(), Some(Lex::Kw(Kw::De | Kw::Dernier))),
            Lex::Kw(Kw::Over) => next() == Some(Lex::Kw(Kw::Art)),
            Lex::Kw(Kw::Jusqu) => next() == Some(Lex::P(b'\'')),
            Lex::Kw(Kw::Debut | Kw::Fin | Kw::Courant | Kw::Early | Kw::Late) => matches!(
                next(),
                Some(Lex::Month(_) | Lex::Num { .. } | Lex::Kw(Kw::De))
            ),
            Lex::Kw(
                Kw::Au
                | Kw::Et
                | Kw::Dernier
                | Kw::Prochain
                | Kw::Hui
                | Kw::PartOfDay
                | Kw::Midi
                | Kw::Y
                | Kw::DayUnit
                | Kw::End
                | Kw::On
                | Kw::And
                | Kw::Ago
                | Kw::S
                | Kw::Plus
                | Kw::Tard
                | Kw::Later
                | Kw::After,
            ) => false,
            _ => true,
        }
    }

    /// The longest match of the recognisers at token `i` (ties go to the
    /// earlier recogniser).
    fn best(&self, i: usize) -> Option<Hit> {
        let recognisers: [fn(&Self, usize) -> Option<Hit>; 6] = [
            Self::span,
            Self::explicit,
            Self::weekday,
            Self::relative,
            Self::month,
            Self::year,
        ];
        let mut best: Option<Hit> = None;
        for r in recognisers {
            if let Some(h) = r(self, i) {
                if best.is_none_or(|b| h.1 > b.1) {
                    best = Some(h);
                }
            }
        }
        best
    }

    /// The token at `j`, whatever precedes it.
    fn lex(&self, j: usize) -> Option<Lex> {
        self.t.get(j).map(|t| t.lex)
    }

    /// The token at `j` as the continuation of a pattern: not across a line break.
    fn cont(&self, j: usize) -> Option<Lex> {
        self.t.get(j).filter(|t| !t.nl).map(|t| t.lex)
    }

    /// `lex` for the first token of a pattern, `cont` otherwise.
    fn at(&self, j: usize, first: bool) -> Option<Lex> {
        if first {
            self.lex(j)
        } else {
            self.cont(j)
        }
    }

    fn kw(&self, j: usize, k: Kw) -> bool {
        self.cont(j) == Some(Lex::Kw(k))
    }

    fn word(&self, j: usize) -> &[u8] {
        self.t
            .get(j)
            .map_or(&[], |t| &self.text[t.s as usize..t.e as usize])
    }

    /// Whether token `j` touches the previous one (no space between).
    fn glued(&self, j: usize) -> bool {
        j > 0 && j < self.t.len() && self.t[j - 1].e == self.t[j].s
    }

    fn is_p(&self, j: usize, c: u8) -> bool {
        self.cont(j) == Some(Lex::P(c))
    }

    fn glued_p(&self, j: usize, set: &[u8]) -> bool {
        matches!(self.cont(j), Some(Lex::P(c)) if set.contains(&c)) && self.glued(j)
    }

    fn glued_num(&self, j: usize) -> bool {
        matches!(self.cont(j), Some(Lex::Num { .. })) && self.glued(j)
    }

    /// Whether the number at `j` is glued to another number by `set` on either side
    /// ("10:30", "3,5", "1.200").
    fn in_number(&self, j: usize, set: &[u8]) -> bool {
        self.num_before(j, set) || (self.glued_p(j + 1, set) && self.glued_num(j + 2))
    }

    /// Whether the token at `j` continues a number through a glued byte of `set`
    /// ("12" in "3/12").
    fn num_before(&self, j: usize, set: &[u8]) -> bool {
        j >= 2
            && self.glued(j)
            && matches!(self.lex(j - 1), Some(Lex::P(c)) if set.contains(&c))
            && self.glued(j - 1)
            && matches!(self.lex(j - 2), Some(Lex::Num { .. }))
    }

    /// A day of month, 1..=31 ("26", "1er", "14th").
    fn day(&self, j: usize, first: bool) -> Option<(u8, usize)> {
        match self.at(j, first)? {
            Lex::Num {
                v: v @ 1..=31,
                nd: 1 | 2,
                ..
            } if !self.in_number(j, b":,./") => Some((v as u8, j + 1)),
            _ => None,
        }
    }

    /// A month name; abbreviations only when `day_ctx` (next to a day number).
    fn month_name(&self, j: usize, first: bool, day_ctx: bool) -> Option<(u8, usize)> {
        let dot = |k: usize| if self.glued_p(k, b".") { k + 1 } else { k };
        match self.at(j, first)? {
            Lex::Month(m) => Some((m, j + 1)),
            Lex::MonAbbr(m) if day_ctx => Some((m, dot(j + 1))),
            Lex::NumW(7)
                if day_ctx
                    && self.word(j) == b"sept"
                    && (self.lang == Lang::En || self.glued_p(j + 1, b".")) =>
            {
                Some((9, dot(j + 1)))
            }
            _ => None,
        }
    }

    /// A plausible year, 1900..=2100, not part of a larger number.
    fn year_num(&self, j: usize, first: bool) -> Option<(i32, usize)> {
        match self.at(j, first)? {
            Lex::Num {
                v: v @ 1900..=2100,
                nd: 4,
                ord: false,
            } => {
                if self.in_number(j, b":,.") {
                    return None;
                }
                if let Some(Lex::Num {
                    nd: 3, ord: false, ..
                }) = self.cont(j + 1)
                {
                    return None;
                }
                if matches!(
                    self.cont(j + 1),
                    Some(Lex::Kw(Kw::Year | Kw::DayUnit | Kw::Month | Kw::Week))
                ) {
                    return None;
                }
                Some((v as i32, j + 1))
            }
            _ => None,
        }
    }

    /// An optional year after a day and month, maybe after a comma.
    fn opt_year(&self, j: usize) -> (Option<i32>, usize) {
        if self.is_p(j, b',') {
            if let Some((y, k)) = self.year_num(j + 1, false) {
                return (Some(y), k);
            }
        }
        match self.year_num(j, false) {
            Some((y, k)) => (Some(y), k),
            None => (None, j),
        }
    }

    fn opt_shift(&self, j: usize) -> (Shift, usize) {
        match self.cont(j) {
            Some(Lex::Kw(Kw::Dernier)) => (Shift::Past, j + 1),
            Some(Lex::Kw(Kw::Prochain)) => (Shift::Future, j + 1),
            _ => (Shift::None, j),
        }
    }

    /// "26/12/2024", "26-12-2024", "26.12.2024", "2024-12-26", "26/12/24".
    fn numeric(&self, j: usize, first: bool) -> Option<(Dm, usize)> {
        let num = |k: usize, first: bool| match self.at(k, first) {
            Some(Lex::Num { v, nd, ord: false }) => Some((v, nd)),
            _ => None,
        };
        let (a, an) = num(j, first)?;
        let sep = match self.cont(j + 1) {
            Some(Lex::P(c @ (b'/' | b'-' | b'.'))) if self.glued(j + 1) => c,
            _ => return None,
        };
        let (b, bn) = num(j + 2, false).filter(|_| self.glued(j + 2))?;
        if !(self.is_p(j + 3, sep) && self.glued(j + 3) && self.glued(j + 4)) {
            return None;
        }
        let (c, cn) = num(j + 4, false)?;
        // Not a piece of a longer dotted or dashed number, nor glued to letters.
        if self.glued_p(j + 5, b"/-.:") && self.glued_num(j + 6) {
            return None;
        }
        // (Only what comes before: what follows is the date itself.)
        if self.num_before(j, b"/-.:") {
            return None;
        }
        let (y, m, d) = if an == 4 && bn <= 2 && cn <= 2 && sep != b'.' {
            (a as i32, b, c)
        } else if an <= 2 && bn <= 2 && cn == 4 {
            (c as i32, b, a)
        } else if an <= 2 && bn <= 2 && cn == 2 && sep != b'.' {
            (if c < 70 { 2000 } else { 1900 } + c as i32, b, a)
        } else {
            return None;
        };
        if !(1900..=2100).contains(&y) {
            return None;
        }
        let (m, d) = match (m, d) {
            (1..=12, 1..=31) => (m, d),
            // Month and day the American way round, only when unambiguous.
            (13..=31, 1..=12) if self.lang == Lang::En => (d, m),
            _ => return None,
        };
        crate::Date::new(y, m as u8, d as u8)?;
        Some((
            Dm {
                d: d as u8,
                m: m as u8,
                y: Some(y),
                wd: None,
            },
            j + 5,
        ))
    }

    /// Explicit dates: "[ce] [jeudi[,]] 26 decembre [2024] [dernier]", "December 26[, 2024]",
    /// numeric dates.
    fn explicit(&self, i: usize) -> Option<Hit> {
        let start = self.explicit_start(i);
        // Every form begins (after "ce") with a weekday, a number or a month
        // name; most tokens it is tried at are none, and need no more look
        // (a test checks the full look finds nothing there either).
        if !matches!(
            self.lex(start),
            Some(Lex::Wd(_) | Lex::Num { .. } | Lex::Month(_) | Lex::MonAbbr(_) | Lex::NumW(_))
        ) {
            return None;
        }
        self.explicit_from(i, start)
    }

    /// Where an explicit date at token `i` starts: after a "ce".
    fn explicit_start(&self, i: usize) -> usize {
        if self.lex(i) == Some(Lex::Kw(Kw::This)) {
            i + 1
        } else {
            i
        }
    }

    /// [`P::explicit`] without its first test.
    fn explicit_from(&self, i: usize, start: usize) -> Option<Hit> {
        let mut j = start;
        let mut wd = None;
        if let Some(Lex::Wd(w)) = self.at(j, j == i) {
            wd = Some(w);
            j += 1;
            if self.is_p(j, b',') {
                j += 1;
            }
        }
        let first = j == i;
        if let Some((mut dm, k)) = self.numeric(j, first) {
            dm.wd = wd;
            return Some((start, k, Raw::Explicit(dm, Shift::None)));
        }
        if let Some((d, k)) = self.day(j, first) {
            let k2 = if self.kw(k, Kw::Of) { k + 1 } else { k };
            if let Some((m, k3)) = self.month_name(k2, false, true) {
                let (y, k4) = self.opt_year(k3);
                let (shift, k5) = if y.is_none() {
                    self.opt_shift(k4)
                } else {
                    (Shift::None, k4)
                };
                return Some((start, k5, Raw::Explicit(Dm { d, m, y, wd }, shift)));
            }
        }
        if let Some((m, k)) = self.month_name(j, first, true) {
            if let Some((d, k2)) = self.day(k, false) {
                let (y, k3) = self.opt_year(k2);
                if self.lang == Lang::En || y.is_some() {
                    let (shift, k4) = if y.is_none() {
                        self.opt_shift(k3)
                    } else {
                        (Shift::None, k3)
                    };
                    return Some((start, k4, Raw::Explicit(Dm { d, m, y, wd }, shift)));
                }
            }
        }
        None
    }

    /// One side of a span: "[jeudi] 26 [decembre [2024]]".
    fn span_part(&self, j: usize, first: bool) -> Option<(Dm, bool, usize)> {
        let mut k = j;
        let mut wd = None;
        if let Some(Lex::Wd(w)) = self.at(k, first) {
            wd = Some(w);
            k += 1;
        }
        let (d, k2) = self.day(k, first && wd.is_none())?;
        match self.month_name(k2, false, true) {
            Some((m, k3)) => {
                let (y, k4) = self.opt_year(k3);
                Some((Dm { d, m, y, wd }, true, k4))
            }
            None => Some((
                Dm {
                    d,
                    m: 0,
                    y: None,
                    wd,
                },
                false,
                k2,
            )),
        }
    }

    /// Spans and nights: "[dans la] nuit du 26 au 27 decembre", "du 15 mars au 15 avril
    /// 2022", "entre le 3 et le 5 mai", "les 3 et 4 mai", "10-12 mai".
    fn span(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        let mut night = false;
        match self.lex(i)? {
            Lex::Kw(Kw::Dans) if self.kw(i + 1, Kw::Art) && self.kw(i + 2, Kw::Nuit) => {
                j = i + 3;
                night = true;
            }
            Lex::Kw(Kw::Nuit) => {
                j = i + 1;
                night = true;
            }
            Lex::Kw(Kw::De) if self.word(i) != b"d" => j = i + 1,
            Lex::Kw(Kw::Entre | Kw::Between | Kw::From) => {
                j = i + 1;
                if self.kw(j, Kw::Art) {
                    j += 1;
                }
            }
            Lex::Kw(Kw::Art) if self.word(i) == b"les" => j = i + 1,
            Lex::Num { .. } | Lex::Wd(_) => {}
            _ => return None,
        }
        if night {
            if !self.kw(j, Kw::De) {
                return None;
            }
            j += 1;
            if self.is_p(j, b'\'') {
                j += 1;
            }
        }
        let (a, a_month, k) = self.span_part(j, j == i)?;
        let k = match self.cont(k)? {
            Lex::Kw(Kw::Au | Kw::A | Kw::Et | Kw::And) => k + 1,
            Lex::Kw(Kw::To) if self.word(k) == b"to" => k + 1,
            Lex::P(b'-') => k + 1,
            _ => return None,
        };
        let k = if self.kw(k, Kw::Art) { k + 1 } else { k };
        let (b, b_month, k2) = self.span_part(k, false)?;
        if !b_month {
            // Only a night may leave out the month, and then its days must follow each
            // other ("du 26 au 27", "du 31 au 1er"): "du 3 au 5" alone is too often a score
            // or a count.
            let next = b.d == a.d + 1 || (b.d == 1 && a.d >= 28);
            if night && !a_month && a.wd.is_none() && b.wd.is_none() && next {
                return Some((i, k2, Raw::Nights { d1: a.d, d2: b.d }));
            }
            return None;
        }
        let raw = Raw::Span {
            d1: a.d,
            m1: a_month.then_some(a.m),
            y1: a.y.filter(|_| a_month),
            end: b,
        };
        Some((i, k2, raw))
    }

    /// Weekdays: "[ce|last|next] jeudi [soir|matin|dernier|prochain|'s]",
    /// "[dans la] nuit de jeudi a vendredi", "samedi 27" (day checked later).
    fn weekday(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        let mut mode = Mode::OnOrBefore;
        let mut night = false;
        match self.lex(i)? {
            Lex::Kw(Kw::This) => j += 1,
            Lex::Kw(Kw::Last) => {
                mode = Mode::Before;
                j += 1;
            }
            Lex::Kw(Kw::Next) => {
                mode = Mode::After;
                j += 1;
            }
            Lex::Kw(Kw::Dans) if self.kw(i + 1, Kw::Art) && self.kw(i + 2, Kw::Nuit) => {
                j = i + 3;
                night = true;
            }
            Lex::Kw(Kw::Nuit) => {
                j = i + 1;
                night = true;
            }
            Lex::Wd(_) => {}
            _ => return None,
        }
        if night {
            if !self.kw(j, Kw::De) {
                return None;
            }
            j += 1;
        }
        let Some(Lex::Wd(wd)) = self.at(j, j == i) else {
            return None;
        };
        j += 1;
        let mut day = None;
        let mut short_end = self.t[j - 1].e;
        if let Some((d, k)) = self.day(j, false) {
            if !matches!(
                self.cont(k),
                Some(Lex::Kw(Kw::Year | Kw::DayUnit | Kw::Month))
            ) {
                day = Some(d);
                j = k;
            }
        }
        if day.is_none() {
            for _ in 0..2 {
                match self.cont(j) {
                    Some(Lex::Kw(Kw::PartOfDay)) => j += 1,
                    Some(Lex::Kw(Kw::Nuit)) if !night && self.lang == Lang::En => j += 1,
                    Some(Lex::Kw(Kw::Apres))
                        if self.is_p(j + 1, b'-') && self.kw(j + 2, Kw::Midi) =>
                    {
                        j += 3
                    }
                    Some(Lex::Kw(Kw::Dernier)) if mode == Mode::OnOrBefore => {
                        mode = Mode::Before;
                        j += 1;
                    }
                    Some(Lex::Kw(Kw::Prochain)) if mode == Mode::OnOrBefore => {
                        mode = Mode::After;
                        j += 1;
                    }
                    Some(Lex::P(b'\'')) if self.glued(j) && self.kw(j + 1, Kw::S) => j += 2,
                    _ => break,
                }
            }
            short_end = self.t[j - 1].e;
        }
        if night {
            let k = if self.kw(j, Kw::Au) || self.kw(j, Kw::A) {
                j + 1
            } else {
                j
            };
            if k > j && matches!(self.cont(k), Some(Lex::Wd(_))) {
                j = k + 1;
                if let Some((_, k2)) = self.day(j, false) {
                    j = k2;
                }
                short_end = self.t[j - 1].e;
            }
        }
        Some((
            i,
            j,
            Raw::Weekday {
                wd,
                mode,
                day,
                short_end,
                night,
            },
        ))
    }

    /// A count for "il y a trois jours", "two weeks ago".
    fn count(&self, j: usize, first: bool) -> Option<(i64, usize)> {
        match self.at(j, first)? {
            Lex::Num {
                v: v @ 1..=999,
                ord: false,
                ..
            } => Some((i64::from(v), j + 1)),
            Lex::NumW(n) => Some((i64::from(n), j + 1)),
            Lex::Kw(Kw::A | Kw::One) => Some((1, j + 1)),
            _ => None,
        }
    }

    /// "N jours/semaines/mois/ans" as a relative date `n` units back.
    fn units_back(&self, n: i64, j: usize) -> Option<(Raw, usize)> {
        let raw = match self.cont(j)? {
            Lex::Kw(Kw::DayUnit) => Raw::Days(-n, crate::Precision::Day),
            Lex::Kw(Kw::Week) => Raw::Days(-7 * n, crate::Precision::Week),
            Lex::Kw(Kw::Month) => Raw::MonthRel(-n),
            Lex::Kw(Kw::Year) => Raw::YearRel(-n),
            _ => return None,
        };
        Some((raw, j + 1))
    }

    /// "week-end" / "weekend" at `j`: one past it.
    fn weekend_at(&self, j: usize) -> Option<usize> {
        if self.kw(j, Kw::Weekend) {
            return Some(j + 1);
        }
        if self.kw(j, Kw::Week) && self.word(j) == b"week" {
            if self.is_p(j + 1, b'-') && self.kw(j + 2, Kw::End) {
                return Some(j + 3);
            }
            if self.kw(j + 1, Kw::End) {
                return Some(j + 2);
            }
        }
        None
    }

    /// Relative expressions: hier, avant-hier, aujourd'hui, ce matin, cette nuit, la nuit
    /// derniere, yesterday, today, last night, la semaine derniere, le week-end dernier,
    /// il y a trois jours, two weeks ago, l'an dernier, last month...
    fn relative(&self, i: usize) -> Option<Hit> {
        let absorb_part = |mut j: usize| {
            if self.kw(j, Kw::PartOfDay) || (self.lang == Lang::En && self.kw(j, Kw::Nuit)) {
                j += 1;
            }
            j
        };
        let (raw, end) = match self.lex(i)? {
            Lex::Kw(Kw::Hier) => (Raw::Days(-1, crate::Precision::Day), absorb_part(i + 1)),
            Lex::Kw(Kw::Avant) => {
                let k = if self.is_p(i + 1, b'-') { i + 2 } else { i + 1 };
                if !self.kw(k, Kw::Hier) {
                    return None;
                }
                (Raw::Days(-2, crate::Precision::Day), absorb_part(k + 1))
            }
            Lex::Kw(Kw::Aujourd) if self.is_p(i + 1, b'\'') && self.kw(i + 2, Kw::Hui) => {
                (Raw::Days(0, crate::Precision::Day), i + 3)
            }
            Lex::Kw(Kw::Yesterday) => (Raw::Days(-1, crate::Precision::Day), absorb_part(i + 1)),
            Lex::Kw(Kw::Today) | Lex::Kw(Kw::Tonight) => {
                (Raw::Days(0, crate::Precision::Day), i + 1)
            }
            Lex::Kw(Kw::This) => {
                let j = i + 1;
                if let Some(k) = self.weekend_at(j) {
                    (Raw::Weekend(false), k)
                } else {
                    match self.cont(j)? {
                        Lex::Kw(Kw::PartOfDay | Kw::Nuit) => {
                            (Raw::Days(0, crate::Precision::Day), j + 1)
                        }
                        Lex::Kw(Kw::Apres)
                            if self.is_p(j + 1, b'-') && self.kw(j + 2, Kw::Midi) =>
                        {
                            (Raw::Days(0, crate::Precision::Day), j + 3)
                        }
                        Lex::Kw(Kw::Week) => (Raw::Week(0), j + 1),
                        Lex::Kw(Kw::Month) => (Raw::MonthRel(0), j + 1),
                        Lex::Kw(Kw::Year) if self.word(j) != b"an" => (Raw::YearRel(0), j + 1),
                        _ => return None,
                    }
                }
            }
            Lex::Kw(k @ (Kw::Last | Kw::Next)) => {
                let n = if k == Kw::Last { -1 } else { 1 };
                let j = i + 1;
                if let Some(e) = self.weekend_at(j) {
                    if k == Kw::Next {
                        return None;
                    }
                    (Raw::Weekend(true), e)
                } else {
                    match self.cont(j)? {
                        Lex::Kw(Kw::Nuit) if k == Kw::Last => {
                            (Raw::Days(-1, crate::Precision::Day), j + 1)
                        }
                        // "the next day".
                        Lex::Kw(Kw::DayUnit) if k == Kw::Next => {
                            (Raw::Later(1, crate::Precision::Day), j + 1)
                        }
                        Lex::Kw(Kw::Week) => (Raw::Week(n), j + 1),
                        Lex::Kw(Kw::Month) => (Raw::MonthRel(n), j + 1),
                        Lex::Kw(Kw::Year) => (Raw::YearRel(n), j + 1),
                        _ => return None,
                    }
                }
            }
            Lex::Kw(Kw::Over) if self.kw(i + 1, Kw::Art) => {
                (Raw::Weekend(false), self.weekend_at(i + 2)?)
            }
            Lex::Kw(Kw::Nuit) if self.kw(i + 1, Kw::Dernier) => {
                (Raw::Days(-1, crate::Precision::Day), i + 2)
            }
            Lex::Kw(unit @ (Kw::Week | Kw::Month | Kw::Year)) => {
                if let Some(e) = self.weekend_at(i) {
                    if !self.kw(e, Kw::Dernier) {
                        return None;
                    }
                    (Raw::Weekend(true), e + 1)
                } else {
                    let (shift, e) = self.opt_shift(i + 1);
                    let n = match shift {
                        Shift::None => return None,
                        Shift::Past => -1,
                        Shift::Future => 1,
                    };
                    let raw = match unit {
                        Kw::Week => Raw::Week(n),
                        Kw::Month => Raw::MonthRel(n),
                        _ => Raw::YearRel(n),
                    };
                    (raw, e)
                }
            }
            Lex::Kw(Kw::Weekend) if self.kw(i + 1, Kw::Dernier) => (Raw::Weekend(true), i + 2),
            Lex::Kw(Kw::Il) if self.kw(i + 1, Kw::Y) && self.kw(i + 2, Kw::A) => {
                let (n, k) = self.count(i + 3, false)?;
                self.units_back(n, k)?
            }
            Lex::Num { .. } | Lex::NumW(_) | Lex::Kw(Kw::A) | Lex::Kw(Kw::One) => {
                let (n, k) = self.count(i, true)?;
                let (raw, k2) = self.units_back(n, k)?;
                if self.kw(k2, Kw::Ago) {
                    (raw, k2 + 1)
                } else {
                    // "deux jours plus tard", "trois jours après", "two days later".
                    let end = if self.kw(k2, Kw::Plus) && self.kw(k2 + 1, Kw::Tard) {
                        k2 + 2
                    } else if self.kw(k2, Kw::Later)
                        || self.kw(k2, Kw::Apres)
                        || self.kw(k2, Kw::After)
                    {
                        k2 + 1
                    } else {
                        return None;
                    };
                    match raw {
                        Raw::Days(back, p) => (Raw::Later(-back, p), end),
                        _ => return None,
                    }
                }
            }
            // "au lendemain de l'attaque": what follows happened the day before.
            Lex::Kw(Kw::Lendemain)
                if i > 0 && self.lex(i - 1) == Some(Lex::Kw(Kw::Au)) && self.kw(i + 1, Kw::De) =>
            {
                (Raw::Later(-1, crate::Precision::Day), i + 1)
            }
            Lex::Kw(Kw::Lendemain) => (Raw::Later(1, crate::Precision::Day), i + 1),
            // "La veille, trois soldats ...": the day before; not "la veille du
            // scrutin" (the eve of something else).
            Lex::Kw(Kw::Veille)
                if i > 0
                    && self.lex(i - 1) == Some(Lex::Kw(Kw::Art))
                    && self.cont(i).is_some()
                    && !self.kw(i + 1, Kw::De) =>
            {
                (Raw::Later(-1, crate::Precision::Day), i + 1)
            }
            Lex::Kw(Kw::Surlendemain) => (Raw::Later(2, crate::Precision::Day), i + 1),
            // "the following day".
            Lex::Kw(Kw::Following) if self.kw(i + 1, Kw::DayUnit) => {
                (Raw::Later(1, crate::Precision::Day), i + 2)
            }
            _ => return None,
        };
        Some((i, end, raw))
    }

    /// Months: "en fevrier 2024", "fevrier 2024", "debut aout", "fin septembre
    /// dernier", "mi-juin", "courant mars", "in March 2023", "early August".
    fn month(&self, i: usize) -> Option<Hit> {
        let (start, mut j) = match self.lex(i)? {
            Lex::Kw(Kw::Debut | Kw::Fin | Kw::Courant | Kw::Early | Kw::Late) => {
                let mut j = i + 1;
                // "fin du mois de mars", "debut du mois d'aout"
                if self.kw(j, Kw::De) && self.kw(j + 1, Kw::Month) && self.kw(j + 2, Kw::De) {
                    j += 3;
                    if self.is_p(j, b'\'') {
                        j += 1;
                    }
                }
                (i, j)
            }
            Lex::Kw(Kw::Mi | Kw::Mid) => (i, if self.is_p(i + 1, b'-') { i + 2 } else { i + 1 }),
            Lex::Kw(Kw::En | Kw::In | Kw::Since | Kw::Entre) => (i + 1, i + 1),
            Lex::Kw(Kw::Jusqu) if self.is_p(i + 1, b'\'') && self.kw(i + 2, Kw::En) => {
                (i + 3, i + 3)
            }
            Lex::Kw(Kw::Month) if self.kw(i + 1, Kw::De) => {
                let j = if self.is_p(i + 2, b'\'') {
                    i + 3
                } else {
                    i + 2
                };
                (j, j)
            }
            Lex::Month(_) => (i, i),
            _ => return None,
        };
        let cue = j != i;
        let (m, k) = self.month_name(j, j == i, false)?;
        // The start of "March 12, 2023" is an explicit date, not a month.
        if self.explicit(j).is_some() {
            return None;
        }
        j = k;
        let (y, k) = match self.year_num(j, false) {
            Some((y, k)) => (Some(y), k),
            None => (None, j),
        };
        let (shift, k) = if y.is_none() {
            self.opt_shift(k)
        } else {
            (Shift::None, k)
        };
        if !cue && y.is_none() && shift == Shift::None {
            return None;
        }
        Some((start, k, Raw::Month(m, y, shift)))
    }

    /// Years after a cue: "en 2019", "depuis 2015", "in 2019", "since 2015", "fin 2023",
    /// "l'an 2000", "de 2012 a 2015", "between 2012 and 2015".
    fn year(&self, i: usize) -> Option<Hit> {
        let mut span_only = false;
        let mut of = false;
        let (start, j) = match self.lex(i)? {
            Lex::Kw(Kw::En | Kw::In | Kw::Since | Kw::Avant | Kw::Apres | Kw::Year) => {
                (i + 1, i + 1)
            }
            Lex::Kw(Kw::To) if self.word(i) == b"until" => (i + 1, i + 1),
            Lex::Kw(Kw::Of) => {
                of = true;
                (i + 1, i + 1)
            }
            Lex::Kw(Kw::Jusqu) if self.is_p(i + 1, b'\'') && self.kw(i + 2, Kw::En) => {
                (i + 3, i + 3)
            }
            Lex::Kw(Kw::Debut | Kw::Fin | Kw::Courant | Kw::Early | Kw::Late) => (i, i + 1),
            Lex::Kw(Kw::Mi | Kw::Mid) => (i, if self.is_p(i + 1, b'-') { i + 2 } else { i + 1 }),
            Lex::Kw(Kw::De | Kw::From | Kw::Between | Kw::Entre) => {
                span_only = true;
                (i + 1, i + 1)
            }
            _ => return None,
        };
        let (y, mut k) = self.year_num(j, false)?;
        let mut until = None;
        let conn = matches!(
            self.cont(k),
            Some(Lex::Kw(Kw::A | Kw::Au | Kw::Et | Kw::And | Kw::To)) | Some(Lex::P(b'-'))
        );
        if conn {
            if let Some((y2, k2)) = self.year_num(k + 1, false) {
                if y2 > y {
                    until = Some(y2);
                    k = k2;
                }
            }
        }
        if span_only && until.is_none() {
            return None;
        }
        if of && until.is_none() && matches!(self.cont(k), Some(Lex::Word | Lex::Num { .. })) {
            return None;
        }
        Some((start, k, Raw::Year(y, until)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex::tokenize;
    use proptest::prelude::*;

    /// Words of every kind of token, keywords first.
    const WORDS: &[&str] = &[
        "le",
        "la",
        "les",
        "l",
        "the",
        "ce",
        "cette",
        "this",
        "du",
        "de",
        "d",
        "des",
        "au",
        "aux",
        "a",
        "et",
        "en",
        "entre",
        "dans",
        "nuit",
        "night",
        "depuis",
        "since",
        "debut",
        "fin",
        "mi",
        "mid",
        "courant",
        "early",
        "late",
        "dernier",
        "derniere",
        "passe",
        "prochain",
        "hier",
        "avant",
        "aujourd",
        "hui",
        "matin",
        "soir",
        "morning",
        "apres",
        "midi",
        "il",
        "y",
        "jour",
        "jours",
        "day",
        "days",
        "semaine",
        "week",
        "end",
        "weekend",
        "mois",
        "month",
        "an",
        "ans",
        "year",
        "on",
        "last",
        "next",
        "in",
        "during",
        "of",
        "from",
        "to",
        "until",
        "between",
        "and",
        "yesterday",
        "today",
        "tonight",
        "ago",
        "s",
        "over",
        "jusqu",
        "un",
        "une",
        "lendemain",
        "surlendemain",
        "plus",
        "tard",
        "later",
        "after",
        "following",
        "veille",
        "mars",
        "march",
        "dec",
        "sept",
        "lundi",
        "friday",
        "deux",
        "three",
        "vingt",
        "1er",
        "3",
        "26",
        "2024",
        "12",
        "15h30",
        "attaque",
        "'",
        ",",
        ".",
        "-",
        "/",
        "\n",
    ];

    fn soup() -> impl Strategy<Value = String> {
        prop::collection::vec(
            (
                prop::sample::select(WORDS),
                prop::sample::select(&[" ", "", "  "][..]),
            ),
            1..12,
        )
        .prop_map(|v| v.into_iter().flat_map(|(w, s)| [w, s]).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Where `opens` says no recogniser matches, none does.
        #[test]
        fn no_recogniser_matches_where_opens_says_none(text in soup(), en in any::<bool>()) {
            let mut toks = Vec::new();
            tokenize(&text, &mut toks);
            let p = P {
                t: &toks,
                text: text.as_bytes(),
                lang: if en { Lang::En } else { Lang::Fr },
            };
            for i in 0..toks.len() {
                if !p.opens(i) {
                    prop_assert_eq!(p.best(i), None, "{:?} at token {}", text, i);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Where `explicit` looks no further than its first token, the whole
        /// look finds nothing either.
        #[test]
        fn explicit_rules_out_only_what_it_would_not_match(text in soup(), en in any::<bool>()) {
            let mut toks = Vec::new();
            tokenize(&text, &mut toks);
            let p = P {
                t: &toks,
                text: text.as_bytes(),
                lang: if en { Lang::En } else { Lang::Fr },
            };
            for i in 0..toks.len() {
                let full = p.explicit_from(i, p.explicit_start(i));
                prop_assert_eq!(p.explicit(i), full, "{:?} at token {}", text, i);
            }
        }
    }

    /// Where `opens` says no recogniser matches, none does: every text of
    /// three pieces of dates, the words `opens` rules out by the tokens after
    /// them and what may follow them ("dans la nuit" "de" "lundi", "il y a"
    /// "deux" "jours"), in both languages.
    #[test]
    fn no_recogniser_matches_where_opens_says_none_after_cues() {
        const PIECES: &[&str] = &[
            "dans",
            "dans la",
            "dans la nuit",
            "la nuit",
            "nuit de",
            "nuit du",
            "de",
            "du",
            "d'",
            "il y",
            "il y a",
            "a",
            "to",
            "until",
            "apres",
            "avant",
            "avant-",
            "hier",
            "depuis",
            "entre",
            "entre le",
            "between",
            "from",
            "deux",
            "sept",
            "three",
            "jours",
            "semaine",
            "week-end",
            "weekend",
            "mois de",
            "month",
            "an",
            "annee",
            "year",
            "ce",
            "cette",
            "this",
            "matin",
            "apres-midi",
            "dernier",
            "prochaine",
            "over the",
            "jusqu'en",
            "en",
            "debut",
            "fin du mois de",
            "early",
            "mars",
            "dec",
            "lundi",
            "friday",
            "3",
            "2024",
            "1er",
            "3 au 4",
            ",",
            "\n",
            "les",
            "au",
            "et",
            "ago",
        ];
        let mut toks = Vec::new();
        let mut text = String::new();
        let mut opened = 0;
        for a in PIECES {
            for b in PIECES {
                for c in PIECES {
                    text.clear();
                    for w in [a, b, c] {
                        text.push_str(w);
                        text.push(' ');
                    }
                    tokenize(&text, &mut toks);
                    for lang in [Lang::Fr, Lang::En] {
                        let p = P {
                            t: &toks,
                            text: text.as_bytes(),
                            lang,
                        };
                        for (i, t) in toks.iter().enumerate() {
                            if !p.opens(i) {
                                assert_eq!(p.best(i), None, "{text:?} at token {i}");
                            } else if matches!(t.lex, Lex::Kw(_) | Lex::NumW(_)) {
                                opened += usize::from(p.best(i).is_some());
                            }
                        }
                    }
                }
            }
        }
        // The texts hold dates that begin with those words.
        assert!(opened > 10_000, "{opened}");
    }

    /// Words, with more plain ones, and blanks: texts where plain words
    /// come in runs, across line breaks too.
    fn plain_soup() -> impl Strategy<Value = String> {
        let word = prop_oneof![
            3 => prop::sample::select(WORDS),
            1 => prop::sample::select(&["village", "x", "tues", "15h", "2e3", "a1"][..]),
        ];
        prop::collection::vec(
            (
                word,
                prop::sample::select(&[" ", "", "  ", "\n", " \n "][..]),
            ),
            1..30,
        )
        .prop_map(|v| v.into_iter().flat_map(|(w, s)| [w, s]).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// The parser finds the same mentions in the tokens of the tokenizer,
        /// which makes one token of a run of plain words, as in those of the
        /// reference tokenizer, which does not: no recogniser reads past a
        /// plain word, nor its text.
        #[test]
        fn plain_word_runs_change_no_mention(text in plain_soup(), en in any::<bool>()) {
            let lang = if en { Lang::En } else { Lang::Fr };
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            tokenize(&text, &mut fast);
            crate::lex::reference::tokenize_ref(&text, &mut slow);
            let (mut a, mut b) = (Vec::new(), Vec::new());
            scan(&text, &fast, lang, &mut a);
            scan(&text, &slow, lang, &mut b);
            prop_assert_eq!(a, b, "{:?}", text);
        }
    }

    /// Every keyword `opens` rules out is in the test vocabulary above.
    #[test]
    fn the_test_vocabulary_covers_every_ruled_out_keyword() {
        let text = WORDS.join(" ");
        let mut toks = Vec::new();
        tokenize(&text, &mut toks);
        let p = P {
            t: &toks,
            text: text.as_bytes(),
            lang: Lang::Fr,
        };
        let mut ruled_out: Vec<String> = (0..toks.len())
            .filter(|&i| !matches!(toks[i].lex, Lex::Word | Lex::P(_)) && !p.opens(i))
            .map(|i| format!("{:?}", toks[i].lex))
            .collect();
        ruled_out.sort();
        ruled_out.dedup();
        // The 18 keywords of `opens`, the articles other than "les", the 26
        // words it rules out by the tokens after them and the number words
        // other than "sept" (here, in this list, the next word is never one
        // that lets them open).
        assert_eq!(ruled_out.len(), 48, "{ruled_out:?}");
    }
}
