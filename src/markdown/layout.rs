//! What keeps a page readable on any screen: tables in a scroll container that the keyboard
//! can scroll (the theme shades the edge that hides more columns), and images with their
//! `width`/`height`, so the text does not jump down as they load.

use super::{attr_escape, Writer};

/// Ends the container [`Writer::table_wrap_open`] starts.
pub(super) const TABLE_WRAP_CLOSE: &str = "</div>\n";

impl Writer<'_, '_> {
    /// The start of a table's scroll container: focusable (keyboard scrolling) and named, as a
    /// region must be.
    pub(super) fn table_wrap_open(&self) -> String {
        let label = self.env.ui.get("table").map_or("Table", String::as_str);
        format!(
            "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">\n",
            attr_escape(label)
        )
    }

    /// ` width="W" height="H"` for an image of the site at URL `href` whose file tells its size;
    /// empty otherwise.
    pub(super) fn image_size_attrs(&self, href: &str) -> String {
        match self.env.images.and_then(|i| i.of_url(href)) {
            Some((w, h)) => format!(" width=\"{w}\" height=\"{h}\""),
            None => String::new(),
        }
    }
}
