//! Layers: the crate's top-level modules stand on floors, and a module uses only modules on its
//! own floor or below. A module that reaches up (a parser that needs the pipeline, a config type
//! that lives in a generator) ties the low floors to everything above them; these tests fail on
//! such a reference so that it is cut when it appears, not years later.
//!
//! The floors, lowest first (the table is [`FLOORS`]):
//!
//! 0. base: what every stage uses and that knows nothing of a site: diagnostics (`diag`), pure
//!    path arithmetic (`paths`), confined file-system reads (`fsx`), where output goes (`output`).
//! 1. formats: file formats read without the config: front matter (`frontmatter`), `docfx.json`
//!    (`docfx`), TOC files (`toc`).
//! 2. config: `ajuda.toml`, every raw and validated type, flows and home included (`config`);
//!    reads no sources.
//! 3. model: the site model, plain data, no I/O and no HTML (`model`).
//! 4. sources: finding and reading what a site is made of: the publishing repository
//!    (`publish`), the source walk (`load`), each file turned into what it is (`parse`).
//! 5. assemble: the model built from the parsed files (`assemble`), its link index
//!    (`resolve`), the anchor check (`check`), what discovery features compute from the model
//!    (`discovery`, `related`), translation status (`l10n`).
//! 6. render: pages to HTML: the Markdown dialect (`markdown`), page bodies (`render`), the
//!    theme's templates (`template`, `theme`), navigation (`nav`), request flows (`flows`),
//!    image sizes (`image_size`).
//! 7. context: the build context every page render and generator shares (`ctx`), and what a
//!    page's render pulls from it (`home` blocks, `faq_ld`).
//! 8. generators: what a build makes besides the pages, and reports over a built site:
//!    `feeds`, `extras`, `search`, `external`, `report`, `scaffold`.
//! 9. pipeline: the build, top to bottom (`pipeline`).
//! 10. serve: the dev server, which rebuilds through the pipeline (`serve`).
//! 11. cmd: the binary, `src/main.rs` and `src/cmd/`, which uses the library by name (`ajuda::`).
//!
//! Same-floor references are allowed. A module declared in `src/lib.rs` that is on no floor is a
//! failure too: a new module must be placed.
//!
//! What counts as a reference, after comments, string and char literals are blanked out:
//! `use` declarations of every shape (`pub use`, `pub(crate) use`, grouped and nested
//! `crate::{a, b::{c, d}}`, across lines), paths anywhere in code (`crate::a::f()`,
//! `$crate::a` in macros), `super::` paths that climb out of a top-level module to the crate
//! root (`super::super::z` in `src/a/b.rs`, `super::z` in `src/a.rs`), and `ajuda::a` in the
//! binary. Code in `#[cfg(test)]` modules is checked like any other: a unit test inside a module
//! that imports from a higher floor is a violation too (move it up to a module on the floor
//! that owns what it combines, or into `tests/`).
//!
//! The scan is lexical, std only: a `use` of a name brought in scope by a glob (`use
//! crate::*`) or a macro that builds paths out of pieces is not seen.

#[path = "layers/scan.rs"]
mod scan;
use scan::{library_modules, references, source_files};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The floors, lowest first: (floor name, top-level modules on it). A module may use the modules
/// of its own floor and of the floors below.
const FLOORS: &[(&str, &[&str])] = &[
    ("base", &["diag", "paths", "fsx", "output"]),
    ("formats", &["frontmatter", "docfx", "toc"]),
    ("config", &["config"]),
    ("model", &["model", "address"]),
    ("sources", &["publish", "load", "parse"]),
    (
        "assemble",
        &[
            "assemble",
            "resolve",
            "check",
            "discovery",
            "related",
            "similar",
            "l10n",
        ],
    ),
    (
        "render",
        &[
            "markdown",
            "render",
            "template",
            "theme",
            "messages",
            "nav",
            "flows",
            "image_size",
        ],
    ),
    ("context", &["ctx", "home", "faq_ld"]),
    (
        "generators",
        &[
            "feeds", "extras", "listing", "search", "external", "report", "scaffold",
        ],
    ),
    ("pipeline", &["pipeline"]),
    ("serve", &["serve"]),
    ("cmd", &["cmd"]),
];

/// The name on the floor table of the binary: `src/main.rs` and `src/cmd/`.
const BINARY: &str = "cmd";

/// Folders of `src/` whose files must not import each other in a cycle (`mod.rs` aside).
const ACYCLIC_DIRS: &[&str] = &["markdown"];

#[test]
fn modules_import_only_lower_floors() {
    let floor_of: HashMap<&str, usize> = FLOORS
        .iter()
        .enumerate()
        .flat_map(|(i, (_, modules))| modules.iter().map(move |m| (*m, i)))
        .collect();
    let files = source_files();
    let declared = library_modules();
    let mut problems = Vec::new();

    for m in &declared {
        if !floor_of.contains_key(m.as_str()) {
            problems.push(format!(
                "src/lib.rs: module `{m}` is on no floor: add it to a floor of FLOORS in tests/layers.rs"
            ));
        }
    }
    let mut seen = BTreeSet::new();
    for (floor, modules) in FLOORS {
        for m in *modules {
            if !seen.insert(*m) {
                problems.push(format!("FLOORS: module `{m}` is on two floors"));
            }
            if *m != BINARY && !declared.iter().any(|d| d == m) {
                problems.push(format!(
                    "FLOORS: floor `{floor}` lists `{m}`, which src/lib.rs does not declare"
                ));
            }
        }
    }

    for file in &files {
        let from = match &file.module {
            Some(path) => path[0].as_str(),
            None => BINARY,
        };
        let Some(&from_floor) = floor_of.get(from) else {
            continue; // a file of a module lib.rs does not declare: reported above if declared
        };
        let mut reported = BTreeSet::new();
        for r in references(file) {
            let to = r.path[0].as_str();
            if to == from || !declared.iter().any(|d| d == to) {
                continue; // within the module, or an item of the crate root (a macro)
            }
            let Some(&to_floor) = floor_of.get(to) else {
                continue; // reported as a module on no floor
            };
            if to_floor > from_floor && reported.insert((r.line, to.to_string())) {
                problems.push(format!(
                    "src/{}:{}: module `{from}` (floor {from_floor}: {}) uses `crate::{to}` (floor {to_floor}: {})",
                    file.rel, r.line, FLOORS[from_floor].0, FLOORS[to_floor].0
                ));
            }
        }
    }

    assert!(
        problems.is_empty(),
        "modules must use only modules of their own floor or below (FLOORS in tests/layers.rs); \
         {} violation(s):\n{}\n",
        problems.len(),
        problems.join("\n")
    );
}

/// Within each folder of [`ACYCLIC_DIRS`], the files (submodules) import one another without a
/// cycle, so each can be read, tested and moved knowing only those below it. `mod.rs` is left
/// out: it declares its children and uses them, and they use what it defines. (A child that
/// reaches a sibling through a re-export of `mod.rs` is therefore not seen.)
#[test]
fn folder_files_import_without_cycles() {
    let files = source_files();
    let mut problems = Vec::new();
    for dir in ACYCLIC_DIRS {
        // Files by their submodule name: `src/markdown/prepass.rs` is `prepass`; a file
        // included with `#[path]` belongs to the module that includes it.
        let nodes: BTreeSet<String> = files
            .iter()
            .filter_map(|f| f.module.as_ref())
            .filter(|m| m.len() >= 2 && m[0] == *dir)
            .map(|m| m[1].clone())
            .collect();
        // (from, to) -> first place.
        let mut edges: BTreeMap<(String, String), String> = BTreeMap::new();
        for file in &files {
            let Some(module) = &file.module else { continue };
            if module.len() < 2 || module[0] != *dir {
                continue;
            }
            for r in references(file) {
                if r.path.len() >= 2
                    && r.path[0] == *dir
                    && r.path[1] != module[1]
                    && nodes.contains(&r.path[1])
                {
                    edges
                        .entry((module[1].clone(), r.path[1].clone()))
                        .or_insert_with(|| format!("src/{}:{}", file.rel, r.line));
                }
            }
        }
        for component in cycles(&nodes, &edges) {
            let mut msg = format!(
                "src/{dir}/: files {} import one another:",
                component
                    .iter()
                    .map(|n| format!("{n}.rs"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            for ((from, to), at) in &edges {
                if component.contains(from) && component.contains(to) {
                    msg.push_str(&format!("\n  {at}: `{from}` uses `{to}`"));
                }
            }
            problems.push(msg);
        }
    }
    assert!(
        problems.is_empty(),
        "import cycles between files (ACYCLIC_DIRS in tests/layers.rs):\n{}\n",
        problems.join("\n")
    );
}

/// The strongly connected components of more than one node (Tarjan).
fn cycles(
    nodes: &BTreeSet<String>,
    edges: &BTreeMap<(String, String), String>,
) -> Vec<BTreeSet<String>> {
    struct Walk<'a> {
        next: HashMap<&'a str, Vec<&'a str>>,
        index: HashMap<&'a str, usize>,
        low: HashMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<BTreeSet<String>>,
    }
    fn visit<'a>(w: &mut Walk<'a>, v: &'a str) {
        let i = w.index.len();
        w.index.insert(v, i);
        w.low.insert(v, i);
        w.stack.push(v);
        for u in w.next.get(v).cloned().unwrap_or_default() {
            if !w.index.contains_key(u) {
                visit(w, u);
                let low = w.low[v].min(w.low[u]);
                w.low.insert(v, low);
            } else if w.stack.contains(&u) {
                let low = w.low[v].min(w.index[u]);
                w.low.insert(v, low);
            }
        }
        if w.low[v] == w.index[v] {
            let mut component = BTreeSet::new();
            while let Some(u) = w.stack.pop() {
                component.insert(u.to_string());
                if u == v {
                    break;
                }
            }
            if component.len() > 1 {
                w.found.push(component);
            }
        }
    }
    let mut w = Walk {
        next: HashMap::new(),
        index: HashMap::new(),
        low: HashMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for (from, to) in edges.keys() {
        w.next.entry(from.as_str()).or_default().push(to.as_str());
    }
    for v in nodes {
        if !w.index.contains_key(v.as_str()) {
            visit(&mut w, v.as_str());
        }
    }
    w.found
}
