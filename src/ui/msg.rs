//! `Msg`: a key of the Fluent catalogue without arguments, usable wherever the UI takes a label
//! (`label(text::SAVE)`, `&text::SEARCH` as a `&str`). It shows in the app's current language,
//! looked up (and kept) by `i18n::text`.

use crate::i18n::{self, Lang};

/// A message of the catalogue without arguments, by its key. Shown in the app's current
/// language; [`Msg::get`] returns it, `Display`, `AsRef<str>` and `Deref` give the same text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Msg(pub(super) &'static str);

impl Msg {
    /// The catalogue key.
    pub const fn id(self) -> &'static str {
        self.0
    }

    /// The text in the app's current language.
    pub fn get(self) -> &'static str {
        i18n::text(i18n::ui(), self.0)
    }

    /// The text in a given language.
    pub fn in_lang(self, lang: Lang) -> &'static str {
        i18n::text(lang, self.0)
    }
}

impl std::ops::Deref for Msg {
    type Target = str;
    fn deref(&self) -> &str {
        self.get()
    }
}

impl AsRef<str> for Msg {
    fn as_ref(&self) -> &str {
        self.get()
    }
}

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.get())
    }
}

impl From<Msg> for String {
    fn from(m: Msg) -> String {
        m.get().to_string()
    }
}

impl<'a> iced::widget::text::IntoFragment<'a> for Msg {
    fn into_fragment(self) -> iced::widget::text::Fragment<'a> {
        std::borrow::Cow::Borrowed(self.get())
    }
}

/// For code that reports a message as a `&'static str` (`ok_or(text::X)?`).
impl From<Msg> for &'static str {
    fn from(m: Msg) -> &'static str {
        m.get()
    }
}
