//! Giving the allocator's free memory back to the system once the modules are loaded.
//! Compiling the built-in modules (a cold compile cache: the first start, or after an
//! upgrade) allocates tens of MiB in the malloc arenas of the blocking threads that compile;
//! glibc keeps what is freed there resident, so an idle Buddy would carry the compiler's peak
//! for good. `malloc_trim` hands the free pages of every arena back. Nothing to do with other
//! C libraries.

/// Returns the allocator's free pages to the system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn release_free_memory() {
    // SAFETY: `malloc_trim` takes no pointer and only walks the allocator's own free lists,
    // under the allocator's locks.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Returns the allocator's free pages to the system.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_free_memory() {}
