//! A Chat Completions server on 127.0.0.1 (an ephemeral port) for the eval tests: real TCP,
//! real HTTP/1.1 with keep-alive, and a script that decides each answer: a model output, a
//! status with or without `Retry-After`, a hang, a body that is not JSON, a body cut short.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server does with one request.
pub enum Reply {
    /// 200 with a Chat Completions response whose message content is this text.
    Content(String),
    /// This status, an OpenAI-style error body, and `Retry-After` when given.
    Status(u16, Option<&'static str>),
    /// Says nothing for this long, then closes the connection.
    Hang(Duration),
    /// 200 with a body that is not JSON.
    NotJson,
    /// 200 announcing a longer body than it sends, then closes the connection.
    Truncated,
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The request line and headers, as sent.
    pub head: String,
    /// The body.
    pub body: String,
}

type Script = dyn Fn(usize, &str) -> Reply + Send + Sync;

/// A running server; it lives until the test process ends.
pub struct ChatServer {
    /// The port on 127.0.0.1.
    pub port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl ChatServer {
    /// Starts a server answering request `n` (from 0) with body `body` as `script` says.
    pub fn start(script: impl Fn(usize, &str) -> Reply + Send + Sync + 'static) -> ChatServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let script: Arc<Script> = Arc::new(script);
        let shared = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (seen, script) = (Arc::clone(&shared), Arc::clone(&script));
                std::thread::spawn(move || serve(stream, &seen, &*script));
            }
        });
        ChatServer { port, seen }
    }

    /// The base URL to pass as `--base-url`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }

    /// The requests received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// A Chat Completions response carrying `content`.
pub fn completion(content: &str) -> String {
    serde_json::json!({
        "id": "chatcmpl-test", "object": "chat.completion", "model": "test-model",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    })
    .to_string()
}

fn serve(stream: TcpStream, seen: &Mutex<Vec<Seen>>, script: &Script) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    loop {
        let mut head = String::new();
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            head.push_str(&line);
            if line == "\r\n" {
                break;
            }
        }
        let length = head
            .lines()
            .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let body = String::from_utf8_lossy(&body).into_owned();
        let n = {
            let mut seen = seen.lock().unwrap();
            seen.push(Seen { head, body: body.clone() });
            seen.len() - 1
        };
        let response = match script(n, &body) {
            Reply::Content(content) => respond(200, "OK", &completion(&content), None),
            Reply::Status(status, retry_after) => {
                let body = format!(r#"{{"error": {{"message": "scripted {status}", "type": "test"}}}}"#);
                respond(status, "Scripted", &body, retry_after)
            }
            Reply::Hang(duration) => {
                std::thread::sleep(duration);
                return;
            }
            Reply::NotJson => respond(200, "OK", "<html>502 upstream gone</html>", None),
            Reply::Truncated => {
                let full = completion("{\"sentiment\": 8}");
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                    full.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&full.as_bytes()[..full.len() / 2]);
                let _ = stream.flush();
                return;
            }
        };
        if stream.write_all(response.as_bytes()).and_then(|()| stream.flush()).is_err() {
            return;
        }
    }
}

fn respond(status: u16, reason: &str, body: &str, retry_after: Option<&str>) -> String {
    let extra = retry_after.map(|s| format!("Retry-After: {s}\r\n")).unwrap_or_default();
    format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{extra}\r\n{body}",
        body.len()
    )
}
