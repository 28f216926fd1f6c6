//! The Web Locks election of the one tab that holds a stream for the whole browser: a tab
//! queues for a named lock and holds it until it gives it up; when the holder closes or
//! crashes, the browser grants the lock to the next tab in the queue. A tab may also take
//! the lock from a holder that cannot give it up (a page the browser froze keeps its lock,
//! and a frozen page runs nothing): the holder then loses it, and hears so when it runs
//! again.
//!
//! `navigator.locks` is reached through `Reflect`, as `Intl` is in `visitor`: web-sys's
//! `LockManager` bindings are unstable APIs behind a cfg flag, for three calls.

use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};

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

/// What a tab does when it gets the lock, and when it loses it without giving it up.
pub struct LockHooks {
    /// The browser granted the lock.
    pub on_granted: Box<dyn FnOnce()>,
    /// Another tab took the lock while this one held it.
    pub on_lost: Box<dyn FnOnce()>,
}

/// A place in the queue for the lock, or the lock itself; dropping it gives the lock up (or
/// leaves the queue), at once.
pub struct HolderLock {
    /// Aborts the request while it waits in the queue; `None` for a taking request, which
    /// the browser grants at once and which may not carry a signal.
    abort_controller: Option<JsValue>,
    shared: Rc<Shared>,
    /// The callback the browser calls when it grants the lock; kept alive while queued.
    _on_granted: Closure<dyn FnMut(JsValue) -> JsValue>,
}

/// What the lock's callbacks and its owner share.
struct Shared {
    /// Resolves the promise the lock's callback returned: the browser then frees the lock.
    /// Set while the lock is held.
    release: RefCell<Option<Function>>,
    /// The owner gave the lock (or its place in the queue) up: nothing is reported any more.
    given_up: Cell<bool>,
    /// Called once, if another tab takes the lock this one holds.
    on_lost: RefCell<Option<Box<dyn FnOnce()>>>,
}

impl HolderLock {
    /// Queues for the lock `name`. `None` where the page has no Web Locks.
    pub fn request(name: &str, hooks: LockHooks) -> Option<HolderLock> {
        HolderLock::ask(name, hooks, false)
    }

    /// Takes the lock `name` from whoever holds it (`steal`), ahead of the queue: for a
    /// holder that has gone silent. The holder's request fails with an `AbortError` the
    /// next time it runs. `None` where the page has no Web Locks.
    pub fn take(name: &str, hooks: LockHooks) -> Option<HolderLock> {
        HolderLock::ask(name, hooks, true)
    }

    fn ask(name: &str, hooks: LockHooks, steal: bool) -> Option<HolderLock> {
        let manager = lock_manager()?;
        let request: Function = property(&manager, "request")?.dyn_into().ok()?;
        let options = Object::new();
        let abort_controller = if steal {
            // The Web Locks API refuses a signal beside `steal`: a taking request is never
            // queued, so there is nothing to abort.
            Reflect::set(&options, &JsValue::from_str("steal"), &JsValue::TRUE).ok()?;
            None
        } else {
            let controller_class: Function = property(&js_sys::global(), "AbortController")?
                .dyn_into()
                .ok()?;
            let controller = Reflect::construct(&controller_class, &js_sys::Array::new()).ok()?;
            Reflect::set(
                &options,
                &JsValue::from_str("signal"),
                &property(&controller, "signal")?,
            )
            .ok()?;
            Some(controller)
        };

        let shared = Rc::new(Shared {
            release: RefCell::new(None),
            given_up: Cell::new(false),
            on_lost: RefCell::new(Some(hooks.on_lost)),
        });
        let mut on_granted = Some(hooks.on_granted);
        let on_granted = Closure::<dyn FnMut(JsValue) -> JsValue>::new({
            let shared = Rc::clone(&shared);
            move |_lock: JsValue| {
                if shared.given_up.get() {
                    // Given up while the grant was on its way: free the lock at once.
                    return Promise::resolve(&JsValue::UNDEFINED).into();
                }
                // The lock is held until this promise settles: keep its resolve to call.
                let held = Promise::new(&mut |resolve, _reject| {
                    *shared.release.borrow_mut() = Some(resolve);
                });
                if let Some(on_granted) = on_granted.take() {
                    on_granted();
                }
                held.into()
            }
        });
        let asked = request
            .call3(
                &manager,
                &JsValue::from_str(name),
                &options,
                on_granted.as_ref().unchecked_ref(),
            )
            .ok()?;
        // The request's promise fails with an `AbortError` when this tab leaves the queue
        // (expected: caught rather than reported as an unhandled rejection), and when another
        // tab takes the lock this one holds: that one is reported.
        if let Some(catch) = property(&asked, "catch").and_then(|c| c.dyn_into::<Function>().ok()) {
            let on_failed = Closure::once_into_js({
                let shared = Rc::clone(&shared);
                move |_: JsValue| {
                    let held = shared.release.borrow_mut().take().is_some();
                    let on_lost = shared.on_lost.borrow_mut().take();
                    if held && !shared.given_up.get() {
                        if let Some(on_lost) = on_lost {
                            on_lost();
                        }
                    }
                }
            });
            let _ = catch.call1(&asked, &on_failed);
        }
        Some(HolderLock {
            abort_controller,
            shared,
            _on_granted: on_granted,
        })
    }
}

impl Drop for HolderLock {
    fn drop(&mut self) {
        self.shared.given_up.set(true);
        self.shared.on_lost.borrow_mut().take();
        let release = self.shared.release.borrow_mut().take();
        if let Some(resolve) = release {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        } else if let Some(controller) = self.abort_controller.as_ref() {
            if let Some(abort) =
                property(controller, "abort").and_then(|a| a.dyn_into::<Function>().ok())
            {
                let _ = abort.call0(controller);
            }
        }
    }
}
