//! `ajuda serve`: wiring only. The builder ([`ajuda::serve::session`]) runs on its own thread,
//! the watcher feeds it, and axum serves what it publishes, from memory.

use super::build::Verbosity;
use super::SiteArgs;
use ajuda::serve::{http, session, watch, Served};
use std::net::{SocketAddr, ToSocketAddrs};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

pub struct ServeArgs<'a> {
    pub site: &'a SiteArgs,
    pub bind: &'a str,
    pub port: u16,
    pub open: bool,
}

/// `--bind`: an IP address (`::1`, `[::1]`, `0.0.0.0`) or a host name (`localhost`).
fn address(bind: &str, port: u16) -> Result<SocketAddr, String> {
    let host = bind.trim_start_matches('[').trim_end_matches(']');
    (host, port)
        .to_socket_addrs()
        .map_err(|e| format!("bad address {bind}: {e}"))?
        .next()
        .ok_or_else(|| format!("{bind} has no address"))
}

pub fn run(a: &ServeArgs, v: Verbosity) -> ExitCode {
    let args = a.site;
    let addr = match address(a.bind, a.port) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: serving on {addr}, which is not a loopback address: other machines can read the site, drafts included"
        );
    }
    let root = args.root();
    let overrides = ajuda::config::Overrides {
        base_url: args.base_url.clone(),
    };
    let config_file = args
        .config
        .clone()
        .unwrap_or_else(|| root.join(ajuda::config::CONFIG_FILE));
    let config = ajuda::config::Config::load(&root, args.config.as_deref(), &overrides).ok();
    let sources = match &config {
        Some(c) => watch::sources(c, &config_file),
        None => vec![(root.clone(), true)],
    };
    let served = Arc::new(Served::default());
    let (tx, rx) = std::sync::mpsc::channel();
    // Watching starts before the first build: nothing saved meanwhile is missed.
    // What a build would write: never a source, even inside the root.
    let output = args.output.clone().unwrap_or_else(|| {
        config
            .as_ref()
            .map_or(root.clone(), |c| c.root.clone())
            .join("public")
    });
    let watcher = match watch::Watch::start(&sources, &config_file, &[output], tx) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!("warning: {e}; pages will not rebuild on changes");
            None
        }
    };
    let session_args = session::Args {
        root,
        config: args.config.clone(),
        overrides,
        output: args.output.clone(),
        build_id: args.build_id.clone(),
        search: !args.no_search,
        cache: !args.no_cache,
    };
    let builder = served.clone();
    let quiet = v.quiet;
    std::thread::spawn(move || {
        let log = |line: &str| {
            if !quiet {
                eprintln!("{line}");
            }
        };
        session::run(&session_args, &builder, &rx, watcher, &log);
    });
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve(addr, a, served))
}

async fn serve(addr: SocketAddr, a: &ServeArgs<'_>, served: Arc<Served>) -> ExitCode {
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = listener.local_addr().unwrap_or(addr);
    // Requests wait for the first build rather than finding nothing.
    while served.generation() == 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let url = format!("http://{addr}{}", served.root_path());
    eprintln!("serving at {url} (Ctrl+C to stop)");
    if a.open {
        if let Err(e) = opener::open_browser(&url) {
            eprintln!("warning: cannot open a browser: {e}");
        }
    }
    let app = http::router(served, http::Guard::new(a.bind, addr));
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    ajuda::serve::listen::serve(listener, app, shutdown).await;
    ExitCode::SUCCESS
}
