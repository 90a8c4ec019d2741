//! The server's accept loop: each connection on hyper, with a time limit for a request's
//! head. A client that connects and sends nothing, sends its head slowly, or keeps an idle
//! keep-alive connection is cut off after [`HEAD_TIMEOUT`], so held connections cannot use
//! up the process's files and stall everyone else. A live-reload WebSocket, once upgraded,
//! is no longer an HTTP connection and stays open.

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;

/// How long a connection may take to send a request's head, or stay idle between requests.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `shutdown` completes.
pub async fn serve(listener: TcpListener, app: Router, shutdown: impl Future<Output = ()>) {
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of files or a connection reset before it was taken: try the next.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => return,
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            // HTTP/1 only (the preview speaks nothing else): hyper's version-sniffing builder
            // would wait for a first byte with no time limit.
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades()
                .await;
        });
    }
}
