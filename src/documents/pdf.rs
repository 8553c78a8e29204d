//! The record of processing as a PDF, made with krilla: A4 pages, DejaVu Sans (compiled in)
//! embedded and subset, so the text is extractable and Swedish letters are right. krilla draws
//! single lines only; this file breaks text into lines by the font's own advance widths
//! (skrifa, the reader krilla uses) and into pages, with the running head (title, version,
//! date) and "page N of M" on every page.

use super::{MISSING, Record};
use krilla::Document;
use krilla::geom::Point;
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
const TOP: f32 = 80.0;
const BOTTOM: f32 = 780.0;
const LABEL_W: f32 = 160.0;

/// Why a PDF could not be made (no personal data: the record's text is not in it).
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the compiled-in font could not be read")]
    Font,
    #[error("the PDF could not be written ({0})")]
    Write(String),
}

/// One line to draw: where, how big, and what.
struct Line {
    x: f32,
    size: f32,
    gap_before: f32,
    text: String,
}

/// Measures text in the embedded font.
struct Measure<'a> {
    font: skrifa::FontRef<'a>,
}

impl Measure<'_> {
    fn width(&self, text: &str, size: f32) -> f32 {
        let charmap = self.font.charmap();
        let metrics = self
            .font
            .glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|g| metrics.advance_width(g))
                    .unwrap_or(size * 0.6)
            })
            .sum()
    }

    /// Breaks `text` into lines no wider than `max` (words longer than a line are cut).
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut out = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size) <= max {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                }
                // A word wider than the line (a long address) is cut between characters.
                let mut rest: Vec<char> = word.chars().collect();
                let text = |c: &[char]| c.iter().collect::<String>();
                while rest.len() > 1 && self.width(&text(&rest), size) > max {
                    let mut n = rest.len() - 1;
                    while n > 1 && self.width(&text(&rest[..n]), size) > max {
                        n -= 1;
                    }
                    out.push(text(&rest[..n]));
                    rest.drain(..n);
                }
                line = text(&rest);
            }
            out.push(line);
        }
        out
    }
}

/// Lays the record out as lines, then the lines into pages.
fn layout(r: &Record, m: &Measure) -> Vec<Vec<(f32, Line)>> {
    let mut lines = vec![Line {
        x: MARGIN,
        size: 18.0,
        gap_before: 0.0,
        text: r.title.clone(),
    }];
    let missing = r.missing();
    if !missing.is_empty() {
        for (i, t) in m
            .wrap(
                &format!(
                    "{} mandatory field(s) {MISSING}: {}",
                    missing.len(),
                    missing.join("; ")
                ),
                9.5,
                PAGE_W - 2.0 * MARGIN,
            )
            .into_iter()
            .enumerate()
        {
            lines.push(Line {
                x: MARGIN,
                size: 9.5,
                gap_before: if i == 0 { 8.0 } else { 0.0 },
                text: t,
            });
        }
    }
    let value_x = MARGIN + LABEL_W;
    let value_w = PAGE_W - MARGIN - value_x;
    for s in r.sections() {
        lines.push(Line {
            x: MARGIN,
            size: 13.5,
            gap_before: 14.0,
            text: s.title.clone(),
        });
        for f in &s.fields {
            let label = m.wrap(&f.label, 9.5, LABEL_W - 10.0);
            let value = m.wrap(f.text(), 9.5, value_w);
            let rows = label.len().max(value.len());
            for i in 0..rows {
                let gap = if i == 0 { 5.0 } else { 0.0 };
                if let Some(l) = label.get(i) {
                    lines.push(Line {
                        x: MARGIN,
                        size: 9.5,
                        gap_before: gap,
                        text: l.clone(),
                    });
                }
                if let Some(v) = value.get(i) {
                    // Same baseline as the label's line when there is one.
                    let same_row = label.get(i).is_some();
                    lines.push(Line {
                        x: value_x,
                        size: 9.5,
                        gap_before: if same_row { -1.0 } else { gap },
                        text: v.clone(),
                    });
                }
            }
        }
    }
    let mut pages: Vec<Vec<(f32, Line)>> = vec![Vec::new()];
    let mut y = TOP;
    for line in lines {
        if line.gap_before < 0.0 {
            // Shares the previous line's baseline.
            if let Some(p) = pages.last_mut() {
                p.push((y, line));
            }
            continue;
        }
        let step = line.gap_before + line.size * 1.35;
        if y + step > BOTTOM && pages.last().is_some_and(|p| !p.is_empty()) {
            pages.push(Vec::new());
            y = TOP;
        }
        y += step;
        if let Some(p) = pages.last_mut() {
            p.push((y, line));
        }
    }
    pages
}

/// Renders the record as PDF bytes.
pub fn render(r: &Record, date: (u16, u8, u8)) -> Result<Vec<u8>, PdfError> {
    let measure = Measure {
        font: skrifa::FontRef::new(FONT).map_err(|_| PdfError::Font)?,
    };
    let font = Font::new(FONT.into(), 0).ok_or(PdfError::Font)?;
    let pages = layout(r, &measure);
    let total = pages.len();
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(r.running_head())
            .language("en".into())
            .creator("Rapport".into())
            .creation_date(DateTime::new(date.0).month(date.1).day(date.2)),
    );
    let head = r.running_head();
    for (n, lines) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
            .ok_or_else(|| PdfError::Write("page size".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        let draw = |s: &mut krilla::surface::Surface<'_>, x: f32, y: f32, size: f32, t: &str| {
            s.draw_text(
                Point::from_xy(x, y),
                font.clone(),
                size,
                t,
                false,
                TextDirection::Auto,
            );
        };
        draw(&mut surface, MARGIN, 40.0, 8.0, &head);
        let foot = format!("page {} of {}", n + 1, total);
        draw(&mut surface, MARGIN, PAGE_H - 36.0, 8.0, &head);
        let w = measure.width(&foot, 8.0);
        draw(&mut surface, PAGE_W - MARGIN - w, PAGE_H - 36.0, 8.0, &foot);
        for (y, line) in lines {
            if !line.text.is_empty() {
                draw(&mut surface, line.x, y, line.size, &line.text);
            }
        }
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_within_the_width() {
        let m = Measure {
            font: skrifa::FontRef::new(FONT).unwrap(),
        };
        let text =
            "Kundrelation och säljarbete för företagets räkning, med återkommande uppföljning "
                .repeat(5);
        let lines = m.wrap(&text, 10.0, 200.0);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| m.width(l, 10.0) <= 200.0));
        assert_eq!(
            lines.join(" ").split_whitespace().count(),
            text.split_whitespace().count()
        );
    }
}
