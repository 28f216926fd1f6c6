//! Runtime settings: read from `Leptos.toml` at start, each overridable by an environment
//! variable, each checked into a typed value with an error that names where it went wrong.
//!
//! Build settings for cargo-leptos live in `Cargo.toml`; this file holds only what the
//! running server needs. A missing `Leptos.toml` is fine (every setting has a default); a
//! present one with a bad value stops the server with the file, line and setting named.

use std::{collections::BTreeMap, fmt, net::SocketAddr, path::PathBuf, time::Duration};

use chrono_tz::Tz;

use crate::model::decimal_seconds_to_millis;

/// The settings file read when `WORLDCLOCK_CONFIG` does not name another.
pub const DEFAULT_SETTINGS_FILE: &str = "Leptos.toml";

/// Everything the server can be told at start.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Address and port to listen on (`site_addr`, `LEPTOS_SITE_ADDR`).
    pub site_addr: SocketAddr,
    /// Directory of the built site: `pkg/` with the WASM bundle and CSS, plus public assets
    /// (`site_root`, `LEPTOS_SITE_ROOT`). Relative paths start at the working directory.
    pub site_root: String,
    /// The zone a stream shows when the request names none (`default_zone`,
    /// `WORLDCLOCK_DEFAULT_ZONE`).
    pub default_zone: Tz,
    /// Streams open at once before new ones are refused with `503` (`max_streams`,
    /// `WORLDCLOCK_MAX_STREAMS`).
    pub max_streams: usize,
    /// Streams one client (one peer address; one /64 for IPv6) may hold at once before its
    /// new ones are refused with `429` (`max_streams_per_client`,
    /// `WORLDCLOCK_MAX_STREAMS_PER_CLIENT`).
    pub max_streams_per_client: usize,
    /// The reconnection delay sent to clients in the stream's `retry:` line (`retry_ms`,
    /// `WORLDCLOCK_RETRY_MS`).
    pub retry: Duration,
    /// Quiet time after which a `: keep-alive` comment is sent (`heartbeat_s`,
    /// `WORLDCLOCK_HEARTBEAT_S`).
    pub heartbeat: Duration,
    /// Origins allowed to read the API with credentials (`allowed_origins`,
    /// `WORLDCLOCK_ALLOWED_ORIGINS`, comma-separated). Empty: same-origin only.
    pub allowed_origins: Vec<String>,
    /// Bytes of rendered report results kept for downloads and late followers, least
    /// recently used out first (`report_cache_mb`, `WORLDCLOCK_REPORT_CACHE_MB`).
    pub report_cache_bytes: usize,
    /// Reports computed at once; more get `429` (`max_running_reports`,
    /// `WORLDCLOCK_MAX_RUNNING_REPORTS`).
    pub max_running_reports: usize,
    /// Report event streams open at once before new ones are refused with `503`
    /// (`max_report_streams`, `WORLDCLOCK_MAX_REPORT_STREAMS`).
    pub max_report_streams: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            site_addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            site_root: "target/site".to_owned(),
            default_zone: chrono_tz::Asia::Kolkata,
            // Leaves headroom under this machine's 20,000 open files for the listener, logs
            // and the site's static files.
            max_streams: 19_500,
            // An office of a few hundred people behind one NAT address, a tab or two each;
            // far below what one client could use to crowd out everyone else.
            max_streams_per_client: 500,
            retry: Duration::from_millis(3_000),
            heartbeat: Duration::from_secs(15),
            allowed_origins: Vec::new(),
            // The largest report (every zone, 1980 to 2029) renders to 5.9 MB of CSV and JSON.
            report_cache_bytes: 64 << 20,
            max_running_reports: 2,
            max_report_streams: 100,
        }
    }
}

/// One setting: its key in the file, the variable that overrides it, and how its text is
/// checked and stored.
struct SettingSpec {
    key: &'static str,
    variable: &'static str,
    apply: fn(&mut Settings, &str) -> Result<(), String>,
}

/// Every setting, in the order `Leptos.toml` lists them.
const SETTINGS: &[SettingSpec] = &[
    SettingSpec {
        key: "site_addr",
        variable: "LEPTOS_SITE_ADDR",
        apply: |settings, text| {
            settings.site_addr = text.trim().parse().map_err(|_| {
                format!("must be an address and port such as 127.0.0.1:3000, not {text:?}")
            })?;
            Ok(())
        },
    },
    SettingSpec {
        key: "site_root",
        variable: "LEPTOS_SITE_ROOT",
        apply: |settings, text| {
            if text.trim().is_empty() {
                return Err(
                    "must name the directory of the built site, such as target/site".into(),
                );
            }
            settings.site_root = text.trim().to_owned();
            Ok(())
        },
    },
    SettingSpec {
        key: "default_zone",
        variable: "WORLDCLOCK_DEFAULT_ZONE",
        apply: |settings, text| {
            settings.default_zone = Tz::from_str_insensitive(text.trim()).map_err(|_| {
                format!("must be an IANA time zone name such as Asia/Kolkata, not {text:?}")
            })?;
            Ok(())
        },
    },
    SettingSpec {
        key: "max_streams",
        variable: "WORLDCLOCK_MAX_STREAMS",
        apply: |settings, text| {
            settings.max_streams = parse_whole_number(text, 1, 1_000_000)? as usize;
            Ok(())
        },
    },
    SettingSpec {
        key: "max_streams_per_client",
        variable: "WORLDCLOCK_MAX_STREAMS_PER_CLIENT",
        apply: |settings, text| {
            settings.max_streams_per_client = parse_whole_number(text, 1, 1_000_000)? as usize;
            Ok(())
        },
    },
    SettingSpec {
        key: "retry_ms",
        variable: "WORLDCLOCK_RETRY_MS",
        apply: |settings, text| {
            settings.retry = Duration::from_millis(parse_whole_number(text, 100, 600_000)?);
            Ok(())
        },
    },
    SettingSpec {
        key: "heartbeat_s",
        variable: "WORLDCLOCK_HEARTBEAT_S",
        apply: |settings, text| {
            settings.heartbeat = parse_seconds(text, 100, 3_600_000)?;
            Ok(())
        },
    },
    SettingSpec {
        key: "report_cache_mb",
        variable: "WORLDCLOCK_REPORT_CACHE_MB",
        apply: |settings, text| {
            // At least 8 MB: the largest result (5.9 MB) always fits, so every result is
            // kept at least until the next one, never rendered again for each download.
            settings.report_cache_bytes = (parse_whole_number(text, 8, 65_536)? as usize) << 20;
            Ok(())
        },
    },
    SettingSpec {
        key: "max_running_reports",
        variable: "WORLDCLOCK_MAX_RUNNING_REPORTS",
        apply: |settings, text| {
            settings.max_running_reports = parse_whole_number(text, 1, 64)? as usize;
            Ok(())
        },
    },
    SettingSpec {
        key: "max_report_streams",
        variable: "WORLDCLOCK_MAX_REPORT_STREAMS",
        apply: |settings, text| {
            settings.max_report_streams = parse_whole_number(text, 1, 100_000)? as usize;
            Ok(())
        },
    },
    SettingSpec {
        key: "allowed_origins",
        variable: "WORLDCLOCK_ALLOWED_ORIGINS",
        apply: |settings, text| {
            settings.allowed_origins = parse_origins(text)?;
            Ok(())
        },
    },
];

/// Why the settings could not be read. Each variant's message names where to look.
#[derive(Debug, PartialEq)]
pub enum SettingsError {
    /// The settings file exists (or was named) but could not be read.
    Unreadable { path: PathBuf, reason: String },
    /// The settings file is not valid TOML.
    Syntax {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    /// The settings file names a setting worldclock does not have.
    UnknownSetting {
        path: PathBuf,
        line: usize,
        key: String,
    },
    /// A setting in the file has a value it cannot take.
    BadValue {
        path: PathBuf,
        line: usize,
        key: &'static str,
        reason: String,
    },
    /// An environment variable overriding a setting has a value it cannot take.
    BadVariable {
        variable: &'static str,
        reason: String,
    },
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingsError::Unreadable { path, reason } => {
                write!(f, "cannot read settings file {}: {reason}", path.display())
            }
            SettingsError::Syntax { path, line, reason } => {
                write!(
                    f,
                    "{}, line {line}: not valid TOML: {reason}",
                    path.display()
                )
            }
            SettingsError::UnknownSetting { path, line, key } => {
                let known: Vec<&str> = SETTINGS.iter().map(|spec| spec.key).collect();
                write!(
                    f,
                    "{}, line {line}: unknown setting `{key}` (the settings are {})",
                    path.display(),
                    known.join(", ")
                )
            }
            SettingsError::BadValue {
                path,
                line,
                key,
                reason,
            } => write!(
                f,
                "{}, line {line}: setting `{key}` {reason}",
                path.display()
            ),
            SettingsError::BadVariable { variable, reason } => {
                write!(f, "environment variable {variable} {reason}")
            }
        }
    }
}

impl std::error::Error for SettingsError {}

impl Settings {
    /// Reads the settings the way the server does at start: the file named by
    /// `WORLDCLOCK_CONFIG` (which must then exist) or `Leptos.toml` in the working directory
    /// (which may be absent), then the environment variables over it.
    pub fn load() -> Result<Settings, SettingsError> {
        let (path, must_exist) = match std::env::var_os("WORLDCLOCK_CONFIG") {
            Some(path) => (PathBuf::from(path), true),
            None => (PathBuf::from(DEFAULT_SETTINGS_FILE), false),
        };
        let file_text = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound && !must_exist => None,
            Err(error) => {
                return Err(SettingsError::Unreadable {
                    path,
                    reason: error.to_string(),
                })
            }
        };
        Settings::from_sources(
            file_text.as_deref().map(|text| (path.clone(), text)),
            |variable| std::env::var(variable).ok(),
        )
    }

    /// Builds settings from a file's text (if any) and a lookup of environment variables.
    /// Split from [`Settings::load`] so tests need neither files nor the real environment.
    pub fn from_sources(
        file: Option<(PathBuf, &str)>,
        variable: impl Fn(&str) -> Option<String>,
    ) -> Result<Settings, SettingsError> {
        let mut settings = Settings::default();
        if let Some((path, text)) = file {
            apply_file(&mut settings, path, text)?;
        }
        for spec in SETTINGS {
            if let Some(value) = variable(spec.variable) {
                (spec.apply)(&mut settings, &value).map_err(|reason| {
                    SettingsError::BadVariable {
                        variable: spec.variable,
                        reason,
                    }
                })?;
            }
        }
        Ok(settings)
    }
}

/// Applies every setting in a `Leptos.toml` text, stopping at the first bad one.
fn apply_file(settings: &mut Settings, path: PathBuf, text: &str) -> Result<(), SettingsError> {
    let table: BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>> =
        toml::from_str(text).map_err(|error| SettingsError::Syntax {
            line: error.span().map_or(1, |span| line_of(text, span.start)),
            reason: error.message().trim_end().to_owned(),
            path: path.clone(),
        })?;
    for (key, value) in &table {
        let key_line = line_of(text, key.span().start);
        let Some(spec) = SETTINGS.iter().find(|spec| spec.key == key.get_ref()) else {
            return Err(SettingsError::UnknownSetting {
                path,
                line: key_line,
                key: key.get_ref().clone(),
            });
        };
        let bad_value = |reason| SettingsError::BadValue {
            path: path.clone(),
            line: line_of(text, value.span().start),
            key: spec.key,
            reason,
        };
        let value_text = toml_value_text(value.get_ref()).map_err(bad_value)?;
        (spec.apply)(settings, &value_text).map_err(bad_value)?;
    }
    Ok(())
}

/// The text form of a TOML value, the same form its environment variable would take:
/// numbers as written, strings as they are, arrays of strings joined with commas.
fn toml_value_text(value: &toml::Value) -> Result<String, String> {
    match value {
        toml::Value::String(text) => Ok(text.clone()),
        toml::Value::Integer(number) => Ok(number.to_string()),
        toml::Value::Float(number) => Ok(number.to_string()),
        toml::Value::Array(items) => items
            .iter()
            .map(|item| match item {
                toml::Value::String(text) => Ok(text.clone()),
                other => Err(format!("must list strings, but holds {}", other.type_str())),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|items| items.join(",")),
        other => Err(format!("cannot be a {}", other.type_str())),
    }
}

/// 1-based line number of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn parse_whole_number(text: &str, min: u64, max: u64) -> Result<u64, String> {
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|number| (min..=max).contains(number))
        .ok_or_else(|| format!("must be a whole number from {min} to {max}, not {text:?}"))
}

/// Seconds written as a decimal (`15`, `0.25`), to the millisecond, between the bounds.
fn parse_seconds(text: &str, min_ms: u64, max_ms: u64) -> Result<Duration, String> {
    let problem = || {
        format!(
            "must be a number of seconds from {} to {}, not {text:?}",
            min_ms as f64 / 1000.0,
            max_ms as f64 / 1000.0
        )
    };
    let millis = decimal_seconds_to_millis(text.trim()).ok_or_else(problem)?;
    if (min_ms..=max_ms).contains(&millis) {
        Ok(Duration::from_millis(millis))
    } else {
        Err(problem())
    }
}

/// Comma-separated origins, each `scheme://host[:port]` exactly as a browser sends it.
fn parse_origins(text: &str) -> Result<Vec<String>, String> {
    let mut origins = Vec::new();
    for origin in text
        .split(',')
        .map(str::trim)
        .filter(|origin| !origin.is_empty())
    {
        if origin == "*" {
            return Err(
                "cannot be `*`: credentials are allowed only for origins named one by one".into(),
            );
        }
        let Some((scheme, rest)) = origin.split_once("://") else {
            return Err(format!(
                "must list origins such as https://example.com, not {origin:?}"
            ));
        };
        let well_formed = matches!(scheme, "http" | "https")
            && !rest.is_empty()
            && !rest.contains(['/', '?', '#', ' ', '*']);
        if !well_formed {
            return Err(format!(
                "must list origins as scheme://host[:port] with no path, such as https://example.com, not {origin:?}"
            ));
        }
        origins.push(origin.to_owned());
    }
    Ok(origins)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_file(text: &str) -> Result<Settings, SettingsError> {
        Settings::from_sources(Some((PathBuf::from("Leptos.toml"), text)), |_| None)
    }

    fn from_env(pairs: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        Settings::from_sources(None, |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        })
    }

    #[test]
    fn no_file_and_no_variables_gives_the_defaults() {
        assert_eq!(
            Settings::from_sources(None, |_| None),
            Ok(Settings::default())
        );
        assert_eq!(Settings::default().default_zone, chrono_tz::Asia::Kolkata);
    }

    #[test]
    fn the_shipped_file_is_valid_and_matches_the_defaults() {
        let shipped = include_str!("../../Leptos.toml");
        assert_eq!(from_file(shipped), Ok(Settings::default()));
    }

    #[test]
    fn every_setting_reads_from_the_file() {
        let settings = from_file(
            "site_addr = \"0.0.0.0:8080\"\nsite_root = \"dist\"\ndefault_zone = \"asia/seoul\"\n\
             max_streams = 10\nmax_streams_per_client = 3\nretry_ms = 500\nheartbeat_s = 0.25\n\
             allowed_origins = [\"https://a.example\", \"http://localhost:5173\"]\n",
        )
        .unwrap();
        assert_eq!(settings.site_addr, "0.0.0.0:8080".parse().unwrap());
        assert_eq!(settings.site_root, "dist");
        assert_eq!(settings.default_zone, chrono_tz::Asia::Seoul);
        assert_eq!(settings.max_streams, 10);
        assert_eq!(settings.max_streams_per_client, 3);
        assert_eq!(settings.retry, Duration::from_millis(500));
        assert_eq!(settings.heartbeat, Duration::from_millis(250));
        assert_eq!(
            settings.allowed_origins,
            vec!["https://a.example", "http://localhost:5173"]
        );
    }

    #[test]
    fn variables_override_the_file() {
        let settings = Settings::from_sources(
            Some((
                PathBuf::from("Leptos.toml"),
                "max_streams = 10\nretry_ms = 500\n",
            )),
            |name| (name == "WORLDCLOCK_MAX_STREAMS").then(|| "20".to_owned()),
        )
        .unwrap();
        assert_eq!(settings.max_streams, 20);
        assert_eq!(settings.retry, Duration::from_millis(500));
    }

    #[test]
    fn a_bad_value_names_the_file_line_and_setting() {
        let error = from_file("# comment\nretry_ms = 500\nmax_streams = \"lots\"\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "Leptos.toml, line 3: setting `max_streams` must be a whole number from 1 to 1000000, not \"lots\""
        );
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_refused() {
        let error = from_file("\n\nheartbeat_s = true\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "Leptos.toml, line 3: setting `heartbeat_s` cannot be a boolean"
        );
    }

    #[test]
    fn an_unknown_setting_is_named_with_its_line() {
        let error = from_file("max_streams = 5\nmax_stream = 5\n").unwrap_err();
        assert!(matches!(
            &error,
            SettingsError::UnknownSetting { line: 2, key, .. } if key == "max_stream"
        ));
        assert!(error
            .to_string()
            .contains("the settings are site_addr, site_root"));
    }

    #[test]
    fn broken_toml_names_its_line() {
        let error = from_file("retry_ms = 500\nmax_streams = = 3\n").unwrap_err();
        assert!(
            matches!(error, SettingsError::Syntax { line: 2, .. }),
            "{error:?}"
        );
        assert!(error
            .to_string()
            .starts_with("Leptos.toml, line 2: not valid TOML"));
    }

    #[test]
    fn bad_variables_name_the_variable() {
        let cases = [
            ("LEPTOS_SITE_ADDR", "localhost"),
            ("WORLDCLOCK_DEFAULT_ZONE", "Mars/Olympus_Mons"),
            ("WORLDCLOCK_MAX_STREAMS", "0"),
            ("WORLDCLOCK_MAX_STREAMS", "-5"),
            ("WORLDCLOCK_MAX_STREAMS_PER_CLIENT", "0"),
            ("WORLDCLOCK_MAX_STREAMS_PER_CLIENT", "many"),
            ("WORLDCLOCK_RETRY_MS", "1e3"),
            ("WORLDCLOCK_HEARTBEAT_S", "NaN"),
            ("WORLDCLOCK_HEARTBEAT_S", "0"),
            ("WORLDCLOCK_HEARTBEAT_S", "0.0001"),
            ("WORLDCLOCK_ALLOWED_ORIGINS", "*"),
            ("WORLDCLOCK_ALLOWED_ORIGINS", "https://a.example/path"),
            ("WORLDCLOCK_ALLOWED_ORIGINS", "example.com"),
        ];
        for (variable, value) in cases {
            let error = from_env(&[(variable, value)]).unwrap_err();
            assert!(
                matches!(&error, SettingsError::BadVariable { variable: named, .. } if *named == variable),
                "{variable}={value}: {error:?}"
            );
            assert!(error
                .to_string()
                .starts_with(&format!("environment variable {variable} ")));
        }
    }

    #[test]
    fn the_report_bounds_read_from_the_environment() {
        let settings = from_env(&[
            ("WORLDCLOCK_REPORT_CACHE_MB", "8"),
            ("WORLDCLOCK_MAX_REPORT_STREAMS", "5"),
        ])
        .unwrap();
        assert_eq!(settings.report_cache_bytes, 8 << 20);
        assert_eq!(settings.max_report_streams, 5);
        for (variable, value) in [
            ("WORLDCLOCK_REPORT_CACHE_MB", "7"),
            ("WORLDCLOCK_MAX_REPORT_STREAMS", "0"),
        ] {
            assert!(
                from_env(&[(variable, value)]).is_err(),
                "{variable}={value}"
            );
        }
    }

    #[test]
    fn zone_names_match_case_insensitively() {
        let settings = from_env(&[("WORLDCLOCK_DEFAULT_ZONE", "europe/LONDON")]).unwrap();
        assert_eq!(settings.default_zone, chrono_tz::Europe::London);
    }
}
