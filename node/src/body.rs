//! Every request body is read to its end before the request is routed.
//!
//! Why: HTTP/1.1 clients keep connections alive and reuse them. A handler that
//! answers without reading the body (a 405 for a wrong method, a 404 for an unknown
//! path) leaves its bytes on the connection; if they have not arrived yet when the
//! answer is written, hyper cannot drain them and closes the connection *after* the
//! answer, without saying so. A client that pooled the connection then sends its next
//! request into a closed socket ("peer disconnected"). Reading the whole body first,
//! bounded by [`MAX_BODY`] bytes and [`BODY_TIMEOUT`], makes every answer leave the
//! connection clean. The answers that cannot (a body too large, too slow or broken)
//! carry `Connection: close`, so the client knows not to reuse it.
//!
//! A body refused as too large is still read and dropped first, up to
//! [`DRAIN_LIMIT`] bytes within [`DRAIN_TIMEOUT`]: closing a connection with unread
//! bytes on it resets it, and a reset can destroy the refusal before the client (still
//! writing its body) reads it. Larger declared bodies are refused at once.

use crate::error::ApiError;
use axum::body::{Body, BodyDataStream};
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use std::time::Duration;

/// The largest request body accepted.
pub const MAX_BODY: usize = 64 * 1024;
/// Deadline for receiving a request's whole body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// The most bytes of a too-large body read (and dropped) before refusing it.
pub const DRAIN_LIMIT: usize = 1024 * 1024;
/// Deadline for reading a too-large body before refusing it.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(1);

/// Middleware: reads the body (at most [`MAX_BODY`] bytes within [`BODY_TIMEOUT`]),
/// then routes the request with the bytes read.
pub async fn read_first(req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if let Some(n) = declared.filter(|&n| n > MAX_BODY as u64) {
        if n <= DRAIN_LIMIT as u64 {
            drain(body.into_data_stream(), 0).await;
        }
        return closing(ApiError::TooLarge(MAX_BODY));
    }
    match tokio::time::timeout(BODY_TIMEOUT, collect(body)).await {
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Err(e)) => closing(e),
        Err(_) => closing(ApiError::SlowBody(BODY_TIMEOUT.as_secs())),
    }
}

/// The body's bytes, or why they cannot be had.
async fn collect(body: Body) -> Result<Vec<u8>, ApiError> {
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ApiError::BadBody(format!("reading it: {e}")))?;
        if bytes.len() + chunk.len() > MAX_BODY {
            drain(stream, bytes.len() + chunk.len()).await;
            return Err(ApiError::TooLarge(MAX_BODY));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Reads and drops the rest of a refused body (`seen` bytes already read), until it
/// ends, breaks, passes [`DRAIN_LIMIT`] bytes or [`DRAIN_TIMEOUT`].
async fn drain(mut stream: BodyDataStream, mut seen: usize) {
    let rest = async {
        while seen <= DRAIN_LIMIT {
            match stream.next().await {
                Some(Ok(chunk)) => seen += chunk.len(),
                _ => break,
            }
        }
    };
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, rest).await;
}

/// `error`'s answer with `Connection: close`: the rest of the body is still on the
/// connection, so it must not carry another request.
fn closing(error: ApiError) -> Response {
    let mut res = error.into_response();
    res.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn collects_small_bodies_and_refuses_large_ones() {
        assert_eq!(collect(Body::from("{}")).await.unwrap(), b"{}");
        assert!(collect(Body::empty()).await.unwrap().is_empty());
        let at_limit = vec![b' '; MAX_BODY];
        assert_eq!(collect(Body::from(at_limit)).await.unwrap().len(), MAX_BODY);
        let over = vec![b' '; MAX_BODY + 1];
        assert!(matches!(
            collect(Body::from(over)).await,
            Err(ApiError::TooLarge(MAX_BODY))
        ));
    }

    #[tokio::test]
    async fn draining_stops_at_its_limit() {
        let chunk = axum::body::Bytes::from(vec![0u8; 4096]);
        let endless = futures_util::stream::repeat(Ok::<_, std::convert::Infallible>(chunk));
        // An endless body: draining returns (after DRAIN_LIMIT bytes) instead of
        // reading forever; the test would hang otherwise.
        drain(Body::from_stream(endless).into_data_stream(), 0).await;
        let over = vec![b' '; 3 * MAX_BODY];
        assert!(matches!(
            collect(Body::from(over)).await,
            Err(ApiError::TooLarge(MAX_BODY))
        ));
    }

    #[test]
    fn refusals_close_the_connection() {
        let res = closing(ApiError::SlowBody(10));
        assert_eq!(res.status().as_u16(), 408);
        assert_eq!(res.headers()[header::CONNECTION], "close");
    }
}
