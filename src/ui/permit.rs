//! What this laptop's role lets the screens do (issue 13): a button whose action the role
//! refuses is shown DISABLED with the reason as its tooltip, never a dead click, and a
//! screen's `update` asks `allowed` before a keyboard shortcut or an Enter in a field does the
//! same work. The standing comes from `Db::standing` (read at unlock and after each sync
//! round); the rule is `team::access`, the same table the CLI and the merge read.

use crate::privacy::gate;
use crate::privacy::team::policy::Standing;
use crate::team::access::Action;
use crate::team::roster::Role;
use crate::ui::db::Db;
use crate::ui::focus::Button;
use crate::ui::{text, theme};
use iced::Element;
use iced::widget::{container, text as label, tooltip};

/// Whether the role allows `action`.
pub fn allowed(db: &Db, action: Action) -> bool {
    gate::allows(db.standing(), action)
}

/// Why `action` is refused, as one sentence in the app's language (`None`: allowed).
pub fn reason(db: &Db, action: Action) -> Option<&'static str> {
    (!allowed(db, action)).then(|| why(db.standing()))
}

/// The sentence for a standing that refuses something.
fn why(standing: Standing) -> &'static str {
    match standing {
        Standing::Member(Role::ReadOnly) => text::PERMIT_READ_ONLY.get(),
        Standing::Member(_) | Standing::Solo => text::PERMIT_ADMIN_ONLY.get(),
        Standing::Joining => text::PERMIT_JOINING.get(),
        Standing::Removed => text::PERMIT_REMOVED.get(),
    }
}

/// The line the workspace shows under its tabs when the user only reads (read-only, not yet
/// accepted, removed); `None` for admins and sales, whose refusals are per button.
pub fn banner(db: &Db) -> Option<&'static str> {
    let standing = db.standing();
    matches!(standing.role(), None | Some(Role::ReadOnly)).then(|| why(standing))
}

/// `b`, pressed with `on_press` when the screen offers it (`Some`) and the role allows
/// `action`; refused by the role, it is disabled and its tooltip says why.
pub fn button<'a, M: Clone + 'a>(
    db: &Db,
    action: Action,
    b: Button<'a, M>,
    on_press: Option<M>,
) -> Element<'a, M> {
    refused_because(reason(db, action), b, on_press)
}

/// `button` for a screen that holds the refusal's reason rather than the store's handle.
pub fn refused_because<'a, M: Clone + 'a>(
    reason: Option<&'static str>,
    b: Button<'a, M>,
    on_press: Option<M>,
) -> Element<'a, M> {
    match reason {
        None => b.on_press_maybe(on_press).into(),
        Some(why) => tooltip(
            b,
            container(label(why).size(13))
                .padding(8)
                .max_width(360)
                .style(theme::card),
            tooltip::Position::Bottom,
        )
        .into(),
    }
}

/// The reason as a line of its own (beside a section whose editing the role refuses).
pub fn note<'a, M: 'a>(db: &Db, action: Action) -> Option<Element<'a, M>> {
    reason(db, action).map(|why| label(why).size(13).style(label::secondary).into())
}
