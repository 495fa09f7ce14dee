//! A crawl of every link of every page, for every demo role (leadership, a commune officer, the
//! administrator, a resident, and someone not signed in), in Vietnamese, English and
//! Indonesian (issue 18): it follows the same-origin `<a href>` links from the role's home, as
//! a browser without JavaScript would, and fails on a server error, a link to nothing (404),
//! and a text a person reads that is still an internal key — a Fluent message id, a raw
//! snake_case key (`plan_consultation`), an unformatted placeable (`{ $x }`) or Fluent's
//! "Unknown localization".
//!
//! A link that answers 403 (or any 4xx) is broken too: a page offers only what its reader may
//! open. Text marked `<code>` is an identifier shown on purpose and not read for keys.
//!
//! It is an HTTP crawl, not a browser: downloads are fetched for their status only, forms are
//! not submitted, signing out is not followed. Every page is read (about 1,700 for the demo,
//! a minute or so); `PLANTRACK_CRAWL_PER_SHAPE=N` reads only the first N pages of each shape of
//! address (one per dossier, per meeting…) for a quicker look, and counts the rest as left.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION};

/// The demo's "today" (README: every page's default date in demo mode).
const DEMO_TODAY: &str = "2025-12-15";
/// Pages crawled per shape of address (its path with every number as `N`, its query's names):
/// all of them, unless `PLANTRACK_CRAWL_PER_SHAPE` asks for a quicker, shallower crawl.
const PER_SHAPE: usize = usize::MAX;
/// A bound on the pages one role reads in one language, so that a link loop (an address that
/// grows a parameter on each page, say) cannot run away; the demo's largest crawl reads 198.
const MAX_PAGES: usize = 1_000;

/// The demo accounts the README's tour names, and `None` for someone not signed in.
const ROLES: [Option<&str>; 5] = [
    None,
    Some("lanhdao"),
    Some("xa-03390"),
    Some("admin"),
    Some("congdan"),
];

/// Where a crawl starts besides its role's home: the public OGC pages (linked from no page of
/// an account's tour, but the README names them).
const ALSO_FROM: [&str; 1] = ["/ogc?f=html"];

/// The Fluent message ids of every language (those with a dash: a one-word id such as
/// `none` is also a word of English text).
fn fluent_ids() -> BTreeSet<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/locales");
    let mut ids = BTreeSet::new();
    for lang in std::fs::read_dir(&root).unwrap() {
        for file in std::fs::read_dir(lang.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_none_or(|e| e != "ftl") {
                continue;
            }
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                let Some((id, _)) = line.split_once(" =") else {
                    continue;
                };
                if id.contains('-')
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    ids.insert(id.to_owned());
                }
            }
        }
    }
    assert!(
        ids.len() > 500,
        "expected the Fluent ids, found {}",
        ids.len()
    );
    ids
}

/// Text with its character references replaced: the named ones askama and the templates
/// write, and every numeric one (`&#38;`, `&#x27;`).
fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e))
        });
        if let Some((c, e)) = decoded {
            out.push(c);
            rest = &after[e + 1..];
        } else {
            out.push('&');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The value of attribute `name` in the inside of a tag (`a href="…" class=…`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().last();
        let after = &rest[at + name.len()..];
        rest = after;
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = after.trim_start().strip_prefix('=') else {
            if after.starts_with([' ', '>', '/']) || after.is_empty() {
                return Some(String::new());
            }
            continue;
        };
        let value = value.trim_start();
        let quoted = |q: char| value[1..].find(q).map(|end| decode(&value[1..=end]));
        return match value.chars().next() {
            Some(q @ ('"' | '\'')) => quoted(q),
            _ => Some(decode(
                value
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or(""),
            )),
        };
    }
    None
}

/// What a page shows a person: its text outside scripts and styles, and the names and hints
/// of its elements (`title`, `aria-label`, `placeholder`, `alt`); and its `<a>` tags.
struct Page {
    text: String,
    links: Vec<Link>,
}

struct Link {
    href: String,
    /// The link downloads (`download` attribute): its status is checked, not its text.
    download: bool,
}

fn read_page(html: &str) -> Page {
    let mut text = String::new();
    let mut links = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&decode(&rest[..open]));
        text.push(' ');
        let after = &rest[open + 1..];
        let close = after.find('>').unwrap_or(after.len());
        let tag = &after[..close];
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        rest = after.get(close + 1..).unwrap_or("");
        // The insides of scripts and styles are not read by anyone; what a page sets as
        // `<code>` is an identifier shown as one on purpose (a template's key for the
        // command line), not a message.
        if name == "script" || name == "style" || name == "code" {
            let end = format!("</{name}");
            rest = rest.find(&end).map_or("", |e| &rest[e..]);
            continue;
        }
        for a in [" title", " aria-label", " placeholder", " alt"] {
            if let Some(v) = attribute(tag, a.trim_start()) {
                text.push_str(&v);
                text.push(' ');
            }
        }
        if name == "a"
            && let Some(href) = attribute(tag, "href")
        {
            links.push(Link {
                href,
                download: attribute(tag, "download").is_some(),
            });
        }
    }
    text.push_str(&decode(rest));
    Page { text, links }
}

/// The internal keys in a page's text: Fluent ids, snake_case words, unformatted placeables.
fn keys_in(text: &str, ids: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for marker in ["{ $", "{$", "Unknown localization"] {
        if let Some(at) = text.find(marker) {
            let end = text[at..]
                .char_indices()
                .nth(40)
                .map_or(text.len(), |(i, _)| at + i);
            found.insert(text[at..end].to_owned());
        }
    }
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.')) {
        let word = word.trim_matches(|c| c == '.' || c == '-' || c == '_');
        let snake = word.contains('_')
            && word.starts_with(|c: char| c.is_ascii_lowercase())
            && word
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
        if snake || ids.contains(word) {
            found.insert(word.to_owned());
        }
    }
    found
}

/// The address a link leads to on this server (path and query, no fragment), or `None` for
/// another site, a fragment of the same page, or a scheme that is not the web.
fn local(href: &str, base: &str) -> Option<String> {
    let href = href.split('#').next().unwrap_or("");
    if href.is_empty() {
        return None;
    }
    let path = match href.strip_prefix(base) {
        Some(p) => p,
        None if href.starts_with('/') && !href.starts_with("//") => href,
        None => return None,
    };
    Some(if path.is_empty() { "/" } else { path }.to_owned())
}

/// An address's shape: every run of digits as `N`, the query's names only.
fn shape(path: &str) -> String {
    let (p, q) = path.split_once('?').unwrap_or((path, ""));
    let mut s = String::new();
    let mut in_digits = false;
    for c in p.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                s.push('N');
            }
            in_digits = true;
        } else {
            s.push(c);
            in_digits = false;
        }
    }
    let mut names: Vec<&str> = q
        .split('&')
        .filter_map(|kv| kv.split('=').next())
        .filter(|k| !k.is_empty())
        .collect();
    names.sort_unstable();
    if !names.is_empty() {
        s.push('?');
        s.push_str(&names.join("&"));
    }
    s
}

/// Not to be followed: signing out (a form, but a link would end the session), and the API
/// and files, which are fetched for their status but not read as pages.
fn read_as_page(path: &str) -> bool {
    !(path.starts_with("/logout") || path.starts_with("/api/") || path.starts_with("/assets/"))
}

#[derive(Default)]
struct Crawl {
    pages: usize,
    fetched: usize,
    left: usize,
    problems: Vec<String>,
}

/// Crawls from `start` with `cookie`, in the language the session or cookie holds.
async fn crawl(
    client: &reqwest::Client,
    base: &str,
    cookie: &str,
    start: &[String],
    ids: &BTreeSet<String>,
    who: &str,
) -> Crawl {
    let per_shape_limit = std::env::var("PLANTRACK_CRAWL_PER_SHAPE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(PER_SHAPE);
    let mut out = Crawl::default();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut per_shape: HashMap<String, usize> = HashMap::new();
    // (address, the page that links to it, whether it is to be read as a page)
    let mut queue: VecDeque<(String, String, bool)> = start
        .iter()
        .map(|s| (s.clone(), "(start)".to_owned(), true))
        .collect();
    while let Some((path, from, as_page)) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        if as_page {
            let n = per_shape.entry(shape(&path)).or_default();
            if *n >= per_shape_limit || out.pages >= MAX_PAGES {
                out.left += 1;
                continue;
            }
            *n += 1;
        }
        let resp = client
            .get(format!("{base}{path}"))
            .header(COOKIE, cookie)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        out.fetched += 1;
        let status = resp.status();
        // A link is broken when it leads nowhere (404) or to a page its reader may not open
        // (any other 4xx): a page offers only what its reader can follow.
        if status.is_server_error() || status.is_client_error() {
            out.problems.push(format!(
                "{who}: {path} (linked from {from}) answers {status}"
            ));
            continue;
        }
        if status.is_redirection() {
            if let Some(to) = resp
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .and_then(|l| local(l, base))
            {
                queue.push_back((to, path.clone(), as_page));
            }
            continue;
        }
        let html = resp
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
        if !as_page || !html {
            continue;
        }
        out.pages += 1;
        let body = resp.text().await.unwrap();
        let page = read_page(&body);
        let keys = keys_in(&page.text, ids);
        if !keys.is_empty() {
            out.problems.push(format!(
                "{who}: {path} ({status}) shows internal keys {keys:?}"
            ));
        }
        for link in page.links {
            if let Some(to) = local(&link.href, base) {
                let page_like = !link.download && read_as_page(&to);
                queue.push_back((to, path.clone(), page_like));
            }
        }
    }
    out
}

/// The session's CSRF token, from a page's forms.
async fn csrf(client: &reqwest::Client, base: &str, cookie: &str) -> String {
    let (_, html) = common::pages::page(client, base, cookie, "/account").await;
    common::pages::field(&html, "<form", "csrf")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_link_of_every_page_for_every_role_in_three_languages() {
    let (app, _hand, password, client) = common::pages::demo_app_on(DEMO_TODAY).await;
    let ids = fluent_ids();
    let base = app.base.clone();
    let mut problems = Vec::new();
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for role in ROLES {
        let session = match role {
            Some(user) => Some(common::pages::sign_in(&client, &base, user, &password).await),
            None => None,
        };
        for lang in ["vi", "en", "id"] {
            // A signed-in person's language is kept with their account; someone else's in a
            // cookie.
            let cookie = match &session {
                Some(session) => {
                    let token = csrf(&client, &base, session).await;
                    let resp = client
                        .post(format!("{base}/language"))
                        .header(COOKIE, session)
                        .form(&[("lang", lang), ("next", "/"), ("csrf", token.as_str())])
                        .send()
                        .await
                        .unwrap();
                    assert!(
                        resp.status().is_redirection(),
                        "expected {role:?} to switch to {lang}, found {}",
                        resp.status()
                    );
                    session.clone()
                }
                None => format!("plantrack_lang={lang}"),
            };
            let probe = if session.is_some() {
                "/account"
            } else {
                "/login"
            };
            let (_, account) = common::pages::page(&client, &base, &cookie, probe).await;
            assert!(
                account.contains(&format!("<html lang=\"{lang}\"")),
                "expected the pages in {lang} for {role:?}"
            );
            let who = format!("{} [{lang}]", role.unwrap_or("anonymous"));
            let mut start = vec!["/".to_owned()];
            start.extend(ALSO_FROM.iter().map(|s| (*s).to_owned()));
            let c = crawl(&client, &base, &cookie, &start, &ids, &who).await;
            eprintln!(
                "{who}: {} pages read, {} addresses fetched, {} alike left, {} problems",
                c.pages,
                c.fetched,
                c.left,
                c.problems.len()
            );
            assert!(
                c.pages >= if role.is_some() { 10 } else { 3 },
                "expected {who} to reach the tour's pages, read {}",
                c.pages
            );
            if std::env::var_os("PLANTRACK_CRAWL_PER_SHAPE").is_none() {
                assert_eq!(
                    c.left, 0,
                    "expected {who}'s crawl to read every page it found"
                );
            }
            counts.insert(who, (c.pages, c.fetched, c.left));
            problems.extend(c.problems);
        }
    }
    let pages: usize = counts.values().map(|c| c.0).sum();
    let fetched: usize = counts.values().map(|c| c.1).sum();
    eprintln!("crawled {pages} pages, fetched {fetched} addresses in all");
    assert!(
        problems.is_empty(),
        "expected no server error, broken link or internal key ({} found):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_crawl_reads_links_keys_and_shapes() {
    let ids: BTreeSet<String> = ["dashboard-title".to_owned()].into();
    let page = read_page(
        "<html><head><script>var a_b = 1;</script><style>.x_y{}</style></head>\
         <body><a href=\"/dossiers/12?x=1&amp;y=2#top\" title=\"plan_consultation\">Xem</a>\
         <a href='/documents/a.pdf' download>tải</a> dashboard-title, {$days} ngày\
         <input placeholder=\"Tìm\"></body></html>",
    );
    assert_eq!(
        decode("a&#38;b&amp;c&#x27;&lt;&unknown; &"),
        "a&b&c'<&unknown; &"
    );
    assert_eq!(page.links.len(), 2);
    assert_eq!(page.links[0].href, "/dossiers/12?x=1&y=2#top");
    assert!(!page.links[0].download);
    assert!(page.links[1].download);
    let keys = keys_in(&page.text, &ids);
    assert!(keys.contains("plan_consultation"), "{keys:?}");
    assert!(keys.contains("dashboard-title"), "{keys:?}");
    assert!(keys.iter().any(|k| k.starts_with("{$days}")), "{keys:?}");
    assert!(!keys.iter().any(|k| k.contains("a_b") || k.contains("x_y")));
    assert!(keys_in("Diện tích 12,5 km² xa-03390 e-mail", &ids).is_empty());
    assert_eq!(
        local("http://h:1/dossiers/12?x=1#top", "http://h:1").as_deref(),
        Some("/dossiers/12?x=1")
    );
    assert_eq!(local("https://example.org/x", "http://h:1"), None);
    assert_eq!(local("#main", "http://h:1"), None);
    assert_eq!(
        shape("/dossiers/12/documents/3?b=1&a=2"),
        "/dossiers/N/documents/N?a&b"
    );
}
