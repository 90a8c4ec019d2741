//! The theme: Tera templates, static files and UI strings (Fluent), from a folder or from the
//! default theme compiled into the binary; plus the site's own template overrides.

use crate::config::{Config, ThemeSource};
use crate::diag::{Diagnostic, Kind};
use fluent_bundle::{FluentBundle, FluentResource};
use include_dir::{include_dir, Dir};
use std::collections::HashMap;
use std::path::Path;
use walkdir::WalkDir;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub type UiStrings = HashMap<String, String>;

#[derive(Debug, Default, Clone)]
pub struct Theme {
    /// (template name, source), site overrides last so they win.
    pub templates: Vec<(String, String)>,
    /// (path under the theme's `static/`, bytes).
    pub statics: Vec<(String, Vec<u8>)>,
    /// Locale code → Fluent source.
    pub strings: Vec<(String, String)>,
}

pub(crate) fn load(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = Theme::default();
    let mut diags = Vec::new();
    match &config.theme {
        ThemeSource::Builtin => {
            for f in all_files(&BUILTIN) {
                let path = f.path().to_string_lossy().replace('\\', "/");
                add_file(&mut theme, &path, f.contents().to_vec(), &mut diags);
            }
        }
        ThemeSource::Dir(dir) => read_dir_into(&mut theme, dir, "", config, &mut diags),
    }
    if let Some(dir) = &config.templates_dir {
        read_dir_into(&mut theme, dir, "templates/", config, &mut diags);
    }
    if diags.is_empty() {
        Ok(theme)
    } else {
        Err(diags)
    }
}

fn all_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut out: Vec<&include_dir::File> = dir.files().collect();
    for d in dir.dirs() {
        out.extend(all_files(d));
    }
    out
}

/// Theme files (templates, CSS, fonts, images) are bounded more loosely than text sources.
const MAX_THEME_FILE: u64 = 64 << 20;

fn read_dir_into(
    theme: &mut Theme,
    dir: &Path,
    prefix: &str,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) {
    let confinement = config
        .theme_confinement()
        .refusing(config.ignore.clone(), std::iter::empty());
    let mut it = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = it.next() {
        let Ok(entry) = entry else { continue };
        let path = entry.path().display().to_string();
        // The theme folder itself included: a theme found inside the site is content too.
        if entry.path_is_symlink() || entry.depth() == 0 {
            // The theme folder is named by the config, so it may be called anything; links in
            // it must not lead to what the ignore rules refuse (`.git/config`, `.env`).
            let checked = if entry.depth() == 0 {
                confinement.check_inside(entry.path())
            } else {
                confinement.check(entry.path())
            };
            if let Err(why) = checked {
                diags.push(Diagnostic::new(
                    why.kind(),
                    path,
                    format!("theme link is not followed: {why}"),
                ));
                if entry.file_type().is_dir() {
                    it.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = crate::fsx::rel_path(dir, entry.path());
        match crate::fsx::read_bounded(entry.path(), MAX_THEME_FILE) {
            Ok(bytes) => add_file(theme, &format!("{prefix}{rel}"), bytes, diags),
            Err(e) => diags.push(Diagnostic::new(Kind::Io, path, format!("theme file: {e}"))),
        }
    }
}

fn add_file(theme: &mut Theme, path: &str, bytes: Vec<u8>, diags: &mut Vec<Diagnostic>) {
    let text = |bytes: Vec<u8>, diags: &mut Vec<Diagnostic>| match String::from_utf8(bytes) {
        Ok(t) => Some(t),
        Err(_) => {
            diags.push(Diagnostic::new(
                Kind::Encoding,
                path,
                "theme file is not UTF-8",
            ));
            None
        }
    };
    if let Some(name) = path.strip_prefix("templates/") {
        if let Some(t) = text(bytes, diags) {
            theme.templates.retain(|(n, _)| n != name);
            theme.templates.push((name.to_string(), t));
        }
    } else if let Some(name) = path.strip_prefix("static/") {
        theme.statics.push((name.to_string(), bytes));
    } else if let Some(name) = path
        .strip_prefix("i18n/")
        .and_then(|n| n.strip_suffix(".ftl"))
    {
        if let Some(t) = text(bytes, diags) {
            theme.strings.push((name.to_string(), t));
        }
    }
}

/// UI strings for `locale`: its Fluent file over the `en-US` one, message ids with `-` turned
/// into `_` for templates. Broken Fluent entries are diagnostics; the rest still loads.
pub fn ui_strings(theme: &Theme, locale: &str) -> (UiStrings, Vec<Diagnostic>) {
    let mut out = UiStrings::new();
    let mut diags = Vec::new();
    let lang = locale
        .split('-')
        .next()
        .unwrap_or(locale)
        .to_ascii_lowercase();
    let mut order: Vec<&(String, String)> = Vec::new();
    let find = |pred: &dyn Fn(&str) -> bool| theme.strings.iter().find(|(c, _)| pred(c));
    if let Some(f) = find(&|c| c.eq_ignore_ascii_case("en-US")) {
        order.push(f);
    }
    // Same language, other region (`pt-PT` for `pt-BR`) before the exact match.
    if let Some(f) = find(&|c| {
        c.split('-')
            .next()
            .is_some_and(|l| l.eq_ignore_ascii_case(&lang))
            && !c.eq_ignore_ascii_case(locale)
    }) {
        order.push(f);
    }
    if let Some(f) = find(&|c| c.eq_ignore_ascii_case(locale)) {
        order.push(f);
    }
    for (code, src) in order {
        let file = format!("i18n/{code}.ftl");
        let res = match FluentResource::try_new(src.clone()) {
            Ok(r) => r,
            Err((r, errs)) => {
                for e in errs {
                    let (line, col) = crate::diag::line_col(src, e.pos.start);
                    diags.push(
                        Diagnostic::new(Kind::Template, &file, format!("Fluent: {}", e.kind))
                            .at(line, col),
                    );
                }
                r
            }
        };
        let langid: unic_langid::LanguageIdentifier = code.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new(vec![langid]);
        bundle.set_use_isolating(false);
        let ids: Vec<String> = res
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect();
        // A message that selects on a number (`{ $count -> [one] ... *[other] ... }`) cannot be
        // formatted without it: its variants go to the theme's script, which picks one with
        // `Intl.PluralRules` (`{n}` standing for the number).
        let mut selects = Vec::new();
        for e in res.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = e {
                if let Some(forms) = m.value.as_ref().and_then(plural_forms) {
                    selects.push((m.id.name.replace('-', "_"), forms));
                }
            }
        }
        let _ = bundle.add_resource(res);
        for (id, forms) in selects {
            out.insert(id, forms);
        }
        for id in ids {
            let Some(msg) = bundle.get_message(&id) else {
                continue;
            };
            let Some(pattern) = msg.value() else { continue };
            if out
                .get(&id.replace('-', "_"))
                .is_some_and(|v| v.starts_with("{\""))
            {
                continue;
            }
            let mut errors = Vec::new();
            let value = bundle.format_pattern(pattern, None, &mut errors);
            out.insert(id.replace('-', "_"), value.into_owned());
        }
    }
    (out, diags)
}

/// The variants of a message that is one select on a variable, as a JSON object (`{"one":
/// "{n} result", "other": "{n} results"}`; a number key as `"=0"`), the variable written `{n}`.
fn plural_forms(pattern: &fluent_syntax::ast::Pattern<&str>) -> Option<String> {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement, VariantKey};
    let [PatternElement::Placeable {
        expression:
            Expression::Select {
                selector: InlineExpression::VariableReference { .. },
                variants,
            },
    }] = pattern.elements.as_slice()
    else {
        return None;
    };
    let mut forms = serde_json::Map::new();
    for v in variants {
        let key = match &v.key {
            VariantKey::Identifier { name } => name.to_string(),
            VariantKey::NumberLiteral { value } => format!("={value}"),
        };
        let mut text = String::new();
        for el in &v.value.elements {
            match el {
                PatternElement::TextElement { value } => text.push_str(value),
                PatternElement::Placeable {
                    expression: Expression::Inline(InlineExpression::VariableReference { .. }),
                } => text.push_str("{n}"),
                PatternElement::Placeable { .. } => return None,
            }
        }
        if v.default {
            forms.insert("other".into(), text.clone().into());
        }
        forms.insert(key, text.into());
    }
    Some(serde_json::Value::Object(forms).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_fall_back_to_english() {
        let theme = Theme {
            strings: vec![
                (
                    "en-US".into(),
                    "alert-note = Note\nalert-tip = Tip\n".into(),
                ),
                ("pt-BR".into(), "alert-note = Observação\n".into()),
            ],
            ..Default::default()
        };
        let (s, d) = ui_strings(&theme, "pt-BR");
        assert!(d.is_empty());
        assert_eq!(s["alert_note"], "Observação");
        assert_eq!(s["alert_tip"], "Tip");
    }

    /// Every UI string of the default theme is translated in every locale it ships: a
    /// message missing in one locale would show English there.
    #[test]
    fn builtin_strings_are_complete_in_every_locale() {
        let ids = |src: &str| -> std::collections::BTreeSet<String> {
            let res = FluentResource::try_new(src.to_string()).expect("valid Fluent");
            res.entries()
                .filter_map(|e| match e {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                    _ => None,
                })
                .collect()
        };
        let files: Vec<_> = BUILTIN
            .get_dir("i18n")
            .expect("i18n/")
            .files()
            .map(|f| {
                (
                    f.path().to_string_lossy().into_owned(),
                    f.contents_utf8().unwrap(),
                )
            })
            .collect();
        let english = ids(files
            .iter()
            .find(|(p, _)| p.ends_with("en-US.ftl"))
            .expect("en-US.ftl")
            .1);
        assert!(english.len() > 20);
        for (path, src) in &files {
            assert_eq!(ids(src), english, "{path} differs from en-US.ftl");
        }
        // Each translation places the same variables: one that drops `$date_html` would
        // lose the date.
        let english = variables(
            files
                .iter()
                .find(|(p, _)| p.ends_with("en-US.ftl"))
                .unwrap()
                .1,
        );
        assert!(english.contains(&("last-updated".into(), "date_html".into())));
        for (path, src) in &files {
            assert_eq!(
                variables(src),
                english,
                "{path}: variables differ from en-US.ftl"
            );
        }
    }

    /// (message id, variable) of every variable a Fluent file's messages place.
    fn variables(src: &str) -> std::collections::BTreeSet<(String, String)> {
        use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement};
        fn walk(
            p: &Pattern<&str>,
            id: &str,
            out: &mut std::collections::BTreeSet<(String, String)>,
        ) {
            for el in &p.elements {
                let PatternElement::Placeable { expression } = el else {
                    continue;
                };
                match expression {
                    Expression::Inline(InlineExpression::VariableReference { id: v }) => {
                        out.insert((id.to_string(), v.name.to_string()));
                    }
                    Expression::Select { selector, variants } => {
                        if let InlineExpression::VariableReference { id: v } = selector {
                            out.insert((id.to_string(), v.name.to_string()));
                        }
                        for variant in variants {
                            walk(&variant.value, id, out);
                        }
                    }
                    Expression::Inline(_) => {}
                }
            }
        }
        let res = FluentResource::try_new(src.to_string()).expect("valid Fluent");
        let mut out = std::collections::BTreeSet::new();
        for e in res.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = e {
                if let Some(v) = &m.value {
                    walk(v, m.id.name, &mut out);
                }
            }
        }
        out
    }

    #[test]
    fn builtin_theme_has_templates() {
        let mut t = Theme::default();
        let mut d = Vec::new();
        for f in all_files(&BUILTIN) {
            add_file(
                &mut t,
                &f.path().to_string_lossy(),
                f.contents().to_vec(),
                &mut d,
            );
        }
        assert!(t.templates.iter().any(|(n, _)| n == "article.html"));
    }
}
