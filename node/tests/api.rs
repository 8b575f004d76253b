//! `rivet node` end to end over HTTP: the demo's flow through the API with every
//! endpoint's answers checked, the event stream, bad requests, ordering of
//! conflicting transactions, graceful shutdown; and a node killed with SIGKILL in the
//! middle of a run restarts into a consistent state. Needs the contract toolchains
//! (scripts/setup.sh).

mod common;

use common::*;
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

fn field(answer: &(u16, Value)) -> (u16, String) {
    (
        answer.0,
        answer.1["field"].as_str().unwrap_or("<none>").to_string(),
    )
}

#[test]
fn demo_flow_through_the_api() {
    let state = demo_state("node-api");
    let node = Node::start(&state, &["--workers", "2"]);
    let status = node.ok("/v1/status");
    assert_eq!(status["height"], 5, "{status}");
    assert_eq!(status["tx_count"], 5);
    assert_eq!(status["store"], "redb");
    let events = node.events();

    let done = demo_flow(&node);
    assert_eq!(done.len(), 5);
    let seqs: Vec<u64> = done.iter().map(|d| d["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, vec![5, 6, 7, 8, 9]);
    for d in &done {
        let e = events
            .recv_timeout(Duration::from_secs(30))
            .expect("an event per commit");
        assert_eq!(e["id"], d["id"], "events arrive in commit order");
        assert_eq!(e["gas_used"], d["gas_used"]);
    }

    reads(&node, &done);
    bad_requests(&node);
    authorization(&node);
    races(&node, done[2]["created"][0].as_str().unwrap());

    // The OpenAPI description and the explorer page.
    let doc = node.ok("/v1/openapi.json");
    assert!(doc["paths"]["/v1/transactions"]["post"].is_object());
    let (s, page) = node.get("/");
    assert_eq!(s, 200);
    assert!(page
        .as_str()
        .unwrap()
        .contains("<title>Rivet explorer</title>"));

    // SIGTERM with an event stream open: a clean, prompt exit.
    let status = node.terminate();
    assert!(status.success(), "{status:?}");
    let replay = rivet_ok(&["tx", "replay", "--all", "--state", state.to_str().unwrap()]);
    assert_eq!(
        replay.lines().filter(|l| l.contains("replayed")).count(),
        15,
        "{replay}"
    );
}

/// Submits without panicking on a dead node: Some((status, answer)) or None.
fn try_submit(url: &str, state: &Path, tx: &Value) -> Option<(u16, Value)> {
    let tx = sign(&agent(), url, state, tx);
    let mut r = agent()
        .post(format!("{url}/v1/transactions"))
        .send(tx.to_string().as_bytes())
        .ok()?;
    let status = r.status().as_u16();
    let v = serde_json::from_str(&r.body_mut().read_to_string().ok()?).ok()?;
    Some((status, v))
}

#[test]
fn sigkill_halfway_leaves_a_consistent_state() {
    let state = demo_state("node-crash");
    let node = Node::start(&state, &[]);
    demo_flow(&node);
    let before = node.ok("/v1/status")["height"].as_u64().unwrap();
    // A second run, killed halfway: two clients each loop mint -> consume -> send ->
    // consume until the node dies; every 200 answer is recorded.
    let url = node.url.clone();
    let clients: Vec<_> = [("alice", "bob"), ("bob", "alice")]
        .into_iter()
        .map(|(a, b)| {
            let (url, state) = (url.clone(), state.clone());
            std::thread::spawn(move || {
                let mut accepted = Vec::new();
                for _ in 0..200 {
                    let Some((200, m)) = try_submit(&url, &state, &mint(10, a)) else {
                        break;
                    };
                    accepted.push(m["id"].clone());
                    let note = m["created"][0].as_str().unwrap().to_string();
                    let Some((200, c)) = try_submit(&url, &state, &consume(a, &note)) else {
                        break;
                    };
                    accepted.push(c["id"].clone());
                    let Some((200, s)) = try_submit(&url, &state, &send(a, 3, b)) else {
                        break;
                    };
                    accepted.push(s["id"].clone());
                    let note = s["created"][0].as_str().unwrap().to_string();
                    let Some((200, c)) = try_submit(&url, &state, &consume(b, &note)) else {
                        break;
                    };
                    accepted.push(c["id"].clone());
                }
                accepted
            })
        })
        .collect();
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while node.ok("/v1/status")["height"].as_u64().unwrap() < before + 10 {
        assert!(
            std::time::Instant::now() < deadline,
            "the second run did not progress"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    node.kill();
    let accepted: Vec<Value> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    assert!(accepted.len() >= 8, "only {} accepted", accepted.len());

    // Restart: the store opens (its chain verifies at open), nothing accepted is
    // missing, and the tokens are conserved.
    let node = Node::start(&state, &[]);
    let status = node.ok("/v1/status");
    let height = status["height"].as_u64().unwrap();
    assert!(height >= before + accepted.len() as u64, "{status}");
    for id in &accepted {
        let tx = node.ok(&format!("/v1/transactions/{}", id.as_str().unwrap()));
        assert_eq!(&tx["id"], id);
    }
    conserved(&node);
    // And the restarted node keeps working.
    node.commit(&mint(1, "alice"));
    assert!(node.terminate().success());
    let replay = rivet_ok(&["tx", "replay", "--all", "--state", state.to_str().unwrap()]);
    assert_eq!(
        replay.lines().filter(|l| l.contains("replayed")).count() as u64,
        height + 1,
        "{replay}"
    );
}

/// Accounts, status, view, notes and the log after the flow.
fn reads(node: &Node, done: &[Value]) {
    // Status and accounts.
    let status = node.ok("/v1/status");
    assert_eq!(
        (status["height"].as_u64(), status["tx_count"].as_u64()),
        (Some(10), Some(10))
    );
    let accounts = node.ok("/v1/accounts");
    let by_name = |n: &str| {
        accounts
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == n)
            .unwrap_or_else(|| panic!("no {n} in {accounts}"))
            .clone()
    };
    assert_eq!(balance(&by_name("alice")), 140);
    assert_eq!(balance(&by_name("bob")), 60);
    assert_eq!(by_name("faucet")["kind"], "faucet");
    let alice = node.ok("/v1/accounts/alice");
    assert_eq!(alice["nonce"], 4);
    assert_eq!(alice["code"][0]["name"], "basic-wallet");
    let by_prefix = node.ok("/v1/accounts/00000000000a11ce");
    assert_eq!(by_prefix["id"], alice["id"]);
    let counter = node.ok("/v1/accounts/counter");
    // Each run's bump(1) leaves the counter 2 higher (the demo prints 2 after one).
    assert_eq!(counter["storage"]["values"][0][0], 4, "{counter}");
    assert_eq!(conserved(node), 200);

    // A view commits nothing.
    let (s, v) = node.post(
        "/v1/accounts/alice/view",
        &json!({"function": "rivet:wallet/basic#balance", "args": ["{prefix: 64012, suffix: 1}"]}),
    );
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["results"], json!(["140"]));
    assert_eq!(v["committed"], false);
    assert_eq!(node.ok("/v1/status")["height"], 10);

    notes_and_log(node, done);
}

fn notes_and_log(node: &Node, done: &[Value]) {
    // Notes.
    let to_bob = node.ok("/v1/notes?recipient=bob");
    assert_eq!(to_bob.as_array().unwrap().len(), 2, "{to_bob}");
    assert!(to_bob
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["recipient_name"] == "bob"));
    assert_eq!(node.ok("/v1/notes?status=unspent"), json!([]));
    assert_eq!(
        node.ok("/v1/notes?status=consumed")
            .as_array()
            .unwrap()
            .len(),
        4
    );
    let sent_note = done[2]["created"][0].as_str().unwrap();
    let n = node.ok(&format!("/v1/notes/{}", &sent_note[..10]));
    assert_eq!(n["id"], sent_note);
    assert_eq!(n["status"], json!({"consumed_by": 8}));
    assert_eq!(n["assets"][0]["amount"], 30);

    // The log, paged.
    let p1 = node.ok("/v1/transactions?limit=4");
    assert_eq!(
        (p1["total"].as_u64(), p1["next"].as_u64()),
        (Some(10), Some(4))
    );
    assert_eq!(p1["transactions"].as_array().unwrap().len(), 4);
    let p3 = node.ok("/v1/transactions?from=8&limit=4");
    assert_eq!(p3["transactions"].as_array().unwrap().len(), 2);
    assert_eq!(p3["next"], Value::Null);
    assert_eq!(p3["transactions"][1]["id"], done[4]["id"]);
    assert!(p3["transactions"][1]["witness_bytes"].as_u64().unwrap() > 0);
    let mint = done[0]["id"].as_str().unwrap();
    let detail = node.ok(&format!("/v1/transactions/{}", &mint[..16]));
    assert_eq!(detail["seq"], 5);
    assert_eq!(detail["calls"][0]["component"], "mint-tx");
    assert_eq!(detail["delta"]["values"][0]["slot"], 1);
    assert_eq!(detail["outputs"][0]["status"], json!({"consumed_by": 6}));
    assert_eq!(node.ok("/v1/transactions/%235")["id"], mint);
    let receipt = node.ok(&format!("/v1/submissions/{}", done[0]["submission"]));
    assert_eq!(receipt["id"], mint);
}

/// 4xx answers naming the field.
fn bad_requests(node: &Node) {
    // Bad requests: 4xx with a JSON error naming the field.
    let tx = "/v1/transactions";
    assert_eq!(
        field(&node.post(tx, &json!({"consume": ["00"]}))),
        (400, "account".into())
    );
    assert_eq!(
        field(&node.post(tx, &json!({"account": "carol", "consume": ["00"]}))),
        (400, "account".into())
    );
    assert_eq!(
        field(&node.post(tx, &json!({"account": "alice", "consume": ["zz"]}))),
        (400, "consume[0]".into())
    );
    assert_eq!(
        field(&node.post(
            tx,
            &json!({"account": "alice", "consume": ["00"], "gas": "x"})
        )),
        (400, "gas".into())
    );
    assert_eq!(
        field(&node.post(
            tx,
            &json!({"account": "alice", "consume": ["00"], "extra": 1})
        )),
        (400, "extra".into())
    );
    let bad_arg = json!({"account": "alice", "script": {"component": "send-asset-tx", "function": "run", "args": ["[x]"]}});
    assert_eq!(
        field(&node.post(tx, &bad_arg)),
        (400, "script.args[0]".into())
    );
    let bad_fn =
        json!({"account": "alice", "script": {"component": "send-asset-tx", "function": "nope"}});
    assert_eq!(
        field(&node.post(tx, &bad_fn)),
        (400, "script.function".into())
    );
    let (s, v) = node.post_raw(tx, b"{not json");
    assert_eq!(s, 400, "{v}");
    assert!(v["error"].as_str().unwrap().contains("not JSON"), "{v}");
    let (s, v) = node.post_raw(tx, &vec![b' '; 100 * 1024]);
    assert_eq!(s, 413, "{v}");
    assert!(v["error"].is_string());
    assert_eq!(
        field(&node.get("/v1/transactions?limit=0")),
        (400, "limit".into())
    );
    assert_eq!(
        field(&node.get("/v1/transactions?page=2")),
        (400, "page".into())
    );
    assert_eq!(
        field(&node.get("/v1/notes?status=lost")),
        (400, "status".into())
    );
    assert_eq!(node.get("/v1/notes/ffffffffffff").0, 404);
    assert_eq!(node.get("/v1/transactions/%23999").0, 404);
    assert_eq!(node.get("/v1/accounts/carol").0, 404);
    let (s, v) = node.post("/v1/status", &json!({}));
    assert_eq!(s, 405);
    assert!(
        v["error"].is_string(),
        "a wrong method gets a JSON error too: {v}"
    );
    keep_alive(node);
    let (s, v) = node.get("/v1/nothing-here");
    assert_eq!(s, 404);
    assert!(v["error"].is_string(), "{v}");
    let (s, v) = node.post(
        "/v1/accounts/alice/view",
        &json!({"function": "rivet:wallet/basic#nope"}),
    );
    assert_eq!((s, v["field"].as_str()), (400, Some("function")), "{v}");
}

/// A body that arrives after the node could have answered (a wrong method answers
/// without needing it) must not cost the connection: the next request on it is
/// answered too. A body over the limit is refused with `Connection: close`, after
/// the node has read it (up to 1 MiB; so that closing does not reset the connection
/// under a client still writing it), or at once when it declares more.
fn keep_alive(node: &Node) {
    let host = node.url.trim_start_matches("http://");
    let head = format!(
        "POST /v1/status HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n"
    );
    let next = format!("GET /v1/status HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\n\r\n");
    let wire = node.raw(
        &[head.as_bytes(), b"{}", next.as_bytes()],
        Duration::from_millis(300),
    );
    // Bodies end without a newline: find each status line by its prefix.
    let statuses: Vec<&str> = wire
        .match_indices("HTTP/1.1 ")
        .map(|(at, p)| &wire[at + p.len()..at + p.len() + 3])
        .collect();
    assert_eq!(statuses, ["405", "200"], "{wire}");
    assert!(wire.contains("\"height\""), "{wire}");

    for (declared, sent) in [(100_000, 100_000), (100_000, 0), (10 << 20, 0)] {
        let big = format!(
            "POST /v1/transactions HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\ncontent-length: {declared}\r\n\r\n"
        );
        let body = vec![b' '; sent];
        let wire = node.raw(&[big.as_bytes(), &body], Duration::ZERO);
        assert!(
            wire.starts_with("HTTP/1.1 413"),
            "{declared} {sent}: {wire}"
        );
        assert!(
            wire.to_ascii_lowercase().contains("connection: close"),
            "{wire}"
        );
    }
}

/// Only the owner's signature spends: unsigned, wrongly signed and stale-signed
/// requests are refused (403, nothing committed); the state root moves per commit.
fn authorization(node: &Node) {
    let before = node.ok("/v1/status");
    let root = before["state_root"].as_str().unwrap().to_string();
    assert_eq!(root.len(), 64, "{before}");
    let spend = send("alice", 1, "bob");
    let (s, v) = node.submit_unsigned(&spend);
    assert_eq!((s, v["kind"].as_str()), (403, Some("unauthorized")), "{v}");
    let agent = agent();
    let by_bob = sign_as(&agent, &node.url, &node.state, &spend, Some("bob"));
    let (s, v) = node.submit_unsigned(&by_bob);
    assert_eq!((s, v["kind"].as_str()), (403, Some("unauthorized")), "{v}");
    assert!(
        v["refused"].as_str().unwrap().contains("not authorized"),
        "{v}"
    );
    let (s, v) =
        node.submit_unsigned(&json!({"account": "alice", "consume": ["00"], "auth_proof": "xyz"}));
    assert_eq!((s, v["field"].as_str()), (400, Some("auth_proof")), "{v}");
    // The summary names the scheme and keys; the faucet is public.
    let (s, v) = node.post("/v1/transactions/summary", &spend);
    assert_eq!(
        (s, v["auth"]["scheme"].as_str()),
        (200, Some("ed25519")),
        "{v}"
    );
    assert_eq!(v["auth"]["keys"].as_array().unwrap().len(), 1, "{v}");
    let (_, f) = node.post("/v1/transactions/summary", &mint(1, "bob"));
    assert_eq!(f["auth"]["scheme"], "none", "{f}");
    // A signature made before the account moved is refused after.
    let stale = sign(&agent, &node.url, &node.state, &spend);
    node.commit(&spend);
    let (s, v) = node.submit_unsigned(&stale);
    assert_eq!((s, v["kind"].as_str()), (403, Some("unauthorized")), "{v}");
    let after = node.ok("/v1/status");
    assert_eq!(after["height"], before["height"].as_u64().unwrap() + 1);
    assert_ne!(after["state_root"], before["state_root"]);
}

/// Conflicting submissions: one note, two consumers; two accounts at once.
fn races(node: &Node, sent_note: &str) {
    // A consumed note cannot be consumed again: 409 with the reason.
    let (s, v) = node.submit(&consume("bob", sent_note));
    assert_eq!(s, 409, "{v}");
    assert_eq!(v["kind"], "unavailable");
    assert!(
        v["refused"]
            .as_str()
            .unwrap()
            .contains("already consumed by transaction #8"),
        "{v}"
    );

    // Two submissions consuming the same note at once: exactly one commits.
    let fresh_note = node.commit(&send("alice", 5, "bob"))["created"][0]
        .as_str()
        .unwrap()
        .to_string();
    let answers: Vec<(u16, Value)> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..2)
            .map(|_| s.spawn(|| node.submit(&consume("bob", &fresh_note))))
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut codes: Vec<u16> = answers.iter().map(|a| a.0).collect();
    codes.sort();
    assert_eq!(codes, vec![200, 409], "{answers:?}");
    // Transactions on different accounts at once: both commit.
    let answers: Vec<(u16, Value)> = std::thread::scope(|s| {
        let a = s.spawn(|| node.submit(&send("alice", 1, "bob")));
        let b = s.spawn(|| node.submit(&send("bob", 1, "alice")));
        vec![a.join().unwrap(), b.join().unwrap()]
    });
    assert!(answers.iter().all(|a| a.0 == 200), "{answers:?}");
    assert_eq!(conserved(node), 200);
}
