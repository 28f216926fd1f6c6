//! Reading a raw query string ourselves rather than through serde, so that every rejection
//! (bytes that are not UTF-8 included) is the contract's `400` JSON naming the parameter,
//! and quoting a client's text back in an error message safely.

use std::collections::HashMap;

use percent_encoding::percent_decode;

use super::errors::ApiError;

/// How many characters of a bad value an error message quotes.
const QUOTED_CHARS: usize = 40;

/// Splits and percent-decodes the query; each parameter we read may appear once.
pub fn decode_query(
    query: &str,
    known: &[&'static str],
) -> Result<HashMap<&'static str, String>, ApiError> {
    let mut params = HashMap::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let Ok(key) = decode_component(raw_key) else {
            // A key we cannot read is not one of ours; ignore it like any unknown parameter.
            continue;
        };
        let Some(known) = known.iter().copied().find(|known| *known == key) else {
            continue; // unknown parameters (cache busters and the like) are ignored
        };
        let value = decode_component(raw_value).map_err(|()| {
            ApiError::bad(
                known,
                format!("{known} must be text in UTF-8, but its percent-encoded bytes are not"),
            )
        })?;
        if params.insert(known, value).is_some() {
            return Err(ApiError::bad(
                known,
                format!("give {known} once; it appears more than once in the query"),
            ));
        }
    }
    Ok(params)
}

/// `+` as space, then `%XX` escapes, then UTF-8 or nothing.
fn decode_component(raw: &str) -> Result<String, ()> {
    let spaced = raw.replace('+', " ");
    let bytes: Vec<u8> = percent_decode(spaced.as_bytes()).collect();
    String::from_utf8(bytes).map_err(|_| ())
}

/// A client's text for an error message: quoted, control characters escaped, and cut to
/// [`QUOTED_CHARS`] characters so a huge value cannot bloat the response.
pub fn quote(text: &str) -> String {
    let mut shown: String = text.chars().take(QUOTED_CHARS).collect();
    if text.chars().count() > QUOTED_CHARS {
        shown.push('…');
    }
    format!("{shown:?}")
}
