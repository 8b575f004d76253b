//! The state commands end to end: after `rivet demo --state D`, `rivet tx log`,
//! `rivet tx replay` and `rivet account show` read the demo's state; and the
//! faucet -> alice -> bob flow typed as commands (compile, link, account new, tx exec,
//! a refusal that commits nothing, a view call, replay). Needs the contract
//! toolchains (scripts/setup.sh); the contracts are built once into the shared
//! target tmp dir, as the state crate's tests do.

mod common;

use common::{contracts, run_rivet};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Runs `rivet ARGS` in `dir`; returns (exit code, stdout, stderr).
fn rivet(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run_rivet(dir, args, &[])
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = rivet(dir, args);
    assert_eq!(code, 0, "rivet {args:?} failed:\n{out}{err}");
    out
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let out = ok(dir, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("rivet {args:?}: {e}:\n{out}"))
}

fn fresh(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn balance(account: &Value) -> u64 {
    account["vault"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["faucet_name"] == "faucet")
        .map(|a| a["amount"].as_u64().unwrap())
        .sum()
}

#[test]
fn demo_state_is_readable_and_replayable() {
    let work = fresh("state-cmd-demo");
    let c = contracts();
    let demo = ok(
        &work,
        &["demo", "--state", "D", "--contracts", c.to_str().unwrap()],
    );
    assert!(demo.contains("[done]     alice 70, bob 30"), "{demo}");
    assert!(demo.contains("$ rivet tx exec alice --consume "), "{demo}");
    let log = json(&work, &["tx", "log", "--state", "D", "--json"]);
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 5, "{log:?}");
    for tx in log {
        let id = tx["id"].as_str().unwrap();
        let out = ok(&work, &["tx", "replay", id, "--state", "D"]);
        assert!(out.contains("replayed: results, gas"), "{out}");
    }
    let alice = json(
        &work,
        &["account", "show", "alice", "--state", "D", "--json"],
    );
    assert_eq!(balance(&alice), 70, "{alice}");
    assert_eq!(alice["nonce"], 2);

    // A genesis record that disagrees with history makes replay fail: a supply cap
    // of 5 cannot have minted 100.
    let faucet = json(
        &work,
        &["account", "show", "faucet", "--state", "D", "--json"],
    );
    let fid = faucet["id"].as_str().unwrap();
    let g = work.join(format!("D/genesis/{fid}.acct"));
    let mut acct: rivet_state::Account =
        rivet_state::codec::decode(&std::fs::read(&g).unwrap(), "account").unwrap();
    acct.storage.values[0] = rivet_state::Word::from_u64(5);
    std::fs::write(&g, rivet_state::codec::encode(&acct)).unwrap();
    let (code, _, err) = rivet(&work, &["tx", "replay", "#0", "--state", "D"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("#0: transaction #0: re-execution failed"),
        "{err}"
    );
}

/// Compiles the token examples and the auth components into `work/pkgs` and links
/// them into `work/app.manifest`.
fn compile_and_link(work: &Path, c: &Path) {
    for name in [
        "fungible-faucet",
        "basic-wallet",
        "p2id",
        "mint-tx",
        "send-asset-tx",
        "auth-none",
        "auth-ed25519",
    ] {
        let wasm = c.join(format!("{name}.wasm"));
        ok(
            work,
            &[
                "compile",
                wasm.to_str().unwrap(),
                "-o",
                &format!("pkgs/{name}.rvp"),
            ],
        );
    }
    let pkgs: Vec<String> = std::fs::read_dir(work.join("pkgs"))
        .unwrap()
        .map(|e| format!("pkgs/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    let mut link = vec!["link", "-o", "app.manifest"];
    link.extend(pkgs.iter().map(String::as_str));
    ok(work, &link);
}

#[test]
fn faucet_alice_bob_as_commands() {
    let work = fresh("state-cmd-flow");
    let c = contracts();
    compile_and_link(&work, &c);
    let st = ["--state", "S"];
    let new = |args: &[&str]| {
        let mut a = vec!["account", "new"];
        a.extend(args);
        a.extend(st);
        ok(&work, &a)
    };
    new(&[
        "faucet",
        "--manifest",
        "app.manifest",
        "--component",
        "fungible-faucet",
        "--component",
        "auth-none",
        "--faucet",
        "--slots",
        "2",
        "--storage",
        "0=1000000",
    ]);
    new(&[
        "alice",
        "--manifest",
        "app.manifest",
        "--component",
        "basic-wallet",
        "--component",
        "auth-ed25519",
    ]);
    let bob_id = new(&[
        "bob",
        "--manifest",
        "app.manifest",
        "--component",
        "basic-wallet",
        "--component",
        "auth-ed25519",
    ]);
    assert_eq!(bob_id.trim().len(), 32, "{bob_id}");

    let exec = |args: &[&str]| -> (i32, Value, String) {
        let mut a = vec!["tx", "exec"];
        a.extend(args);
        a.extend(st);
        a.push("--json");
        let (code, out, err) = rivet(&work, &a);
        (code, serde_json::from_str(&out).unwrap_or(Value::Null), err)
    };
    let (code, mint, err) = exec(&[
        "faucet",
        "--script",
        "mint-tx",
        "run",
        "[100, @hash:p2id, @id:alice]",
    ]);
    assert_eq!(code, 0, "{err}");
    let note = mint["created"][0].as_str().unwrap().to_string();
    let (code, _, err) = exec(&["alice", "--consume", &note[..10]]);
    assert_eq!(code, 0, "{err}");
    let (code, sent, err) = exec(&[
        "alice",
        "--script",
        "send-asset-tx",
        "run",
        "[@id:faucet, 30, @hash:p2id, @id:bob]",
    ]);
    assert_eq!(code, 0, "{err}");
    let to_bob = sent["created"][0].as_str().unwrap().to_string();

    // Alice may not take bob's note: exit 1, nothing committed.
    let before = ok(&work, &["tx", "log", "--state", "S", "--json"]);
    let (code, refused, err) = exec(&["alice", "--consume", &to_bob]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(refused["committed"], false);
    assert!(
        err.contains("refused") && err.contains("nothing committed"),
        "{err}"
    );
    assert_eq!(ok(&work, &["tx", "log", "--state", "S", "--json"]), before);

    let (code, _, err) = exec(&["bob", "--consume", &to_bob]);
    assert_eq!(code, 0, "{err}");
    let alice = json(
        &work,
        &["account", "show", "alice", "--state", "S", "--json"],
    );
    let bob = json(&work, &["account", "show", "bob", "--state", "S", "--json"]);
    assert_eq!((balance(&alice), balance(&bob)), (70, 30));

    views(&work);

    let notes = json(
        &work,
        &["note", "list", "--account", "bob", "--state", "S", "--json"],
    );
    assert_eq!(notes.as_array().unwrap().len(), 1, "{notes}");
    let replay = ok(&work, &["tx", "replay", "--all", "--state", "S"]);
    assert_eq!(replay.matches("replayed").count(), 4, "{replay}");
    // Unknown names are bad input (exit 2) with a hint.
    let (code, _, err) = rivet(&work, &["account", "show", "carol", "--state", "S"]);
    assert_eq!(code, 2);
    assert!(err.contains("no account `carol`"), "{err}");
}

/// A view call (the wallet's balance, nothing committed) and a bad view argument.
fn views(work: &Path) {
    let faucet = json(
        work,
        &["account", "show", "faucet", "--state", "S", "--json"],
    );
    let fid = faucet["id"].as_str().unwrap();
    let (p, s) = (
        u64::from_str_radix(&fid[..16], 16).unwrap(),
        u64::from_str_radix(&fid[16..], 16).unwrap(),
    );
    let arg = format!("{{prefix: {p}, suffix: {s}}}");
    let view = ok(
        work,
        &[
            "account",
            "call",
            "alice",
            "rivet:wallet/basic#balance",
            &arg,
            "--state",
            "S",
        ],
    );
    assert!(view.starts_with("70\n"), "{view}");
    assert_eq!(
        ok(work, &["tx", "log", "--state", "S", "--json"])
            .matches("\"seq\"")
            .count(),
        4
    );
    // A bad argument names parameter, type and text; exit 2.
    let (code, _, err) = rivet(
        work,
        &[
            "account",
            "call",
            "alice",
            "rivet:wallet/basic#balance",
            "-1",
            "--state",
            "S",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("`faucet` of type record { prefix: u64, suffix: u64 }: cannot read `-1`"),
        "{err}"
    );
}
