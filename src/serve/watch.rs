//! File events on a site's sources, forwarded as they come: the builder takes the first one at
//! once and whatever arrived while it was busy as the next batch, so no quiet period is waited
//! out and nothing the server does (it reads no file) can hold a rebuild back.

use crate::config::{Config, ThemeSource};
use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, RwLock};

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// What a build reads: (folder or file, recursively).
pub fn sources(config: &Config, config_file: &Path) -> Vec<(PathBuf, bool)> {
    let mut out: Vec<(PathBuf, bool)> = config
        .locales
        .iter()
        .map(|l| (absolute(&l.dir), true))
        .collect();
    if let ThemeSource::Dir(d) = &config.theme {
        out.push((absolute(d), true));
    }
    if let Some(d) = &config.templates_dir {
        out.push((absolute(d), true));
    }
    // The config file's folder, not recursively (the config file is often replaced by a
    // rename, which a watch on the file itself would lose).
    if let Some(parent) = absolute(config_file).parent() {
        out.push((parent.to_path_buf(), false));
    }
    out.retain(|(p, _)| p.exists());
    out
}

/// Editors' scratch files and version-control folders: never sources.
pub fn ignored(path: &Path) -> bool {
    if path
        .components()
        .any(|c| matches!(c.as_os_str().to_str(), Some(".git" | ".hg" | ".svn")))
    {
        return true;
    }
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.starts_with(".#")
        || name.starts_with(".ajuda-")
        || name.starts_with(".goutputstream-")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".kate-swp")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
}

/// Whether an event is a change to rebuild for. Where the platform says when a file written
/// is closed (Linux), that is the moment, not the first write: an editor that truncates and then
/// writes in place would otherwise be read half-written. Renames and removals count at once;
/// reads (the build's own) and metadata changes never.
fn is_change(kind: &EventKind) -> bool {
    let closes = cfg!(any(target_os = "linux", target_os = "android"));
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any) => !closes,
        EventKind::Create(CreateKind::File) => !closes,
        _ => true,
    }
}

/// What events are kept: paths under these folders (or this one file), not under an output.
#[derive(Default)]
struct Filter {
    trees: Vec<PathBuf>,
    files_only: Vec<PathBuf>,
    config_file: PathBuf,
    outputs: Vec<PathBuf>,
}

impl Filter {
    fn keeps(&self, p: &Path) -> bool {
        if ignored(p) || self.outputs.iter().any(|o| p.starts_with(o)) {
            return false;
        }
        // In a folder watched for one file (the config's), only that file counts.
        self.trees.iter().any(|t| p.starts_with(t))
            || (self
                .files_only
                .iter()
                .any(|d| p.parent() == Some(d.as_path()))
                && p == self.config_file)
    }
}

/// The watch on a site's sources; [`Watch::update`] follows a config that names other
/// folders.
pub struct Watch {
    watcher: notify::RecommendedWatcher,
    watched: Vec<(PathBuf, bool)>,
    filter: Arc<RwLock<Filter>>,
    config_file: PathBuf,
    outputs: Vec<PathBuf>,
}

impl Watch {
    /// Watches `sources`; each event's relevant paths go to `tx`.
    pub fn start(
        sources: &[(PathBuf, bool)],
        config_file: &Path,
        outputs: &[PathBuf],
        tx: Sender<Vec<PathBuf>>,
    ) -> Result<Watch, String> {
        let filter: Arc<RwLock<Filter>> = Arc::default();
        let seen = filter.clone();
        let handler = move |res: notify::Result<notify::Event>| {
            let Ok(filter) = seen.read() else { return };
            let ev = match res {
                Ok(ev) if !ev.need_rescan() => ev,
                // Events were lost (the kernel's queue overflowed) or the watch failed: a
                // folder as the change makes the builder read everything again.
                _ => {
                    if let Some(t) = filter.trees.first() {
                        let _ = tx.send(vec![t.clone()]);
                    }
                    return;
                }
            };
            // A link made in place has no "closed after writing" event.
            let link_made =
                matches!(ev.kind, EventKind::Create(_)) && ev.paths.iter().any(|p| p.is_symlink());
            if !is_change(&ev.kind) && !link_made {
                return;
            }
            let paths: Vec<PathBuf> = ev.paths.into_iter().filter(|p| filter.keeps(p)).collect();
            if !paths.is_empty() {
                let _ = tx.send(paths);
            }
        };
        let watcher = notify::recommended_watcher(handler).map_err(|e| e.to_string())?;
        let mut w = Watch {
            watcher,
            watched: Vec::new(),
            filter,
            config_file: absolute(config_file),
            outputs: outputs.iter().map(|o| absolute(o)).collect(),
        };
        w.update(sources)?;
        Ok(w)
    }

    /// Watches `sources` from now on (what is no longer a source is unwatched).
    pub fn update(&mut self, sources: &[(PathBuf, bool)]) -> Result<(), String> {
        let mut wanted: Vec<(PathBuf, bool)> = sources.to_vec();
        wanted.sort();
        wanted.dedup();
        for (path, _) in self.watched.iter().filter(|w| !wanted.contains(w)) {
            let _ = self.watcher.unwatch(path);
        }
        let mut problems = Vec::new();
        for (path, recursive) in wanted.iter().filter(|w| !self.watched.contains(w)) {
            let mode = if *recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            if let Err(e) = self.watcher.watch(path, mode) {
                problems.push(format!("cannot watch {}: {e}", path.display()));
            }
        }
        if let Ok(mut f) = self.filter.write() {
            *f = Filter {
                trees: wanted
                    .iter()
                    .filter(|(_, r)| *r)
                    .map(|(p, _)| p.clone())
                    .collect(),
                files_only: wanted
                    .iter()
                    .filter(|(_, r)| !r)
                    .map(|(p, _)| p.clone())
                    .collect(),
                config_file: self.config_file.clone(),
                outputs: self.outputs.clone(),
            };
        }
        self.watched = wanted;
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }
}
