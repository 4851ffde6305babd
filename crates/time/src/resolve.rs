//! Resolution: turns the parser's [`RawMention`]s into [`DateMention`]s.
//!
//! Two reference days are involved (the codebook's event_date section):
//!
//! - the *year reference*, which supplies the year of a date written without one
//!   ("le 26 décembre"): the publication day; for a month-only publication the last
//!   day of that month; for a year-only publication December 31st; without a
//!   publication date, the latest date in the text written with a year;
//! - the *anchor*, from which relative expressions count ("jeudi", "hier", "la semaine
//!   dernière"): the publication day when it is known. When only the month is known
//!   (very common: "2024-12"), the anchor is the latest full date written in the text
//!   (day and month, year written or inferred) that does not fall after the
//!   publication month, because articles say "jeudi 26 décembre" once and then
//!   "jeudi". If there is none, day-level relative expressions resolve to the 15th of
//!   the publication month with [`Precision::Month`]: the month is all that is known.
//!   A year-only publication works the same way bounded by the year's end, except
//!   that without a date in the text relative expressions are dropped (a year is no
//!   event date). Without a publication date the anchor is the latest date in the
//!   text written with a year; without it relative expressions are dropped, while
//!   dates written with a year still come out.
//!
//! "Latest" means latest in time, not nearest in the text. Months and years relative
//! to the publication ("le mois dernier") count from the publication month or year
//! whenever those are known, whatever the anchor day.

use kibaru_text::TextRange;

use crate::date::{days_in_month, Date, Precision, PubDate, MAX_DAYS};
use crate::parse::{Dm, Mode, Raw, RawMention, Shift};
use crate::{DateMention, Dates, DayHint, MentionKind};

/// How many days after the year reference a date without year may still fall: news
/// reports the past, but an article may announce something for the coming days.
const SLACK_DAYS: i64 = 7;

/// How far from the anchor a weekday with a day of month ("samedi 27") may lie.
const WEEKDAY_DAY_WINDOW: i64 = 40;

/// Anchors farther than this from 1970 are not used for day arithmetic, so that
/// [`Date::add_days`] never reaches its clamp at [`MAX_DAYS`] and answers stay exact.
const SAFE_DAYS: i64 = MAX_DAYS / 2;

/// How many years back (or forward) a date without year is looked for: a February 29th
/// can be eight years away from the previous one.
const YEAR_SEARCH: i64 = 8;

/// What is known of the publication date.
#[derive(Clone, Copy)]
enum Pub {
    Day(Date),
    Month(i32, u8),
    Year(i32),
    Unknown,
}

impl Pub {
    fn of(p: Option<PubDate>) -> Pub {
        let Some(p) = p else { return Pub::Unknown };
        if let Some(d) = p.date().filter(|d| safe(*d)) {
            return Pub::Day(d);
        }
        match p.month {
            Some(m @ 1..=12) => Pub::Month(p.year, m),
            _ => Pub::Year(p.year),
        }
    }
}

/// Whether day arithmetic around `d` stays exact.
fn safe(d: Date) -> bool {
    d.to_days().abs() <= SAFE_DAYS
}

/// The last day of `month` in `year`.
fn month_end(year: i32, month: u8) -> Option<Date> {
    Date::new(year, month, days_in_month(year, month))
}

/// Everything the resolution of one text needs.
struct Ctx {
    /// Supplies the year of dates written without one.
    year_ref: Option<Date>,
    /// The day relative expressions count from.
    anchor: Option<Date>,
    /// Month-only publication and no anchor: the 15th of the publication month.
    mid: Option<Date>,
    /// The (year, month) relative months count from.
    month_base: Option<(i32, u8)>,
    /// The year relative years count from.
    year_base: Option<i32>,
    /// The latest day a "nuit du 26 au 27" may end on.
    night_bound: Option<Date>,
}

/// Resolves `raws` (sorted, non-overlapping) against `published`.
pub fn resolve(raws: &[RawMention], published: Option<PubDate>) -> Dates {
    let p = Pub::of(published);
    let written = || raws.iter().filter_map(|r| written_full(r.raw)).max();
    let year_ref = match p {
        Pub::Day(d) => Some(d),
        Pub::Month(y, m) => month_end(y, m),
        Pub::Year(y) => Date::new(y, 12, 31),
        // No date with its year: the latest year the text names ("en mars 2019")
        // still places "vendredi 14 février" (the weekday then picks the year).
        Pub::Unknown => {
            written().or_else(|| mentioned_year(raws).and_then(|y| Date::new(y, 12, 31)))
        }
    };
    let mut ctx = Ctx {
        year_ref,
        anchor: None,
        mid: None,
        month_base: None,
        year_base: None,
        night_bound: None,
    };
    let latest_until = |bound: Option<Date>, ctx: &Ctx| {
        let bound = bound?;
        raws.iter()
            .filter_map(|r| ctx.full_date(r.raw))
            .filter(|d| *d <= bound)
            .max()
    };
    let anchor = match p {
        Pub::Day(d) => Some(d),
        Pub::Month(y, m) => latest_until(month_end(y, m), &ctx),
        Pub::Year(y) => latest_until(Date::new(y, 12, 31), &ctx),
        // Without a year written with a day, a day given with its weekday ("ce
        // vendredi 14 février") is sure enough to count from.
        Pub::Unknown => written().or_else(|| {
            raws.iter()
                .filter_map(|r| match r.raw {
                    Raw::Explicit(dm, shift) if dm.wd.is_some() => ctx.dm(dm, shift),
                    _ => None,
                })
                .filter(|d| dm_weekday_ok(raws, *d))
                .max()
        }),
    };
    ctx.anchor = anchor.filter(|d| safe(*d));
    let from_anchor = ctx.anchor.map(|a| (a.year(), a.month()));
    match p {
        Pub::Day(d) => {
            ctx.month_base = Some((d.year(), d.month()));
            ctx.year_base = Some(d.year());
            ctx.night_bound = Some(d);
        }
        Pub::Month(y, m) => {
            ctx.mid = if ctx.anchor.is_none() {
                Date::mid_month(y, m)
            } else {
                None
            };
            ctx.month_base = Some((y, m));
            ctx.year_base = Some(y);
            ctx.night_bound = month_end(y, m).filter(|d| safe(*d));
        }
        Pub::Year(y) => {
            ctx.month_base = from_anchor;
            ctx.year_base = Some(y);
            ctx.night_bound = ctx.anchor;
        }
        Pub::Unknown => {
            ctx.month_base = from_anchor;
            ctx.year_base = ctx.anchor.map(Date::year);
            ctx.night_bound = ctx.anchor;
        }
    }
    // "Le lendemain", "deux jours plus tard": counted from the day named last.
    let mut out: Vec<DateMention> = Vec::with_capacity(raws.len());
    let mut hints = Vec::new();
    let mut last_day: Option<Date> = None;
    for r in raws {
        let m =
            match r.raw {
                Raw::Later(n, precision) => last_day
                    .map(|d| d.add_days(n))
                    .filter(|d| safe(*d))
                    .map(|date| DateMention {
                        range: TextRange {
                            start: r.s,
                            end: r.e,
                        },
                        date,
                        precision,
                        kind: MentionKind::Relative,
                        until: None,
                    }),
                _ => ctx.mention(r),
            };
        match m {
            Some(m) => {
                if m.precision == Precision::Day {
                    last_day = Some(m.until.unwrap_or(m.date));
                }
                // A weekday in an article dated by its month only, placed at the
                // month's middle: what it says of the day is still a hint.
                if m.precision == Precision::Month && matches!(r.raw, Raw::Weekday { .. }) {
                    hints.extend(hint(r).map(|h| DayHint {
                        month: Some(m.date.month()),
                        ..h
                    }));
                }
                out.push(m);
            }
            None => hints.extend(hint(r)),
        }
    }
    Dates {
        mentions: out,
        hints,
    }
}

/// What an unresolved day expression says about its day, if anything.
fn hint(r: &RawMention) -> Option<DayHint> {
    let (weekday, day, month, night) = match r.raw {
        Raw::Explicit(dm, _) => (dm.wd, Some(dm.d), Some(dm.m), false),
        Raw::Span { d1, m1, .. } => (None, Some(d1), m1, false),
        Raw::Nights { d1, .. } => (None, Some(d1), None, true),
        Raw::Weekday { wd, day, night, .. } => (Some(wd), day, None, night),
        Raw::Month(m, None, _) => (None, None, Some(m), false),
        _ => return None,
    };
    Some(DayHint {
        range: TextRange {
            start: r.s,
            end: r.e,
        },
        weekday,
        day,
        month,
        night,
    })
}

/// The latest year named with a month in the text ("en mars 2019"). A year alone
/// ("depuis 2015") is too often a starting point long past to place a day.
fn mentioned_year(raws: &[RawMention]) -> Option<i32> {
    raws.iter()
        .filter_map(|r| match r.raw {
            Raw::Month(_, Some(y), _) => Some(y),
            _ => None,
        })
        .max()
}

/// Whether some explicit mention with a weekday resolves to `d` with that weekday.
fn dm_weekday_ok(raws: &[RawMention], d: Date) -> bool {
    raws.iter().any(|r| {
        matches!(r.raw, Raw::Explicit(dm, _) if dm.wd == Some(d.weekday()) && dm.d == d.day() && dm.m == d.month())
    })
}

/// The date of an explicit date or span written with its year (its last day for a span).
fn written_full(raw: Raw) -> Option<Date> {
    match raw {
        Raw::Explicit(
            Dm {
                d, m, y: Some(y), ..
            },
            _,
        ) => Date::new(y, m, d),
        Raw::Span {
            end: Dm {
                d, m, y: Some(y), ..
            },
            ..
        } => Date::new(y, m, d),
        _ => None,
    }
}

/// The day `wd` (0 = Monday) relative to `a` as `mode` says.
fn weekday_from(a: Date, wd: u8, mode: Mode) -> Date {
    let aw = i64::from(a.weekday());
    let wd = i64::from(wd);
    match mode {
        Mode::OnOrBefore => a.add_days(-(aw - wd).rem_euclid(7)),
        Mode::Before => a.add_days(-((aw - wd - 1).rem_euclid(7) + 1)),
        Mode::After => a.add_days((wd - aw - 1).rem_euclid(7) + 1),
    }
}

/// The day nearest `a` (the earlier one on a tie) that is weekday `wd` and day of month
/// `d`, within [`WEEKDAY_DAY_WINDOW`] days.
fn weekday_with_day(a: Date, wd: u8, d: u8) -> Option<Date> {
    (-WEEKDAY_DAY_WINDOW..=WEEKDAY_DAY_WINDOW)
        .map(|off| (off, a.add_days(off)))
        .filter(|(_, x)| x.day() == d && x.weekday() == wd)
        .min_by_key(|(off, _)| (off.abs(), *off > 0))
        .map(|(_, x)| x)
}

/// The Monday of `a`'s week.
fn monday(a: Date) -> Date {
    a.add_days(-i64::from(a.weekday()))
}

/// The year of day `d` of month `m` written without one, seen from `r`: the latest such
/// day at most [`SLACK_DAYS`] after `r`; with "dernier" at most `r`; with "prochain" the
/// first one from `r` on. With a weekday, a neighbouring year where the weekday matches
/// is preferred.
fn infer_day(m: u8, d: u8, wd: Option<u8>, r: Date, shift: Shift) -> Option<Date> {
    let rd = r.to_days();
    let ok = |x: Date| match shift {
        Shift::None => x.to_days() <= rd + SLACK_DAYS,
        Shift::Past => x.to_days() <= rd,
        Shift::Future => x.to_days() >= rd,
    };
    let date_in = |y: i64| i32::try_from(y).ok().and_then(|y| Date::new(y, m, d));
    let base = i64::from(r.year());
    let default = match shift {
        Shift::Future => (base - 1..=base + YEAR_SEARCH)
            .filter_map(date_in)
            .find(|x| ok(*x)),
        _ => (base - YEAR_SEARCH..=base + 1)
            .rev()
            .filter_map(date_in)
            .find(|x| ok(*x)),
    }?;
    if let Some(w) = wd.filter(|w| *w != default.weekday()) {
        let dy = i64::from(default.year());
        let better = [dy - 1, dy + 1]
            .into_iter()
            .filter_map(date_in)
            .find(|x| x.weekday() == w && (shift == Shift::None || ok(*x)));
        if better.is_some() {
            return better;
        }
    }
    Some(default)
}

/// The year of month `m` written without one, seen from `r`: the latest such month not
/// after `r`'s ("en janvier"); strictly before with "dernier", strictly after with
/// "prochain". No slack as for days: "en janvier" in late December is the past one.
fn infer_month_year(m: u8, r: Date, shift: Shift) -> Option<i32> {
    let (y, rm) = (r.year(), r.month());
    match shift {
        Shift::None if m <= rm => Some(y),
        Shift::Past if m < rm => Some(y),
        Shift::None | Shift::Past => y.checked_sub(1),
        Shift::Future if m > rm => Some(y),
        Shift::Future => y.checked_add(1),
    }
}

/// The 15th of the month `k` months from (`y`, `m`).
fn month_from(y: i32, m: u8, k: i64) -> Option<Date> {
    let idx = i64::from(y) * 12 + i64::from(m) - 1 + k;
    let y2 = i32::try_from(idx.div_euclid(12)).ok()?;
    Date::mid_month(y2, idx.rem_euclid(12) as u8 + 1)
}

impl Ctx {
    /// A day and month with maybe a year, as a date.
    fn dm(&self, dm: Dm, shift: Shift) -> Option<Date> {
        match dm.y {
            Some(y) => Date::new(y, dm.m, dm.d),
            None => infer_day(dm.m, dm.d, dm.wd, self.year_ref?, shift),
        }
    }

    /// The first and last day of a span.
    fn span(&self, d1: u8, m1: Option<u8>, y1: Option<i32>, end: Dm) -> Option<(Date, Date)> {
        let e = self.dm(end, Shift::None)?;
        let (y, m) = match (m1, y1) {
            (Some(m), Some(y)) => (y, m),
            (Some(m), None) if (m, d1) > (e.month(), e.day()) => (e.year().checked_sub(1)?, m),
            (Some(m), None) => (e.year(), m),
            // "du 28 au 3 janvier": the first day is in the month before.
            (None, _) if d1 > e.day() => match e.month() {
                1 => (e.year().checked_sub(1)?, 12),
                m => (e.year(), m - 1),
            },
            (None, _) => (e.year(), e.month()),
        };
        let s = Date::new(y, m, d1)?;
        (s <= e).then_some((s, e))
    }

    /// The first and last day of a "nuit du 26 au 27": the latest such days ending on or
    /// before the night bound.
    fn nights(&self, d1: u8, d2: u8) -> Option<(Date, Date)> {
        let bound = self.night_bound?;
        let e = (0..=62)
            .map(|off| bound.add_days(-off))
            .find(|x| x.day() == d2)?;
        let s = e.add_days(-1);
        (s.day() == d1).then_some((s, e))
    }

    /// The full date an explicit date or span gives (its last day for a span).
    fn full_date(&self, raw: Raw) -> Option<Date> {
        match raw {
            Raw::Explicit(dm, shift) => self.dm(dm, shift),
            Raw::Span { d1, m1, y1, end } => self.span(d1, m1, y1, end).map(|(_, e)| e),
            _ => None,
        }
    }

    /// A day counted from the anchor; without it, the middle of a month-only publication.
    fn count_from_anchor(
        &self,
        f: impl FnOnce(Date) -> Date,
        p: Precision,
    ) -> Option<(Date, Precision)> {
        match (self.anchor, self.mid) {
            (Some(a), _) => Some((f(a), p)),
            (None, Some(mid)) => Some((mid, Precision::Month)),
            (None, None) => None,
        }
    }

    fn mention(&self, r: &RawMention) -> Option<DateMention> {
        let range = TextRange {
            start: r.s,
            end: r.e,
        };
        let mk = |date, precision, kind, until| DateMention {
            range,
            date,
            precision,
            kind,
            until,
        };
        let day = Precision::Day;
        Some(match r.raw {
            Raw::Explicit(dm, shift) => mk(self.dm(dm, shift)?, day, MentionKind::Explicit, None),
            Raw::Span { d1, m1, y1, end } => {
                let (s, e) = self.span(d1, m1, y1, end)?;
                mk(s, day, MentionKind::Explicit, Some(e))
            }
            Raw::Nights { d1, d2 } => {
                let (s, e) = self.nights(d1, d2)?;
                mk(s, day, MentionKind::Explicit, Some(e))
            }
            Raw::Weekday {
                wd,
                mode,
                day: dom,
                short_end,
                ..
            } => {
                let short = TextRange {
                    start: r.s,
                    end: short_end.clamp(r.s, r.e),
                };
                let (date, precision, range) = match (self.anchor, self.mid) {
                    (Some(a), _) => match dom.and_then(|d| weekday_with_day(a, wd, d)) {
                        Some(x) => (x, day, range),
                        None => (weekday_from(a, wd, mode), day, short),
                    },
                    (None, Some(mid)) => {
                        let fits = dom
                            .and_then(|d| Date::new(mid.year(), mid.month(), d))
                            .filter(|x| x.weekday() == wd);
                        match fits {
                            Some(x) => (x, day, range),
                            None => (mid, Precision::Month, short),
                        }
                    }
                    (None, None) => return None,
                };
                DateMention {
                    range,
                    date,
                    precision,
                    kind: MentionKind::Weekday,
                    until: None,
                }
            }
            Raw::Days(n, p) => {
                let (d, p) = self.count_from_anchor(|a| a.add_days(n), p)?;
                mk(d, p, MentionKind::Relative, None)
            }
            // Counted from the text's previous day, in `resolve`.
            Raw::Later(..) => return None,
            Raw::Week(k) => {
                // The middle of a Monday-to-Sunday week is its Thursday; this week's
                // middle is not taken after the anchor (news speaks of the past).
                let mid = |a: Date| {
                    let x = monday(a).add_days(7 * k + 3);
                    if k == 0 {
                        x.min(a)
                    } else {
                        x
                    }
                };
                let (d, p) = self.count_from_anchor(mid, Precision::Week)?;
                mk(d, p, MentionKind::Relative, None)
            }
            Raw::Weekend(last) => {
                // "le week-end dernier" is the weekend before the anchor's week; "ce
                // week-end" the anchor's own when the anchor is in it, else the one before.
                let sat = |a: Date| {
                    if !last && a.weekday() >= 5 {
                        monday(a).add_days(5)
                    } else {
                        monday(a).add_days(-2)
                    }
                };
                let (d, p) = self.count_from_anchor(sat, day)?;
                let until = (p == day).then(|| d.add_days(1));
                mk(d, p, MentionKind::Relative, until)
            }
            Raw::MonthRel(k) => {
                let (y, m) = self.month_base?;
                mk(
                    month_from(y, m, k)?,
                    Precision::Month,
                    MentionKind::Relative,
                    None,
                )
            }
            Raw::YearRel(k) => {
                let y = i32::try_from(i64::from(self.year_base?) + k).ok()?;
                mk(
                    Date::mid_year(y),
                    Precision::Year,
                    MentionKind::Relative,
                    None,
                )
            }
            Raw::Month(m, y, shift) => {
                let y = match y {
                    Some(y) => y,
                    None => infer_month_year(m, self.year_ref?, shift)?,
                };
                mk(
                    Date::mid_month(y, m)?,
                    Precision::Month,
                    MentionKind::Month,
                    None,
                )
            }
            Raw::Year(y, until) => {
                let until = until.and_then(|u| Date::new(u, 12, 31));
                mk(Date::mid_year(y), Precision::Year, MentionKind::Year, until)
            }
        })
    }
}
