//! Front matter: `frontmatter::split` then `frontmatter::parse` on arbitrary (lossy UTF-8) text,
//! normalized first as the loader does (BOM, CRLF).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = ajuda::fsx::normalize_text(String::from_utf8_lossy(data).into_owned());
    let split = ajuda::frontmatter::split(&text);
    // The body and the YAML are slices of the text.
    assert!(text.len() >= split.body.len());
    if let Some(yaml) = split.yaml {
        let (front, diags) = ajuda::frontmatter::parse(yaml, split.yaml_line, "docs/fuzz.md");
        std::hint::black_box((front.title(), front.robots(), diags.len()));
    }
    std::hint::black_box(ajuda::frontmatter::first_h1(split.body));
});
