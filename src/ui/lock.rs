//! The idle lock: when the app locks, and what tells it. Idle means no keyboard or mouse event
//! for N minutes; a tick every few seconds compares `now` with the last input in a pure
//! function (`due`), so tests advance time by sending a tick with a later `now`. Ctrl+L locks
//! at once, whatever has the focus. What locking drops is `App::lock`'s business.
//!
//! The OS's own word locks too (`os_signals`, over D-Bus with zbus): logind's
//! `PrepareForSleep(true)` and a session's `Lock` on the system bus, and the session bus's
//! `org.freedesktop.ScreenSaver` / `org.gnome.ScreenSaver` `ActiveChanged(true)`. Where a bus
//! or a service is missing the app simply gets no such word; Ctrl+L and the idle clock remain.

use iced::futures::channel::mpsc;
use iced::keyboard::{self, Key};
use iced::{Event, Subscription, event, mouse, touch};
use std::time::{Duration, Instant};

/// How often the app looks at the clock while unlocked.
pub const TICK: Duration = Duration::from_secs(5);

/// The idle clock: when the last input came and how long the app may stay idle.
#[derive(Clone, Copy, Debug)]
pub struct Idle {
    last_input: Instant,
    minutes: u32,
}

impl Idle {
    pub fn new(minutes: u32, now: Instant) -> Self {
        Self {
            last_input: now,
            minutes: minutes.max(1),
        }
    }

    /// A keyboard or mouse event came at `now`.
    pub fn input(&mut self, now: Instant) {
        self.last_input = self.last_input.max(now);
    }

    /// A new limit (the user changed it in Settings, or the team's cap was read).
    pub fn set_minutes(&mut self, minutes: u32) {
        self.minutes = minutes.max(1);
    }

    pub fn minutes(&self) -> u32 {
        self.minutes
    }

    /// Whether the app should lock at `now`.
    pub fn due(&self, now: Instant) -> bool {
        due(self.last_input, self.minutes, now)
    }
}

/// The rule: locked once `minutes` have passed since the last input.
pub fn due(last_input: Instant, minutes: u32, now: Instant) -> bool {
    now.saturating_duration_since(last_input) >= Duration::from_secs(u64::from(minutes) * 60)
}

/// What the window's events mean to the lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    /// Someone is at the keyboard or the mouse.
    Input,
    /// Ctrl+L.
    LockNow,
}

/// Every keyboard, mouse and touch event, captured by a widget or not (typing in a field is
/// input too, and Ctrl+L works from inside one).
pub fn signals() -> Subscription<Signal> {
    event::listen_with(|event, _status, _window| signal(&event))
}

/// What one window event means to the lock.
pub fn signal(event: &Event) -> Option<Signal> {
    match event {
        Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. })
            if modifiers.command() && key.as_ref() == Key::Character("l") =>
        {
            Some(Signal::LockNow)
        }
        Event::Keyboard(_) | Event::Touch(touch::Event::FingerPressed { .. }) => {
            Some(Signal::Input)
        }
        Event::Mouse(
            mouse::Event::ButtonPressed(_)
            | mouse::Event::CursorMoved { .. }
            | mouse::Event::WheelScrolled { .. },
        ) => Some(Signal::Input),
        _ => None,
    }
}

/// A tick every `TICK` with the time it was sent. The executor (thread-pool) has no timer, so
/// a thread of its own sleeps; it ends when the subscription is dropped (the send fails).
pub fn ticks() -> Subscription<Instant> {
    Subscription::run(tick_stream)
}

fn tick_stream() -> mpsc::UnboundedReceiver<Instant> {
    let (send, receive) = mpsc::unbounded();
    let spawned = std::thread::Builder::new()
        .name("rapport-idle-tick".into())
        .spawn(move || {
            loop {
                std::thread::sleep(TICK);
                if send.unbounded_send(Instant::now()).is_err() {
                    break;
                }
            }
        });
    // Without the thread there are no ticks: Ctrl+L still locks.
    drop(spawned);
    receive
}

/// One signal that means "lock": its interface, its name, and whether it carries a bool that
/// must be true (`PrepareForSleep(true)` is going to sleep; `false` is waking up).
struct Watch {
    interface: &'static str,
    member: &'static str,
    needs_true: bool,
}

const SYSTEM_WATCHES: &[Watch] = &[
    Watch {
        interface: "org.freedesktop.login1.Manager",
        member: "PrepareForSleep",
        needs_true: true,
    },
    Watch {
        interface: "org.freedesktop.login1.Session",
        member: "Lock",
        needs_true: false,
    },
];

const SESSION_WATCHES: &[Watch] = &[
    Watch {
        interface: "org.freedesktop.ScreenSaver",
        member: "ActiveChanged",
        needs_true: true,
    },
    Watch {
        interface: "org.gnome.ScreenSaver",
        member: "ActiveChanged",
        needs_true: true,
    },
];

/// `LockNow` whenever the OS says the screen locks or the machine suspends. Kept for the whole
/// run (a lock while locked changes nothing), so its threads start once.
pub fn os_signals() -> Subscription<Signal> {
    Subscription::run(os_stream)
}

fn os_stream() -> mpsc::UnboundedReceiver<Signal> {
    let (send, receive) = mpsc::unbounded();
    let system = send.clone();
    spawn_watch(zbus::blocking::Connection::system, SYSTEM_WATCHES, system);
    spawn_watch(zbus::blocking::Connection::session, SESSION_WATCHES, send);
    receive
}

/// The screen-saver signals of the session bus at `address` (for tests with a bus of their own).
pub fn session_signals_at(address: String) -> mpsc::UnboundedReceiver<Signal> {
    let (send, receive) = mpsc::unbounded();
    let connect = move || zbus::blocking::connection::Builder::address(address.as_str())?.build();
    spawn_watch(connect, SESSION_WATCHES, send);
    receive
}

/// One thread per watched signal; each connects, listens, and ends when the app has gone (the
/// send fails) or the bus is not there.
fn spawn_watch(
    connect: impl Fn() -> zbus::Result<zbus::blocking::Connection> + Send + Clone + 'static,
    watches: &'static [Watch],
    send: mpsc::UnboundedSender<Signal>,
) {
    for watch in watches {
        let (connect, send) = (connect.clone(), send.clone());
        let _ = std::thread::Builder::new()
            .name("rapport-os-lock".into())
            .spawn(move || listen(connect, watch, send));
    }
}

fn listen(
    connect: impl Fn() -> zbus::Result<zbus::blocking::Connection>,
    watch: &Watch,
    send: mpsc::UnboundedSender<Signal>,
) {
    let Ok(conn) = connect() else {
        return;
    };
    let rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface(watch.interface)
        .and_then(|b| b.member(watch.member))
        .map(|b| b.build());
    let Ok(rule) = rule else {
        return;
    };
    let Ok(messages) = zbus::blocking::MessageIterator::for_match_rule(rule, &conn, Some(16))
    else {
        return;
    };
    for message in messages.flatten() {
        let lock = !watch.needs_true || message.body().deserialize::<bool>().unwrap_or(false);
        if lock && send.unbounded_send(Signal::LockNow).is_err() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_minutes_and_input_restarts_the_clock() {
        let t0 = Instant::now();
        let mut idle = Idle::new(10, t0);
        assert!(!idle.due(t0 + Duration::from_secs(599)));
        assert!(idle.due(t0 + Duration::from_secs(600)));
        idle.input(t0 + Duration::from_secs(300));
        assert!(!idle.due(t0 + Duration::from_secs(600)));
        assert!(idle.due(t0 + Duration::from_secs(900)));
        // An earlier `now` (a stale tick) never locks.
        assert!(!idle.due(t0));
        idle.set_minutes(0);
        assert_eq!(idle.minutes(), 1);
    }
}
