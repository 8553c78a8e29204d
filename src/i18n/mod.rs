//! The languages Rapport speaks (English, Swedish): the Fluent catalogues `i18n/{en,sv}/rapport.ftl`
//! compiled in, one loader per language, the language the desktop app shows now, and the
//! operating system's language. Below the faces and `privacy` (the access report uses it too); it
//! does no I/O beyond reading the OS locale when asked.
//!
//! Invariants: every key exists in both catalogues (tests/i18n_catalogue.rs); a catalogue that
//! fails to parse is a build-time bug caught by that test, so loading here never fails at run time
//! (a broken entry shows its key, it does not panic).

mod number;

pub use i18n_embed::fluent::FluentLanguageLoader;
pub use number::{format_integer, format_number};

use i18n_embed::LanguageLoader;
use rust_embed::RustEmbed;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{LazyLock, OnceLock, RwLock};

/// The catalogues, compiled into the binary (one `rapport.ftl` per language folder).
#[derive(RustEmbed)]
#[folder = "i18n/"]
struct Catalogues;

/// The catalogues' file name (Fluent "domain"): the crate's name, as `fl!` expects.
const DOMAIN: &str = "rapport";

/// A language the app has a catalogue for.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum Lang {
    #[default]
    En,
    Sv,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Sv];

    /// The BCP 47 code, also the catalogue's folder name and the HTML `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Sv => "sv",
        }
    }

    /// The language's name in itself (a language picker shows each in its own language).
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Sv => "Svenska",
        }
    }

    /// Reads a language tag or a POSIX locale: `sv`, `sv-SE`, `sv_FI.UTF-8`, `EN-gb` …; `None`
    /// for a language without a catalogue (and for `C` / `POSIX`).
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    fn index(self) -> u8 {
        match self {
            Lang::En => 0,
            Lang::Sv => 1,
        }
    }

    fn from_index(i: u8) -> Lang {
        if i == 1 { Lang::Sv } else { Lang::En }
    }

    fn id(self) -> i18n_embed::unic_langid::LanguageIdentifier {
        // Both codes are valid BCP 47, so parsing cannot fail.
        self.code().parse().unwrap_or_default()
    }
}

/// The loader for one language, with English behind it for a key the language lacks (the
/// completeness test makes sure there is none).
pub fn loader(lang: Lang) -> &'static FluentLanguageLoader {
    static EN: LazyLock<FluentLanguageLoader> = LazyLock::new(|| build(Lang::En, Lang::En));
    static SV: LazyLock<FluentLanguageLoader> = LazyLock::new(|| build(Lang::Sv, Lang::En));
    match lang {
        Lang::En => &EN,
        Lang::Sv => &SV,
    }
}

/// A loader holding `lang` alone, with no fallback: a key it lacks is reported missing instead
/// of being answered in English. For the completeness test.
pub fn strict_loader(lang: Lang) -> FluentLanguageLoader {
    build(lang, lang)
}

fn build(lang: Lang, fallback: Lang) -> FluentLanguageLoader {
    let loader = FluentLanguageLoader::new(DOMAIN, fallback.id());
    let mut wanted = vec![lang.id()];
    if fallback != lang {
        wanted.push(fallback.id());
    }
    // Cannot fail for compiled-in catalogues that exist; if one did, keys would show as ids.
    let _ = loader.load_languages(&Catalogues, &wanted);
    loader.with_bundles_mut(|bundle| {
        // Without this Fluent wraps every argument in Unicode isolation marks (U+2068/U+2069),
        // which iced draws as boxes and which break text comparisons.
        bundle.set_use_isolating(false);
        let swedish = bundle
            .locales
            .first()
            .is_some_and(|l| l.language.as_str() == "sv");
        bundle.set_formatter(Some(if swedish {
            number::fluent_sv
        } else {
            number::fluent_en
        }));
    });
    loader
}

/// Whether `lang`'s catalogue (alone, without fallback) has a message `id`.
pub fn has(lang: Lang, id: &str) -> bool {
    static STRICT: LazyLock<[FluentLanguageLoader; 2]> =
        LazyLock::new(|| [strict_loader(Lang::En), strict_loader(Lang::Sv)]);
    STRICT[lang.index() as usize].has(id)
}

/// A message without arguments in `lang`, kept for the life of the program so that the UI can
/// borrow it like a constant. Bounded: one copy per key and language.
pub fn text(lang: Lang, id: &'static str) -> &'static str {
    type Cache = RwLock<HashMap<(Lang, &'static str), &'static str>>;
    static CACHE: LazyLock<Cache> = LazyLock::new(Default::default);
    if let Some(s) = CACHE.read().ok().and_then(|c| c.get(&(lang, id)).copied()) {
        return s;
    }
    let s: &'static str = Box::leak(loader(lang).get(id).into_boxed_str());
    if let Ok(mut c) = CACHE.write() {
        c.insert((lang, id), s);
    }
    s
}

static UI: AtomicU8 = AtomicU8::new(0);
static SYSTEM: OnceLock<Lang> = OnceLock::new();

/// The language the desktop app shows now.
pub fn ui() -> Lang {
    Lang::from_index(UI.load(Ordering::Relaxed))
}

/// Switches the desktop app's language (the next view is drawn in it).
pub fn set_ui(lang: Lang) {
    UI.store(lang.index(), Ordering::Relaxed);
}

/// The loader of the language the desktop app shows now.
pub fn ui_loader() -> &'static FluentLanguageLoader {
    loader(ui())
}

/// The operating system's language as recorded by [`use_system_language`]; English until then
/// (so that tests and the command line do not depend on the machine's locale).
pub fn system() -> Lang {
    SYSTEM.get().copied().unwrap_or_default()
}

/// Reads the OS locale once (the first of the user's preferred languages that has a catalogue),
/// records it as the system language and shows the app in it. Called when the window opens.
pub fn use_system_language() -> Lang {
    let lang = *SYSTEM.get_or_init(|| from_locales(sys_locale::get_locales()));
    set_ui(lang);
    lang
}

/// The first of the preferred locales that has a catalogue; English when none has.
pub fn from_locales(locales: impl IntoIterator<Item = String>) -> Lang {
    locales
        .into_iter()
        .find_map(|l| Lang::parse(&l))
        .unwrap_or_default()
}

/// A stored language choice: "system", or a language code.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Choice {
    #[default]
    System,
    Fixed(Lang),
}

impl Choice {
    pub const ALL: [Choice; 3] = [
        Choice::System,
        Choice::Fixed(Lang::En),
        Choice::Fixed(Lang::Sv),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Choice::System => "system",
            Choice::Fixed(l) => l.code(),
        }
    }

    pub fn parse(text: &str) -> Option<Choice> {
        match text.trim() {
            "system" | "" => Some(Choice::System),
            t => Lang::ALL
                .into_iter()
                .find(|l| l.code() == t)
                .map(Choice::Fixed),
        }
    }

    /// The language this choice shows.
    pub fn resolve(self) -> Lang {
        match self {
            Choice::System => system(),
            Choice::Fixed(l) => l,
        }
    }
}
