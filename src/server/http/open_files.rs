//! The open-files limit: raised at start, and turned into how many streams fit under it.

/// Descriptors kept free for everything that is not a stream: the listener, page and asset
/// requests, logs, and a connection being refused with `503`.
pub const RESERVED_DESCRIPTORS: u64 = 200;

/// Raises the soft open-files limit to the hard limit and returns the new soft limit.
pub fn raise_to_hard_limit() -> std::io::Result<u64> {
    rlimit::increase_nofile_limit(u64::MAX)
}

/// The stream cap in force: the configured one, or fewer if the descriptors would run out
/// first (each stream holds one socket), so the cap answers `503` before `accept` fails.
pub fn stream_cap(configured: usize, open_files_limit: u64) -> usize {
    let fits = open_files_limit.saturating_sub(RESERVED_DESCRIPTORS).max(1);
    configured.min(usize::try_from(fits).unwrap_or(usize::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_room_under_the_descriptor_limit() {
        assert_eq!(stream_cap(19_500, 20_000), 19_500);
        assert_eq!(stream_cap(19_500, 1_024), 824);
        assert_eq!(stream_cap(10, 5), 1);
    }

    #[test]
    fn raising_never_lowers_the_limit() {
        let (soft_before, _) = rlimit::getrlimit(rlimit::Resource::NOFILE).unwrap();
        let raised = raise_to_hard_limit().unwrap();
        assert!(raised >= soft_before);
    }
}
