//! The election of the tab that holds the shared stream where the page has no Web Locks (an
//! insecure context: `http://` on a LAN address, exactly where HTTP/1.1's six connections
//! bite), over the tabs' `BroadcastChannel` alone. The holder beats every [`BEAT_MS`]; a tab
//! that hears no beat for [`SILENCE_MS`] (or hears the holder say goodbye) claims with its
//! id, and after [`SETTLE_MS`] the lowest id that claimed takes over. Should two tabs hold at
//! once (a beat lost to a frozen tab), the one that hears the other's lower id steps down.

use std::{cell::RefCell, rc::Rc};

use super::event_source::RetryTimer;

/// How often the holder says it holds.
const BEAT_MS: f64 = 500.0;
/// How long without a beat before a tab claims: three beats missed.
const SILENCE_MS: f64 = 1_500.0;
/// How long a new tab listens for a beat before its first claim: a beat and a margin.
const FIRST_SILENCE_MS: f64 = 700.0;
/// How long the claims are gathered before the lowest id takes over.
const SETTLE_MS: f64 = 300.0;

/// What the election sends on the channel.
pub enum Ballot {
    /// The holder still holds.
    Beat,
    /// This tab would take over.
    Claim,
}

/// What the election needs of the tab.
pub struct Voter {
    /// Sends a ballot, with this tab's id, to every other tab.
    pub post: Box<dyn Fn(Ballot)>,
    /// This tab won.
    pub on_elected: Box<dyn Fn()>,
    /// This tab held, and another with a lower id holds too: it must let go.
    pub on_deposed: Box<dyn Fn()>,
}

/// This tab's part in the election; dropping the last clone stops its timers (and beats).
#[derive(Clone)]
pub struct HeartbeatElection {
    inner: Rc<Inner>,
}

struct Inner {
    tab: String,
    voter: Voter,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    holding: bool,
    /// The ids that claimed since this tab claimed, itself included; `None` when not claiming.
    claims: Option<Vec<String>>,
    /// Waits for a beat, the settle of a claim, or the next beat to send.
    timer: RetryTimer,
}

impl HeartbeatElection {
    /// Joins the election as `tab`; it claims if no holder beats soon.
    pub fn start(tab: String, voter: Voter) -> HeartbeatElection {
        let inner = Rc::new(Inner {
            tab,
            voter,
            state: RefCell::new(State::default()),
        });
        inner.wait_for_beat(FIRST_SILENCE_MS);
        HeartbeatElection { inner }
    }

    /// The holder `tab` beat.
    pub fn heard_beat(&self, tab: &str) {
        let inner = &self.inner;
        let holding = inner.state.borrow().holding;
        if holding {
            if tab < inner.tab.as_str() {
                inner.state.borrow_mut().holding = false;
                inner.wait_for_beat(SILENCE_MS);
                (inner.voter.on_deposed)();
            }
        } else {
            inner.state.borrow_mut().claims = None;
            inner.wait_for_beat(SILENCE_MS);
        }
    }

    /// `tab` claims: a holder answers with a beat at once; others join the claim.
    pub fn heard_claim(&self, tab: &str) {
        let inner = &self.inner;
        if inner.state.borrow().holding {
            (inner.voter.post)(Ballot::Beat);
            return;
        }
        let claiming = {
            let mut state = inner.state.borrow_mut();
            match state.claims.as_mut() {
                Some(claims) => {
                    claims.push(tab.to_owned());
                    true
                }
                None => false,
            }
        };
        if !claiming {
            inner.claim(Some(tab));
        }
    }

    /// The holder left: claim at once rather than wait out the silence.
    pub fn heard_holder_leave(&self) {
        let inner = &self.inner;
        let idle = {
            let state = inner.state.borrow();
            !state.holding && state.claims.is_none()
        };
        if idle {
            inner.claim(None);
        }
    }
}

impl Inner {
    fn wait_for_beat(self: &Rc<Self>, silence_ms: f64) {
        let weak = Rc::downgrade(self);
        self.state.borrow_mut().timer.start(silence_ms, move || {
            if let Some(inner) = weak.upgrade() {
                inner.state.borrow_mut().timer.fired();
                inner.claim(None);
            }
        });
    }

    /// Claims, with `heard` (a claim just heard) among the claims.
    fn claim(self: &Rc<Self>, heard: Option<&str>) {
        let mut claims = vec![self.tab.clone()];
        claims.extend(heard.map(str::to_owned));
        let weak = Rc::downgrade(self);
        {
            let mut state = self.state.borrow_mut();
            state.claims = Some(claims);
            state.timer.start(SETTLE_MS, move || {
                if let Some(inner) = weak.upgrade() {
                    inner.state.borrow_mut().timer.fired();
                    inner.count();
                }
            });
        }
        (self.voter.post)(Ballot::Claim);
    }

    /// The settle is over: the lowest id claiming wins; the others wait for its beat.
    fn count(self: &Rc<Self>) {
        let won = {
            let mut state = self.state.borrow_mut();
            let won = state
                .claims
                .take()
                .is_some_and(|claims| claims.iter().min() == Some(&self.tab));
            state.holding = won;
            won
        };
        if won {
            self.beat();
            (self.voter.on_elected)();
        } else {
            self.wait_for_beat(SILENCE_MS);
        }
    }

    fn beat(self: &Rc<Self>) {
        if !self.state.borrow().holding {
            return;
        }
        (self.voter.post)(Ballot::Beat);
        let weak = Rc::downgrade(self);
        self.state.borrow_mut().timer.start(BEAT_MS, move || {
            if let Some(inner) = weak.upgrade() {
                inner.state.borrow_mut().timer.fired();
                inner.beat();
            }
        });
    }
}
