//! The hardened HTTP listener `kpss serve` runs behind: which connections are accepted, for
//! how long they are kept, and which requests reach the preview's router at all. It knows
//! nothing of sites (an axum `Router` in, limits applied), so it lives beside `serve/`.
//!
//! **Host (DNS rebinding).** A page on `http://evil.example:1111/` whose name the attacker
//! re-points at 127.0.0.1 could otherwise read the preview (and its errors, with paths and
//! source lines) as its own origin. Every request must name the server in `Host` (and in the
//! request line, if it is absolute) with the port the server listens on; HTTP/1.0 requests
//! without `Host` are refused too. Accepted names: `localhost` (any letter case), `127.0.0.1`,
//! `[::1]` and the `--bind` address. With `--bind 0.0.0.0` (or `::`) the machine may be
//! reached through any of its addresses, which the server cannot list reliably, so every IP
//! literal is accepted: a literal involves no DNS, so nothing can be rebound through it. Other
//! names (`mujpocitac.lan`) are refused; colleagues on the network use the IP address. A
//! refusal is `421 Misdirected Request` (RFC 9110 §15.5.20: this server does not answer for
//! that authority), not 403: nothing is forbidden to the client, it reached the wrong name.
//!
//! **Origin (cross-site WebSockets).** Browsers let any page open a WebSocket anywhere; the
//! `Origin` header is the only sign of who opened it. An upgrade is accepted only with
//! `Origin: http://<the accepted Host>` (what the preview's own script sends), otherwise 403.
//! An upgrade without `Origin` is accepted: browsers always send one on a WebSocket (RFC 6455
//! §4.1, and the fetch standard), so its absence means a program that is no web page, and it
//! could read the same error text from any HTML page with a plain GET.
//!
//! **Slots and timeouts.** At most [`Limits::connections`] connections are open at once (a
//! browser opens about six, plus one WebSocket per tab); beyond that the server stops
//! accepting and new connections wait in the kernel's queue. What frees the slots is
//! [`Limits::idle`]: a connection that has not sent a complete request head within it (from
//! its start, or since its last answer) is closed, and so is one whose client has not read
//! an answer for that long. The WebSocket is exempt from the first (it is meant to wait for
//! edits) but holds one of at most half the slots, so idle WebSockets cannot starve pages.
//! Its messages are limited to [`WS_MAX_MESSAGE`] bytes: the client never sends any.
//! The slot cap stays below common open-file limits (macOS: 256); the idle time is
//! `KPSS_SERVE_IDLE_SECS` (read in main.rs) for tests.

use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Sleep;

/// The largest WebSocket message (and frame) a client may send. The preview's script sends
/// nothing; pings, pongs and close frames are at most 125 bytes.
pub const WS_MAX_MESSAGE: usize = 4096;

/// How many connections, and how long a silent one is kept.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Time to send a complete request head (also between requests on a kept-alive
    /// connection) and the longest a write may wait for the client to read.
    pub idle: Duration,
    /// Connections open at once, WebSockets included.
    pub connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            idle: Duration::from_secs(15),
            connections: 128,
        }
    }
}

/// Which authorities the server answers for, and the WebSocket slots.
struct Edge {
    bind: IpAddr,
    port: u16,
    websockets: Arc<Semaphore>,
}

/// The name in a `Host` value, once it is one the server may answer for.
enum Name {
    Localhost,
    Ip(IpAddr),
}

/// Split `host[:port]` (`[v6][:port]`); the port is 80 when none is named, as HTTP says.
/// Anything else (user info, names with dots, IPv4 shorthand like `127.1`) is `None`.
fn parse_host(value: &str) -> Option<(Name, u16)> {
    let (name, rest) = match value.strip_prefix('[') {
        Some(v6) => {
            let (inside, rest) = v6.split_once(']')?;
            (Name::Ip(IpAddr::V6(inside.parse::<Ipv6Addr>().ok()?)), rest)
        }
        None => {
            let (host, rest) = value.find(':').map_or((value, ""), |i| value.split_at(i));
            let name = if host.eq_ignore_ascii_case("localhost") {
                Name::Localhost
            } else {
                Name::Ip(IpAddr::V4(host.parse::<Ipv4Addr>().ok()?))
            };
            (name, rest)
        }
    };
    let port = match rest {
        "" => 80,
        _ => {
            let digits = rest.strip_prefix(':')?;
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits.parse().ok()?
        }
    };
    Some((name, port))
}

impl Edge {
    fn host_ok(&self, value: &str) -> bool {
        match parse_host(value) {
            Some((_, port)) if port != self.port => false,
            Some((Name::Localhost, _)) => true,
            Some((Name::Ip(ip), _)) => {
                ip == IpAddr::V4(Ipv4Addr::LOCALHOST)
                    || ip == IpAddr::V6(Ipv6Addr::LOCALHOST)
                    || ip == self.bind
                    || self.bind.is_unspecified()
            }
            None => false,
        }
    }
}

/// Is a WebSocket's `Origin` the page of this host? Absent: not a browser (see the module).
fn origin_ok(origin: Option<&HeaderValue>, host: &str) -> bool {
    let Some(origin) = origin else {
        return true;
    };
    origin
        .to_str()
        .ok()
        .and_then(|o| o.split_at_checked("http://".len()))
        .is_some_and(|(scheme, rest)| {
            scheme.eq_ignore_ascii_case("http://") && rest.eq_ignore_ascii_case(host)
        })
}

fn refuse(status: StatusCode, text: String) -> Response {
    let mut r = Response::new(Body::from(text));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// One WebSocket slot, held by the live-reload task for as long as its socket is open.
#[derive(Clone)]
pub struct WsSlot(#[allow(dead_code)] Arc<OwnedSemaphorePermit>);

/// Every request passes here before the router: Host, then for upgrades Origin and a slot.
async fn guard(State(edge): State<Arc<Edge>>, mut req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| edge.host_ok(h))
        .map(str::to_string);
    let authority_ok = req
        .uri()
        .authority()
        .is_none_or(|a| edge.host_ok(a.as_str()));
    let (Some(host), true) = (host, authority_ok) else {
        return refuse(
            StatusCode::MISDIRECTED_REQUEST,
            format!(
                "421: kpss serve odpovídá jen na své adrese (localhost, 127.0.0.1, [::1] nebo IP adresa) s portem {port}; otevřete např. http://localhost:{port}/ \n\
                 (kpss serve answers only its own address and port.)\n",
                port = edge.port
            ),
        );
    };
    if !req.headers().contains_key(header::UPGRADE) {
        return next.run(req).await;
    }
    if !origin_ok(req.headers().get(header::ORIGIN), &host) {
        return refuse(
            StatusCode::FORBIDDEN,
            format!(
                "403: WebSocket náhledu přijímá jen stránky náhledu (Origin: http://{host}).\n\
                 (A WebSocket from another page's origin is refused.)\n"
            ),
        );
    }
    let Ok(slot) = edge.websockets.clone().try_acquire_owned() else {
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "503: příliš mnoho otevřených spojení živého náhledu; zavřete některé karty.\n\
             (Too many live-reload connections.)\n"
                .to_string(),
        );
    };
    req.extensions_mut().insert(WsSlot(Arc::new(slot)));
    next.run(req).await
}

/// The WebSocket settings of the live reload: small messages, small buffers.
pub fn small_websocket(ws: WebSocketUpgrade) -> WebSocketUpgrade {
    ws.max_message_size(WS_MAX_MESSAGE)
        .max_frame_size(WS_MAX_MESSAGE)
        .read_buffer_size(WS_MAX_MESSAGE)
}

/// A connection holding its slot: the slot is given back when the connection (or the
/// WebSocket it became) is dropped. A write the client does not take within `limit` fails.
struct Conn {
    tcp: TcpStream,
    _slot: OwnedSemaphorePermit,
    limit: Duration,
    stalled: Option<Pin<Box<Sleep>>>,
}

impl Conn {
    /// A write is pending: start the clock, or fail once it has run out.
    fn stall(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        let limit = self.limit;
        let sleep = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        ready!(sleep.as_mut().poll(cx));
        Poll::Ready(io::Error::new(
            io::ErrorKind::TimedOut,
            "the client does not read",
        ))
    }

    fn written<T>(&mut self, cx: &mut Context<'_>, r: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        match r {
            Poll::Pending => self.stall(cx).map(Err),
            done => {
                self.stalled = None;
                done
            }
        }
    }
}

impl AsyncRead for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_read(cx, buf)
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.tcp).poll_write(cx, buf);
        self.written(cx, r)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.tcp).poll_write_vectored(cx, bufs);
        self.written(cx, r)
    }

    fn is_write_vectored(&self) -> bool {
        self.tcp.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let r = Pin::new(&mut self.tcp).poll_flush(cx);
        self.written(cx, r)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_shutdown(cx)
    }
}

/// Accept errors that concern one connection only (as axum::serve treats them); others (no
/// file descriptors left) are waited out.
fn one_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// Serve `router` on `listener` until Ctrl+C, with the Host/Origin checks, the connection
/// slots and the timeouts of the module. Open connections end with the runtime.
pub async fn serve(listener: TcpListener, router: Router, limits: Limits) -> io::Result<()> {
    let local = listener.local_addr()?;
    let edge = Arc::new(Edge {
        bind: local.ip(),
        port: local.port(),
        websockets: Arc::new(Semaphore::new((limits.connections / 2).max(1))),
    });
    let app = router.layer(axum::middleware::from_fn_with_state(edge, guard));
    let slots = Arc::new(Semaphore::new(limits.connections.max(1)));
    let mut shutdown = std::pin::pin!(async {
        let _ = tokio::signal::ctrl_c().await;
    });
    loop {
        // A slot first, then accept: connections beyond the cap wait in the kernel's queue
        // and cost this process no file descriptor.
        let slot = tokio::select! {
            s = slots.clone().acquire_owned() => match s {
                Ok(s) => s,
                Err(_) => return Ok(()),
            },
            _ = &mut shutdown => return Ok(()),
        };
        let tcp = tokio::select! {
            a = listener.accept() => match a {
                Ok((tcp, _)) => tcp,
                Err(e) if one_connection_error(&e) => continue,
                Err(_) => {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            },
            _ = &mut shutdown => return Ok(()),
        };
        let io = TokioIo::new(Conn {
            tcp,
            _slot: slot,
            limit: limits.idle,
            stalled: None,
        });
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(limits.idle);
            // Errors here are one client's (closed, timed out, malformed): nothing to report.
            let _ = http.serve_connection(io, service).with_upgrades().await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(bind: &str) -> Edge {
        Edge {
            bind: bind.parse().unwrap(),
            port: 1111,
            websockets: Arc::new(Semaphore::new(1)),
        }
    }

    #[test]
    fn only_the_servers_own_names_and_port_are_answered() {
        let loopback = edge("127.0.0.1");
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
        ] {
            assert!(loopback.host_ok(ok), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "localhost.:1111",
            "127.0.0.1",
            "127.0.0.1:1112",
            "127.0.0.1:",
            "127.0.0.1:+1111",
            "127.0.0.1:01111x",
            "127.1:1111",
            "192.168.1.2:1111",
            "user@127.0.0.1:1111",
            "[::1]1111",
            "[fe80::1%eth0]:1111",
            "",
            ":1111",
        ] {
            assert!(!loopback.host_ok(bad), "{bad}");
        }
        let all = edge("0.0.0.0");
        for ok in ["192.168.1.2:1111", "[2001:db8::1]:1111", "localhost:1111"] {
            assert!(all.host_ok(ok), "{ok}");
        }
        assert!(!all.host_ok("mujpocitac.lan:1111"));
        let lan = edge("192.168.1.2");
        assert!(lan.host_ok("192.168.1.2:1111"));
        assert!(!lan.host_ok("192.168.1.3:1111"));
    }

    #[test]
    fn a_websocket_origin_must_be_the_page_of_its_host() {
        let h = |s: &'static str| HeaderValue::from_static(s);
        assert!(origin_ok(
            Some(&h("http://127.0.0.1:1111")),
            "127.0.0.1:1111"
        ));
        assert!(origin_ok(
            Some(&h("HTTP://LocalHost:1111")),
            "localhost:1111"
        ));
        assert!(origin_ok(None, "127.0.0.1:1111"));
        for bad in [
            "http://evil.example",
            "null",
            "https://127.0.0.1:1111",
            "http://127.0.0.1:1111/",
            "http://",
            "",
        ] {
            assert!(!origin_ok(Some(&h(bad)), "127.0.0.1:1111"), "{bad}");
        }
    }
}
