//! Getting a response for every request: from the cassette, from the endpoint, or both, with
//! at most `jobs` requests in flight. The first endpoint failure stops new requests; those in
//! flight finish, and every response received is kept in the cassette, so a run that fails
//! midway keeps what it recorded.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde_json::Value;

use super::cassette::{Cassette, Entry, key};
use super::client::{Client, EndpointError};

/// Where responses come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Recorded responses are reused; the others are requested and recorded.
    Reuse,
    /// Everything is requested again and recorded over the old entries.
    Record,
    /// Only the cassette; a missing entry fails the run and nothing touches the network.
    Replay,
}

/// One request to make.
#[derive(Debug, Clone)]
pub struct Request {
    /// The case's name, for the cassette and progress.
    pub case: String,
    /// Run number, from 1.
    pub run: u32,
    /// The model, for the cassette.
    pub model: String,
    /// The body, exactly as sent.
    pub body: String,
}

impl Request {
    /// The cassette key.
    pub fn key(&self) -> String {
        key(&self.body, self.run)
    }
}

/// A response for one request.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The Chat Completions response.
    pub response: Value,
    /// Milliseconds the request took (as recorded, when replayed).
    pub latency_ms: u64,
    /// Whether it came from the cassette.
    pub replayed: bool,
}

/// Why the run stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Stopped {
    /// The endpoint failed.
    #[error("{0}")]
    Endpoint(EndpointError),
    /// `--replay`, and a request has no recorded response.
    #[error(
        "no recorded response for case `{case}` run {run}: the plan, the case, the model or the sampling changed since the cassette was recorded"
    )]
    NotRecorded {
        /// The case.
        case: String,
        /// The run.
        run: u32,
        /// How many requests in all have no entry.
        missing: usize,
    },
}

/// Gets a response for every request, in request order; `None` for those never made because
/// the run stopped. `done` is called after each request, from the thread that made it.
pub fn fetch_all(
    requests: &[Request],
    cassette: &Mutex<Cassette>,
    client: Option<&Client>,
    mode: Mode,
    jobs: usize,
    done: &(dyn Fn(&Request) + Sync),
) -> (Vec<Option<Fetched>>, Option<Stopped>) {
    let mut results: Vec<Option<Fetched>> = vec![None; requests.len()];
    let mut pending = Vec::new();
    {
        let recorded = cassette.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for (index, request) in requests.iter().enumerate() {
            match recorded.entries.get(&request.key()).filter(|_| mode != Mode::Record) {
                Some(entry) => {
                    results[index] = Some(Fetched {
                        response: entry.response.clone(),
                        latency_ms: entry.latency_ms,
                        replayed: true,
                    });
                    done(request);
                }
                None => pending.push(index),
            }
        }
    }
    let (Some(client), Mode::Reuse | Mode::Record) = (client, mode) else {
        let stopped = pending.first().map(|&first| Stopped::NotRecorded {
            case: requests[first].case.clone(),
            run: requests[first].run,
            missing: pending.len(),
        });
        return (results, stopped);
    };
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let failure: Mutex<Option<Stopped>> = Mutex::new(None);
    let fetched: Mutex<Vec<(usize, Fetched)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, pending.len().max(1)) {
            scope.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    let Some(&index) = pending.get(next.fetch_add(1, Ordering::Relaxed)) else { break };
                    let request = &requests[index];
                    match client.complete(&request.body) {
                        Ok(reply) => {
                            let latency_ms = u64::try_from(reply.latency.as_millis()).unwrap_or(u64::MAX);
                            let entry = Entry {
                                case: request.case.clone(),
                                run: request.run,
                                model: request.model.clone(),
                                latency_ms,
                                response: reply.response.clone(),
                            };
                            lock(cassette).entries.insert(request.key(), entry);
                            lock(&fetched)
                                .push((index, Fetched { response: reply.response, latency_ms, replayed: false }));
                            done(request);
                        }
                        Err(error) => {
                            stop.store(true, Ordering::Relaxed);
                            lock(&failure).get_or_insert(Stopped::Endpoint(error));
                        }
                    }
                }
            });
        }
    });
    for (index, result) in fetched.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner) {
        results[index] = Some(result);
    }
    (results, failure.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner))
}

/// A worker that panicked cannot leave the data half-written (each update is one insert), so
/// a poisoned lock is still usable.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(case: &str, run: u32) -> Request {
        Request { case: case.into(), run, model: "m".into(), body: format!("{{\"case\":\"{case}\"}}") }
    }

    #[test]
    fn replay_answers_from_the_cassette_and_counts_what_is_missing() {
        let recorded = request("a", 1);
        let mut cassette = Cassette { version: super::super::cassette::VERSION, entries: Default::default() };
        let entry = Entry {
            case: "a".into(),
            run: 1,
            model: "m".into(),
            latency_ms: 42,
            response: serde_json::json!({"choices": []}),
        };
        cassette.entries.insert(recorded.key(), entry);
        let requests = [recorded, request("a", 2), request("b", 1)];
        let done = AtomicUsize::new(0);
        let (results, stopped) = fetch_all(&requests, &Mutex::new(cassette), None, Mode::Replay, 4, &|_| {
            done.fetch_add(1, Ordering::Relaxed);
        });
        assert_eq!(results[0].as_ref().map(|r| (r.latency_ms, r.replayed)), Some((42, true)));
        assert!(results[1].is_none() && results[2].is_none());
        assert_eq!(stopped, Some(Stopped::NotRecorded { case: "a".into(), run: 2, missing: 2 }));
        assert_eq!(done.load(Ordering::Relaxed), 1);
    }
}
