//! `.openpublishing.publish.config.json`: the repository around a locale folder, as Learn's
//! publishing reads it. Its docsets (source folder, output subfolder), its dependent
//! repositories, the `xref` services it queries, and the redirect maps at its root when the
//! folder being built is one docset below it.
//!
//! The repository root is the locale folder itself or its nearest ancestor holding the
//! publishing config, no higher than a `.git` folder. Only the named JSON files are read
//! there, as regular files and without following links; nothing else outside the site is.

use std::path::{Path, PathBuf};

pub(crate) const PUBLISH_CONFIG: &str = ".openpublishing.publish.config.json";
/// How far above the locale folder a repository root is looked for.
const MAX_ASCENT: usize = 6;
const MAX_JSON_BYTES: u64 = 4 << 20;

#[derive(Debug, Clone, Default)]
pub(crate) struct Repo {
    pub root: PathBuf,
    /// The locale folder relative to the repository root (`iis`), `/`-separated; empty when
    /// the locale folder is the root.
    pub prefix: String,
    pub docsets: Vec<PublishedDocset>,
    pub dependents: Vec<Dependent>,
    pub xref_tags: Vec<String>,
    /// Redirect maps at the repository root, when it is above the locale folder: (path
    /// relative to the locale folder, `../.openpublishing.redirection.json`; text).
    pub redirect_maps: Vec<(String, String)>,
    /// Problems reading the config: (message, line, column).
    pub problems: Vec<(String, u32, u32)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PublishedDocset {
    pub name: String,
    /// `build_source_folder`, repository-relative as written (`china`).
    pub source_folder: String,
    pub output_subfolder: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dependent {
    /// Where the repository is cloned, relative to the repository root (`_repo.en-us`).
    pub path_to_root: String,
    pub url: String,
}

impl Repo {
    /// The repository holding `dir`, if a publishing config says there is one.
    pub(crate) fn find(dir: &Path) -> Option<Repo> {
        let dir = std::path::absolute(dir).ok()?;
        for (depth, candidate) in dir.ancestors().take(MAX_ASCENT + 1).enumerate() {
            let config = candidate.join(PUBLISH_CONFIG);
            if let Ok(bytes) = crate::fsx::read_own(&config, MAX_JSON_BYTES) {
                let prefix = dir
                    .strip_prefix(candidate)
                    .map(|p| crate::fsx::rel_path(Path::new(""), p))
                    .unwrap_or_default();
                let mut repo = Repo::parse(&String::from_utf8_lossy(&bytes));
                repo.root = candidate.to_path_buf();
                repo.prefix = prefix;
                if depth > 0 {
                    repo.redirect_maps = root_redirect_maps(candidate, depth);
                }
                return Some(repo);
            }
            // The top of a Git checkout: a config above it belongs to something else.
            if candidate.join(".git").exists() {
                return None;
            }
        }
        None
    }

    pub(crate) fn parse(text: &str) -> Repo {
        let mut repo = Repo::default();
        let v: serde_json::Value = match serde_json::from_str(&crate::docfx::without_comments(text))
        {
            Ok(v) => v,
            Err(e) => {
                repo.problems.push((
                    format!("invalid JSON: {e}"),
                    e.line() as u32,
                    e.column() as u32,
                ));
                return repo;
            }
        };
        let s = |v: &serde_json::Value, k: &str| {
            v.get(k)
                .and_then(serde_json::Value::as_str)
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let list = |k: &str| {
            v.get(k)
                .and_then(serde_json::Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        for d in list("docsets_to_publish") {
            repo.docsets.push(PublishedDocset {
                name: s(&d, "docset_name"),
                source_folder: clean_folder(&s(&d, "build_source_folder")),
                output_subfolder: clean_folder(&s(&d, "build_output_subfolder")),
            });
            for t in d
                .get("xref_query_tags")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(t) = t.as_str() {
                    repo.xref_tags.push(t.to_string());
                }
            }
        }
        repo.xref_tags.sort();
        repo.xref_tags.dedup();
        for d in list("dependent_repositories") {
            let path_to_root = clean_folder(&s(&d, "path_to_root"));
            if !path_to_root.is_empty() {
                repo.dependents.push(Dependent {
                    path_to_root,
                    url: s(&d, "url"),
                });
            }
        }
        repo
    }

    /// A repository-relative folder as a path relative to the locale folder, matched ignoring
    /// letter case (`china` under prefix `""` is `china`; `iis` under prefix `iis` is ``).
    /// `None` when it is not inside the locale folder.
    pub(crate) fn locale_relative(&self, folder: &str) -> Option<String> {
        if self.prefix.is_empty() {
            return Some(folder.to_string());
        }
        let (f, p) = (
            folder.to_ascii_lowercase(),
            self.prefix.to_ascii_lowercase(),
        );
        if f == p {
            Some(String::new())
        } else {
            f.strip_prefix(&format!("{p}/"))
                .map(|_| folder[p.len() + 1..].to_string())
        }
    }

    /// The dependent repositories that sit inside the locale folder: (locale-relative folder,
    /// the repository).
    pub(crate) fn dependents_inside(&self) -> Vec<(String, &Dependent)> {
        self.dependents
            .iter()
            .filter_map(|d| Some((self.locale_relative(&d.path_to_root)?, d)))
            .filter(|(rel, _)| !rel.is_empty())
            .collect()
    }

    /// Where the publishing config is, as the locale folder sees it (for diagnostics).
    pub(crate) fn config_rel(&self) -> String {
        let up = if self.prefix.is_empty() {
            0
        } else {
            self.prefix.split('/').count()
        };
        format!("{}{PUBLISH_CONFIG}", "../".repeat(up))
    }
}

/// `./China/` → `China`; `.` → empty.
fn clean_folder(f: &str) -> String {
    let f = f.replace('\\', "/");
    let f = f.trim().trim_start_matches("./").trim_matches('/');
    if f == "." {
        String::new()
    } else {
        f.to_string()
    }
}

/// The redirect maps at a repository root `depth` levels above the locale folder.
fn root_redirect_maps(root: &Path, depth: usize) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| crate::parse::is_redirect_map(n))
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|n| {
            let bytes = crate::fsx::read_own(&root.join(&n), MAX_JSON_BYTES).ok()?;
            let text = crate::fsx::normalize_text(String::from_utf8_lossy(&bytes).into_owned());
            Some((format!("{}{n}", "../".repeat(depth)), text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_docsets_dependents_and_tags() {
        let r = Repo::parse(
            r#"{"docsets_to_publish": [
                {"docset_name": "pc", "build_source_folder": "./China/", "build_output_subfolder": "pc-china", "xref_query_tags": ["/dotnet"]},
                {"docset_name": "root", "build_source_folder": ".", "build_output_subfolder": "Root"}],
              // DocFX reads comments
              "dependent_repositories": [{"path_to_root": "_repo.en-us", "url": "https://x/y"}, {"url": "no path"}]}"#,
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.docsets[0].source_folder, "China");
        assert_eq!(r.docsets[1].source_folder, "");
        assert_eq!(r.docsets[1].output_subfolder, "Root");
        assert_eq!(r.xref_tags, ["/dotnet"]);
        assert_eq!(r.dependents.len(), 1);
        assert_eq!(r.dependents[0].path_to_root, "_repo.en-us");
    }

    #[test]
    fn folders_relative_to_the_locale_folder() {
        let r = Repo {
            prefix: "IIS".into(),
            ..Repo::default()
        };
        assert_eq!(r.locale_relative("iis").as_deref(), Some(""));
        assert_eq!(r.locale_relative("iis/sub").as_deref(), Some("sub"));
        assert_eq!(r.locale_relative("other"), None);
        assert_eq!(r.config_rel(), "../.openpublishing.publish.config.json");
    }

    #[test]
    fn bad_json_is_a_problem_not_a_panic() {
        let r = Repo::parse("{\"docsets_to_publish\": [");
        assert_eq!(r.problems.len(), 1);
    }
}
