//! `config.ron` in the user config dir (XDG_CONFIG_HOME on Linux): who annotates, which
//! keymap, whether the mouse is on. Errors name the file and line; never silently ignored.

use serde::Deserialize;
use std::path::{Path, PathBuf};

use crate::store::FileError;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub annotator: Option<String>,
    #[serde(default)]
    pub keymap: Option<String>,
    #[serde(default)]
    pub mouse: Option<bool>,
    /// `false` turns the annotator's suggestions off (in the article and the gazetteer).
    #[serde(default)]
    pub suggest: Option<bool>,
    /// `false` keeps the annotator's model from learning again as articles are done.
    #[serde(default)]
    pub learn: Option<bool>,
    /// Accepted spans the done articles must hold before the model learns (default 50).
    #[serde(default)]
    pub learn_after: Option<usize>,
}

/// The tanba folder in the user config dir, if the platform has one.
pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "tanba").map(|d| d.config_dir().to_path_buf())
}

pub fn config_path() -> Option<PathBuf> {
    config_dir().map(|d| d.join("config.ron"))
}

impl Config {
    /// Reads the user's config; a missing file is the default config.
    pub fn load() -> Result<Config, FileError> {
        match config_path() {
            Some(path) => Self::load_from(&path),
            None => Ok(Config::default()),
        }
    }

    pub fn load_from(path: &Path) -> Result<Config, FileError> {
        match std::fs::read_to_string(path) {
            Ok(text) => ron::from_str(&text).map_err(|e| FileError::parse(path, &e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(FileError::io(path, source)),
        }
    }

    /// The annotator: `--annotator`, then `config.ron`, then `$USER`.
    pub fn annotator(&self, from_cli: Option<&str>) -> Result<String, String> {
        let name = from_cli
            .map(str::to_string)
            .or_else(|| self.annotator.clone())
            .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
            .or_else(|| std::env::var("LOGNAME").ok().filter(|u| !u.is_empty()))
            .or_else(|| std::env::var("USERNAME").ok().filter(|u| !u.is_empty()))
            .or_else(login_name)
            .ok_or("no annotator: pass --annotator NAME or set annotator in config.ron")?;
        crate::store::check_annotator(&name)?;
        Ok(name)
    }
}

/// The account name from the password database, for shells that set no $USER.
#[cfg(unix)]
fn login_name() -> Option<String> {
    // SAFETY: getpwuid returns a pointer into static storage or null; we copy the name
    // out at once and call it from one thread at start-up.
    unsafe {
        let pw = libc::getpwuid(libc::geteuid());
        if pw.is_null() || (*pw).pw_name.is_null() {
            return None;
        }
        let name = std::ffi::CStr::from_ptr((*pw).pw_name);
        name.to_str().ok().map(str::to_string)
    }
}

#[cfg(not(unix))]
fn login_name() -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_in_config_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.ron");
        std::fs::write(
            &path,
            "(\n    annotator: Some(\"aigerim\"),\n    mosue: Some(false),\n)\n",
        )
        .unwrap();
        let err = Config::load_from(&path).unwrap_err().to_string();
        assert!(err.contains("config.ron:3:"), "{err}");
        assert!(err.contains("mosue"), "{err}");
    }

    #[test]
    fn cli_beats_config_and_bad_names_are_refused() {
        let config = Config {
            annotator: Some("aigerim".into()),
            ..Config::default()
        };
        assert_eq!(config.annotator(Some("dana")).unwrap(), "dana");
        assert_eq!(config.annotator(None).unwrap(), "aigerim");
        assert!(config.annotator(Some("../root")).is_err());
        assert!(
            Config::load_from(Path::new("/nonexistent/config.ron")).unwrap() == Config::default()
        );
    }
}
