//! `ajuda init DIR`: a new site with a config, a TOC and one article per locale.

use std::io;
use std::path::Path;

const CONFIG: &str = r#"title = "My Help Center"
base_url = "https://support.example.com"
default_locale = "en-US"

[[locales]]
code = "en-US"
name = "English"
dir = "content/en-us"
prefix = "en-us"

[[locales]]
code = "pt-BR"
name = "Português (Brasil)"
dir = "content/pt-br"
prefix = "pt-br"

# Where readers go when an article does not solve their problem: replace the URL with your
# support desk's form; {locale}, {page}, {title} and {url} are filled from the page.
[flows.contact]
label = { en-US = "Contact support", pt-BR = "Falar com o suporte" }
url = "https://support.example.com/requests/new?lang={locale}&article={page}"

[support]
default_flow = "contact"
"#;

struct LocaleFiles {
    dir: &'static str,
    toc: &'static str,
    article: &'static str,
}

const LOCALES: &[LocaleFiles] = &[
    LocaleFiles {
        dir: "content/en-us/docs",
        toc: "- name: Getting started\n  href: getting-started.md\n",
        article: "---\ntitle: Getting started\ndescription: Your first article.\nms.date: 01/15/2026\nms.topic: how-to\nms.contentlocale: en-US\n---\n\n# Getting started\n\nWrite your articles in Markdown, one file per article.\n\n> [!TIP]\n> Add each new article to `TOC.yml` so readers find it.\n\n## <a name=\"next-steps\"></a>Next steps\n\nRun `ajuda serve` and edit this file.\n",
    },
    LocaleFiles {
        dir: "content/pt-br/docs",
        toc: "- name: Introdução\n  href: getting-started.md\n",
        article: "---\ntitle: Introdução\ndescription: Seu primeiro artigo.\nms.date: 01/15/2026\nms.topic: how-to\nms.contentlocale: pt-BR\nms.translationtype: HT\n---\n\n# Introdução\n\nEscreva seus artigos em Markdown, um arquivo por artigo.\n\n> [!TIP]\n> Adicione cada artigo novo ao `TOC.yml` para que os leitores o encontrem.\n\n## <a name=\"next-steps\"></a>Próximas etapas\n\nExecute `ajuda serve` e edite este arquivo.\n",
    },
];

/// Writes the new site; refuses to overwrite an existing `ajuda.toml`.
pub fn init(dir: &Path) -> io::Result<()> {
    let config = dir.join(crate::config::CONFIG_FILE);
    if config.exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} already exists", config.display()),
        ));
    }
    for l in LOCALES {
        let d = dir.join(l.dir);
        std::fs::create_dir_all(&d)?;
        std::fs::write(d.join("TOC.yml"), l.toc)?;
        std::fs::write(d.join("getting-started.md"), l.article)?;
    }
    // What a build leaves beside the sources: the output, its twin and lock, the cache.
    let ignore = dir.join(".gitignore");
    let existing = match std::fs::read_to_string(&ignore) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    std::fs::write(ignore, with_ignored(&existing))?;
    std::fs::write(config, CONFIG)
}

/// What a build writes beside the sources, never to be committed.
const IGNORED: [&str; 3] = ["public/", ".public.ajuda-*", ".ajuda-cache/"];

/// A `.gitignore`'s text with each of [`IGNORED`] it lacks added at the end (a line that
/// names the same folder with a leading or without the trailing `/` counts).
fn with_ignored(existing: &str) -> String {
    let has = |entry: &str| {
        let bare = entry.trim_end_matches('/');
        existing.lines().any(|l| {
            let l = l.trim().trim_start_matches('/');
            l == entry || l == bare
        })
    };
    let missing: Vec<&str> = IGNORED.into_iter().filter(|e| !has(e)).collect();
    let mut out = existing.to_string();
    if missing.is_empty() {
        return out;
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if !out.is_empty() {
        out.push_str("# ajuda: the built site, its twin and lock, the cache\n");
    }
    for e in missing {
        out.push_str(e);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::with_ignored;

    #[test]
    fn a_gitignore_gets_only_what_it_lacks() {
        assert_eq!(
            with_ignored(""),
            "public/\n.public.ajuda-*\n.ajuda-cache/\n"
        );
        assert_eq!(
            with_ignored("target\n/public\n"),
            "target\n/public\n# ajuda: the built site, its twin and lock, the cache\n.public.ajuda-*\n.ajuda-cache/\n"
        );
        let full = "node_modules/\npublic/\n.public.ajuda-*\n.ajuda-cache/\n";
        assert_eq!(with_ignored(full), full);
        assert!(with_ignored("a").starts_with("a\n#"));
    }
}
