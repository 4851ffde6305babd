//! The vocabulary the dictionaries map text to. The pipeline (kibaru-core) turns
//! these classes into ACLED event types; the lexicon only says what a phrase is.

/// Index of an actor in [`crate::Lexicon::actors`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActorId(pub u16);

/// ACLED's actor categories ("inter codes").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Inter {
    /// 1: State forces.
    StateForces,
    /// 2: Rebel group.
    RebelGroup,
    /// 3: Political militia.
    PoliticalMilitia,
    /// 4: Identity militia.
    IdentityMilitia,
    /// 5: Rioters.
    Rioters,
    /// 6: Protesters.
    Protesters,
    /// 7: Civilians.
    Civilians,
    /// 8: External/Other forces.
    ExternalForces,
}

impl Inter {
    /// ACLED's numeric code (1..=8).
    pub fn code(self) -> u8 {
        self as u8 + 1
    }

    /// From ACLED's numeric code.
    pub fn from_code(code: u8) -> Option<Inter> {
        use Inter::*;
        Some(match code {
            1 => StateForces,
            2 => RebelGroup,
            3 => PoliticalMilitia,
            4 => IdentityMilitia,
            5 => Rioters,
            6 => Protesters,
            7 => Civilians,
            8 => ExternalForces,
            _ => return None,
        })
    }

    /// The label used in ACLED's files since 2023 ("State forces", "Rebel group", ...).
    pub fn label(self) -> &'static str {
        use Inter::*;
        match self {
            StateForces => "State forces",
            RebelGroup => "Rebel group",
            PoliticalMilitia => "Political militia",
            IdentityMilitia => "Identity militia",
            Rioters => "Rioters",
            Protesters => "Protesters",
            Civilians => "Civilians",
            ExternalForces => "External/Other forces",
        }
    }
}

/// A canonical actor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// Short stable key from the data file (`jnim`, `katiba_serma`, `state_military`).
    pub key: String,
    /// ACLED-style canonical name. Country-dependent actors hold the placeholder
    /// `{country}` ("Military Forces of {country}"), filled with the event's country.
    pub canonical: String,
    /// ACLED inter code.
    pub inter: Inter,
    /// ISO 3166-1 alpha-3 code of a fixed country, or `None` when the actor takes the
    /// event's country (generic "l'armée", "des hommes armés", "des civils").
    pub country: Option<String>,
    /// The organisation this one belongs to (Katiba Serma -> JNIM).
    pub parent: Option<ActorId>,
}

/// What an event trigger phrase says happened. The pipeline maps classes, with the
/// actors around them, to ACLED event and sub-event types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TriggerClass {
    /// An attack by an armed party ("attaque", "attacked", "assaut", "raid").
    Attack,
    /// Fighting between armed parties ("affrontements", "combats", "clashes", "accrochage").
    Clash,
    /// An ambush ("embuscade", "ambush").
    Ambush,
    /// Killing by an agent ("ont tué", "abattu", "exécuté", "massacre", "killed").
    Kill,
    /// Deaths reported without an agent ("ont péri", "morts", "dead", "bodies").
    Death,
    /// Security-force jargon for killing enemies ("neutralisé", "neutralised").
    Neutralise,
    /// Air or drone strike ("frappe aérienne", "frappes de drone", "airstrike", "bombardement aérien").
    AirStrike,
    /// Artillery, mortar, rockets, shells ("obus", "tirs de mortier", "shelling").
    Shelling,
    /// Improvised explosive devices and landmines ("engin explosif improvisé", "mine", "IED").
    Explosive,
    /// Suicide bombing ("kamikaze", "attentat-suicide", "suicide bomber").
    Suicide,
    /// Grenade ("grenade").
    Grenade,
    /// Abduction ("enlevé", "kidnappé", "otages", "abducted").
    Abduction,
    /// Sexual violence ("viol", "raped").
    SexualViolence,
    /// Looting, theft of cattle ("pillé", "emporté le bétail", "looted").
    Looting,
    /// Burning and destruction of property ("incendié", "brûlé", "détruit", "set ablaze").
    Destruction,
    /// Peaceful protest ("manifestation", "marche", "sit-in", "protest").
    Protest,
    /// Protest broken up by force ("dispersé", "gaz lacrymogène", "tear gas").
    ProtestIntervention,
    /// Riot or mob violence ("émeute", "lynché", "vindicte populaire", "riot").
    Riot,
    /// Arrest ("arrêté", "interpellé", "appréhendé", "arrested").
    Arrest,
    /// State forces retaking an area ("repris le contrôle", "reprise de", "recaptured").
    Regain,
    /// Armed group seizing an area ("pris le contrôle", "s'est emparé", "seized").
    Overtake,
    /// Handover or withdrawal without fighting ("rétrocession", "retrait de", "handed over").
    Transfer,
    /// Agreement ("accord de paix", "cessez-le-feu", "signed an agreement").
    Agreement,
    /// Seizure or destruction of weapons, explosives disarmed ("saisie d'armes", "désamorcé").
    WeaponsSeized,
}

/// Phrases that qualify the text around them. The pipeline decides what they change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cue {
    /// Negation of the nearby event ("n'a pas", "aucun", "dément", "denied", "no one").
    Negation,
    /// Hedged or unconfirmed report ("aurait", "pourrait", "présumé", "allegedly", "may have").
    Modality,
    /// A denial or a rumour: the sentence reports no event ("dément", "démenti", "fausse
    /// information", "rumeurs", "denied").
    Denial,
    /// Threat, plan, warning, call: not an event ("menace de", "projette", "appelle à", "threatened").
    Irrealis,
    /// Habitual or general description: not an event ("opère entre", "connue pour", "régulièrement",
    /// "depuis 2015", "multiplié les attaques", "operates").
    Habitual,
    /// Past reference or retrospective: anniversary, trial, commemoration, "il y a un an", "last year".
    Retrospective,
    /// Period statistics ("depuis le début de l'année", "en un mois", "au total", "bilan annuel").
    Statistics,
    /// Non-conflict context that explains deaths away: sport, accidents, mine collapse, floods,
    /// disease ("match", "buts", "éboulement", "accident de la route", "inondations").
    NonConflict,
    /// A noun for civilians as victims ("civils", "villageois", "habitants", "fidèles", "orpailleurs").
    VictimCivilian,
    /// A noun for security forces as victims or party ("soldats", "militaires", "gendarmes", "policiers").
    VictimSecurity,
    /// A noun for militants ("terroristes", "jihadistes", "assaillants", "insurgents").
    Militant,
    /// A death word used for fatality counting ("tués", "morts", "décès", "killed", "dead", "corps sans vie").
    Dead,
    /// An injury word ("blessés", "wounded").
    Injured,
    /// Reporting verb or source ("selon", "a annoncé", "communiqué", "according to").
    Report,
    /// The pluperfect that tells an earlier event ("avaient été tués", "avait déjà
    /// été endeuillée", "had been killed").
    Pluperfect,
}

/// Name tables: the names the data files use for trigger classes and cues (the
/// variant names, e.g. `AirStrike`, `VictimCivilian`).
macro_rules! named {
    ($ty:ident { $($v:ident),* $(,)? }) => {
        impl $ty {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$v),*];

            /// The name used in the data files (the variant's name).
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$v => stringify!($v),)*
                }
            }

            /// Parses a name used in the data files.
            pub fn from_name(name: &str) -> Option<$ty> {
                match name {
                    $(stringify!($v) => Some($ty::$v),)*
                    _ => None,
                }
            }
        }
    };
}

named!(TriggerClass {
    Attack,
    Clash,
    Ambush,
    Kill,
    Death,
    Neutralise,
    AirStrike,
    Shelling,
    Explosive,
    Suicide,
    Grenade,
    Abduction,
    SexualViolence,
    Looting,
    Destruction,
    Protest,
    ProtestIntervention,
    Riot,
    Arrest,
    Regain,
    Overtake,
    Transfer,
    Agreement,
    WeaponsSeized,
});

named!(Cue {
    Negation,
    Denial,
    Modality,
    Irrealis,
    Habitual,
    Retrospective,
    Statistics,
    NonConflict,
    VictimCivilian,
    VictimSecurity,
    Militant,
    Dead,
    Injured,
    Report,
    Pluperfect,
});
