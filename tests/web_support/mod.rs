//! A web server for the tests, on 127.0.0.1 only: real corpus articles as
//! pages (built-in ones when ../shared/corpus is absent), with charsets,
//! compression, redirects, errors, slow, huge and binary bodies. Every loop
//! it runs is bounded, and it stops when dropped.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The five articles served as pages: (site name, path, title, paragraphs).
pub fn articles() -> Vec<(String, String, String, Vec<String>)> {
    let cluster =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/newswcl50/event_0");
    let mut out = Vec::new();
    for outlet in [
        "L_nyt",
        "R_fox",
        "M_usatoday",
        "LL_huffpost",
        "RR_breitbart",
    ] {
        if let Ok(text) = std::fs::read_to_string(cluster.join(format!("{outlet}.txt"))) {
            let mut parts = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
            let title = parts.next().unwrap_or("Untitled").to_string();
            out.push((
                outlet.to_string(),
                outlet.to_lowercase(),
                title,
                parts.map(str::to_string).collect(),
            ));
        }
    }
    if out.len() == 5 {
        return out;
    }
    // Built-in: the bundled sample story's two articles, and three variations on them.
    let sample = [
        include_str!("../../assets/sample/000_d3dc8e5c70a61056.txt"),
        include_str!("../../assets/sample/003_fe422f7e920d1b98.txt"),
    ];
    (0..5)
        .map(|i| {
            let text = sample[i % 2];
            let mut parts = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
            let title = parts.next().unwrap_or("Untitled").to_string();
            let mut paragraphs: Vec<String> = parts.map(str::to_string).collect();
            if i >= 2 {
                paragraphs.push(format!(
                    "Outlet {i} added this closing paragraph of its own."
                ));
            }
            (
                format!("Outlet{i}"),
                format!("outlet{i}"),
                title,
                paragraphs,
            )
        })
        .collect()
}

/// An article as an HTML page naming its site.
pub fn page(site: &str, title: &str, paragraphs: &[String]) -> String {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>\n", escape(p)))
        .collect();
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{t}</title>\
         <meta property=\"og:site_name\" content=\"{site}\"></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
         <article><h1>{t}</h1>\n{body}</article><footer>Copyright {site}</footer></body></html>",
        t = escape(title)
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One answer of the server.
#[derive(Clone)]
pub enum Reply {
    /// Status, headers, body.
    Full(u16, Vec<(String, String)>, Vec<u8>),
    /// A 302 to this location.
    Redirect(String),
    /// Headers at once, then one byte every `interval`, for at most `for_at_most`.
    Slow {
        interval: Duration,
        for_at_most: Duration,
    },
    /// `bytes` of text streamed without a Content-Length, then the connection closes.
    Stream(usize),
    /// A whole HTML page, `chunk` bytes at a time, one chunk every `interval`.
    Trickle {
        body: Vec<u8>,
        chunk: usize,
        interval: Duration,
    },
}

impl Reply {
    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::typed("text/html; charset=utf-8", body)
    }

    pub fn typed(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full(
            200,
            vec![("Content-Type".into(), content_type.into())],
            body.into(),
        )
    }
}

/// The server: routes by path, counts requests, stops when dropped.
pub struct Server {
    pub port: u16,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
    requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    user_agents: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port on 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let server = Server {
            port,
            routes: Arc::default(),
            requests: Arc::default(),
            stop: Arc::default(),
            user_agents: Arc::default(),
        };
        let (routes, requests, stop, agents) = (
            Arc::clone(&server.routes),
            Arc::clone(&server.requests),
            Arc::clone(&server.stop),
            Arc::clone(&server.user_agents),
        );
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (routes, requests, stop, agents) = (
                    Arc::clone(&routes),
                    Arc::clone(&requests),
                    Arc::clone(&stop),
                    Arc::clone(&agents),
                );
                std::thread::spawn(move || {
                    let _ = serve(stream, &routes, &requests, &stop, &agents);
                });
            }
        });
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn route(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.to_string(), reply);
    }

    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    pub fn user_agents(&self) -> Vec<String> {
        self.user_agents.lock().unwrap().clone()
    }

    /// Serve the five articles as `/<path>`; returns their addresses.
    pub fn articles(&self) -> Vec<String> {
        articles()
            .iter()
            .map(|(site, path, title, paragraphs)| {
                self.route(
                    &format!("/{path}"),
                    Reply::html(page(site, title, paragraphs)),
                );
                self.url(&format!("/{path}"))
            })
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(
    stream: TcpStream,
    routes: &Mutex<HashMap<String, Reply>>,
    requests: &AtomicUsize,
    stop: &AtomicBool,
    agents: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("user-agent")
        {
            agents.lock().unwrap().push(value.trim().to_string());
        }
    }
    if stop.load(Ordering::SeqCst) {
        return Ok(());
    }
    requests.fetch_add(1, Ordering::SeqCst);
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let reply = routes.lock().unwrap().get(&path).cloned();
    let mut out = stream;
    match reply {
        None => respond(&mut out, 404, &[], b"not found"),
        Some(Reply::Full(status, headers, body)) => respond(&mut out, status, &headers, &body),
        Some(Reply::Redirect(location)) => {
            respond(&mut out, 302, &[("Location".into(), location)], b"")
        }
        Some(Reply::Slow {
            interval,
            for_at_most,
        }) => {
            out.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n",
            )?;
            let start = Instant::now();
            while start.elapsed() < for_at_most && !stop.load(Ordering::SeqCst) {
                out.write_all(b"a")?;
                out.flush()?;
                std::thread::sleep(interval);
            }
            Ok(())
        }
        Some(Reply::Trickle {
            body,
            chunk,
            interval,
        }) => {
            out.write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
                .as_bytes(),
            )?;
            for piece in body.chunks(chunk.max(1)) {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                out.write_all(piece)?;
                out.flush()?;
                std::thread::sleep(interval);
            }
            Ok(())
        }
        Some(Reply::Stream(bytes)) => {
            out.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n",
            )?;
            let line = b"A line of text streamed without a length, again and again.\n";
            let mut sent = 0;
            while sent < bytes {
                out.write_all(line)?;
                sent += line.len();
            }
            Ok(())
        }
    }
}

fn respond(
    out: &mut TcpStream,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} Status\r\nConnection: close\r\n");
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-length"))
    {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    out.write_all(body)?;
    out.flush()
}

/// gzip, zlib (`deflate`) and raw bytes of a text.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

pub fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A port nothing listens on.
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}
