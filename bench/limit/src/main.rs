//! `plankit-bench-limit MODE FILE`: reads FILE (NDJSON), splits it into lines with memchr and
//! parses every line on rayon's threads, doing nothing else; prints `MODE docs seconds`.
//!
//! Modes: `read` (split only: the I/O floor), `serde` (serde_json into `serde_json::Value`),
//! `sonic` (sonic-rs into its own `Value`), `sonic-serde` (sonic-rs into `serde_json::Value`),
//! `lazy` (sonic-rs lazy access to `message.type` and the analysis, which alone becomes a
//! `serde_json::Value`: what a validator that needs only those pays).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use rayon::prelude::*;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mode), Some(path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: plankit-bench-limit read|serde|sonic|sonic-serde|lazy FILE");
        std::process::exit(2);
    };
    let start = Instant::now();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("{path}: {error}");
            std::process::exit(3);
        }
    };
    let mut chunks = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let mut end = (at + (256 << 10)).min(bytes.len());
        end = memchr::memchr(b'\n', &bytes[end..]).map_or(bytes.len(), |i| end + i + 1);
        chunks.push(&bytes[at..end]);
        at = end;
    }
    let parsed: usize = chunks
        .par_iter()
        .map(|chunk| {
            let mut ok = 0;
            for line in chunk.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
                let good = match mode.as_str() {
                    "read" => line[0] == b'{',
                    "serde" => serde_json::from_slice::<serde_json::Value>(line).is_ok(),
                    "sonic" => sonic_rs::from_slice::<sonic_rs::Value>(line).is_ok(),
                    "sonic-serde" => sonic_rs::from_slice::<serde_json::Value>(line).is_ok(),
                    _ => lazy(line),
                };
                ok += usize::from(good);
            }
            ok
        })
        .sum();
    println!("{mode} {parsed} {:.3}", start.elapsed().as_secs_f64());
}

fn lazy(line: &[u8]) -> bool {
    match sonic_rs::get(line, &["message", "type"]) {
        Ok(kind) => {
            let _ = kind.as_raw_str();
            sonic_rs::get(line, &["message", "analysis"])
                .ok()
                .and_then(|raw| serde_json::from_str::<serde_json::Value>(raw.as_raw_str()).ok())
                .is_some()
        }
        Err(_) => serde_json::from_slice::<serde_json::Value>(line).is_ok(),
    }
}
