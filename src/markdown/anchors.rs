//! Anchors written twice on one page: gathered while the page is rendered, reported once.

use super::Writer;

impl Writer<'_, '_> {
    /// An id written a second time on one page: links to it reach the first. Reported once
    /// per page ([`Writer::report_duplicate_anchors`]): announcement pages repeat a section's
    /// anchors once per entry.
    pub(super) fn duplicate_anchor(&mut self, offset: usize, id: &str) {
        self.duplicates.push((offset, id.to_string()));
    }

    pub(super) fn report_duplicate_anchors(&mut self) {
        let Some((offset, first)) = self.duplicates.first().cloned() else {
            return;
        };
        let mut others: Vec<&str> = self.duplicates[1..]
            .iter()
            .map(|(_, id)| id.as_str())
            .filter(|id| *id != first)
            .collect();
        others.sort_unstable();
        others.dedup();
        let more = match others.len() {
            0 => String::new(),
            n => format!(
                " (and {n} more written twice: {})",
                others
                    .iter()
                    .take(5)
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
                    + if n > 5 { ", …" } else { "" }
            ),
        };
        self.diag(
            offset,
            crate::diag::Kind::DuplicateAnchor,
            format!(
                "anchor `{first}` is already on this page{more}; links to such an anchor reach its first element"
            ),
            Some(&first),
            None,
        );
    }
}
