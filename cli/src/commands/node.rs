//! `rivet node`: serve a state directory, or a PostgreSQL store (`--store URL`), over
//! HTTP (see the `rivet-node` crate).
//!
//! The node holds the directory's lock while it runs, so the other state commands
//! on the same directory wait for it to stop; talk to it over HTTP instead
//! (`curl http://127.0.0.1:7370/v1/status`, the explorer at `/`).

use anyhow::Context;
use rivet_state::store::DEFAULT_DIR;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rivet node`.
#[derive(clap::Args)]
pub struct Args {
    /// State directory (created if missing). With --store: where the account
    /// registry (names, genesis records, keys) is read from.
    #[arg(long, default_value = DEFAULT_DIR)]
    state: PathBuf,
    /// Keep the state in this PostgreSQL database (`postgres://USER@HOST:PORT/DB`)
    /// instead of --state's redb file; several nodes may serve one database. An
    /// empty database is first seeded with --state's store (e.g. `rivet demo`'s).
    #[arg(long, value_name = "URL")]
    store: Option<String>,
    /// Address to listen on (port 0: any free port; the address is printed).
    #[arg(long, default_value = rivet_node::DEFAULT_LISTEN)]
    listen: SocketAddr,
    /// Transactions executed at once (default: the number of cores).
    #[arg(long)]
    workers: Option<usize>,
}

/// Runs the node until SIGTERM or Ctrl-C.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut config = rivet_node::Config::new(args.state, args.listen);
    if let Some(url) = args.store {
        anyhow::ensure!(
            url.starts_with("postgres://") || url.starts_with("postgresql://"),
            "--store {}: expected a postgres:// URL",
            rivet_state::store::pg::redact(&url)
        );
        config.store = Some(url);
    }
    if let Some(w) = args.workers {
        anyhow::ensure!(w > 0, "--workers must be at least 1");
        config.workers = w;
    }
    rivet_node::run(config).context("rivet node")?;
    Ok(ExitCode::SUCCESS)
}
