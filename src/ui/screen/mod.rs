//! The app's screens; each has its own `Message` and `Event` and an `update` returning
//! `(Task<Message>, Option<Event>)`.

pub mod audit;
pub mod contact;
pub mod contacts;
pub mod documentation;
pub mod first_run;
pub mod import;
pub mod new_contact;
pub mod organisations;
pub mod overview;
pub mod settings;
pub mod today;
pub mod unlock;
pub mod workspace;
