//! kibaru-intake (being written).
