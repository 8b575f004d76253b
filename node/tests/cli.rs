//! The CLI against a node: `rivet demo --node URL` and the state commands with
//! `--node URL` behave as they do on a local state directory (the same JSON for the
//! log and an account; refusals exit 1; local-only commands say so).

mod common;

use common::*;
use serde_json::Value;

#[test]
fn state_commands_and_demo_through_a_node() {
    let state = demo_state("node-cli");
    let node = Node::start(&state, &[]);
    let url = node.url.clone();
    // The keystore stays with the client: `--state` names where its keys are.
    let st = state.to_str().unwrap();
    let n = ["--node", url.as_str(), "--state", st];
    let with = |args: &[&str]| -> Vec<String> {
        args.iter().chain(n.iter()).map(|s| s.to_string()).collect()
    };
    let run = |args: &[&str]| {
        let a = with(args);
        rivet_run(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let ok = |args: &[&str]| {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "rivet {args:?} --node: {out}{err}");
        out
    };

    let demo = ok(&["demo"]);
    assert!(demo.contains("REFUSED"), "{demo}");
    assert!(
        demo.contains("[done]     alice 140, bob 60; 200 issued = 200"),
        "{demo}"
    );

    let minted: Value = serde_json::from_str(&ok(&[
        "tx",
        "exec",
        "faucet",
        "--script",
        "mint-tx",
        "run",
        "[5, @hash:p2id, @id:bob]",
        "--json",
    ]))
    .unwrap();
    assert_eq!(minted["committed"], true);
    let note = minted["created"][0].as_str().unwrap().to_string();
    let notes: Value = serde_json::from_str(&ok(&[
        "note",
        "list",
        "--account",
        "bob",
        "--unspent",
        "--json",
    ]))
    .unwrap();
    assert_eq!(notes.as_array().unwrap().len(), 1);
    assert_eq!(notes[0]["id"], note.as_str());
    assert!(ok(&["note", "show", &note[..10]]).contains("unspent"));
    // alice may not take bob's note: exit 1, nothing committed.
    let (code, _, err) = run(&["tx", "exec", "alice", "--consume", &note[..10]]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("refused") && err.contains("nothing committed"),
        "{err}"
    );
    assert!(ok(&["tx", "exec", "bob", "--consume", &note[..10]]).contains("consumed"));
    // A consumed note again: a mistake in the request (status 2), as locally.
    let (code, _, err) = run(&["tx", "exec", "bob", "--consume", &note[..10]]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("already consumed"), "{err}");
    let view = ok(&[
        "account",
        "call",
        "alice",
        "rivet:wallet/basic#balance",
        "{prefix: 64012, suffix: 1}",
    ]);
    assert!(view.starts_with("140\n"), "{view}");
    assert!(ok(&["account", "list"]).contains("65 faucet"));
    assert!(ok(&["tx", "show", "#0"]).contains("call mint-tx run"));
    let (code, _, err) = run(&["tx", "replay", "--all"]);
    assert_eq!(code, 2);
    assert!(err.contains("local state directory"), "{err}");

    // Same answers as the local commands once the node is gone.
    let log_node = ok(&["tx", "log", "--json"]);
    let alice_node = ok(&["account", "show", "alice", "--json"]);
    assert!(node.terminate().success());
    assert_eq!(rivet_ok(&["tx", "log", "--json", "--state", st]), log_node);
    assert_eq!(
        rivet_ok(&["account", "show", "alice", "--json", "--state", st]),
        alice_node
    );
    // No node at the URL: a clear error, status 2.
    let (code, _, err) = rivet_run(&["account", "list", "--node", &url]);
    assert_eq!(code, 2);
    assert!(err.contains(&url), "{err}");
}
