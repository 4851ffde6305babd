//! Coding one incident: ACLED type, actors, date, place, fatalities, notes and
//! the evidence behind each of them.

use crate::detect::{best_place, place_rank, Group};
use crate::doc::Doc;
use crate::fatalities;
use crate::model::{Diagnostic, Event, Evidence, Severity, UndatedEvent};
use crate::taxonomy::SubEventType;
use kibaru_geo::{Country, PlaceCue, PlaceLevel};
use kibaru_lexicon::{ActorId, Cue, Inter, MatchKind, TriggerClass};
use kibaru_text::TextRange;
use kibaru_time::{Date, DateMention, DayHint, Precision};
use std::borrow::Cow;

/// One side of an event as coded.
#[derive(Clone, Debug, Default)]
struct Side {
    name: String,
    detail: String,
    inter: Option<Inter>,
    evidence: Option<TextRange>,
}

/// An actor seen in the event's sentences.
#[derive(Clone, Copy, Debug)]
struct Seen {
    id: ActorId,
    range: TextRange,
    agent: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Camp {
    State,
    Armed,
    Civilians,
    Protesters,
    Rioters,
}

fn camp(inter: Inter) -> Camp {
    match inter {
        Inter::StateForces | Inter::ExternalForces => Camp::State,
        Inter::RebelGroup | Inter::PoliticalMilitia | Inter::IdentityMilitia => Camp::Armed,
        Inter::Civilians => Camp::Civilians,
        Inter::Protesters => Camp::Protesters,
        Inter::Rioters => Camp::Rioters,
    }
}

/// A group of mentions, coded.
pub enum Coded {
    /// An event with its date.
    Dated(Event),
    /// An event of an article that gives no day to date it by (see [`UndatedEvent`]).
    Undated(UndatedEvent),
}

/// Codes one group of mentions as events: one, or one per place when it tells an
/// attack on several named places ([`sites_of`]). Nothing when it cannot be dated
/// and the article has a publication month (then the text chose not to date it).
pub fn code_event(
    doc: &Doc<'_>,
    group: &Group,
    taken: &[usize],
    earlier: &[usize],
    index: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Coded> {
    let Some(first) = group.mentions.first() else {
        return Vec::new();
    };
    let sentences: Vec<usize> = group.mentions.iter().map(|m| m.sentence).collect();
    let triggers: Vec<(usize, TextRange)> = group
        .mentions
        .iter()
        .flat_map(|m| m.triggers.iter().map(move |(_, r)| (m.sentence, *r)))
        .collect();
    let classes: Vec<TriggerClass> = group
        .mentions
        .iter()
        .flat_map(|m| m.triggers.iter().map(|(c, _)| *c))
        .collect();
    let has = |c: TriggerClass| classes.contains(&c);
    // The cues of the event's sentences, from one pass over their matches.
    let cues = sentences
        .iter()
        .flat_map(|&i| doc.sentence_matches(i))
        .fold(0u64, |set, m| match m.kind {
            MatchKind::Cue(c) => set | cue_bit(c),
            _ => set,
        });
    let cue = |c: Cue| cues & cue_bit(c) != 0;

    // Parties named in the event's sentences.
    let first_trigger = first.triggers[0].1;
    let mut seen: Vec<Seen> = Vec::new();
    for &i in &sentences {
        let t = group
            .mentions
            .iter()
            .find(|m| m.sentence == i)
            .map_or(first_trigger, |m| m.triggers[0].1);
        for m in doc.sentence_matches(i) {
            if let MatchKind::Actor(id) = m.kind {
                seen.push(Seen {
                    id,
                    range: m.range,
                    agent: is_agent(doc, m.range, t),
                });
            }
        }
    }
    // An attack told without its authors and attributed in a sentence just after
    // ("il porte la signature du JNIM", "claimed by ISWAP"): the group named there.
    let generic = |id: ActorId| is_generic(doc, id);
    let named_armed = seen
        .iter()
        .any(|x| camp(doc.lexicon.actor(x.id).inter) == Camp::Armed && !generic(x.id));
    if !named_armed {
        if let Some(&last) = sentences.iter().max() {
            for j in last + 1..(last + 4).min(doc.sentences.len()) {
                if taken.binary_search(&j).is_ok() {
                    break;
                }
                let s = doc.sentences[j];
                if !attributes(doc, s) {
                    continue;
                }
                for m in doc.matches_in(s) {
                    if let MatchKind::Actor(id) = m.kind {
                        if camp(doc.lexicon.actor(id).inter) == Camp::Armed && !generic(id) {
                            seen.push(Seen {
                                id,
                                range: m.range,
                                agent: true,
                            });
                        }
                    }
                }
                break;
            }
        }
    }
    let of_camp = |c: Camp| -> Vec<Seen> {
        let mut v: Vec<Seen> = seen
            .iter()
            .copied()
            .filter(|s| camp(doc.lexicon.actor(s.id).inter) == c)
            .collect();
        // A named group beats "hommes armés" and other generic names.
        v.sort_by_key(|s| {
            (
                doc.lexicon.actor(s.id).country.is_none() && is_generic(doc, s.id),
                !s.agent,
                s.range.start,
            )
        });
        v
    };
    let state = of_camp(Camp::State);
    let armed = of_camp(Camp::Armed);
    let civilians_named = !of_camp(Camp::Civilians).is_empty() || cue(Cue::VictimCivilian);
    let security_named = !state.is_empty() || cue(Cue::VictimSecurity);
    // Security forces as the object of the attack ("une attaque contre le
    // détachement militaire", "attacked an army post"): a fight, whoever died.
    let security_attacked = sentences.iter().any(|&i| {
        let text = doc.folded.as_str();
        let s = doc.sentences[i];
        doc.sentence_matches(i).iter().any(|m| {
            let security = match m.kind {
                MatchKind::Cue(Cue::VictimSecurity) => true,
                MatchKind::Actor(id) => camp(doc.lexicon.actor(id).inter) == Camp::State,
                _ => false,
            };
            security && {
                let before = &text[s.start as usize..m.range.start as usize];
                before.split_whitespace().rev().take(3).any(|w| {
                    matches!(
                        w,
                        "contre"
                            | "against"
                            | "visant"
                            | "targeting"
                            | "targeted"
                            | "attaque"
                            | "attaquer"
                            | "attaque,"
                            | "attacked"
                    )
                })
            }
        })
    });

    // Fatalities, and whom they were among.
    // The toll is often told in the next sentence or two ("Le bilan provisoire fait
    // état de 50 corps"), which hold no trigger of their own.
    let mut toll_sentences = sentences.clone();
    for &i in &sentences {
        for j in i + 1..(i + 3).min(doc.sentences.len()) {
            // A heading ("21 corps terroristes abandonnés") opens the story that
            // follows it, not the one before.
            if taken.binary_search(&j).is_ok()
                || (taken.binary_search(&(j + 1)).is_ok() && is_heading(doc, j))
            {
                break;
            }
            if toll_sentences.contains(&j) {
                continue;
            }
            let framed = doc.sentence_has_any_cue(j, &crate::detect::FRAMING)
                || doc.sentence_dates(j).iter().any(|d| doc.is_past(d));
            if !framed {
                toll_sentences.push(j);
            }
        }
    }
    // The heading right above the story counts for it.
    if let Some(h) = sentences.first().and_then(|&i| i.checked_sub(1)) {
        if taken.binary_search(&h).is_err() && !toll_sentences.contains(&h) && is_heading(doc, h) {
            toll_sentences.push(h);
        }
    }
    // A headline that tells the event sums it up: the body's figures win, the
    // headline's fill in only when the body gives none ("L'explosion d'une mine tue
    // un terroriste" as a second headline above a story of two civilians killed).
    // A line of figures above a story ("18 corps terroristes abandonnés") adds to it.
    let body: Vec<usize> = toll_sentences
        .iter()
        .copied()
        .filter(|&j| !(sentences.contains(&j) && is_heading(doc, j)))
        .collect();
    let toll = match fatalities::toll(doc, &body, &triggers) {
        t if t.value > 0 || body.len() == toll_sentences.len() => t,
        _ => fatalities::toll(doc, &toll_sentences, &triggers),
    };

    // Type, by the codebook's hierarchy for mixed tactics.
    let violent = [
        TriggerClass::Attack,
        TriggerClass::Clash,
        TriggerClass::Ambush,
        TriggerClass::Kill,
        TriggerClass::Death,
        TriggerClass::Neutralise,
    ]
    .iter()
    .any(|&c| has(c));
    let ground_fight = has(TriggerClass::Clash) || has(TriggerClass::Ambush);
    // Deaths told without how ("ont trouvé la mort", "corps sans vie"): whoever
    // is named found or reported them, and did not kill them.
    let deaths_only = classes.iter().all(|&c| c == TriggerClass::Death);
    use SubEventType as S;
    let sub = if has(TriggerClass::Suicide) {
        S::SuicideBomb
    } else if has(TriggerClass::Explosive) {
        S::RemoteExplosive
    } else if has(TriggerClass::AirStrike)
        // An air strike during a ground battle (a base attacked, the army fighting
        // back) is coded as the battle.
        && !((ground_fight || has(TriggerClass::Attack)) && security_named && !civilians_named)
    {
        S::AirDroneStrike
    } else if has(TriggerClass::Shelling) && !ground_fight {
        S::ShellingArtilleryMissile
    } else if has(TriggerClass::Grenade) {
        S::Grenade
    } else if has(TriggerClass::Regain) {
        S::GovernmentRegainsTerritory
    } else if has(TriggerClass::Overtake) {
        // "tombée aux mains des FAMa", "the army took control": the state retakes.
        if taker_is_state(doc, &classes_at(group, TriggerClass::Overtake)) {
            S::GovernmentRegainsTerritory
        } else if !violent && toll.value == 0 {
            // Taken with no fight told and no one killed: the codebook's
            // non-violent transfer of territory.
            S::NonViolentTransfer
        } else {
            S::NonStateActorOvertakesTerritory
        }
    } else if has(TriggerClass::Riot) {
        S::MobViolence
    } else if (has(TriggerClass::Protest) || has(TriggerClass::ProtestIntervention)) && !violent {
        if has(TriggerClass::ProtestIntervention) {
            S::ProtestWithIntervention
        } else {
            S::PeacefulProtest
        }
    } else if has(TriggerClass::Abduction)
        && !(violent && security_named)
        // Abducted and killed: the codebook's attack.
        && !(has(TriggerClass::Kill) && toll.value > 0)
    {
        S::Abduction
    } else if has(TriggerClass::SexualViolence) {
        S::SexualViolence
    } else if violent {
        // A fight needs two armed sides: security forces or a second armed group
        // named, militants killed, or fighting words. Otherwise armed men killing
        // people ("onze victimes suite à l'attaque contre la commune") is violence
        // against civilians, as the codebook's hierarchy says.
        // Civilians the only ones counted dead: security forces named after the
        // fact (a sweep, a patrol finding the bodies) do not make it a battle.
        let civilians_only = toll.civilians > 0 && toll.security == 0 && toll.militants == 0;
        // Only deaths told ("29 corps sans vie découverts par les FDS"): a fight
        // only when soldiers or militants are among the dead.
        let security_side = if deaths_only {
            toll.security > 0 || toll.militants > 0
        } else {
            security_named && (!civilians_only || security_attacked)
        };
        let fight = security_side
            || distinct_groups(doc, &armed) >= 2
            || has(TriggerClass::Neutralise)
            || has(TriggerClass::Clash)
            || has(TriggerClass::Ambush);
        if fight {
            S::ArmedClash
        } else if toll.value == 0
            && !cue(Cue::Injured)
            && (has(TriggerClass::Looting) || has(TriggerClass::Destruction))
        {
            // Armed men sacking buildings with no one reported hurt: the codebook's
            // looting/property destruction, not an attack on people.
            S::LootingPropertyDestruction
        } else {
            S::Attack
        }
    } else if has(TriggerClass::Looting) || has(TriggerClass::Destruction) {
        S::LootingPropertyDestruction
    } else if has(TriggerClass::Arrest) {
        S::Arrests
    } else if has(TriggerClass::WeaponsSeized) {
        S::DisruptedWeaponsUse
    } else if has(TriggerClass::Agreement) {
        S::Agreement
    } else if has(TriggerClass::Transfer) {
        S::NonViolentTransfer
    } else {
        S::Other
    };
    let type_evidence = triggers.first().map(|(_, r)| *r);

    // Place.
    let sites = sites_of(doc, group);
    let place_idx = match sites.first() {
        Some(&i) => Some(i),
        None => place_of(doc, group, &sentences),
    };
    let resolved = |i: usize| {
        doc.places[i]
            .resolved
            .map(|id| (i, doc.gazetteer.place(id)))
    };
    let place = place_idx.and_then(resolved);
    let country = place
        .and_then(|(_, p)| kibaru_geo::country(&p.country))
        .or_else(|| article_country(doc))
        .or_else(|| {
            // The event's own parties first, then any national actor of the article
            // ("un chef VDP" places the story in Burkina Faso).
            let national = |id: ActorId| {
                doc.lexicon
                    .actor(id)
                    .country
                    .as_deref()
                    .and_then(kibaru_geo::country_by_iso3)
            };
            seen.iter().find_map(|s| national(s.id)).or_else(|| {
                doc.matches.iter().find_map(|m| match m.kind {
                    MatchKind::Actor(id) => national(id),
                    _ => None,
                })
            })
        })
        // Last: the outlet's home country ("lefaso.net", a `.ml` site).
        .or_else(|| outlet_country(doc.article).and_then(kibaru_geo::country));

    // Sides.
    let named = |s: &Seen| side(doc, s, country);
    let generic =
        |key: &str, evidence: Option<TextRange>| generic_side(doc, key, country, evidence);
    let armed_side = || {
        armed
            .first()
            .map(named)
            .unwrap_or_else(|| generic("unidentified_armed", None))
    };
    let state_side = || {
        state
            .first()
            .map(named)
            .unwrap_or_else(|| generic("state_military", None))
    };
    let civilians_side = || {
        let ev = seen
            .iter()
            .find(|s| camp(doc.lexicon.actor(s.id).inter) == Camp::Civilians)
            .map(|s| s.range);
        generic("civilians", ev)
    };
    let state_acts = has(TriggerClass::Neutralise)
        || has(TriggerClass::AirStrike)
        || has(TriggerClass::Regain)
        || has(TriggerClass::Arrest)
        || state.first().is_some_and(|s| s.agent) && armed.first().is_none_or(|a| !a.agent);
    let (mut actor1, mut actor2) = match sub.event_type() {
        crate::EventType::Protests => (generic("protesters", None), Side::default()),
        crate::EventType::Riots => (generic("rioters", None), Side::default()),
        crate::EventType::ViolenceAgainstCivilians => {
            let perpetrator = if armed.is_empty() && !state.is_empty() && state_acts && !deaths_only
            {
                state_side()
            } else {
                armed_side()
            };
            (perpetrator, civilians_side())
        }
        crate::EventType::Explosions => {
            if matches!(sub, S::AirDroneStrike) {
                let target = if !armed.is_empty() || cue(Cue::Militant) || !civilians_named {
                    armed_side()
                } else {
                    civilians_side()
                };
                (state_side(), target)
            } else {
                // The dead say whom the blast hit; a UN spokesman quoted is no target.
                let civilians_hit = toll.civilians > 0 && toll.security == 0;
                let target = if security_named && !civilians_hit {
                    state_side()
                } else if civilians_named || toll.value > 0 || cue(Cue::Dead) {
                    // Victims of a mine with no security forces named are civilians.
                    civilians_side()
                } else {
                    Side::default()
                };
                (armed_side(), target)
            }
        }
        crate::EventType::Battles => {
            if state_acts || matches!(sub, S::GovernmentRegainsTerritory) {
                (state_side(), armed_side())
            } else if security_named || armed.len() < 2 {
                (armed_side(), state_side())
            } else {
                (named(&armed[0]), named(&armed[1]))
            }
        }
        crate::EventType::StrategicDevelopments => {
            if matches!(sub, S::Arrests | S::DisruptedWeaponsUse) {
                (
                    state_side(),
                    if armed.is_empty() && civilians_named {
                        civilians_side()
                    } else {
                        armed_side()
                    },
                )
            } else if !armed.is_empty()
                || (matches!(sub, S::LootingPropertyDestruction) && !state_acts)
            {
                (
                    armed_side(),
                    if civilians_named {
                        civilians_side()
                    } else {
                        Side::default()
                    },
                )
            } else {
                (state_side(), Side::default())
            }
        }
    };

    // Date.
    let (date, precision, date_evidence, hint) = match date_of(doc, group, earlier) {
        // A weekday placed at the middle of the publication month: another report
        // of the incident may give its day.
        Some((d, p, r)) if p == Precision::Month => {
            let hint = r.and_then(|r| doc.hints.iter().find(|h| h.range == r).copied());
            (Some(d), p, r, hint)
        }
        Some((d, p, r)) => (Some(d), p, r, None),
        // No publication day or month and no year in the text: another report of
        // the incident may date it, within what the text says of the day.
        None if doc.published.is_none_or(|p| p.month.is_none()) => {
            let hint = hint_of(doc, group, earlier);
            (None, Precision::Day, hint.map(|h| h.range), hint)
        }
        None => {
            diagnostics.push(Diagnostic {
                severity: Severity::Info,
                message: format!(
                    "article {}: an event could not be dated and was skipped",
                    doc.article.id
                ),
            });
            return Vec::new();
        }
    };

    // Evidence: room made once for all of it (the sentences, four fields, a
    // site, the toll's), where pushing grew the vector twice an event.
    let mut evidence = Vec::with_capacity(sentences.len() + 5 + toll.evidence.len());
    let mut push = |field: &'static str, r: TextRange| evidence.push(evidence_at(doc, field, r));
    for &i in &sentences {
        push("sentence", doc.sentences[i]);
    }
    if let Some(r) = type_evidence {
        push("event_type", r);
    }
    if let Some(r) = actor1.evidence {
        push("actor1", r);
    }
    if let Some(r) = actor2.evidence {
        push("actor2", r);
    }
    if let Some(r) = date_evidence {
        push("event_date", r);
    }
    // The location evidence comes per site, below, then the fatalities'.
    let hedged = group.mentions.iter().all(|m| m.hedged);
    let places: Vec<Option<(usize, &kibaru_geo::Place)>> = if sites.len() >= 2 {
        sites.iter().map(|&i| resolved(i)).collect()
    } else {
        vec![place]
    };
    let n_sites = places.len() as u32;
    let last = places.len() - 1;
    // What every site's event says alike, made once; the last event takes the
    // strings the others copy.
    let inter_label = |s: &Side| Cow::Borrowed(s.inter.map_or("", |i| i.label()));
    let (mut inter1, mut inter2) = (inter_label(&actor1), inter_label(&actor2));
    let mut interaction = Cow::Borrowed(interaction(actor1.inter, actor2.inter));
    let timestamp = publication_timestamp(doc);
    let mut out = Vec::with_capacity(places.len());
    for (k, place) in places.into_iter().enumerate() {
        let is_last = k == last;
        let mut evidence = take_or_clone(&mut evidence, is_last);
        if let Some((i, _)) = place {
            evidence.push(evidence_at(doc, "location", doc.places[i].range));
        }
        for r in &toll.evidence {
            evidence.push(evidence_at(doc, "fatalities", *r));
        }
        // One toll for several places: split evenly, the remainder to the first.
        let fatalities = toll.value / n_sites + if k == 0 { toll.value % n_sites } else { 0 };

        let civilian_targeting = if actor2.inter == Some(Inter::Civilians) {
            "Civilian targeting"
        } else {
            ""
        };
        let (location, lat, lon, geonameid, admin1, admin2, geo_precision) = match place {
            Some((i, p)) => {
                let mention = &doc.places[i];
                let precision = match (mention.level, mention.cue) {
                    (PlaceLevel::Admin1 | PlaceLevel::Admin2 | PlaceLevel::Country, _) => 3,
                    (
                        _,
                        Some(
                            PlaceCue::Near
                            | PlaceCue::Distance(_)
                            | PlaceCue::Between
                            | PlaceCue::Road,
                        ),
                    ) => 2,
                    _ => 1,
                };
                (
                    p.name.clone(),
                    Some(round4(p.lat)),
                    Some(round4(p.lon)),
                    Some(p.geonameid),
                    doc.gazetteer.admin1_name(p).unwrap_or_default().to_string(),
                    doc.gazetteer.admin2_name(p).unwrap_or_default().to_string(),
                    precision,
                )
            }
            None => (
                String::new(),
                None,
                None,
                None,
                String::new(),
                String::new(),
                3,
            ),
        };
        let mut confidence: f64 = 0.4;
        confidence += if actor1.evidence.is_some() { 0.15 } else { 0.0 };
        confidence += if place.is_some() { 0.15 } else { 0.0 };
        confidence += if date_evidence.is_some() { 0.15 } else { 0.0 };
        confidence += if group.mentions.len() > 1 { 0.1 } else { 0.0 };
        if hedged {
            confidence -= 0.2;
        }
        let event_date = date.map(date_string).unwrap_or_default();
        let summary = notes(
            // Left without their opening for an event other reports may date.
            (date.is_some() && hint.is_none()).then_some(event_date.as_str()),
            sub,
            &actor1,
            &actor2,
            &location,
            &admin1,
            country,
            fatalities,
        );
        let event = Event {
            event_id: {
                // `format!("{}-{}", id, n)` without the formatting machinery.
                let mut id = String::with_capacity(doc.article.id.len() + 4);
                id.push_str(&doc.article.id);
                id.push('-');
                push_decimal(&mut id, (index + k + 1) as u64);
                id
            },
            notes: summary,
            event_date,
            time_precision: if date.is_some() { precision.code() } else { 0 },
            disorder_type: Cow::Borrowed(sub.disorder_type()),
            event_type: Cow::Borrowed(sub.event_type().name()),
            sub_event_type: Cow::Borrowed(sub.name()),
            inter1: take_or_clone(&mut inter1, is_last),
            inter2: take_or_clone(&mut inter2, is_last),
            actor1: take_or_clone(&mut actor1.name, is_last),
            assoc_actor_1: String::new(),
            actor2: take_or_clone(&mut actor2.name, is_last),
            assoc_actor_2: String::new(),
            interaction: take_or_clone(&mut interaction, is_last),
            civilian_targeting: Cow::Borrowed(civilian_targeting),
            iso: country.map_or(0, |c| c.numeric),
            country: Cow::Borrowed(country.map_or("", |c| c.name)),
            admin1,
            admin2,
            admin3: String::new(),
            location,
            latitude: lat,
            longitude: lon,
            geo_precision,
            source: doc.article.source.clone().unwrap_or_default(),
            source_scale: String::new(),
            fatalities,
            tags: if hedged {
                Cow::Borrowed("unconfirmed")
            } else {
                Cow::Borrowed("")
            },
            timestamp,
            actor1_detail: take_or_clone(&mut actor1.detail, is_last),
            actor2_detail: take_or_clone(&mut actor2.detail, is_last),
            article_id: Some(doc.article.id.clone()),
            article_ids: Vec::new(),
            country_iso3: Cow::Borrowed(country.map_or("", |c| c.iso3)),
            geonameid,
            lang: Cow::Borrowed(doc.lang.code()),
            confidence: (confidence.clamp(0.05, 0.99) * 100.0).round() / 100.0,
            evidence,
        };
        out.push(match (date, hint) {
            (Some(_), None) => Coded::Dated(event),
            _ => Coded::Undated(UndatedEvent { event, hint }),
        });
    }
    out
}

/// The ranges of a group's triggers of one class.
fn classes_at(group: &Group, class: TriggerClass) -> Vec<TextRange> {
    group
        .mentions
        .iter()
        .flat_map(|m| m.triggers.iter())
        .filter(|(c, _)| *c == class)
        .map(|(_, r)| *r)
        .collect()
}

/// Whether the party taking control is the state: the actor named right after a
/// takeover trigger ("aux mains des FAMa"), or right before it ("l'armée a pris
/// le contrôle").
fn taker_is_state(doc: &Doc<'_>, triggers: &[TextRange]) -> bool {
    let state = |id: ActorId| camp(doc.lexicon.actor(id).inter) == Camp::State;
    triggers.iter().any(|t| {
        let after = doc.matches.iter().find(|m| {
            m.range.start >= t.end
                && m.range.start < t.end + 40
                && matches!(m.kind, MatchKind::Actor(_))
        });
        let before = doc.matches.iter().rev().find(|m| {
            m.range.end <= t.start
                && m.range.end + 40 > t.start
                && matches!(m.kind, MatchKind::Actor(_))
        });
        let passive = doc.folded.slice(*t).contains("mains");
        let taker = if passive { after } else { before.or(after) };
        matches!(taker.map(|m| m.kind), Some(MatchKind::Actor(id)) if state(id))
    })
}

/// How many different organisations the seen actors belong to (a katiba and its
/// parent count once).
/// Whether an actor is a generic one named by country ("Unidentified Armed Group
/// ({country})"), not a group of its own.
fn is_generic(doc: &Doc<'_>, id: ActorId) -> bool {
    doc.lexicon.actor(id).canonical.contains('{')
}

fn distinct_groups(doc: &Doc<'_>, seen: &[Seen]) -> usize {
    // "Des hommes armés habillés en chasseurs traditionnels": the unnamed armed
    // men are the named group, not a second one.
    let named: Vec<&Seen> = seen.iter().filter(|s| !is_generic(doc, s.id)).collect();
    let counted: Vec<&Seen> = if named.is_empty() {
        seen.iter().collect()
    } else {
        named
    };
    let mut tops: Vec<ActorId> = counted
        .iter()
        .map(|s| doc.lexicon.actor(s.id).parent.unwrap_or(s.id))
        .collect();
    tops.sort_unstable();
    tops.dedup();
    tops.len()
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Whether an actor named at `r` is the one acting in the clause of trigger `t`.
fn is_agent(doc: &Doc<'_>, r: TextRange, t: TextRange) -> bool {
    let text = doc.folded.as_str();
    if r.start >= t.end {
        let before = text[..r.start as usize].trim_end();
        let before =
            before.trim_end_matches(|c: char| c.is_alphabetic() && before.ends_with("les"));
        return before.ends_with(" par")
            || before.ends_with(" par des")
            || before.ends_with(" par les")
            || before.ends_with(" by")
            || before.ends_with(" par l'")
            || before.ends_with(" par la")
            || before.ends_with(" par le");
    }
    let gap = &text[r.end as usize..t.start as usize];
    !contains_any(gap, PATIENT_WORDS)
}

/// Words between an actor and the trigger after it that make the actor the
/// one the action befell ("l'armée a été ciblée par", "has been attacked").
const PATIENT_WORDS: &[&str] = &[" ete ", " been ", "subi", "essuy", "victime", "cible"];

/// Whether any of `needles` (each starting with an ASCII byte) occurs in
/// `hay`: one pass over it, a needle compared only where its first byte is,
/// instead of one search per needle.
fn contains_any(hay: &str, needles: &[&str]) -> bool {
    let mut first = [false; 128];
    for n in needles {
        first[usize::from(n.as_bytes()[0] & 0x7f)] = true;
    }
    let b = hay.as_bytes();
    (0..b.len()).any(|i| {
        b[i] < 0x80
            && first[usize::from(b[i])]
            && needles.iter().any(|n| b[i..].starts_with(n.as_bytes()))
    })
}

fn side(doc: &Doc<'_>, s: &Seen, country: Option<&Country>) -> Side {
    let actor = doc.lexicon.actor(s.id);
    let (top, detail) = match actor.parent {
        Some(p) => (doc.lexicon.actor(p), actor.canonical.clone()),
        None => (actor, String::new()),
    };
    Side {
        name: fill_country(&top.canonical, country),
        detail,
        inter: Some(top.inter),
        evidence: Some(s.range),
    }
}

fn generic_side(
    doc: &Doc<'_>,
    key: &str,
    country: Option<&Country>,
    evidence: Option<TextRange>,
) -> Side {
    match doc.lexicon.actor_by_key(key) {
        Some(id) => {
            let a = doc.lexicon.actor(id);
            Side {
                name: fill_country(&a.canonical, country),
                detail: String::new(),
                inter: Some(a.inter),
                evidence,
            }
        }
        None => Side::default(),
    }
}

fn fill_country(canonical: &str, country: Option<&Country>) -> String {
    // Most names have no "{country}" to fill: a copy, not three searches.
    let Some(at) = canonical.find('{') else {
        return canonical.to_string();
    };
    // The others have it once: filled, or cut with what frames it, in one copy.
    let (head, rest) = canonical.split_at(at);
    let Some(tail) = rest.strip_prefix("{country}").filter(|t| !t.contains('{')) else {
        return fill_country_slow(canonical, country);
    };
    match country {
        Some(c) => [head, c.name, tail].concat(),
        None => match (head.strip_suffix(" ("), tail.strip_prefix(')')) {
            (Some(h), Some(t)) => [h, t].concat(),
            _ => [head.strip_suffix(" of ").unwrap_or(head), tail].concat(),
        },
    }
}

/// [`fill_country`] without its shortcut.
fn fill_country_slow(canonical: &str, country: Option<&Country>) -> String {
    match country {
        Some(c) => canonical.replace("{country}", c.name),
        None => canonical
            .replace(" ({country})", "")
            .replace(" of {country}", "")
            .replace("{country}", ""),
    }
}

/// The country the article is about: the one it names most (first on ties).
/// National news outlets of the region, by the domain they publish under.
const OUTLETS: &[(&str, &str)] = &[
    ("aib.media", "BF"),
    ("burkina24.com", "BF"),
    ("lefaso.net", "BF"),
    ("sidwaya.info", "BF"),
    ("wakatsera.com", "BF"),
    ("aniamey.com", "NE"),
    ("actuniger.com", "NE"),
    ("nigerdiaspora.net", "NE"),
    ("journaldumali.com", "ML"),
    ("maliactu.net", "ML"),
    ("malijet.com", "ML"),
    ("maliweb.net", "ML"),
    ("studiotamani.org", "ML"),
    ("alwihdainfo.com", "TD"),
    ("tchadinfos.com", "TD"),
    ("cridem.org", "MR"),
];

/// Country-code top-level domains of the region that name their country.
const TLDS: &[(&str, &str)] = &[
    ("bf", "BF"),
    ("bj", "BJ"),
    ("ci", "CI"),
    ("dz", "DZ"),
    ("gh", "GH"),
    ("gn", "GN"),
    ("ml", "ML"),
    ("mr", "MR"),
    ("ne", "NE"),
    ("sn", "SN"),
    ("td", "TD"),
    ("tg", "TG"),
];

/// The home country (ISO alpha-2) of the outlet that published an article, from
/// its `source` or the host of its `url`: a known national outlet or a national
/// top-level domain. A weak prior, used only when nothing in the text says.
pub(crate) fn outlet_country(article: &crate::Article) -> Option<&'static str> {
    let host = |s: &str| -> String {
        let s = s.trim();
        let s = s.split_once("://").map_or(s, |(_, rest)| rest);
        let host = s.split(['/', '?', '#', ':']).next().unwrap_or_default();
        host.trim_start_matches("www.").to_ascii_lowercase()
    };
    let hosts = [article.source.as_deref(), article.url.as_deref()]
        .into_iter()
        .flatten()
        .map(host);
    for h in hosts {
        if let Some((_, c)) = OUTLETS.iter().find(|(d, _)| {
            h.strip_suffix(d)
                .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
        }) {
            return Some(c);
        }
        let tld = h.rsplit('.').next().unwrap_or_default();
        if h.contains('.') {
            if let Some((_, c)) = TLDS.iter().find(|(t, _)| *t == tld) {
                return Some(c);
            }
        }
    }
    None
}

fn article_country(doc: &Doc<'_>) -> Option<&'static Country> {
    let mut counts: Vec<(&'static Country, usize, usize)> = Vec::new();
    for (i, p) in doc.places.iter().enumerate() {
        let c = match (p.level, p.country, p.resolved) {
            (PlaceLevel::Country, Some(c), _) => Some(c),
            (_, _, Some(id)) => kibaru_geo::country(&doc.gazetteer.place(id).country),
            _ => None,
        };
        if let Some(c) = c {
            match counts.iter_mut().find(|(x, _, _)| x.iso2 == c.iso2) {
                Some(e) => e.1 += 1,
                None => counts.push((c, 1, i)),
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(_, n, first)| (n, std::cmp::Reverse(first)))
        .map(|(c, _, _)| c)
}

/// The evidence for `field`: the original text of folded range `r`.
fn evidence_at(doc: &Doc<'_>, field: &'static str, r: TextRange) -> Evidence {
    let o = doc.folded.to_original(r);
    Evidence {
        field: field.into(),
        text: doc.article.text[o.as_range()].to_string(),
        start: o.start,
        end: o.end,
    }
}

/// Most words between two places of one list of targets ("l'école de gendarmerie
/// de Faladié, où les tirs ont duré trois heures, et une zone militaire de
/// l'aéroport de Sénou").
const SITE_GAP_WORDS: usize = 16;

/// Places closer than this, in km, are one site.
const SAME_SITE_KM: f64 = 2.0;

/// The places of an attack on several named places told in one sentence of the
/// group ("les villages de A, B et C", "visant l'école de gendarmerie de Faladié
/// et une zone militaire de l'aéroport de Sénou"): the codebook makes one event of
/// each. Sites are localities named bare, after "à" or after a settlement noun,
/// joined by commas or "et"/"and"; a name hyphenated to the next ("Bamako-Sénou")
/// gives way to it. Empty unless there are two sites or more.
fn sites_of(doc: &Doc<'_>, group: &Group) -> Vec<usize> {
    let text = doc.folded.as_str();
    for m in &group.mentions {
        let s = doc.sentences[m.sentence];
        let lo = doc.places.partition_point(|p| p.range.start < s.start);
        let hi = doc.places.partition_point(|p| p.range.start < s.end);
        let mut best: Vec<usize> = Vec::new();
        let mut chain: Vec<usize> = Vec::new();
        for i in lo..hi {
            let p = &doc.places[i];
            // "entre les villes de Djibo et de Bourzanga": one place between two
            // (the words before it read only for a place that may be a site).
            let between = || {
                text[s.start as usize..p.range.start as usize]
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .rev()
                    .take(4)
                    .any(|w| matches!(w, "entre" | "between"))
            };
            let site = p.resolved.is_some()
                && p.level == PlaceLevel::Locality
                && matches!(p.cue, None | Some(PlaceCue::At | PlaceCue::Settlement))
                && !between();
            let gap = chain
                .last()
                .map(|&j| &text[doc.places[j].range.end as usize..p.range.start as usize]);
            if site && gap == Some("-") {
                chain.pop();
                chain.push(i);
                continue;
            }
            if !site || !gap.is_some_and(coordinated) {
                if chain.len() > best.len() {
                    best = std::mem::take(&mut chain);
                }
                chain.clear();
            }
            if site {
                chain.push(i);
            }
        }
        if chain.len() > best.len() {
            best = chain;
        }
        // One site named twice, or two names of one place.
        let at = |i: usize| {
            let p = doc
                .gazetteer
                .place(doc.places[i].resolved.expect("sites are resolved"));
            (p.lat, p.lon)
        };
        let mut sites: Vec<usize> = Vec::with_capacity(best.len());
        for i in best {
            if sites
                .iter()
                .all(|&j| kibaru_geo::haversine_km(at(i), at(j)) >= SAME_SITE_KM)
            {
                sites.push(i);
            }
        }
        if sites.len() >= 2 {
            return sites;
        }
    }
    Vec::new()
}

/// Whether the text between two place names joins them in one list: a comma or
/// "et"/"and" within a clause, no "entre"/"between".
fn coordinated(gap: &str) -> bool {
    let words: Vec<&str> = gap
        .split(|c: char| c.is_whitespace() || c == '\'')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    words.len() <= SITE_GAP_WORDS
        && !gap.contains(['.', ';', ':', '(', ')', '\n'])
        && !words.iter().any(|w| matches!(*w, "entre" | "between"))
        && (gap.trim() == "," || words.iter().any(|w| matches!(*w, "et" | "and")))
}

/// The event's place: the best-cued place of its mentions, else of the sentences
/// around them, else an admin area they name.
fn place_of(doc: &Doc<'_>, group: &Group, sentences: &[usize]) -> Option<usize> {
    let own = group
        .mentions
        .iter()
        .filter_map(|m| m.place)
        .max_by_key(|&i| (place_rank(doc, i), std::cmp::Reverse(i)));
    if own.is_some() {
        return own;
    }
    // Neighbouring sentences often say where ("à proximité du village de ...").
    let usable = |i: usize| {
        !doc.sentence_has_any_cue(i, &crate::detect::FRAMING)
            && !doc.sentence_dates(i).iter().any(|d| doc.is_past(d))
    };
    let first = *sentences.first()?;
    let last = *sentences.last()?;
    let lo = first.saturating_sub(2);
    let hi = (last + 2).min(doc.sentences.len() - 1);
    let mut best: Option<(u8, usize)> = None;
    for i in lo..=hi {
        if !usable(i) {
            continue;
        }
        if let Some((rank, p)) = best_place(doc, doc.sentences[i]) {
            if rank >= 6 && best.is_none_or(|(r, _)| rank > r) {
                best = Some((rank, p));
            }
        }
    }
    if let Some((_, p)) = best {
        return Some(p);
    }
    // An admin area named in the event's sentences.
    sentences.iter().find_map(|&i| {
        doc.places_in(doc.sentences[i]).find(|&p| {
            let m = &doc.places[p];
            m.resolved.is_some() && matches!(m.level, PlaceLevel::Admin1 | PlaceLevel::Admin2)
        })
    })
}

/// The event's date, its precision and the evidence for it.
fn date_of(
    doc: &Doc<'_>,
    group: &Group,
    earlier: &[usize],
) -> Option<(Date, Precision, Option<TextRange>)> {
    let own = group
        .mentions
        .iter()
        .filter_map(|m| m.date.as_ref())
        .min_by_key(|d| (d.precision, d.range.start));
    if let Some(d) = own {
        return Some(as_event_date(d));
    }
    // The nearest current date before the first mention, then the first after it,
    // but not the date of a sentence that tells an earlier incident.
    let start = doc.sentences[group.mentions[0].sentence].start;
    let elsewhere = |d: &DateMention| {
        let i = doc.sentences.partition_point(|s| s.end <= d.range.start);
        earlier.binary_search(&i).is_ok()
    };
    let current = |d: &&DateMention| {
        !doc.is_past(d)
            && !doc.is_future(d)
            && d.precision != Precision::Year
            && !elsewhere(d)
            && !report_date(doc, d.range)
    };
    let before = doc
        .dates
        .iter()
        .filter(|d| d.range.start < start)
        .rfind(current);
    if let Some(d) = before.or_else(|| doc.dates.iter().find(current)) {
        return Some(as_event_date(d));
    }
    let p = doc.published?;
    match (p.month, p.day) {
        // No date in the text: a report of violence is most often published the
        // day after it (the "hier" of daily news); the day is a guess, so the
        // precision is the week's.
        (Some(m), Some(d)) => {
            Date::new(p.year, m, d).map(|d| (d.add_days(-1), Precision::Week, None))
        }
        // Only past days in an article dated by its month: the undated sentences
        // tell that past story too (a feature a year on), not a new event.
        (Some(_), None)
            if doc.dates.iter().any(|d| d.precision == Precision::Day)
                && doc
                    .dates
                    .iter()
                    .filter(|d| d.precision == Precision::Day)
                    .all(|d| doc.is_past(d)) =>
        {
            None
        }
        (Some(_), None) => doc.reference.map(|r| {
            (
                r,
                if doc.dates.is_empty() {
                    Precision::Month
                } else {
                    Precision::Day
                },
                None,
            )
        }),
        _ => None,
    }
}

/// What the text says of the day of an event it cannot date: the hint in the
/// group's own sentences, else the nearest one before its first mention, else the
/// first after, never one in a sentence that tells an earlier incident nor the
/// day of a report.
fn hint_of(doc: &Doc<'_>, group: &Group, earlier: &[usize]) -> Option<DayHint> {
    let sentence_of = |h: &DayHint| doc.sentences.partition_point(|s| s.end <= h.range.start);
    // Not the day something was told ("a-t-on appris samedi").
    let event_day = |h: &&DayHint| !report_date(doc, h.range);
    let own = doc.hints.iter().filter(event_day).find(|h| {
        let i = sentence_of(h);
        group.mentions.iter().any(|m| m.sentence == i)
    });
    if own.is_some() {
        return own.copied();
    }
    let start = doc.sentences[group.mentions[0].sentence].start;
    let current = |h: &&DayHint| earlier.binary_search(&sentence_of(h)).is_err() && event_day(h);
    doc.hints
        .iter()
        .filter(|h| h.range.start < start)
        .rfind(current)
        .or_else(|| doc.hints.iter().find(current))
        .copied()
}

fn as_event_date(d: &DateMention) -> (Date, Precision, Option<TextRange>) {
    (
        d.date,
        if d.precision == Precision::Year {
            Precision::Month
        } else {
            d.precision
        },
        Some(d.range),
    )
}

fn publication_timestamp(doc: &Doc<'_>) -> i64 {
    doc.published
        .and_then(|p| Date::new(p.year, p.month.unwrap_or(1), p.day.unwrap_or(1)))
        .map_or(0, |d| d.to_days() * 86_400)
}

/// Appends `n` in decimal, as `Display` writes it: the formatting machinery
/// cost more than the number.
fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).expect("ASCII digits"));
}

/// A date as `Date`'s `Display` writes it (YYYY-MM-DD), by hand for a
/// four-digit year: the formatting machinery costs more than the date.
fn date_string(d: Date) -> String {
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) || m > 99 || day > 99 {
        return d.to_string();
    }
    let digit = |v: u32| char::from(b'0' + (v % 10) as u8);
    let y = y as u32;
    let mut out = String::with_capacity(10);
    out.extend([digit(y / 1000), digit(y / 100), digit(y / 10), digit(y)]);
    out.push('-');
    out.extend([digit(u32::from(m) / 10), digit(u32::from(m))]);
    out.push('-');
    out.extend([digit(u32::from(day) / 10), digit(u32::from(day))]);
    out
}

/// The value for the last of an incident's events, a copy for the others: the
/// last takes what the others copied.
/// The interaction of two sides' inter codes ("State forces-Rebel group", the
/// lower code first; "Rebel group only"; empty without a first side).
fn interaction_of(a: Option<Inter>, b: Option<Inter>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => {
            let (x, y) = if a.code() <= b.code() { (a, b) } else { (b, a) };
            format!("{}-{}", x.label(), y.label())
        }
        (Some(a), None) => format!("{} only", a.label()),
        _ => String::new(),
    }
}

/// [`interaction_of`], every one made once: an event's without formatting
/// or allocating.
fn interaction(a: Option<Inter>, b: Option<Inter>) -> &'static str {
    // Indexed by the two codes, 0 for none: 9 by 9.
    static ALL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let all = ALL.get_or_init(|| {
        let inter = |c: u8| Inter::from_code(c);
        (0..9u8)
            .flat_map(|x| (0..9u8).map(move |y| interaction_of(inter(x), inter(y))))
            .collect()
    });
    let code = |i: Option<Inter>| usize::from(i.map_or(0, Inter::code));
    &all[code(a) * 9 + code(b)]
}

fn take_or_clone<T: Clone + Default>(value: &mut T, last: bool) -> T {
    if last {
        std::mem::take(value)
    } else {
        value.clone()
    }
}

/// The event's notes ("On 2025-03-04, JNIM: attack involving Civilians (Mali) at
/// Boni (Mopti), Mali; 7 reported killed."), written into one string, opened by
/// "On {date}, " when `date` is given.
#[allow(clippy::too_many_arguments)]
fn notes(
    date: Option<&str>,
    sub: SubEventType,
    a1: &Side,
    a2: &Side,
    location: &str,
    admin1: &str,
    country: Option<&Country>,
    deaths: u32,
) -> String {
    let mut out = String::with_capacity(128);
    if let Some(d) = date {
        out.push_str("On ");
        out.push_str(d);
        out.push_str(", ");
    }
    out.push_str(if a1.name.is_empty() {
        "Unidentified actors"
    } else {
        &a1.name
    });
    out.push_str(": ");
    let name = sub.name();
    if name.is_ascii() {
        // The ASCII lowercase is the lowercase, without a string of its own.
        out.extend(name.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        out.push_str(&name.to_lowercase());
    }
    if !a2.name.is_empty() {
        out.push_str(" involving ");
        out.push_str(&a2.name);
    }
    if !location.is_empty() {
        out.push_str(" at ");
        out.push_str(location);
        if !admin1.is_empty() && admin1 != location {
            out.push_str(" (");
            out.push_str(admin1);
            out.push(')');
        }
    }
    if let Some(c) = country {
        out.push_str(", ");
        out.push_str(c.name);
    }
    if deaths > 0 {
        out.push_str("; ");
        push_decimal(&mut out, deaths.into());
        out.push_str(" reported killed");
    }
    out.push('.');
    out
}

/// The bit of a cue in a set of cues (there are fewer than 64 cues).
fn cue_bit(c: Cue) -> u64 {
    1 << (c as u32)
}

/// Whether sentence `j` is a heading: a short line without final punctuation.
fn is_heading(doc: &Doc<'_>, j: usize) -> bool {
    let text = doc.folded.as_str();
    let s = doc.sentences[j];
    let line = text[s.as_range()].trim_end();
    let next = doc
        .sentences
        .get(j + 1)
        .map_or(text.len(), |n| n.start as usize);
    let own_line = text
        .get(s.end as usize..next)
        .is_some_and(|gap| gap.contains('\n'));
    // The cheap tests first; counting words last.
    own_line
        && !line.ends_with(['.', '!', '?', '"', ':', ')', ','])
        && !line.ends_with('»')
        && line.split_whitespace().nth(10).is_none()
}

/// Whether a sentence attributes an attack to its authors: a claim not denied
/// ("revendiqué par", "claimed by") or a signature ("porte la signature de",
/// "attribué à", "blamed on", "bears the hallmarks of").
fn attributes(doc: &Doc<'_>, s: TextRange) -> bool {
    let text = &doc.folded.as_str()[s.as_range()];
    let signed = [
        "signature",
        "attribue",
        "impute",
        "blamed",
        "hallmark",
        "attributed",
    ]
    .iter()
    .any(|w| text.contains(w));
    let claimed =
        ["revendiqu", "claimed"].iter().any(|w| text.contains(w)) && !doc.has_cue(s, Cue::Negation);
    signed || claimed
}

/// Whether a date is the day of a report rather than of an event ("un communiqué
/// en date du lundi 4 juillet", "a statement published on Monday").
fn report_date(doc: &Doc<'_>, d: TextRange) -> bool {
    let lo = doc.matches.partition_point(|m| m.range.end + 40 < d.start);
    let hi = doc.matches.partition_point(|m| m.range.start < d.start);
    if crate::detect::told_on(doc, &doc.matches[lo..hi.max(lo)], d) {
        return true;
    }
    let before = doc.folded.as_str()[..d.start as usize].trim_end();
    [
        // Also "en date du".
        "date du",
        "publie le",
        "publiee le",
        "publie ce",
        "communique du",
        "communique de ce",
        "published on",
        "statement on",
        "dated",
    ]
    .iter()
    .any(|p| before.ends_with(p))
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// One pass over the text finds a needle exactly where one search per
        /// needle does.
        #[test]
        fn any_needle_is_found_as_each_search_finds_it(
            hay in "(ete|been| |e|s|subi|essuy|victim|victime|cibl|cible|é|x|\\.){0,30}",
        ) {
            let each = super::PATIENT_WORDS.iter().any(|n| hay.contains(n));
            proptest::prop_assert_eq!(super::contains_any(&hay, super::PATIENT_WORDS), each);
            // Each needle on its own too (in the whole list, one found hides
            // a miss of another).
            for k in 0..super::PATIENT_WORDS.len() {
                let one = &super::PATIENT_WORDS[k..=k];
                proptest::prop_assert_eq!(super::contains_any(&hay, one), hay.contains(one[0]), "{:?}", one);
            }
        }

        #[test]
        fn decimals_are_written_as_display_writes_them(n in proptest::num::u64::ANY, small in 0u64..1000) {
            for v in [n, small] {
                let mut out = String::from("x");
                super::push_decimal(&mut out, v);
                proptest::prop_assert_eq!(out, format!("x{v}"));
            }
        }
    }

    #[test]
    fn interactions_made_once_are_those_formatted() {
        let all = || std::iter::once(None).chain((1..=8).map(kibaru_lexicon::Inter::from_code));
        for a in all() {
            for b in all() {
                assert_eq!(
                    super::interaction(a, b),
                    super::interaction_of(a, b),
                    "{a:?} {b:?}"
                );
            }
        }
        assert_eq!(
            super::interaction(
                Some(kibaru_lexicon::Inter::Civilians),
                Some(kibaru_lexicon::Inter::StateForces)
            ),
            "State forces-Civilians"
        );
    }

    use super::*;

    /// The notes as they were first written, one `format!` per part.
    #[allow(clippy::too_many_arguments)]
    fn notes_slow(
        date: Option<&str>,
        sub: SubEventType,
        a1: &Side,
        a2: &Side,
        location: &str,
        admin1: &str,
        country: Option<&Country>,
        deaths: u32,
    ) -> String {
        let who = if a1.name.is_empty() {
            "Unidentified actors".to_string()
        } else {
            a1.name.clone()
        };
        let target = if a2.name.is_empty() {
            String::new()
        } else {
            format!(" involving {}", a2.name)
        };
        let mut place = String::new();
        if !location.is_empty() {
            place = format!(" at {location}");
            if !admin1.is_empty() && admin1 != location {
                place.push_str(&format!(" ({admin1})"));
            }
        }
        if let Some(c) = country {
            place.push_str(&format!(", {}", c.name));
        }
        let toll = match deaths {
            0 => String::new(),
            1 => "; 1 reported killed".to_string(),
            n => format!("; {n} reported killed"),
        };
        let summary = format!("{who}: {}{target}{place}{toll}.", sub.name().to_lowercase());
        match date {
            Some(d) => format!("On {d}, {summary}"),
            None => summary,
        }
    }

    #[test]
    fn notes_are_written_as_the_parts_formatted_one_by_one() {
        use SubEventType as S;
        let side = |name: &str| Side {
            name: name.to_string(),
            ..Side::default()
        };
        let subs = [
            S::Attack,
            S::AirDroneStrike,
            S::NonViolentTransfer,
            S::Other,
        ];
        let sides = [side(""), side("JNIM"), side("Civilians (Mali)")];
        let places = [
            ("", ""),
            ("Boni", "Mopti"),
            ("Mopti", "Mopti"),
            ("", "Mopti"),
        ];
        for date in [None, Some("2025-03-04")] {
            for sub in subs {
                for a1 in &sides {
                    for a2 in &sides {
                        for (location, admin1) in places {
                            for country in [None, kibaru_geo::country("ML")] {
                                for deaths in [0, 1, 7, u32::MAX] {
                                    assert_eq!(
                                        notes(date, sub, a1, a2, location, admin1, country, deaths),
                                        notes_slow(
                                            date, sub, a1, a2, location, admin1, country, deaths
                                        )
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn date_strings_are_the_dates_display() {
        let mut d = Date::new(1999, 12, 25).expect("a date");
        for _ in 0..800 {
            assert_eq!(date_string(d), d.to_string());
            d = d.add_days(11);
        }
        for (y, m, day) in [
            (1, 1, 1),
            (999, 2, 28),
            (9999, 12, 31),
            (10000, 1, 1),
            (-5, 3, 4),
        ] {
            if let Some(d) = Date::new(y, m, day) {
                assert_eq!(date_string(d), d.to_string());
            }
        }
    }

    #[test]
    fn fill_country_copies_only_names_without_a_country() {
        let lexicon = kibaru_lexicon::Lexicon::builtin();
        let mut filled = 0;
        for actor in lexicon.actors() {
            for country in [None, kibaru_geo::country("ML"), kibaru_geo::country("BF")] {
                let name = &actor.canonical;
                assert_eq!(
                    fill_country(name, country),
                    fill_country_slow(name, country)
                );
                filled += usize::from(name.contains("{country}"));
            }
        }
        assert!(filled > 0, "some actor is named by its country");
        for name in [
            "Military Forces of {country}",
            "Civilians ({country})",
            "{country} forces",
            "Police ({country}) of {country}",
            "A ({country}",
            "A {country})",
            "A of{country}",
            "{count",
            "{country} ({country})",
            "",
        ] {
            for country in [None, kibaru_geo::country("ML")] {
                assert_eq!(
                    fill_country(name, country),
                    fill_country_slow(name, country),
                    "{name}"
                );
            }
        }
    }

    fn outlet(source: Option<&str>, url: Option<&str>) -> Option<&'static str> {
        outlet_country(&crate::Article {
            source: source.map(str::to_string),
            url: url.map(str::to_string),
            ..crate::Article::default()
        })
    }

    #[test]
    fn outlets_and_national_domains_give_a_home_country() {
        assert_eq!(outlet(Some("lefaso.net"), None), Some("BF"));
        assert_eq!(
            outlet(None, Some("https://www.studiotamani.org/?p=1")),
            Some("ML")
        );
        assert_eq!(
            outlet(None, Some("http://news.actuniger.com/a/b")),
            Some("NE")
        );
        assert_eq!(
            outlet(None, Some("https://www.lessor.ml/article")),
            Some("ML")
        );
        assert_eq!(
            outlet(Some("Le Courrier"), Some("https://example.ne:8080/x")),
            Some("NE")
        );
        // International outlets and look-alike hosts say nothing.
        assert_eq!(
            outlet(Some("rfi.fr"), Some("https://www.rfi.fr/fr/afrique/")),
            None
        );
        assert_eq!(outlet(None, Some("https://notlefaso.net/x")), None);
        assert_eq!(outlet(Some("ml"), None), None);
        assert_eq!(outlet(None, None), None);
    }
}
