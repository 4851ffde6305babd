//! kibaru-export (being written).
