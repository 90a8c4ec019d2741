//! Navigation files: `toc::parse` on arbitrary (lossy UTF-8) text, normalized first as the loader
//! does (BOM, CRLF), once as `docs/TOC.yml` (YAML, nested `items`) and once as `docs/TOC.md`
//! (heading levels). Beyond "does not panic", the flat tree must be well formed.
#![no_main]

use ajuda::toc::{self, ParsedToc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = ajuda::fsx::normalize_text(String::from_utf8_lossy(data).into_owned());
    let lines = text.lines().count();

    let (yml, diags) = toc::parse("docs/TOC.yml", &text);
    check(&yml, "docs/TOC.yml", lines);
    std::hint::black_box(&diags);
    // An empty or blank `href` counts as none.
    for (i, item) in yml.items.iter().enumerate() {
        if let Some(h) = &item.href {
            assert!(!h.trim().is_empty(), "TOC.yml item {i}: blank href kept");
        }
    }

    let (md, diags) = toc::parse("docs/TOC.md", &text);
    check(&md, "docs/TOC.md", lines);
    // `TOC.md` reports nothing; every item is a heading line, one item per line at most.
    assert!(diags.is_empty(), "TOC.md diagnostics: {diags:?}");
    assert!(md.items.len() <= lines);
    for (i, item) in md.items.iter().enumerate() {
        assert!(!item.title.contains('\n'), "TOC.md item {i}: title spans lines");
        if i > 0 {
            // One heading per line: lines strictly increase.
            assert!(item.line > md.items[i - 1].line, "TOC.md item {i}: line not after previous");
        }
    }
});

/// Invariants of the flat tree that hold for both formats.
fn check(toc: &ParsedToc, rel: &str, lines: usize) {
    assert_eq!(toc.source, rel);
    assert_eq!(toc.dir, "docs");
    let n = toc.items.len();

    // Roots: in bounds, increasing, parentless.
    for w in toc.roots.windows(2) {
        assert!(w[0] < w[1], "{rel}: roots not increasing: {:?}", toc.roots);
    }
    for &r in &toc.roots {
        assert!(r < n, "{rel}: root {r} out of bounds ({n} items)");
        assert_eq!(toc.items[r].parent, None, "{rel}: root {r} has a parent");
    }

    // Every item is reached exactly once: as a root or as one child of its parent.
    let mut seen = vec![0u32; n];
    for &r in &toc.roots {
        seen[r] += 1;
    }
    for (i, item) in toc.items.iter().enumerate() {
        // `line` is 1-based and within the file (a file without lines still says line 1).
        assert!(item.line >= 1, "{rel}: item {i} has line 0");
        assert!(
            item.line as usize <= lines.max(1),
            "{rel}: item {i} at line {} of a {lines}-line file",
            item.line
        );
        // Items are pushed in document order, so lines never go back.
        if i > 0 {
            assert!(
                item.line >= toc.items[i - 1].line,
                "{rel}: item {i} line {} before item {} line {}",
                item.line,
                i - 1,
                toc.items[i - 1].line
            );
        }
        for w in item.children.windows(2) {
            assert!(w[0] < w[1], "{rel}: children of {i} not increasing: {:?}", item.children);
        }
        for &c in &item.children {
            assert!(c < n, "{rel}: child {c} of {i} out of bounds ({n} items)");
            assert!(c > i, "{rel}: child {c} of {i} comes before its parent");
            assert_eq!(toc.items[c].parent, Some(i), "{rel}: child {c} of {i} names another parent");
            seen[c] += 1;
        }
        match item.parent {
            None => assert!(toc.roots.binary_search(&i).is_ok(), "{rel}: parentless {i} not a root"),
            Some(p) => {
                assert!(p < i, "{rel}: parent {p} of {i} is not before it");
                assert!(
                    toc.items[p].children.contains(&i),
                    "{rel}: {i} missing from children of its parent {p}"
                );
                // Pre-order: the parent of item i is item i-1 or one of its ancestors.
                let mut a = Some(i - 1);
                while let Some(x) = a {
                    if x == p {
                        break;
                    }
                    a = toc.items[x].parent;
                }
                assert_eq!(a, Some(p), "{rel}: item {i} not in pre-order under parent {p}");
            }
        }
    }
    for (i, &k) in seen.iter().enumerate() {
        assert_eq!(k, 1, "{rel}: item {i} reached {k} times from roots/children");
    }
}
