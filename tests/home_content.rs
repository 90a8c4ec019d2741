//! The help-center home and related articles on content without navigation: cards named
//! by the content, the "all articles" page, related articles by what pages say.

mod common;

use ajuda::diag::Severity;
use common::{build_root, related, site};

/// A home card is named in the locale's language: the TOC's single root, else the folder's
/// own index page, else its docset's `_appTitle`; only then the folder name, tidied, with a note.
#[test]
fn home_cards_are_named_by_the_content_not_the_folder() {
    let two_roots = "- name: Um\n  href: a.md\n- name: Dois\n  href: b.md\n";
    let tmp = site(&[
        ("cobranca-ajuda/TOC.yml", two_roots),
        ("cobranca-ajuda/index.md", "---\ntitle: Cobrança e faturas\n---\n# Cobrança e faturas\n"),
        ("cobranca-ajuda/a.md", "# A\n"),
        ("cobranca-ajuda/b.md", "# B\n"),
        ("portal/docfx.json", "{\"build\": {\"content\": [{\"files\": [\"**/*.md\", \"**/*.yml\"]}], \"globalMetadata\": {\"_appTitle\": \"Portal do parceiro\"}}}"),
        ("portal/TOC.yml", two_roots),
        ("portal/a.md", "# A\n"),
        ("portal/b.md", "# B\n"),
        ("partner-support/TOC.yml", two_roots),
        ("partner-support/a.md", "# A\n"),
        ("partner-support/b.md", "# B\n"),
    ]);
    let b = build_root(tmp.path());
    let home = b.file("en-us/index.html");
    for title in [
        "Cobrança e faturas",
        "Portal do parceiro",
        "Partner support",
    ] {
        assert!(
            home.contains(&format!("<h2>{title}</h2>")),
            "{title}: {home}"
        );
    }
    let notes: Vec<_> = b
        .report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("home page's card"))
        .collect();
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert_eq!(notes[0].file, "partner-support/TOC.yml");
    assert_eq!(notes[0].severity, Severity::Note);
}

/// Flat content (no TOC, one service and topic for all, as in-product support articles are):
/// each page's related articles are the ones about the same thing, so lists differ.
#[test]
fn related_articles_follow_what_pages_say() {
    let topics = [
        ("senha", "Redefinir a senha", "Para redefinir a senha da conta, abra as configurações de segurança e escolha uma nova senha forte."),
        ("senha", "Senha expirada", "Quando a senha expira, o portal pede uma nova senha no próximo acesso à conta."),
        ("senha", "Senha esquecida", "Se esqueceu a senha, use a opção de recuperação de senha com o telefone da conta."),
        ("fatura", "Baixar a fatura", "A fatura mensal fica na área de cobrança; baixe a fatura em PDF ou CSV."),
        ("fatura", "Fatura com valor errado", "Se o valor da fatura parece errado, compare a fatura com o uso do mês na cobrança."),
        ("fatura", "Pagar a fatura", "Pague a fatura com cartão ou boleto antes do vencimento indicado na cobrança."),
        ("impressora", "Instalar a impressora", "Conecte a impressora à rede e instale o driver da impressora no computador."),
        ("impressora", "Impressora offline", "Quando a impressora aparece offline, reinicie a impressora e verifique a rede."),
    ];
    let mut files: Vec<(String, String)> = Vec::new();
    for (i, (_, title, body)) in topics.iter().enumerate() {
        files.push((
            format!("artigo-{i}.md"),
            format!("---\ntitle: {title}\nms.service: office\nms.topic: article\nms.contentlocale: pt-BR\nROBOTS: NOINDEX, NOFOLLOW\n---\n# {title}\n\n{body}\n"),
        ));
    }
    let tmp = common::site_of(&files);
    let b = build_root(tmp.path());
    let mut lists = std::collections::BTreeSet::new();
    for (i, (topic, _, _)) in topics.iter().enumerate() {
        let list = related(&b, &format!("pt-br/artigo-{i}/index.html"));
        // Its fellows come first, whatever the page order.
        let fellows = topics.iter().filter(|t| t.0 == *topic).count() - 1;
        let first_two: Vec<usize> = list
            .match_indices("/pt-br/artigo-")
            .take(fellows)
            .map(|(at, m)| {
                list[at + m.len()..]
                    .split('/')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap()
            })
            .collect();
        for j in first_two {
            assert_eq!(topics[j].0, *topic, "page {i}: {list}");
        }
        lists.insert(list);
    }
    assert_eq!(lists.len(), topics.len(), "every page has its own list");
}

/// Articles no TOC reaches are listed by folder on `/<prefix>/all-articles/`, and the home page
/// has a card that links to each group.
#[test]
fn articles_no_toc_reaches_get_an_all_articles_page() {
    let tmp = site(&[
        ("guides/TOC.yml", "- name: Start\n  href: start.md\n"),
        ("guides/start.md", "# Start\n"),
        (
            "excel/index.md",
            "---\ntitle: Planilhas\n---\n# Planilhas\n",
        ),
        (
            "excel/formulas.md",
            "---\ntitle: Fórmulas\ndescription: Somar colunas.\n---\n# Fórmulas\n",
        ),
        ("excel/charts.md", "# Gráficos\n"),
        (
            "outlook/rules.md",
            "---\nROBOTS: NOINDEX\n---\n# Regras de email\n",
        ),
        ("loose.md", "# Solto\n"),
    ]);
    let b = build_root(tmp.path());
    let all = b.file("en-us/all-articles/index.html");
    let content = &all[all.find("<div class=\"content all-articles\">").unwrap()..];
    for want in [
        "<h2 id=\"excel\">Planilhas</h2>",
        "<ul>\n<li><a href=\"/en-us/excel/formulas/\">Fórmulas</a> <span class=\"all-articles-description\">Somar colunas.</span></li>\n<li><a href=\"/en-us/excel/charts/\">Gráficos</a></li>\n</ul>",
        "<h2 id=\"outlook\">Outlook</h2>",
        "<li><a href=\"/en-us/outlook/rules/\">Regras de email</a></li>",
        "<li><a href=\"/en-us/loose/\">Solto</a></li>",
    ] {
        assert!(content.contains(want), "{want}\n{content}");
    }
    assert!(
        !content.contains("/en-us/guides/start/"),
        "a TOC reaches it"
    );
    assert!(
        !content.contains("<a href=\"/en-us/excel/\">"),
        "the index page names the group"
    );
    assert!(
        content.find("id=\"outlook\"").unwrap() < content.find("id=\"top\"").unwrap(),
        "pages at the root last"
    );
    let home = b.file("en-us/index.html");
    assert!(
        home.contains("<li><a href=\"/en-us/all-articles/#excel\">Planilhas</a></li>"),
        "{home}"
    );
}
