//! Test support: make a folder unwritable, even for root (CI runs as root); the 25-label
//! set the unit and end-to-end tests of large label sets share; articles with
//! pre-annotations.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::corpus::{Article, ImportedSpan};

/// An article whose `(start, end, label)` pre-annotations arrive pending.
pub fn with_imported(mut a: Article, spans: &[(usize, usize, &str)]) -> Article {
    a.imported = spans
        .iter()
        .map(|&(start, end, label)| ImportedSpan {
            start,
            end,
            label: label.into(),
            note: None,
        })
        .collect();
    a
}

/// The five default labels and twenty of KazNERD's, PERCENTAGE beside PERSON.
pub const LABELS25: [&str; 25] = [
    "PERSON",
    "AGENCY",
    "STATISTIC",
    "LOCATION",
    "DATE",
    "ADAGE",
    "ART",
    "CARDINAL",
    "CONTACT",
    "DISEASE",
    "EVENT",
    "FACILITY",
    "GPE",
    "LANGUAGE",
    "LAW",
    "MISCELLANEOUS",
    "MONEY",
    "NON_HUMAN",
    "NORP",
    "ORDINAL",
    "ORGANISATION",
    "PERCENTAGE",
    "POSITION",
    "PRODUCT",
    "PROJECT",
];

/// While alive, writes into `dir` fail: by permissions for ordinary users, by the
/// immutable attribute for root, or, where neither is possible, by a file standing where
/// the folder should be. Dropping restores a writable folder.
pub struct Unwritable {
    dir: PathBuf,
    how: How,
}

enum How {
    Mode,
    Immutable,
    FileInTheWay,
}

impl Unwritable {
    pub fn new(dir: &Path) -> Unwritable {
        use std::os::unix::fs::PermissionsExt;
        std::fs::create_dir_all(dir).expect("creating the folder");
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        if !writable(dir) {
            return Unwritable {
                dir: dir.into(),
                how: How::Mode,
            };
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let chattr = Command::new("chattr").arg("+i").arg(dir).output();
        if chattr.is_ok_and(|o| o.status.success()) && !writable(dir) {
            return Unwritable {
                dir: dir.into(),
                how: How::Immutable,
            };
        }
        let _ = Command::new("chattr").arg("-i").arg(dir).output();
        let backup = dir.with_extension("moved-away");
        std::fs::rename(dir, &backup).unwrap();
        std::fs::write(dir, b"not a folder").unwrap();
        Unwritable {
            dir: dir.into(),
            how: How::FileInTheWay,
        }
    }
}

fn writable(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let ok = std::fs::write(&probe, b"x").is_ok();
    let _ = std::fs::remove_file(probe);
    ok
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        match self.how {
            How::Mode => {
                let _ = std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o755));
            }
            How::Immutable => {
                let _ = Command::new("chattr").arg("-i").arg(&self.dir).output();
            }
            How::FileInTheWay => {
                let _ = std::fs::remove_file(&self.dir);
                let _ = std::fs::rename(self.dir.with_extension("moved-away"), &self.dir);
            }
        }
    }
}
