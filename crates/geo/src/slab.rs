//! Arrays that either own their items or view them where an index file holds
//! them (see `crate::indexfile`): opening the index then copies none of the
//! name tables, so a run does not pay for 10 MB of fresh memory the kernel must
//! zero before the copy overwrites it.

use std::ops::Deref;
use std::ptr::NonNull;
use std::sync::Arc;

/// The bytes a [`Slab`] views, shared by every slab of one index file.
pub(crate) type Owner = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// Items whose in-memory form is their little-endian bytes in the index file,
/// back to back.
///
/// # Safety
///
/// `LAYOUT_OK` may be `true` only if every bit pattern of `size_of::<Self>()`
/// bytes is a valid `Self` and `Self` has no padding, so that little-endian
/// file bytes can be read as `Self` in place on a little-endian machine.
pub(crate) unsafe trait Plain: Copy + Send + Sync + 'static {
    /// Whether the in-memory layout is the file's.
    const LAYOUT_OK: bool;
}

// SAFETY: a u32 is four bytes, every pattern valid.
unsafe impl Plain for u32 {
    const LAYOUT_OK: bool = true;
}

// SAFETY: a tuple's layout is not fixed by the language, so it is checked:
// the pair counts only when it is 8 bytes with `.0` first, i.e. two u32s with
// no padding (the layout every Rust compiler uses today).
unsafe impl Plain for (u32, u32) {
    const LAYOUT_OK: bool = std::mem::size_of::<(u32, u32)>() == 8
        && std::mem::offset_of!((u32, u32), 0) == 0
        && std::mem::offset_of!((u32, u32), 1) == 4;
}

// SAFETY: `PlaceId` is `repr(transparent)` over a u32.
unsafe impl Plain for crate::PlaceId {
    const LAYOUT_OK: bool = true;
}

/// An array of `T`: owned, or viewed in the bytes of an index file. Reading
/// it is a plain slice either way (a pointer and a length, no branch: name
/// lookups read these arrays in the hot loop).
pub(crate) struct Slab<T> {
    /// The items: `vec`'s buffer when owned, else in `owner`'s bytes.
    ptr: NonNull<T>,
    len: usize,
    /// The items when owned (empty when viewed).
    vec: Vec<T>,
    /// Keeps viewed bytes alive (`None` when owned).
    owner: Option<Owner>,
}

// SAFETY: a `Slab` is an immutable view of items it owns (`vec`) or shares
// through an `Arc` of bytes that are `Send + Sync`; the pointer is only read
// through `&self`, and changed only through `&mut self` (`modify`).
unsafe impl<T: Send + Sync> Send for Slab<T> {}
// SAFETY: as above.
unsafe impl<T: Send + Sync> Sync for Slab<T> {}

impl<T> Default for Slab<T> {
    fn default() -> Slab<T> {
        Slab::from(Vec::new())
    }
}

impl<T> From<Vec<T>> for Slab<T> {
    fn from(vec: Vec<T>) -> Slab<T> {
        Slab {
            // A Vec's pointer is never null (dangling and aligned when empty).
            ptr: NonNull::new(vec.as_ptr().cast_mut()).unwrap_or(NonNull::dangling()),
            len: vec.len(),
            vec,
            owner: None,
        }
    }
}

impl<T: Clone> Clone for Slab<T> {
    fn clone(&self) -> Slab<T> {
        match &self.owner {
            None => Slab::from(self.vec.clone()),
            Some(owner) => Slab {
                ptr: self.ptr,
                len: self.len,
                vec: Vec::new(),
                owner: Some(owner.clone()),
            },
        }
    }
}

impl<T: Plain> Slab<T> {
    /// `len` items at byte `at` of `owner`, viewed in place when the machine
    /// is little-endian, the layout is the file's and the bytes are aligned
    /// for `T`; else decoded into an owned array by `decode` (one item from
    /// its bytes). `None` when the bytes are not all there.
    pub(crate) fn view(
        owner: &Owner,
        at: usize,
        len: usize,
        decode: impl Fn(&[u8]) -> T,
    ) -> Option<Slab<T>> {
        let size = std::mem::size_of::<T>();
        let bytes = (**owner)
            .as_ref()
            .get(at..at.checked_add(len.checked_mul(size)?)?)?;
        let aligned = (bytes.as_ptr() as usize).is_multiple_of(std::mem::align_of::<T>());
        if cfg!(target_endian = "little") && T::LAYOUT_OK && aligned {
            Some(Slab {
                ptr: NonNull::new(bytes.as_ptr().cast::<T>().cast_mut())?,
                len,
                vec: Vec::new(),
                owner: Some(owner.clone()),
            })
        } else {
            Some(Slab::from(
                bytes.chunks_exact(size).map(decode).collect::<Vec<T>>(),
            ))
        }
    }

    /// Changes the items (copied into an owned array first when viewed).
    pub(crate) fn modify<R>(&mut self, f: impl FnOnce(&mut Vec<T>) -> R) -> R {
        if self.owner.is_some() {
            *self = Slab::from(self.to_vec());
        }
        let r = f(&mut self.vec);
        // The buffer may have moved or changed length.
        *self = Slab::from(std::mem::take(&mut self.vec));
        r
    }

    /// Whether the items are viewed in an index file's bytes.
    #[cfg(test)]
    pub(crate) fn is_viewed(&self) -> bool {
        self.owner.is_some()
    }

    /// Heap bytes this slab owns (none when viewed).
    pub(crate) fn owned_bytes(&self) -> usize {
        self.vec.capacity() * std::mem::size_of::<T>()
    }
}

impl<T> Deref for Slab<T> {
    type Target = [T];

    #[inline]
    fn deref(&self) -> &[T] {
        // SAFETY: `ptr` and `len` are those of `vec` when owned (refreshed by
        // `modify`, the only change; moving a Vec does not move its buffer),
        // or, when viewed, of `len` items that `view` checked lie in
        // `owner`'s bytes, aligned for `T`, in `T`'s layout with every bit
        // pattern valid (`Plain`) on this little-endian machine. The owner's
        // bytes never move or change while shared (a `Vec` in an `Arc`, or a
        // read-only mapping of a file kibaru never writes in place), and the
        // `Arc` in `self` keeps them alive.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(bytes: Vec<u8>) -> Owner {
        Arc::new(bytes)
    }

    #[test]
    fn views_aligned_bytes_and_copies_the_rest() {
        let words: Vec<u32> = vec![7, 0xdead_beef, 0, u32::MAX, 42];
        let mut bytes = vec![0u8; 4];
        for w in &words {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        bytes.extend_from_slice(&[1, 2, 3]);
        let o = owner(bytes);
        let decode = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        // Aligned: viewed in place (a Vec<u8> from the allocator is 4-aligned
        // here; the test says so rather than assume it).
        let base = (*o).as_ref().as_ptr() as usize;
        let s = Slab::view(&o, 4, words.len(), decode).unwrap();
        assert_eq!(&s[..], &words[..]);
        if base.is_multiple_of(4) && cfg!(target_endian = "little") {
            assert!(s.is_viewed());
        }
        // Misaligned: decoded into an owned copy, same items.
        let odd = Slab::view(&o, 5, 2, decode).unwrap();
        assert!(!odd.is_viewed());
        assert_eq!(odd[0], decode(&(*o).as_ref()[5..9]));
        // Out of bounds or overflowing: refused.
        assert!(Slab::view(&o, 4, words.len() + 1, decode).is_none());
        assert!(Slab::view(&o, usize::MAX, 1, decode).is_none());
        assert!(Slab::view(&o, 0, usize::MAX / 2, decode).is_none());
        // Changing a viewed slab copies it first; the owner is untouched.
        let mut m = s.clone();
        assert_eq!(&m[..], &words[..]);
        m.modify(|v| v[0] = 8);
        assert!(!m.is_viewed());
        assert_eq!(m[0], 8);
        assert_eq!(s[0], 7);
        assert!(m.owned_bytes() >= m.len() * 4);
        // Growing moves the buffer: the slab still reads the new one.
        let mut g = Slab::from(vec![1u32]);
        for i in 0..1000 {
            g.modify(|v| v.push(i));
        }
        assert_eq!(g.len(), 1001);
        assert_eq!(g[1000], 999);
        let h = g.clone();
        drop(g);
        assert_eq!(h[1000], 999);
    }

    #[test]
    fn pairs_read_as_the_file_writes_them() {
        let pairs = [(1u32, 2u32), (u32::MAX, 0), (5, 6)];
        let mut bytes = Vec::new();
        for (a, b) in pairs {
            bytes.extend_from_slice(&a.to_le_bytes());
            bytes.extend_from_slice(&b.to_le_bytes());
        }
        let o = owner(bytes);
        let decode = |b: &[u8]| {
            (
                u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
                u32::from_le_bytes([b[4], b[5], b[6], b[7]]),
            )
        };
        let s: Slab<(u32, u32)> = Slab::view(&o, 0, 3, decode).unwrap();
        assert_eq!(&s[..], &pairs[..]);
    }
}
