//! Page builders of the corpus generator: article, FAQ, TOC and index text, and the prose,
//! code and front-matter pieces they are made of.

use crate::vocab::*;
use crate::{Layout, Locale, Rng, S_FAQ, S_FAQ_TEXT, S_INDEX, S_LINKS, S_STRUCT, S_TEXT};
use std::fmt::Write as _;

/// "Manage billing accounts" -> "manage billing accounts" (titles start with a verb).
fn lcfirst(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn ucfirst(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// YAML double-quoted scalar.
fn yq(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for ch in s.chars() {
        match ch {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            _ => o.push(ch),
        }
    }
    o.push('"');
    o
}

fn sentence(r: &mut Rng, l: Lang) -> String {
    let p = prose(l);
    if r.chance(0.18) {
        return r.pick(p.standalone).to_string();
    }
    let si = r.below(p.subjects.len());
    let v = *r.pick(p.verbs);
    let o = *r.pick(p.objects);
    let ti = r.below(p.tails.len());
    // Subject 10 is the Azure portal and tail 3 is "in the Azure portal" in every language.
    let (s, t) = (
        p.subjects[si],
        p.tails[if si == 10 && ti == 3 { 0 } else { ti }],
    );
    match l {
        Lang::Zh => format!("{s}{t}{v}{o}。"),
        _ => format!("{s} {v} {o}{t}"),
    }
}

fn paragraph(r: &mut Rng, l: Lang, n: usize) -> String {
    let sep = if l == Lang::Zh { "" } else { " " };
    (0..n).map(|_| sentence(r, l)).collect::<Vec<_>>().join(sep)
}

fn link_sentence(r: &mut Rng, l: Lang, title: &str, href: &str) -> String {
    r.pick(prose(l).link_sentences)
        .replace("{t}", title)
        .replace("{h}", href)
}

fn hex(r: &mut Rng, n: usize) -> String {
    let mut s = String::with_capacity(n);
    while s.len() < n {
        write!(s, "{:016x}", r.next_u64()).unwrap();
    }
    s.truncate(n);
    s
}

fn guid(r: &mut Rng) -> String {
    let h = hex(r, 32);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn date(r: &mut Rng) -> (usize, usize, usize) {
    (r.range(1, 12), r.range(1, 28), r.range(2021, 2024))
}

fn code_block(r: &mut Rng) -> String {
    let lang = *r.pick(CODE_LANGS);
    let (m, d, y) = date(r);
    let t = code_template(lang, r.below(2));
    let body = t
        .replace("@SUB@", &format!("{} Production", ucfirst(r.word(WORDS))))
        .replace(
            "@RG@",
            &format!("rg-{}-{:02}", r.pick(WORDS), r.range(1, 40)),
        )
        .replace(
            "@NAME@",
            &format!("{}-budget-{}", r.pick(WORDS), r.range(1, 999)),
        )
        .replace("@AMOUNT@", &format!("{}", r.range(100, 50_000)))
        .replace("@QTY@", &format!("{}", r.range(1, 720)))
        .replace("@USER@", r.word(USERS))
        .replace("@GUID@", &guid(r))
        .replace("@DATE@", &format!("{y}-{m:02}-{d:02}"))
        .replace("@DATE2@", &format!("{}-{m:02}-{d:02}", y + 1));
    format!("```{lang}\n{body}```\n")
}

// ---------------------------------------------------------------------------------------------
// Page builders

fn front_matter(out: &mut String, r: &mut Rng, lay: &Layout, a: usize, loc: &Locale, title: &str) {
    let mut s = Rng::new(lay.seed, &[S_STRUCT, a as u64, 99]);
    let (m, d, y) = date(&mut s);
    let topic = *s.pick(TOPICS);
    let user = *s.pick(USERS);
    let service = SERVICES[lay.folder_of[a] % SERVICES.len()];
    let p = prose(loc.lang);
    let desc = p.learn_how.replace(
        "{t}",
        &if loc.lang == Lang::Zh {
            title.to_string()
        } else {
            lcfirst(title)
        },
    );
    let tt = if r.chance(0.7) { "HT" } else { "MT" };
    let _ = writeln!(out, "---");
    let _ = writeln!(out, "title: {}", yq(title));
    let _ = writeln!(out, "description: {}", yq(&desc));
    let _ = writeln!(out, "ms.date: {m}/{d}/{y}");
    let _ = writeln!(out, "ms.topic: {topic}");
    let _ = writeln!(out, "author: {user}-msft");
    let _ = writeln!(out, "ms.author: {user}");
    let _ = writeln!(out, "ms.service: {service}");
    let _ = writeln!(out, "ms.contentlocale: {}", loc.code);
    let _ = writeln!(out, "ms.translationtype: {tt}");
    let _ = writeln!(out, "ms.openlocfilehash: {}", hex(r, 40));
    let _ = writeln!(
        out,
        "ms.locfileid: \"{}\"",
        r.range(100_000_000, 199_999_999)
    );
    let _ = writeln!(out, "---\n");
}

pub fn article(lay: &Layout, a: usize, loc: &Locale) -> String {
    let l = loc.lang;
    let p = prose(l);
    let folder = lay.folder_of[a];
    let nsec = lay.sections_of(a);
    let title = lay.title(a, l);
    // Structure: same in every locale.
    let mut s = Rng::new(lay.seed, &[S_STRUCT, a as u64, 1]);
    let mut heads: Vec<usize> = (0..HEADINGS.len()).collect();
    for i in 0..nsec - 1 {
        let j = i + s.below(heads.len() - i);
        heads.swap(i, j);
    }
    let body_target = s.range(2700, 3400);
    let alert_sec = s.below(nsec - 1);
    let alert_tip = s.chance(0.5);
    let image_sec = s.below(nsec - 1);
    let image_k = s.range(1, 5);
    let steps_sec = if s.chance(0.5) {
        Some(s.below(nsec - 1))
    } else {
        None
    };
    let table_sec = if s.chance(0.3) {
        Some(s.below(nsec - 1))
    } else {
        None
    };
    let ncode = s.range(1, 2);
    let code_secs: Vec<usize> = (0..ncode).map(|_| s.below(nsec - 1)).collect();
    let code_seed = s.next_u64();
    let self_anchor = if s.chance(0.3) {
        Some(s.range(1, nsec))
    } else {
        None
    };

    // Links: 3-8 distinct targets, half in the same folder when possible.
    let mut lr = Rng::new(lay.seed, &[S_LINKS, a as u64]);
    let nlinks = lr.range(3, 8);
    let mut targets: Vec<(usize, Option<usize>)> = Vec::new();
    let same = lay.articles_in(folder);
    let mut guard = 0;
    while targets.len() < nlinks && guard < 100 {
        guard += 1;
        let t = if same.len() > 1 && lr.chance(0.5) {
            same.start + lr.below(same.len())
        } else {
            lr.below(lay.folder_of.len())
        };
        if t == a || targets.iter().any(|&(x, _)| x == t) {
            continue;
        }
        let anchor = if lr.chance(0.4) {
            Some(lr.range(1, lay.sections_of(t)))
        } else {
            None
        };
        targets.push((t, anchor));
    }
    let ninline = targets.len() / 2;

    // Prose: per locale.
    let mut r = Rng::new(lay.seed, &[S_TEXT, a as u64, loc.idx]);
    let mut out = String::with_capacity(5000);
    front_matter(&mut out, &mut r, lay, a, loc, &title);
    let _ = writeln!(out, "# {title}\n");
    let n = r.range(2, 3);
    let _ = writeln!(out, "{}\n", paragraph(&mut r, l, n));
    let start = out.len();
    let mut cr = Rng::new(code_seed, &[]);
    let mut next_link = 0;
    for sec in 0..nsec - 1 {
        let h = HEADINGS[heads[sec]][l as usize];
        let _ = writeln!(out, "## <a name=\"section-{}\"></a>{h}\n", sec + 1);
        let n = r.range(2, 4);
        let mut para = paragraph(&mut r, l, n);
        if next_link < ninline {
            let (t, anc) = targets[next_link];
            next_link += 1;
            let href =
                lay.href(folder, t) + &anc.map(|k| format!("#section-{k}")).unwrap_or_default();
            para.push_str(if l == Lang::Zh { "" } else { " " });
            para.push_str(&link_sentence(&mut r, l, &lay.title(t, l), &href));
        }
        let _ = writeln!(out, "{para}\n");
        if sec == alert_sec {
            let _ = writeln!(
                out,
                "> [!{}]\n> {}\n",
                if alert_tip { "TIP" } else { "NOTE" },
                paragraph(&mut r, l, 2)
            );
        }
        if steps_sec == Some(sec) {
            let obj = OBJECTS[(a * 7 + sec) % OBJECTS.len()][l as usize];
            for (i, st) in p.steps.iter().enumerate() {
                let _ = writeln!(out, "{}. {}", i + 1, st.replace("{o}", &ucfirst(obj)));
            }
            out.push('\n');
        }
        if sec == image_sec {
            let alt = p
                .image_alt
                .replace("{k}", &image_k.to_string())
                .replace("{t}", &title);
            let _ = writeln!(out, "![{alt}](../../media/diagram-{image_k}.png)\n");
        }
        if table_sec == Some(sec) {
            let _ = writeln!(out, "{}\n| --- | --- | --- |", p.table_head);
            for i in 0..3 {
                let obj = OBJECTS[(a + i * 5) % OBJECTS.len()][l as usize];
                let _ = writeln!(
                    out,
                    "| {} | `{}` | {} |",
                    ucfirst(obj),
                    cr.range(1, 100),
                    sentence(&mut r, l)
                );
            }
            out.push('\n');
        }
        for _ in code_secs.iter().filter(|&&c| c == sec) {
            let _ = writeln!(out, "{}\n\n{}", r.pick(p.code_intro), code_block(&mut cr));
        }
        if let Some(k) = self_anchor.filter(|_| sec == 0) {
            let h = if k == nsec {
                NEXT_STEPS
            } else {
                HEADINGS[heads[k - 1]]
            }[l as usize];
            let _ = match l {
                Lang::En => writeln!(out, "See also [{h}](#section-{k}).\n"),
                Lang::Pt => writeln!(out, "Confira também [{h}](#section-{k}).\n"),
                Lang::Zh => writeln!(out, "另请参阅[{h}](#section-{k})。\n"),
            };
        }
        // Pad this section with prose up to its share of the byte budget.
        let goal = start + body_target * (sec + 1) / (nsec - 1);
        while out.len() < goal {
            let n = r.range(2, 4);
            let _ = writeln!(out, "{}\n", paragraph(&mut r, l, n));
        }
    }
    let _ = writeln!(
        out,
        "## <a name=\"section-{nsec}\"></a>{}\n",
        NEXT_STEPS[l as usize]
    );
    for &(t, anc) in &targets[next_link..] {
        let href = lay.href(folder, t) + &anc.map(|k| format!("#section-{k}")).unwrap_or_default();
        let _ = writeln!(out, "- [{}]({href})", lay.title(t, l));
    }
    out
}

pub fn faq(lay: &Layout, f: usize, loc: &Locale) -> String {
    let l = loc.lang;
    let p = prose(l);
    let area = lay.area_name(f, l);
    let mut s = Rng::new(lay.seed, &[S_FAQ, f as u64]);
    let (m, d, y) = date(&mut s);
    let arts: Vec<usize> = lay.articles_in(f).collect();
    let mut r = Rng::new(lay.seed, &[S_FAQ_TEXT, f as u64, loc.idx]);
    let title = p.faq_title.replace("{a}", &area);
    let mut o = String::with_capacity(3000);
    let _ = writeln!(o, "### YamlMime:FAQ");
    let _ = writeln!(o, "metadata:");
    let _ = writeln!(o, "  title: {}", yq(&title));
    let _ = writeln!(o, "  ms.date: {m}/{d}/{y}");
    let _ = writeln!(o, "  ms.contentlocale: {}", loc.code);
    let _ = writeln!(o, "title: {}", yq(&title));
    let _ = writeln!(
        o,
        "summary: |\n  {} {}",
        p.faq_summary.replace("{a}", &area),
        sentence(&mut r, l)
    );
    let _ = writeln!(o, "sections:");
    let _ = writeln!(o, "  - name: {}", yq(p.faq_section));
    let _ = writeln!(o, "    questions:");
    for q in 0..4 {
        let t = arts[(q * 5 + s.below(5)) % arts.len()];
        let tt = lay.title(t, l);
        let qt = p.faq_q.replace(
            "{t}",
            &if l == Lang::Zh {
                tt.clone()
            } else {
                lcfirst(&tt)
            },
        );
        let _ = writeln!(o, "      - question: {}", yq(&qt));
        let _ = writeln!(o, "        answer: |");
        let _ = writeln!(o, "          {}", paragraph(&mut r, l, 2));
        let _ = writeln!(
            o,
            "          {}",
            link_sentence(&mut r, l, &tt, &lay.href(f, t))
        );
    }
    o
}

pub fn toc(lay: &Layout, loc: &Locale) -> String {
    let l = loc.lang;
    let mut o = String::new();
    let home = match l {
        Lang::En => "Overview",
        Lang::Pt => "Visão geral",
        Lang::Zh => "概述",
    };
    let _ = writeln!(o, "- name: {}\n  href: index.md", yq(home));
    for f in 0..lay.folders() {
        let _ = writeln!(o, "- name: {}\n  items:", yq(&lay.area_name(f, l)));
        for a in lay.articles_in(f) {
            let _ = writeln!(
                o,
                "  - name: {}\n    href: {}",
                yq(&lay.title(a, l)),
                lay.rel_path(a)
            );
        }
        let faq = match l {
            Lang::En => "FAQ",
            Lang::Pt => "Perguntas frequentes",
            Lang::Zh => "常见问题",
        };
        let _ = writeln!(
            o,
            "  - name: {}\n    href: area-{:03}/faq.yml",
            yq(faq),
            f + 1
        );
    }
    o
}

pub fn index(lay: &Layout, loc: &Locale) -> String {
    let l = loc.lang;
    let p = prose(l);
    let mut r = Rng::new(lay.seed, &[S_INDEX, loc.idx]);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "---\ntitle: {}\ndescription: {}\nms.date: 1/15/2024\nms.topic: landing-page",
        yq(p.home),
        yq(p.home_intro)
    );
    let _ = writeln!(o, "ms.contentlocale: {}\n---\n", loc.code);
    let _ = writeln!(
        o,
        "# {}\n\n{} {}\n\n## {}\n",
        p.home,
        p.home_intro,
        sentence(&mut r, l),
        p.areas
    );
    for f in 0..lay.folders() {
        let a = lay.folder_start[f];
        let _ = writeln!(
            o,
            "- [{}]({}): {}",
            lay.area_name(f, l),
            lay.rel_path(a),
            lay.title(a, l)
        );
    }
    o
}
