//! One clock stream for every tab of the browser: under HTTP/1.1 a browser opens at most six
//! connections to a host, so a stream per tab locks the seventh tab out. One tab, elected by
//! [`HolderLock`] (or, where the page has no Web Locks, by [`HeartbeatElection`]), holds the
//! `EventSource` for the union of every tab's wish ([`SharedStream::plan`]) and relays its
//! ticks over a `BroadcastChannel`; every tab feeds its page from them, filtered to its own
//! zones and interval.
//!
//! On the channel, a tick is a JS array ([`tick_relay`](super::tick_relay)); everything
//! else is a JSON [`TabNotice`]. Each holding has a random token, which its roll call, its
//! notices and its relays carry: a tab follows the holder whose roll (or, joining later,
//! whose first notice) it heard, and ignores any other. A holder the browser froze keeps its
//! Web Lock, so a listener that hears it fall silent asks it and takes the lock
//! ([`SilenceWatch`]); thawed, the old holder hears that it lost the lock (its request
//! fails, or the new holder's roll arrives, whichever first), closes its stream at once and
//! listens, and what it relayed before it knew is ignored by its token.
//!
//! A tab the shared stream cannot carry keeps a stream of its own, as does a page with no
//! `BroadcastChannel`.

use std::{cell::RefCell, rc::Rc};

use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{BroadcastChannel, MessageEvent};

use super::{
    clock_source::{Callbacks, ClockSource, WireEvent},
    event_source::{listener, Listener, RetryTimer},
    heartbeat_election::{Ballot, HeartbeatElection, Voter},
    holder_lock::{self, HolderLock, LockHooks},
    silence_watch::{SilenceWatch, WatchHooks},
    tick_relay::{RelayedTick, TickPacker},
};
use crate::model::{
    stream_url, tick_belongs, ClockUpdate, ConnectionStatus, FromJson, SharedStream, StreamRole,
    TabNotice, TabWish, INSPECTOR_EVENTS, UPDATE_EVENT,
};

/// The channel every tab of the origin hears.
const CHANNEL: &str = "worldclock-clock";
/// The lock whose holder holds the stream.
const LOCK: &str = "worldclock-clock-stream";
/// How long a new holder waits for the tabs' wishes before it opens the stream, and how
/// long any holder gathers a burst of wishes (nine tabs loading) into one re-plan.
const GATHER_MS: f64 = 150.0;

/// What the page hears, from whichever stream serves it.
pub struct PageCallbacks {
    /// A tick of one of the page's zones, on its interval.
    pub on_update: Box<dyn Fn(ClockUpdate)>,
    /// Any event of the stream serving the page, raw: last event id, type, data.
    pub on_raw_event: Box<dyn Fn(String, String, String)>,
    /// An event relayed by the holder, raw: its data left a JavaScript string, which only
    /// an open inspector copies into the WASM.
    pub on_relayed_raw_event: Box<dyn Fn(String, String, JsValue)>,
    /// The state of the stream serving the page.
    pub on_status: Box<dyn Fn(ConnectionStatus)>,
    /// The URL of the stream serving the page, and how the page reaches it.
    pub on_view: Box<dyn Fn(String, StreamRole)>,
}

/// This tab's part in the browser's shared stream; dropping it leaves.
pub struct SharedClock {
    member: Rc<Member>,
}

struct Member {
    /// This tab's id on the channel.
    tab: String,
    /// Closed between `pagehide` and `pageshow`: a page in the back/forward cache hears
    /// nothing (a message would evict it).
    channel: RefCell<Option<BroadcastChannel>>,
    page: PageCallbacks,
    state: RefCell<State>,
    /// Whether the holder this tab follows has gone silent.
    watch: SilenceWatch,
}

/// What a tab wants: its zones (none: nothing) at its interval.
#[derive(Clone, Default, PartialEq)]
struct Wish {
    zones: Vec<String>,
    interval_ms: u64,
}

/// The holding a tab follows.
#[derive(Clone, PartialEq)]
struct Followed {
    tab: String,
    token: u32,
}

#[derive(Default)]
struct State {
    wish: Wish,
    /// The wish's zones as JS strings, to match a relayed event's zone without copying it.
    zone_values: Vec<JsValue>,
    /// In the election (false between `pagehide` and `pageshow`).
    joined: bool,
    election: Option<Election>,
    /// Set while this tab holds the stream.
    holding: Option<Holding>,
    /// The interval of the shared stream, as last heard.
    shared_interval_ms: u64,
    /// Whether the shared stream, as last heard, is open (it has zones).
    shared_open: bool,
    /// The holding this tab follows, as last heard.
    followed: Option<Followed>,
    /// This tab's own stream while the shared one cannot carry it.
    own: Option<(String, ClockSource)>,
    /// The last event id this tab has seen, to resume from if it becomes the holder.
    last_id: Option<u64>,
    /// Between the page's `freeze` and `resume` events.
    frozen: bool,
    /// `pagehide` and `pageshow` on the window; `visibilitychange`, `freeze` and `resume` on
    /// the document.
    window_listeners: Vec<(&'static str, Listener)>,
    document_listeners: Vec<(&'static str, Listener)>,
    on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
}

/// How this tab takes part in electing the holder.
enum Election {
    /// A place in the Web Lock's queue, or the lock: dropping it gives either up.
    Locks { _lock: HolderLock },
    /// Beats and claims over the channel, where the page has no Web Locks.
    Heartbeat(HeartbeatElection),
}

#[derive(Default)]
struct Holding {
    /// This holding's token, on its roll call, notices and relays.
    token: u32,
    /// The other tabs' wishes, in the order they joined.
    others: Vec<(String, Wish)>,
    /// The open stream.
    stream: Option<OpenStream>,
    /// The URL the open stream was opened with.
    url: String,
    status: ConnectionStatus,
    unserved: Vec<String>,
    /// Whether another tab is served by the stream: else nothing is relayed.
    relaying: bool,
    /// The tick being packed for the relay.
    packer: TickPacker,
    replan: RetryTimer,
}

/// The holder's open stream.
struct OpenStream {
    /// Its URL without a resume id.
    url: String,
    interval_ms: u64,
    /// How many zones it carries: the events of one tick.
    zones: usize,
    /// Kept to keep the stream open: dropping it closes the stream.
    _source: ClockSource,
}

impl SharedClock {
    /// Joins the browser's shared stream; `None` where the page has no `BroadcastChannel`,
    /// and so keeps its own stream.
    pub fn join(page: PageCallbacks) -> Option<SharedClock> {
        let channel = BroadcastChannel::new(CHANNEL).ok()?;
        let member = Rc::new_cyclic(|weak: &std::rc::Weak<Member>| {
            let (pinging, taking) = (weak.clone(), weak.clone());
            Member {
                tab: tab_id(),
                channel: RefCell::new(Some(channel)),
                page,
                state: RefCell::new(State::default()),
                watch: SilenceWatch::new(WatchHooks {
                    ping: Box::new(move || {
                        if let Some(member) = pinging.upgrade() {
                            member.post(&TabNotice::Ping {
                                tab: member.tab.clone(),
                            });
                        }
                    }),
                    take_over: Box::new(move || {
                        if let Some(member) = taking.upgrade() {
                            member.take_lock();
                        }
                    }),
                }),
            }
        });
        let weak = Rc::downgrade(&member);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new({
            let weak = weak.clone();
            move |message: MessageEvent| {
                if let Some(member) = weak.upgrade() {
                    member.heard(message.data());
                }
            }
        });
        let on_pagehide = listener(&weak, |member, _| member.leave());
        let on_pageshow = listener(&weak, |member, event| {
            let persisted = js_sys::Reflect::get(&event, &JsValue::from_str("persisted"))
                .ok()
                .is_some_and(|value| value.is_truthy());
            if persisted {
                member.enter();
                member.announce();
            }
        });
        let on_visibility = listener(&weak, |member, _| member.watch.visibility_changed());
        let on_freeze = listener(&weak, |member, _| member.state.borrow_mut().frozen = true);
        let on_resume = listener(&weak, |member, _| member.state.borrow_mut().frozen = false);
        {
            let mut state = member.state.borrow_mut();
            state.on_message = Some(on_message);
            if let Some(window) = web_sys::window() {
                for (name, callback) in [("pagehide", on_pagehide), ("pageshow", on_pageshow)] {
                    let _ = window
                        .add_event_listener_with_callback(name, callback.as_ref().unchecked_ref());
                    state.window_listeners.push((name, callback));
                }
                if let Some(document) = window.document() {
                    for (name, callback) in [
                        ("visibilitychange", on_visibility),
                        ("freeze", on_freeze),
                        ("resume", on_resume),
                    ] {
                        let _ = document.add_event_listener_with_callback(
                            name,
                            callback.as_ref().unchecked_ref(),
                        );
                        state.document_listeners.push((name, callback));
                    }
                }
            }
        }
        member.listen();
        member.enter();
        Some(SharedClock { member })
    }

    /// This tab now wants `zones` (none: nothing) at `interval_ms`.
    pub fn want(&self, zones: Vec<String>, interval_ms: u64) {
        let member = &self.member;
        let wish = Wish { zones, interval_ms };
        let wants_nothing = wish.zones.is_empty();
        let holding = {
            let mut state = member.state.borrow_mut();
            if state.wish == wish {
                return;
            }
            state.zone_values = wish
                .zones
                .iter()
                .map(|zone| JsValue::from_str(zone))
                .collect();
            state.wish = wish;
            state.holding.is_some()
        };
        if wants_nothing {
            let role = if holding {
                StreamRole::Holds
            } else {
                StreamRole::Listens
            };
            (member.page.on_view)(String::new(), role);
        }
        if holding {
            member.schedule_replan(0.0);
        } else {
            member.announce();
            // Keep an own stream in step until the holder says it can carry the tab.
            let own_url = member
                .state
                .borrow()
                .own
                .as_ref()
                .map(|(url, _)| url.clone());
            if let Some(own_url) = own_url {
                if own_url != member.own_url() {
                    member.open_own();
                }
            }
        }
        member.update_watch();
    }

    /// Opens the stream serving this tab again, after it ended.
    pub fn reconnect(&self) {
        let member = &self.member;
        if member.state.borrow().own.is_some() {
            member.open_own();
        } else if member.state.borrow().holding.is_some() {
            member.reopen();
        } else {
            member.post(&TabNotice::Reopen);
        }
    }
}

impl Drop for SharedClock {
    fn drop(&mut self) {
        self.member.leave();
        self.member.watch.expect(None);
        let mut state = self.member.state.borrow_mut();
        if let Some(window) = web_sys::window() {
            for (name, listener) in state.window_listeners.drain(..) {
                let _ = window
                    .remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            }
            if let Some(document) = window.document() {
                for (name, listener) in state.document_listeners.drain(..) {
                    let _ = document.remove_event_listener_with_callback(
                        name,
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        }
    }
}

/// A tab id unlikely to repeat among the tabs of one browser.
fn tab_id() -> String {
    format!("{:x}-{:08x}", js_sys::Date::now() as u64, random_u32())
}

fn random_u32() -> u32 {
    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
}

impl Member {
    /// Opens the channel (again, after the back/forward cache) and hears it.
    fn listen(&self) {
        let mut channel = self.channel.borrow_mut();
        if channel.is_none() {
            *channel = BroadcastChannel::new(CHANNEL).ok();
        }
        if let (Some(channel), Some(on_message)) =
            (channel.as_ref(), self.state.borrow().on_message.as_ref())
        {
            channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        }
    }

    /// Enters the election: by Web Locks where the page has them, else by heartbeat.
    fn enter(self: &Rc<Self>) {
        if std::mem::replace(&mut self.state.borrow_mut().joined, true) {
            return;
        }
        self.listen();
        let election = if holder_lock::supported() {
            HolderLock::request(LOCK, self.lock_hooks()).map(|lock| Election::Locks { _lock: lock })
        } else {
            let weak = Rc::downgrade(self);
            let (posting, deposed) = (Rc::downgrade(self), Rc::downgrade(self));
            Some(Election::Heartbeat(HeartbeatElection::start(
                self.tab.clone(),
                Voter {
                    post: Box::new(move |ballot| {
                        if let Some(member) = posting.upgrade() {
                            let tab = member.tab.clone();
                            member.post(&match ballot {
                                Ballot::Beat => TabNotice::Beat { tab },
                                Ballot::Claim => TabNotice::Claim { tab },
                            });
                        }
                    }),
                    on_elected: Box::new(move || {
                        if let Some(member) = weak.upgrade() {
                            member.take_over();
                        }
                    }),
                    on_deposed: Box::new(move || {
                        if let Some(member) = deposed.upgrade() {
                            member.step_down();
                        }
                    }),
                },
            )))
        };
        self.state.borrow_mut().election = election;
    }

    /// What this tab does with the Web Lock: hold the stream when granted it, and listen
    /// again when another tab took it.
    fn lock_hooks(self: &Rc<Self>) -> LockHooks {
        let (granted, lost) = (Rc::downgrade(self), Rc::downgrade(self));
        LockHooks {
            on_granted: Box::new(move || {
                if let Some(member) = granted.upgrade() {
                    member.take_over();
                }
            }),
            on_lost: Box::new(move || {
                if let Some(member) = lost.upgrade() {
                    member.lose_lock(None);
                }
            }),
        }
    }

    fn uses_locks(&self) -> bool {
        matches!(self.state.borrow().election, Some(Election::Locks { .. }))
    }

    /// The holder this tab follows fell silent and did not answer: it takes the lock from
    /// it, leaving its place in the queue.
    fn take_lock(self: &Rc<Self>) {
        let queued = {
            let mut state = self.state.borrow_mut();
            if !state.joined || state.holding.is_some() {
                return;
            }
            match state.election.take() {
                Some(election @ Election::Heartbeat(_)) => {
                    state.election = Some(election);
                    return;
                }
                queued => queued,
            }
        };
        drop(queued);
        let taken = HolderLock::take(LOCK, self.lock_hooks())
            .or_else(|| HolderLock::request(LOCK, self.lock_hooks()));
        self.state.borrow_mut().election = taken.map(|lock| Election::Locks { _lock: lock });
    }

    /// Another tab took the lock this one held (`by`, when its roll call says who): this
    /// one closes its stream at once, says it let go, and queues for the lock again.
    fn lose_lock(self: &Rc<Self>, by: Option<Followed>) {
        let (holding, lock) = {
            let mut state = self.state.borrow_mut();
            if !state.joined {
                return;
            }
            let Some(holding) = state.holding.take() else {
                return;
            };
            state.followed = by;
            (holding, state.election.take())
        };
        let token = holding.token;
        drop(holding);
        drop(lock);
        self.post(&TabNotice::Resign {
            tab: self.tab.clone(),
            token,
        });
        let queued = HolderLock::request(LOCK, self.lock_hooks());
        self.state.borrow_mut().election = queued.map(|lock| Election::Locks { _lock: lock });
        (self.page.on_status)(ConnectionStatus::Reconnecting);
        self.announce();
        self.update_watch();
    }

    /// The election over the channel, if this tab takes part in that one.
    fn heartbeat(&self) -> Option<HeartbeatElection> {
        match self.state.borrow().election.as_ref() {
            Some(Election::Heartbeat(election)) => Some(election.clone()),
            _ => None,
        }
    }

    /// Another tab holds too, with a lower id (the election without Web Locks): this one
    /// closes its stream and listens.
    fn step_down(&self) {
        let holding = {
            let mut state = self.state.borrow_mut();
            state.followed = None;
            state.holding.take()
        };
        if let Some(holding) = holding {
            let token = holding.token;
            drop(holding);
            self.post(&TabNotice::Resign {
                tab: self.tab.clone(),
                token,
            });
        }
        self.announce();
    }

    /// Leaves the election, says goodbye, and closes whatever stream this tab holds and the
    /// channel.
    fn leave(&self) {
        let (holding, election, own) = {
            let mut state = self.state.borrow_mut();
            if !state.joined {
                return;
            }
            state.joined = false;
            state.followed = None;
            (
                state.holding.take(),
                state.election.take(),
                state.own.take(),
            )
        };
        self.watch.expect(None);
        self.post(&TabNotice::Bye {
            tab: self.tab.clone(),
        });
        drop(holding);
        drop(own);
        // After the goodbye, so the next holder hears it before it calls the roll.
        drop(election);
        if let Some(channel) = self.channel.borrow_mut().take() {
            channel.set_onmessage(None);
            channel.close();
        }
    }

    fn post(&self, notice: &TabNotice) {
        self.post_value(&JsValue::from_str(&notice.to_json()));
    }

    fn post_value(&self, message: &JsValue) {
        if let Some(channel) = self.channel.borrow().as_ref() {
            let _ = channel.post_message(message);
        }
    }

    /// Tells the holder what this tab wants.
    fn announce(&self) {
        let wish = self.state.borrow().wish.clone();
        self.post(&TabNotice::Wish {
            tab: self.tab.clone(),
            zones: wish.zones,
            interval_ms: wish.interval_ms,
        });
    }

    /// Watches the holder this tab follows for silence, where that matters: a listener,
    /// served by an open shared stream, in the Web Locks election (without Web Locks the
    /// holder's beats are the watch).
    fn update_watch(&self) {
        let interval_ms = {
            let state = self.state.borrow();
            let listens = state.joined
                && state.holding.is_none()
                && state.own.is_none()
                && state.followed.is_some()
                && state.shared_open
                && !state.wish.zones.is_empty();
            (listens && matches!(state.election, Some(Election::Locks { .. })))
                .then_some(state.shared_interval_ms)
        };
        self.watch.expect(interval_ms);
    }

    /// A message from another tab.
    fn heard(self: &Rc<Self>, data: JsValue) {
        if !self.state.borrow().joined {
            return;
        }
        if let Some(tick) = RelayedTick::read(&data) {
            self.take_relayed(&tick);
            return;
        }
        let Some(notice) = data.as_string().and_then(|text| TabNotice::parse(&text)) else {
            return;
        };
        match notice {
            TabNotice::Wish {
                tab,
                zones,
                interval_ms,
            } => {
                let mut state = self.state.borrow_mut();
                if let Some(holding) = state.holding.as_mut() {
                    let wish = Wish { zones, interval_ms };
                    match holding.others.iter_mut().find(|(id, _)| *id == tab) {
                        Some((_, known)) => *known = wish,
                        None => holding.others.push((tab, wish)),
                    }
                    drop(state);
                    // Even an unchanged wish is answered, so a new tab learns the state.
                    self.schedule_replan(GATHER_MS);
                }
            }
            TabNotice::Bye { tab } => self.heard_bye(&tab),
            TabNotice::Roll { tab, token } => {
                let holding = self.state.borrow().holding.is_some();
                if holding {
                    // Only one tab is granted a Web Lock: another's roll call means it took
                    // the lock from this one, which may not have heard yet (it was frozen).
                    // Without Web Locks the beats settle two holders.
                    if self.uses_locks() {
                        self.lose_lock(Some(Followed { tab, token }));
                    }
                    return;
                }
                self.state.borrow_mut().followed = Some(Followed { tab, token });
                self.watch.heard();
                self.announce();
                self.update_watch();
            }
            TabNotice::Resign { token, .. } => {
                let holding = self
                    .state
                    .borrow()
                    .holding
                    .as_ref()
                    .map(|h| h.stream.is_some());
                if let Some(open) = holding {
                    // Whoever followed the tab that let go follows this one again (once it
                    // has a stream to tell of: a new holder tells when it opens one).
                    if open {
                        self.tell_stream();
                    }
                    return;
                }
                let mut state = self.state.borrow_mut();
                if state.followed.as_ref().is_some_and(|f| f.token == token) {
                    state.followed = None;
                    drop(state);
                    self.update_watch();
                }
            }
            TabNotice::Ping { .. } => {
                let answer = {
                    let state = self.state.borrow();
                    state.holding.as_ref().map(|holding| TabNotice::Pong {
                        token: holding.token,
                        frozen: state.frozen,
                    })
                };
                match answer {
                    Some(pong) => self.post(&pong),
                    // Another listener is asking: this one waits for the answer too.
                    None => self.watch.heard(),
                }
            }
            TabNotice::Pong { token, frozen } => {
                if self.follows(token) {
                    if frozen {
                        self.watch.holder_frozen();
                    } else {
                        self.watch.heard();
                    }
                }
            }
            TabNotice::Beat { tab } => {
                if let Some(election) = self.heartbeat() {
                    election.heard_beat(&tab);
                }
            }
            TabNotice::Claim { tab } => {
                if let Some(election) = self.heartbeat() {
                    election.heard_claim(&tab);
                }
            }
            TabNotice::Reopen => {
                let ended = self
                    .state
                    .borrow()
                    .holding
                    .as_ref()
                    .is_some_and(|holding| holding.status == ConnectionStatus::Ended);
                if ended {
                    self.reopen();
                }
            }
            TabNotice::Stream {
                holder,
                token,
                url,
                interval_ms,
                status,
                unserved,
            } => {
                {
                    let mut state = self.state.borrow_mut();
                    let stale = state.followed.as_ref().is_some_and(|f| f.token != token);
                    if state.holding.is_some() || stale {
                        return;
                    }
                    state.followed = Some(Followed { tab: holder, token });
                    state.shared_interval_ms = interval_ms;
                    state.shared_open = !url.is_empty();
                }
                self.watch.heard();
                let served = !unserved.contains(&self.tab);
                self.serve_self(served);
                if served && !self.state.borrow().wish.zones.is_empty() {
                    (self.page.on_view)(url, StreamRole::Listens);
                    (self.page.on_status)(status);
                }
                self.update_watch();
            }
        }
    }

    /// Whether this tab listens to the holding `token`.
    fn follows(&self, token: u32) -> bool {
        let state = self.state.borrow();
        state.holding.is_none() && state.followed.as_ref().is_some_and(|f| f.token == token)
    }

    /// A tab said goodbye: the holder forgets its wish; if it was the holder, this tab
    /// waits for the next one.
    fn heard_bye(self: &Rc<Self>, tab: &str) {
        let (holding, holder_left, own) = {
            let mut state = self.state.borrow_mut();
            if let Some(holding) = state.holding.as_mut() {
                holding.others.retain(|(id, _)| id != tab);
            }
            let holder_left = state.followed.as_ref().is_some_and(|f| f.tab == tab);
            if holder_left {
                state.followed = None;
            }
            (state.holding.is_some(), holder_left, state.own.is_some())
        };
        if holding {
            self.schedule_replan(0.0);
        } else if holder_left {
            self.update_watch();
            if let Some(election) = self.heartbeat() {
                election.heard_holder_leave();
            }
            if !own {
                // The next tab takes over within a moment.
                (self.page.on_status)(ConnectionStatus::Reconnecting);
            }
        }
    }

    /// A tick relayed by a holder: if it is the one this tab follows, the tab notes its id,
    /// keeps its raw events for the inspector, and shows the events of its zones if the
    /// tick is on its interval, parsing those alone.
    fn take_relayed(&self, tick: &RelayedTick<'_>) {
        let shown: Vec<u32> = {
            let state = self.state.borrow();
            let relayed = state.holding.is_none()
                && state.own.is_none()
                && state
                    .followed
                    .as_ref()
                    .is_some_and(|followed| tick.is_from(followed.token));
            if !relayed {
                return;
            }
            if state.wish.zones.is_empty() {
                Vec::new()
            } else {
                let on_interval = tick.epoch_ms().is_some_and(|epoch_ms| {
                    tick_belongs(epoch_ms, state.wish.interval_ms)
                        || !tick_belongs(epoch_ms, state.shared_interval_ms)
                });
                if on_interval && tick.event_type() == UPDATE_EVENT {
                    (0..tick.events())
                        .filter(|index| {
                            let zone = tick.zone(*index);
                            state.zone_values.contains(&zone)
                        })
                        .collect()
                } else {
                    Vec::new()
                }
            }
        };
        self.watch.heard();
        let id = tick.id();
        self.note_id(&id);
        if self.state.borrow().wish.zones.is_empty() {
            return;
        }
        // Only the last few events stay in the inspector's buffer: the rest are not kept.
        let event_type = tick.event_type();
        let events = tick.events();
        for index in events.saturating_sub(INSPECTOR_EVENTS as u32)..events {
            (self.page.on_relayed_raw_event)(id.clone(), event_type.clone(), tick.raw_data(index));
        }
        for index in shown {
            if let Some(update) = ClockUpdate::from_json_text(&tick.data(index)) {
                (self.page.on_update)(update);
            }
        }
    }

    fn note_id(&self, id: &str) {
        if let Ok(id) = id.parse::<u64>() {
            let mut state = self.state.borrow_mut();
            state.last_id = Some(state.last_id.map_or(id, |last| last.max(id)));
        }
    }

    /// A tick of the shared stream goes to the page if it is of one of the page's zones
    /// and on the page's interval (or the stream's first, on no boundary, which fills).
    fn take_update(&self, update: ClockUpdate) {
        let shows = {
            let state = self.state.borrow();
            state.wish.zones.contains(&update.zone)
                && (tick_belongs(update.epoch_ms, state.wish.interval_ms)
                    || !tick_belongs(update.epoch_ms, state.shared_interval_ms))
        };
        if shows {
            (self.page.on_update)(update);
        }
    }

    /// This tab got the lock: it calls the roll, and opens the stream once the wishes are in.
    fn take_over(self: &Rc<Self>) {
        let token = random_u32();
        {
            let mut state = self.state.borrow_mut();
            if !state.joined {
                return;
            }
            state.followed = Some(Followed {
                tab: self.tab.clone(),
                token,
            });
            state.holding = Some(Holding {
                token,
                ..Holding::default()
            });
        }
        self.update_watch();
        self.post(&TabNotice::Roll {
            tab: self.tab.clone(),
            token,
        });
        self.schedule_replan(GATHER_MS);
    }

    fn schedule_replan(self: &Rc<Self>, delay_ms: f64) {
        let weak = Rc::downgrade(self);
        let mut state = self.state.borrow_mut();
        if let Some(holding) = state.holding.as_mut() {
            holding.replan.start(delay_ms, move || {
                if let Some(member) = weak.upgrade() {
                    member.replan();
                }
            });
        }
    }

    /// The holder plans the stream for every tab's wish, its own first; when the union or
    /// the interval changed it closes the stream and opens the next, resuming after the
    /// last id it saw, so no tick is lost. Then it tells every tab.
    fn replan(self: &Rc<Self>) {
        let (plan, unserved, own_served, relaying) = {
            let state = self.state.borrow();
            let Some(holding) = state.holding.as_ref() else {
                return;
            };
            let mut tabs: Vec<(&str, &Wish)> = vec![(self.tab.as_str(), &state.wish)];
            tabs.extend(holding.others.iter().map(|(id, wish)| (id.as_str(), wish)));
            let wishes: Vec<TabWish<'_>> = tabs
                .iter()
                .map(|(_, wish)| TabWish {
                    zones: &wish.zones,
                    interval_ms: wish.interval_ms,
                })
                .collect();
            let plan = SharedStream::plan(&wishes);
            let served = |index: usize| {
                plan.as_ref()
                    .is_some_and(|plan| plan.served.get(index) == Some(&true))
            };
            let unserved: Vec<String> = tabs
                .iter()
                .enumerate()
                .filter(|(index, (_, wish))| !wish.zones.is_empty() && !served(*index))
                .map(|(_, (id, _))| (*id).to_owned())
                .collect();
            let relaying = (1..tabs.len()).any(served);
            let own_served = served(0);
            (plan, unserved, own_served, relaying)
        };
        let wanted = plan.as_ref().map(|plan| (plan.url(None), plan.interval_ms));
        let open = self
            .state
            .borrow()
            .holding
            .as_ref()
            .and_then(|holding| holding.stream.as_ref())
            .map(|stream| (stream.url.clone(), stream.interval_ms));
        if let Some(holding) = self.state.borrow_mut().holding.as_mut() {
            holding.relaying = relaying;
        }
        if open != wanted {
            // Close before opening: the server counts the streams, and the next one resumes.
            self.close_stream();
            match plan {
                Some(plan) => self.open_shared(&plan),
                None => {
                    let mut state = self.state.borrow_mut();
                    if let Some(holding) = state.holding.as_mut() {
                        holding.url.clear();
                        holding.status = ConnectionStatus::Connecting;
                    }
                }
            }
        }
        if let Some(holding) = self.state.borrow_mut().holding.as_mut() {
            holding.unserved = unserved;
        }
        self.serve_self(own_served || self.state.borrow().wish.zones.is_empty());
        self.tell_stream();
    }

    /// Opens the shared stream of `plan`, relaying its ticks.
    fn open_shared(self: &Rc<Self>, plan: &SharedStream) {
        let last_id = self.state.borrow().last_id;
        let url = plan.url(last_id);
        {
            let mut state = self.state.borrow_mut();
            state.shared_interval_ms = plan.interval_ms;
            state.shared_open = true;
            if let Some(holding) = state.holding.as_mut() {
                holding.url = url.clone();
            }
        }
        let weak = Rc::downgrade(self);
        let on_event = weak.clone();
        let source = ClockSource::open(
            url,
            Callbacks {
                on_event: Box::new(move |event, update| {
                    if let Some(member) = on_event.upgrade() {
                        member.take_own_event(event, update);
                    }
                }),
                on_status: Box::new(move |status| {
                    let Some(member) = weak.upgrade() else {
                        return;
                    };
                    let changed = match member.state.borrow_mut().holding.as_mut() {
                        Some(holding) if holding.status != status => {
                            holding.status = status;
                            true
                        }
                        _ => false,
                    };
                    if changed {
                        member.tell_stream();
                    }
                }),
            },
        );
        if let Some(holding) = self.state.borrow_mut().holding.as_mut() {
            holding.stream = Some(OpenStream {
                url: plan.url(None),
                interval_ms: plan.interval_ms,
                zones: plan.zones.len(),
                _source: source,
            });
        }
    }

    /// An event of the stream this tab holds: relayed to the others (packed by tick),
    /// shown in the inspector, and its tick on the clocks if it is one of this tab's.
    fn take_own_event(&self, event: WireEvent, update: Option<ClockUpdate>) {
        self.note_id(&event.id);
        {
            let mut state = self.state.borrow_mut();
            if let Some(holding) = state.holding.as_mut() {
                if holding.relaying {
                    let zones = holding.stream.as_ref().map_or(0, |stream| stream.zones);
                    let token = holding.token;
                    holding
                        .packer
                        .add(token, &event, update.as_ref(), zones, &mut |message| {
                            self.post_value(message)
                        });
                }
            }
        }
        (self.page.on_raw_event)(event.id, event.event.to_owned(), event.data);
        if let Some(update) = update {
            self.take_update(update);
        }
    }

    /// The holder opens its stream again, after it ended.
    fn reopen(self: &Rc<Self>) {
        self.close_stream();
        self.replan();
    }

    /// Closes the holder's stream, if it has one, relaying the tick it was packing; the
    /// borrow ends before the source is dropped, whose close may call back into this tab.
    fn close_stream(&self) {
        let closed = {
            let mut state = self.state.borrow_mut();
            state.holding.as_mut().and_then(|holding| {
                if holding.relaying {
                    holding
                        .packer
                        .flush(&mut |message| self.post_value(message));
                }
                holding.packer = TickPacker::default();
                holding.stream.take()
            })
        };
        drop(closed);
    }

    /// The holder tells every tab (itself too) about its stream.
    fn tell_stream(&self) {
        let notice = {
            let state = self.state.borrow();
            let Some(holding) = state.holding.as_ref() else {
                return;
            };
            TabNotice::Stream {
                holder: self.tab.clone(),
                token: holding.token,
                url: holding.url.clone(),
                interval_ms: state.shared_interval_ms,
                status: holding.status,
                unserved: holding.unserved.clone(),
            }
        };
        self.post(&notice);
        let TabNotice::Stream { url, status, .. } = notice else {
            return;
        };
        let (wants, own) = {
            let state = self.state.borrow();
            (!state.wish.zones.is_empty(), state.own.is_some())
        };
        if wants && !own {
            (self.page.on_view)(url, StreamRole::Holds);
            (self.page.on_status)(status);
        }
    }

    /// Keeps this tab's own stream while the shared one cannot carry it, and none otherwise.
    fn serve_self(self: &Rc<Self>, served: bool) {
        let has_own = self.state.borrow().own.is_some();
        if served && has_own {
            let own = self.state.borrow_mut().own.take();
            drop(own);
        } else if !served && !has_own {
            self.open_own();
        }
        self.update_watch();
    }

    /// This tab's own URL, as a tab alone would open it.
    fn own_url(&self) -> String {
        let state = self.state.borrow();
        stream_url(&state.wish.zones, state.wish.interval_ms)
    }

    /// Opens (or opens again) this tab's own stream, feeding the page directly.
    fn open_own(self: &Rc<Self>) {
        let closed = self.state.borrow_mut().own.take();
        drop(closed);
        if self.state.borrow().wish.zones.is_empty() {
            return;
        }
        let url = self.own_url();
        (self.page.on_view)(url.clone(), StreamRole::Own);
        let weak = Rc::downgrade(self);
        let (event, status) = (weak.clone(), weak);
        let source = ClockSource::open(
            url.clone(),
            Callbacks {
                on_event: Box::new(move |wire, update| {
                    if let Some(member) = event.upgrade() {
                        (member.page.on_raw_event)(wire.id, wire.event.to_owned(), wire.data);
                        if let Some(update) = update {
                            (member.page.on_update)(update);
                        }
                    }
                }),
                on_status: Box::new(move |new_status| {
                    if let Some(member) = status.upgrade() {
                        (member.page.on_status)(new_status);
                    }
                }),
            },
        );
        self.state.borrow_mut().own = Some((url, source));
    }
}
