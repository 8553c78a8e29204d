//! The open store as the app holds it: behind `Arc<Mutex<_>>` because `Store` is not `Sync`,
//! and only ever touched on a thread of its own started by a `Task`'s future, so neither the UI
//! thread nor the executor's threads ever wait on the disk or on each other. Work with a
//! connection of its own (the retention sweep) runs `beside` the store instead.
//! Errors reach the screens as the user-facing sentence the lower layers already wrote.
//! The idle lock `close`s it: the store (its connection and its copy of the key, both zeroed
//! on drop) goes at once, or as soon as the call holding it ends; every later call, and the
//! result of any call that was running, is the sentence that the app is locked.

use crate::privacy::PrivacyError;
use crate::privacy::team::policy::Standing;
use crate::store::Store;
use iced::futures::channel::oneshot;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

/// A shared handle to the unlocked store, with this laptop's standing in the team (issue 13:
/// read once at unlock and after each sync round, so no view replays the roster per frame).
#[derive(Clone)]
pub struct Db(Arc<Shared>);

struct Shared {
    store: Mutex<Option<Store>>,
    /// Set by `close`; a call that sees it drops the store and its own result.
    closed: AtomicBool,
    standing: RwLock<Standing>,
}

/// The result of an operation as a screen shows it: a value or a sentence for the user.
pub type Outcome<T> = Result<T, String>;

impl Db {
    /// Called off the UI thread (the unlock's task): reads the standing once.
    pub fn new(store: Store) -> Self {
        let standing = crate::privacy::gate::standing_of(&store);
        Self(Arc::new(Shared {
            store: Mutex::new(Some(store)),
            closed: AtomicBool::new(false),
            standing: RwLock::new(standing),
        }))
    }

    /// This laptop's standing as last read (`super::permit` turns it into enabled buttons).
    pub fn standing(&self) -> Standing {
        // A poisoned lock reads as "reads only": never wider rights than known.
        self.0
            .standing
            .read()
            .map(|s| *s)
            .unwrap_or(Standing::Joining)
    }

    /// Replaces the standing (after a sync round re-read it).
    pub fn set_standing(&self, standing: Standing) {
        if let Ok(mut s) = self.0.standing.write() {
            *s = standing;
        }
    }

    /// Closes the store for every holder of this handle (the idle lock). Never waits: a call
    /// that holds the store now drops it when it ends.
    pub fn close(&self) {
        self.0.closed.store(true, Ordering::SeqCst);
        if let Ok(mut guard) = self.0.store.try_lock() {
            guard.take();
        }
    }

    /// Whether the store is still open here (false once closed and dropped).
    pub fn is_open(&self) -> bool {
        !self.0.closed.load(Ordering::SeqCst)
            || self.0.store.try_lock().map(|g| g.is_some()).unwrap_or(true)
    }

    fn closed(&self) -> bool {
        self.0.closed.load(Ordering::SeqCst)
    }

    /// A future that runs `f` with the store (call it inside `Task::perform`). `f` runs on a
    /// thread of its own, not on the executor's: while a long import holds the store, calls
    /// that wait for it must not occupy the executor's few threads (one per core), which also
    /// carry the import's progress to the window.
    pub fn run<T, F>(&self, f: F) -> impl Future<Output = Outcome<T>> + Send + 'static
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, PrivacyError> + Send + 'static,
    {
        let db = self.clone();
        on_thread("rapport-store", move || db.blocking(f))
    }

    /// A future that runs `f` on a thread of its own without taking the store: for work that
    /// has a connection of its own (a retention sweep's steps), so that the screens' calls go on
    /// meanwhile.
    pub fn beside<T, F>(&self, f: F) -> impl Future<Output = Outcome<T>> + Send + 'static
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T, PrivacyError> + Send + 'static,
    {
        let db = self.clone();
        on_thread("rapport-beside", move || {
            if db.closed() {
                return Err(super::text::LOCKED.to_string());
            }
            let result = f().map_err(|e| e.to_string());
            // Work done beside a store that was locked meanwhile is dropped here, with any
            // connection it carries.
            if db.closed() {
                return Err(super::text::LOCKED.to_string());
            }
            result
        })
    }

    /// Runs `f` now, on the calling thread. For tests and for code already off the UI thread.
    pub fn blocking<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, PrivacyError>) -> Outcome<T> {
        let mut guard = self
            .0
            .store
            .lock()
            .map_err(|_| super::text::STORE_BUSY.to_string())?;
        if self.closed() {
            guard.take();
            return Err(super::text::LOCKED.to_string());
        }
        let Some(store) = guard.as_mut() else {
            return Err(super::text::LOCKED.to_string());
        };
        let result = f(store).map_err(|e| e.to_string());
        if self.closed() {
            // Locked while this call ran: the store goes now, and so does what it read.
            guard.take();
            return Err(super::text::LOCKED.to_string());
        }
        result
    }
}

/// Runs `job` on a new thread named `name`; the future resolves with its outcome.
fn on_thread<T: Send + 'static>(
    name: &str,
    job: impl FnOnce() -> Outcome<T> + Send + 'static,
) -> impl Future<Output = Outcome<T>> + Send + 'static {
    let spawned = std::thread::Builder::new().name(name.into());
    async move {
        let (send, answer) = oneshot::channel();
        spawned
            .spawn(move || {
                let _ = send.send(job());
            })
            .map_err(|_| super::text::STORE_BUSY.to_string())?;
        answer
            .await
            .unwrap_or_else(|_| Err(super::text::STORE_BUSY.to_string()))
    }
}
