//! Bad input, one tiny site per case: hostile contributors (symlinks out of the site, FIFOs,
//! exponential TOCs, script in FAQ text, `javascript:` links) and unlucky ones (unclosed front
//! matter, wrong field types, names that collide). Each case runs the real `ajuda` binary,
//! with a time limit, and asserts the diagnostic's kind, file and line and the exit status;
//! fatal cases also assert that the previous output is byte-for-byte untouched.

mod bounds;
mod confinement;
mod fatal;
mod live_site;
mod operators;
mod silent;
mod silent_maps;
mod unsafe_output;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// No case may take longer than this: a hang or an exponential blow-up fails the test.
const TIME_LIMIT: Duration = Duration::from_secs(30);

pub struct Site {
    pub tmp: tempfile::TempDir,
}

impl Site {
    /// A site folder holding `files` (path, content).
    pub fn new(files: &[(&str, &str)]) -> Site {
        let site = Site {
            tmp: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(site.root()).unwrap();
        for (path, text) in files {
            site.write(path, text.as_bytes());
        }
        site
    }

    pub fn root(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    pub fn out(&self) -> PathBuf {
        self.tmp.path().join("out")
    }

    pub fn write(&self, path: &str, bytes: &[u8]) {
        let p = self.root().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// `ln -s target site/path`.
    pub fn symlink(&self, target: impl AsRef<Path>, path: &str) {
        let p = self.root().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, p).unwrap();
    }

    pub fn fifo(&self, path: &str) {
        let p = self.root().join(path);
        rustix::fs::mkfifoat(rustix::fs::CWD, &p, rustix::fs::Mode::from_raw_mode(0o644)).unwrap();
    }

    /// `ajuda build --format json` on the site, into `out()`.
    pub fn build(&self, extra: &[&str]) -> Run {
        let root = self.root();
        let out = self.out();
        let mut args = vec![
            "build",
            "--format",
            "json",
            "--root",
            root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        run(&args)
    }

    /// Every output file and its bytes (symlinks as their target).
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(self.out())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .map(|e| {
                let rel = e.path().strip_prefix(self.out()).unwrap();
                let bytes = if e.file_type().is_symlink() {
                    std::fs::read_link(e.path())
                        .unwrap()
                        .to_string_lossy()
                        .into_owned()
                        .into_bytes()
                } else {
                    std::fs::read(e.path()).unwrap()
                };
                (rel.to_string_lossy().into_owned(), bytes)
            })
            .collect()
    }

    pub fn output(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel))
            .unwrap_or_else(|e| panic!("no output file {rel}: {e}"))
    }
}

pub struct Run {
    pub code: i32,
    pub diagnostics: Vec<Value>,
    pub stderr: String,
    /// The build's peak resident memory as last seen (polled while it runs), in KiB.
    pub peak_kib: u64,
}

/// A process's peak resident memory so far (`VmHWM`), in KiB; 0 when unknown.
fn peak_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Runs the `ajuda` binary with a time limit.
pub fn run(args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ajuda"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read both pipes while the build runs: a big report would otherwise fill a pipe and
    // block the build.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let start = Instant::now();
    let mut peak = 0;
    let status = loop {
        peak = peak.max(peak_kib(child.id()));
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            panic!("ajuda {args:?} ran for more than {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = stdout.join().unwrap();
    let stderr = stderr.join().unwrap();
    let json: Value =
        serde_json::from_str(String::from_utf8_lossy(&stdout).trim()).unwrap_or(Value::Null);
    Run {
        code: status.code().unwrap_or(-1),
        diagnostics: json["diagnostics"].as_array().cloned().unwrap_or_default(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        peak_kib: peak,
    }
}

impl Run {
    /// The diagnostic of `kind` at `file:line` (line 0: the file as a whole); panics with every
    /// diagnostic when there is none.
    pub fn expect(&self, kind: &str, file: &str, line: u64) -> &Value {
        self.diagnostics
            .iter()
            .find(|d| d["kind"] == kind && d["file"] == file && d["line"] == line)
            .unwrap_or_else(|| {
                panic!(
                    "no {kind} diagnostic at {file}:{line}; got:\n{}\nstderr: {}",
                    self.listing(),
                    self.stderr
                )
            })
    }

    /// Asserts there is no diagnostic of `kind`.
    pub fn none(&self, kind: &str) {
        assert!(
            !self.diagnostics.iter().any(|d| d["kind"] == kind),
            "unexpected {kind} diagnostic:\n{}",
            self.listing()
        );
    }

    pub fn exit(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            code,
            "exit status; diagnostics:\n{}\nstderr: {}",
            self.listing(),
            self.stderr
        );
        self
    }

    fn listing(&self) -> String {
        self.diagnostics
            .iter()
            .map(|d| {
                format!(
                    "  {} {}:{} {}",
                    d["kind"], d["file"], d["line"], d["message"]
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A plain page.
pub fn page(title: &str) -> String {
    format!("---\ntitle: {title}\n---\n# {title}\n\nText.\n")
}
