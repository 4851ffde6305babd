//! The bits of Python semantics that score.py relies on, over `serde_json::Value`.
//!
//! score.py reads JSON with `json.loads` and then uses `dict.get`, truthiness, `str()`,
//! `int()`, `float()`, `str.lower()`, `str.split()` and `datetime.date.fromisoformat`
//! (Python 3.11 rules) on whatever it finds. Each helper here mirrors one of those.

use serde_json::Value;
use std::cmp::Ordering;

/// `e.get(k)`: `None` for a missing key, a JSON null, or a non-object `e`.
pub(crate) fn get<'a>(e: &'a Value, k: &str) -> Option<&'a Value> {
    e.get(k).filter(|v| !v.is_null())
}

/// Python truthiness of a JSON value (`None` is falsy).
pub(crate) fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|x| x != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

/// `str.isspace()`: Unicode White_Space plus the four information separators.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// `str.strip()`.
pub(crate) fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// `repr(x)` for a float.
pub(crate) fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    // Shortest round-trip digits, as Python's repr (David Gay, mode 0) chooses them.
    let e = format!("{:e}", x.abs());
    let (mant, exp) = e.split_once('e').expect("LowerExp has an exponent");
    let exp: i32 = exp.parse().expect("LowerExp exponent is an integer");
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let sign = if x < 0.0 { "-" } else { "" };
    if !(-4..16).contains(&exp) {
        let m = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits
        };
        let es = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{m}e{es}{:02}", exp.abs());
    }
    let point = exp + 1; // digits before the decimal point (may be <= 0)
    let s = if point <= 0 {
        format!("0.{}{}", "0".repeat((-point) as usize), digits)
    } else if point as usize >= digits.len() {
        format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
    } else {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    };
    format!("{sign}{s}")
}

/// `repr(s)` for a string (printable characters kept, control characters escaped).
fn str_repr(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

fn number_str(n: &serde_json::Number) -> String {
    if n.is_f64() {
        float_repr(n.as_f64().unwrap_or(f64::NAN))
    } else {
        n.to_string()
    }
}

/// `repr(v)` for a JSON value (objects come out in sorted key order, not file order).
fn repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => number_str(n),
        Value::String(s) => str_repr(s),
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().map(repr).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(o) => {
            let parts: Vec<String> = o
                .iter()
                .map(|(k, v)| format!("{}: {}", str_repr(k), repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// `str(v)`; `str(None)` is `"None"`.
pub(crate) fn to_str(v: Option<&Value>) -> String {
    match v {
        None => "None".into(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => repr(v),
    }
}

/// `s[:n]` (characters, not bytes).
pub(crate) fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// `' '.join(str(s or '').lower().replace('’', "'").split())`.
pub(crate) fn norm(v: Option<&Value>) -> String {
    if truthy(v) {
        norm_str(&to_str(v))
    } else {
        String::new()
    }
}

/// [`norm`] of a string.
pub(crate) fn norm_str(s: &str) -> String {
    let lower = s.to_lowercase().replace('’', "'");
    lower
        .split(is_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Removes the underscores Python allows between digits; `None` for a misplaced one.
fn strip_underscores(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c == '_' {
            let before = i > 0 && b[i - 1].is_ascii_digit();
            let after = b.get(i + 1).is_some_and(u8::is_ascii_digit);
            if !(before && after) {
                return None;
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// `float(v)`, `None` where Python raises.
pub(crate) fn to_float(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Value::String(s) => {
            let t = strip_underscores(strip(s))?;
            let ok = t
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
            if !ok {
                return None;
            }
            t.parse::<f64>().ok()
        }
        _ => None,
    }
}

/// `int(v or default)`, `None` where Python raises.
pub(crate) fn to_int_or(v: Option<&Value>, default: i128) -> Option<i128> {
    if !truthy(v) {
        return Some(default);
    }
    match v? {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(i128::from(i))
            } else if let Some(u) = n.as_u64() {
                Some(i128::from(u))
            } else {
                let x = n.as_f64()?.trunc();
                (x.is_finite() && x.abs() < 1e38).then_some(x as i128)
            }
        }
        Value::Bool(b) => Some(i128::from(*b)),
        Value::String(s) => {
            let t = strip_underscores(strip(s))?;
            let digits = t.strip_prefix(['+', '-']).unwrap_or(&t);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            t.parse::<i128>().ok()
        }
        _ => None,
    }
}

/// Python `==` between two JSON values (`1 == 1.0 == True`).
pub(crate) fn eq(a: Option<&Value>, b: Option<&Value>) -> bool {
    fn num(v: &Value) -> Option<(Option<i128>, f64)> {
        match v {
            Value::Bool(b) => Some((Some(i128::from(*b)), f64::from(u8::from(*b)))),
            Value::Number(n) => {
                let i = n
                    .as_i64()
                    .map(i128::from)
                    .or_else(|| n.as_u64().map(i128::from));
                Some((i, n.as_f64()?))
            }
            _ => None,
        }
    }
    match (a, b) {
        (None, None) => true,
        (None, _) | (_, None) => false,
        (Some(x), Some(y)) => {
            if let (Some((xi, xf)), Some((yi, yf))) = (num(x), num(y)) {
                return match (xi, yi) {
                    (Some(p), Some(q)) => p == q,
                    _ => xf == yf,
                };
            }
            match (x, y) {
                (Value::String(p), Value::String(q)) => p == q,
                (Value::Array(p), Value::Array(q)) => {
                    p.len() == q.len() && p.iter().zip(q).all(|(u, w)| eq(Some(u), Some(w)))
                }
                (Value::Object(p), Value::Object(q)) => {
                    p.len() == q.len() && p.iter().all(|(k, u)| eq(Some(u), q.get(k)))
                }
                (Value::Null, Value::Null) => true,
                _ => false,
            }
        }
    }
}

/// A calendar day, as `datetime.date`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Day {
    pub year: i64,
    pub month: i64,
    /// Days since 1970-01-01.
    pub ordinal: i64,
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn make_day(y: i64, m: i64, d: i64) -> Option<Day> {
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(Day {
        year: y,
        month: m,
        ordinal: days_from_civil(y, m, d),
    })
}

/// `datetime.date.fromisoformat(s)` as CPython 3.11's C implementation parses it:
/// `YYYY-MM-DD`, `YYYYMMDD`, `YYYY-Www[-D]`, `YYYYWww[D]`, on the UTF-8 bytes, where the
/// length must be 7, 8 or 10 bytes and trailing bytes after a complete date are not checked.
pub(crate) fn fromisoformat(s: &str) -> Option<Day> {
    let b = s.as_bytes();
    if ![7, 8, 10].contains(&b.len()) {
        return None;
    }
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let digits = |p: usize, n: usize| -> Option<i64> {
        let mut v = 0;
        for i in p..p + n {
            let c = at(i);
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i64::from(c - b'0');
        }
        Some(v)
    };
    let year = digits(0, 4)?;
    let sep = at(4) == b'-';
    let mut p = 4 + usize::from(sep);
    if at(p) == b'W' {
        p += 1;
        let week = digits(p, 2)?;
        p += 2;
        let dayno = if p < b.len() {
            if sep {
                if at(p) != b'-' {
                    return None;
                }
                p += 1;
            }
            digits(p, 1)?
        } else {
            1
        };
        if !(1..53).contains(&week) {
            let jan1 = days_from_civil(year, 1, 1);
            // Monday = 0 .. Sunday = 6; 1970-01-01 was a Thursday.
            let first_weekday = (jan1 + 3).rem_euclid(7);
            let long = week == 53 && (first_weekday == 3 || (first_weekday == 2 && is_leap(year)));
            if !long {
                return None;
            }
        }
        if !(1..8).contains(&dayno) {
            return None;
        }
        let jan1 = days_from_civil(year, 1, 1);
        let wd = (jan1 + 3).rem_euclid(7);
        let mut week1_monday = jan1 - wd;
        if wd > 3 {
            week1_monday += 7;
        }
        let (y, m, d) = civil_from_days(week1_monday + (week - 1) * 7 + dayno - 1);
        return make_day(y, m, d);
    }
    let month = digits(p, 2)?;
    p += 2;
    if sep {
        if at(p) != b'-' {
            return None;
        }
        p += 1;
    }
    let day = digits(p, 2)?;
    make_day(year, month, day)
}

/// `day(s)` of score.py: `fromisoformat(str(s)[:10])`, `None` on failure.
pub(crate) fn day(v: Option<&Value>) -> Option<Day> {
    fromisoformat(prefix(&to_str(v), 10))
}

/// `km(a, b)` of score.py: haversine distance on a 6371 km sphere, same operation order.
pub(crate) fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let ((la1, lo1), (la2, lo2)) = (a, b);
    let p = std::f64::consts::PI / 180.0;
    let s1 = ((la2 - la1) * p / 2.0).sin();
    let s2 = ((lo2 - lo1) * p / 2.0).sin();
    let h = s1 * s1 + (la1 * p).cos() * (la2 * p).cos() * (s2 * s2);
    let r = h.sqrt();
    12742.0 * (if r < 1.0 { r } else { 1.0 }).asin()
}

/// `coords(e)` of score.py.
pub(crate) fn coords(e: &Value) -> Option<(f64, f64)> {
    let la = to_float(get(e, "latitude"))?;
    let lo = to_float(get(e, "longitude"))?;
    (la.is_finite() && lo.is_finite()).then_some((la, lo))
}

/// Python's `<` on floats used as a sort key (NaN compares equal to everything).
pub(crate) fn float_cmp(a: f64, b: f64) -> Ordering {
    a.partial_cmp(&b).unwrap_or(Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn float_repr_matches_python() {
        let cases = [
            (1.0, "1.0"),
            (0.5, "0.5"),
            (0.1, "0.1"),
            (2.0 / 3.0, "0.6666666666666666"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (-2.5, "-2.5"),
            (123456.789, "123456.789"),
            (1.2345e300, "1.2345e+300"),
        ];
        for (x, want) in cases {
            assert_eq!(float_repr(x), want, "{x}");
        }
    }

    #[test]
    fn str_of_values() {
        assert_eq!(to_str(None), "None");
        assert_eq!(to_str(Some(&json!(5))), "5");
        assert_eq!(to_str(Some(&json!(5.0))), "5.0");
        assert_eq!(to_str(Some(&json!(true))), "True");
        assert_eq!(to_str(Some(&json!(["a", 1]))), "['a', 1]");
        assert_eq!(to_str(Some(&json!("it's"))), "it's");
        assert_eq!(repr(&json!("it's")), "\"it's\"");
    }

    #[test]
    fn fromisoformat_like_python_3_11() {
        let ord = |s| fromisoformat(s).map(|d| civil_from_days(d.ordinal));
        assert_eq!(ord("2022-09-05"), Some((2022, 9, 5)));
        assert_eq!(ord("20220905"), Some((2022, 9, 5)));
        assert_eq!(ord("20220905ab"), Some((2022, 9, 5)));
        assert_eq!(ord("2022-W05"), Some((2022, 1, 31)));
        assert_eq!(ord("2022W053"), Some((2022, 2, 2)));
        assert_eq!(ord("2022-W05-3"), Some((2022, 2, 2)));
        assert_eq!(ord("2020-W53"), Some((2020, 12, 28)));
        assert_eq!(ord("2022-W53"), None);
        assert_eq!(ord("2022-09"), None);
        assert_eq!(ord("0000-01-01"), None);
        assert_eq!(ord("2022-02-29"), None);
        assert_eq!(ord("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(ord("2022090"), None);
        assert_eq!(ord("2022W05-3x"), None);
        assert_eq!(
            day(Some(&json!("2022-09-05T10:00:00Z"))).map(|d| d.month),
            Some(9)
        );
        assert_eq!(day(Some(&json!(20220905))).map(|d| d.year), Some(2022));
        assert_eq!(day(None), None);
    }

    #[test]
    fn int_and_float_conversions() {
        assert_eq!(to_int_or(Some(&json!(3.9)), 0), Some(3));
        assert_eq!(to_int_or(Some(&json!(" 12 ")), 0), Some(12));
        assert_eq!(to_int_or(Some(&json!("1_000")), 0), Some(1000));
        assert_eq!(to_int_or(Some(&json!("")), 1), Some(1));
        assert_eq!(to_int_or(None, 1), Some(1));
        assert_eq!(to_int_or(Some(&json!("3.5")), 0), None);
        assert_eq!(to_float(Some(&json!("14.5"))), Some(14.5));
        assert_eq!(to_float(Some(&json!(true))), Some(1.0));
        assert_eq!(to_float(Some(&json!([1]))), None);
        assert_eq!(coords(&json!({"latitude": "nan", "longitude": 1})), None);
    }

    #[test]
    fn norm_and_eq() {
        assert_eq!(
            norm(Some(&json!("  Military  Forces\u{a0}of Mali’s\x1c "))),
            "military forces of mali's"
        );
        assert_eq!(norm(Some(&json!(0))), "");
        assert!(eq(Some(&json!(1)), Some(&json!(1.0))));
        assert!(eq(Some(&json!(true)), Some(&json!(1))));
        assert!(!eq(Some(&json!("1")), Some(&json!(1))));
        assert!(eq(None, None));
    }

    #[test]
    fn km_of_a_degree_of_latitude() {
        let d = km((0.0, 0.0), (1.0, 0.0));
        assert!((d - 111.19492664455873).abs() < 1e-9, "{d}");
        assert_eq!(km((12.0, -1.0), (12.0, -1.0)), 0.0);
    }
}
