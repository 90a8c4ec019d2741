//! How editors and tools save, as `ajuda serve` sees it: each pattern ends with the page
//! showing what was saved, and nothing the server does holds a rebuild back.

mod common;

use common::serve::{get, save, start, status, until_served, wait_rebuilt};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn one_page_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("page.md"),
        "---\ntitle: Page\n---\n# Page\n\nFirst.\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("TOC.yml"),
        "- name: Page\n  href: page.md\n",
    )
    .unwrap();
    tmp
}

fn body(text: &str) -> String {
    format!("---\ntitle: Page\n---\n# Page\n\n{text}\n")
}

#[test]
fn every_save_pattern_ends_with_the_saved_text() {
    let tmp = one_page_site();
    let page = tmp.path().join("page.md");
    let s = start(tmp.path(), &["--no-search"]);
    let p = s.port;
    let url = "/en-us/page/";
    until_served(p, url, "First.");

    // In place, as most editors do: truncate, then write (two events, maybe two rebuilds).
    std::fs::write(&page, body("In place.")).unwrap();
    until_served(p, url, "In place.");

    // Written beside and renamed over (atomic save).
    save(&page, &body("Renamed over."));
    until_served(p, url, "Renamed over.");

    // Deleted, then created again.
    std::fs::remove_file(&page).unwrap();
    std::thread::sleep(Duration::from_millis(30));
    std::fs::write(&page, body("Recreated.")).unwrap();
    until_served(p, url, "Recreated.");

    // Vim: a probe file, a swap file, a backup, then the write.
    let dir = tmp.path();
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    std::fs::write(dir.join(".page.md.swp"), "swap").unwrap();
    std::fs::rename(&page, dir.join("page.md~")).unwrap();
    std::fs::write(&page, body("Vim wrote this.")).unwrap();
    std::fs::remove_file(dir.join("page.md~")).unwrap();
    until_served(p, url, "Vim wrote this.");
    let g = status(p)["generation"].as_u64().unwrap();
    // The swap file changing alone is not a change of the site.
    std::fs::write(dir.join(".page.md.swp"), "swap 2").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        status(p)["generation"].as_u64().unwrap(),
        g,
        "a swap file rebuilt the site"
    );
}

#[test]
fn a_checkout_of_many_files_ends_as_one_correct_site() {
    let tmp = common::big_toc_site(200);
    let s = start(tmp.path(), &["--no-search"]);
    let p = s.port;
    let g = status(p)["generation"].as_u64().unwrap();
    // `git checkout`: hundreds of files rewritten at once, pages added and removed.
    for i in 0..200 {
        let path = tmp.path().join(format!("a{i}.md"));
        std::fs::write(path, format!("# Article {i}\n\nVersion two of {i}.\n")).unwrap();
    }
    std::fs::remove_file(tmp.path().join("a199.md")).unwrap();
    std::fs::write(
        tmp.path().join("extra.md"),
        "# Extra\n\nNew in this branch.\n",
    )
    .unwrap();
    wait_rebuilt(p, g);
    until_served(p, "/en-us/a0/", "Version two of 0.");
    until_served(p, "/en-us/a198/", "Version two of 198.");
    until_served(p, "/en-us/extra/", "New in this branch.");
    assert_eq!(get(p, "/en-us/a199/").status, 404);
}

#[test]
fn requests_every_10_ms_do_not_hold_a_rebuild_back() {
    let tmp = one_page_site();
    let page = tmp.path().join("page.md");
    let s = start(tmp.path(), &["--no-search"]);
    let p = s.port;
    let stop = Arc::new(AtomicBool::new(false));
    let poller = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let _ = get(p, "/en-us/page/");
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };
    for i in 0..5 {
        let text = format!("Save number {i}.");
        std::fs::write(&page, body(&text)).unwrap();
        until_served(p, "/en-us/page/", &text);
    }
    stop.store(true, Ordering::Relaxed);
    poller.join().unwrap();
}

#[test]
fn the_output_folder_is_never_written_or_read() {
    let tmp = one_page_site();
    // A stale output folder from an earlier `ajuda build` inside the root is not content.
    std::fs::create_dir_all(tmp.path().join("public/en-us/old")).unwrap();
    std::fs::write(tmp.path().join("public/en-us/old/index.html"), "stale").unwrap();
    let s = start(tmp.path(), &["--no-search"]);
    assert_eq!(get(s.port, "/en-us/old/").status, 404);
    assert!(!Path::new(&tmp.path().join("public/en-us/page")).exists());
}

#[test]
fn a_locale_added_to_the_config_is_served_and_watched() {
    let tmp = common::site(&[
        (
            "ajuda.toml",
            "title = \"T\"\n\n[[locales]]\ncode = \"en-US\"\ndir = \"en\"\n",
        ),
        ("en/page.md", "# Page\n\nEnglish.\n"),
        ("pt/page.md", "# Página\n\nPortuguês.\n"),
    ]);
    let s = start(tmp.path(), &["--no-search"]);
    let p = s.port;
    until_served(p, "/en-us/page/", "English.");
    let config = "title = \"T\"\n\n[[locales]]\ncode = \"en-US\"\ndir = \"en\"\n\n[[locales]]\ncode = \"pt-BR\"\ndir = \"pt\"\n";
    save(&tmp.path().join("ajuda.toml"), config);
    until_served(p, "/pt-br/page/", "Português.");
    // The new locale's folder is watched from then on.
    std::fs::write(tmp.path().join("pt/page.md"), "# Página\n\nEditada.\n").unwrap();
    until_served(p, "/pt-br/page/", "Editada.");
}
