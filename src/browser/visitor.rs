//! The visitor's own time zone, as the browser knows it (`Intl` and `Date`).

use wasm_bindgen::JsValue;

/// The IANA name of the browser's zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`).
pub fn zone_name() -> Option<String> {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    let options = format.resolved_options();
    js_sys::Reflect::get(&options, &JsValue::from_str("timeZone"))
        .ok()?
        .as_string()
}

/// The browser zone's offset from UTC at `epoch_ms`, in seconds east.
pub fn offset_seconds_at(epoch_ms: i64) -> i64 {
    let date = js_sys::Date::new(&JsValue::from_f64(epoch_ms as f64));
    // getTimezoneOffset is minutes *west* of UTC.
    -(date.get_timezone_offset() as i64) * 60
}
