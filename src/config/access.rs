//! What a site may read and where its builds keep things: the folders a build is confined
//! to, and the cache.

use super::Config;
use std::path::{Path, PathBuf};

impl Config {
    /// The folders this site may read: its root and its locale folders, which the command line
    /// and the config name. The theme and `templates/` must lie inside them: they are found in
    /// the site, where a contributor could make them links to anywhere.
    pub(crate) fn confinement(&self) -> crate::fsx::Confinement {
        crate::fsx::Confinement::new(
            std::iter::once(self.root.as_path())
                .chain(self.locales.iter().map(|l| l.dir.as_path()))
                .chain(self.dependencies.values().map(PathBuf::as_path)),
        )
    }

    /// [`Config::confinement`] for following links in the sources: a link must also not lead
    /// to what the ignore rules refuse by its own path (`.git/config`, `.env`), to `output` or
    /// to the cache, whatever the link itself is called.
    pub(crate) fn link_confinement(&self, output: &Path) -> crate::fsx::Confinement {
        let cache = self.root.join(".ajuda-cache");
        self.confinement()
            .refusing(self.ignore.clone(), [output, cache.as_path()])
    }

    /// Where builds keep what they can reuse (`ROOT/.ajuda-cache`), when ajuda may use it.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        Some(self.root.join(".ajuda-cache")).filter(|d| crate::fsx::usable_cache_dir(d))
    }

    /// Where a theme may be: inside the site, or beside the config file (which the command line
    /// chose).
    pub(crate) fn theme_confinement(&self) -> crate::fsx::Confinement {
        crate::fsx::Confinement::new(
            [self.root.as_path(), self.config_dir.as_path()]
                .into_iter()
                .chain(self.locales.iter().map(|l| l.dir.as_path())),
        )
    }
}
