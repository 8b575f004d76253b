//! A bounded load test on localhost: N clients transfer tokens between M wallets
//! through one node (each transfer is two transactions: the sender's p2id note, then
//! the recipient consuming it), a fixed count each. Afterwards every accepted
//! transaction is in the log, the event stream carried every commit in log order, the tokens are conserved, and the log's chain verifies
//! (the store verifies it when `rivet tx log` opens it). Prints throughput and
//! latency percentiles.
//!
//! Runs on a redb store and, with RIVET_TEST_POSTGRES (scripts/postgres.sh), on a
//! PostgreSQL store (`rivet node --store`; skipped without a server unless
//! RIVET_REQUIRE_POSTGRES=1). Small by default (CI); sized by RIVET_LOAD_CLIENTS, RIVET_LOAD_ACCOUNTS,
//! RIVET_LOAD_TRANSFERS (per client) and RIVET_LOAD_WORKERS; RIVET_BIN runs another
//! `rivet` binary (a release build for bench/README.md's numbers).

mod common;

use common::*;
use serde_json::Value;
use std::collections::HashSet;
use std::time::{Duration, Instant};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name}={v}: not a number"))
        })
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Every transaction id in the node's log; none twice.
fn logged_ids(node: &Node) -> HashSet<String> {
    let mut logged = HashSet::new();
    for t in node.log() {
        assert!(
            logged.insert(t["id"].as_str().unwrap().to_string()),
            "{t} twice"
        );
    }
    logged
}

/// Funds every wallet: a mint note each, consumed by its owner.
fn fund(node: &Node, wallets: &[String]) {
    let notes: Vec<String> = wallets
        .iter()
        .map(|w| {
            node.commit(&mint(1000, w))["created"][0]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    std::thread::scope(|s| {
        for (w, n) in wallets.iter().zip(&notes) {
            s.spawn(move || node.commit(&consume(w, n)));
        }
    });
}

#[test]
fn load_transfers_conserve_and_lose_nothing() {
    run_load(None);
}

#[test]
fn load_on_postgres() {
    let Some(server) = pg::server("load_on_postgres") else {
        return;
    };
    run_load(Some(pg::fresh_database(&server, "load")));
}

/// Opens the store again (which verifies the chain of every record) and checks that
/// its log holds `height` records: through `rivet tx log` on the directory `st`, or
/// directly on the PostgreSQL database `store`.
fn verify_log(store: Option<&str>, st: &str, height: u64) {
    match store {
        None => {
            let log = rivet_ok(&["tx", "log", "--state", st, "--json"]);
            let log: Value = serde_json::from_str(&log).unwrap();
            assert_eq!(log.as_array().unwrap().len() as u64, height);
        }
        Some(url) => {
            let s = rivet_state::Store::open_url(url).unwrap();
            assert_eq!(s.verify_chain().unwrap().len, height);
        }
    }
}

/// The load test on the state directory's redb store, or on the PostgreSQL database
/// `store` (seeded from the directory).
fn run_load(store: Option<String>) {
    let clients = env("RIVET_LOAD_CLIENTS", 4);
    let accounts = env("RIVET_LOAD_ACCOUNTS", 4).max(2);
    let transfers = env("RIVET_LOAD_TRANSFERS", 5);
    let workers = env("RIVET_LOAD_WORKERS", 0);
    let kind = if store.is_some() { "postgres" } else { "redb" };
    let state = demo_state(&format!("node-load-{kind}"));
    let st = state.to_str().unwrap();
    let wallets = key_wallets(&state, accounts);
    let workers_arg = workers.to_string();
    let mut extra: Vec<&str> = if workers > 0 {
        vec!["--workers", &workers_arg]
    } else {
        vec![]
    };
    if let Some(url) = &store {
        extra.extend(["--store", url.as_str()]);
    }
    let node = Node::start(&state, &extra);
    let status = node.ok("/v1/status");
    assert_eq!(status["store"], kind, "{status}");
    let start_height = status["height"].as_u64().unwrap();
    let events = node.events();
    fund(&node, &wallets);

    // The load.
    let began = Instant::now();
    let results: Vec<(Vec<Value>, Vec<Duration>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let (node, wallets) = (&node, &wallets);
                s.spawn(move || {
                    let mut accepted = Vec::new();
                    let mut latencies = Vec::new();
                    for j in 0..transfers {
                        let from = &wallets[(c + j) % wallets.len()];
                        let to = &wallets[(c + j + 1) % wallets.len()];
                        let t = Instant::now();
                        let sent = node.commit(&send(from, 1, to));
                        latencies.push(t.elapsed());
                        let note = sent["created"][0].as_str().unwrap().to_string();
                        accepted.push(sent);
                        let t = Instant::now();
                        accepted.push(node.commit(&consume(to, &note)));
                        latencies.push(t.elapsed());
                    }
                    (accepted, latencies)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let wall = began.elapsed();
    let accepted: Vec<Value> = results.iter().flat_map(|r| r.0.clone()).collect();
    let mut latencies: Vec<Duration> = results.iter().flat_map(|r| r.1.clone()).collect();
    latencies.sort();
    assert_eq!(accepted.len(), clients * transfers * 2);

    let logged = logged_ids(&node);
    for a in &accepted {
        assert!(
            logged.contains(a["id"].as_str().unwrap()),
            "accepted {a} is missing"
        );
    }
    let height = node.ok("/v1/status")["height"].as_u64().unwrap();
    assert_eq!(
        height,
        start_height + 2 * accounts as u64 + accepted.len() as u64
    );
    conserved(&node);
    // One event per commit, in log order, even with commits on parallel workers.
    for seq in start_height..height {
        let e = events
            .recv_timeout(Duration::from_secs(30))
            .expect("an event per commit");
        assert_eq!(e["seq"], seq, "events out of log order");
    }
    let mut total: u64 = 0;
    for w in &wallets {
        total += balance(&node.ok(&format!("/v1/accounts/{w}")));
    }
    assert_eq!(
        total,
        1000 * accounts as u64,
        "transfers moved tokens out of the wallets"
    );
    assert!(node.terminate().success());
    verify_log(store.as_deref(), st, height);

    let n = latencies.len();
    println!(
        "load ({}): {clients} clients, {accounts} accounts, {n} transactions in {:.2} s: {:.1} tx/s; \
         latency ms p50 {:.1} p90 {:.1} p99 {:.1} max {:.1}",
        kind,
        wall.as_secs_f64(),
        n as f64 / wall.as_secs_f64(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.9),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
    );
}
