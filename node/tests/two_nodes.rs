//! Two `rivet node` processes serving one PostgreSQL database: clients submit signed
//! transfers to both at once, over the same wallets, and both nodes race to consume
//! one note. Afterwards every accepted transaction is in the log exactly once, no
//! note was consumed twice, the tokens are conserved, both nodes report the same
//! height and root, and the log's chain and the state root verify.
//!
//! Within one process the pool orders transactions per account; across the two
//! processes only the store's commit does (writers take turns in the database and
//! re-check nonce and inputs), which is what this test exercises.
//!
//! Needs a PostgreSQL server: RIVET_TEST_POSTGRES (scripts/postgres.sh starts one).
//! Without it the test is skipped, or fails when RIVET_REQUIRE_POSTGRES=1.

mod common;

use common::*;
use rivet_state::Store;
use serde_json::Value;
use std::collections::HashSet;

const WALLETS: usize = 4;
const CLIENTS: usize = 8;
const TRANSFERS: usize = 5;
/// Notes both nodes are asked to consume at the same moment.
const RACES: usize = 6;

/// Sends `from` → `to` through `a` and has `to` consume the note through `b`.
fn transfer(a: &Node, b: &Node, from: &str, to: &str) -> [Value; 2] {
    let sent = a.commit(&send(from, 1, to));
    let note = sent["created"][0].as_str().unwrap().to_string();
    let got = b.commit(&consume(to, &note));
    [sent, got]
}

/// Both nodes race to consume each of [`RACES`] notes, released at once: exactly one
/// commit each (or none, then the note is consumed once afterwards). Returns every
/// committed answer (the sends and the consumptions).
fn races(a: &Node, b: &Node, wallets: &[String]) -> Vec<Value> {
    let nodes = [a, b];
    let mut raced = Vec::new();
    for r in 0..RACES {
        let (from, to) = (&wallets[r % WALLETS], &wallets[(r + 1) % WALLETS]);
        let sent = a.commit(&send(from, 5, to));
        let note = sent["created"][0].as_str().unwrap().to_string();
        raced.push(sent);
        let race = consume(to, &note);
        let start = std::sync::Barrier::new(2);
        let answers: Vec<(u16, Value)> = std::thread::scope(|s| {
            let hs: Vec<_> = nodes
                .iter()
                .map(|n| {
                    let (race, start) = (&race, &start);
                    s.spawn(move || {
                        start.wait();
                        n.submit(race)
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let won: Vec<&Value> = answers
            .iter()
            .filter(|(s, _)| *s == 200)
            .map(|a| &a.1)
            .collect();
        assert!(
            won.len() <= 1,
            "both nodes committed note {note}: {answers:?}"
        );
        match won.first() {
            Some(w) => raced.push((*w).clone()),
            // Both lost (the loser's signature went stale, say): consume it once now.
            None => raced.push(b.commit(&race)),
        }
        let lost = answers.iter().find(|(s, _)| *s != 200).unwrap();
        assert_eq!(lost.1["committed"], false, "{lost:?}");
    }

    raced
}

#[test]
fn two_nodes_on_one_database_lose_and_double_apply_nothing() {
    let Some(server) = pg::server("two_nodes") else {
        return;
    };
    let state = demo_state("node-two");
    let wallets = key_wallets(&state, WALLETS);
    let url = pg::fresh_database(&server, "two_nodes");
    let a = Node::start(&state, &["--store", &url]);
    let status = a.ok("/v1/status");
    assert_eq!(status["store"], "postgres", "{status}");
    let seeded = status["height"].as_u64().unwrap();
    assert!(seeded > 0, "the demo's log was copied in: {status}");
    let b = Node::start(&state, &["--store", &url]);
    assert_eq!(b.ok("/v1/status"), status, "both nodes serve one state");

    // Funding through node a, the transfers through both.
    for w in &wallets {
        let minted = a.commit(&mint(1000, w));
        b.commit(&consume(w, minted["created"][0].as_str().unwrap()));
    }
    let nodes = [&a, &b];
    let accepted: Vec<Value> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..CLIENTS)
            .map(|c| {
                let wallets = &wallets;
                s.spawn(move || {
                    let mut done = Vec::new();
                    for j in 0..TRANSFERS {
                        let from = &wallets[(c + j) % WALLETS];
                        let to = &wallets[(c + j + 1) % WALLETS];
                        let (x, y) = (nodes[(c + j) % 2], nodes[(c + j + 1) % 2]);
                        done.extend(transfer(x, y, from, to));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert_eq!(accepted.len(), CLIENTS * TRANSFERS * 2);

    let raced = races(&a, &b, &wallets);

    // The log: every accepted transaction once, no note consumed twice.
    let logged = b.log();
    let mut ids = HashSet::new();
    let mut spent = HashSet::new();
    for (i, t) in logged.iter().enumerate() {
        assert_eq!(t["seq"], i as u64, "log sequence numbers are contiguous");
        assert!(
            ids.insert(t["id"].as_str().unwrap().to_string()),
            "{t} twice"
        );
        for n in t["consumed"].as_array().unwrap() {
            assert!(
                spent.insert(n.as_str().unwrap().to_string()),
                "note {n} consumed twice"
            );
        }
    }
    for t in accepted.iter().chain(&raced) {
        assert!(
            ids.contains(t["id"].as_str().unwrap()),
            "accepted {t} is missing"
        );
    }
    let expected = seeded + 2 * WALLETS as u64 + accepted.len() as u64 + raced.len() as u64;
    assert_eq!(logged.len() as u64, expected);
    let (sa, sb) = (a.ok("/v1/status"), b.ok("/v1/status"));
    assert_eq!(sa, sb);
    assert_eq!(sa["height"], expected);
    conserved(&a);
    let total: u64 = wallets
        .iter()
        .map(|w| balance(&b.ok(&format!("/v1/accounts/{w}"))))
        .sum();
    assert_eq!(
        total,
        1000 * WALLETS as u64,
        "tokens left or entered the wallets"
    );
    assert!(a.terminate().success());
    assert!(b.terminate().success());

    // The store itself: the chain verifies and the root is the root of the state.
    let store = Store::open_url(&url).unwrap();
    assert_eq!(store.verify_chain().unwrap().len, expected);
    assert_eq!(
        store.check_root().unwrap().to_hex(),
        sa["state_root"].as_str().unwrap()
    );
}
