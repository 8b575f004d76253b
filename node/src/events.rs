//! `GET /v1/events`: server-sent events of committed transactions.
//!
//! Each committed transaction is one `tx` event whose data is its log summary (the
//! same JSON as an entry of `GET /v1/transactions`), sent in commit order. A client
//! that falls more than the channel's capacity behind gets one `lagged` event with
//! the number of skipped transactions and should re-read the log. The stream ends
//! when the node shuts down, so graceful shutdown never waits on a watcher.

use crate::pool::Pool;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::watch;

/// Set to `true` when the node begins to shut down; every event stream then ends.
#[derive(Clone)]
pub struct Shutdown(pub watch::Receiver<bool>);

/// The event stream handler.
pub async fn stream(
    State(pool): State<Arc<Pool>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = pool.subscribe();
    let stop = pool.shutdown_signal();
    let s = stream::unfold((rx, stop), |(mut rx, mut stop)| async move {
        if *stop.0.borrow() {
            return None;
        }
        let ev = tokio::select! {
            r = rx.recv() => match r {
                Ok(v) => Event::default().event("tx").data(v.to_string()),
                Err(RecvError::Lagged(n)) => Event::default().event("lagged").data(n.to_string()),
                Err(RecvError::Closed) => return None,
            },
            _ = stop.0.changed() => return None,
        };
        Some((Ok(ev), (rx, stop)))
    });
    Sse::new(s).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
