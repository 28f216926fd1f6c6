//! The command line: a mode and its `--name value` options, parsed once into the mode's plan,
//! or an error naming the argument that is wrong (the caller prints it and exits with 2).

use std::{collections::BTreeMap, fmt, net::SocketAddr, ops::RangeInclusive, path::PathBuf};

use crate::{clock::Interval, hold};

/// What `loadgen` prints after an argument error.
pub const USAGE: &str = "\
usage (more at the top of bench/loadgen/src/main.rs):
  loadgen suite [--out BENCHMARKS.md] [--only 1,floor,baseline,2,3,4,5,cities]
      the standard set; starts its own servers (./target/release/worldclock, and
      ./target/release/baseline for `baseline`) and writes --out
  loadgen hold --server ADDR --pid PID --streams N --query Q [--zones Z] [--interval-ms I]
               [--measure S] [--open-rate R]
      N streams against the server at ADDR; the figures of process PID over S seconds
  loadgen churn --server ADDR --pid PID --rate R --seconds S
      R streams a second opened, read to their first tick and closed, for S seconds
  loadgen floor [--port P] [--interval-ms I]
      the least a server can do (floor.rs)
  loadgen cities --server ADDR [--pid PID] [--rounds N] [--log FILE]
      the city finder asked ~100 queries N times over one connection; the gazetteer's
      memory from the server's log FILE (its stderr, RUST_LOG at info for worldclock::server)
  loadgen worker [--server ADDR] [--streams N] [--query Q] [--zones Z] [--source S]
                 [--open-rate R]
      one worker process of `hold`, which starts it";

/// The address every mode talks to unless told otherwise: the suite's server.
const DEFAULT_SERVER: &str = "127.0.0.1:3300";
/// Streams a worker opens a second unless told otherwise.
pub const DEFAULT_OPEN_RATE: u64 = 2_000;

/// A mode and its plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Suite(SuitePlan),
    Hold(HoldPlan),
    Churn(ChurnPlan),
    Floor(FloorPlan),
    Cities(CitiesPlan),
    Worker(WorkerPlan),
}

/// `loadgen suite`: the standard set, written to a Markdown file.
#[derive(Debug, Clone, PartialEq)]
pub struct SuitePlan {
    /// Where the report goes (`BENCHMARKS.md`).
    pub out: PathBuf,
    /// The sections to run, from `--only`; the report keeps its own order whatever this one.
    pub only: Vec<SuiteSection>,
}

impl SuitePlan {
    pub fn includes(&self, section: SuiteSection) -> bool {
        self.only.contains(&section)
    }
}

/// One section of the standard set: a numbered target of the performance issue, the floor,
/// the baseline (axum's SSE example, `bench/baseline`), or the city finder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuiteSection {
    Target(u8),
    Floor,
    Baseline,
    Cities,
}

impl SuiteSection {
    /// Every section, by its `--only` name.
    const ALL: [(&'static str, SuiteSection); 8] = [
        ("1", SuiteSection::Target(1)),
        ("floor", SuiteSection::Floor),
        ("baseline", SuiteSection::Baseline),
        ("2", SuiteSection::Target(2)),
        ("3", SuiteSection::Target(3)),
        ("4", SuiteSection::Target(4)),
        ("5", SuiteSection::Target(5)),
        ("cities", SuiteSection::Cities),
    ];

    /// Every section's `--only` name, comma-separated: the default of `--only`.
    fn all_names() -> String {
        let names: Vec<&str> = SuiteSection::ALL.iter().map(|(name, _)| *name).collect();
        names.join(",")
    }
}

/// `loadgen hold`: streams held against one server while its figures are measured.
#[derive(Debug, Clone, PartialEq)]
pub struct HoldPlan {
    pub server: SocketAddr,
    /// The server's process, whose RSS and CPU time are read from /proc (0: none, they read 0).
    pub pid: u32,
    pub streams: u64,
    /// The stream URL's query (`city=…&sec=…`).
    pub query: String,
    /// Zones per stream: one tick is this many events.
    pub zones: u64,
    /// The streams' refresh interval: how many ticks the window should hold.
    pub interval_ms: u64,
    pub measure_seconds: u64,
    /// Streams each worker opens a second.
    pub open_rate: u64,
}

/// `loadgen churn`: streams opened, read to their first tick and closed, at a steady rate.
#[derive(Debug, Clone, PartialEq)]
pub struct ChurnPlan {
    pub server: SocketAddr,
    /// The server's process, whose RSS is read from /proc (0: none, it reads 0).
    pub pid: u32,
    /// Streams opened a second.
    pub rate: u64,
    pub seconds: u64,
}

/// `loadgen floor`: the yardstick server.
#[derive(Debug, Clone, PartialEq)]
pub struct FloorPlan {
    /// Listens on 127.0.0.1 at this port.
    pub port: u16,
    pub interval: Interval,
}

/// `loadgen cities`: the city finder's query set against one server.
#[derive(Debug, Clone, PartialEq)]
pub struct CitiesPlan {
    pub server: SocketAddr,
    /// The server's process, whose RSS is read from /proc (0: none, it reads 0).
    pub pid: u32,
    /// Measured rounds of the query set, after one to warm up.
    pub rounds: u64,
    /// The server's log, to read the `gazetteer loaded` line from.
    pub log: Option<PathBuf>,
}

/// Rounds of the city finder's query set unless told otherwise.
pub const DEFAULT_CITIES_ROUNDS: u64 = 200;

/// `loadgen worker`: one share of a `hold`, in its own process.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerPlan {
    pub server: SocketAddr,
    pub streams: u64,
    pub query: String,
    pub zones: u64,
    /// The last octet of the first of four loopback source addresses (127.0.0.`source`…).
    pub source: u8,
    /// Streams opened a second.
    pub open_rate: u64,
}

impl WorkerPlan {
    /// The highest first source octet: its four addresses end at 127.0.0.255.
    pub const MAX_SOURCE: u8 = 252;

    /// The arguments that make `loadgen` run this plan.
    pub fn to_args(&self) -> Vec<String> {
        [
            "worker",
            "--server",
            &self.server.to_string(),
            "--streams",
            &self.streams.to_string(),
            "--query",
            &self.query,
            "--zones",
            &self.zones.to_string(),
            "--source",
            &self.source.to_string(),
            "--open-rate",
            &self.open_rate.to_string(),
        ]
        .map(str::to_owned)
        .to_vec()
    }
}

/// A command line `loadgen` cannot run, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(String);

impl fmt::Display for UsageError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl Command {
    /// The command of the arguments after the program's name.
    pub fn parse(args: &[String]) -> Result<Command, UsageError> {
        let Some((mode, rest)) = args.split_first() else {
            return Err(UsageError("no mode given".into()));
        };
        let mut options = Options::parse(rest)?;
        let command = match mode.as_str() {
            "suite" => Command::Suite(SuitePlan {
                out: options.text("out", "BENCHMARKS.md").into(),
                only: options.sections("only", &SuiteSection::all_names())?,
            }),
            "hold" => Command::Hold(HoldPlan {
                server: options.address("server", DEFAULT_SERVER)?,
                pid: options.number("pid", 0, 0..=u32::MAX.into())? as u32,
                streams: options.number("streams", 1_000, 0..=hold::MAX_STREAMS)?,
                query: options.text("query", "city=Asia/Seoul&sec=1"),
                zones: options.number("zones", 1, 1..=u64::MAX)?,
                interval_ms: options.number("interval-ms", 1_000, 1..=u64::MAX)?,
                measure_seconds: options.number("measure", 20, 0..=u64::MAX)?,
                open_rate: options.number("open-rate", DEFAULT_OPEN_RATE, 1..=u64::MAX)?,
            }),
            "churn" => Command::Churn(ChurnPlan {
                server: options.address("server", DEFAULT_SERVER)?,
                pid: options.number("pid", 0, 0..=u32::MAX.into())? as u32,
                rate: options.number("rate", 1_000, 1..=u64::MAX)?,
                seconds: options.number("seconds", 30, 0..=u64::MAX)?,
            }),
            "floor" => Command::Floor(FloorPlan {
                port: options.number("port", 3301, 1..=u16::MAX.into())? as u16,
                interval: options.interval("interval-ms", 1_000)?,
            }),
            "cities" => Command::Cities(CitiesPlan {
                server: options.address("server", DEFAULT_SERVER)?,
                pid: options.number("pid", 0, 0..=u32::MAX.into())? as u32,
                rounds: options.number("rounds", DEFAULT_CITIES_ROUNDS, 1..=1_000_000)?,
                log: Some(options.text("log", ""))
                    .filter(|log| !log.is_empty())
                    .map(PathBuf::from),
            }),
            "worker" => Command::Worker(WorkerPlan {
                server: options.address("server", DEFAULT_SERVER)?,
                streams: options.number("streams", 100, 0..=u64::MAX)?,
                query: options.text("query", "city=UTC&sec=1"),
                zones: options.number("zones", 1, 1..=u64::MAX)?,
                source: options.number("source", 2, 1..=WorkerPlan::MAX_SOURCE.into())? as u8,
                open_rate: options.number("open-rate", DEFAULT_OPEN_RATE, 1..=u64::MAX)?,
            }),
            other => return Err(UsageError(format!("unknown mode {other:?}"))),
        };
        options.finish(mode)?;
        Ok(command)
    }
}

/// The `--name value` pairs of a command line that no plan has read yet.
struct Options(BTreeMap<String, String>);

impl Options {
    fn parse(args: &[String]) -> Result<Options, UsageError> {
        let mut map = BTreeMap::new();
        let mut iter = args.iter();
        while let Some(argument) = iter.next() {
            let Some(name) = argument.strip_prefix("--") else {
                return Err(UsageError(format!("expected --option, got {argument:?}")));
            };
            let Some(value) = iter.next() else {
                return Err(UsageError(format!("--{name} needs a value")));
            };
            if map.insert(name.to_owned(), value.clone()).is_some() {
                return Err(UsageError(format!("--{name} is given twice")));
            }
        }
        Ok(Options(map))
    }

    fn text(&mut self, name: &str, default: &str) -> String {
        self.0.remove(name).unwrap_or_else(|| default.to_owned())
    }

    fn number(
        &mut self,
        name: &str,
        default: u64,
        range: RangeInclusive<u64>,
    ) -> Result<u64, UsageError> {
        let Some(value) = self.0.remove(name) else {
            return Ok(default);
        };
        match value.parse::<u64>() {
            Ok(number) if range.contains(&number) => Ok(number),
            _ => {
                let bounds = match (*range.start(), *range.end()) {
                    (0, u64::MAX) => String::new(),
                    (least, u64::MAX) => format!(" of at least {least}"),
                    (least, most) => format!(" from {least} to {most}"),
                };
                Err(UsageError(format!(
                    "--{name} must be a whole number{bounds}, not {value:?}"
                )))
            }
        }
    }

    fn address(&mut self, name: &str, default: &str) -> Result<SocketAddr, UsageError> {
        let value = self.text(name, default);
        value.parse().map_err(|_| {
            UsageError(format!(
                "--{name} must be an address like {DEFAULT_SERVER}, not {value:?}"
            ))
        })
    }

    fn interval(&mut self, name: &str, default: u64) -> Result<Interval, UsageError> {
        let range = Interval::MIN_MS..=Interval::MAX_MS;
        let millis = self.number(name, default, range)?;
        Ok(Interval::from_millis(millis).expect("a number within the interval's range"))
    }

    /// A comma-separated list of suite sections.
    fn sections(&mut self, name: &str, default: &str) -> Result<Vec<SuiteSection>, UsageError> {
        let value = self.text(name, default);
        value
            .split(',')
            .map(|item| {
                SuiteSection::ALL
                    .iter()
                    .find(|(section_name, _)| *section_name == item)
                    .map(|(_, section)| *section)
                    .ok_or_else(|| {
                        UsageError(format!(
                            "--{name} lists sections of {}, not {item:?}",
                            SuiteSection::all_names()
                        ))
                    })
            })
            .collect()
    }

    /// Fails on any option the plan did not read.
    fn finish(self, mode: &str) -> Result<(), UsageError> {
        match self.0.keys().next() {
            Some(name) => Err(UsageError(format!(
                "`loadgen {mode}` has no option --{name}"
            ))),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Command, UsageError> {
        let args: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        Command::parse(&args)
    }

    fn error(line: &str) -> String {
        parse(line).expect_err("an error").to_string()
    }

    #[test]
    fn each_mode_has_its_defaults() {
        assert_eq!(
            parse("hold").unwrap(),
            Command::Hold(HoldPlan {
                server: "127.0.0.1:3300".parse().unwrap(),
                pid: 0,
                streams: 1_000,
                query: "city=Asia/Seoul&sec=1".into(),
                zones: 1,
                interval_ms: 1_000,
                measure_seconds: 20,
                open_rate: 2_000,
            })
        );
        assert_eq!(
            parse("churn").unwrap(),
            Command::Churn(ChurnPlan {
                server: "127.0.0.1:3300".parse().unwrap(),
                pid: 0,
                rate: 1_000,
                seconds: 30,
            })
        );
        assert_eq!(
            parse("floor").unwrap(),
            Command::Floor(FloorPlan {
                port: 3301,
                interval: Interval::from_millis(1_000).unwrap(),
            })
        );
        let Command::Suite(suite) = parse("suite").unwrap() else {
            panic!("a suite");
        };
        assert_eq!(suite.out, PathBuf::from("BENCHMARKS.md"));
        assert!(suite.includes(SuiteSection::Floor) && suite.includes(SuiteSection::Target(5)));
        assert!(suite.includes(SuiteSection::Cities) && suite.includes(SuiteSection::Baseline));
        assert_eq!(
            parse("cities").unwrap(),
            Command::Cities(CitiesPlan {
                server: "127.0.0.1:3300".parse().unwrap(),
                pid: 0,
                rounds: 200,
                log: None,
            })
        );
    }

    #[test]
    fn options_fill_the_plan() {
        assert_eq!(
            parse("churn --server 127.0.0.1:4000 --pid 42 --rate 10 --seconds 3").unwrap(),
            Command::Churn(ChurnPlan {
                server: "127.0.0.1:4000".parse().unwrap(),
                pid: 42,
                rate: 10,
                seconds: 3,
            })
        );
        let Command::Suite(suite) = parse("suite --out /tmp/b.md --only 4,floor").unwrap() else {
            panic!("a suite");
        };
        assert_eq!(suite.out, PathBuf::from("/tmp/b.md"));
        assert_eq!(suite.only, [SuiteSection::Target(4), SuiteSection::Floor]);
        assert!(!suite.includes(SuiteSection::Target(1)));
        let Command::Suite(suite) = parse("suite --only cities").unwrap() else {
            panic!("a suite");
        };
        assert_eq!(suite.only, [SuiteSection::Cities]);
        let Command::Suite(suite) = parse("suite --only baseline,1,2").unwrap() else {
            panic!("a suite");
        };
        assert_eq!(
            suite.only,
            [
                SuiteSection::Baseline,
                SuiteSection::Target(1),
                SuiteSection::Target(2)
            ]
        );
        assert_eq!(
            parse("cities --server 127.0.0.1:4000 --pid 7 --rounds 3 --log /tmp/w.log").unwrap(),
            Command::Cities(CitiesPlan {
                server: "127.0.0.1:4000".parse().unwrap(),
                pid: 7,
                rounds: 3,
                log: Some(PathBuf::from("/tmp/w.log")),
            })
        );
    }

    #[test]
    fn a_worker_reads_back_the_arguments_it_was_started_with() {
        let plan = WorkerPlan {
            server: "127.0.0.1:3301".parse().unwrap(),
            streams: 4_000,
            query: "cities=Asia/Seoul,Europe/London&sec=0.1".into(),
            zones: 2,
            source: 6,
            open_rate: 500,
        };
        assert_eq!(
            Command::parse(&plan.to_args()).unwrap(),
            Command::Worker(plan)
        );
    }

    #[test]
    fn a_wrong_argument_is_named() {
        assert_eq!(error(""), "no mode given");
        assert_eq!(error("bogus"), "unknown mode \"bogus\"");
        assert_eq!(
            error("hold streams 5"),
            "expected --option, got \"streams\""
        );
        assert_eq!(error("hold --streams"), "--streams needs a value");
        assert_eq!(
            error("hold --streams 5 --streams 6"),
            "--streams is given twice"
        );
        assert_eq!(
            error("hold --streams many"),
            "--streams must be a whole number from 0 to 315000, not \"many\""
        );
        assert_eq!(
            error("churn --seconds -1"),
            "--seconds must be a whole number, not \"-1\""
        );
        assert_eq!(
            error("churn --rate 0"),
            "--rate must be a whole number of at least 1, not \"0\""
        );
        assert_eq!(
            error("floor --interval-ms 50"),
            "--interval-ms must be a whole number from 100 to 3600000, not \"50\""
        );
        assert_eq!(
            error("floor --port 70000"),
            "--port must be a whole number from 1 to 65535, not \"70000\""
        );
        assert_eq!(
            error("hold --server localhost"),
            "--server must be an address like 127.0.0.1:3300, not \"localhost\""
        );
        assert_eq!(
            error("worker --source 253"),
            "--source must be a whole number from 1 to 252, not \"253\""
        );
        assert_eq!(
            error("suite --only 1,6"),
            "--only lists sections of 1,floor,baseline,2,3,4,5,cities, not \"6\""
        );
        assert_eq!(
            error("churn --streams 5"),
            "`loadgen churn` has no option --streams"
        );
        assert_eq!(
            error("cities --rounds 0"),
            "--rounds must be a whole number from 1 to 1000000, not \"0\""
        );
    }
}
