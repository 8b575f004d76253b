//! A blocking client of a node's `/v1/` API: what `rivet ... --node URL` uses.
//!
//! Answers are the node's JSON, unchanged (the same field names as the CLI's
//! `--json` output). A 4xx/5xx answer with a JSON error body becomes
//! [`ClientError::Status`] carrying the node's message; a refused transaction is
//! not an error of the client but an answer ([`Submitted::Refused`]).

use crate::request::TxSpec;
use rivet_state::auth::keys::{self, AuthScheme};
use rivet_state::Word;
use serde_json::Value;
use std::time::Duration;

/// Why a request to a node failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The node could not be reached, or the connection failed.
    #[error("{url}: {source}")]
    Http {
        /// The request URL.
        url: String,
        /// The transport error.
        source: Box<ureq::Error>,
    },
    /// The node answered with an error status.
    #[error("{url}: HTTP {status}: {message}")]
    Status {
        /// The request URL.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The node's `error` message (or the raw body).
        message: String,
    },
    /// The answer is not JSON.
    #[error("{url}: the answer is not JSON: {reason}")]
    NotJson {
        /// The request URL.
        url: String,
        /// The parse error.
        reason: String,
    },
}

/// What a node did with a submitted transaction.
#[derive(Clone, Debug, PartialEq)]
pub enum Submitted {
    /// Committed: the log summary plus `committed`, `attempts`, `submission`.
    Committed(Value),
    /// Not committed: `kind`, `refused` (the reason), `submission`.
    Refused(Value),
}

/// What signing a request takes, as the node reports it (see [`Client::summarize`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToSign {
    /// The transaction summary digest to sign.
    pub summary: Word,
    /// The account's auth scheme.
    pub scheme: AuthScheme,
    /// The public keys it stores, by key index.
    pub keys: Vec<(u8, [u8; 32])>,
    /// The account's name in the node's registry (the keystore file name).
    pub account_name: Option<String>,
}

/// A node's API at a base URL such as `http://127.0.0.1:7370`.
pub struct Client {
    base: String,
    agent: ureq::Agent,
}

/// Percent-encodes one path segment (`#3` -> `%233`).
pub fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Client {
    /// A client of the node at `url` (a trailing `/` is ignored).
    pub fn new(url: &str) -> Client {
        Client {
            base: url.trim_end_matches('/').to_string(),
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .timeout_global(Some(Duration::from_secs(120)))
                .build()
                .into(),
        }
    }

    fn answer(
        &self,
        url: String,
        r: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<(u16, Value), ClientError> {
        let mut r = r.map_err(|source| ClientError::Http {
            url: url.clone(),
            source: Box::new(source),
        })?;
        let status = r.status().as_u16();
        let text = r
            .body_mut()
            .read_to_string()
            .map_err(|source| ClientError::Http {
                url: url.clone(),
                source: Box::new(source),
            })?;
        match serde_json::from_str::<Value>(&text) {
            Ok(v) => Ok((status, v)),
            Err(_) if status >= 400 => Err(ClientError::Status {
                url,
                status,
                message: text,
            }),
            Err(e) => Err(ClientError::NotJson {
                url,
                reason: e.to_string(),
            }),
        }
    }

    fn check(url: String, (status, v): (u16, Value)) -> Result<Value, ClientError> {
        if (200..300).contains(&status) {
            return Ok(v);
        }
        let message = v["error"]
            .as_str()
            .map_or_else(|| v.to_string(), str::to_string);
        Err(ClientError::Status {
            url,
            status,
            message,
        })
    }

    /// `GET path`; a non-2xx answer is an error.
    pub fn get(&self, path: &str) -> Result<Value, ClientError> {
        let url = format!("{}{path}", self.base);
        let a = self.answer(url.clone(), self.agent.get(&url).call())?;
        Self::check(url, a)
    }

    /// `POST path` with a JSON body: (status, answer) for any JSON answer.
    pub fn post(&self, path: &str, body: &Value) -> Result<(u16, Value), ClientError> {
        let url = format!("{}{path}", self.base);
        let r = self
            .agent
            .post(&url)
            .header("content-type", "application/json")
            .send(body.to_string().as_bytes());
        self.answer(url, r)
    }

    /// Submits a transaction and waits for its commit or refusal.
    pub fn submit(&self, spec: &TxSpec) -> Result<Submitted, ClientError> {
        let url = format!("{}/v1/transactions", self.base);
        let (status, v) = self.post("/v1/transactions", &spec.to_json())?;
        match status {
            200 => Ok(Submitted::Committed(v)),
            403 | 409 | 422 if v["committed"] == false => Ok(Submitted::Refused(v)),
            _ => Err(Self::check(url, (status, v))
                .err()
                .unwrap_or(ClientError::Status {
                    url: format!("{}/v1/transactions", self.base),
                    status,
                    message: "unexpected answer".into(),
                })),
        }
    }

    /// What the signer of `spec` must sign (`POST /v1/transactions/summary`):
    /// `Ok(Ok(..))`, or `Ok(Err(answer))` when the request cannot run (the refusal,
    /// as a submission would report it).
    pub fn summarize(&self, spec: &TxSpec) -> Result<Result<ToSign, Value>, ClientError> {
        let path = "/v1/transactions/summary";
        let url = format!("{}{path}", self.base);
        let (status, v) = self.post(path, &spec.to_json())?;
        if status == 422 && v["committed"] == false {
            return Ok(Err(v));
        }
        let v = Self::check(url.clone(), (status, v))?;
        let bad = |what: &str| ClientError::NotJson {
            url: url.clone(),
            reason: format!("the summary answer has no valid `{what}`"),
        };
        let summary = v["summary"]
            .as_str()
            .and_then(|h| keys::unhex(h).ok())
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| bad("summary"))?;
        let scheme = v["auth"]["scheme"]
            .as_str()
            .and_then(AuthScheme::from_name)
            .ok_or_else(|| bad("auth.scheme"))?;
        let mut stored = Vec::new();
        for k in v["auth"]["keys"].as_array().into_iter().flatten() {
            let index = k["index"].as_u64().and_then(|i| u8::try_from(i).ok());
            let public = k["public"]
                .as_str()
                .and_then(|h| keys::unhex(h).ok())
                .and_then(|b| <[u8; 32]>::try_from(b).ok());
            match (index, public) {
                (Some(i), Some(p)) => stored.push((i, p)),
                _ => return Err(bad("auth.keys")),
            }
        }
        Ok(Ok(ToSign {
            summary: Word(summary),
            scheme,
            keys: stored,
            account_name: v["account_name"].as_str().map(str::to_string),
        }))
    }

    /// The whole transaction log, page by page.
    pub fn log(&self) -> Result<Vec<Value>, ClientError> {
        let mut out = Vec::new();
        let mut from = 0;
        loop {
            let page = self.get(&format!("/v1/transactions?from={from}&limit=1000"))?;
            if let Some(txs) = page["transactions"].as_array() {
                out.extend(txs.iter().cloned());
            }
            match page["next"].as_u64() {
                Some(n) => from = n,
                None => return Ok(out),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(segment("#3"), "%233");
        assert_eq!(segment("alice"), "alice");
        assert_eq!(segment("a/b c"), "a%2Fb%20c");
    }
}
