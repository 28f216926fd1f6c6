//! The visitor's own time zone, as the browser knows it (`Intl` and `Date`), and the cookie
//! that tells the server's next first paint.

use wasm_bindgen::JsValue;

/// The IANA name of the browser's zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`).
///
/// Reached through `Reflect` rather than js-sys's `Intl` bindings, which would add some
/// 20 KB to the bundle for this one call.
pub fn zone_name() -> Option<String> {
    use wasm_bindgen::JsCast;
    let get =
        |target: &JsValue, key: &str| js_sys::Reflect::get(target, &JsValue::from_str(key)).ok();
    let intl = get(&js_sys::global(), "Intl")?;
    let constructor: js_sys::Function = get(&intl, "DateTimeFormat")?.dyn_into().ok()?;
    let format = constructor.call0(&intl).ok()?;
    let resolved: js_sys::Function = get(&format, "resolvedOptions")?.dyn_into().ok()?;
    let options = resolved.call0(&format).ok()?;
    get(&options, "timeZone")?.as_string()
}

/// The browser zone's offset from UTC at `epoch_ms`, in seconds east.
pub fn offset_seconds_at(epoch_ms: i64) -> i64 {
    let date = js_sys::Date::new(&JsValue::from_f64(epoch_ms as f64));
    // getTimezoneOffset is minutes *west* of UTC.
    -(date.get_timezone_offset() as i64) * 60
}

/// Writes the `zone` cookie, so the server renders the visitor's card on the next visit.
/// Through `Reflect`, as above: web-sys's `HtmlDocument` is a feature for one setter.
pub fn remember_zone(zone: &str) {
    let Some(cookie) = crate::model::visitor_zone_cookie(zone) else {
        return;
    };
    if let Some(document) = web_sys::window().and_then(|window| window.document()) {
        let _ = js_sys::Reflect::set(
            &document,
            &JsValue::from_str("cookie"),
            &JsValue::from_str(&cookie),
        );
    }
}
