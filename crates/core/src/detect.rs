//! Event detection: which sentences report an event, and which of them report the
//! same incident.
//!
//! A sentence is an event mention when it holds an event trigger that is not
//! negated and the sentence is not framed as a threat, a habit, a statistic, a
//! retrospective or a non-conflict story (sport, accident). Mentions are then
//! grouped: a mention joins the current incident unless its own date or place
//! contradicts it, which is how "neutralisation ... frappe" told twice stays one
//! event while two attacks in two villages stay two.

use crate::doc::Doc;
use kibaru_geo::{haversine_km, PlaceCue, PlaceLevel};
use kibaru_lexicon::{Cue, Inter, MatchKind, TriggerClass};
use kibaru_text::TextRange;
use kibaru_time::{DateMention, Precision};

/// Places closer than this are the same incident's place.
const SAME_PLACE_KM: f64 = 30.0;

/// One sentence that reports an event.
#[derive(Clone, Debug)]
pub struct Mention {
    /// Index of the sentence in `Doc::sentences`.
    pub sentence: usize,
    /// The triggers that fired, with their ranges.
    pub triggers: Vec<(TriggerClass, TextRange)>,
    /// Whether the report is hedged ("aurait", "selon des sources non confirmées").
    pub hedged: bool,
    /// Whether the sentence alone is enough to open an event (it names a party or
    /// a tactic only armed actors use), or can only add to one.
    pub strong: bool,
    /// The date the sentence gives for the event.
    pub date: Option<DateMention>,
    /// The place the sentence gives for the event (index into `Doc::places`).
    pub place: Option<usize>,
    /// Whether the sentence tells an earlier event in the pluperfect ("la localité
    /// avait déjà été endeuillée jeudi"): it joins an incident only on a date or a
    /// place they share, never for want of one.
    pub earlier: bool,
    /// Whether the sentence opens with a response to what came before ("En
    /// riposte, l'armée a rattrapé le groupe à Barga"): at another place, it is
    /// another incident.
    pub response: bool,
    /// Whether every trigger is taken up with a demonstrative ("cette attaque",
    /// "this attack"): the incident just told, whatever day the sentence names.
    pub anaphoric: bool,
}

/// Openings of a sentence that tell a response to the incident just told.
const RESPONSE_OPENINGS: &[&str] = &[
    "en riposte",
    "en represailles",
    "suite a cette attaque",
    "a la suite de cette attaque",
    "in response",
    "in retaliation",
];

/// Cues that frame a whole sentence as not reporting an event of the day.
pub const FRAMING: [Cue; 6] = [
    Cue::Denial,
    Cue::Habitual,
    Cue::Irrealis,
    Cue::Statistics,
    Cue::Retrospective,
    Cue::NonConflict,
];

/// Words before a plural event noun that make it generic ("des attaques", "les
/// récentes attaques", "la recrudescence des attaques") rather than a report of
/// particular incidents ("les deux attaques", "ces attaques de lundi").
const GENERIC_DETERMINERS: &[&str] = &[
    "des",
    "de",
    "d'",
    "les",
    "recentes",
    "nombreuses",
    "nombreux",
    "multiples",
    "repetees",
    "frequentes",
    "incessantes",
    "regulieres",
    "autres",
    "leurs",
    "ses",
    "of",
    "more",
    "many",
    "frequent",
    "repeated",
    "recent",
];

/// Whether a trigger is a plural noun used generically: "coordonnant des attaques",
/// "contre des attaques terroristes", "recent attacks".
fn is_generic_plural(text: &str, r: TextRange) -> bool {
    let word = &text[r.as_range()];
    if !word.ends_with('s') || word.contains(' ') {
        return false;
    }
    let before = text[..r.start as usize].trim_end();
    let prev = before.rsplit([' ', '\n']).next().unwrap_or("");
    let prev = prev
        .rsplit('\'')
        .next()
        .map_or(prev, |w| if w.is_empty() { "d'" } else { w });
    // In a list ("manque de nourriture, d'électricité, enlèvements, viols").
    let listed = before.ends_with(',') || before.ends_with('(');
    listed
        || GENERIC_DETERMINERS.contains(&prev)
        || before.ends_with("d'")
        || before.ends_with("l'")
}

/// Whether a trigger is a verb of purpose or effort, an infinitive after "to",
/// "pour" or "afin de" ("struggling to combat jihadists", "des renforts pour
/// combattre les groupes armés"): what someone means to do, not what happened.
fn is_purpose(text: &str, r: TextRange) -> bool {
    let word = &text[r.as_range()];
    if word.contains(' ') {
        return false;
    }
    let before = text[..r.start as usize].trim_end();
    let infinitive = || word.ends_with("er") || word.ends_with("ir") || word.ends_with("re");
    match before.rsplit([' ', '\n']).next().unwrap_or("") {
        // A bare English verb: not "led to clashes", "exposed to attacks".
        "to" => !(word.ends_with("ed") || word.ends_with("ing") || word.ends_with('s')),
        "pour" => infinitive(),
        "de" if before.ends_with("afin de") => infinitive(),
        _ => false,
    }
}

/// Openings that make an event noun a time reference ("before the attack, the
/// military had asked...", "après l'attaque, les habitants ont fui"): the
/// sentence tells what happened around the incident, not the incident.
const TIME_REFERENCES: &[&str] = &[
    "before the",
    "after the",
    "since the",
    "following the",
    "avant l'",
    "apres l'",
    "depuis l'",
    "avant le",
    "apres le",
    "depuis le",
];

/// Whether the trigger at `r` is an event noun used as a time reference.
fn is_time_reference(text: &str, r: TextRange) -> bool {
    let before = &text[..r.start as usize];
    let before = before.strip_suffix(' ').unwrap_or(before);
    // Every opening ends in "he", "l'" or "le": most text before a trigger
    // ends otherwise, and is no opening without the ten comparisons.
    let b = before.as_bytes();
    if !matches!(
        b.get(b.len().wrapping_sub(2)..),
        Some(b"he" | b"l'" | b"le")
    ) {
        return false;
    }
    ends_in_time_reference(before)
}

/// Whether `before` ends with one of [`TIME_REFERENCES`] as whole words.
fn ends_in_time_reference(before: &str) -> bool {
    TIME_REFERENCES.iter().any(|p| {
        before.ends_with(p)
            && before[..before.len() - p.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Tactics that only armed actors use: enough on their own to open an event.
fn is_strong_class(c: TriggerClass) -> bool {
    use TriggerClass::*;
    matches!(
        c,
        AirStrike
            | Explosive
            | Suicide
            | Shelling
            | Neutralise
            | Ambush
            | Abduction
            | Grenade
            | Protest
            | ProtestIntervention
            | Riot
            | Regain
            | Overtake
    )
}

/// Finds the event mentions of an article.
pub fn mentions(doc: &Doc<'_>) -> Vec<Mention> {
    if is_non_conflict_story(doc) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, (&s, matches)) in doc
        .sentences
        .iter()
        .zip(doc.matches_by_sentence())
        .enumerate()
    {
        if let Some(m) = mention(doc, i, s, matches) {
            out.push(m);
        }
    }
    out
}

/// [`mentions`] of an article that is no non-conflict story, from its first
/// sentence with a trigger (as [`first_trigger_sentence`] finds it, with its
/// triggers): the sentences before it give no mention and are not tried again,
/// nor are its triggers read again.
pub fn mentions_from(doc: &Doc<'_>, first: FirstTrigger) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut found = Some(first.triggers);
    for (i, (&s, matches)) in doc
        .sentences
        .iter()
        .zip(doc.matches_by_sentence())
        .enumerate()
        .skip(first.sentence)
    {
        // The first sentence's triggers are known: not read again.
        let m = match found.take() {
            Some(t) => mention_of(doc, i, s, matches, t),
            None => mention(doc, i, s, matches),
        };
        if let Some(m) = m {
            out.push(m);
        }
    }
    out
}

/// The first sentence with a trigger, and its triggers (see
/// [`first_trigger_sentence`]).
pub struct FirstTrigger {
    pub sentence: usize,
    triggers: Triggers,
}

/// Sport, accidents and disasters: stories whose deaths and "attaques" are not
/// conflict. Such a story has several non-conflict cues and no armed party.
fn is_non_conflict_story(doc: &Doc<'_>) -> bool {
    let mut non_conflict = 0;
    let mut armed = 0;
    for m in &doc.matches {
        match m.kind {
            MatchKind::Cue(Cue::NonConflict) => non_conflict += 1,
            MatchKind::Cue(Cue::Militant) => armed += 1,
            MatchKind::Actor(id) => {
                let inter = doc.lexicon.actor(id).inter;
                if !matches!(inter, Inter::Civilians | Inter::Protesters | Inter::Rioters) {
                    armed += 1;
                }
            }
            _ => {}
        }
    }
    non_conflict >= 3 && non_conflict > armed
}

/// The first sentence where [`mentions`] may find an event mention: one that
/// holds a trigger that is not negated and no framing cue, in an article that
/// is no non-conflict story; `None` when there is none. Needs only the
/// sentences and dictionary matches (the first stage of `Doc`), so articles that
/// cannot report an event skip the search for numbers, dates and places; every
/// sentence before it gives no mention, so [`mentions_from`] starts there.
pub fn first_trigger_sentence(doc: &Doc<'_>) -> Option<FirstTrigger> {
    if is_non_conflict_story(doc) {
        return None;
    }
    doc.matches_by_sentence()
        .enumerate()
        .find_map(|(sentence, matches)| {
            triggers(doc, matches).map(|triggers| FirstTrigger { sentence, triggers })
        })
}

/// What the dictionary matches of a sentence say of it: its triggers (not negated),
/// whether it is hedged and whether it names a party or a strong tactic. `None`
/// when a framing cue rules the sentence out or it holds no trigger. `matches`
/// are the sentence's.
fn triggers(doc: &Doc<'_>, matches: &[kibaru_lexicon::Match]) -> Option<Triggers> {
    if matches
        .iter()
        .any(|m| matches!(m.kind, MatchKind::Cue(c) if FRAMING.contains(&c)))
    {
        return None;
    }
    let text = doc.folded.as_str();
    let mut triggers = Vec::new();
    let mut hedged = false;
    let mut strong = false;
    let mut last_negation: Option<u32> = None;
    // Whether every trigger only dates something else by the incident.
    let mut referred = true;
    for m in matches {
        match m.kind {
            MatchKind::Cue(Cue::Negation) => last_negation = Some(m.range.end),
            MatchKind::Cue(Cue::Modality) => hedged = true,
            MatchKind::Cue(Cue::Militant | Cue::VictimSecurity) => strong = true,
            MatchKind::Actor(id) => {
                let inter = doc.lexicon.actor(id).inter;
                if inter != Inter::Civilians {
                    strong = true;
                }
            }
            MatchKind::Trigger(class) => {
                // A negation a few words before the trigger cancels it ("n'a pas été attaqué").
                let negated = last_negation.is_some_and(|end| {
                    let gap = &text[end as usize..m.range.start as usize];
                    gap.len() < 30 && !gap.contains(',')
                });
                if !negated && !is_purpose(text, m.range) {
                    strong |= is_strong_class(class);
                    triggers.push((class, m.range));
                    // Once one trigger is no time reference, the others need no test.
                    referred = referred && is_time_reference(text, m.range);
                }
            }
            _ => {}
        }
    }
    if triggers.is_empty() || referred {
        return None;
    }
    Some(Triggers {
        triggers,
        hedged,
        strong,
    })
}

/// The triggers of a sentence and what its other matches say (see [`triggers`]).
struct Triggers {
    triggers: Vec<(TriggerClass, TextRange)>,
    hedged: bool,
    strong: bool,
}

/// The mention of sentence `s` (number `sentence`), whose matches are `matches`.
fn mention(
    doc: &Doc<'_>,
    sentence: usize,
    s: TextRange,
    matches: &[kibaru_lexicon::Match],
) -> Option<Mention> {
    mention_of(doc, sentence, s, matches, triggers(doc, matches)?)
}

/// [`mention`] of a sentence whose [`triggers`] are known.
fn mention_of(
    doc: &Doc<'_>,
    sentence: usize,
    s: TextRange,
    matches: &[kibaru_lexicon::Match],
    found: Triggers,
) -> Option<Mention> {
    let Triggers {
        triggers,
        hedged,
        mut strong,
    } = found;
    let text = doc.folded.as_str();
    let dates = doc.sentence_dates(sentence);
    if dates.iter().any(|d| doc.is_future(d)) {
        return None;
    }
    // A period of a week or more ("du 2 au 9 janvier", "du 15 juin au 15
    // juillet") frames a summary, not one incident.
    if dates
        .iter()
        .any(|d| d.until.is_some_and(|u| u.to_days() - d.date.to_days() >= 6))
    {
        return None;
    }
    let current: Vec<&DateMention> = dates
        .iter()
        .filter(|d| !doc.is_past(d) && d.precision != Precision::Year)
        .filter(|d| !told_on(doc, matches, d.range))
        .filter(|d| !after_clause(doc, s, &triggers, d))
        .collect();
    if current.is_empty() && dates.iter().any(|d| doc.is_past(d)) {
        return None;
    }
    let dated = current
        .iter()
        .any(|d| matches!(d.precision, Precision::Day | Precision::Week));
    let best = best_place(doc, s);
    let place = best.map(|(_, p)| p);
    let cued_place = best.is_some_and(|(rank, _)| rank >= 8);
    // A count ("trois soldats", "une dizaine"), not the article "un". Asked
    // last: reading a sentence's numbers costs more than the other tests.
    let counted = || doc.sentence_numbers(sentence).iter().any(|n| n.value >= 2);
    // Plural event nouns with no day, no number and no place speak of attacks in general.
    if !dated
        && !cued_place
        && triggers.iter().all(|&(_, r)| is_generic_plural(text, r))
        && !counted()
    {
        return None;
    }
    // Violence with its victims or its toll named ("tuant deux civils", "a fait 22
    // morts"), or told with its day or its place ("a riposté à une attaque le samedi
    // 21 mai à Bourzanga"), opens an event even when the attackers go unnamed.
    let violent = triggers.iter().any(|(c, _)| {
        matches!(
            c,
            TriggerClass::Attack | TriggerClass::Clash | TriggerClass::Kill
        ) || (*c == TriggerClass::Death && counted())
    });
    let has_cue = |cue: Cue| matches.iter().any(|m| m.kind == MatchKind::Cue(cue));
    strong |= violent
        && (dated
            || cued_place
            || (has_cue(Cue::Dead) && counted())
            || has_cue(Cue::VictimCivilian));
    let date = nearest_date(&current, &triggers);
    let anaphoric = triggers.iter().all(|&(_, r)| {
        let before = text[s.start as usize..r.start as usize].trim_end();
        let word = before.rsplit([' ', '\n']).next().unwrap_or("");
        matches!(
            word,
            "cette" | "cet" | "ces" | "this" | "these" | "ladite" | "ledit"
        )
    });
    let opening = text[s.as_range()].trim_start_matches(|c: char| !c.is_alphanumeric());
    let response = RESPONSE_OPENINGS.iter().any(|o| opening.starts_with(o));
    let earlier = matches
        .iter()
        .any(|m| m.kind == MatchKind::Cue(Cue::Pluperfect) && main_clause(text, s, m.range));
    Some(Mention {
        sentence,
        triggers,
        hedged,
        strong,
        date,
        place,
        earlier,
        response,
        anaphoric,
    })
}

/// Whether `r` lies in the main clause of sentence `s`: no subordinating word
/// before it. After "affirmant que", "qui" or "that" the pluperfect is the
/// sequence of tenses of reported speech, not an earlier event.
fn main_clause(text: &str, s: TextRange, r: TextRange) -> bool {
    let before = &text[s.start as usize..r.start as usize];
    !before
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| {
            matches!(
                w,
                "que"
                    | "qu'"
                    | "qui"
                    | "dont"
                    | "lorsque"
                    | "lorsqu'"
                    | "quand"
                    | "puisque"
                    | "that"
                    | "which"
                    | "who"
                    | "when"
                    | "after"
                    | "since"
            ) || w.starts_with("qu'")
                || w.starts_with("lorsqu'")
        })
}

/// Whether a date is the day something was told ("a annoncé ce mercredi 7
/// septembre", "ont indiqué jeudi des sources"): it follows a reporting verb
/// with at most an article between.
pub(crate) fn told_on(doc: &Doc<'_>, matches: &[kibaru_lexicon::Match], d: TextRange) -> bool {
    let text = doc.folded.as_str();
    matches.iter().any(|m| {
        m.kind == MatchKind::Cue(Cue::Report)
            && m.range.end <= d.start
            && text[m.range.end as usize..d.start as usize]
                .split_whitespace()
                .all(|w| matches!(w, "ce" | "le" | "ce," | "," | "on" | "this"))
            && text[m.range.end as usize..d.start as usize].len() <= 5
            // "selon" and "according to" name a source, not a telling.
            && !matches!(&text[m.range.as_range()], "selon" | "according to")
    })
}

/// Whether a date lies in an "après que" / "after" clause that follows the
/// sentence's triggers and holds none of its own ("cette attaque est intervenue
/// quelques semaines après que le GSIM a annoncé, début août, un blocus"): the
/// day of what came before, not of the event.
fn after_clause(
    doc: &Doc<'_>,
    s: TextRange,
    triggers: &[(TriggerClass, TextRange)],
    d: &DateMention,
) -> bool {
    clause_after_triggers(doc.folded.as_str(), s, triggers, d.range.start)
}

/// [`after_clause`] on the text: whether the last "après que"/"after" of
/// sentence `s` before `date` follows one of the triggers and precedes every
/// trigger before `date`.
fn clause_after_triggers(
    text: &str,
    s: TextRange,
    triggers: &[(TriggerClass, TextRange)],
    date: u32,
) -> bool {
    // Only an opening after the end of a trigger counts, and it lies before the
    // date: the search starts at the first trigger's end, and there is none to
    // make when no trigger ends before the date.
    let Some(from) = triggers
        .iter()
        .map(|&(_, r)| r.end)
        .filter(|&e| e < date)
        .min()
    else {
        return false;
    };
    let from = from.max(s.start);
    let Some(head) = text.get(from as usize..date as usize) else {
        return false;
    };
    let Some(k) = last_after_opening(head) else {
        return false;
    };
    let at = from + k as u32;
    triggers.iter().any(|&(_, r)| r.end <= at)
        && !triggers
            .iter()
            .any(|&(_, r)| r.start > at && r.start < date)
}

/// Where the last "apres que ", "apres qu'" or " after " of `head` starts: one
/// scan from the end, trying a phrase only at its first byte, not one search
/// per phrase.
fn last_after_opening(head: &str) -> Option<usize> {
    let b = head.as_bytes();
    (0..b.len()).rev().find(|&i| {
        let rest = &b[i..];
        match b[i] {
            b'a' => {
                rest.starts_with(b"apres qu")
                    && (rest[8..].starts_with(b"e ") || rest[8..].starts_with(b"'"))
            }
            b' ' => rest.starts_with(b" after "),
            _ => false,
        }
    })
}

/// The date closest to a trigger, preferring exact days.
fn nearest_date(
    dates: &[&DateMention],
    triggers: &[(TriggerClass, TextRange)],
) -> Option<DateMention> {
    let distance = |d: &DateMention| {
        triggers
            .iter()
            .map(|(_, t)| {
                if d.range.start >= t.end {
                    d.range.start - t.end
                } else {
                    t.start.saturating_sub(d.range.end)
                }
            })
            .min()
            .unwrap_or(u32::MAX)
    };
    dates
        .iter()
        // Reports follow events: of two days in one sentence ("a annoncé vendredi
        // la neutralisation, jeudi, de ..."), the earlier is the event's.
        .min_by_key(|d| (d.precision, d.date, distance(d), d.range.start))
        .map(|d| **d)
}

/// How strongly a place mention is marked as where something happened, higher is
/// stronger: the object of an attack verb ("ont attaqué Solhan"), then by its cue
/// ("village de" > "près de" > "à" > "axe" > none > "cercle de" > "originaire de").
pub fn place_rank(doc: &Doc<'_>, i: usize) -> u8 {
    let p = &doc.places[i];
    let cue = match p.cue {
        // "à Doaga (commune de Pissila)": the commune is the frame, not the spot.
        Some(PlaceCue::Settlement)
            if p.cue_range
                .is_some_and(|r| doc.folded.slice(r).starts_with("commune")) =>
        {
            8
        }
        Some(PlaceCue::Settlement) => 12,
        Some(PlaceCue::Near) => 10,
        // "à 10 km de Boni" places the event near Boni; "à 1 000 km de Bamako" only
        // says where it is not.
        Some(PlaceCue::Distance(km)) if (1..=50).contains(&km) => 10,
        Some(PlaceCue::Distance(_)) => 5,
        Some(PlaceCue::At) => 8,
        Some(PlaceCue::Between) | Some(PlaceCue::Road) => 6,
        None => 4,
        Some(PlaceCue::Admin2) | Some(PlaceCue::Admin1) => 2,
        Some(PlaceCue::From) => 0,
    };
    let at = p.cue_range.unwrap_or(p.range).start;
    // "à Doaga (commune de Pissila)" where the gazetteer's only Doaga lies far
    // from Pissila: that Doaga is another village; the commune is the best guess.
    if cue >= 4 && far_from_its_commune(doc, i) {
        return 3;
    }
    if cue >= 4 && object_of_attack(doc, at) {
        14
    } else if reported_from(doc, at) || dateline(doc, p.range) {
        // "ont indiqué des sources concordantes à Niamey": where it was told.
        1
    } else {
        cue
    }
}

/// Whether the place right after mention `i` is its commune ("X (commune de Y)",
/// "X, commune de Y") and lies more than [`SAME_PLACE_KM`] from it.
fn far_from_its_commune(doc: &Doc<'_>, i: usize) -> bool {
    let (Some(p), Some(q)) = (doc.places.get(i), doc.places.get(i + 1)) else {
        return false;
    };
    let Some(cue) = q.cue_range.filter(|_| q.cue == Some(PlaceCue::Settlement)) else {
        return false;
    };
    let text = doc.folded.as_str();
    let between = text
        .get(p.range.end as usize..cue.start as usize)
        .unwrap_or("x");
    let framed = between.trim().trim_matches(['(', ',', ' ']).is_empty()
        && doc.folded.slice(cue).starts_with("commune");
    let (Some(a), Some(b)) = (p.resolved, q.resolved) else {
        return false;
    };
    let (a, b) = (doc.gazetteer.place(a), doc.gazetteer.place(b));
    framed && haversine_km((a.lat, a.lon), (b.lat, b.lon)) > SAME_PLACE_KM
}

/// Whether a place opens its line or sentence and a dash or bracket follows it:
/// the dateline of a dispatch ("Ouagadougou – Une centaine de civils ...", "GAO
/// (AFP) -"), where it was written, not where it happened.
fn dateline(doc: &Doc<'_>, r: TextRange) -> bool {
    let text = doc.folded.as_str();
    let before = text[..r.start as usize].trim_end_matches([' ', '\t']);
    let opens = before.is_empty() || before.ends_with(['\n', '.', '"']);
    let after = text[r.end as usize..].trim_start_matches([' ', '\t', ',']);
    opens && (after.starts_with('-') || after.starts_with('('))
}

/// Whether a reporting phrase ends right before `at` in the same clause ("selon
/// des sources à Bamako", "a déclaré à Niamey le ministre").
fn reported_from(doc: &Doc<'_>, at: u32) -> bool {
    let text = doc.folded.as_str();
    let lo = doc.matches.partition_point(|m| m.range.end + 30 < at);
    doc.matches[lo..]
        .iter()
        .take_while(|m| m.range.end <= at)
        .any(|m| {
            m.kind == MatchKind::Cue(Cue::Report) && {
                let gap = &text[m.range.end as usize..at as usize];
                // "a précisé que des VDP de Tansila": after "que" comes what was
                // told, not where.
                let told = gap
                    .split_whitespace()
                    .any(|w| matches!(w, "que" | "that") || w.starts_with("qu'"));
                !gap.contains([',', '.', ';', ':', '(', '\n'])
                    && gap.split_whitespace().count() <= 4
                    && !told
            }
        })
}

/// Whether an attack or takeover trigger ends right before `at`, with at most a
/// few words between ("ont attaqué le village de", "attacked").
fn object_of_attack(doc: &Doc<'_>, at: u32) -> bool {
    let text = doc.folded.as_str();
    let lo = doc.matches.partition_point(|m| m.range.end + 24 < at);
    doc.matches[lo..]
        .iter()
        .take_while(|m| m.range.end <= at)
        .any(|m| {
            matches!(
                m.kind,
                MatchKind::Trigger(
                    TriggerClass::Attack | TriggerClass::Overtake | TriggerClass::Regain
                )
            ) && {
                let gap = &text[m.range.end as usize..at as usize];
                !gap.contains([',', '.', ';', ':', '(', '\n'])
                    && gap.split_whitespace().count() <= 3
            }
        })
}

/// The best-ranked resolved locality in a range, with its rank (see
/// [`place_rank`]; callers that test the rank need not compute it again).
pub fn best_place(doc: &Doc<'_>, r: TextRange) -> Option<(u8, usize)> {
    doc.places_in(r)
        .filter(|&i| {
            let p = &doc.places[i];
            p.resolved.is_some() && p.level == PlaceLevel::Locality && p.cue != Some(PlaceCue::From)
        })
        .map(|i| (place_rank(doc, i), i))
        // Where the news was written or told is never where it happened.
        .filter(|&(rank, _)| rank >= 2)
        .max_by_key(|&(rank, i)| (rank, std::cmp::Reverse(i)))
}

/// A set of mentions that report one incident.
#[derive(Clone, Debug, Default)]
pub struct Group {
    /// The mentions, in text order.
    pub mentions: Vec<Mention>,
}

impl Group {
    fn date(&self) -> Option<&DateMention> {
        self.mentions
            .iter()
            .filter_map(|m| m.date.as_ref())
            .min_by_key(|d| d.precision)
    }

    fn place(&self) -> Option<usize> {
        self.mentions.iter().find_map(|m| m.place)
    }
}

/// Groups mentions into incidents.
pub fn group(doc: &Doc<'_>, mentions: Vec<Mention>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut current: Option<usize> = None;
    for m in mentions {
        let target = match (m.date.is_some(), m.place.is_some()) {
            // "Jeudi, aucun communiqué ne mentionnait cette attaque": the day of
            // the report, not of another incident.
            _ if m.anaphoric && current.is_some() => current,
            // A sentence with no date or place of its own continues the incident
            // told just before; a weak one far from it ("Récemment, le Mali a
            // annoncé son retrait ...") is background, not more of the incident.
            (false, false) => match current {
                Some(g) => {
                    let near = groups[g]
                        .mentions
                        .last()
                        .is_some_and(|last| m.sentence <= last.sentence + 2);
                    if near || (m.strong && same_kind(&groups[g], &m)) {
                        Some(g)
                    } else if m.strong {
                        // Far from it and of another kind ("le retrait des forces
                        // françaises" told as context): background, not an event.
                        continue;
                    } else {
                        None
                    }
                }
                None => None,
            },
            _ => {
                let fits = |g: &Group| {
                    compatible(doc, g, &m)
                        && (!m.earlier
                            || (m.date.is_some() && g.date().is_some())
                            || (m.place.is_some() && g.place().is_some()))
                };
                current
                    .filter(|&g| fits(&groups[g]))
                    .or_else(|| (0..groups.len()).find(|&g| fits(&groups[g])))
            }
        };
        match target {
            Some(g) => {
                groups[g].mentions.push(m);
                current = Some(g);
            }
            None if m.strong => {
                groups.push(Group { mentions: vec![m] });
                current = Some(groups.len() - 1);
            }
            None => {}
        }
    }
    groups
}

/// Whether a mention tells the same kind of event as a group: violence, property
/// destruction, protest, or a strategic development.
fn same_kind(g: &Group, m: &Mention) -> bool {
    let kind = |c: TriggerClass| {
        use TriggerClass::*;
        match c {
            Looting | Destruction => 1,
            Protest | ProtestIntervention | Riot => 2,
            Arrest | Regain | Overtake | Transfer | Agreement | WeaponsSeized => 3,
            _ => 0,
        }
    };
    m.triggers.iter().any(|(c, _)| {
        g.mentions
            .iter()
            .flat_map(|x| x.triggers.iter())
            .any(|(d, _)| kind(*c) == kind(*d))
    })
}

fn compatible(doc: &Doc<'_>, g: &Group, m: &Mention) -> bool {
    if let (Some(a), Some(b)) = (g.date(), m.date.as_ref()) {
        // Days more than a day apart, or a day outside the month named
        // ("lundi" in September, "début août" a month before), are two incidents.
        // Days a night apart are one incident ("dans la nuit de samedi à dimanche").
        let slack = 0;
        let ((alo, ahi), (blo, bhi)) = (date_span(a), date_span(b));
        if alo > bhi + slack || blo > ahi + slack {
            return false;
        }
    }
    if let (Some(a), Some(b)) = (g.place(), m.place) {
        let (pa, pb) = (&doc.places[a], &doc.places[b]);
        if let (Some(ra), Some(rb)) = (pa.resolved, pb.resolved) {
            let (x, y) = (doc.gazetteer.place(ra), doc.gazetteer.place(rb));
            if ra != rb
                && (m.response || haversine_km((x.lat, x.lon), (y.lat, y.lon)) > SAME_PLACE_KM)
            {
                return false;
            }
        }
    }
    true
}

/// The first and last day a date mention may stand for, as day numbers.
fn date_span(d: &DateMention) -> (i64, i64) {
    let day = d.date.to_days();
    match d.precision {
        Precision::Day => (day, d.until.map_or(day, |u| u.to_days()).max(day)),
        Precision::Week => (day - 7, day + 7),
        Precision::Month => {
            let (y, m) = (d.date.year(), d.date.month());
            let first = day - i64::from(d.date.day()) + 1;
            (
                first,
                first + i64::from(kibaru_time::days_in_month(y, m)) - 1,
            )
        }
        Precision::Year => {
            let jan1 = kibaru_time::Date::new(d.date.year(), 1, 1).map_or(day, |x| x.to_days());
            let next = kibaru_time::Date::new(d.date.year() + 1, 1, 1).map_or(day, |x| x.to_days());
            (jan1, next - 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Starting at the first sentence with a trigger gives every mention
        /// the search over all sentences gives.
        #[test]
        fn mentions_from_the_first_trigger_are_all_mentions(words_in in proptest::collection::vec(
            "(attaque|attaques|tues|tue|civils|soldats|FAMa|JNIM|hommes armes|n'a|pas|lundi|\
              deux|12|morts|match|football|depuis|2015|[.]|[?]|\n| )",
            0..40,
        )) {
            let article = crate::Article {
                id: "t".into(),
                text: words_in.join(" "),
                published: Some("2025-03-05".into()),
                ..crate::Article::default()
            };
            let gazetteer = kibaru_geo::Gazetteer::from_dump_str("", "", "");
            let doc = Doc::prepare(
                &article,
                kibaru_lexicon::Lexicon::builtin(),
                &gazetteer,
                &mut Vec::new(),
            );
            let all = format!("{:?}", mentions(&doc));
            let from = match first_trigger_sentence(&doc) {
                Some(first) => format!("{:?}", mentions_from(&doc, first)),
                None => "[]".to_string(),
            };
            proptest::prop_assert_eq!(from, all, "{:?}", article.text);
        }
    }

    /// [`is_time_reference`] without its test of the last two bytes.
    fn is_time_reference_slow(text: &str, r: TextRange) -> bool {
        let before = &text[..r.start as usize];
        let before = before.strip_suffix(' ').unwrap_or(before);
        ends_in_time_reference(before)
    }

    #[test]
    fn time_references_end_as_the_quick_test_expects() {
        for p in TIME_REFERENCES {
            assert!(["he", "l'", "le"].iter().any(|e| p.ends_with(e)), "{p}");
        }
    }

    proptest::proptest! {
        /// The test of the last two bytes keeps every time reference.
        #[test]
        fn time_references_are_found_as_without_the_quick_test(
            words in proptest::collection::vec(
                "(before|after|since|following|the|avant|apres|depuis|l'|le|la|x|e|h|l|'|é|attaque| |  )",
                0..6,
            ),
            opening in proptest::option::of(proptest::sample::select(TIME_REFERENCES)),
            cut in 0usize..3,
            gap in "( |  |)",
        ) {
            let mut text = words.concat();
            // An opening, whole or cut short, then the trigger.
            if let Some(p) = opening {
                text.push_str(&p[..p.len() - cut.min(p.len())]);
            }
            text.push_str(&gap);
            let at = text.len();
            text.push_str("attaque");
            let r = TextRange::new(at, text.len());
            proptest::prop_assert_eq!(
                is_time_reference(&text, r),
                is_time_reference_slow(&text, r),
                "{:?}", text
            );
        }
    }

    /// [`clause_after_triggers`] as first written: the whole sentence head searched.
    fn clause_after_triggers_slow(
        text: &str,
        s: TextRange,
        triggers: &[(TriggerClass, TextRange)],
        date: u32,
    ) -> bool {
        let head = &text[s.start as usize..date as usize];
        let Some(k) = ["apres que ", "apres qu'", " after "]
            .iter()
            .filter_map(|p| head.rfind(p))
            .max()
        else {
            return false;
        };
        let at = s.start + k as u32;
        triggers.iter().any(|&(_, r)| r.end <= at)
            && !triggers
                .iter()
                .any(|&(_, r)| r.start > at && r.start < date)
    }

    proptest::proptest! {
        /// The one scan finds the last start of any of the phrases.
        #[test]
        fn last_after_opening_is_the_last_phrase_found(words in proptest::collection::vec(
            "(apres|que|qu'|quelques|qu|after|afterwards|a|e|', | |  )", 0..16,
        )) {
            let head = words.concat();
            let slow = ["apres que ", "apres qu'", " after "]
                .iter()
                .filter_map(|p| head.rfind(p))
                .max();
            proptest::prop_assert_eq!(last_after_opening(&head), slow, "{:?}", head);
        }
    }

    proptest::proptest! {
        /// Searching from the first trigger's end finds what searching the
        /// whole head finds.
        #[test]
        fn clause_after_triggers_searches_only_after_a_trigger(
            words in proptest::collection::vec(
                "(apres|que|qu'|after|attaque|attack|lundi|le|GSIM|a|annonce|, )", 1..24),
            picks in proptest::collection::vec((0usize..24, 0usize..24), 0..4),
            cut in 0usize..24,
            date_at in 0usize..24,
        ) {
            // Word boundaries: the places a trigger or the date may start or end.
            let text = words.join(" ");
            let mut bounds = vec![0u32];
            let mut at = 0;
            for w in &words {
                at += w.len();
                bounds.push(at as u32);
                at += 1;
            }
            let b = |i: usize| bounds[i.min(bounds.len() - 1)];
            let date = b(date_at);
            let s = TextRange::new(b(cut.min(date_at)) as usize, text.len());
            let triggers: Vec<(TriggerClass, TextRange)> = picks
                .iter()
                .map(|&(x, y)| (TriggerClass::Attack, TextRange::new(b(x.min(y)) as usize, b(x.max(y)) as usize)))
                .filter(|(_, r)| r.start >= s.start)
                .collect();
            proptest::prop_assert_eq!(
                clause_after_triggers(&text, s, &triggers, date),
                clause_after_triggers_slow(&text, s, &triggers, date),
                "{:?} {:?} {:?} {}", text, s, triggers, date
            );
        }
    }
}
