//! ACLED's event taxonomy: event types, sub-event types and the disorder type each
//! belongs to.

/// ACLED event type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventType {
    /// Battles.
    Battles,
    /// Explosions/Remote violence.
    Explosions,
    /// Violence against civilians.
    ViolenceAgainstCivilians,
    /// Protests.
    Protests,
    /// Riots.
    Riots,
    /// Strategic developments.
    StrategicDevelopments,
}

impl EventType {
    /// The name as ACLED writes it.
    pub fn name(self) -> &'static str {
        match self {
            EventType::Battles => "Battles",
            EventType::Explosions => "Explosions/Remote violence",
            EventType::ViolenceAgainstCivilians => "Violence against civilians",
            EventType::Protests => "Protests",
            EventType::Riots => "Riots",
            EventType::StrategicDevelopments => "Strategic developments",
        }
    }
}

/// ACLED sub-event type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum SubEventType {
    ArmedClash,
    GovernmentRegainsTerritory,
    NonStateActorOvertakesTerritory,
    AirDroneStrike,
    ShellingArtilleryMissile,
    RemoteExplosive,
    SuicideBomb,
    Grenade,
    Attack,
    Abduction,
    SexualViolence,
    PeacefulProtest,
    ProtestWithIntervention,
    ExcessiveForce,
    ViolentDemonstration,
    MobViolence,
    Agreement,
    Arrests,
    ChangeToGroup,
    DisruptedWeaponsUse,
    BaseEstablished,
    LootingPropertyDestruction,
    NonViolentTransfer,
    Other,
}

impl SubEventType {
    /// The name as ACLED writes it.
    pub fn name(self) -> &'static str {
        use SubEventType::*;
        match self {
            ArmedClash => "Armed clash",
            GovernmentRegainsTerritory => "Government regains territory",
            NonStateActorOvertakesTerritory => "Non-state actor overtakes territory",
            AirDroneStrike => "Air/drone strike",
            ShellingArtilleryMissile => "Shelling/artillery/missile attack",
            RemoteExplosive => "Remote explosive/landmine/IED",
            SuicideBomb => "Suicide bomb",
            Grenade => "Grenade",
            Attack => "Attack",
            Abduction => "Abduction/forced disappearance",
            SexualViolence => "Sexual violence",
            PeacefulProtest => "Peaceful protest",
            ProtestWithIntervention => "Protest with intervention",
            ExcessiveForce => "Excessive force against protesters",
            ViolentDemonstration => "Violent demonstration",
            MobViolence => "Mob violence",
            Agreement => "Agreement",
            Arrests => "Arrests",
            ChangeToGroup => "Change to group/activity",
            DisruptedWeaponsUse => "Disrupted weapons use",
            BaseEstablished => "Headquarters or base established",
            LootingPropertyDestruction => "Looting/property destruction",
            NonViolentTransfer => "Non-violent transfer of territory",
            Other => "Other",
        }
    }

    /// The event type this sub-event type belongs to.
    pub fn event_type(self) -> EventType {
        use SubEventType::*;
        match self {
            ArmedClash | GovernmentRegainsTerritory | NonStateActorOvertakesTerritory => {
                EventType::Battles
            }
            AirDroneStrike | ShellingArtilleryMissile | RemoteExplosive | SuicideBomb | Grenade => {
                EventType::Explosions
            }
            Attack | Abduction | SexualViolence => EventType::ViolenceAgainstCivilians,
            PeacefulProtest | ProtestWithIntervention | ExcessiveForce => EventType::Protests,
            ViolentDemonstration | MobViolence => EventType::Riots,
            Agreement
            | Arrests
            | ChangeToGroup
            | DisruptedWeaponsUse
            | BaseEstablished
            | LootingPropertyDestruction
            | NonViolentTransfer
            | Other => EventType::StrategicDevelopments,
        }
    }

    /// ACLED's disorder type for this sub-event type.
    pub fn disorder_type(self) -> &'static str {
        use SubEventType::*;
        match self.event_type() {
            EventType::Battles | EventType::Explosions | EventType::ViolenceAgainstCivilians => {
                "Political violence"
            }
            EventType::Protests if self == ExcessiveForce => "Political violence; Demonstrations",
            EventType::Protests | EventType::Riots => "Demonstrations",
            EventType::StrategicDevelopments => "Strategic developments",
        }
    }
}
