//! Civil dates and their arithmetic, precisions, and publication dates.
//!
//! Day counts use Howard Hinnant's `days_from_civil` / `civil_from_days`
//! algorithms on the proleptic Gregorian calendar, in `i64`, so they work in both
//! directions from 1970-01-01 and never overflow for any input.

/// Largest day count (in absolute value) that [`Date::from_days`] honours; larger
/// values are clamped so the year still fits an `i32`.
pub const MAX_DAYS: i64 = 700_000_000_000;

/// A civil (proleptic Gregorian) date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` of `year` (0 for an invalid month).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month) {
            Some(Date { year, month, day })
        } else {
            None
        }
    }
    /// Year.
    pub fn year(self) -> i32 {
        self.year
    }
    /// Month, 1..=12.
    pub fn month(self) -> u8 {
        self.month
    }
    /// Day of month, 1..=31.
    pub fn day(self) -> u8 {
        self.day
    }
    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        let m = i64::from(self.month);
        let d = i64::from(self.day);
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
    /// The date `days` after 1970-01-01 (clamped to ±[`MAX_DAYS`]).
    pub fn from_days(days: i64) -> Date {
        let z = days.clamp(-MAX_DAYS, MAX_DAYS) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
    /// This date plus `n` days (n may be negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days().saturating_add(n))
    }
    /// Day of week, 0 = Monday .. 6 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        (self.to_days() + 3).rem_euclid(7) as u8
    }
    /// The last day of this date's month.
    pub fn month_end(self) -> Date {
        Date {
            day: days_in_month(self.year, self.month),
            ..self
        }
    }
    /// The 15th of `month` in `year` (how a month-precision date is written), if the month is valid.
    pub fn mid_month(year: i32, month: u8) -> Option<Date> {
        Date::new(year, month, 15)
    }
    /// July 1st of `year` (how a year-precision date is written).
    pub fn mid_year(year: i32) -> Date {
        Date {
            year,
            month: 7,
            day: 1,
        }
    }
    /// Parses `YYYY-MM-DD` strictly (exactly ten bytes, ASCII digits, a valid date).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = digits(&b[0..4])?;
        let month = digits(&b[5..7])?;
        let day = digits(&b[8..10])?;
        Date::new(year as i32, month as u8, day as u8)
    }
}

/// The value of a run of ASCII digits (at most 9), or `None`.
fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |acc, &c| acc * 10 + u32::from(c - b'0')))
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// How much of a date is known, as ACLED's time_precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// 1: the exact day.
    Day,
    /// 2: the week (the date is its middle day).
    Week,
    /// 3: the month (the date is its 15th).
    Month,
    /// Only the year ("en 2019"): never an event date, but tells the pipeline a mention is old.
    Year,
}

impl Precision {
    /// ACLED's time_precision code (1, 2, 3; a year counts as 3).
    pub fn code(self) -> u8 {
        match self {
            Precision::Day => 1,
            Precision::Week => 2,
            Precision::Month | Precision::Year => 3,
        }
    }
}

/// A publication date, as much of it as is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PubDate {
    /// Year.
    pub year: i32,
    /// Month, when known.
    pub month: Option<u8>,
    /// Day, when known.
    pub day: Option<u8>,
}

impl PubDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a longer ISO timestamp is cut to the day).
    ///
    /// Surrounding whitespace is ignored; a timestamp must continue with `T` or a
    /// space after the day (`2024-12-27T10:00:00Z`). Anything else is `None`.
    pub fn parse(s: &str) -> Option<PubDate> {
        let b = s.trim().as_bytes();
        if b.len() < 4 {
            return None;
        }
        let year = digits(&b[0..4])? as i32;
        match b.len() {
            4 => {
                return Some(PubDate {
                    year,
                    month: None,
                    day: None,
                })
            }
            7 if b[4] == b'-' => {
                let month = digits(&b[5..7])? as u8;
                return (1..=12).contains(&month).then_some(PubDate {
                    year,
                    month: Some(month),
                    day: None,
                });
            }
            10 => {}
            n if n > 10 && matches!(b[10], b'T' | b't' | b' ') => {}
            _ => return None,
        }
        let d = Date::parse_iso(std::str::from_utf8(&b[..10]).ok()?)?;
        Some(PubDate {
            year: d.year,
            month: Some(d.month),
            day: Some(d.day),
        })
    }

    /// The full date, when the day is known and valid.
    pub fn date(self) -> Option<Date> {
        Date::new(self.year, self.month?, self.day?)
    }
}
