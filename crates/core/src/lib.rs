//! kibaru-core (being written).
