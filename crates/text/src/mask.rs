//! Byte-class masks of sixteen bytes at once, shared by the word scanners of
//! the lexicon and the date lexer (and their tests): which bytes are word
//! bytes, an ASCII letter or digit or any byte that is not ASCII (folded text
//! keeps a non-ASCII character inside its word).

/// Bytes `0x01` and `0x80` repeated over a word.
const ONES: u64 = u64::MAX / 0xff;
const HIGH: u64 = ONES * 0x80;

/// Whether a byte is a word byte: an ASCII letter or digit, or not ASCII.
#[inline]
pub const fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// The word bytes of the sixteen bytes `lo`, `hi` (little-endian, `lo`
/// first): bit `k` set when byte `k` is a word byte ([`is_word_byte`]).
/// With SSE2, which every x86-64 processor has, about ten instructions.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
pub fn word_mask16(lo: u64, hi: u64) -> u32 {
    use std::arch::x86_64::*;
    // SAFETY: the intrinsics need SSE2 only, enabled for the whole build
    // (the cfg above), and read nothing but their arguments.
    unsafe {
        let v = _mm_set_epi64x(hi as i64, lo as i64);
        let rep = |c: u8| _mm_set1_epi8(c as i8);
        // A byte b is in lo..lo + n iff b + (0x80 - lo), as a signed byte, is
        // below n - 0x80: the range moved to the bottom of the signed bytes.
        let in_range = |x: __m128i, lo: u8, n: u8| {
            _mm_cmplt_epi8(
                _mm_add_epi8(x, rep(0x80u8.wrapping_sub(lo))),
                rep(0x80u8.wrapping_add(n)),
            )
        };
        let letter = in_range(_mm_or_si128(v, rep(0x20)), b'a', 26);
        let digit = in_range(v, b'0', 10);
        // Non-ASCII bytes have their sign bit set: the mask takes them as is.
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), v)) as u32
    }
}

/// [`word_mask16`] where SSE2 is not known to be there: word-wide arithmetic.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline(always)]
pub fn word_mask16(lo: u64, hi: u64) -> u32 {
    word_mask16_portable(lo, hi)
}

/// [`word_mask16`] by word-wide arithmetic: [`word_bytes`] of each half, their
/// high bits gathered into one byte by a multiplication. Public so that every
/// build tests it against the byte classes.
#[inline]
pub fn word_mask16_portable(lo: u64, hi: u64) -> u32 {
    // Bit 8k of `m >> 7` is byte k's; the product puts bit 8k at bit 56 + k
    // (the partial products of different bytes never meet below bit 64).
    let gather = |m: u64| ((m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32;
    gather(word_bytes(lo)) | gather(word_bytes(hi)) << 8
}

/// The word bytes of `x` (little-endian): the high bit of each byte of the
/// result is set when that byte of `x` is a word byte, the other bits are clear.
#[inline]
pub fn word_bytes(x: u64) -> u64 {
    let x7 = x & !HIGH;
    // For a byte b < 0x80, b + (0x80 - lo) has its high bit set iff b >= lo,
    // b + (0x7f - hi) has it clear iff b <= hi, and neither carries out of the byte.
    let digit = (x7 + ONES * (0x80 - 0x30)) & !(x7 + ONES * (0x7f - 0x39));
    let lower = x7 | (ONES * 0x20);
    let letter = (lower + ONES * (0x80 - 0x61)) & !(lower + ONES * (0x7f - 0x7a));
    (x | digit | letter) & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn halves(bytes: &[u8; 16]) -> (u64, u64) {
        (
            u64::from_le_bytes(bytes[..8].try_into().unwrap()),
            u64::from_le_bytes(bytes[8..].try_into().unwrap()),
        )
    }

    fn slow_mask(bytes: &[u8; 16]) -> u32 {
        bytes
            .iter()
            .enumerate()
            .fold(0, |m, (k, &c)| m | u32::from(is_word_byte(c)) << k)
    }

    #[test]
    fn word_bytes_are_ascii_alphanumerics_and_non_ascii() {
        for b in 0..=255u8 {
            let want = b.is_ascii_alphanumeric() || !b.is_ascii();
            assert_eq!(is_word_byte(b), want, "{b:#x}");
        }
    }

    #[test]
    fn masks_are_the_byte_class_of_every_byte_at_every_place() {
        for fill in [
            b'a', b' ', 0xc3, b'Z', b'0', 0, 0x7f, 0xff, b'@', b'[', b'`', b'{',
        ] {
            for at in 0..16 {
                for b in 0..=255u8 {
                    let mut bytes = [fill; 16];
                    bytes[at] = b;
                    let (lo, hi) = halves(&bytes);
                    let want = slow_mask(&bytes);
                    assert_eq!(word_mask16(lo, hi), want, "{fill:#x} {at} {b:#x}");
                    assert_eq!(word_mask16_portable(lo, hi), want, "{fill:#x} {at} {b:#x}");
                }
            }
        }
    }

    proptest! {
        #[test]
        fn masks_are_the_byte_class(bytes in any::<[u8; 16]>()) {
            let (lo, hi) = halves(&bytes);
            let want = slow_mask(&bytes);
            prop_assert_eq!(word_mask16(lo, hi), want);
            prop_assert_eq!(word_mask16_portable(lo, hi), want);
            let high = word_bytes(lo);
            prop_assert_eq!(high & !HIGH, 0);
            prop_assert_eq!(((high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32, want & 0xff);
        }
    }
}
