//! When a push is tried again: which rejections a fetch-rebase-push cures, and how long
//! to wait between tries (exponential backoff with random jitter, under a time limit).

use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

/// Rejections another try cures: someone pushed first, or won the race for the ref's lock,
/// or the server was busy. Matched in git's C-locale messages.
const CURABLE: [&str; 10] = [
    "fetch first",
    "non-fast-forward",
    "failed to update ref",
    "cannot lock ref",
    "unable to lock",
    "incorrect old value provided",
    "unpacker error",
    "unpack-objects abnormal exit",
    "index-pack abnormal exit",
    "remote unpacker busy",
];

/// Rejections no retry cures, even when a curable phrase shows up beside them.
const FINAL: [&str; 6] = [
    "permission denied",
    "hook declined",
    "protected branch",
    "authentication failed",
    "access denied",
    "could not read from remote repository",
];

/// Whether a push that failed with this `stderr` (C locale) is worth another try.
pub fn curable(stderr: &str) -> bool {
    let text = stderr.to_lowercase();
    CURABLE.iter().any(|p| text.contains(p)) && !FINAL.iter().any(|p| text.contains(p))
}

/// How hard `sync` tries to land its push.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryOptions {
    /// No new try starts after this long since the first push.
    pub timeout: Duration,
    /// The first wait; each later one doubles, up to `MAX_WAIT`.
    pub base: Duration,
}

impl Default for RetryOptions {
    fn default() -> Self {
        RetryOptions {
            timeout: Duration::from_secs(120),
            base: Duration::from_millis(100),
        }
    }
}

/// Waits never grow past this, so a long queue still gets a try every few seconds.
const MAX_WAIT: Duration = Duration::from_secs(8);

/// The wait before try `tries + 1`: a random point below base·2^(tries-1) (capped), so
/// clients that collided once do not retry in step ("full jitter").
pub fn wait_before(options: &RetryOptions, tries: u32) -> Duration {
    let doubled = options
        .base
        .saturating_mul(1u32 << tries.saturating_sub(1).min(16));
    let ceiling = doubled.min(MAX_WAIT).max(Duration::from_millis(1));
    ceiling.mul_f64(jitter())
}

/// A number in [0, 1) from the process's randomly seeded hasher (no RNG crate needed).
fn jitter() -> f64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let bits = RandomState::new().hash_one((std::process::id(), nanos));
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lost_races_are_curable_and_refusals_are_not() {
        let lock = " ! [remote rejected] HEAD -> master (failed to update ref)\n\
                    remote: error: cannot lock ref 'refs/heads/master': is at 89a but expected 871";
        assert!(curable(lock));
        assert!(curable(
            " ! [rejected] HEAD -> master (fetch first)\nerror: failed to push some refs"
        ));
        assert!(curable(" ! [rejected] HEAD -> master (non-fast-forward)"));
        assert!(!curable(
            " ! [remote rejected] HEAD -> master (pre-receive hook declined)"
        ));
        assert!(!curable(
            "git@example.org: Permission denied (publickey).\nfatal: Could not read from remote repository."
        ));
        assert!(!curable("fatal: repository '/nowhere' does not exist"));
    }

    #[test]
    fn waits_grow_from_the_base_stay_jittered_and_capped() {
        let options = RetryOptions {
            timeout: Duration::from_secs(10),
            base: Duration::from_millis(100),
        };
        for tries in 1..=20 {
            let ceiling = (Duration::from_millis(100) * (1 << (tries - 1).min(16))).min(MAX_WAIT);
            let wait = wait_before(&options, tries);
            assert!(wait <= ceiling, "{tries}: {wait:?}");
        }
        let waits: std::collections::HashSet<Duration> =
            (0..20).map(|_| wait_before(&options, 3)).collect();
        assert!(waits.len() > 1, "jitter varies the wait: {waits:?}");
    }
}
