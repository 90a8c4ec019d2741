//! `ajuda serve`: build, serve the output on loopback, rebuild when a source changes.

use super::build::{self, Verbosity};
use super::SiteArgs;
use notify::{RecursiveMode, Watcher};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;
use tower_http::services::{ServeDir, ServeFile};

pub fn run(args: &SiteArgs, bind: &str, port: u16, v: Verbosity) -> ExitCode {
    let Some(output) = build::run_build(args, v) else {
        return ExitCode::FAILURE;
    };
    let addr: SocketAddr = match format!("{bind}:{port}").parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: bad address {bind}:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let watch_args = args.clone();
    let watch_out = output.clone();
    std::thread::spawn(move || watch(&watch_args, &watch_out, v));
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve(addr, output))
}

async fn serve(addr: SocketAddr, output: PathBuf) -> ExitCode {
    let files = ServeDir::new(&output).not_found_service(ServeFile::new(output.join("404.html")));
    let app = axum::Router::new().fallback_service(files);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = listener.local_addr().unwrap_or(addr);
    eprintln!(
        "serving {} at http://{addr}/ (Ctrl+C to stop)",
        output.display()
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: server stopped: {e}");
            ExitCode::FAILURE
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// What a build reads: the config, the locale folders, the theme and the site's templates.
fn watched_paths(args: &SiteArgs) -> Vec<PathBuf> {
    let overrides = ajuda::config::Overrides {
        base_url: args.base_url.clone(),
    };
    let Ok(config) = ajuda::config::Config::load(&args.root(), args.config.as_deref(), &overrides)
    else {
        return vec![absolute(&args.root())];
    };
    let mut paths: Vec<PathBuf> = config.locales.iter().map(|l| absolute(&l.dir)).collect();
    paths.push(absolute(&config.root.join(ajuda::config::CONFIG_FILE)));
    paths.push(absolute(&config.root.join("templates")));
    if let ajuda::config::ThemeSource::Dir(d) = &config.theme {
        paths.push(absolute(d));
    }
    paths
}

/// Rebuilds after changes under the site root, ignoring the output and staging folders.
fn watch(args: &SiteArgs, output: &Path, v: Verbosity) {
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("warning: cannot watch for changes: {e}");
            return;
        }
    };
    let sources = watched_paths(args);
    // The root (config, templates, theme) and every locale folder, which may live elsewhere.
    let mut roots: Vec<PathBuf> = vec![absolute(&args.root())];
    roots.extend(sources.iter().filter(|p| p.is_dir()).cloned());
    roots.sort();
    roots.dedup_by(|b, a| b.starts_with(&*a));
    for r in &roots {
        if let Err(e) = watcher.watch(r, RecursiveMode::Recursive) {
            eprintln!("warning: cannot watch {}: {e}", r.display());
        }
    }
    let output = absolute(output);
    let relevant = |e: &notify::Result<notify::Event>| match e {
        // Reading files (as the build does) is an access event: only changes count.
        Ok(ev) if ev.kind.is_access() || ev.kind.is_other() => false,
        Ok(ev) => ev.paths.iter().any(|p| {
            let p = absolute(p);
            sources.iter().any(|s| p.starts_with(s))
                && !p.starts_with(&output)
                && !p.to_string_lossy().contains(".ajuda-")
        }),
        Err(_) => false,
    };
    while let Ok(first) = rx.recv() {
        if !relevant(&first) {
            continue;
        }
        // Editors save in bursts: wait for quiet before rebuilding.
        while rx.recv_timeout(Duration::from_millis(80)).is_ok() {}
        build::run_build(args, v);
    }
}
