//! `rivet demo` end to end: a fresh run, a second run continuing from the stored state
//! (balances grow), and `--reset` (back to the fresh run's output, byte for byte apart
//! from the state label: same hashes, same gas). Needs the contract toolchains; when
//! one is missing the demo fails with the install command and so do these tests.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `rivet demo ARGS` from the repository root; returns (success, stdout+stderr).
fn demo(args: &[&str]) -> (bool, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Command::new(env!("CARGO_BIN_EXE_rivet"))
        .arg("demo")
        .args(args)
        .current_dir(root)
        .output()
        .expect("running rivet");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn expect(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(w), "missing {w:?} in:\n{text}");
    }
}

#[test]
fn fresh_then_continuing_then_reset() {
    let state: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("demo-state");
    let _ = std::fs::remove_dir_all(&state);
    let state = state.to_str().unwrap();

    let (ok, first) = demo(&["--state", state]);
    assert!(
        ok,
        "rivet demo failed (contract toolchains: scripts/setup.sh):\n{first}"
    );
    expect(
        &first,
        &[
            "(fresh)",
            "faucet   000000000000fa0c0000000000000001  fungible-faucet",
            "balances: alice 0, bob 0, in unspent notes 100, issued 100/1000000",
            "balances: alice 100, bob 0, in unspent notes 0, issued 100/1000000",
            "REFUSED by p2id",
            "p2id note is for account b0b:3, not a11ce:2",
            "nothing committed: state unchanged (3 transactions in the log)",
            "balances: alice 70, bob 30, in unspent notes 0, issued 100/1000000",
            "counter (slot 0 of the counter account) = 2",
            "read 3 (sum 23), 2 left (sum 30 via a borrow), destructor ran in the provider",
            "[done]     alice 70, bob 30; 100 issued = 100 in vaults and unspent notes; 5 transactions",
        ],
    );
    // Every committed step reports its transaction with a gas figure.
    assert_eq!(first.matches(": gas ").count(), 5, "{first}");

    let (ok, second) = demo(&["--state", state]);
    assert!(ok, "second run failed:\n{second}");
    expect(
        &second,
        &[
            "(continuing after 5 transactions)",
            "alice    00000000000a11ce0000000000000002  basic-wallet                     stored, nonce 2",
            "balances: alice 170, bob 30, in unspent notes 0, issued 200/1000000",
            "nothing committed: state unchanged (8 transactions in the log)",
            "counter (slot 0 of the counter account) = 4",
            "[done]     alice 140, bob 60; 200 issued = 200 in vaults and unspent notes; 10 transactions",
        ],
    );

    let (ok, reset) = demo(&["--state", state, "--reset"]);
    assert!(ok, "--reset run failed:\n{reset}");
    assert!(reset.contains("(reset: fresh)"), "{reset}");
    assert_eq!(
        reset.replace("(reset: fresh)", "(fresh)"),
        first,
        "a reset run must repeat the fresh run exactly (hashes, gas)"
    );
}

#[test]
fn missing_prebuilt_contracts_are_named() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("demo-no-contracts");
    let _ = std::fs::create_dir_all(&dir);
    let state = dir.join("state");
    let (ok, text) = demo(&[
        "--contracts",
        dir.to_str().unwrap(),
        "--state",
        state.to_str().unwrap(),
    ]);
    assert!(!ok, "{text}");
    expect(&text, &["error: reading ", "fungible-faucet.wasm"]);
}
