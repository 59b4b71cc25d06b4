//! The preview's HTTP side: the router's handlers answer from the in-memory map of the last
//! good build (never a source file), refuse every path that could climb out of the site, give
//! HTML pages the live-reload client, and push reloads and errors over the WebSocket.

use std::sync::Arc;

use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast;

use super::Shared;
use crate::listener::WsSlot;
use crate::pipeline::session::Files;

/// The script every served HTML page gets (never written by `build`): reload on a message,
/// show errors over the page, reconnect with back-off after the server restarts.
const CLIENT: &str = r#"<script>
(function () {
  var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__kpss/livereload";
  var delay = 250, lost = false;
  function overlay(text) {
    var o = document.getElementById("kpss-errors");
    if (!o) {
      o = document.createElement("div");
      o.id = "kpss-errors";
      o.setAttribute("role", "alert");
      o.style.cssText = "position:fixed;inset:0;overflow:auto;background:#fff;color:#000;z-index:99999;padding:1rem;border:6px solid #b00020;font:14px/1.4 monospace";
      document.body.appendChild(o);
    }
    o.innerHTML = "";
    var h = document.createElement("h2");
    h.textContent = "kpss: chyby v obsahu / content errors";
    var pre = document.createElement("pre");
    pre.textContent = text;
    pre.style.whiteSpace = "pre-wrap";
    o.appendChild(h);
    o.appendChild(pre);
    dismissable(o);
  }
  // The overlay can be closed (to read the page behind it): a button, focused, and Esc. The
  // next broken save shows it again.
  function dismiss() {
    var o = document.getElementById("kpss-errors");
    if (o) { o.parentNode.removeChild(o); }
  }
  function dismissable(o) {
    if (o.querySelector(".kpss-close")) { return; }
    var b = document.createElement("button");
    b.type = "button";
    b.className = "kpss-close";
    b.textContent = "Zavřít";
    b.style.cssText = "position:absolute;top:0.5rem;right:0.5rem;min-width:44px;min-height:44px;padding:0.5rem 1rem;font:inherit;cursor:pointer";
    b.addEventListener("click", dismiss);
    o.insertBefore(b, o.firstChild);
    b.focus();
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" || e.key === "Esc") { dismiss(); }
  });
  // The overlay the server put into the page (errors at load time) gets the same button.
  var shown = document.getElementById("kpss-errors");
  if (shown) { dismissable(shown); }
  function connect() {
    var ws = new WebSocket(url);
    ws.onopen = function () { if (lost) { location.reload(); } delay = 250; };
    ws.onmessage = function (e) {
      var m = JSON.parse(e.data);
      // A reload for some pages only (those the server rendered after the edited one).
      var here = location.pathname.replace(/index\.html$/, "");
      if (m.type === "reload" && (!m.paths || m.paths.indexOf(here) >= 0)) { location.reload(); }
      else if (m.type === "error") { overlay(m.text); }
    };
    ws.onclose = function () { lost = true; setTimeout(connect, delay); delay = Math.min(delay * 2, 4000); };
  }
  connect();
})();
</script>"#;

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn inject(html: &[u8], errors: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let mut extra = String::new();
    if let Some(e) = errors {
        extra.push_str(&format!(
            "<div id=\"kpss-errors\" role=\"alert\" style=\"position:fixed;inset:0;overflow:auto;background:#fff;color:#000;z-index:99999;padding:1rem;border:6px solid #b00020;font:14px/1.4 monospace\"><h2>kpss: chyby v obsahu / content errors</h2><pre style=\"white-space:pre-wrap\">{}</pre></div>",
            escape_html(e)
        ));
    }
    extra.push_str(CLIENT);
    match text.rfind("</body>") {
        Some(i) => format!("{}{}{}", &text[..i], extra, &text[i..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "odt" => "application/vnd.oasis.opendocument.text",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Where a request path leads, or why it is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the site (`jh/index.html`).
    File(String),
    /// Redirect to this absolute path.
    Redirect(String),
    NotFound,
    BadRequest,
}

/// Map a raw request path to the site, refusing anything that could climb out of it:
/// `..` (also percent-encoded), backslashes, NUL, empty segments, invalid UTF-8.
pub fn route(raw_path: &str, base: &str, files: &Files) -> Target {
    if raw_path.contains("//") || raw_path.contains('\\') {
        return Target::BadRequest;
    }
    let Ok(decoded) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return Target::BadRequest;
    };
    if decoded.contains('\0')
        || decoded.contains('\\')
        || decoded.contains("//")
        || decoded.split('/').any(|s| s == ".." || s == ".")
    {
        return Target::BadRequest;
    }
    if decoded == "/" && base != "/" {
        return Target::Redirect(base.to_string());
    }
    let Some(inner) = decoded.strip_prefix(base).or_else(|| {
        // `/planovani` without its slash.
        (decoded.as_ref() == base.trim_end_matches('/')).then_some("")
    }) else {
        return Target::NotFound;
    };
    if decoded.as_ref() == base.trim_end_matches('/') && base != "/" {
        return Target::Redirect(base.to_string());
    }
    let key = if inner.is_empty() || inner.ends_with('/') {
        format!("{inner}index.html")
    } else {
        inner.to_string()
    };
    if files.contains_key(key.as_str()) {
        return Target::File(key);
    }
    if !inner.is_empty() && files.contains_key(format!("{inner}/index.html").as_str()) {
        return Target::Redirect(crate::source::config::site_url(base, &format!("{inner}/")));
    }
    Target::NotFound
}

fn respond(status: StatusCode, ctype: &str, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(ctype) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

pub(super) async fn serve_path(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let files = shared.files.read().map(|f| f.clone()).unwrap_or_default();
    let base = shared.base.read().map(|b| b.clone()).unwrap_or_default();
    let errors = shared.errors.read().ok().and_then(|e| e.clone());
    let page = |key: &str, status: StatusCode| -> Response {
        let bytes = files.get(key).map(|b| b.to_vec()).unwrap_or_default();
        let body = if key.ends_with(".html") {
            inject(&bytes, errors.as_deref())
        } else {
            bytes
        };
        respond(status, content_type(key), body)
    };
    match route(uri.path(), &base, &files) {
        Target::File(key) => page(&key, StatusCode::OK),
        Target::Redirect(to) => {
            let mut r = respond(StatusCode::FOUND, "text/plain; charset=utf-8", Vec::new());
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Target::NotFound if files.contains_key("404.html") => {
            page("404.html", StatusCode::NOT_FOUND)
        }
        Target::NotFound => respond(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            b"404".to_vec(),
        ),
        Target::BadRequest => respond(
            StatusCode::BAD_REQUEST,
            "text/plain; charset=utf-8",
            b"400".to_vec(),
        ),
    }
}

pub(super) async fn livereload(
    State(shared): State<Arc<Shared>>,
    slot: Option<Extension<WsSlot>>,
    ws: WebSocketUpgrade,
) -> impl IntoResponse {
    // The slot (`crate::listener`) is held as long as the socket is open.
    crate::listener::small_websocket(ws).on_upgrade(move |socket| async move {
        client(socket, shared).await;
        drop(slot);
    })
}

async fn client(mut socket: WebSocket, shared: Arc<Shared>) {
    let mut rx = shared.events.subscribe();
    // A tab that opens while the site is broken sees the errors at once.
    let pending = shared.errors.read().ok().and_then(|e| e.clone());
    if let Some(text) = pending {
        let msg = serde_json::json!({ "type": "error", "text": text }).to_string();
        if socket.send(Message::Text(msg.into())).await.is_err() {
            return;
        }
    }
    loop {
        tokio::select! {
            ev = rx.recv() => match ev {
                Ok(msg) => {
                    if socket.send(Message::Text(msg.into())).await.is_err() {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(_) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(_)) => continue,
                _ => return,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        let mut f = Files::default();
        for k in ["index.html", "jh/index.html", "style.css", "404.html"] {
            f.insert(Arc::from(k), Arc::new(b"x".to_vec()));
        }
        f
    }

    #[test]
    fn requests_never_leave_the_site() {
        let f = files();
        let b = "/planovani/";
        for bad in [
            "/planovani/../config.toml",
            "/planovani/%2e%2e/config.toml",
            "/planovani/%2E%2E/%2e%2e/etc/passwd",
            "/planovani/..%2fconfig.toml",
            "/planovani/jh/..%5c..%5cconfig.toml",
            "/planovani\\..\\config.toml",
            "/planovani/%00",
            "/planovani//etc/passwd",
            "/planovani/%ff",
            "/planovani/./jh/",
        ] {
            assert_eq!(route(bad, b, &f), Target::BadRequest, "{bad}");
        }
        assert_eq!(
            route("/planovani/jh/", b, &f),
            Target::File("jh/index.html".into())
        );
        assert_eq!(
            route("/planovani/jh", b, &f),
            Target::Redirect("/planovani/jh/".into())
        );
        assert_eq!(route("/", b, &f), Target::Redirect("/planovani/".into()));
        assert_eq!(
            route("/planovani", b, &f),
            Target::Redirect("/planovani/".into())
        );
        assert_eq!(route("/jh/", b, &f), Target::NotFound);
        assert_eq!(
            route("/planovani/content/jh/_index.md", b, &f),
            Target::NotFound
        );
        assert_eq!(route("/planovani/config.toml", b, &f), Target::NotFound);
    }

    #[test]
    fn the_client_script_goes_before_body_end_with_errors_escaped() {
        let out = String::from_utf8(inject(
            b"<html><body><p>x</p></body></html>",
            Some("<b>chyba</b>"),
        ))
        .unwrap();
        assert!(out.contains("&lt;b&gt;chyba&lt;/b&gt;"));
        assert!(out.find("/__kpss/livereload").unwrap() < out.find("</body>").unwrap());
    }

    #[test]
    fn the_error_overlay_can_be_dismissed_by_a_button_and_esc() {
        // A real <button> (focusable, named by its text „Zavřít“), focused when the overlay
        // appears, for the overlay the script draws and the one the server put in the page.
        assert!(CLIENT.contains(r#"createElement("button")"#));
        assert!(CLIENT.contains(r#"b.textContent = "Zavřít""#));
        assert!(CLIENT.contains("b.focus()"));
        assert!(CLIENT.contains(r#"addEventListener("click", dismiss)"#));
        assert!(CLIENT.contains(r#"e.key === "Escape""#));
        assert!(CLIENT.contains(r#"var shown = document.getElementById("kpss-errors")"#));
        // The overlay's own function adds the button after it wrote the errors.
        let overlay = &CLIENT[CLIENT.find("function overlay").unwrap()..];
        assert!(
            overlay.find("dismissable(o)").unwrap() < overlay.find("function connect").unwrap()
        );
    }
}
