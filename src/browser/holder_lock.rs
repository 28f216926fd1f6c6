//! The Web Locks election of the one tab that holds a stream for the whole browser: a tab
//! queues for a named lock and holds it until it gives it up; when the holder closes or
//! crashes, the browser grants the lock to the next tab in the queue.
//!
//! `navigator.locks` is reached through `Reflect`, as `Intl` is in `visitor`: web-sys's
//! `LockManager` bindings are unstable APIs behind a cfg flag, for three calls.

use std::{cell::RefCell, rc::Rc};

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

/// A property of `target`, if present and not `undefined`.
fn property(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

/// The page's `navigator.locks`, where the page has it (secure contexts only).
fn lock_manager() -> Option<JsValue> {
    let navigator = property(&js_sys::global(), "navigator")?;
    property(&navigator, "locks")
}

/// Whether this page can take part in a Web Locks election.
pub fn supported() -> bool {
    lock_manager().is_some() && property(&js_sys::global(), "AbortController").is_some()
}

/// A place in the queue for the lock, or the lock itself; dropping it gives the lock up (or
/// leaves the queue), at once.
pub struct HolderLock {
    /// Aborts the request while it waits in the queue.
    abort_controller: JsValue,
    /// Resolves the promise the lock's callback returned: the browser then frees the lock.
    release: Rc<RefCell<Option<Function>>>,
    /// The callback the browser calls when it grants the lock; kept alive while queued.
    _on_granted: Closure<dyn FnMut(JsValue) -> JsValue>,
}

impl HolderLock {
    /// Queues for the lock `name`; `on_granted` runs when this tab gets it. `None` where the
    /// page has no Web Locks.
    pub fn request(name: &str, on_granted: impl FnOnce() + 'static) -> Option<HolderLock> {
        let manager = lock_manager()?;
        let request: Function = property(&manager, "request")?.dyn_into().ok()?;
        let controller_class: Function = property(&js_sys::global(), "AbortController")?
            .dyn_into()
            .ok()?;
        let abort_controller = Reflect::construct(&controller_class, &js_sys::Array::new()).ok()?;
        let options = Object::new();
        Reflect::set(
            &options,
            &JsValue::from_str("signal"),
            &property(&abort_controller, "signal")?,
        )
        .ok()?;

        let release = Rc::new(RefCell::new(None::<Function>));
        let mut on_granted = Some(on_granted);
        let on_granted = Closure::<dyn FnMut(JsValue) -> JsValue>::new({
            let release = Rc::clone(&release);
            move |_lock: JsValue| {
                // The lock is held until this promise settles: keep its resolve to call.
                let held = Promise::new(&mut |resolve, _reject| {
                    *release.borrow_mut() = Some(resolve);
                });
                if let Some(on_granted) = on_granted.take() {
                    on_granted();
                }
                held.into()
            }
        });
        let queued = request
            .call3(
                &manager,
                &JsValue::from_str(name),
                &options,
                on_granted.as_ref().unchecked_ref(),
            )
            .ok()?;
        // Leaving the queue rejects the request's promise with an `AbortError`: expected, so
        // caught rather than reported as an unhandled rejection.
        if let Some(catch) = property(&queued, "catch").and_then(|c| c.dyn_into::<Function>().ok())
        {
            let _ = catch.call1(&queued, &Closure::once_into_js(|_: JsValue| {}));
        }
        Some(HolderLock {
            abort_controller,
            release,
            _on_granted: on_granted,
        })
    }
}

impl Drop for HolderLock {
    fn drop(&mut self) {
        if let Some(resolve) = self.release.borrow_mut().take() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        } else if let Some(abort) =
            property(&self.abort_controller, "abort").and_then(|a| a.dyn_into::<Function>().ok())
        {
            let _ = abort.call0(&self.abort_controller);
        }
    }
}
