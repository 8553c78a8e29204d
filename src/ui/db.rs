//! The open store as the app holds it: behind `Arc<Mutex<_>>` because `Store` is not `Sync`,
//! and only ever touched inside a `Task`'s future, so the UI thread never waits on the disk.
//! Errors reach the screens as the user-facing sentence the lower layers already wrote.

use crate::privacy::PrivacyError;
use crate::store::Store;
use std::future::Future;
use std::sync::{Arc, Mutex};

/// A shared handle to the unlocked store.
#[derive(Clone)]
pub struct Db(Arc<Mutex<Store>>);

/// The result of an operation as a screen shows it: a value or a sentence for the user.
pub type Outcome<T> = Result<T, String>;

impl Db {
    pub fn new(store: Store) -> Self {
        Self(Arc::new(Mutex::new(store)))
    }

    /// A future that runs `f` with the store (call it inside `Task::perform`).
    pub fn run<T, F>(&self, f: F) -> impl Future<Output = Outcome<T>> + Send + 'static
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, PrivacyError> + Send + 'static,
    {
        let store = Arc::clone(&self.0);
        async move {
            let mut guard = store
                .lock()
                .map_err(|_| super::text::STORE_BUSY.to_string())?;
            f(&mut guard).map_err(|e| e.to_string())
        }
    }

    /// Runs `f` now, on the calling thread. For tests and for code already off the UI thread.
    pub fn blocking<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, PrivacyError>) -> Outcome<T> {
        let mut guard = self
            .0
            .lock()
            .map_err(|_| super::text::STORE_BUSY.to_string())?;
        f(&mut guard).map_err(|e| e.to_string())
    }
}
