//! A long-running Rivet node: the state directory behind an HTTP/JSON API.
//!
//! `rivet node --state DIR --listen ADDR` opens the store (holding the directory's
//! lock, so no other process writes it meanwhile); `rivet node --store
//! postgres://... --state DIR` opens a PostgreSQL store instead, which other nodes
//! may serve at the same time (DIR then supplies the account registry). It serves:
//!
//! * `/v1/...`: submit transactions, read accounts, notes and the log, view calls,
//!   status, server-sent events of commits, and the OpenAPI description
//!   (`/v1/openapi.json`); see [`api`];
//! * `/`: the explorer page (static HTML and JS compiled into the binary).
//!
//! Design: [`ledger::Ledger`] is the only code that touches `rivet_state::Store` (the
//! seam a store trait replaces); [`request`] is the only place the transaction
//! request's JSON shape is defined; [`pool`] runs transactions on different accounts
//! in parallel and serializes those on one account, re-running a transaction whose
//! commit lost a race. Invariants: nothing is half-committed (the store commits each
//! transaction in one database transaction and re-checks it there), no accepted
//! transaction is lost (a 200 answer is sent only after the store's durable commit),
//! and shutdown (SIGTERM, Ctrl-C) stops accepting, ends event streams, lets running
//! transactions finish and closes the store.

pub mod api;
pub mod body;
pub mod client;
pub mod error;
pub mod events;
pub mod ledger;
pub mod pool;
pub mod render;
pub mod request;

pub use error::{ApiError, NodeError};
pub use ledger::Ledger;
pub use request::{ScriptSpec, TxSpec, ViewSpec};

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// The default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:7370";

/// How to run a node.
#[derive(Clone, Debug)]
pub struct Config {
    /// The state directory (created if missing); with `store`, only its registry.
    pub state: PathBuf,
    /// A PostgreSQL store URL (`postgres://...`) instead of the directory's redb file.
    pub store: Option<String>,
    /// Where to listen; port 0 picks a free port (the address is printed).
    pub listen: SocketAddr,
    /// Transactions executed at once (default: the number of cores).
    pub workers: usize,
}

impl Config {
    /// A config with the default worker count for this machine.
    pub fn new(state: PathBuf, listen: SocketAddr) -> Config {
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        Config {
            state,
            store: None,
            listen,
            workers,
        }
    }
}

/// Runs a node until SIGTERM or Ctrl-C. Prints `rivet node: listening on
/// http://ADDR` (the bound address) once it accepts connections.
pub fn run(config: Config) -> Result<(), NodeError> {
    let ledger = Arc::new(match &config.store {
        Some(url) => Ledger::open_url(url, &config.state)?,
        None => Ledger::open(&config.state)?,
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(config.workers.max(1) + 16)
        .build()
        .map_err(NodeError::Runtime)?;
    // Store calls block (the PostgreSQL client runs its own runtime, which may not
    // start inside this one): read the head here, and keep a reference so that the
    // store is closed here too, after the runtime has stopped.
    let head = ledger.head().map_err(|e| NodeError::Store(e.to_string()))?;
    let served = rt.block_on(serve(ledger.clone(), config, head));
    drop(rt);
    drop(ledger);
    served
}

async fn serve(
    ledger: Arc<Ledger>,
    config: Config,
    head: rivet_state::ChainHead,
) -> Result<(), NodeError> {
    let io = |what, addr| move |source| NodeError::Io { what, addr, source };
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(io("binding", config.listen))?;
    let addr = listener
        .local_addr()
        .map_err(io("binding", config.listen))?;
    let pool = Arc::new(pool::Pool::new(ledger.clone(), config.workers));
    let mut out = std::io::stdout().lock();
    // A closed stdout must not stop the node.
    let _ = writeln!(
        out,
        "rivet node: listening on http://{addr} (state {}, store {}, {} transactions, {} workers)",
        ledger.dir().display(),
        ledger.kind(),
        head.len,
        config.workers
    );
    let _ = out.flush();
    drop(out);
    let closing = pool.clone();
    axum::serve(listener, api::router(pool))
        .with_graceful_shutdown(async move {
            stop_signal().await;
            closing.close();
        })
        .await
        .map_err(io("serving", addr))?;
    println!("rivet node: stopped");
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C (SIGINT).
async fn stop_signal() {
    let ctrl_c = async {
        // If the handler cannot be installed, rely on SIGTERM alone.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
