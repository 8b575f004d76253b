//! `rivet demo` end to end (including bob's refused spend from alice's account with his
//! own key, and the keystore it leaves): a fresh run, a second run continuing from the stored state
//! (balances grow), and `--reset` (back to the fresh run's output, byte for byte apart
//! from the state label: same hashes, same gas). The state directory: `--reset` never
//! deletes what Rivet did not create, a second demo on a directory in use is refused
//! and no committed transaction is lost, a damaged store is reported with what to do.
//! Needs the contract toolchains; when one is missing the demo fails with the install
//! command and so do these tests.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

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
    // Builds once before the demo below builds again (no two builds at once).
    prebuilt();
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
            "REFUSED by alice's auth-ed25519",
            "auth-ed25519: invalid signature: not a signature of this transaction's summary",
            "balances: alice 70, bob 30, in unspent notes 0, issued 100/1000000",
            "counter (slot 0 of the counter account) = 2",
            "read 3 (sum 23), 2 left (sum 30 via a borrow), destructor ran in the provider",
            "[done]     alice 70, bob 30; 100 issued = 100 in vaults and unspent notes; 5 transactions",
            ", chain head ",
        ],
    );
    // Every committed step reports its transaction with a gas figure.
    assert_eq!(first.matches(": gas ").count(), 5, "{first}");
    // The keys of the key-owned accounts are in the keystore, private.
    for name in ["alice", "bob", "counter"] {
        let key = Path::new(state).join(format!("keys/{name}.key"));
        let meta = std::fs::metadata(&key).unwrap_or_else(|e| panic!("{}: {e}", key.display()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                meta.permissions().mode() & 0o777,
                0o600,
                "{}",
                key.display()
            );
        }
        let _ = meta;
    }
    assert!(
        !Path::new(state).join("keys/faucet.key").exists(),
        "the faucet is public"
    );

    let (ok, second) = demo(&["--state", state]);
    assert!(ok, "second run failed:\n{second}");
    expect(
        &second,
        &[
            "(continuing after 5 transactions, chain head ",
            "alice    00000000000a11ce0000000000000002  basic-wallet+auth-ed25519        stored, nonce 2",
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
    // A store left by an earlier run (perhaps of another store format) must not
    // decide the outcome.
    let _ = std::fs::remove_dir_all(&state);
    let (ok, text) = demo(&[
        "--contracts",
        dir.to_str().unwrap(),
        "--state",
        state.to_str().unwrap(),
    ]);
    assert!(!ok, "{text}");
    expect(&text, &["error: reading ", "fungible-faucet.wasm"]);
}

/// The example contracts, built once by scripts/build-contracts.sh into a directory of
/// this test binary, for `--contracts`.
fn prebuilt() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("demo-contracts");
        let out = Command::new("bash")
            .arg(root.join("scripts/build-contracts.sh"))
            .env("RIVET_CONTRACTS_OUT", &dir)
            .output()
            .expect("running scripts/build-contracts.sh");
        assert!(
            out.status.success(),
            "building the contracts failed (toolchains: scripts/setup.sh):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
}

/// `rivet demo --contracts <prebuilt> --state <state> ARGS`: (exit code, output).
fn demo_in(state: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = demo_command(state, args).output().expect("running rivet");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

fn demo_command(state: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rivet"));
    c.arg("demo")
        .arg("--contracts")
        .arg(prebuilt())
        .arg("--state")
        .arg(state)
        .args(args);
    c
}

/// A fresh directory for this test.
fn fresh(tag: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(tag);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Every file under `dir` with its contents.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(tree(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

/// The transaction count of the `[done]` line.
fn done_count(text: &str) -> usize {
    let line = text
        .lines()
        .find(|l| l.starts_with("[done]"))
        .unwrap_or_else(|| panic!("no [done] line in:\n{text}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "transactions").unwrap();
    words[at - 1].parse().unwrap()
}

#[test]
fn reset_never_deletes_what_rivet_did_not_create() {
    // A project directory, as with `--state .`.
    let dir = fresh("demo-foreign");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), b"[package]").unwrap();
    std::fs::write(dir.join("src/lib.rs"), b"// mine").unwrap();
    let before = tree(&dir);
    for args in [&["--reset"][..], &[]] {
        let (code, text) = demo_in(&dir, args);
        assert_eq!(code, Some(2), "{args:?}: {text}");
        expect(
            &text,
            &[
                dir.to_str().unwrap(),
                "is not a Rivet state directory",
                "`Cargo.toml`",
            ],
        );
        assert_eq!(tree(&dir), before, "{args:?}: the directory was changed");
    }

    // Rivet's own directory: --reset deletes the store and nothing else.
    let state = fresh("demo-own");
    let (code, text) = demo_in(&state, &[]);
    assert_eq!(code, Some(0), "{text}");
    std::fs::write(state.join("keep.txt"), b"keep").unwrap();
    let (code, text) = demo_in(&state, &["--reset"]);
    assert_eq!(code, Some(0), "{text}");
    expect(&text, &["(reset: fresh)"]);
    assert_eq!(done_count(&text), 5);
    assert_eq!(std::fs::read(state.join("keep.txt")).unwrap(), b"keep");
}

/// Kills the child when dropped (a failing test must not leave it stopped).
struct Reap(Child);

impl Drop for Reap {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let pid = self.0.id().to_string();
            let _ = Command::new("kill").args(["-CONT", &pid]).status();
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

fn signal(which: &str, pid: u32) {
    let status = Command::new("kill")
        .args([which, &pid.to_string()])
        .status();
    assert!(status.unwrap().success(), "kill {which} {pid}");
}

#[test]
fn a_second_demo_is_refused_while_one_runs_and_nothing_is_lost() {
    use std::io::{BufRead, BufReader, Read};
    let state = fresh("demo-concurrent");
    let (code, text) = demo_in(&state, &[]);
    assert_eq!(code, Some(0), "{text}");

    // Demo A holds the store: stop it right after it opened it, mid-run.
    let mut a = Reap(
        demo_command(&state, &[])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let pid = a.0.id();
    let mut out = BufReader::new(a.0.stdout.take().unwrap());
    let mut a_text = String::new();
    while !a_text.contains("[state]") {
        assert!(
            out.read_line(&mut a_text).unwrap() > 0,
            "A ended:\n{a_text}"
        );
    }
    signal("-STOP", pid);

    // B (--reset) and C, while A runs: refused, naming A and the directory.
    for args in [&["--reset"][..], &[]] {
        let (code, text) = demo_in(&state, args);
        assert_eq!(code, Some(2), "{args:?} while A runs: {text}");
        expect(
            &text,
            &[
                state.to_str().unwrap(),
                &format!("is in use by process {pid}"),
            ],
        );
    }

    // A finishes; every transaction it reports is in the store.
    signal("-CONT", pid);
    out.read_to_string(&mut a_text).unwrap();
    let status = a.0.wait().unwrap();
    assert!(status.success(), "A failed:\n{a_text}");
    assert_eq!(done_count(&a_text), 10, "{a_text}");
    let store = rivet_state::Store::open(&state).unwrap();
    assert_eq!(store.transactions().unwrap().len(), 10);
    assert_eq!(store.verify_chain().unwrap().len, 10);
}

#[test]
fn a_damaged_store_is_reported_with_what_to_do() {
    let state = fresh("demo-damaged");
    let (code, text) = demo_in(&state, &[]);
    assert_eq!(code, Some(0), "{text}");
    let db = state.join("state.redb");
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len() / 2]).unwrap();
    let (code, text) = demo_in(&state, &[]);
    assert_eq!(code, Some(2), "{text}");
    expect(
        &text,
        &["is damaged", "move ", "rivet demo --reset --state"],
    );
    assert!(!text.contains("panicked"), "{text}");
    let (code, text) = demo_in(&state, &["--reset"]);
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(done_count(&text), 5);
}
