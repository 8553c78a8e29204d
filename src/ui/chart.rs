//! The bar chart of consents expiring per month (iced canvas): one bar per month, its count
//! above it and the month's short name below. Colours come from the theme's palette.

use iced::widget::canvas::{self, Frame, Geometry, Path, Text};
use iced::widget::text::Alignment;
use iced::{Point, Rectangle, Renderer, Size, Theme, alignment, mouse};

/// Bars to draw: a label under each and its value.
pub struct Bars {
    pub bars: Vec<(String, usize)>,
}

const LABEL_SPACE: f32 = 22.0;
const VALUE_SPACE: f32 = 20.0;

impl<M> canvas::Program<M> for Bars {
    type State = ();

    fn draw(
        &self,
        _state: &(),
        renderer: &Renderer,
        theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let mut frame = Frame::new(renderer, bounds.size());
        let palette = theme.extended_palette();
        let n = self.bars.len().max(1) as f32;
        let max = self.bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f32;
        let slot = bounds.width / n;
        let plot = (bounds.height - LABEL_SPACE - VALUE_SPACE).max(1.0);
        let base = bounds.height - LABEL_SPACE;
        frame.fill(
            &Path::line(Point::new(0.0, base), Point::new(bounds.width, base)),
            palette.background.strong.color,
        );
        for (i, (name, value)) in self.bars.iter().enumerate() {
            let x = slot * i as f32;
            let h = plot * (*value as f32) / max;
            let width = (slot * 0.6).max(2.0);
            let left = x + (slot - width) / 2.0;
            if *value > 0 {
                frame.fill_rectangle(
                    Point::new(left, base - h),
                    Size::new(width, h),
                    palette.primary.base.color,
                );
            }
            let centre = x + slot / 2.0;
            frame.fill_text(Text {
                content: crate::ui::text::number(*value),
                position: Point::new(centre, base - h - 4.0),
                color: palette.background.base.text,
                size: 12.0.into(),
                align_x: Alignment::Center,
                align_y: alignment::Vertical::Bottom,
                ..Text::default()
            });
            frame.fill_text(Text {
                content: name.clone(),
                position: Point::new(centre, base + 4.0),
                color: palette.background.base.text,
                size: 12.0.into(),
                align_x: Alignment::Center,
                align_y: alignment::Vertical::Top,
                ..Text::default()
            });
        }
        vec![frame.into_geometry()]
    }
}
