//! The output folder always holds one whole site: builds killed at any moment (SIGINT,
//! SIGTERM, SIGKILL) and builds run at the same time never leave a mix of two builds. Each
//! build stamps its id into every page (`--build-id`), and after every kill the pages must
//! carry exactly one id between them.

use rustix::process::{kill_process, Pid, Signal};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PAGES: usize = 20_000;

/// The two tests time builds and run 20,000-page builds: one at a time, or each skews the
/// other's timing on a 2-core machine.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

struct Big {
    tmp: tempfile::TempDir,
}

impl Big {
    /// A site of `PAGES` small pages in 100 folders, in memory-backed storage when the machine
    /// has it (the test is about ordering, not the disk).
    fn new() -> Big {
        let tmp = match Path::new("/dev/shm").is_dir() {
            true => tempfile::tempdir_in("/dev/shm").unwrap(),
            false => tempfile::tempdir().unwrap(),
        };
        let big = Big { tmp };
        for i in 0..PAGES {
            let dir = big.root().join(format!("s{:02}", i % 100));
            if i < 100 {
                std::fs::create_dir_all(&dir).unwrap();
            }
            std::fs::write(
                dir.join(format!("p{i:05}.md")),
                format!("# Page {i}\n\nSome text for page {i}.\n"),
            )
            .unwrap();
        }
        big
    }

    fn root(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    fn out(&self) -> PathBuf {
        self.tmp.path().join("out")
    }

    fn start(&self, id: &str) -> Child {
        Command::new(env!("CARGO_BIN_EXE_ajuda"))
            .args([
                "build",
                "--quiet",
                "--no-cache",
                "--no-search",
                "--build-id",
                id,
                "--root",
            ])
            .arg(self.root())
            .arg("--output")
            .arg(self.out())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    fn build(&self, id: &str) -> Duration {
        let start = Instant::now();
        let out = self.start(id).wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        start.elapsed()
    }

    /// Build id → number of pages carrying it, over every HTML file of the output.
    fn ids(&self) -> BTreeMap<String, usize> {
        let mut ids = BTreeMap::new();
        for e in walkdir::WalkDir::new(self.out())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        {
            let html = std::fs::read_to_string(e.path()).unwrap();
            let id = html
                .split("<meta name=\"ajuda-build\" content=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or("(none)")
                .to_string();
            *ids.entry(id).or_default() += 1;
        }
        ids
    }

    /// The output holds one whole site: every page, one build id. Returns that id.
    fn assert_whole(&self, context: &str) -> String {
        let ids = self.ids();
        assert_eq!(ids.len(), 1, "{context}: pages of several builds: {ids:?}");
        let (id, n) = ids.into_iter().next().unwrap();
        assert!(n > PAGES, "{context}: only {n} pages");
        id
    }
}

#[test]
fn interrupted_builds_never_leave_a_mixed_site() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let big = Big::new();
    let first = big.build("first");
    big.assert_whole("first build");
    // A killed build leaves its staging folder, which the next build removes first: the
    // builds below start that way, so the one timed here does too. Every page changes in
    // it: the longest an update can take.
    let mut calibrate = big.start("calibrate");
    std::thread::sleep(first.mul_f64(0.9));
    let _ = kill_process(Pid::from_child(&calibrate), Signal::KILL);
    let _ = calibrate.wait();
    let full = big.build("second");
    assert_eq!(big.assert_whole("second build"), "second");
    let mut previous = "second".to_string();
    let mut outcomes: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (name, signal) in [
        ("SIGINT", Signal::INT),
        ("SIGTERM", Signal::TERM),
        ("SIGKILL", Signal::KILL),
    ] {
        for k in 0..10 {
            let id = format!("{name}-{k}");
            let mut child = big.start(&id);
            // Ten moments spread over the whole build, up to a little past its timed length
            // so that the last ones fall in the swap and the deletion of the old site.
            std::thread::sleep(full.mul_f64((k as f64 + 1.0) / 10.0 * 1.1));
            let pid = Pid::from_child(&child);
            let _ = kill_process(pid, signal);
            let status = child.wait().unwrap();
            let now = big.assert_whole(&format!("{id} (exit {status:?})"));
            assert!(
                now == previous || now == id,
                "{id}: the output is from build {now}"
            );
            let o = outcomes.entry(name).or_default();
            if now == id {
                o.1 += 1;
            } else {
                o.0 += 1;
            }
            previous = now;
        }
    }
    // The next build after all of that works and cleans up what the killed ones left.
    big.build("after");
    assert_eq!(big.assert_whole("after the kills"), "after");
    let leftovers: Vec<_> = std::fs::read_dir(big.tmp.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    eprintln!("(killed before the swap, after it) per signal: {outcomes:?}; full rebuild {full:?}");
}

#[test]
fn concurrent_builds_wait_for_each_other() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let big = Big::new();
    big.build("first");
    let a = big.start("A");
    // B starts while A holds the output's lock.
    std::thread::sleep(Duration::from_millis(300));
    let b = big.start("B");
    let a = a.wait_with_output().unwrap();
    let b = b.wait_with_output().unwrap();
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    assert!(
        String::from_utf8_lossy(&b.stderr).contains("waiting for another ajuda build"),
        "B said: {}",
        String::from_utf8_lossy(&b.stderr)
    );
    assert_eq!(big.assert_whole("after two builds"), "B");
}
