//! What the tabs sharing one clock stream tell each other on their channel, besides the
//! relayed ticks: a note of one kind, written as a JSON object whose `kind` names it
//! (docs/CONTRACT.md, "Tabs sharing one stream"; its fields as serde named them before, so
//! tabs of the page before and after a release still understand each other).

use super::{
    json::{Json, JsonObject},
    stream_status::ConnectionStatus,
};

/// What the tabs tell each other, besides the relayed ticks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TabNotice {
    /// A tab's wish, on start, on every change and when a new holder calls the roll; no
    /// zones means it wants nothing (a planned moment, or no cities).
    Wish {
        tab: String,
        zones: Vec<String>,
        interval_ms: u64,
    },
    /// A tab leaves (`pagehide`).
    Bye { tab: String },
    /// A new holder asks every tab for its wish; the tabs follow it from now on.
    Roll { tab: String, token: u32 },
    /// A holder let go without leaving (it lost its lock, or lost the election without Web
    /// Locks): whoever follows it waits for the next holder's word.
    Resign { tab: String, token: u32 },
    /// A tab asks the holder to open its stream again after it ended.
    Reopen,
    /// A listener asks whether the holder still runs (it has been silent).
    Ping { tab: String },
    /// The holder answers a ping: whether it is frozen (Chromium runs a frozen page's
    /// message handlers, not its stream's events).
    Pong { token: u32, frozen: bool },
    /// The holder still holds (the election without Web Locks).
    Beat { tab: String },
    /// A tab would take over (the election without Web Locks).
    Claim { tab: String },
    /// The holder's stream, after every re-plan and status change.
    Stream {
        holder: String,
        token: u32,
        url: String,
        interval_ms: u64,
        status: ConnectionStatus,
        /// The tabs it cannot carry, which keep their own.
        unserved: Vec<String>,
    },
}

impl TabNotice {
    /// The note as JSON: `{"kind":"wish","tab":…,"zones":[…],"interval_ms":…}`.
    pub fn to_json(&self) -> String {
        let note = |kind: &str| JsonObject::new().string("kind", kind);
        let milliseconds = |ms: u64| i64::try_from(ms).unwrap_or(i64::MAX);
        match self {
            TabNotice::Wish {
                tab,
                zones,
                interval_ms,
            } => note("wish")
                .string("tab", tab)
                .strings("zones", zones)
                .integer("interval_ms", milliseconds(*interval_ms)),
            TabNotice::Bye { tab } => note("bye").string("tab", tab),
            TabNotice::Roll { tab, token } => {
                note("roll").string("tab", tab).integer("token", *token)
            }
            TabNotice::Resign { tab, token } => {
                note("resign").string("tab", tab).integer("token", *token)
            }
            TabNotice::Reopen => note("reopen"),
            TabNotice::Ping { tab } => note("ping").string("tab", tab),
            TabNotice::Pong { token, frozen } => note("pong")
                .integer("token", *token)
                .boolean("frozen", *frozen),
            TabNotice::Beat { tab } => note("beat").string("tab", tab),
            TabNotice::Claim { tab } => note("claim").string("tab", tab),
            TabNotice::Stream {
                holder,
                token,
                url,
                interval_ms,
                status,
                unserved,
            } => note("stream")
                .string("holder", holder)
                .integer("token", *token)
                .string("url", url)
                .integer("interval_ms", milliseconds(*interval_ms))
                .string("status", status.label())
                .strings("unserved", unserved),
        }
        .finish()
    }

    /// A note read back from its JSON; `None` for anything else (another version of the
    /// page, say, whose notes this one does not know).
    pub fn parse(text: &str) -> Option<TabNotice> {
        let note = Json::parse(text)?;
        let tab = || note.field::<String>("tab");
        let token = || note.field::<u32>("token");
        Some(match note.field::<String>("kind")?.as_str() {
            "wish" => TabNotice::Wish {
                tab: tab()?,
                zones: note.field("zones")?,
                interval_ms: note.field("interval_ms")?,
            },
            "bye" => TabNotice::Bye { tab: tab()? },
            "roll" => TabNotice::Roll {
                tab: tab()?,
                token: token()?,
            },
            "resign" => TabNotice::Resign {
                tab: tab()?,
                token: token()?,
            },
            "reopen" => TabNotice::Reopen,
            "ping" => TabNotice::Ping { tab: tab()? },
            "pong" => TabNotice::Pong {
                token: token()?,
                frozen: note.field("frozen")?,
            },
            "beat" => TabNotice::Beat { tab: tab()? },
            "claim" => TabNotice::Claim { tab: tab()? },
            "stream" => TabNotice::Stream {
                holder: note.field("holder")?,
                token: token()?,
                url: note.field("url")?,
                interval_ms: note.field("interval_ms")?,
                status: ConnectionStatus::of_label(note.get("status")?.as_str()?)?,
                unserved: note.field("unserved")?,
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_reads_back_as_written() {
        let tab = || "tab-1".to_owned();
        let notices = [
            TabNotice::Wish {
                tab: tab(),
                zones: vec!["Asia/Seoul".into(), "America/New_York".into()],
                interval_ms: 1000,
            },
            TabNotice::Wish {
                tab: tab(),
                zones: vec![],
                interval_ms: 60_000,
            },
            TabNotice::Bye { tab: tab() },
            TabNotice::Roll {
                tab: tab(),
                token: u32::MAX,
            },
            TabNotice::Resign {
                tab: tab(),
                token: 7,
            },
            TabNotice::Reopen,
            TabNotice::Ping { tab: tab() },
            TabNotice::Pong {
                token: 3,
                frozen: true,
            },
            TabNotice::Beat { tab: tab() },
            TabNotice::Claim { tab: tab() },
            TabNotice::Stream {
                holder: tab(),
                token: 9,
                url: "/api/stream?zones=Asia%2FSeoul&interval=1000".into(),
                interval_ms: 1000,
                status: ConnectionStatus::Reconnecting,
                unserved: vec!["tab-\"2\"".into()],
            },
        ];
        for notice in notices {
            let text = notice.to_json();
            assert_eq!(TabNotice::parse(&text), Some(notice), "{text}");
        }
    }

    #[test]
    fn a_wish_is_written_as_the_contract_has_it() {
        let wish = TabNotice::Wish {
            tab: "t".into(),
            zones: vec!["Asia/Seoul".into()],
            interval_ms: 1000,
        };
        let text = r#"{"kind":"wish","tab":"t","zones":["Asia/Seoul"],"interval_ms":1000}"#;
        assert_eq!(wish.to_json(), text);
        assert_eq!(TabNotice::parse(text), Some(wish));
    }

    #[test]
    fn notes_it_does_not_know_are_ignored() {
        for text in [
            "",
            "[]",
            r#"{"tab":"a"}"#,
            r#"{"kind":"shout","tab":"a"}"#,
            r#"{"kind":"roll","tab":"a"}"#,
            r#"{"kind":"roll","tab":"a","token":-1}"#,
            r#"{"kind":"stream","holder":"a","token":1,"url":"/","interval_ms":1000,"status":"asleep","unserved":[]}"#,
        ] {
            assert_eq!(TabNotice::parse(text), None, "{text}");
        }
    }
}
