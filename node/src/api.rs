//! The HTTP routes: `/v1/...` (JSON) and the explorer page at `/`.
//!
//! Every handler that reads the store does so on a blocking thread with a deadline
//! ([`READ_TIMEOUT`]); a submission gets a number first, so a client whose request
//! outlived [`SUBMIT_TIMEOUT`] can still learn its outcome at
//! `/v1/submissions/{n}`. Errors are [`ApiError`]s: a JSON body naming the field.

use crate::body;
use crate::error::ApiError;
use crate::events;
use crate::ledger::Ledger;
use crate::pool::{refusal_kind, Pool};
use crate::render::{account_json, note_json, recipient, tx_detail, tx_json};
use crate::request::{TxSpec, ViewSpec};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rivet_state::auth::keys;
use rivet_state::NoteStatus;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

pub use crate::body::MAX_BODY;
/// Deadline for a read.
pub const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// Deadline for a submission's answer (it may still commit afterwards).
pub const SUBMIT_TIMEOUT: Duration = Duration::from_secs(60);
/// The most log entries one page returns.
pub const MAX_PAGE: usize = 1000;

/// The explorer page (static, embedded).
const EXPLORER: &str = include_str!("../assets/explorer.html");
/// The OpenAPI description.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

type St = State<Arc<Pool>>;

/// Every route [`router`] serves, as (method, path): the OpenAPI description must
/// describe exactly these (a unit test checks).
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/v1/status"),
    ("get", "/v1/accounts"),
    ("get", "/v1/accounts/{account}"),
    ("post", "/v1/accounts/{account}/view"),
    ("get", "/v1/notes"),
    ("get", "/v1/notes/{id}"),
    ("get", "/v1/transactions"),
    ("post", "/v1/transactions"),
    ("post", "/v1/transactions/summary"),
    ("get", "/v1/transactions/{id}"),
    ("get", "/v1/submissions/{n}"),
    ("get", "/v1/events"),
    ("get", "/v1/openapi.json"),
    ("get", "/"),
];

/// The router of a node serving `pool`.
pub fn router(pool: Arc<Pool>) -> Router {
    let api = Router::new()
        .route("/v1/status", get(status))
        .route("/v1/accounts", get(accounts))
        .route("/v1/accounts/{account}", get(account))
        .route("/v1/accounts/{account}/view", post(view))
        .route("/v1/notes", get(notes))
        .route("/v1/notes/{id}", get(note))
        .route("/v1/transactions", get(transactions).post(submit))
        .route("/v1/transactions/summary", post(summary))
        .route("/v1/transactions/{id}", get(transaction))
        .route("/v1/submissions/{n}", get(submission))
        .route("/v1/openapi.json", get(openapi))
        .route("/", get(|| async { Html(EXPLORER) }))
        .fallback(|| async {
            ApiError::NotFound {
                what: "route",
                key: "this path".into(),
                hint: " (see /v1/openapi.json)".into(),
            }
        })
        .layer(axum::middleware::map_response(json_errors))
        .layer(axum::middleware::from_fn(body::read_first));
    // The event stream is long-lived: no deadline.
    api.route("/v1/events", get(events::stream))
        .with_state(pool)
}

/// Turns an error answer that is not JSON (an extractor's rejection, 405 for a wrong
/// method, a body timeout) into `{"error": TEXT}`, so every error a client sees is
/// JSON.
async fn json_errors(res: Response) -> Response {
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res;
    }
    let text = axum::body::to_bytes(res.into_body(), MAX_BODY)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let error = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        text
    };
    (status, Json(json!({ "error": error }))).into_response()
}

/// Runs `f` on the ledger on a blocking thread, within [`READ_TIMEOUT`].
async fn blocking<T: Send + 'static>(
    pool: &Arc<Pool>,
    f: impl FnOnce(&Ledger) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let ledger = pool.ledger().clone();
    let task = tokio::task::spawn_blocking(move || f(&ledger));
    match tokio::time::timeout(READ_TIMEOUT, task).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => Err(ApiError::Internal(format!("worker failed: {e}"))),
        Err(_) => Err(ApiError::Internal(format!(
            "no answer within {} s",
            READ_TIMEOUT.as_secs()
        ))),
    }
}

fn body_json(body: Result<Bytes, BytesRejection>) -> Result<Value, ApiError> {
    let bytes = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge(MAX_BODY)
        } else {
            ApiError::BadBody(e.body_text())
        }
    })?;
    serde_json::from_slice(&bytes).map_err(|e| ApiError::BadBody(format!("not JSON: {e}")))
}

async fn status(State(pool): St) -> Result<Json<Value>, ApiError> {
    blocking(&pool, |l| {
        let head = l.head()?;
        let notes = l.notes()?;
        let unspent = notes
            .iter()
            .filter(|(_, s)| *s == NoteStatus::Unspent)
            .count();
        Ok(Json(json!({
            "height": head.len,
            "tx_count": head.len,
            "store": l.kind(),
            "chain_head": head.hash.to_hex(),
            "state_root": l.state_root()?.to_hex(),
            "accounts": l.accounts()?.len(),
            "notes": notes.len(),
            "unspent_notes": unspent,
        })))
    })
    .await
    .map(|Json(mut v)| {
        v["watchers"] = json!(pool.watchers());
        Json(v)
    })
}

async fn accounts(State(pool): St) -> Result<Json<Value>, ApiError> {
    blocking(&pool, |l| {
        let v: Vec<Value> = l
            .accounts()?
            .iter()
            .map(|a| account_json(l.registry(), a, l.manifest_of(a.id).as_ref()))
            .collect();
        Ok(Json(json!(v)))
    })
    .await
}

async fn account(State(pool): St, Path(what): Path<String>) -> Result<Json<Value>, ApiError> {
    blocking(&pool, move |l| {
        let id = l.resolve(&what)?;
        let a = l.account(id)?.ok_or_else(|| ApiError::NotFound {
            what: "account",
            key: what.clone(),
            hint: String::new(),
        })?;
        Ok(Json(account_json(
            l.registry(),
            &a,
            l.manifest_of(id).as_ref(),
        )))
    })
    .await
}

async fn view(
    State(pool): St,
    Path(what): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let spec = ViewSpec::from_json(&body_json(body)?)?;
    blocking(&pool, move |l| {
        let id = l.resolve(&what)?;
        let app = l.app_for(id)?;
        let entry = spec.resolve(l, id, &app)?;
        Ok(match l.view(&app, id, entry, spec.gas) {
            Ok(v) => {
                let shown: Vec<String> = v
                    .results
                    .iter()
                    .map(|r| rivet_cabi::wave::print(r).unwrap_or_else(|e| format!("<{e}>")))
                    .collect();
                Json(json!({"results": shown, "gas_used": v.gas_used, "committed": false}))
                    .into_response()
            }
            Err(rivet_state::replay::ViewError::Exec(e)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({"committed": false, "refused": e.to_string()})),
            )
                .into_response(),
            Err(e) => return Err(ApiError::Internal(e.to_string())),
        })
    })
    .await
}

fn query_u64(q: &HashMap<String, String>, key: &str, default: u64) -> Result<u64, ApiError> {
    match q.get(key) {
        None => Ok(default),
        Some(t) => t.parse().map_err(|_| {
            ApiError::field(key, format!("expected a non-negative integer, got `{t}`"))
        }),
    }
}

fn check_query(q: &HashMap<String, String>, allowed: &[&str]) -> Result<(), ApiError> {
    match q.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(ApiError::field(
            k.as_str(),
            format!(
                "unknown query parameter (parameters: {})",
                allowed.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

async fn notes(
    State(pool): St,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    check_query(&q, &["recipient", "status"])?;
    let status = q.get("status").cloned();
    if let Some(s) = &status {
        if s != "unspent" && s != "consumed" {
            return Err(ApiError::field(
                "status",
                "expected `unspent` or `consumed`",
            ));
        }
    }
    blocking(&pool, move |l| {
        let to = match q.get("recipient") {
            Some(r) => Some(
                l.resolve(r)
                    .map_err(|e| ApiError::field("recipient", e.to_string()))?,
            ),
            None => None,
        };
        let v: Vec<Value> = l
            .notes()?
            .iter()
            .filter(|(_, s)| match status.as_deref() {
                Some("unspent") => *s == NoteStatus::Unspent,
                Some(_) => *s != NoteStatus::Unspent,
                None => true,
            })
            .filter(|(n, _)| to.is_none() || recipient(n) == to)
            .map(|(n, s)| note_json(l, n, *s, l.manifest_of(n.sender).as_ref()))
            .collect();
        Ok(Json(json!(v)))
    })
    .await
}

async fn note(State(pool): St, Path(what): Path<String>) -> Result<Json<Value>, ApiError> {
    blocking(&pool, move |l| {
        let (n, s) = l.find_note(&what)?;
        Ok(Json(note_json(l, &n, s, l.manifest_of(n.sender).as_ref())))
    })
    .await
}

async fn transactions(
    State(pool): St,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Json<Value>, ApiError> {
    check_query(&q, &["from", "limit"])?;
    let from = query_u64(&q, "from", 0)?;
    let limit = query_u64(&q, "limit", 100)?;
    if limit == 0 || limit > MAX_PAGE as u64 {
        return Err(ApiError::field("limit", format!("expected 1..={MAX_PAGE}")));
    }
    blocking(&pool, move |l| {
        let log = l.transactions()?;
        let total = log.len() as u64;
        let page: Vec<Value> = log
            .iter()
            .filter(|(seq, _, _)| *seq >= from)
            .take(limit as usize)
            .map(|(seq, _, tx)| tx_json(l, *seq, tx))
            .collect();
        let next = page
            .last()
            .and_then(|v| v["seq"].as_u64())
            .map(|s| s + 1)
            .filter(|s| *s < total);
        Ok(Json(
            json!({"transactions": page, "total": total, "next": next}),
        ))
    })
    .await
}

async fn transaction(State(pool): St, Path(what): Path<String>) -> Result<Json<Value>, ApiError> {
    blocking(&pool, move |l| {
        let (seq, tx) = l.find_tx(&what)?;
        Ok(Json(tx_detail(l, seq, &tx)))
    })
    .await
}

async fn submission(State(pool): St, Path(n): Path<String>) -> Result<Json<Value>, ApiError> {
    let k: u64 = n
        .parse()
        .map_err(|_| ApiError::field("n", "expected a submission number"))?;
    pool.receipt(k).map(Json).ok_or(ApiError::NotFound {
        what: "submission",
        key: n,
        hint: " (unknown, still running, or older than the kept receipts)".into(),
    })
}

async fn submit(
    State(pool): St,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let spec = TxSpec::from_json(&body_json(body)?)?;
    let n = pool.ticket()?;
    let resolved = {
        let spec = spec.clone();
        blocking(&pool, move |l| spec.resolve(l)).await
    };
    let (req, app) = match resolved {
        Ok(r) => r,
        Err(e) => {
            pool.record_error(n, &e);
            return Err(e);
        }
    };
    let running = {
        let pool = pool.clone();
        tokio::spawn(async move { pool.run(n, req, app).await })
    };
    match tokio::time::timeout(SUBMIT_TIMEOUT, running).await {
        Err(_) => Ok((
            StatusCode::ACCEPTED,
            Json(json!({"submission": n, "pending": true,
                "error": format!("still running after {} s; its outcome will be at /v1/submissions/{n}", SUBMIT_TIMEOUT.as_secs())})),
        )
            .into_response()),
        Ok(Err(e)) => Err(ApiError::Internal(format!("submission task failed: {e}"))),
        Ok(Ok(Err(e))) => {
            pool.record_error(n, &e);
            Err(e)
        }
        Ok(Ok(Ok(v))) => {
            let code = match v["kind"].as_str() {
                None => StatusCode::OK,
                Some("unauthorized") => StatusCode::FORBIDDEN,
                Some("unavailable") | Some("conflict") => StatusCode::CONFLICT,
                Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
            };
            Ok((code, Json(v)).into_response())
        }
    }
}

/// What the signer of a request must sign: the request is resolved and run up to
/// authentication (nothing is written), and the answer carries the summary digest
/// with what a client needs to pick its keys (the auth scheme and the stored public
/// keys). The signature is valid while the account's state does not move.
async fn summary(
    State(pool): St,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let spec = TxSpec::from_json(&body_json(body)?)?;
    blocking(&pool, move |l| {
        let (req, app) = spec.resolve(l)?;
        let account = l.account(req.account)?.ok_or_else(|| ApiError::NotFound {
            what: "account",
            key: req.account.to_string(),
            hint: String::new(),
        })?;
        let summary = match l.summarize(&app, &req) {
            Ok(s) => s,
            Err(rivet_state::ExecError::Store(e)) => return Err(e.into()),
            Err(e) => {
                let body =
                    json!({"committed": false, "kind": refusal_kind(&e), "refused": e.to_string()});
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
            }
        };
        let stored: Vec<Value> = keys::account_keys(&account)
            .iter()
            .map(|(i, k)| json!({"index": i, "public": keys::hex(k)}))
            .collect();
        Ok(Json(json!({
            "summary": keys::hex(&summary.digest().0),
            "account": req.account.to_string(),
            "account_name": l.registry().name_of(req.account),
            "nonce": summary.nonce,
            "auth": {"scheme": keys::account_scheme(&app, &account).name(), "keys": stored},
        }))
        .into_response())
    })
    .await
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_describes_exactly_the_routes() {
        let doc: Value = serde_json::from_str(OPENAPI).expect("openapi.json is JSON");
        let paths = doc["paths"].as_object().expect("paths");
        let mut described = Vec::new();
        for (path, ops) in paths {
            for method in ops.as_object().expect("operations").keys() {
                described.push((method.clone(), path.clone()));
            }
        }
        let mut served: Vec<(String, String)> = ROUTES
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        described.sort();
        served.sort();
        assert_eq!(described, served);
        // Every $ref resolves.
        let text = OPENAPI;
        for part in text.split("\"$ref\": \"#/").skip(1) {
            let target = &part[..part.find('"').unwrap()];
            let mut v = &doc;
            for key in target.split('/') {
                v = &v[key];
            }
            assert!(!v.is_null(), "dangling $ref {target}");
        }
    }

    #[test]
    fn query_parameters_are_checked_by_name() {
        let q: HashMap<String, String> = [("limit".to_string(), "x".to_string())].into();
        match query_u64(&q, "limit", 1) {
            Err(ApiError::BadField { field, .. }) => assert_eq!(field, "limit"),
            other => panic!("{other:?}"),
        }
        assert_eq!(query_u64(&q, "from", 7).unwrap(), 7);
        assert!(check_query(&q, &["from"]).is_err());
        assert!(check_query(&q, &["limit"]).is_ok());
    }
}
