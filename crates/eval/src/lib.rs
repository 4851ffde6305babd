//! Scoring of extracted conflict events against a gold corpus.
//!
//! [`score`] reproduces the shared `eval/score.py` exactly: per article, a system event
//! may match a gold event when the dates are within 3 days (or, for a gold event of month
//! precision, in the same month or within 16 days) and, where both have coordinates, the
//! places are within 100 km; candidate pairs are taken greedily in the order of
//! `((day_diff, distance), gold_index, system_index)`. Background gold events neither count
//! as misses nor turn a matching system event into a false alarm. The rates (event type,
//! date, location, fatalities, actors) are over matched non-background pairs; grouping
//! precision/recall/F1 appear when system events carry `cluster` or `article_ids`.
//!
//! Both sides are plain [`serde_json::Value`]s (gold articles with `"events"`, system
//! events with `"article_id"` or `"article_ids"`), so any JSONL that score.py accepts can
//! be scored, with Python's conversions (`str()`, `int()`, `float()`, truthiness,
//! `date.fromisoformat` of Python 3.11) reproduced. Where score.py would crash (a
//! non-numeric `fatalities` string, a non-object line, an unhashable cluster id), this crate
//! goes on with a documented choice instead: such a value counts as unequal to any other,
//! a non-object line as an empty object. Objects used as ids are rendered with sorted keys.
//!
//! Beyond score.py's numbers, a [`Report`] carries an error analysis: a [`Confusion`]
//! matrix of event types, the [`Miss`]es, the [`FalseAlarm`]s and the per-pair
//! [`Disagreement`]s. [`Report::to_json`] prints exactly what `score.py --json` prints;
//! [`Report::write_text`] prints score.py's lines, then, optionally, the analysis.

#![deny(missing_docs)]

mod py;

use py::{coords, day, get, km, norm, norm_str, prefix, to_int_or, to_str, truthy};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};

/// Column of the confusion matrix for gold events that no system event matched.
pub const MISSED: &str = "(missed)";
/// Row of the confusion matrix for system events that matched no gold event.
pub const FALSE_ALARM: &str = "(false alarm)";

/// Pairwise grouping quality: do the matched reports of one gold cluster share one system
/// event (its `cluster`, else its `event_id`)?
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grouping {
    /// Share of report pairs grouped by the system that the gold groups too.
    pub precision: f64,
    /// Share of report pairs grouped by the gold that the system groups too.
    pub recall: f64,
    /// Harmonic mean of the two (0 when both are 0).
    pub f1: f64,
}

/// Event type confusion: gold type (row) by system type (column) over matched
/// non-background pairs, plus a [`MISSED`] column and a [`FALSE_ALARM`] row.
///
/// Types that score.py's normalisation makes equal (case, spacing) share one label, spelled
/// as first seen, gold spellings first; an empty type is `(none)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Confusion {
    /// `cells[gold][system]`: how many; absent cells are 0.
    pub cells: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Confusion {
    /// The count in one cell (0 when absent).
    pub fn get(&self, gold: &str, system: &str) -> usize {
        self.cells
            .get(gold)
            .and_then(|r| r.get(system))
            .copied()
            .unwrap_or(0)
    }

    fn add(&mut self, gold: &str, system: &str) {
        *self
            .cells
            .entry(gold.to_string())
            .or_default()
            .entry(system.to_string())
            .or_default() += 1;
    }

    /// Every event type seen on either side (sorted), without the two special labels.
    pub fn labels(&self) -> Vec<String> {
        let mut all = BTreeSet::new();
        for (g, row) in &self.cells {
            all.insert(g.clone());
            all.extend(row.keys().cloned());
        }
        all.remove(MISSED);
        all.remove(FALSE_ALARM);
        all.into_iter().collect()
    }
}

/// A non-background gold event that no system event matched.
#[derive(Clone, Debug, PartialEq)]
pub struct Miss {
    /// The gold article's id.
    pub article_id: String,
    /// The gold event date.
    pub event_date: String,
    /// The gold event type.
    pub event_type: String,
    /// The gold place name.
    pub location: String,
    /// The gold coordinates, if any.
    pub coords: Option<(f64, f64)>,
    /// The gold fatalities, as written.
    pub fatalities: String,
}

/// A system event that matched no gold event of an article it was attributed to.
#[derive(Clone, Debug, PartialEq)]
pub struct FalseAlarm {
    /// The gold article it was scored against.
    pub article_id: String,
    /// The system event date.
    pub event_date: String,
    /// The system event type.
    pub event_type: String,
    /// The system place name.
    pub location: String,
    /// The system coordinates, if any.
    pub coords: Option<(f64, f64)>,
    /// `(field, text)` of its evidence for the fields `sentence` and `event_type`.
    pub evidence: Vec<(String, String)>,
}

/// One field on which a matched (non-background) pair disagrees.
#[derive(Clone, Debug, PartialEq)]
pub struct Disagreement {
    /// The gold article's id.
    pub article_id: String,
    /// The gold event date (to tell the pair apart).
    pub event_date: String,
    /// `event_type`, `sub_event_type`, `event_date`, `fatalities`, `location` (not within
    /// 25 km, or coordinates missing) or `actors` (gold actor1/actor2 not among the system's).
    pub field: String,
    /// The gold side (for `actors`: the gold actor keys the system lacks).
    pub gold: String,
    /// The system side (for `actors`: all the system's actor keys).
    pub system: String,
}

/// Everything score.py prints, plus an error analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Gold articles.
    pub gold_articles: usize,
    /// Gold events, background ones included.
    pub gold_events: usize,
    /// System events (lines), whether or not their article is in the gold.
    pub system_events: usize,
    /// Matched non-background gold events.
    pub tp: usize,
    /// Unmatched system events, counted once per gold article they are attributed to.
    pub fp: usize,
    /// Unmatched non-background gold events (`fn` in score.py).
    pub fn_: usize,
    /// `tp / (tp + fp)`, 0 when undefined.
    pub precision: f64,
    /// `tp / (tp + fn)`, 0 when undefined.
    pub recall: f64,
    /// Harmonic mean of precision and recall, 0 when undefined.
    pub f1: f64,
    /// Matched non-background pairs (the denominator of the rates below).
    pub matched: usize,
    /// Gold articles with no non-background event.
    pub quiet_articles: usize,
    /// Share of quiet articles without false alarm (1 when there are none).
    pub quiet_kept: f64,
    /// Same normalised event type.
    pub event_type_acc: f64,
    /// Same normalised sub-event type.
    pub sub_event_type_acc: f64,
    /// Same first 10 characters of the date.
    pub date_exact: f64,
    /// Both have coordinates, within 25 km.
    pub loc_25km: f64,
    /// Both have coordinates, within 161 km.
    pub loc_161km: f64,
    /// Median distance over the pairs where both have coordinates.
    pub median_km: Option<f64>,
    /// Same `int()` of fatalities.
    pub fatalities_exact: f64,
    /// Gold actor1 and actor2 (keyed) found among the system's actors.
    pub actor_recall: f64,
    /// Grouping metrics, when some matched system event has `cluster` or `article_ids`.
    pub grouping: Option<Grouping>,
    /// Event type confusion matrix.
    pub confusion: Confusion,
    /// Missed gold events, in gold order.
    pub misses: Vec<Miss>,
    /// False alarms, in gold article order then system order.
    pub false_alarms: Vec<FalseAlarm>,
    /// Field disagreements of matched pairs, in pair order.
    pub disagreements: Vec<Disagreement>,
}

/// A value of score.py's result dictionary.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Metric {
    /// A Python int.
    Int(usize),
    /// A Python float.
    Float(f64),
    /// Python's `None`.
    None,
}

/// Parses JSONL as score.py reads it: lines split at `\n`, `\r\n` or `\r`, blank lines
/// skipped; the error names the 1-based line of the first bad JSON.
pub fn read_jsonl(text: &str) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut n = 0;
    while !rest.is_empty() {
        n += 1;
        let (line, next) = match rest.find(['\n', '\r']) {
            Some(i) => {
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                (&rest[..i], &rest[i + skip..])
            }
            None => (rest, ""),
        };
        rest = next;
        if py::strip(line).is_empty() {
            continue;
        }
        let v = serde_json::from_str(line).map_err(|e| format!("line {n}: {e}"))?;
        out.push(v);
    }
    Ok(out)
}

/// The match key of score.py's `candidate(g, s)`: `(day difference, km or 100)`.
fn candidate(g: &Value, s: &Value) -> Option<(i64, f64)> {
    let gd = day(get(g, "event_date"))?;
    let sd = day(get(s, "event_date"))?;
    let diff = (gd.ordinal - sd.ordinal).abs();
    let precision = to_int_or(get(g, "time_precision"), 1).unwrap_or(1);
    if precision >= 3 {
        if (gd.year, gd.month) != (sd.year, sd.month) && diff > 16 {
            return None;
        }
    } else if diff > 3 {
        return None;
    }
    let dist = match (coords(g), coords(s)) {
        (Some(a), Some(b)) => Some(km(a, b)),
        _ => None,
    };
    if dist.is_some_and(|d| d > 100.0) {
        return None;
    }
    Some((diff, dist.unwrap_or(100.0)))
}

/// score.py's `actors(e)`: every actor name of an event, normalised.
fn actors(e: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for k in [
        "actor1",
        "actor2",
        "assoc_actor_1",
        "assoc_actor_2",
        "actor1_detail",
        "actor2_detail",
    ] {
        match get(e, k) {
            Some(Value::Array(items)) => {
                out.extend(
                    items
                        .iter()
                        .filter(|x| truthy(Some(x)))
                        .map(|x| norm(Some(x))),
                );
            }
            v if truthy(v) => {
                for part in to_str(v).split(';') {
                    if !py::strip(part).is_empty() {
                        out.insert(norm_str(part));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// score.py's `actor_key(name)`: `'military forces of mali (2021-)'` ->
/// `'military forces of mali'`, `'jnim: katiba macina'` -> `'jnim'`.
fn actor_key_str(name: &str) -> String {
    let mut n = norm_str(name);
    if let Some(open) = n.rfind('(') {
        if n.trim_end_matches(py::is_space).ends_with(')')
            && n[open..].chars().any(char::is_numeric)
        {
            n = py::strip(&n[..open]).to_string();
        }
    }
    let head = n.split(':').next().unwrap_or("");
    py::strip(head).to_string()
}

/// score.py's `main_actors(e)`: the keys of the gold actor1 and actor2.
fn main_actors(e: &Value) -> BTreeSet<String> {
    ["actor1", "actor2"]
        .iter()
        .map(|k| get(e, k))
        .filter(|v| truthy(*v))
        .map(|v| actor_key_str(&norm(v)))
        .collect()
}

/// A value as a person would read it: strings as they are, absent as empty, else JSON.
fn show(v: Option<&Value>) -> String {
    match v {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// Confusion matrix labels: one per normalised event type (as score.py compares them),
/// spelled as first seen, gold spellings first.
#[derive(Default)]
struct Labels(HashMap<String, String>);

impl Labels {
    fn see(&mut self, e: &Value) {
        let key = norm(get(e, "event_type"));
        if !key.is_empty() {
            let shown = show(get(e, "event_type")).trim().to_string();
            self.0.entry(key).or_insert(shown);
        }
    }

    fn of(&mut self, e: &Value) -> String {
        self.see(e);
        self.0
            .get(&norm(get(e, "event_type")))
            .cloned()
            .unwrap_or_else(|| "(none)".to_string())
    }
}

fn place(e: &Value) -> String {
    let name = show(get(e, "location"));
    match coords(e) {
        Some((la, lo)) => format!("{name} ({la}, {lo})").trim_start().to_string(),
        None if name.is_empty() => "(no coordinates)".to_string(),
        None => format!("{name} (no coordinates)"),
    }
}

/// score.py's `statistics.median`.
fn median(mut xs: Vec<f64>) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    xs.sort_by(|a, b| py::float_cmp(*a, *b));
    let n = xs.len();
    Some(if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    })
}

/// The articles a system event is attributed to: `s.get('article_ids') or [s.get('article_id')]`.
fn article_keys(s: &Value) -> Vec<String> {
    let ids = get(s, "article_ids");
    if !truthy(ids) {
        return vec![to_str(get(s, "article_id"))];
    }
    match ids {
        Some(Value::Array(a)) => a.iter().map(|x| to_str(Some(x))).collect(),
        Some(Value::String(s)) => s.chars().map(String::from).collect(),
        Some(Value::Object(o)) => o.keys().cloned().collect(),
        other => vec![to_str(other)],
    }
}

/// `art.get('events', [])` (a null or non-list counts as no events).
fn events_of(art: &Value) -> &[Value] {
    match get(art, "events") {
        Some(Value::Array(a)) => a.as_slice(),
        _ => &[],
    }
}

/// `(article id, gold cluster)`, the grouping unit of score.py.
type GroupKey<'a> = (Option<&'a Value>, Option<&'a Value>);

struct Pair<'a> {
    art_id: Option<&'a Value>,
    art_key: String,
    g: &'a Value,
    s: &'a Value,
}

/// Scores system events against gold articles exactly as score.py does.
///
/// `gold`: articles, each with `"id"` and `"events"`; `system`: events, each with
/// `"article_id"` or `"article_ids"`. System events of articles absent from the gold are
/// ignored (but counted in `system_events`).
pub fn score(gold: &[Value], system: &[Value]) -> Report {
    let mut by_article: HashMap<String, Vec<&Value>> = HashMap::new();
    for s in system {
        for a in article_keys(s) {
            by_article.entry(a).or_default().push(s);
        }
    }
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let (mut quiet, mut quiet_ok) = (0usize, 0usize);
    let mut pairs: Vec<Pair> = Vec::new();
    let mut confusion = Confusion::default();
    let mut labels = Labels::default();
    for g in gold.iter().flat_map(events_of) {
        labels.see(g);
    }
    let mut misses = Vec::new();
    let mut false_alarms = Vec::new();
    for art in gold {
        let gs = events_of(art);
        let art_key = to_str(get(art, "id"));
        let ss: &[&Value] = by_article.get(&art_key).map_or(&[], Vec::as_slice);
        let mut cands: Vec<((i64, f64), usize, usize)> = Vec::new();
        for (i, g) in gs.iter().enumerate() {
            for (j, s) in ss.iter().enumerate() {
                if let Some(c) = candidate(g, s) {
                    cands.push((c, i, j));
                }
            }
        }
        cands.sort_by(|a, b| {
            a.0 .0
                .cmp(&b.0 .0)
                .then(py::float_cmp(a.0 .1, b.0 .1))
                .then(a.1.cmp(&b.1))
                .then(a.2.cmp(&b.2))
        });
        let mut ug = vec![false; gs.len()];
        let mut us = vec![false; ss.len()];
        for (_, i, j) in cands {
            if ug[i] || us[j] {
                continue;
            }
            ug[i] = true;
            us[j] = true;
            pairs.push(Pair {
                art_id: get(art, "id"),
                art_key: art_key.clone(),
                g: &gs[i],
                s: ss[j],
            });
        }
        for (i, g) in gs.iter().enumerate() {
            let background = truthy(get(g, "background"));
            if ug[i] {
                tp += usize::from(!background);
            } else if !background {
                fn_ += 1;
                confusion.add(&labels.of(g), MISSED);
                misses.push(Miss {
                    article_id: art_key.clone(),
                    event_date: show(get(g, "event_date")),
                    event_type: show(get(g, "event_type")),
                    location: show(get(g, "location")),
                    coords: coords(g),
                    fatalities: show(get(g, "fatalities")),
                });
            }
        }
        let mut alarms = 0;
        for (j, s) in ss.iter().enumerate() {
            if us[j] {
                continue;
            }
            alarms += 1;
            confusion.add(FALSE_ALARM, &labels.of(s));
            let evidence = match get(s, "evidence") {
                Some(Value::Array(ev)) => ev
                    .iter()
                    .filter_map(|e| {
                        let field = show(get(e, "field"));
                        (field == "sentence" || field == "event_type")
                            .then(|| (field, show(get(e, "text"))))
                    })
                    .collect(),
                _ => Vec::new(),
            };
            false_alarms.push(FalseAlarm {
                article_id: art_key.clone(),
                event_date: show(get(s, "event_date")),
                event_type: show(get(s, "event_type")),
                location: show(get(s, "location")),
                coords: coords(s),
                evidence,
            });
        }
        fp += alarms;
        if !gs.iter().any(|g| !truthy(get(g, "background"))) {
            quiet += 1;
            quiet_ok += usize::from(alarms == 0);
        }
    }
    let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    let f1 = if precision + recall != 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let fg: Vec<&Pair> = pairs
        .iter()
        .filter(|p| !truthy(get(p.g, "background")))
        .collect();
    let rate = |f: &dyn Fn(&Value, &Value) -> bool| {
        ratio(fg.iter().filter(|p| f(p.g, p.s)).count(), fg.len())
    };
    let same_type = |g: &Value, s: &Value| norm(get(g, "event_type")) == norm(get(s, "event_type"));
    let same_sub =
        |g: &Value, s: &Value| norm(get(g, "sub_event_type")) == norm(get(s, "sub_event_type"));
    let date10 = |e: &Value| prefix(&to_str(get(e, "event_date")), 10).to_string();
    let same_date = |g: &Value, s: &Value| date10(g) == date10(s);
    let fatal = |e: &Value| to_int_or(get(e, "fatalities"), 0);
    let same_fatal = |g: &Value, s: &Value| {
        let (a, b) = (fatal(g), fatal(s));
        a.is_some() && a == b
    };
    let system_keys =
        |s: &Value| -> BTreeSet<String> { actors(s).iter().map(|a| actor_key_str(a)).collect() };
    let actors_ok = |g: &Value, s: &Value| main_actors(g).is_subset(&system_keys(s));
    let pair_km = |p: &Pair| match (coords(p.g), coords(p.s)) {
        (Some(a), Some(b)) => Some(km(a, b)),
        _ => None,
    };
    let dists: Vec<f64> = fg.iter().filter_map(|p| pair_km(p)).collect();

    let mut disagreements = Vec::new();
    for p in &fg {
        confusion.add(&labels.of(p.g), &labels.of(p.s));
        let mut add = |field: &str, gold: String, system: String| {
            disagreements.push(Disagreement {
                article_id: p.art_key.clone(),
                event_date: show(get(p.g, "event_date")),
                field: field.to_string(),
                gold,
                system,
            });
        };
        for (field, same) in [
            ("event_type", same_type(p.g, p.s)),
            ("sub_event_type", same_sub(p.g, p.s)),
            ("event_date", same_date(p.g, p.s)),
            ("fatalities", same_fatal(p.g, p.s)),
        ] {
            if !same {
                add(field, show(get(p.g, field)), show(get(p.s, field)));
            }
        }
        match pair_km(p) {
            Some(d) if d <= 25.0 => {}
            Some(d) => add(
                "location",
                place(p.g),
                format!("{}, {d:.1} km away", place(p.s)),
            ),
            None => add("location", place(p.g), place(p.s)),
        }
        if !actors_ok(p.g, p.s) {
            let have = system_keys(p.s);
            let lacking: Vec<String> = main_actors(p.g).difference(&have).cloned().collect();
            let have: Vec<String> = have.into_iter().collect();
            add("actors", lacking.join("; "), have.join("; "));
        }
    }

    // Grouping: (article id, gold cluster) -> system group key, in first-insertion order.
    let mut sys_group: Vec<(GroupKey, Option<&Value>)> = Vec::new();
    for p in &fg {
        let s = p.s;
        let key = if truthy(get(s, "article_ids")) || truthy(get(s, "cluster")) {
            if truthy(get(s, "cluster")) {
                get(s, "cluster")
            } else {
                get(s, "event_id")
            }
        } else {
            None
        };
        if key.is_none() {
            continue;
        }
        let k = (p.art_id, get(p.g, "cluster"));
        match sys_group
            .iter_mut()
            .find(|(q, _)| py::eq(q.0, k.0) && py::eq(q.1, k.1))
        {
            Some(slot) => slot.1 = key,
            None => sys_group.push((k, key)),
        }
    }
    let grouping = (!sys_group.is_empty()).then(|| {
        let (mut same_g, mut same_s, mut both) = (0usize, 0usize, 0usize);
        for (x, a) in sys_group.iter().enumerate() {
            for b in &sys_group[x + 1..] {
                let sg = py::eq(a.0 .1, b.0 .1);
                let ss = py::eq(a.1, b.1);
                same_g += usize::from(sg);
                same_s += usize::from(ss);
                both += usize::from(sg && ss);
            }
        }
        let gp = ratio(both, same_s);
        let gr = ratio(both, same_g);
        Grouping {
            precision: gp,
            recall: gr,
            f1: if gp + gr != 0.0 {
                2.0 * gp * gr / (gp + gr)
            } else {
                0.0
            },
        }
    });

    Report {
        gold_articles: gold.len(),
        gold_events: gold.iter().map(|a| events_of(a).len()).sum(),
        system_events: system.len(),
        tp,
        fp,
        fn_,
        precision,
        recall,
        f1,
        matched: fg.len(),
        quiet_articles: quiet,
        quiet_kept: if quiet > 0 {
            quiet_ok as f64 / quiet as f64
        } else {
            1.0
        },
        event_type_acc: rate(&same_type),
        sub_event_type_acc: rate(&same_sub),
        date_exact: rate(&same_date),
        loc_25km: ratio(dists.iter().filter(|d| **d <= 25.0).count(), fg.len()),
        loc_161km: ratio(dists.iter().filter(|d| **d <= 161.0).count(), fg.len()),
        median_km: median(dists),
        fatalities_exact: rate(&same_fatal),
        actor_recall: rate(&actors_ok),
        grouping,
        confusion,
        misses,
        false_alarms,
        disagreements,
    }
}

fn fmt_float_3(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        format!("{x:.3}")
    }
}

fn fmt_place(name: &str, c: Option<(f64, f64)>) -> String {
    let c = c.map_or_else(
        || "(no coordinates)".to_string(),
        |(la, lo)| format!("({la:.4}, {lo:.4})"),
    );
    format!("{name} {c}").trim_start().to_string()
}

impl Report {
    /// score.py's result dictionary, in its order.
    pub fn metrics(&self) -> Vec<(&'static str, Metric)> {
        use Metric::{Float, Int};
        let mut m = vec![
            ("gold_articles", Int(self.gold_articles)),
            ("gold_events", Int(self.gold_events)),
            ("system_events", Int(self.system_events)),
            ("tp", Int(self.tp)),
            ("fp", Int(self.fp)),
            ("fn", Int(self.fn_)),
            ("precision", Float(self.precision)),
            ("recall", Float(self.recall)),
            ("f1", Float(self.f1)),
            ("matched", Int(self.matched)),
            ("quiet_articles", Int(self.quiet_articles)),
            ("quiet_kept", Float(self.quiet_kept)),
            ("event_type_acc", Float(self.event_type_acc)),
            ("sub_event_type_acc", Float(self.sub_event_type_acc)),
            ("date_exact", Float(self.date_exact)),
            ("loc_25km", Float(self.loc_25km)),
            ("loc_161km", Float(self.loc_161km)),
            ("median_km", self.median_km.map_or(Metric::None, Float)),
            ("fatalities_exact", Float(self.fatalities_exact)),
            ("actor_recall", Float(self.actor_recall)),
        ];
        if let Some(g) = self.grouping {
            m.push(("group_precision", Float(g.precision)));
            m.push(("group_recall", Float(g.recall)));
            m.push(("group_f1", Float(g.f1)));
        }
        m
    }

    /// The output of `score.py --json`: `json.dumps(result, sort_keys=True)`, byte for byte.
    pub fn to_json(&self) -> String {
        let mut m = self.metrics();
        m.sort_by(|a, b| a.0.cmp(b.0));
        let parts: Vec<String> = m
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Metric::Int(i) => i.to_string(),
                    Metric::None => "null".to_string(),
                    Metric::Float(x) if x.is_nan() => "NaN".to_string(),
                    Metric::Float(x) if x.is_infinite() => {
                        if *x > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
                    }
                    Metric::Float(x) => py::float_repr(*x),
                };
                format!("\"{k}\": {v}")
            })
            .collect();
        format!("{{{}}}", parts.join(", "))
    }

    /// score.py's text lines (`{k:20} {v:.3f}` or `{k:20} {v}`), then, with `details`,
    /// the confusion matrix, the misses, the false alarms and the disagreements.
    pub fn write_text(&self, out: &mut impl Write, details: bool) -> io::Result<()> {
        for (k, v) in self.metrics() {
            let v = match v {
                Metric::Int(i) => i.to_string(),
                Metric::Float(x) => fmt_float_3(x),
                Metric::None => "None".to_string(),
            };
            writeln!(out, "{k:20} {v}")?;
        }
        if details {
            self.write_details(out)?;
        }
        Ok(())
    }

    fn write_details(&self, out: &mut impl Write) -> io::Result<()> {
        let labels = self.confusion.labels();
        writeln!(out)?;
        writeln!(
            out,
            "event type confusion (rows: gold, columns: system; matched pairs, misses, false alarms)"
        )?;
        let name_w = labels
            .iter()
            .map(|l| l.chars().count() + 5)
            .chain([FALSE_ALARM.len()])
            .max()
            .unwrap_or(0);
        let mut header = format!("{:name_w$}", "");
        for n in 1..=labels.len() {
            header.push_str(&format!(" {n:>5}"));
        }
        header.push_str(&format!(" {MISSED:>9}"));
        writeln!(out, "{}", header.trim_end())?;
        let rows = labels
            .iter()
            .enumerate()
            .map(|(n, l)| (format!("{:>3}. {l}", n + 1), l.as_str()))
            .chain([(FALSE_ALARM.to_string(), FALSE_ALARM)]);
        for (name, row) in rows {
            let mut line = format!("{name:name_w$}");
            for col in &labels {
                line.push_str(&format!(" {:>5}", self.confusion.get(row, col)));
            }
            if row != FALSE_ALARM {
                line.push_str(&format!(" {:>9}", self.confusion.get(row, MISSED)));
            }
            writeln!(out, "{line}")?;
        }

        writeln!(out)?;
        writeln!(out, "misses ({})", self.misses.len())?;
        for m in &self.misses {
            writeln!(
                out,
                "  {}  {}  {}  {}  fatalities {}",
                m.article_id,
                m.event_date,
                m.event_type,
                fmt_place(&m.location, m.coords),
                if m.fatalities.is_empty() {
                    "-"
                } else {
                    &m.fatalities
                }
            )?;
        }

        writeln!(out)?;
        writeln!(out, "false alarms ({})", self.false_alarms.len())?;
        for f in &self.false_alarms {
            writeln!(
                out,
                "  {}  {}  {}  {}",
                f.article_id,
                if f.event_date.is_empty() {
                    "-"
                } else {
                    &f.event_date
                },
                if f.event_type.is_empty() {
                    "-"
                } else {
                    &f.event_type
                },
                fmt_place(&f.location, f.coords)
            )?;
            for (field, text) in &f.evidence {
                writeln!(out, "      {field}: {text:?}")?;
            }
        }

        writeln!(out)?;
        writeln!(out, "disagreements ({})", self.disagreements.len())?;
        for d in &self.disagreements {
            writeln!(
                out,
                "  {}  {}  {}: gold {:?}, system {:?}",
                d.article_id, d.event_date, d.field, d.gold, d.system
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_keys() {
        assert_eq!(
            actor_key_str("Military Forces of Mali (2021-)"),
            "military forces of mali"
        );
        assert_eq!(actor_key_str("Civilians (Mali)"), "civilians (mali)");
        assert_eq!(
            actor_key_str("JNIM: Group for Support of Islam and Muslims"),
            "jnim"
        );
        assert_eq!(
            actor_key_str("Police Forces of Niger (2023-) Gendarmerie"),
            "police forces of niger (2023-) gendarmerie"
        );
        assert_eq!(
            actor_key_str("Wagner Group (2017-) : Africa Corps"),
            "wagner group (2017-)"
        );
    }

    #[test]
    fn median_like_statistics_median() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 10.0]), Some(3.0));
    }

    #[test]
    fn three_decimals_round_like_python() {
        // Python: format(0.0625, '.3f') == '0.062', format(2.0625, '.3f') == '2.062'.
        assert_eq!(fmt_float_3(0.0625), "0.062");
        assert_eq!(fmt_float_3(2.0625), "2.062");
        assert_eq!(fmt_float_3(0.0005), "0.001");
        assert_eq!(fmt_float_3(1.0), "1.000");
    }
}
