//! The index ajuda writes is the one Pagefind's own indexer writes for the same pages: every
//! file of the bundle, decompressed, byte for byte.

use super::{Bundle, Client, Reader};
use flate2::read::GzDecoder;
use std::collections::BTreeMap;
use std::io::Read;

fn page(lang: &str, title: &str, body: &str, extra_head: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="{lang}" dir="ltr"><head><title>{title} - Site</title>
<meta property="og:title" content="{title}" data-pagefind-meta="title[content]">
{extra_head}</head><body><header><nav><a href="/">Home</a> menu words</nav></header>
<main><div class="content" data-pagefind-body><p hidden data-pagefind-weight="10">{title}</p>
{body}</div></main><footer>Footer text</footer></body></html>"#
    )
}

fn pages() -> Vec<(String, String)> {
    let pt = |t: &str, b: &str, h: &str| page("pt-BR", t, b, h);
    let zh = |t: &str, b: &str, h: &str| page("zh-CN", t, b, h);
    vec![
        (
            "/pt-br/b/".into(),
            pt(
                "Cobrança e faturas",
                r##"<h1>Cobrança e faturas</h1>
<p>Sua <strong>fatura</strong> mensal &amp; o café-crème do <em>AzureSubscription</em>. Veja <code>sysconfig.is_python_build</code>.</p>
<h2 id="pagar"><a class="heading-anchor" href="#pagar" aria-hidden="true">#</a>Como pagar</h2>
<ul><li>Cartão de crédito</li><li>Boleto<br>bancário</li></ul>
<div class="code-block"><pre><code>Get-Invoice -Id 42</code></pre></div>
<img src="/img/fatura.png" alt="Uma &quot;fatura&quot;">
<table><tr><td>Preço</td><td>R$ 10,00</td></tr></table>
<h3 id="notas" data-pagefind-title="Notas da fatura">Notas</h3><p>Nota 😀 final? Sim!</p>
<div data-pagefind-ignore><p>escondido</p></div>"##,
                r#"<meta name="c" data-pagefind-filter="category[content]" content="Cobrança">
<meta name="p" data-pagefind-filter="product[content]" data-pagefind-meta="product[content]" content="Partner Center">"#,
            ),
        ),
        (
            "/pt-br/a/".into(),
            pt(
                "Suporte técnico",
                r#"<p>Abra uma solicitação de suporte: <a href="/x">formulário</a>. Cobrança não.</p><h2 id="x y">Passo  dois</h2><p>Fim</p>"#,
                r#"<meta name="c" data-pagefind-filter="category[content]" content="Suporte">"#,
            ),
        ),
        (
            "/zh-cn/b/".into(),
            zh(
                "管理发票",
                r#"<h1>管理发票和付款</h1><p>查看您的发票，了解计费周期。パートナーセンターのサポート。</p><h2 id="步骤">步骤</h2><p>使用 Azure 门户 管理订阅。</p>"#,
                r#"<meta name="c" data-pagefind-filter="category[content]" content="计费">"#,
            ),
        ),
        (
            "/zh-cn/a/".into(),
            zh("计费概述", r#"<p>计费和发票常见问题。</p>"#, ""),
        ),
    ]
}

fn unzip(name: &str, bytes: &[u8]) -> Vec<u8> {
    if !name.contains(".pf_") {
        return bytes.to_vec();
    }
    let mut out = Vec::new();
    GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a gzip'd file");
    out
}

fn pagefind_files(pages: &[(String, String)]) -> BTreeMap<String, Vec<u8>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .exclude_selectors(vec![
                ".heading-anchor".into(),
                "[data-pagefind-ignore]".into(),
                ".code-block".into(),
            ])
            .build();
        let mut index = pagefind::api::PagefindIndex::new(Some(options)).unwrap();
        for (url, html) in pages {
            index
                .add_html_file(None, Some(url.clone()), html.clone())
                .await
                .unwrap();
        }
        index
            .get_files()
            .await
            .unwrap()
            .into_iter()
            .map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                let bytes = unzip(&name, &f.contents);
                (name, bytes)
            })
            .filter(|(n, _)| n.contains(".pf_") || n == "pagefind-entry.json")
            .collect()
    })
}

fn ajuda_files(pages: &[(String, String)]) -> BTreeMap<String, Vec<u8>> {
    let mut reader = Reader::new(false);
    let mut bundle = Bundle::default();
    // The order pages arrive in does not matter: they are numbered by URL.
    for (url, html) in pages.iter().rev() {
        bundle.add(
            reader
                .record(url, html, &super::Facets::default())
                .expect("a page with words"),
        );
    }
    let index = bundle.build(&mut Client::default()).unwrap();
    index
        .files
        .into_iter()
        .map(|(name, bytes)| {
            let bytes = unzip(&name, &bytes);
            (name, bytes)
        })
        .filter(|(n, _)| n.contains(".pf_") || n == "pagefind-entry.json")
        .collect()
}

#[test]
fn the_index_is_byte_for_byte_pagefinds() {
    for lang in ["/pt-br/", "/zh-cn/"] {
        let mut pages: Vec<_> = pages()
            .into_iter()
            .filter(|(u, _)| u.starts_with(lang))
            .collect();
        pages.sort();
        let theirs = pagefind_files(&pages);
        let ours = ajuda_files(&pages);
        assert_eq!(
            ours.keys().collect::<Vec<_>>(),
            theirs.keys().collect::<Vec<_>>(),
            "{lang}"
        );
        for (name, bytes) in &theirs {
            if name == "pagefind-entry.json" {
                let a: serde_json::Value = serde_json::from_slice(bytes).unwrap();
                let b: serde_json::Value = serde_json::from_slice(&ours[name]).unwrap();
                assert_eq!(a, b);
            } else {
                assert!(
                    &ours[name] == bytes,
                    "{lang}{name} differs:\nours:   {}\ntheirs: {}",
                    String::from_utf8_lossy(&ours[name]),
                    String::from_utf8_lossy(bytes)
                );
            }
        }
    }
}

/// A locale's index holds one posting per word of each of its pages until it is written,
/// and two locales' indexes can be alive at once (one built while the next is merged): 48
/// bytes, with up to four locations inline (most words on a page) and no allocation.
#[test]
fn a_posting_stays_small() {
    assert!(std::mem::size_of::<super::cbor::PackedPage>() <= 48);
}
