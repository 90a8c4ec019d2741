//! `ajuda check --external`: every distinct `http(s)` URL of the site is requested once,
//! concurrently (a global limit and a per-host limit, so no server is hammered), with a
//! timeout; answers are cached between runs. Dead links become `external-link` diagnostics at
//! each place they are written.

use crate::diag::{Diagnostic, Kind};
use crate::model::{PageId, Site};
use crate::resolve::{AnchorCheck, AnchorTarget};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::Semaphore;

#[derive(Debug, Clone)]
pub struct ExternalOptions {
    pub timeout: Duration,
    pub per_host: usize,
    pub total: usize,
    /// Answers younger than this are taken from the cache file.
    pub max_age: Duration,
    pub cache_file: Option<PathBuf>,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            timeout: Duration::from_secs(10),
            per_host: 2,
            total: 16,
            max_age: Duration::from_secs(24 * 3600),
            cache_file: None,
        }
    }
}

/// What a URL answered.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Answer {
    /// HTTP status, or 0 when there was no answer.
    pub status: u16,
    pub error: Option<String>,
    /// Seconds since the Unix epoch.
    pub checked: u64,
}

impl Answer {
    fn is_dead(&self) -> bool {
        self.status == 0 || self.status >= 400
    }

    fn describe(&self) -> String {
        match &self.error {
            Some(e) => format!("cannot be reached: {e}"),
            None => format!("answered HTTP {}", self.status),
        }
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The URL without its `#fragment`: one request per document.
fn document_url(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

pub(crate) fn check(
    site: &Site,
    links: &[(PageId, AnchorCheck)],
    opts: &ExternalOptions,
) -> Vec<Diagnostic> {
    let mut by_url: BTreeMap<&str, Vec<&(PageId, AnchorCheck)>> = BTreeMap::new();
    for l in links {
        if let AnchorTarget::External(url) = &l.1.target {
            by_url.entry(document_url(url)).or_default().push(l);
        }
    }
    let mut cache: HashMap<String, Answer> = opts
        .cache_file
        .as_ref()
        .and_then(|f| crate::fsx::read_bounded(f, crate::fsx::MAX_CACHE_BYTES).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let fresh_after = now().saturating_sub(opts.max_age.as_secs());
    let todo: Vec<String> = by_url
        .keys()
        .filter(|u| cache.get(**u).is_none_or(|a| a.checked < fresh_after))
        .map(|u| u.to_string())
        .collect();
    for (url, answer) in fetch_all(todo, opts) {
        cache.insert(url, answer);
    }
    if let Some(f) = &opts.cache_file {
        if let Some(dir) = f.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Ok(json) = serde_json::to_vec(&cache) {
            let _ = crate::fsx::write_replace(f, &json);
        }
    }
    let mut out = Vec::new();
    for (url, uses) in by_url {
        let Some(answer) = cache.get(url).filter(|a| a.is_dead()) else {
            continue;
        };
        for (page, c) in uses {
            let locale = &site.locales[site.pages[*page].locale].code;
            out.push(
                Diagnostic::new(
                    Kind::ExternalLink,
                    &c.file,
                    format!("`{url}` {}", answer.describe()),
                )
                .at(c.line, c.column)
                .locale(locale)
                .target(c.raw.as_str()),
            );
        }
    }
    out
}

fn host_of(url: &str) -> String {
    url.split("://")
        .nth(1)
        .and_then(|r| r.split(['/', '?', '#']).next())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn fetch_all(urls: Vec<String>, opts: &ExternalOptions) -> Vec<(String, Answer)> {
    if urls.is_empty() {
        return Vec::new();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            let answer = Answer {
                status: 0,
                error: Some(format!("no async runtime: {e}")),
                checked: 0,
            };
            return urls.into_iter().map(|u| (u, answer.clone())).collect();
        }
    };
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(opts.timeout)
            .user_agent(concat!("ajuda-link-checker/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::limited(10))
            .build();
        let client = match client {
            Ok(c) => c,
            Err(e) => {
                let answer = Answer {
                    status: 0,
                    error: Some(e.to_string()),
                    checked: 0,
                };
                return urls.into_iter().map(|u| (u, answer.clone())).collect();
            }
        };
        let total = Arc::new(Semaphore::new(opts.total.max(1)));
        let mut hosts: HashMap<String, Arc<Semaphore>> = HashMap::new();
        let mut tasks = Vec::with_capacity(urls.len());
        for url in urls {
            let host = hosts
                .entry(host_of(&url))
                .or_insert_with(|| Arc::new(Semaphore::new(opts.per_host.max(1))))
                .clone();
            let (client, total) = (client.clone(), total.clone());
            tasks.push(tokio::spawn(async move {
                let _h = host.acquire_owned().await;
                let _t = total.acquire_owned().await;
                let answer = fetch(&client, &url).await;
                (url, answer)
            }));
        }
        let mut out = Vec::with_capacity(tasks.len());
        for t in tasks {
            if let Ok(r) = t.await {
                out.push(r);
            }
        }
        out
    })
}

/// HEAD first; servers that refuse HEAD get a GET.
async fn fetch(client: &reqwest::Client, url: &str) -> Answer {
    let answer = |r: Result<reqwest::Response, reqwest::Error>| match r {
        Ok(resp) => Answer {
            status: resp.status().as_u16(),
            error: None,
            checked: now(),
        },
        Err(e) => {
            let why = if e.is_timeout() {
                "timed out".to_string()
            } else if e.is_connect() {
                "connection failed".to_string()
            } else {
                e.to_string()
            };
            Answer {
                status: 0,
                error: Some(why),
                checked: now(),
            }
        }
    };
    let head = answer(client.head(url).send().await);
    if matches!(head.status, 403 | 405 | 501) {
        return answer(client.get(url).send().await);
    }
    head
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_documents() {
        assert_eq!(
            host_of("https://Example.com:8080/a?b#c"),
            "example.com:8080"
        );
        assert_eq!(document_url("http://x/a#frag"), "http://x/a");
    }
}
