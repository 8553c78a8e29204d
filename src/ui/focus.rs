//! Keyboard focus for every screen: `ring` makes a clickable widget (button, chip, radio, pick
//! list) a Tab stop that shows a focus ring and is activated by Enter or Space; `scope` moves the
//! focus with Tab / Shift+Tab among the focusable widgets inside it (wrapping round) and turns
//! Esc into a message. iced 0.14 makes only text fields focusable and has no Tab handling of its
//! own, so without these both passphrases of the first run went into the first field.

use iced::advanced::widget::operation::scrollable::AbsoluteOffset;
use iced::advanced::widget::operation::{Focusable, Operation, Scrollable};
use iced::advanced::widget::{Id, Tree, tree};
use iced::advanced::{Clipboard, Layout, Shell, Widget, layout, mouse, overlay, renderer};
use iced::keyboard::{self, Key, key::Named};
use iced::{Border, Color, Element, Event, Length, Rectangle, Renderer, Size, Theme, Vector};

/// Makes `content` a Tab stop. Enter or Space while it has the focus clicks its centre, so a
/// button, chip or radio does exactly what a mouse click would.
pub fn ring<'a, M: Clone + 'a>(content: impl Into<Element<'a, M>>) -> Ring<'a, M> {
    Ring {
        content: content.into(),
        id: None,
        on_activate: None,
        arrows: None,
    }
}

/// Tab / Shift+Tab move the focus among the focusable widgets inside `content`.
pub fn scope<'a, M: Clone + 'a>(content: impl Into<Element<'a, M>>) -> Scope<'a, M> {
    Scope {
        content: content.into(),
        on_escape: None,
    }
}

/// `iced::widget::button` as a Tab stop: the same builder, wrapped in a [`Ring`] when it becomes
/// an `Element`. Screens import it in place of iced's, so every button is reachable by Tab.
pub fn button<'a, M: Clone + 'a>(content: impl Into<Element<'a, M>>) -> Button<'a, M> {
    Button {
        inner: iced::widget::button(content),
        id: None,
    }
}

/// iced's button styles and types, so `button::secondary` keeps working beside [`button`].
pub mod button {
    pub use iced::widget::button::{Status, Style, danger, primary, secondary, success, text};
}

/// See [`button`].
pub struct Button<'a, M> {
    inner: iced::widget::Button<'a, M>,
    id: Option<Id>,
}

impl<'a, M: Clone + 'a> Button<'a, M> {
    /// Names the Tab stop (see [`Ring::id`]).
    pub fn id(self, id: impl Into<Id>) -> Self {
        Self {
            id: Some(id.into()),
            ..self
        }
    }

    pub fn on_press(self, message: M) -> Self {
        Self {
            inner: self.inner.on_press(message),
            ..self
        }
    }

    pub fn on_press_maybe(self, message: Option<M>) -> Self {
        Self {
            inner: self.inner.on_press_maybe(message),
            ..self
        }
    }

    pub fn style(self, style: impl Fn(&Theme, button::Status) -> button::Style + 'a) -> Self {
        Self {
            inner: self.inner.style(style),
            ..self
        }
    }

    pub fn padding(self, padding: impl Into<iced::Padding>) -> Self {
        Self {
            inner: self.inner.padding(padding),
            ..self
        }
    }

    pub fn width(self, width: impl Into<Length>) -> Self {
        Self {
            inner: self.inner.width(width),
            ..self
        }
    }

    pub fn height(self, height: impl Into<Length>) -> Self {
        Self {
            inner: self.inner.height(height),
            ..self
        }
    }
}

impl<'a, M: Clone + 'a> From<Button<'a, M>> for Element<'a, M> {
    fn from(b: Button<'a, M>) -> Self {
        let mut stop = ring(b.inner);
        stop.id = b.id;
        stop.into()
    }
}

/// A Tab stop around a clickable widget; see [`ring`].
pub struct Ring<'a, M> {
    content: Element<'a, M>,
    id: Option<Id>,
    on_activate: Option<M>,
    /// What Up/Left and Down/Right send while focused (a picker's previous and next choice).
    arrows: Option<(Option<M>, Option<M>)>,
}

impl<'a, M: Clone + 'a> Ring<'a, M> {
    /// Names the stop, so `iced::widget::operation::focus(id)` can put the focus on it.
    pub fn id(mut self, id: impl Into<Id>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Enter or Space sends `message` instead of clicking the centre (for a list, whose centre
    /// is an arbitrary row).
    pub fn on_activate(mut self, message: M) -> Self {
        self.on_activate = Some(message);
        self
    }

    /// Up/Left send `previous`, Down/Right `next` while the stop has the focus (`None`: at the
    /// end, the key does nothing — but is still kept from the list's own arrow keys).
    pub fn on_arrows(mut self, previous: Option<M>, next: Option<M>) -> Self {
        self.arrows = Some((previous, next));
        self
    }
}

#[derive(Default)]
struct RingState {
    focused: bool,
}

impl Focusable for RingState {
    fn is_focused(&self) -> bool {
        self.focused
    }
    fn focus(&mut self) {
        self.focused = true;
    }
    fn unfocus(&mut self) {
        self.focused = false;
    }
}

impl<'a, M: Clone + 'a> Widget<M, Theme, Renderer> for Ring<'a, M> {
    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<RingState>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(RingState::default())
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn size_hint(&self) -> Size<Length> {
        self.content.as_widget().size_hint()
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        self.content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits)
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        let state = tree.state.downcast_mut::<RingState>();
        operation.focusable(self.id.as_ref(), layout.bounds(), state);
        self.content
            .as_widget_mut()
            .operate(&mut tree.children[0], layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, M>,
        viewport: &Rectangle,
    ) {
        let focused = tree.state.downcast_ref::<RingState>().focused;
        if focused && is_activation(event) {
            match &self.on_activate {
                Some(message) => shell.publish(message.clone()),
                None => {
                    // The same two events a mouse click at the centre would send, each with
                    // a shell of its own: a button captures the press, and would ignore the
                    // release if it saw that capture.
                    let centre = mouse::Cursor::Available(layout.bounds().center());
                    for click in [
                        mouse::Event::ButtonPressed(mouse::Button::Left),
                        mouse::Event::ButtonReleased(mouse::Button::Left),
                    ] {
                        let mut published = Vec::new();
                        let mut own = Shell::new(&mut published);
                        self.content.as_widget_mut().update(
                            &mut tree.children[0],
                            &Event::Mouse(click),
                            layout,
                            centre,
                            renderer,
                            clipboard,
                            &mut own,
                            viewport,
                        );
                        for message in published {
                            shell.publish(message);
                        }
                    }
                }
            }
            shell.capture_event();
            shell.request_redraw();
            return;
        }
        if let (true, Some((previous, next))) = (focused, &self.arrows)
            && let Some(back) = arrow(event)
        {
            if let Some(m) = if back { previous } else { next } {
                shell.publish(m.clone());
            }
            shell.capture_event();
            return;
        }
        // A mouse user sees no ring: any click takes it away (as browsers' :focus-visible).
        if focused && matches!(event, Event::Mouse(mouse::Event::ButtonPressed(_))) {
            tree.state.downcast_mut::<RingState>().focused = false;
            shell.request_redraw();
        }
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &Renderer,
    ) -> mouse::Interaction {
        self.content.as_widget().mouse_interaction(
            &tree.children[0],
            layout,
            cursor,
            viewport,
            renderer,
        )
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut Renderer,
        theme: &Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            layout,
            cursor,
            viewport,
        );
        if tree.state.downcast_ref::<RingState>().focused {
            draw_ring(renderer, theme, layout.bounds());
        }
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, M, Theme, Renderer>> {
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            layout,
            renderer,
            viewport,
            translation,
        )
    }
}

impl<'a, M: Clone + 'a> From<Ring<'a, M>> for Element<'a, M> {
    fn from(ring: Ring<'a, M>) -> Self {
        Element::new(ring)
    }
}

/// A 2 px outline in the primary colour, 2 px outside the widget, in its own layer so it sits above the widget's text,
/// and apart from the widget's edge so it shows on a primary (blue) button too.
fn draw_ring(renderer: &mut Renderer, theme: &Theme, bounds: Rectangle) {
    use iced::advanced::Renderer as _;
    let outline = bounds.expand(3.0);
    let colour = theme.palette().primary;
    renderer.with_layer(outline.expand(1.0), |r| {
        r.fill_quad(
            renderer::Quad {
                bounds: outline,
                border: Border {
                    color: colour,
                    width: 2.0,
                    radius: 6.0.into(),
                },
                ..renderer::Quad::default()
            },
            Color::TRANSPARENT,
        );
    });
}

/// `Some(true)` for Up/Left, `Some(false)` for Down/Right.
fn arrow(event: &Event) -> Option<bool> {
    match event {
        Event::Keyboard(keyboard::Event::KeyPressed {
            key: Key::Named(k), ..
        }) => match k {
            Named::ArrowUp | Named::ArrowLeft => Some(true),
            Named::ArrowDown | Named::ArrowRight => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// `iced::widget::pick_list` as a Tab stop: Enter or Space opens it, and Up/Down choose the
/// previous or next option without opening it (iced's menu takes no keys).
pub fn pick_list<'a, T, M>(
    options: impl Into<Vec<T>>,
    selected: Option<T>,
    on_select: impl Fn(T) -> M + 'a,
) -> Picker<'a, T, M>
where
    T: ToString + PartialEq + Clone + 'a,
    M: Clone + 'a,
{
    let options: Vec<T> = options.into();
    let at = selected
        .as_ref()
        .and_then(|s| options.iter().position(|o| o == s));
    let pick = |i: Option<usize>| i.and_then(|i| options.get(i)).cloned().map(&on_select);
    let (previous, next) = match at {
        Some(i) => (pick(i.checked_sub(1)), pick(Some(i + 1))),
        None => (None, pick(Some(0))),
    };
    Picker {
        inner: iced::widget::pick_list(options, selected, on_select),
        previous,
        next,
    }
}

/// See [`pick_list`].
pub struct Picker<'a, T: ToString + PartialEq + Clone, M> {
    inner: iced::widget::PickList<'a, T, Vec<T>, T, M>,
    previous: Option<M>,
    next: Option<M>,
}

impl<'a, T: ToString + PartialEq + Clone + 'a, M: Clone + 'a> Picker<'a, T, M> {
    pub fn width(self, width: impl Into<Length>) -> Self {
        Self {
            inner: self.inner.width(width),
            ..self
        }
    }

    pub fn placeholder(self, placeholder: impl Into<String>) -> Self {
        Self {
            inner: self.inner.placeholder(placeholder),
            ..self
        }
    }
}

impl<'a, T: ToString + PartialEq + Clone + 'a, M: Clone + 'a> From<Picker<'a, T, M>>
    for Element<'a, M>
{
    fn from(p: Picker<'a, T, M>) -> Self {
        ring(p.inner).on_arrows(p.previous, p.next).into()
    }
}

fn is_activation(event: &Event) -> bool {
    matches!(
        event,
        Event::Keyboard(keyboard::Event::KeyPressed {
            key: Key::Named(Named::Enter | Named::Space),
            modifiers,
            ..
        }) if !modifiers.command() && !modifiers.alt()
    )
}

/// A region whose Tab stops Tab cycles through; see [`scope`].
pub struct Scope<'a, M> {
    content: Element<'a, M>,
    on_escape: Option<M>,
}

impl<'a, M: Clone + 'a> Scope<'a, M> {
    /// Esc anywhere in the window sends `message` (cancel an edit, close a modal) — before a
    /// text field sees it, which would otherwise only drop its own focus.
    pub fn on_escape(mut self, message: M) -> Self {
        self.on_escape = Some(message);
        self
    }
}

impl<'a, M: Clone + 'a> Widget<M, Theme, Renderer> for Scope<'a, M> {
    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn size_hint(&self) -> Size<Length> {
        self.content.as_widget().size_hint()
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        self.content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits)
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        self.content
            .as_widget_mut()
            .operate(&mut tree.children[0], layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, M>,
        viewport: &Rectangle,
    ) {
        if let (Some(message), true) = (&self.on_escape, is_key(event, Named::Escape)) {
            shell.publish(message.clone());
            shell.capture_event();
            return;
        }
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
        if shell.is_event_captured() {
            return;
        }
        if let Event::Keyboard(keyboard::Event::KeyPressed {
            key: Key::Named(Named::Tab),
            modifiers,
            ..
        }) = event
        {
            let content = self.content.as_widget_mut();
            move_focus(
                content,
                &mut tree.children[0],
                layout,
                renderer,
                modifiers.shift(),
            );
            shell.capture_event();
            shell.request_redraw();
        }
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &Renderer,
    ) -> mouse::Interaction {
        self.content.as_widget().mouse_interaction(
            &tree.children[0],
            layout,
            cursor,
            viewport,
            renderer,
        )
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut Renderer,
        theme: &Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            layout,
            cursor,
            viewport,
        );
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, M, Theme, Renderer>> {
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            layout,
            renderer,
            viewport,
            translation,
        )
    }
}

impl<'a, M: Clone + 'a> From<Scope<'a, M>> for Element<'a, M> {
    fn from(scope: Scope<'a, M>) -> Self {
        Element::new(scope)
    }
}

fn is_key(event: &Event, wanted: Named) -> bool {
    matches!(
        event,
        Event::Keyboard(keyboard::Event::KeyPressed { key: Key::Named(k), .. }) if *k == wanted
    )
}

/// Focuses the next (or previous) Tab stop in tree order, which is reading order: left to
/// right in a row, top to bottom in a column. Past the last stop it wraps to the first, in one
/// key press (iced's own `focus_next` needs two).
fn move_focus<M>(
    content: &mut dyn Widget<M, Theme, Renderer>,
    tree: &mut Tree,
    layout: Layout<'_>,
    renderer: &Renderer,
    back: bool,
) {
    let mut survey = Survey::default();
    content.operate(tree, layout, renderer, &mut survey);
    if survey.total == 0 {
        return;
    }
    let n = survey.total;
    let target = match (survey.focused, back) {
        (None, false) => 0,
        (None, true) => n - 1,
        (Some(i), false) => (i + 1) % n,
        (Some(i), true) => (i + n - 1) % n,
    };
    let mut focus = FocusAt {
        target,
        current: 0,
        bounds: None,
    };
    content.operate(tree, layout, renderer, &mut focus);
    if let Some(bounds) = focus.bounds {
        content.operate(tree, layout, renderer, &mut Reveal { target: bounds });
    }
}

/// Counts the Tab stops and finds the focused one.
#[derive(Default)]
struct Survey {
    total: usize,
    focused: Option<usize>,
}

impl Operation for Survey {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }

    fn focusable(&mut self, _id: Option<&Id>, _bounds: Rectangle, state: &mut dyn Focusable) {
        if state.is_focused() {
            self.focused = Some(self.total);
        }
        self.total += 1;
    }
}

/// Focuses the stop at `target` (in tree order) and takes the focus from every other.
struct FocusAt {
    target: usize,
    current: usize,
    /// Where the newly focused stop is (layout coordinates, before any scrolling).
    bounds: Option<Rectangle>,
}

impl Operation for FocusAt {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }

    fn focusable(&mut self, _id: Option<&Id>, bounds: Rectangle, state: &mut dyn Focusable) {
        if self.current == self.target {
            state.focus();
            self.bounds = Some(bounds);
        } else {
            state.unfocus();
        }
        self.current += 1;
    }
}

/// Scrolls every scrollable holding `target` just far enough to show it (Tab to a field below
/// the fold of the settings would otherwise put the focus out of sight).
struct Reveal {
    target: Rectangle,
}

/// Room left above or below a revealed stop, so its focus ring shows too.
const REVEAL_MARGIN: f32 = 12.0;

impl Operation for Reveal {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }

    fn scrollable(
        &mut self,
        _id: Option<&Id>,
        bounds: Rectangle,
        content_bounds: Rectangle,
        translation: Vector,
        state: &mut dyn Scrollable,
    ) {
        let t = self.target;
        let inside = t.y >= content_bounds.y
            && t.y + t.height <= content_bounds.y + content_bounds.height + 0.5;
        // A stop as tall as the scrollable is the scrollable itself (the contact list).
        if !inside || t.height >= bounds.height {
            return;
        }
        let top = bounds.y + translation.y;
        let offset = if t.y - REVEAL_MARGIN < top {
            t.y - bounds.y - REVEAL_MARGIN
        } else if t.y + t.height + REVEAL_MARGIN > top + bounds.height {
            t.y + t.height + REVEAL_MARGIN - bounds.y - bounds.height
        } else {
            return;
        };
        state.scroll_to(AbsoluteOffset {
            x: None,
            y: Some(offset.max(0.0)),
        });
    }
}
