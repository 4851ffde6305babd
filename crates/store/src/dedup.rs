//! Deduplication rules, pure (no SQLite): when two per-article events report the
//! same real event, and what the canonical event of a cluster says.
//!
//! # The relation ([`link`])
//! Dedup compares [`Key`]s, what the store keeps of each event in indexed
//! columns. Two per-article events are reports of one real event (a **strong**
//! link) when all of these hold:
//! - **different articles**: events of one article never link (the extractor
//!   already merged what one article says twice);
//! - **same country** (`country_iso3`, non-empty on both sides);
//! - **dates**: both exact days ([`time_precision`](Event::time_precision) 1):
//!   at most [`EXACT_DAYS`] days apart (outlets resolve "hier"/"jeudi" and nights
//!   differently); either one week-precise (2): at most [`WEEK_DAYS`] days apart;
//!   either one month-precise (3): same calendar month;
//! - **place**: both with coordinates and neither region-only (`geo_precision` 3):
//!   at most [`MAX_KM`] km apart; otherwise the same `admin1` (compared
//!   case-insensitively) and, when both are known more precisely than the region,
//!   no different `admin2`;
//! - **actors**: when both events name non-generic actors (not "Unidentified ...",
//!   "Civilians ...", "Protesters ...", "Rioters ..."), they share at least one
//!   (actor1, actor2 or an associated actor), compared by [`actor_key`]
//!   ("JNIM: Group for ..." is "jnim"; a bare "Military Forces" is the state
//!   forces of the event's country);
//! - **type**: the same `event_type`; or, when the named actors overlap, two of
//!   Battles / Explosions/Remote violence / Violence against civilians (one
//!   incident told as a clash by one outlet and as a strike or a massacre by another);
//! - **one incident**: outlets disagree on who was hit, and on clash versus
//!   attack, more than on where, when and by whom. Two violent events within
//!   [`NEAR_KM`] (or told by the same point when one of them only knows it as a
//!   district seat, "cercle de Bankass" and "près de Bankass"), on the same or
//!   the next day (both exact), with the same
//!   perpetrator (actor1 keys equal, or both unnamed) link even when their other
//!   named actors differ (then the sub-event type must be the same) or their
//!   violent types differ.
//!
//! An event with no place at all (no precise coordinates, no admin1) could be
//! anywhere in its country: it has **weak** links only, to the events of other
//! articles with compatible dates, the same event type and a shared named actor.
//!
//! # Clusters ([`cluster`])
//! The placed events are clustered as the connected components of the strong
//! links. The placeless events are grouped by their weak links to each other; a
//! group joins the cluster of placed events it links to when there is exactly one
//! (a placeless report never bridges two clusters), and stays a cluster of its
//! own otherwise. Everything depends on the set of events only, never on the
//! order they arrive in. A cluster can hold two events of one article only when
//! reports from other articles bridge them.
//!
//! # The canonical event ([`canonical`])
//! Computed from the members alone (sorted first, so the order they are handed in
//! does not matter):
//! - date: the most precise (lowest `time_precision`), ties by the earliest date;
//! - place (location, admin1-3, coordinates, geonameid, country): the most precise
//!   (lowest `geo_precision`), ties by the place most members report, then the
//!   smallest geonameid, then the name;
//! - fatalities: the minimum over the members that report a toll (> 0), 0 if none
//!   does (the codebook's lowest credible figure, across reports);
//! - event type: the majority of members, ties by ACLED's order (Battles,
//!   Explosions/Remote violence, Violence against civilians, Protests, Riots,
//!   Strategic developments); sub-event type: the majority among those, ties by name;
//! - actors, inter codes, disorder type, notes, ...: from the representative
//!   member, the first of the members of that type and sub-type by (time
//!   precision, geo precision, article id, ordinal);
//! - `article_ids`: sorted, unique; `source`: the members' sources, split on
//!   `"; "`, sorted, unique, joined with `"; "`; `tags`: those every member has;
//!   `confidence`: the highest; `timestamp`: the earliest non-zero;
//! - evidence: none (its byte offsets point into one article; the members keep theirs);
//! - `event_id`: `"K"` and the 64-bit FNV-1a hash (hex) of the sorted member keys
//!   (article id, ordinal).

use kibaru_core::Event;
use std::collections::BTreeMap;

/// Largest gap in days between two exact dates of one event.
pub const EXACT_DAYS: i64 = 2;
/// Largest gap in days when one of the dates is only known to the week.
pub const WEEK_DAYS: i64 = 5;
/// Largest distance in km between two reported places of one event.
pub const MAX_KM: f64 = 30.0;
/// Distance in km under which two places count as the same place (see [`link`]).
pub const NEAR_KM: f64 = 10.0;
/// Widest date window (days either side) that [`same_event`] can accept: the
/// candidate lookup must cover it.
pub const WINDOW_DAYS: i64 = 31;

/// ACLED's event types, in the order that breaks ties.
pub const TYPE_ORDER: [&str; 6] = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
];

/// 64-bit FNV-1a of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The normalised form of an article text for duplicate detection: lowercased,
/// runs of whitespace collapsed to one space, trimmed.
pub fn normalise_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// The content hash of an article text: FNV-1a 64 of [`normalise_text`], 16 hex digits.
pub fn content_hash(text: &str) -> String {
    format!("{:016x}", fnv1a64(normalise_text(text).as_bytes()))
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date; `None` when it is not one.
pub fn day_number(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = date.get(r)?;
        if !s.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Great-circle distance in km between two (lat, lon) points.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().min(1.0).asin()
}

/// Whether an actor name says nothing about who it is ("Unidentified Armed Group
/// (Mali)", "Civilians (Mali)", ...).
pub fn is_generic_actor(name: &str) -> bool {
    let n = name.trim();
    n.is_empty()
        || ["Unidentified", "Civilians", "Protesters", "Rioters"]
            .iter()
            .any(|p| n.len() >= p.len() && n[..p.len()].eq_ignore_ascii_case(p))
}

/// The non-generic actors an event names (actor1, actor2 and the associated
/// actors, split on `;`), sorted and unique.
pub fn named_actors(e: &Event) -> Vec<&str> {
    let mut v: Vec<&str> = [&e.actor1, &e.actor2, &e.assoc_actor_1, &e.assoc_actor_2]
        .into_iter()
        .flat_map(|s| s.split(';'))
        .map(str::trim)
        .filter(|s| !is_generic_actor(s))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The identity key of an actor name: lowercased, the part before `:` ("jnim:
/// group for support..." -> "jnim"), a trailing dated qualifier dropped
/// ("military forces of mali (2021-)" -> "military forces of mali"); state forces
/// named without their country ("Military Forces") get the event's country, which
/// linked events share.
pub fn actor_key(name: &str, country: &str) -> String {
    let mut n = name.trim().to_lowercase();
    if let Some(i) = n.find(':') {
        n.truncate(i);
    }
    if let Some(i) = n.rfind('(') {
        if n.ends_with(')') && n[i..].bytes().any(|b| b.is_ascii_digit()) {
            n.truncate(i);
        }
    }
    let n = n.split_whitespace().collect::<Vec<_>>().join(" ");
    if matches!(n.as_str(), "military forces" | "police forces") && !country.trim().is_empty() {
        return format!("{n} of {}", country.trim().to_lowercase());
    }
    n
}

/// Whether two actor keys name the same actor: equal, or state forces named
/// without their country ("military forces") and with one (events only link
/// within one country).
fn same_actor(x: &str, y: &str) -> bool {
    let unqualified = |a: &str, b: &str| {
        matches!(a, "military forces" | "police forces")
            && b.strip_prefix(a)
                .is_some_and(|rest| rest.starts_with(" of "))
    };
    x == y || unqualified(x, y) || unqualified(y, x)
}

/// The keys ([`actor_key`]) of the non-generic actors an event names, sorted,
/// unique, joined with `'\n'` (the form stored in the `actor_keys` column).
pub fn actor_keys(e: &Event) -> String {
    let mut v: Vec<String> = named_actors(e)
        .into_iter()
        .map(|a| actor_key(a, &e.country))
        .collect();
    v.sort_unstable();
    v.dedup();
    v.join("\n")
}

/// The key of actor1 when it is not generic, else `""`.
pub fn perpetrator_key(e: &Event) -> String {
    let a = e.actor1.split(';').next().unwrap_or("").trim();
    if is_generic_actor(a) {
        String::new()
    } else {
        actor_key(a, &e.country)
    }
}

/// What dedup compares of an event, as the store keeps it in indexed columns
/// (no JSON is parsed to compare two events).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Key {
    /// The article the event was extracted from.
    pub article: String,
    /// [`day_number`] of the event date (`None`: no valid date, links to nothing).
    pub day: Option<i64>,
    /// ACLED time precision (1 day, 2 week, 3 month).
    pub time_precision: u8,
    /// ISO 3166-1 alpha-3.
    pub country: String,
    /// First-level division, lowercased and trimmed.
    pub admin1: String,
    /// Second-level division, lowercased and trimmed.
    pub admin2: String,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// ACLED geo precision (1 place, 2 near, 3 region).
    pub geo_precision: u8,
    /// ACLED event type.
    pub event_type: String,
    /// ACLED sub-event type.
    pub sub_event_type: String,
    /// [`actor_keys`].
    pub actors: String,
    /// [`perpetrator_key`].
    pub perpetrator: String,
}

impl Key {
    /// The key of a per-article event.
    pub fn of(e: &Event) -> Key {
        Key {
            article: e.article_id.clone().unwrap_or_default(),
            day: day_number(&e.event_date),
            time_precision: e.time_precision,
            country: e.country_iso3.to_string(),
            admin1: e.admin1.trim().to_lowercase(),
            admin2: e.admin2.trim().to_lowercase(),
            lat: e.latitude,
            lon: e.longitude,
            geo_precision: e.geo_precision,
            event_type: e.event_type.to_string(),
            sub_event_type: e.sub_event_type.to_string(),
            actors: actor_keys(e),
            perpetrator: perpetrator_key(e),
        }
    }

    /// Precise coordinates: finite and not region-only (`geo_precision` < 3).
    pub fn coords(&self) -> Option<(f64, f64)> {
        match (self.lat, self.lon) {
            (Some(lat), Some(lon))
                if lat.is_finite() && lon.is_finite() && self.geo_precision < 3 =>
            {
                Some((lat, lon))
            }
            _ => None,
        }
    }

    /// No usable place at all: no precise coordinates and no admin1.
    pub fn placeless(&self) -> bool {
        self.coords().is_none() && self.admin1.is_empty()
    }

    fn actor_list(&self) -> impl Iterator<Item = &str> {
        self.actors.split('\n').filter(|s| !s.is_empty())
    }

    fn month(&self) -> Option<i64> {
        // Days since 1970 to (year, month) through the civil calendar.
        let z = self.day? + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Some(y * 12 + m)
    }
}

/// How two per-article events are related.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// Not reports of one event.
    None,
    /// Reports of one event: clusters are the connected components of these links.
    Strong,
    /// Compatible, but one of them has no place at all: it joins a cluster only
    /// when that cluster is the only one it is compatible with.
    Weak,
}

fn dates_compatible(a: &Key, b: &Key) -> bool {
    let (Some(da), Some(db)) = (a.day, b.day) else {
        return false;
    };
    if a.time_precision >= 3 || b.time_precision >= 3 {
        return a.month() == b.month();
    }
    let tolerance = if a.time_precision <= 1 && b.time_precision <= 1 {
        EXACT_DAYS
    } else {
        WEEK_DAYS
    };
    (da - db).abs() <= tolerance
}

fn violent(t: &str) -> bool {
    matches!(
        t,
        "Battles" | "Explosions/Remote violence" | "Violence against civilians"
    )
}

/// How two per-article events are related (see the module docs).
pub fn link(a: &Key, b: &Key) -> Link {
    if a.article == b.article || a.article.is_empty() || b.article.is_empty() {
        return Link::None;
    }
    if a.country.is_empty() || a.country != b.country || !dates_compatible(a, b) {
        return Link::None;
    }
    let overlap = a
        .actor_list()
        .any(|x| b.actor_list().any(|y| same_actor(x, y)));
    let (named_a, named_b) = (
        a.actor_list().next().is_some(),
        b.actor_list().next().is_some(),
    );
    if a.placeless() || b.placeless() {
        // Nothing but the date, the type and the actors: ask for all three.
        return if overlap && a.event_type == b.event_type {
            Link::Weak
        } else {
            Link::None
        };
    }
    let close = match (a.coords(), b.coords()) {
        (Some(pa), Some(pb)) => {
            let km = haversine_km(pa, pb);
            if km > MAX_KM {
                return Link::None;
            }
            km <= NEAR_KM
        }
        _ => {
            if a.admin1 != b.admin1 {
                return Link::None;
            }
            // A region-only place carries the admin2 of the region's capital: only
            // places known more precisely can disagree on it.
            if a.geo_precision < 3
                && b.geo_precision < 3
                && !a.admin2.is_empty()
                && !b.admin2.is_empty()
                && a.admin2 != b.admin2
            {
                return Link::None;
            }
            // Told by the same point, one of them only as a district seat
            // ("cercle de Bankass", "près de Bankass"): as close as one place
            // for telling one incident from another.
            a.admin2 == b.admin2
                && match (a.lat, a.lon, b.lat, b.lon) {
                    (Some(x1), Some(y1), Some(x2), Some(y2)) => {
                        haversine_km((x1, y1), (x2, y2)) <= 1.0
                    }
                    _ => false,
                }
        }
    };
    // Outlets disagree on who was hit, and on whether it was a clash or an attack,
    // more than on where, when and by whom: at one place on the same or the next
    // day (both exact), the same perpetrator (both unnamed, or the same) makes
    // one violent incident whatever the target.
    let same_day = a.time_precision <= 1
        && b.time_precision <= 1
        && a.day.zip(b.day).is_some_and(|(x, y)| (x - y).abs() <= 1);
    let one_incident = close
        && same_day
        && same_actor(&a.perpetrator, &b.perpetrator)
        && violent(&a.event_type)
        && violent(&b.event_type);
    if named_a && named_b && !overlap && !(one_incident && a.sub_event_type == b.sub_event_type) {
        return Link::None;
    }
    if a.event_type == b.event_type
        || (violent(&a.event_type) && violent(&b.event_type) && (overlap || one_incident))
    {
        Link::Strong
    } else {
        Link::None
    }
}

/// Whether two per-article events can be reports of one event (a [`link`],
/// strong or weak).
pub fn same_event(a: &Event, b: &Event) -> bool {
    link(&Key::of(a), &Key::of(b)) != Link::None
}

/// Clusters a set of events (see the module docs): returns, for each key, the
/// index of the first key of its cluster. Depends only on the set: a permutation
/// of `keys` permutes the clusters. Comparisons are limited to events of one
/// country within [`WINDOW_DAYS`], found by sorting.
pub fn cluster(keys: &[Key]) -> Vec<usize> {
    let n = keys.len();
    let mut order: Vec<usize> = (0..n).filter(|&i| keys[i].day.is_some()).collect();
    order.sort_by(|&i, &j| (&keys[i].country, keys[i].day).cmp(&(&keys[j].country, keys[j].day)));
    let mut uf = UnionFind::new(n);
    let mut weak: Vec<(usize, usize)> = Vec::new();
    for (pos, &i) in order.iter().enumerate() {
        for &j in &order[pos + 1..] {
            if keys[j].country != keys[i].country
                || keys[j].day.unwrap_or(0) - keys[i].day.unwrap_or(0) > WINDOW_DAYS
            {
                break;
            }
            match link(&keys[i], &keys[j]) {
                Link::Strong => uf.union(i, j),
                Link::Weak => weak.push((i, j)),
                Link::None => {}
            }
        }
    }
    attach_placeless(keys, &mut uf, &weak);
    (0..n).map(|i| uf.min_of(i)).collect()
}

/// Second stage of [`cluster`]: the placeless events, grouped by their weak links
/// to each other, join the one cluster of placed events they link to, if there is
/// exactly one.
fn attach_placeless(keys: &[Key], uf: &mut UnionFind, weak: &[(usize, usize)]) {
    let mut groups = UnionFind::new(keys.len());
    for &(i, j) in weak {
        if keys[i].placeless() && keys[j].placeless() {
            groups.union(i, j);
        }
    }
    let mut targets: BTreeMap<usize, std::collections::BTreeSet<usize>> = BTreeMap::new();
    for &(i, j) in weak {
        for (p, q) in [(i, j), (j, i)] {
            if keys[p].placeless() && !keys[q].placeless() {
                targets
                    .entry(groups.min_of(p))
                    .or_default()
                    .insert(uf.min_of(q));
            }
        }
    }
    let placeless: Vec<usize> = (0..keys.len()).filter(|&i| keys[i].placeless()).collect();
    for &p in &placeless {
        let g = groups.min_of(p);
        if g != p {
            uf.union(g, p);
        }
    }
    for (g, t) in targets {
        if t.len() == 1 {
            let target = *t.iter().next().unwrap_or(&g);
            uf.union(g, target);
        }
    }
}

/// Union-find over `0..n`; the representative of a set is its smallest index.
#[derive(Clone, Debug)]
pub struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    /// `n` singletons.
    pub fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    /// The smallest index of `i`'s set.
    pub fn min_of(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Merges the sets of `a` and `b`.
    pub fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.min_of(a), self.min_of(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi] = lo;
        }
    }
}

/// One member of a cluster: the per-article event and its place in its article.
#[derive(Clone, Copy, Debug)]
pub struct Member<'a> {
    /// The article it was extracted from.
    pub article_id: &'a str,
    /// Its index among that article's events.
    pub ordinal: u32,
    /// The event.
    pub event: &'a Event,
}

/// The canonical event id of a cluster: `"K"` + FNV-1a 64 (hex) of the sorted
/// member keys.
pub fn canonical_id<'a>(keys: impl IntoIterator<Item = (&'a str, u32)>) -> String {
    let mut keys: Vec<(&str, u32)> = keys.into_iter().collect();
    keys.sort_unstable();
    keys.dedup();
    let mut buf = Vec::new();
    for (a, o) in keys {
        buf.extend_from_slice(a.as_bytes());
        buf.push(0);
        buf.extend_from_slice(o.to_string().as_bytes());
        buf.push(0);
    }
    format!("K{:016x}", fnv1a64(&buf))
}

fn type_rank(t: &str) -> usize {
    TYPE_ORDER
        .iter()
        .position(|x| *x == t)
        .unwrap_or(TYPE_ORDER.len())
}

fn place_key(e: &Event) -> (Option<u32>, &str) {
    (e.geonameid, e.location.as_str())
}

/// The canonical event of a cluster (see the module docs). `None` for no member.
pub fn canonical(members: &[Member<'_>]) -> Option<Event> {
    let mut m: Vec<Member<'_>> = members.to_vec();
    m.sort_by(|a, b| (a.article_id, a.ordinal).cmp(&(b.article_id, b.ordinal)));
    m.dedup_by(|a, b| (a.article_id, a.ordinal) == (b.article_id, b.ordinal));
    if m.is_empty() {
        return None;
    }

    // Event type: majority, ties by ACLED order; sub-type: majority, ties by name.
    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    for x in &m {
        *types.entry(x.event.event_type.as_ref()).or_default() += 1;
    }
    let event_type = types
        .iter()
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then_with(|| type_rank(b.0).cmp(&type_rank(a.0)))
                .then_with(|| b.0.cmp(a.0))
        })
        .map(|(t, _)| *t)
        .unwrap_or_default();
    let mut subs: BTreeMap<&str, usize> = BTreeMap::new();
    for x in m.iter().filter(|x| x.event.event_type == event_type) {
        *subs.entry(x.event.sub_event_type.as_ref()).or_default() += 1;
    }
    let sub_event_type = subs
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(t, _)| *t)
        .unwrap_or_default();

    // Representative: of that type and sub-type, most precise, then first key.
    let rep = m
        .iter()
        .filter(|x| x.event.event_type == event_type && x.event.sub_event_type == sub_event_type)
        .min_by_key(|x| {
            (
                x.event.time_precision,
                x.event.geo_precision,
                x.article_id,
                x.ordinal,
            )
        })
        .unwrap_or(&m[0])
        .event;

    // Date: most precise, then earliest.
    let date = m
        .iter()
        .min_by(|a, b| {
            (
                a.event.time_precision,
                &a.event.event_date,
                a.article_id,
                a.ordinal,
            )
                .cmp(&(
                    b.event.time_precision,
                    &b.event.event_date,
                    b.article_id,
                    b.ordinal,
                ))
        })
        .unwrap_or(&m[0])
        .event;

    // Place: most precise, then most reported, then smallest geonameid, then name.
    let mut reports: BTreeMap<(Option<u32>, &str), usize> = BTreeMap::new();
    for x in &m {
        *reports.entry(place_key(x.event)).or_default() += 1;
    }
    let place = m
        .iter()
        .min_by(|a, b| {
            let (ea, eb) = (a.event, b.event);
            let (ka, kb) = (place_key(ea), place_key(eb));
            ea.geo_precision
                .cmp(&eb.geo_precision)
                .then_with(|| reports[&kb].cmp(&reports[&ka]))
                .then_with(|| {
                    ea.geonameid
                        .unwrap_or(u32::MAX)
                        .cmp(&eb.geonameid.unwrap_or(u32::MAX))
                })
                .then_with(|| ea.location.cmp(&eb.location))
                .then_with(|| (a.article_id, a.ordinal).cmp(&(b.article_id, b.ordinal)))
        })
        .unwrap_or(&m[0])
        .event;

    let fatalities = m
        .iter()
        .map(|x| x.event.fatalities)
        .filter(|&f| f > 0)
        .min()
        .unwrap_or(0);

    let mut article_ids: Vec<String> = m.iter().map(|x| x.article_id.to_string()).collect();
    article_ids.dedup();
    let mut sources: Vec<&str> = m
        .iter()
        .flat_map(|x| x.event.source.split("; "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    sources.sort_unstable();
    sources.dedup();
    let tag_set = |e: &Event| -> Vec<String> {
        let mut t: Vec<String> = e
            .tags
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        t.sort();
        t.dedup();
        t
    };
    let mut tags = tag_set(m[0].event);
    for x in &m[1..] {
        let other = tag_set(x.event);
        tags.retain(|t| other.contains(t));
    }
    let confidence = m.iter().map(|x| x.event.confidence).fold(0.0_f64, f64::max);
    let timestamp = m
        .iter()
        .map(|x| x.event.timestamp)
        .filter(|&t| t != 0)
        .min()
        .unwrap_or(0);

    Some(Event {
        event_id: canonical_id(m.iter().map(|x| (x.article_id, x.ordinal))),
        event_date: date.event_date.clone(),
        time_precision: date.time_precision,
        disorder_type: rep.disorder_type.clone(),
        event_type: event_type.to_string().into(),
        sub_event_type: sub_event_type.to_string().into(),
        actor1: rep.actor1.clone(),
        assoc_actor_1: rep.assoc_actor_1.clone(),
        inter1: rep.inter1.clone(),
        actor2: rep.actor2.clone(),
        assoc_actor_2: rep.assoc_actor_2.clone(),
        inter2: rep.inter2.clone(),
        interaction: rep.interaction.clone(),
        civilian_targeting: rep.civilian_targeting.clone(),
        iso: place.iso,
        country: place.country.clone(),
        admin1: place.admin1.clone(),
        admin2: place.admin2.clone(),
        admin3: place.admin3.clone(),
        location: place.location.clone(),
        latitude: place.latitude,
        longitude: place.longitude,
        geo_precision: place.geo_precision,
        source: sources.join("; "),
        source_scale: rep.source_scale.clone(),
        notes: rep.notes.clone(),
        fatalities,
        tags: tags.join("; ").into(),
        timestamp,
        actor1_detail: rep.actor1_detail.clone(),
        actor2_detail: rep.actor2_detail.clone(),
        article_id: None,
        article_ids,
        country_iso3: place.country_iso3.clone(),
        geonameid: place.geonameid,
        lang: rep.lang.clone(),
        confidence,
        evidence: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn ev(article: &str, date: &str, place: (&str, f64, f64), fatalities: u32) -> Event {
        Event {
            event_id: format!("{article}-0"),
            event_date: date.into(),
            time_precision: 1,
            disorder_type: "Political violence".into(),
            event_type: "Violence against civilians".into(),
            sub_event_type: "Attack".into(),
            actor1: "JNIM: Group for Support of Islam and Muslims".into(),
            actor2: "Civilians (Mali)".into(),
            iso: 466,
            country: "Mali".into(),
            admin1: "Mopti".into(),
            location: place.0.into(),
            latitude: Some(place.1),
            longitude: Some(place.2),
            geo_precision: 1,
            source: format!("source-{article}"),
            fatalities,
            article_id: Some(article.into()),
            country_iso3: "MLI".into(),
            confidence: 0.8,
            ..Event::default()
        }
    }

    const NANTAKA: (&str, f64, f64) = ("Nantaka", 14.55, -4.22);
    const SEVARE: (&str, f64, f64) = ("Sevare", 14.53, -4.10);
    const BONI: (&str, f64, f64) = ("Boni", 15.047, -1.97);

    #[test]
    fn days_are_counted_from_1970() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(
            day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(),
            2
        );
        assert_eq!(
            day_number("2023-03-01").unwrap() - day_number("2023-02-28").unwrap(),
            1
        );
        assert_eq!(day_number("2024-02-30"), None);
        assert_eq!(day_number("2024-1-01"), None);
        assert_eq!(day_number("+024-01-01"), None);
    }

    #[test]
    fn text_hash_ignores_case_and_spacing() {
        assert_eq!(
            content_hash("Des  hommes\narmés"),
            content_hash("des hommes ARMÉS ")
        );
        assert_ne!(content_hash("des hommes"), content_hash("des femmes"));
        assert_eq!(content_hash("").len(), 16);
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn nearby_reports_a_day_apart_are_one_event() {
        let a = ev("a", "2025-02-04", NANTAKA, 5);
        let b = ev("b", "2025-02-05", SEVARE, 4);
        assert!(haversine_km((NANTAKA.1, NANTAKA.2), (SEVARE.1, SEVARE.2)) < 30.0);
        assert!(same_event(&a, &b) && same_event(&b, &a));
    }

    #[test]
    fn same_article_never_links() {
        let a = ev("a", "2025-02-04", NANTAKA, 5);
        assert!(!same_event(&a, &a.clone()));
    }

    #[test]
    fn far_places_distant_dates_or_other_countries_do_not_link() {
        let a = ev("a", "2025-02-04", NANTAKA, 5);
        assert!(!same_event(&a, &ev("b", "2025-02-04", BONI, 5)));
        assert!(!same_event(&a, &ev("b", "2025-02-07", NANTAKA, 5)));
        let mut c = ev("b", "2025-02-04", NANTAKA, 5);
        c.country_iso3 = "BFA".into();
        assert!(!same_event(&a, &c));
    }

    #[test]
    fn month_precision_matches_within_the_month() {
        let a = ev("a", "2025-02-27", NANTAKA, 5);
        let mut b = ev("b", "2025-02-15", NANTAKA, 5);
        b.time_precision = 3;
        assert!(same_event(&a, &b));
        let mut c = ev("c", "2025-03-15", NANTAKA, 5);
        c.time_precision = 3;
        assert!(!same_event(&a, &c));
        let mut w = ev("w", "2025-02-22", NANTAKA, 5);
        w.time_precision = 2;
        assert!(same_event(&a, &w) && !same_event(&ev("x", "2025-02-16", NANTAKA, 1), &w));
    }

    #[test]
    fn without_coordinates_admin1_decides() {
        let a = ev("a", "2025-02-04", NANTAKA, 5);
        let mut b = ev("b", "2025-02-04", ("", 0.0, 0.0), 5);
        (b.latitude, b.longitude) = (None, None);
        assert!(same_event(&a, &b));
        assert_eq!(link(&Key::of(&a), &Key::of(&b)), Link::Strong);
        b.admin1 = "Gao".into();
        assert!(!same_event(&a, &b));
        // No place at all: a weak link, and only with a shared named actor and type.
        b.admin1 = String::new();
        assert_eq!(link(&Key::of(&a), &Key::of(&b)), Link::Weak);
        b.actor1 = "Unidentified Armed Group (Mali)".into();
        assert_eq!(link(&Key::of(&a), &Key::of(&b)), Link::None);
    }

    #[test]
    fn admin2_separates_places_known_better_than_the_region() {
        let mut a = ev("a", "2025-02-04", NANTAKA, 5);
        a.admin2 = "Mopti".into();
        let mut b = ev("b", "2025-02-04", ("", 0.0, 0.0), 5);
        (b.latitude, b.longitude, b.geo_precision) = (None, None, 2);
        b.admin2 = "Djenne".into();
        assert!(!same_event(&a, &b));
        b.geo_precision = 3;
        assert!(same_event(&a, &b));
    }

    #[test]
    fn actor_keys_ignore_descriptions_and_fill_in_the_country() {
        assert_eq!(
            actor_key("JNIM: Group for Support of Islam and Muslims", "Mali"),
            "jnim"
        );
        assert_eq!(
            actor_key("Military Forces of Mali (2021-)", "Mali"),
            "military forces of mali"
        );
        assert_eq!(
            actor_key("Military Forces", "Burkina Faso"),
            "military forces of burkina faso"
        );
        let a = ev("a", "2025-02-04", NANTAKA, 5);
        let mut b = ev("b", "2025-02-04", NANTAKA, 5);
        b.actor1 = "JNIM".into();
        assert!(same_event(&a, &b));
    }

    #[test]
    fn targets_may_differ_at_one_place_and_day() {
        let mut a = ev("a", "2025-02-04", NANTAKA, 5);
        a.event_type = "Explosions/Remote violence".into();
        a.sub_event_type = "Remote explosive/landmine/IED".into();
        a.actor1 = "Unidentified Armed Group (Mali)".into();
        a.actor2 = "MINUSMA".into();
        let mut b = a.clone();
        b.article_id = Some("b".into());
        b.actor2 = "Military Forces of Mali".into();
        assert!(same_event(&a, &b));
        // Not 20 km away, nor another kind of incident, nor another perpetrator.
        let mut far = b.clone();
        (far.latitude, far.longitude) = (Some(SEVARE.1), Some(SEVARE.2 + 0.1));
        assert!(!same_event(&a, &far));
        let mut other = b.clone();
        other.sub_event_type = "Shelling/artillery/missile attack".into();
        assert!(!same_event(&a, &other));
        let (mut x, mut y) = (a.clone(), b.clone());
        x.actor1 = "Islamic State Sahel Province".into();
        y.actor1 = "JNIM: Group for Support of Islam and Muslims".into();
        assert!(!same_event(&x, &y));
        // A named perpetrator against an unnamed one is no agreement either.
        y.actor1 = "Unidentified Armed Group (Mali)".into();
        assert!(!same_event(&x, &y));
    }

    #[test]
    fn a_clash_and_an_attack_by_unnamed_men_at_one_place_and_day_are_one_incident() {
        let mut a = ev("a", "2025-02-04", NANTAKA, 5);
        a.actor1 = "Unidentified Armed Group (Mali)".into();
        let mut b = a.clone();
        b.article_id = Some("b".into());
        (b.event_type, b.sub_event_type) = ("Battles".into(), "Armed clash".into());
        b.actor2 = "Military Forces of Mali".into();
        assert!(same_event(&a, &b));
        b.event_date = "2025-02-06".into();
        assert!(!same_event(&a, &b));
        b.event_date = "2025-02-04".into();
        (b.latitude, b.longitude) = (Some(SEVARE.1), Some(SEVARE.2));
        assert!(!same_event(&a, &b));
    }

    #[test]
    fn one_incident_told_by_its_district_seat_and_near_that_seat() {
        // "dans le cercle de Bankass" (region-only) and "près de Bankass" (near):
        // the same point, unnamed attackers, the next day, a clash and an attack.
        let mut a = ev("a", "2020-02-14", NANTAKA, 21);
        a.actor1 = "Unidentified Armed Group (Mali)".into();
        a.geo_precision = 3;
        let mut b = a.clone();
        b.article_id = Some("b".into());
        b.event_date = "2020-02-13".into();
        b.geo_precision = 2;
        (b.event_type, b.sub_event_type) = ("Battles".into(), "Armed clash".into());
        b.actor2 = "Military Forces of Mali".into();
        assert!(same_event(&a, &b));
        // Another seat of the same region is another place.
        (b.latitude, b.longitude) = (Some(SEVARE.1), Some(SEVARE.2));
        assert!(!same_event(&a, &b));
        // Two days apart is another incident.
        (b.latitude, b.longitude) = (a.latitude, a.longitude);
        b.event_date = "2020-02-11".into();
        assert!(!same_event(&a, &b));
    }

    #[test]
    fn a_placeless_report_joins_one_cluster_but_never_bridges_two() {
        let a = ev("a", "2025-02-04", NANTAKA, 5);
        let b = ev("b", "2025-02-04", BONI, 5);
        let mut p = ev("p", "2025-02-04", ("", 0.0, 0.0), 5);
        (p.latitude, p.longitude, p.admin1) = (None, None, String::new());
        let mut q = p.clone();
        q.article_id = Some("q".into());
        let keys: Vec<Key> = [&a, &p, &q].iter().map(|e| Key::of(e)).collect();
        assert_eq!(cluster(&keys), [0, 0, 0]);
        let keys: Vec<Key> = [&p, &a, &b, &q].iter().map(|e| Key::of(e)).collect();
        assert_eq!(cluster(&keys), [0, 1, 2, 0]);
        let keys: Vec<Key> = [&p, &q].iter().map(|e| Key::of(e)).collect();
        assert_eq!(cluster(&keys), [0, 0]);
    }

    #[test]
    fn named_actors_must_overlap_generic_ones_do_not_count() {
        let a = ev("a", "2025-02-04", NANTAKA, 5);
        let mut b = ev("b", "2025-02-04", NANTAKA, 5);
        b.actor1 = "Islamic State Sahel Province".into();
        assert!(!same_event(&a, &b));
        b.actor1 = "Unidentified Armed Group (Mali)".into();
        assert!(same_event(&a, &b));
    }

    #[test]
    fn violent_types_mix_only_with_shared_actors() {
        let a = ev("a", "2025-02-04", NANTAKA, 5);
        let mut b = ev("b", "2025-02-04", NANTAKA, 5);
        b.event_type = "Battles".into();
        b.actor2 = "Military Forces of Mali".into();
        assert!(same_event(&a, &b));
        b.actor1 = "Unidentified Armed Group (Mali)".into();
        assert!(!same_event(&a, &b));
        let mut p = ev("p", "2025-02-04", NANTAKA, 0);
        p.event_type = "Protests".into();
        assert!(!same_event(&a, &p));
    }

    #[test]
    fn canonical_takes_lowest_toll_best_date_and_place_in_any_order() {
        let mut a = ev("a", "2025-02-05", SEVARE, 7);
        a.geo_precision = 2;
        a.tags = "unconfirmed".into();
        let b = ev("b", "2025-02-04", NANTAKA, 0);
        let mut c = ev("c", "2025-02-03", NANTAKA, 5);
        c.time_precision = 2;
        c.source = "Outlet; source-a".into();
        let members = [
            Member {
                article_id: "a",
                ordinal: 0,
                event: &a,
            },
            Member {
                article_id: "b",
                ordinal: 0,
                event: &b,
            },
            Member {
                article_id: "c",
                ordinal: 0,
                event: &c,
            },
        ];
        let k = canonical(&members).unwrap();
        assert_eq!(k.fatalities, 5);
        assert_eq!(k.event_date, "2025-02-04");
        assert_eq!(k.location, "Nantaka");
        assert_eq!(k.article_ids, ["a", "b", "c"]);
        assert_eq!(k.source, "Outlet; source-a; source-b");
        assert_eq!(k.tags, "");
        assert_eq!(k.article_id, None);
        assert!(k.event_id.starts_with('K') && k.event_id.len() == 17);
        let rev = [members[2], members[0], members[1]];
        assert_eq!(canonical(&rev).unwrap(), k);
    }

    #[test]
    fn canonical_type_is_the_majority_then_acled_order() {
        let a = ev("a", "2025-02-04", NANTAKA, 1);
        let mut b = ev("b", "2025-02-04", NANTAKA, 1);
        b.event_type = "Battles".into();
        b.sub_event_type = "Armed clash".into();
        let tie = [
            Member {
                article_id: "a",
                ordinal: 0,
                event: &a,
            },
            Member {
                article_id: "b",
                ordinal: 0,
                event: &b,
            },
        ];
        let k = canonical(&tie).unwrap();
        assert_eq!(
            (k.event_type.as_ref(), k.sub_event_type.as_ref()),
            ("Battles", "Armed clash")
        );
        let c = ev("c", "2025-02-04", NANTAKA, 1);
        let three = [
            tie[0],
            tie[1],
            Member {
                article_id: "c",
                ordinal: 0,
                event: &c,
            },
        ];
        assert_eq!(
            canonical(&three).unwrap().event_type,
            "Violence against civilians"
        );
        assert_eq!(canonical(&[]), None);
    }
}
