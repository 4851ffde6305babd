//! The byte search JSON strings need, shared by the article reader (intake) and
//! the event writer (export).

/// Whether a byte ends a plain run of a JSON string: a quote, a backslash or a
/// control byte (what a writer must escape and a reader must stop at).
#[inline]
pub fn is_json_special(b: u8) -> bool {
    // `|`, not `||`: no branch, so that loops over bytes vectorise.
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// The first byte from `from` on that [`is_json_special`] (`bytes.len()` if
/// none, or `from` if it is past the end). Most text has none: 32 bytes a step
/// are tested at once (a loop without a branch per byte, which the compiler
/// turns into vector compares), then the step that has one is searched eight
/// bytes at a time.
pub fn json_string_stop(bytes: &[u8], from: usize) -> usize {
    const STEP: usize = 32;
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + STEP) {
        if chunk.iter().fold(false, |any, &c| any | is_json_special(c)) {
            break;
        }
        i += STEP;
    }
    // The high bit of each zero byte of `x` set, exact up to the lowest zero
    // byte (above it a borrow may set more), which is all that is used.
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    while let Some(word) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        // A byte under 0x20: (b & 0xe0) == 0, i.e. zero after masking.
        let found = zero(w & (0xe0 * ONES))
            | zero(w ^ (u64::from(b'"') * ONES))
            | zero(w ^ (u64::from(b'\\') * ONES));
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(|&c| !is_json_special(c)) {
        i += 1;
    }
    i
}
