//! What the page knows about its stream: the connection's state and the raw events seen,
//! shared by the browser code that fills them and the components that show them.

/// The state of the page's connection to the clock stream. Serialised by its label, for the
/// holder of a stream shared by several tabs to tell the others.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ConnectionStatus {
    /// Opening the stream; nothing received yet.
    #[default]
    Connecting,
    /// Events are arriving.
    Live,
    /// The stream dropped; the browser (or the page, after a refused request) is retrying.
    Reconnecting,
    /// The stream ended and will not come back by itself: the page offers to reconnect.
    Ended,
    /// The browser reports no network.
    Offline,
    /// A moment is planned: the page shows it, and holds no stream.
    Planned,
}

impl ConnectionStatus {
    /// The state's name, as the badge's `data-status` carries it (the page shows the
    /// state in its language's words).
    pub fn label(self) -> &'static str {
        match self {
            ConnectionStatus::Connecting => "connecting",
            ConnectionStatus::Live => "live",
            ConnectionStatus::Reconnecting => "reconnecting",
            ConnectionStatus::Ended => "ended",
            ConnectionStatus::Offline => "offline",
            ConnectionStatus::Planned => "planned",
        }
    }

    /// The state named `label` ([`ConnectionStatus::label`]), as tabs tell each other.
    pub fn of_label(label: &str) -> Option<ConnectionStatus> {
        [
            ConnectionStatus::Connecting,
            ConnectionStatus::Live,
            ConnectionStatus::Reconnecting,
            ConnectionStatus::Ended,
            ConnectionStatus::Offline,
            ConnectionStatus::Planned,
        ]
        .into_iter()
        .find(|status| status.label() == label)
    }
}

/// How this tab reaches the clock stream, for the inspector to say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StreamRole {
    /// The tab opens its own stream (it is alone in sharing, or the shared one cannot carry
    /// it, or the browser cannot share).
    #[default]
    Own,
    /// The tab holds the stream every tab of the browser shares, and relays its events.
    Holds,
    /// The tab hears the stream another tab holds.
    Listens,
}

/// One event as it came off the wire, for the stream inspector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawEvent {
    /// Arrival order on this page, for keying rows.
    pub seq: u64,
    /// The `id:` field (the last event id).
    pub id: String,
    /// The event type.
    pub event: String,
    /// The `data:` payload.
    pub data: String,
}

/// How many raw events the inspector keeps.
pub const INSPECTOR_EVENTS: usize = 20;
