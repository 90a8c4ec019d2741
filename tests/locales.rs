//! One site from many locales: the same page across translations.

mod common;

use common::build;

#[test]
fn language_switcher_goes_to_the_same_page_in_each_locale() {
    let b = build("multilocale");
    let en = b.file("en-us/docs/create-account/index.html");
    // Translated: the switcher goes to the page itself in Portuguese.
    assert!(
        en.contains("<a href=\"/kb/pt-br/docs/create-account/\" hreflang=\"pt-BR\" lang=\"pt-BR\" data-same-page>Português</a>"),
        "{en}"
    );
    assert!(en.contains("<a href=\"/kb/en-us/docs/create-account/\" hreflang=\"en-US\" lang=\"en-US\" aria-current=\"true\" data-same-page>English</a>"));
    // Not translated: the locale's home page, and no `data-same-page`.
    let close = b.file("en-us/docs/close-account/index.html");
    assert!(
        close.contains("<a href=\"/kb/pt-br/\" hreflang=\"pt-BR\" lang=\"pt-BR\">Português</a>"),
        "{close}"
    );
}

#[test]
fn hreflang_lists_the_locales_that_have_the_page_and_x_default() {
    let b = build("multilocale");
    let pt = b.file("pt-br/docs/create-account/index.html");
    for want in [
        "<link rel=\"alternate\" hreflang=\"en-us\" href=\"https://help.example.org/kb/en-us/docs/create-account/\">",
        "<link rel=\"alternate\" hreflang=\"pt-br\" href=\"https://help.example.org/kb/pt-br/docs/create-account/\">",
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://help.example.org/kb/en-us/docs/create-account/\">",
    ] {
        assert!(pt.contains(want), "{want}\n{pt}");
    }
    let close = b.file("en-us/docs/close-account/index.html");
    assert!(!close.contains("hreflang=\"pt-br\" href"), "{close}");
    assert!(close.contains("hreflang=\"en-us\" href"));
}
