//! The DocFX dialect: `markdown::render` on arbitrary (lossy UTF-8) Markdown, normalized first
//! as the loader does (BOM, CRLF). Links resolve to themselves, and every include or code-sample
//! path is served the input itself, so nested includes, the depth limit and cycles get exercised.
#![no_main]

use ajuda::markdown::highlight::Highlighter;
use ajuda::markdown::prepass::FragmentSource;
use ajuda::markdown::slug::Slugger;
use ajuda::markdown::{self, Env};
use ajuda::model::Md;
use ajuda::resolve::Verbatim;
use libfuzzer_sys::fuzz_target;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::LazyLock;
use typed_arena::Arena;


/// Serves `text` for any path, under that path's own name (so cycle detection sees real paths),
/// `MAX_SERVED` times per input; then every path is missing.
///
/// Without that cap, a few includes with relative paths (`a/x.md` from `a/x.md` is `a/a/x.md`,
/// a new path each level) make a tree of fan-out F and depth 10 (the include depth limit), F^10
/// copies of the input: a 261-byte page took 3.5 s and 460 MB under ASan, so the fuzzer would
/// only find that. Real sites only have the files they have; the blow-up is reported apart.
struct SelfSource<'t> {
    text: &'t str,
    names: Arena<u8>,
    served: Cell<usize>,
}

const MAX_SERVED: usize = 64;

impl FragmentSource for SelfSource<'_> {
    fn fragment(&self, rel: &str) -> Option<(&str, &str)> {
        let n = self.served.get();
        if n >= MAX_SERVED {
            return None;
        }
        self.served.set(n + 1);
        Some((self.names.alloc_str(rel), self.text))
    }
    fn fragment_names(&self) -> Vec<&str> {
        vec!["includes/snippet.md"]
    }
}

static UI: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let theme = ajuda::theme::Theme {
        strings: vec![(
            "en-US".into(),
            include_str!("../../themes/default/i18n/en-US.ftl").into(),
        )],
        ..Default::default()
    };
    ajuda::theme::ui_strings(&theme, "en-US").0
});

thread_local! {
    /// (uses, highlighter): its cache is replaced now and then so memory stays flat.
    static HIGHLIGHTER: RefCell<(usize, Highlighter)> = RefCell::new((0, Highlighter::new()));
}

fuzz_target!(|data: &[u8]| {
    let text = ajuda::fsx::normalize_text(String::from_utf8_lossy(data).into_owned());
    let source = SelfSource {
        text: &text,
        names: Arena::new(),
        served: Cell::new(0),
    };
    HIGHLIGHTER.with(|h| {
        let mut h = h.borrow_mut();
        h.0 += 1;
        if h.0 % 2000 == 0 {
            h.1 = Highlighter::new();
        }
        let env = Env {
            locale: 0,
            resolver: &Verbatim,
            fragments: &source,
            highlighter: &h.1,
            ui: &UI,
            escape_html: false,
            images: None,
        };
        // As an article (first H1 taken out) in a folder, so `../` paths resolve.
        let md = Md::new(text.clone(), 1);
        let mut ids = Slugger::default();
        let r = markdown::render(&md, "docs/fuzz.md", &env, &mut ids, true);
        std::hint::black_box(&r);
        // And as a fragment (FAQ answer, landing text): the H1 stays.
        source.served.set(0);
        let mut ids = Slugger::default();
        std::hint::black_box(markdown::render(&md, "docs/fuzz.md", &env, &mut ids, false));
    });
});
