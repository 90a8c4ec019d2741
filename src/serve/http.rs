//! The HTTP side of `serve`: files from memory, the live-reload WebSocket, the overlay's
//! diagnostics, and a guard that refuses requests naming another host (DNS rebinding).

use super::Served;
use axum::body::Bytes;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The script injected into served pages.
pub const LIVE_JS: &str = include_str!("live.js");
/// What is injected before `</body>` of served HTML pages: the script, with the build the page
/// comes from.
fn injected(generation: u64) -> String {
    format!("<script src=\"/__ajuda/live.js\" data-generation=\"{generation}\"></script>")
}

/// A served page as the build wrote it: the injected script taken out.
pub fn strip_injected(html: &str) -> String {
    let Some(start) = html.rfind("<script src=\"/__ajuda/live.js\"") else {
        return html.to_string();
    };
    let end = html[start..]
        .find("</script>")
        .map_or(html.len(), |e| start + e + "</script>".len());
    format!("{}{}", &html[..start], &html[end..])
}

/// Which `Host` and `Origin` values requests may carry: the served address and, on loopback,
/// the other loopback names.
#[derive(Debug, Clone)]
pub struct Guard {
    port: u16,
    /// Host names (lowercase, IPv6 without brackets) requests may name.
    names: Vec<String>,
    /// Bound to every interface: any IP literal is fine too (a rebinding attack needs a name).
    any_ip: bool,
}

impl Guard {
    pub fn new(bind: &str, addr: SocketAddr) -> Guard {
        let bind = bind
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_lowercase();
        let mut names = vec![bind, addr.ip().to_string()];
        if addr.ip().is_loopback() {
            names.extend(["localhost", "127.0.0.1", "::1"].map(String::from));
        }
        Guard {
            port: addr.port(),
            names,
            any_ip: addr.ip().is_unspecified(),
        }
    }

    /// Whether an authority (`host[:port]`) names this server.
    fn allows_authority(&self, authority: &str) -> bool {
        let authority = authority.to_lowercase();
        let (host, port) = match authority.strip_prefix('[') {
            Some(rest) => match rest.split_once(']') {
                Some((h, p)) => (h.to_string(), p.strip_prefix(':')),
                None => return false,
            },
            None => match authority.rsplit_once(':') {
                Some((h, p)) => (h.to_string(), Some(p)),
                None => (authority.clone(), None),
            },
        };
        let port_ok = match port {
            Some(p) => p.parse::<u16>().ok() == Some(self.port),
            None => self.port == 80,
        };
        let host_ok = self.names.contains(&host)
            || (self.any_ip && (host.parse::<IpAddr>().is_ok() || host == "localhost"));
        port_ok && host_ok
    }

    /// Whether a request may be answered: its `Host` (required) and `Origin` (when sent) name
    /// this server.
    pub fn allows(&self, headers: &HeaderMap) -> bool {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        if !host.is_some_and(|h| self.allows_authority(h)) {
            return false;
        }
        match headers.get(header::ORIGIN).map(HeaderValue::to_str) {
            None => true,
            Some(Ok(origin)) => origin
                .strip_prefix("http://")
                .is_some_and(|a| self.allows_authority(a.trim_end_matches('/'))),
            Some(Err(_)) => false,
        }
    }
}

struct App {
    served: Arc<Served>,
    guard: Guard,
}

/// The server's routes over `served`.
pub fn router(served: Arc<Served>, guard: Guard) -> Router {
    let app = Arc::new(App { served, guard });
    Router::new()
        .route("/__ajuda/live.js", get(live_js))
        .route("/__ajuda/ws", get(ws))
        .route("/__ajuda/diagnostics", get(diagnostics))
        .route("/__ajuda/status", get(status))
        .route("/__ajuda/files", get(files))
        .fallback(file)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard_layer,
        ))
        .with_state(app)
}

async fn guard_layer(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    // RFC 9112, 3.2: a request with more than one Host is answered 400; the first could pass
    // the guard and the second reach whatever reads the last.
    if req.headers().get_all(header::HOST).iter().nth(1).is_some() {
        return (
            StatusCode::BAD_REQUEST,
            "a request has exactly one Host header\n",
        )
            .into_response();
    }
    if app.guard.allows(req.headers()) {
        next.run(req).await
    } else {
        (
            StatusCode::FORBIDDEN,
            "ajuda serve answers only requests for the address it serves\n",
        )
            .into_response()
    }
}

fn no_store(mut r: Response) -> Response {
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn live_js() -> Response {
    no_store(
        (
            [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
            LIVE_JS,
        )
            .into_response(),
    )
}

fn json(v: impl serde::Serialize) -> Response {
    let body = serde_json::to_string(&v).unwrap_or_else(|_| "null".into());
    no_store(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

async fn status(State(app): State<Arc<App>>) -> Response {
    json(app.served.status())
}

async fn files(State(app): State<Arc<App>>) -> Response {
    json(app.served.paths())
}

/// `?path=/pt-br/page/`: the diagnostics the overlay shows on that page; without a path,
/// every diagnostic of the site, as `ajuda build --format json` reports them.
async fn diagnostics(State(app): State<Arc<App>>, req: Request) -> Response {
    let query = req.uri().query().unwrap_or("");
    let Some(path) = query.split('&').find_map(|kv| kv.strip_prefix("path=")) else {
        let body = app.served.all_diagnostics_json();
        return no_store(([(header::CONTENT_TYPE, "application/json")], body).into_response());
    };
    // The page's address as the browser has it (percent-encoded or not), decoded.
    let path = decode(path).unwrap_or_default();
    json(app.served.diagnostics(&crate::address::decoded_path(&path)))
}

/// Percent-decoded (a `+` stays a `+`: the live script encodes with `encodeURIComponent`).
fn decode(s: &str) -> Option<String> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

async fn ws(State(app): State<Arc<App>>, upgrade: WebSocketUpgrade) -> Response {
    let served = app.served.clone();
    upgrade.on_upgrade(move |socket| live(socket, served))
}

/// Tells the page of every rebuild until it goes away.
async fn live(mut socket: WebSocket, served: Arc<Served>) {
    let id = served.connect();
    live_on(&mut socket, &served, id).await;
    served.set_open(id, None);
}

async fn live_on(socket: &mut WebSocket, served: &Served, id: u64) {
    let mut events = served.subscribe();
    let hello = serde_json::json!({
        "type": "hello", "generation": served.generation(), "boot": served.boot
    });
    if socket
        .send(Message::Text(hello.to_string().into()))
        .await
        .is_err()
    {
        return;
    }
    loop {
        tokio::select! {
            ev = events.recv() => {
                let text = match ev {
                    Ok(e) => serde_json::to_string(&e).unwrap_or_default(),
                    // Too slow to follow: reload whatever it shows.
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => serde_json::json!({
                        "type": "reload", "generation": served.generation(), "css": false, "pages": null
                    }).to_string(),
                    Err(_) => return,
                };
                if socket.send(Message::Text(text.into())).await.is_err() {
                    return;
                }
            }
            msg = socket.recv() => match msg {
                // The page says where it is: `{"page": "/pt-br/a/"}`.
                // The page says where it is, and which build it comes from: one rebuilt since is
                // told to reload.
                Some(Ok(Message::Text(t))) => {
                    let v: serde_json::Value = serde_json::from_str(&t).unwrap_or_default();
                    let Some(p) = v["page"].as_str() else { continue };
                    let page = decode(p).unwrap_or_else(|| p.to_string());
                    served.set_open(id, Some(page.clone()));
                    let since = v["generation"].as_u64().unwrap_or(0);
                    if since > 0 && served.changed_since(&crate::address::output_of_request(&served.root_path(), &page), since) {
                        let m = serde_json::json!({
                            "type": "reload", "generation": served.generation(), "css": false, "pages": [page]
                        });
                        if socket.send(Message::Text(m.to_string().into())).await.is_err() {
                            return;
                        }
                    }
                }
                Some(Ok(_)) => {}
                _ => return,
            }
        }
    }
}

/// A file of the site, `index.html` for folders, the locale's 404 page for misses.
async fn file(State(app): State<Arc<App>>, req: Request) -> Response {
    // The build a page comes from, read before the page: a page rebuilt in between is then
    // older than its number says, and reloads once its socket opens.
    let generation = app.served.generation();
    let raw = req.uri().path();
    let Some(path) = decode(raw) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let root = app.served.root_path();
    let root = root.as_str();
    if path == root.trim_end_matches('/') {
        return redirect(root);
    }
    // The path under the site's root, if it is one that stays inside the site.
    let inner = path.strip_prefix(root).filter(|i| {
        !i.split('/')
            .any(|s| s == ".." || s == "." || s.contains('\\') || s.contains('\0'))
    });
    if let Some(inner) = inner {
        let rel = if inner.is_empty() || inner.ends_with('/') {
            format!("{inner}index.html")
        } else {
            inner.to_string()
        };
        if let Some(bytes) = app.served.file(&rel) {
            return serve_bytes(generation, &rel, bytes, StatusCode::OK);
        }
        // A folder without its slash: to the folder.
        let folder = !inner.is_empty() && !inner.ends_with('/');
        if folder && app.served.file(&format!("{inner}/index.html")).is_some() {
            return redirect(&format!("{raw}/"));
        }
    }
    // The 404 page of the locale the path is under, else the site's.
    let first = inner.and_then(|i| i.split('/').next()).unwrap_or("");
    let locale_404 = (!first.is_empty()).then(|| format!("{first}/404.html"));
    for rel in locale_404.into_iter().chain(["404.html".to_string()]) {
        if let Some(bytes) = app.served.file(&rel) {
            return serve_bytes(generation, &rel, bytes, StatusCode::NOT_FOUND);
        }
    }
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

fn redirect(to: &str) -> Response {
    no_store(
        (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, to.to_string())],
        )
            .into_response(),
    )
}

fn serve_bytes(generation: u64, rel: &str, bytes: Bytes, status: StatusCode) -> Response {
    let mime = mime_guess::from_path(rel).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.essence_str(),
            "application/javascript" | "application/json" | "image/svg+xml"
        );
    let content_type = if text && mime.get_param("charset").is_none() {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.to_string()
    };
    let body = if is_html {
        inject(&bytes, &injected(generation))
    } else {
        bytes
    };
    no_store((status, [(header::CONTENT_TYPE, content_type)], body).into_response())
}

/// The page with the live-reload script before its last `</body>` (or at its end).
fn inject(html: &[u8], script: &str) -> Bytes {
    let at = memchr::memmem::rfind(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::Guard;

    fn allows(g: &Guard, host: &str) -> bool {
        g.allows_authority(host)
    }

    #[test]
    fn loopback_names_and_the_port_must_match() {
        let g = Guard::new("127.0.0.1", "127.0.0.1:8080".parse().unwrap());
        for ok in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
        ] {
            assert!(allows(&g, ok), "{ok}");
        }
        for no in [
            "evil.example:8080",
            "localhost:8081",
            "localhost",
            "127.0.0.1",
            "[::1]",
            "localhost.:8080",
            "[::1:8080",
        ] {
            assert!(!allows(&g, no), "{no}");
        }
    }

    #[test]
    fn a_host_name_bound_to_is_allowed_and_ipv6_in_brackets() {
        let g = Guard::new("[::1]", "[::1]:1111".parse().unwrap());
        assert!(allows(&g, "[::1]:1111"));
        assert!(allows(&g, "localhost:1111"));
        let g = Guard::new("docs.local", "192.168.1.5:80".parse().unwrap());
        assert!(allows(&g, "docs.local"));
        assert!(allows(&g, "192.168.1.5:80"));
        assert!(!allows(&g, "localhost:80"));
    }

    #[test]
    fn every_interface_takes_addresses_but_no_other_name() {
        let g = Guard::new("0.0.0.0", "0.0.0.0:1111".parse().unwrap());
        assert!(allows(&g, "192.168.1.5:1111"));
        assert!(allows(&g, "[fe80::1]:1111"));
        assert!(allows(&g, "localhost:1111"));
        assert!(!allows(&g, "rebound.example:1111"));
    }
}
