//! Width and height of the site's own images, read from their headers, so that `<img>` carries
//! `width`/`height` and the page keeps its layout while images load.
//!
//! A file is read once per build whatever the number of pages showing it (a few bytes of its
//! header: PNG, JPEG, GIF, WebP, BMP, ICO, AVIF/HEIF; the root element of an SVG). A file that
//! cannot be read or tells no size (empty, truncated, an SVG sized by its container) gets no
//! attributes; it never fails the build.

use crate::config::Config;
use crate::model::Site;
use std::collections::HashMap;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// (locale, path of the file in the locale's folder).
type FileKey = (usize, String);
/// A file's (width, height), once read.
type Size = Arc<OnceLock<Option<(u32, u32)>>>;

pub struct ImageSizes<'a> {
    config: &'a Config,
    site: &'a Site,
    /// Each file's size, read by the first page that shows it (others wait for that read).
    cache: Mutex<HashMap<FileKey, Size>>,
}

impl<'a> ImageSizes<'a> {
    pub fn new(config: &'a Config, site: &'a Site) -> ImageSizes<'a> {
        ImageSizes {
            config,
            site,
            cache: Mutex::default(),
        }
    }

    /// The size of the image at a URL a link resolved to (`/en-us/media/a.png?x#y`), when that
    /// is a file of the site whose header tells it.
    pub fn of_url(&self, href: &str) -> Option<(u32, u32)> {
        let key = self.file_of(href)?;
        let cell = {
            let mut cache = self.cache.lock().ok()?;
            cache.entry(key.clone()).or_default().clone()
        };
        *cell.get_or_init(|| {
            let path = self.config.locales.get(key.0)?.dir.join(&key.1);
            read_size(&path)
        })
    }

    /// The file a site URL names: the root path, a locale's prefix, then a file of that locale.
    fn file_of(&self, href: &str) -> Option<FileKey> {
        let path = &href[..href.find(['?', '#']).unwrap_or(href.len())];
        let rest = path.strip_prefix(self.config.root_path.as_str())?;
        let rest = percent_encoding::percent_decode_str(rest)
            .decode_utf8()
            .ok()?;
        self.site.locales.iter().enumerate().find_map(|(li, l)| {
            let rel = if l.prefix.is_empty() {
                &rest[..]
            } else {
                rest.strip_prefix(l.prefix.as_str())?.strip_prefix('/')?
            };
            self.site
                .assets
                .get(li)?
                .files
                .contains(rel)
                .then(|| (li, rel.to_string()))
        })
    }
}

/// (width, height) of an image file; `None` when it is not a regular file, its header is not
/// one of a known format, or it says nothing useful (a zero side).
pub(crate) fn read_size(path: &Path) -> Option<(u32, u32)> {
    let file = crate::fsx::open_regular(path).ok()?;
    let is_svg = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    let (w, h) = if is_svg {
        let mut head = Vec::new();
        file.take(SVG_HEAD).read_to_end(&mut head).ok()?;
        svg_size(&String::from_utf8_lossy(&head))?
    } else {
        let s = imagesize::reader_size(BufReader::new(file)).ok()?;
        (u32::try_from(s.width).ok()?, u32::try_from(s.height).ok()?)
    };
    (w > 0 && h > 0).then_some((w, h))
}

/// How much of an SVG is read to find its root element (comments and a DOCTYPE may come first).
const SVG_HEAD: u64 = 16 * 1024;

/// The `width` and `height` of an SVG's root element when both are absolute lengths in pixels
/// (`120`, `120px`, `120.5`); an SVG sized in `%` or `em`, or by its `viewBox` alone, scales
/// with the page and gets no size.
fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start + 4..];
    let tag = &tag[..tag.find('>')?];
    let attr = |name: &str| -> Option<u32> {
        let mut at = 0;
        while let Some(i) = tag[at..].find(name).map(|i| i + at) {
            at = i + name.len();
            // `width`, not `stroke-width`.
            if !tag[..i].ends_with(|c: char| c.is_ascii_whitespace()) {
                continue;
            }
            let v = tag[at..].trim_start().strip_prefix('=')?.trim_start();
            let quote = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let v = &v[1..];
            let v = v[..v.find(quote)?].trim();
            let number = v.strip_suffix("px").unwrap_or(v).trim();
            let n: f64 = number.parse().ok()?;
            return (1.0..100_000.0).contains(&n).then(|| n.round() as u32);
        }
        None
    };
    Some((attr("width")?, attr("height")?))
}

#[cfg(test)]
mod tests {
    use super::svg_size;

    #[test]
    fn svg_sizes_only_in_pixels() {
        assert_eq!(
            svg_size(
                r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="120" height='40.4px' viewBox="0 0 120 40">"#
            ),
            Some((120, 40))
        );
        assert_eq!(svg_size(r#"<svg width="100%" height="40">"#), None);
        assert_eq!(svg_size(r#"<svg viewBox="0 0 10 10">"#), None);
        assert_eq!(
            svg_size(r#"<svg stroke-width="2" height="5" width = "7">"#),
            Some((7, 5))
        );
        assert_eq!(svg_size(r#"<svg width="2em" height="2em">"#), None);
    }
}
