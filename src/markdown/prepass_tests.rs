//! Tests of the line pre-pass.
use super::*;
use std::collections::HashMap;

struct Map(HashMap<String, String>);
impl FragmentSource for Map {
    fn fragment(&self, rel: &str) -> Option<(&str, &str)> {
        self.0
            .get_key_value(rel)
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }
    fn fragment_names(&self) -> Vec<&str> {
        self.0.keys().map(String::as_str).collect()
    }
}

fn map(items: &[(&str, &str)]) -> Map {
    Map(items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect())
}

#[test]
fn include_with_source_map() {
    let src = map(&[("a/includes/x.md", "X1\nX2\n")]);
    let ex = expand(
        "A\n[!INCLUDE [x](includes/x.md)]\nB\n",
        "a/page.md",
        5,
        &src,
    );
    assert_eq!(ex.text, "A\nX1\nX2\nB\n");
    assert_eq!(ex.lines, vec![(0, 5), (1, 1), (1, 2), (0, 7)]);
    assert_eq!(ex.files[1], "a/includes/x.md");
}

#[test]
fn exponential_includes_are_cut_off() {
    // Each level includes the next five times: 5^10 expansions without a bound.
    let files: Vec<(String, String)> = (0..10)
        .map(|i| {
            (
                format!("inc/l{i}.md"),
                format!("[!INCLUDE [x](l{}.md)]\n", i + 1).repeat(5),
            )
        })
        .chain(std::iter::once((
            "inc/l10.md".to_string(),
            "leaf\n".to_string(),
        )))
        .collect();
    let src = Map(files.into_iter().collect());
    let ex = expand("[!INCLUDE [x](inc/l0.md)]\n", "p.md", 1, &src);
    assert!(ex.files.len() <= MAX_INCLUDES + 1);
    let limit: Vec<_> = ex
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("expands to more than"))
        .collect();
    assert_eq!(limit.len(), 1, "reported once");
}

#[test]
fn docfx_syntax_in_inline_code_is_left_alone() {
    let src = map(&[("x.md", "X")]);
    let ex = expand(
        "Write `:::image source=\"a.png\":::` or ``[!INCLUDE [x](x.md)]``, then [!INCLUDE [x](x.md)].\n",
        "p.md",
        1,
        &src,
    );
    assert_eq!(
        ex.text,
        "Write `:::image source=\"a.png\":::` or ``[!INCLUDE [x](x.md)]``, then X.\n"
    );
    assert!(ex.directives.is_empty());
}

#[test]
fn nested_inline_includes_are_relative_to_their_file() {
    let src = map(&[
        ("inc/a.md", "A [!INCLUDE [b](sub/b.md)]"),
        ("inc/sub/b.md", "B"),
    ]);
    let ex = expand("x [!INCLUDE [a](inc/a.md)] y\n", "p.md", 1, &src);
    assert!(ex.diagnostics.is_empty(), "{:?}", ex.diagnostics);
    assert_eq!(ex.text, "x A B y\n");
}

#[test]
fn heading_braces_that_are_text_stay_text() {
    assert_eq!(
        escape_heading_braces("## Replace {subscription-id}").as_deref(),
        Some("## Replace &#123;subscription-id}")
    );
    assert_eq!(escape_heading_braces("## Title {#custom}"), None);
    assert_eq!(escape_heading_braces("Text {x}"), None);
}

#[test]
fn include_cycle_and_escape_are_diagnostics() {
    let src = map(&[
        ("inc/a.md", "[!INCLUDE [b](b.md)]\n"),
        ("inc/b.md", "[!INCLUDE [a](a.md)]\n"),
    ]);
    let ex = expand(
        "[!INCLUDE [a](inc/a.md)]\n[!include[x](../../etc/passwd)]\n",
        "p.md",
        1,
        &src,
    );
    let kinds: Vec<Kind> = ex.diagnostics.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, vec![Kind::IncludeCycle, Kind::OutsideRoot]);
}

#[test]
fn directives_become_tokens_but_not_in_code() {
    let src = map(&[]);
    let ex = expand(
        ":::image type=\"content\" source=\"a.png\" alt-text=\"A\":::\n```\n:::image source=\"b\":::\n```\nUse :::no-loc text=\"Fab*rikam\"::: now.\n",
        "p.md",
        1,
        &src,
    );
    assert!(
        ex.text.starts_with("<!--ajuda:0-->\n```\n:::image"),
        "{}",
        ex.text
    );
    assert!(ex.text.contains("Use Fab\\*rikam now."));
    assert_eq!(ex.directives.len(), 1);
}
