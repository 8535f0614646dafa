//! Hints to the processor to fetch memory into its cache before it is read: the build
//! reads each article's text once, in pieces the hardware does not foresee, and each
//! shard's words at random, after the other shards have pushed them out.

/// Fetches the cache line holding `place`; `place` need not point into anything, since a
/// prefetch reads nothing and cannot fault.
#[inline(always)]
pub(crate) fn prefetch(place: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch only hints at an address; it never dereferences it nor faults
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(place.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = place;
}

/// Fetches every cache line of `items`: the hardware streams memory read in order, where
/// the same lines read at random would each wait on it.
pub(crate) fn prefetch_all<T>(items: &[T]) {
    let start = items.as_ptr().cast::<u8>();
    for offset in (0..std::mem::size_of_val(items)).step_by(64) {
        prefetch(start.wrapping_add(offset));
    }
}
