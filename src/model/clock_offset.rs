//! How far the visitor's clock is from the server's: the server's answer to `GET /api/time`.

use serde::{Deserialize, Serialize};

/// The path of the server's clock.
pub const SERVER_TIME_PATH: &str = "/api/time";

/// The body of `GET /api/time`: the server's clock when it answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerTime {
    /// UTC milliseconds since the Unix epoch, read as the server answered.
    pub epoch_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_time_is_one_camel_case_field() {
        let time = ServerTime {
            epoch_ms: 1_764_670_000_123,
        };
        let text = serde_json::to_string(&time).unwrap();
        assert_eq!(text, r#"{"epochMs":1764670000123}"#);
        assert_eq!(serde_json::from_str::<ServerTime>(&text).unwrap(), time);
    }
}
