//! A webhook receiver for Flireo end-of-call-reports, with the standard library only: it
//! verifies the signature over the raw body, then validates the analysis against the plan.
//!
//! ```text
//! export PLANKIT_WEBHOOK_SECRET=whsec_…       # the agent's webhook_secret
//! cargo run --example receiver -- plan.json 127.0.0.1:8787
//! plankit send http://127.0.0.1:8787/hook --sample plan.json --scheme flireo --secret-env PLANKIT_WEBHOOK_SECRET
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

use plankit::validate::OutputValidator;
use plankit::webhook::{Header, Scheme, Secret, VerifyOptions, verify};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let plan_path = args.next().ok_or("usage: receiver PLAN [ADDRESS]")?;
    let address = args.next().unwrap_or_else(|| "127.0.0.1:8787".to_owned());
    let secret = Secret::new(std::env::var("PLANKIT_WEBHOOK_SECRET")?);

    // compile the plan's schema once; the validator is Send + Sync
    let text = std::fs::read_to_string(&plan_path)?;
    let document = plankit::json::Document::parse(&text).map_err(|e| e.message)?;
    let plan = plankit::plan::find_plans(document.value()).into_iter().next().ok_or("no analysis plan in the file")?;
    let validator = plan.output_validator()?;

    let listener = TcpListener::bind(&address)?;
    eprintln!("listening on http://{address}/");
    for stream in listener.incoming() {
        let mut stream = stream?;
        let (status, reply) = match read_request(&mut stream) {
            Ok((headers, body)) => handle(&headers, &body, &secret, &validator),
            Err(error) => (400, format!("bad request: {error}")),
        };
        let response =
            format!("HTTP/1.1 {status} \r\ncontent-length: {}\r\nconnection: close\r\n\r\n{reply}", reply.len());
        stream.write_all(response.as_bytes())?;
    }
    Ok(())
}

/// Verifies, then validates. The body is verified exactly as received, before any parsing:
/// a parsed and re-serialised body does not verify.
fn handle(headers: &[Header], body: &[u8], secret: &Secret, validator: &OutputValidator) -> (u16, String) {
    if let Err(failure) = verify(&Scheme::Flireo, secret, body, headers, &VerifyOptions::default()) {
        return (401, format!("signature: {failure}"));
    }
    let Ok(report) = serde_json::from_slice::<serde_json::Value>(body) else {
        return (400, "not JSON".to_owned());
    };
    let Some(analysis) = report.pointer("/message/analysis") else {
        return (200, "no analysis in this event".to_owned());
    };
    let errors = validator.validate_at(analysis, "/message/analysis");
    if errors.is_empty() {
        // write the analysis to the CRM here
        (200, "ok".to_owned())
    } else {
        let messages: Vec<String> = errors.into_iter().map(|e| e.message).collect();
        (422, messages.join("\n"))
    }
}

/// Reads one HTTP/1.1 request: its headers and exactly `content-length` bytes of body.
fn read_request(stream: &mut TcpStream) -> std::io::Result<(Vec<Header>, Vec<u8>)> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?; // POST /hook HTTP/1.1
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        if line.trim().is_empty() {
            break;
        }
        headers.extend(Header::parse(line.trim_end()));
    }
    let length = headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-length"))
        .and_then(|h| h.value.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length.min(16 << 20)];
    reader.read_exact(&mut body)?;
    Ok((headers, body))
}
