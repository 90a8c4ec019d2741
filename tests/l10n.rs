//! `ajuda l10n`: the translation status of a site (issue 16, "Translation status").

use ajuda::config::{Config, Overrides};
use ajuda::l10n::{self, Evidence, LocaleStatus, Status};
use ajuda::model::Site;
use std::path::Path;
use std::process::Command;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load(root: &Path) -> (Config, Site) {
    let config = Config::load(root, None, &Overrides::default()).expect("config loads");
    let out = tempfile::tempdir().unwrap();
    let (site, _) = Site::load(&config, &out.path().join("public"));
    (config, site)
}

fn status_of(root: &Path) -> (Status, Site) {
    let (config, site) = load(root);
    (l10n::status(&config, &site), site)
}

fn locale<'a>(s: &'a Status, code: &str) -> &'a LocaleStatus {
    s.locales
        .iter()
        .find(|l| l.code == code)
        .unwrap_or_else(|| panic!("no locale {code} in {s:#?}"))
}

fn stale_paths(l: &LocaleStatus) -> Vec<&str> {
    l.stale.iter().map(|s| s.path.as_str()).collect()
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn counts_add_up_to_the_pages_of_the_site_in_every_locale() {
    let (s, _) = status_of(&fixture("l10n-status"));
    assert_eq!(s.default_locale, "en-US");
    // start, billing, faq (.md in English, FAQ .yml in Portuguese), accounts (`Accounts.md` /
    // `accounts.md`), only-english, only-portuguese; the include and the TOC are not pages.
    assert_eq!(s.pages, 6, "{s:#?}");
    let codes: Vec<&str> = s.locales.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["en-US", "pt-BR", "zh-CN"]);
    for l in &s.locales {
        assert_eq!(
            l.translated + l.machine_translated + l.missing(),
            s.pages,
            "{l:#?}"
        );
        assert!(l.stale.len() <= l.translated + l.machine_translated);
    }
    let en = locale(&s, "en-US");
    assert_eq!(
        (en.translated, en.machine_translated, en.missing()),
        (5, 0, 1)
    );
    assert!(en.stale.is_empty(), "the default locale is the source");
    let pt = locale(&s, "pt-BR");
    assert_eq!(
        (pt.translated, pt.machine_translated, pt.missing()),
        (4, 1, 1)
    );
    let zh = locale(&s, "zh-CN");
    assert_eq!(
        (zh.translated, zh.machine_translated, zh.missing()),
        (1, 1, 4)
    );
}

#[test]
fn machine_translations_are_counted_apart() {
    let (s, site) = status_of(&fixture("l10n-status"));
    let zh = locale(&s, "zh-CN");
    // `start.md` is MT; `billing.md` has no translation type: counted as translated.
    assert_eq!(zh.machine_translated, 1);
    assert_eq!(zh.translated, 1);
    let mt: Vec<&str> = site
        .pages
        .iter()
        .filter(|p| p.front.translation_type == Some(ajuda::frontmatter::TranslationType::Machine))
        .map(|p| p.source.as_str())
        .collect();
    assert_eq!(mt.len(), 2, "{mt:?}");
    assert_eq!(locale(&s, "pt-BR").machine_translated, 1);
}

#[test]
fn missing_pages_are_listed_by_the_default_locales_path_else_by_key() {
    let (s, _) = status_of(&fixture("l10n-status"));
    assert_eq!(locale(&s, "en-US").missing_pages, ["docs/only-portuguese"]);
    assert_eq!(locale(&s, "pt-BR").missing_pages, ["docs/only-english.md"]);
    // `faq` and `Accounts` exist in Portuguese (as `faq.yml` and `accounts.md`), not in Chinese.
    assert_eq!(
        locale(&s, "zh-CN").missing_pages,
        [
            "docs/Accounts.md",
            "docs/faq.md",
            "docs/only-english.md",
            "docs/only-portuguese"
        ]
    );
}

#[test]
fn a_page_is_the_same_across_extensions_and_letter_case() {
    let (s, _) = status_of(&fixture("l10n-status"));
    let pt = locale(&s, "pt-BR");
    assert!(
        !pt.missing_pages.iter().any(|p| p.contains("faq")),
        "{pt:#?}"
    );
    assert!(
        !pt.missing_pages
            .iter()
            .any(|p| p.eq_ignore_ascii_case("docs/accounts.md")),
        "{pt:#?}"
    );
}

#[test]
fn stale_by_dates_when_there_is_no_hash() {
    let (s, site) = status_of(&fixture("l10n-status"));
    let pt = locale(&s, "pt-BR");
    // billing: 2024-04-01 < 2024-05-10; accounts: 2023-12-01 < 2024-01-01. start (same date)
    // and the FAQ (later) are not stale.
    assert_eq!(stale_paths(pt), ["docs/Accounts.md", "docs/billing.md"]);
    for st in &pt.stale {
        assert!(matches!(st.evidence, Evidence::Date { .. }), "{st:#?}");
        assert_eq!(site.pages[st.page].locale, 1);
        assert_eq!(site.pages[st.source].locale, 0);
    }
    assert_eq!(site.pages[pt.stale[0].page].source, "docs/accounts.md");
    // zh-CN: start is later; billing has no date (no evidence either way).
    assert!(locale(&s, "zh-CN").stale.is_empty());
    // The set the renderer uses.
    let (config, site) = load(&fixture("l10n-status"));
    let ids = l10n::stale_pages(&config, &site);
    let mut sources: Vec<&str> = ids.iter().map(|&i| site.pages[i].source.as_str()).collect();
    sources.sort();
    assert_eq!(sources, ["docs/accounts.md", "docs/billing.md"]);
}

#[test]
fn stale_by_hash_and_handoff_when_the_default_locale_is_a_translation() {
    let (s, _) = status_of(&fixture("l10n-handoff"));
    assert_eq!(s.default_locale, "pt-BR");
    assert_eq!(s.pages, 5);
    let zh = locale(&s, "zh-CN");
    // same-source: same hash (any case) → current, although its dates are older.
    // newer-source: hashes differ, pt-BR handed off later → stale.
    // newer-translation: hashes differ, zh-CN handed off later → current.
    // no-handoff: hashes differ, no ms.lasthandoff: ms.date decides → stale.
    // unhashed: zh-CN has no hash: dates → stale.
    assert_eq!(
        stale_paths(zh),
        ["newer-source.md", "no-handoff.md", "unhashed.md"]
    );
    let by_path = |p: &str| &zh.stale.iter().find(|s| s.path == p).unwrap().evidence;
    assert!(
        matches!(by_path("newer-source.md"), Evidence::Handoff { date, default_date, .. }
            if date.to_string() == "2021-03-01" && default_date.to_string() == "2021-07-15"),
        "{zh:#?}"
    );
    assert!(matches!(by_path("no-handoff.md"), Evidence::Handoff { .. }));
    assert!(matches!(by_path("unhashed.md"), Evidence::Date { .. }));
    assert!(locale(&s, "pt-BR").stale.is_empty());
}

/// A site whose default locale is in a git repository (a `.git` folder above it: nothing
/// else of git is needed) and whose translations record the source's blob hash.
fn git_site(with_git: bool) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    if with_git {
        std::fs::create_dir(tmp.path().join(".git")).unwrap();
    }
    write(
        &root.join("ajuda.toml"),
        br#"default_locale = "en-US"

[[locales]]
code = "en-US"
dir = "en"

[[locales]]
code = "pt-BR"
dir = "pt"
"#,
    );
    // Exactly the 5 bytes `hello`: `echo -n 'hello' | git hash-object --stdin`.
    write(&root.join("en/hello.md"), b"hello");
    // Hashed as on disk: CRLF line ends and all.
    write(
        &root.join("en/crlf.md"),
        b"---\r\ntitle: Line ends\r\n---\r\n# Line ends\r\n\r\nWritten on Windows.\r\n",
    );
    write(
        &root.join("en/dated.md"),
        b"---\ntitle: Dated\nms.date: 2024-06-01\n---\n# Dated\n\nNo hash here.\n",
    );
    let translation = |title: &str, extra: &str| {
        format!("---\ntitle: {title}\nms.contentlocale: pt-BR\n{extra}---\n# {title}\n\nTexto.\n")
    };
    write(
        &root.join("pt/hello.md"),
        translation(
            "Olá",
            "ms.openlocfilehash: b6fc4c620b67d95f953a5c1c1230aaab5db5a1b0\nms.date: 2020-01-01\n",
        )
        .as_bytes(),
    );
    // The hash of the file with LF line ends: not the blob on disk.
    let lf =
        l10n::git_blob_hash(b"---\ntitle: Line ends\n---\n# Line ends\n\nWritten on Windows.\n");
    write(
        &root.join("pt/crlf.md"),
        translation("Fins de linha", &format!("ms.openlocfilehash: {lf}\n")).as_bytes(),
    );
    write(
        &root.join("pt/dated.md"),
        translation("Datada", "ms.date: 2024-05-01\n").as_bytes(),
    );
    tmp
}

#[test]
fn blob_hash_is_computed_as_git_does() {
    // `echo -n 'hello' | git hash-object --stdin`
    assert_eq!(
        l10n::git_blob_hash(b"hello"),
        "b6fc4c620b67d95f953a5c1c1230aaab5db5a1b0"
    );
}

#[test]
fn stale_by_git_blob_hash_where_the_source_is_in_a_git_repository() {
    let tmp = git_site(true);
    let root = tmp.path().join("site");
    assert!(l10n::in_git_repository(&root.join("en")));
    let (s, _) = status_of(&root);
    let pt = locale(&s, "pt-BR");
    assert_eq!((pt.translated, pt.missing()), (3, 0));
    // hello: the recorded hash is the blob's → current.
    // crlf: the recorded hash is of other bytes → stale. dated: no hash → dates.
    assert_eq!(stale_paths(pt), ["crlf.md", "dated.md"]);
    let crlf_bytes = std::fs::read(root.join("en/crlf.md")).unwrap();
    match &pt.stale[0].evidence {
        Evidence::GitBlob { current, recorded } => {
            assert_eq!(current, &l10n::git_blob_hash(&crlf_bytes));
            assert_ne!(current, recorded);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(pt.stale[1].evidence, Evidence::Date { .. }));
}

#[test]
fn without_a_git_repository_the_blob_hash_is_no_evidence() {
    let tmp = git_site(false);
    let root = tmp.path().join("site");
    if l10n::in_git_repository(&root) {
        // The temporary folder itself lies in a repository: nothing to show here.
        return;
    }
    let (s, _) = status_of(&root);
    // crlf has no dates, so nothing says it is stale; dated still is, by dates.
    assert_eq!(stale_paths(locale(&s, "pt-BR")), ["dated.md"]);
}

#[test]
fn pages_borrowed_from_another_locale_are_not_own_files() {
    let (config, mut site) = load(&fixture("l10n-status"));
    let before = l10n::status(&config, &site);
    // Give zh-CN a fallback of every page it lacks, borrowed from the default locale.
    let zh = site.locales.iter().position(|l| l.code == "zh-CN").unwrap();
    let borrowed: Vec<_> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.locale == 0 && p.fallback.is_none())
        .map(|(id, p)| {
            let mut b = p.clone();
            b.locale = zh;
            b.fallback = Some(id);
            b
        })
        .collect();
    site.pages.extend(borrowed);
    let after = l10n::status(&config, &site);
    let (b, a) = (locale(&before, "zh-CN"), locale(&after, "zh-CN"));
    assert_eq!(after.pages, before.pages);
    assert_eq!(
        (a.translated, a.machine_translated, a.missing_pages.clone()),
        (b.translated, b.machine_translated, b.missing_pages.clone())
    );
    assert!(a.stale.is_empty());
}

fn ajuda(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ajuda"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn json_report_has_every_locale_in_the_documented_shape() {
    let root = fixture("l10n-status");
    let out = tempfile::tempdir().unwrap();
    let o = ajuda(&[
        "l10n",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.path().join("public").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&v), ["default_locale", "locales", "pages"]);
    assert_eq!(v["default_locale"], "en-US");
    assert_eq!(v["pages"], 6);
    let locales = v["locales"].as_array().unwrap();
    assert_eq!(locales.len(), 3);
    for l in locales {
        assert_eq!(
            keys(l),
            [
                "code",
                "machine_translated",
                "missing",
                "missing_pages",
                "stale",
                "stale_pages",
                "translated"
            ]
        );
        let n = |k: &str| l[k].as_u64().unwrap();
        assert_eq!(n("translated") + n("machine_translated") + n("missing"), 6);
        assert_eq!(
            n("missing"),
            l["missing_pages"].as_array().unwrap().len() as u64
        );
        assert_eq!(
            n("stale"),
            l["stale_pages"].as_array().unwrap().len() as u64
        );
    }
    assert_eq!(locales[1]["code"], "pt-BR");
    assert_eq!(
        locales[1]["stale_pages"],
        serde_json::json!(["docs/Accounts.md", "docs/billing.md"])
    );
    assert_eq!(
        locales[1]["missing_pages"],
        serde_json::json!(["docs/only-english.md"])
    );
    // Fields in the documented order.
    let at = |k: &str| text.find(&format!("\"{k}\"")).unwrap();
    assert!(at("default_locale") < at("pages") && at("pages") < at("locales"));
    assert!(at("code") < at("translated") && at("missing_pages") < at("stale_pages"));
}

#[test]
fn human_report_is_a_table_with_lists_and_exits_zero() {
    let root = fixture("l10n-status");
    let out = tempfile::tempdir().unwrap();
    let o = ajuda(&[
        "l10n",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.path().join("public").to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("6 pages, default locale en-US"), "{text}");
    let row = |code: &str| {
        text.lines()
            .find(|l| l.starts_with(code))
            .unwrap_or_else(|| panic!("{text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    assert_eq!(row("pt-BR"), ["pt-BR", "4", "1", "1", "2"]);
    assert_eq!(row("en-US"), ["en-US", "5", "0", "1", "0", "(default)"]);
    assert!(
        text.contains("zh-CN: 4 missing\n  docs/Accounts.md\n"),
        "{text}"
    );
    // A stale translation whose own file is named otherwise shows it.
    assert!(
        text.contains(
            "  docs/Accounts.md [docs/accounts.md]  (ms.date 2023-12-01, en-US 2024-01-01)"
        ),
        "{text}"
    );
}

#[test]
fn a_config_that_cannot_be_loaded_fails() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("ajuda.toml"), b"no_such_key = 1\n");
    let o = ajuda(&["l10n", "--root", tmp.path().to_str().unwrap()]);
    assert!(!o.status.success());
}
