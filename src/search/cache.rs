//! A hint to the processor to fetch memory into its cache before it is read: the build
//! reads each article's text once, in pieces the hardware does not foresee.

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
