//! The edge of `kpss serve` against hostile clients: foreign Host and Origin headers (DNS
//! rebinding, cross-site WebSockets), idle and slow connections, oversized WebSocket messages.
//! Each test runs the real binary on a free port and talks raw TCP, like tests/it/serve.rs.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{copy_tree, fixture, free_port};

struct Server {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How to start the server: the address to bind, the idle timeout (`KPSS_SERVE_IDLE_SECS`),
/// and a limit on its open files (`ulimit -n`, so that exhausting them takes few sockets).
#[derive(Default)]
struct Start {
    bind: Option<&'static str>,
    idle_secs: Option<u32>,
    max_files: Option<u32>,
}

fn start(how: Start) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&fixture("basic"), &site);
    let port = free_port();
    let port_s = port.to_string();
    let mut args = vec![
        "--root",
        site.to_str().unwrap(),
        "serve",
        "--port",
        &port_s,
        "--date",
        "2026-11-25",
    ];
    if let Some(b) = how.bind {
        args.extend(["--bind", b]);
    }
    let bin = env!("CARGO_BIN_EXE_kpss");
    let mut cmd = match how.max_files {
        Some(n) => {
            let mut c = Command::new("sh");
            c.args(["-c", &format!("ulimit -n {n} && exec \"$0\" \"$@\""), bin]);
            c.args(&args);
            c
        }
        None => {
            let mut c = Command::new(bin);
            c.args(&args);
            c
        }
    };
    if let Some(s) = how.idle_secs {
        cmd.env("KPSS_SERVE_IDLE_SECS", s.to_string());
    }
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let s = Server {
        child,
        port,
        _dir: dir,
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(200) = request(port, &own_get(port, "/planovani/")) {
            return s;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("server did not come up");
}

/// A GET the way a browser on the server's own address sends it.
fn own_get(port: u16, path: &str) -> String {
    get_with_host(&format!("127.0.0.1:{port}"), path)
}

fn get_with_host(host: &str, path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
}

/// Send one request and read the status line of the answer.
fn request(port: u16, req: &str) -> std::io::Result<u16> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    s.write_all(req.as_bytes())?;
    read_status(&mut s)
}

fn read_status(s: &mut TcpStream) -> std::io::Result<u16> {
    let mut head = Vec::new();
    let mut b = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if s.read(&mut b)? == 0 {
            break;
        }
        head.push(b[0]);
    }
    Ok(String::from_utf8_lossy(&head)
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0))
}

fn upgrade(host: &str, origin: Option<&str>) -> String {
    let origin = origin
        .map(|o| format!("Origin: {o}\r\n"))
        .unwrap_or_default();
    format!(
        "GET /__kpss/livereload HTTP/1.1\r\nHost: {host}\r\n{origin}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
}

/// Does the server close this connection within `within`? (A read that ends or is reset:
/// closed; a read that times out: still open.)
fn closed_within(s: &mut TcpStream, within: Duration) -> bool {
    s.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return false;
            }
            Err(_) => return true,
        }
    }
}

#[test]
fn a_foreign_host_is_refused_and_the_own_names_work() {
    let s = start(Start::default());
    let p = s.port;
    for host in [
        format!("127.0.0.1:{p}"),
        format!("localhost:{p}"),
        format!("LocalHost:{p}"),
        format!("[::1]:{p}"),
    ] {
        assert_eq!(
            request(p, &get_with_host(&host, "/planovani/")).unwrap(),
            200,
            "{host}"
        );
    }
    for host in [
        format!("evil.example:{p}"),
        format!("127.0.0.1.evil.example:{p}"),
        format!("localhost.:{p}"),
        format!("127.0.0.1:{}", p.wrapping_add(1)),
        "127.0.0.1".to_string(),
        format!("10.1.2.3:{p}"),
        format!("user@127.0.0.1:{p}"),
        String::new(),
    ] {
        assert_eq!(
            request(p, &get_with_host(&host, "/planovani/")).unwrap(),
            421,
            "{host:?}"
        );
    }
    // No Host at all, and an absolute URI naming another host.
    let no_host = "GET /planovani/ HTTP/1.0\r\n\r\n";
    assert_eq!(request(p, no_host).unwrap(), 421);
    let absolute = format!(
        "GET http://evil.example:{p}/planovani/ HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n"
    );
    assert_eq!(request(p, &absolute).unwrap(), 421);
    // The WebSocket too: a rebound name never reaches it, whatever its Origin says.
    let ws = upgrade(
        &format!("evil.example:{p}"),
        Some(&format!("http://evil.example:{p}")),
    );
    assert_eq!(request(p, &ws).unwrap(), 421);
}

#[test]
fn a_websocket_from_a_foreign_origin_is_refused() {
    let s = start(Start::default());
    let p = s.port;
    let own = format!("127.0.0.1:{p}");
    for origin in [
        "http://evil.example".to_string(),
        format!("http://evil.example:{p}"),
        "null".to_string(),
        format!("https://127.0.0.1:{p}"),
        format!("http://localhost:{p}"),
        format!("http://127.0.0.1:{p}/"),
    ] {
        assert_eq!(
            request(p, &upgrade(&own, Some(&origin))).unwrap(),
            403,
            "{origin}"
        );
    }
    // The page's own origin, as Chromium sends it for `new WebSocket("ws://" + location.host…)`.
    let ok = upgrade(&own, Some(&format!("http://127.0.0.1:{p}")));
    assert_eq!(request(p, &ok).unwrap(), 101);
    let local = upgrade(
        &format!("localhost:{p}"),
        Some(&format!("http://localhost:{p}")),
    );
    assert_eq!(request(p, &local).unwrap(), 101);
    // A client without Origin is no web page (browsers always send one): allowed.
    assert_eq!(request(p, &upgrade(&own, None)).unwrap(), 101);
}

#[test]
fn bound_to_every_address_it_answers_ip_literals_and_localhost_only() {
    let s = start(Start {
        bind: Some("0.0.0.0"),
        ..Start::default()
    });
    let p = s.port;
    for host in [
        format!("192.168.7.7:{p}"),
        format!("10.0.0.5:{p}"),
        format!("[fe80::1]:{p}"),
        format!("localhost:{p}"),
    ] {
        assert_eq!(
            request(p, &get_with_host(&host, "/planovani/")).unwrap(),
            200,
            "{host}"
        );
    }
    for host in [format!("mujpocitac.lan:{p}"), format!("10.0.0.5:{}", p ^ 1)] {
        assert_eq!(
            request(p, &get_with_host(&host, "/planovani/")).unwrap(),
            421,
            "{host}"
        );
    }
    let ws = upgrade(
        &format!("192.168.7.7:{p}"),
        Some(&format!("http://192.168.7.7:{p}")),
    );
    assert_eq!(request(p, &ws).unwrap(), 101);
}

#[test]
fn idle_and_slow_connections_are_closed_after_the_timeout() {
    let s = start(Start {
        idle_secs: Some(1),
        ..Start::default()
    });
    let p = s.port;
    // Silent from the start.
    let mut silent = TcpStream::connect(("127.0.0.1", p)).unwrap();
    // Half a request head, never finished (slowloris).
    let mut slow = TcpStream::connect(("127.0.0.1", p)).unwrap();
    slow.write_all(
        format!("GET /planovani/ HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nX-A: 1\r\n").as_bytes(),
    )
    .unwrap();
    // One answered request, then an idle keep-alive connection.
    let mut kept = TcpStream::connect(("127.0.0.1", p)).unwrap();
    kept.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    kept.write_all(
        format!("GET /planovani/robots.txt HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\n\r\n").as_bytes(),
    )
    .unwrap();
    let mut first = [0u8; 12];
    kept.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    let started = Instant::now();
    assert!(closed_within(&mut silent, Duration::from_secs(5)), "silent");
    assert!(closed_within(&mut slow, Duration::from_secs(5)), "slow");
    assert!(closed_within(&mut kept, Duration::from_secs(5)), "kept");
    assert!(started.elapsed() < Duration::from_secs(4));
    // The WebSocket is exempt: it is meant to stay open between edits.
    let mut ws = TcpStream::connect(("127.0.0.1", p)).unwrap();
    ws.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    ws.write_all(upgrade(&format!("127.0.0.1:{p}"), None).as_bytes())
        .unwrap();
    assert_eq!(read_status(&mut ws).unwrap(), 101);
    assert!(!closed_within(&mut ws, Duration::from_millis(2500)));
}

/// An attacker holding more idle connections than the server has file descriptors for: the
/// old server stopped accepting for good (1,100 connections at the usual limit of 1,024).
#[test]
fn many_idle_connections_do_not_lock_out_a_browser() {
    let s = start(Start {
        idle_secs: Some(1),
        max_files: Some(256),
        ..Start::default()
    });
    let p = s.port;
    let idle: Vec<TcpStream> = (0..300)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", p)).ok())
        .collect();
    assert!(idle.len() > 256, "only {} connections", idle.len());
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    assert_eq!(request(p, &own_get(p, "/planovani/")).unwrap(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "answered after {:?}",
        started.elapsed()
    );
    drop(idle);
}

/// A client that asks for many pages and reads none of them holds its connection only as long
/// as a silent one.
#[test]
fn a_client_that_stops_reading_is_dropped() {
    let s = start(Start {
        idle_secs: Some(1),
        ..Start::default()
    });
    let p = s.port;
    let mut c = TcpStream::connect(("127.0.0.1", p)).unwrap();
    let one = format!("GET /planovani/jh/ HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\n\r\n");
    let n = 3000;
    c.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    // The server may stop reading (its answers are not taken) or close: either is fine here.
    let _ = c.write_all(one.repeat(n).as_bytes());
    // Long enough for the server's writes to stall and time out.
    std::thread::sleep(Duration::from_secs(4));
    let mut all = Vec::new();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match c.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(k) => all.extend_from_slice(&buf[..k]),
        }
    }
    let answered = all.windows(12).filter(|w| w == b"HTTP/1.1 200").count();
    assert!(
        answered < n,
        "all {n} answers arrived: the connection was kept"
    );
}

/// Send a masked client frame header (FIN, opcode) for `len` bytes, then `body` of them.
fn frame(s: &mut TcpStream, fin: bool, opcode: u8, len: u64, body: &[u8]) {
    let mut h = vec![if fin { 0x80 } else { 0 } | opcode];
    if len < 126 {
        h.push(0x80 | len as u8);
    } else if len <= u16::MAX as u64 {
        h.push(0x80 | 126);
        h.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        h.push(0x80 | 127);
        h.extend_from_slice(&len.to_be_bytes());
    }
    h.extend_from_slice(&[0, 0, 0, 0]); // mask key 0: the payload goes as it is
    h.extend_from_slice(body);
    // The server may close while we still write: that is the point.
    let _ = s.write_all(&h);
}

fn own_websocket(p: u16) -> TcpStream {
    let mut ws = TcpStream::connect(("127.0.0.1", p)).unwrap();
    ws.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let origin = format!("http://127.0.0.1:{p}");
    ws.write_all(upgrade(&format!("127.0.0.1:{p}"), Some(&origin)).as_bytes())
        .unwrap();
    assert_eq!(read_status(&mut ws).unwrap(), 101);
    ws
}

#[test]
fn a_websocket_message_above_the_limit_closes_the_socket() {
    let s = start(Start::default());
    let p = s.port;
    // A small text message and a ping are fine.
    let mut ws = own_websocket(p);
    frame(&mut ws, true, 1, 5, b"hello");
    frame(&mut ws, true, 9, 0, b"");
    assert!(!closed_within(&mut ws, Duration::from_millis(500)));
    // One frame of 1 MiB (under the library defaults of 16 MiB a frame, 64 MiB a message).
    let mut ws = own_websocket(p);
    frame(&mut ws, true, 2, 1 << 20, &vec![b'x'; 1 << 20]);
    assert!(
        closed_within(&mut ws, Duration::from_secs(5)),
        "1 MiB frame"
    );
    // 100 MB announced: refused by its header, before the bytes come.
    let mut ws = own_websocket(p);
    frame(&mut ws, true, 2, 100_000_000, &[b'x'; 1024]);
    assert!(
        closed_within(&mut ws, Duration::from_secs(5)),
        "100 MB frame"
    );
    // Small fragments adding up to 64 KiB.
    let mut ws = own_websocket(p);
    frame(&mut ws, false, 1, 1024, &[b'a'; 1024]);
    for _ in 0..62 {
        frame(&mut ws, false, 0, 1024, &[b'a'; 1024]);
    }
    frame(&mut ws, true, 0, 1024, &[b'a'; 1024]);
    assert!(closed_within(&mut ws, Duration::from_secs(5)), "fragments");
    // The server still serves.
    assert_eq!(request(p, &own_get(p, "/planovani/")).unwrap(), 200);
}

/// WebSockets stay open without a timeout, so they may hold only half of the 128 slots.
#[test]
fn websockets_cannot_take_every_slot() {
    let s = start(Start::default());
    let p = s.port;
    let held: Vec<TcpStream> = (0..64).map(|_| own_websocket(p)).collect();
    let mut one_more = TcpStream::connect(("127.0.0.1", p)).unwrap();
    one_more
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let origin = format!("http://127.0.0.1:{p}");
    one_more
        .write_all(upgrade(&format!("127.0.0.1:{p}"), Some(&origin)).as_bytes())
        .unwrap();
    assert_eq!(read_status(&mut one_more).unwrap(), 503);
    assert_eq!(request(p, &own_get(p, "/planovani/")).unwrap(), 200);
    // A closed tab gives its slot back.
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(5);
    while request(p, &upgrade(&format!("127.0.0.1:{p}"), Some(&origin))).unwrap() != 101 {
        assert!(Instant::now() < deadline, "the slots did not come back");
        std::thread::sleep(Duration::from_millis(50));
    }
}
