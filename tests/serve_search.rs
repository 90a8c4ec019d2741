//! `ajuda serve` keeps its search index fresh: after an edit settles, the edited page's new
//! words are in its locale's index, served from memory.

mod common;

use common::serve::{copy_dir, get, save, start};
use flate2::read::GzDecoder;
use std::io::Read;
use std::time::{Duration, Instant};

fn served_files(port: u16) -> Vec<String> {
    serde_json::from_slice(&get(port, "/__ajuda/files").body).unwrap()
}

/// Whether any index chunk of the bundle under `dir` holds `word`.
fn indexed(port: u16, dir: &str, word: &str) -> bool {
    served_files(port)
        .iter()
        .filter(|f| f.starts_with(dir) && f.ends_with(".pf_index"))
        .any(|f| {
            let gz = get(port, &format!("/kb/{f}")).body;
            let mut bytes = Vec::new();
            GzDecoder::new(&gz[..]).read_to_end(&mut bytes).unwrap();
            bytes.windows(word.len()).any(|w| w == word.as_bytes())
        })
}

fn meta_file(port: u16, dir: &str) -> Option<String> {
    served_files(port)
        .into_iter()
        .find(|f| f.starts_with(dir) && f.ends_with(".pf_meta"))
}

#[test]
fn an_edit_reaches_the_served_index_of_its_locale() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&common::fixture("multilocale"), tmp.path());
    let s = start(tmp.path(), &[]);
    let p = s.port;
    let deadline = Instant::now() + Duration::from_secs(60);
    while meta_file(p, "pagefind/en-us/").is_none() || meta_file(p, "pagefind/pt-br/").is_none() {
        assert!(Instant::now() < deadline, "no search index served");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(indexed(p, "pagefind/en-us/", "account"));
    assert!(!indexed(p, "pagefind/en-us/", "qzxvk"));
    let pt_before = meta_file(p, "pagefind/pt-br/");

    let page = tmp.path().join("content/en/docs/create-account.md");
    let text = std::fs::read_to_string(&page).unwrap();
    save(&page, &format!("{text}\nAsk the qzxvk desk.\n"));
    let deadline = Instant::now() + Duration::from_secs(60);
    while !indexed(p, "pagefind/en-us/", "qzxvk") {
        assert!(
            Instant::now() < deadline,
            "the edit never reached the index"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // pt-BR has its own translation of the page: its index is as it was.
    assert_eq!(meta_file(p, "pagefind/pt-br/"), pt_before);
    assert!(!indexed(p, "pagefind/pt-br/", "qzxvk"));
}
