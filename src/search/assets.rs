//! The Pagefind client shipped in every search bundle: `pagefind.js`, its worker and
//! WebAssembly (one per stemming language, and `unknown` for the rest), taken from the
//! pinned Pagefind crate through its API once per build, so the client always matches the
//! format [`super::format`] writes.

use super::format::File;
use super::words::{base_language, stemmer_for};
use std::collections::{BTreeMap, BTreeSet};

fn fail(e: impl std::fmt::Display) -> String {
    format!("cannot load Pagefind's client: {e}")
}

/// The client's files: those every bundle has, and each stemming language's WebAssembly.
pub(super) struct Assets {
    common: Vec<File>,
    wasm: BTreeMap<String, Vec<u8>>,
}

impl Assets {
    /// Loads the client with the WebAssembly of each of `languages` that has a stemmer.
    pub(super) fn load(languages: &BTreeSet<String>) -> Result<Assets, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| format!("cannot start the search indexer: {e}"))?;
        runtime.block_on(async {
            let mut index = pagefind::api::PagefindIndex::new(None).map_err(fail)?;
            let bases: BTreeSet<&str> = languages
                .iter()
                .filter(|l| stemmer_for(l).is_some())
                .map(|l| base_language(l))
                .collect();
            // One word per language, so the crate writes that language's WebAssembly.
            for base in bases.iter().copied().chain(["unknown"]) {
                index
                    .add_custom_record(
                        format!("/{base}/"),
                        "ajuda".into(),
                        base.into(),
                        None,
                        None,
                        None,
                    )
                    .await
                    .map_err(fail)?;
            }
            let files = index.get_files().await.map_err(fail)?;
            let mut assets = Assets {
                common: Vec::new(),
                wasm: BTreeMap::new(),
            };
            for f in files {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                if let Some(lang) = name
                    .strip_prefix("wasm.")
                    .and_then(|n| n.strip_suffix(".pagefind"))
                    .filter(|l| *l != "unknown")
                {
                    assets.wasm.insert(lang.to_string(), f.contents);
                } else if matches!(
                    name.as_str(),
                    "pagefind.js" | "pagefind-worker.js" | "wasm.unknown.pagefind"
                ) {
                    assets.common.push((name, f.contents));
                }
            }
            Ok(assets)
        })
    }

    /// The client's files for a bundle whose pages are in `languages`.
    pub(super) fn for_bundle<'a>(
        &'a self,
        languages: &'a [String],
    ) -> impl Iterator<Item = File> + 'a {
        let wasm = languages.iter().filter_map(|l| {
            let bytes = self.wasm.get(base_language(l))?;
            Some((format!("wasm.{l}.pagefind"), bytes.clone()))
        });
        self.common.iter().cloned().chain(wasm)
    }

    /// Whether the client stems `language` (its WebAssembly is in the bundle).
    pub(super) fn stems(&self, language: &str) -> bool {
        self.wasm.contains_key(base_language(language))
    }
}
