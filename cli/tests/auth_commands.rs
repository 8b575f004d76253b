//! Keys and authorization as commands: `rivet account new` keeps a generated key in
//! the keystore (STATE/keys/NAME.key, mode 0600) or takes `--key FILE`; `rivet tx
//! exec` signs with it. Each unauthorized transaction exits 1 with the auth
//! component's reason and commits nothing: another account's key, no signature (a
//! missing key, an empty proof), a signature of another transaction (`--summary` then
//! `--proof` with a different note or argument), a replayed signature, the old key
//! after `rivet account rotate-key`. `rivet tx replay` reproduces every signed
//! transaction. Needs the contract toolchains.

mod common;

use common::{contracts, run_rivet};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `rivet ARGS --state S` in `dir`; returns (exit code, stdout, stderr).
fn rivet(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run_rivet(dir, args, &["--state", "S"])
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = rivet(dir, args);
    assert_eq!(code, 0, "rivet {args:?} failed:\n{out}{err}");
    out
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    let out = ok(dir, &a);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("rivet {args:?}: {e}:\n{out}"))
}

/// Runs a transaction that must be refused by the auth component for `reason`,
/// leaving the log unchanged.
fn refused(dir: &Path, args: &[&str], reason: &str) {
    let before = ok(dir, &["tx", "log", "--json"]);
    let (code, out, err) = rivet(dir, args);
    assert_eq!(code, 1, "rivet {args:?} was not refused:\n{out}{err}");
    assert!(err.contains("refused: not authorized"), "{err}");
    assert!(err.contains(reason), "expected `{reason}` in:\n{err}");
    assert!(err.contains("nothing committed"), "{err}");
    assert_eq!(ok(dir, &["tx", "log", "--json"]), before, "{args:?}");
}

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// A fresh directory with the token examples and the auth components compiled and
/// linked into `app.manifest`.
fn setup(name: &str) -> PathBuf {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("pkgs")).unwrap();
    let c = contracts();
    let mut link = vec!["link".to_string(), "-o".into(), "app.manifest".into()];
    for name in [
        "fungible-faucet",
        "basic-wallet",
        "p2id",
        "mint-tx",
        "send-asset-tx",
        "auth-none",
        "auth-ed25519",
        "auth-multisig",
    ] {
        let wasm = c.join(format!("{name}.wasm"));
        let out = format!("pkgs/{name}.rvp");
        let status = Command::new(env!("CARGO_BIN_EXE_rivet"))
            .args(["compile", wasm.to_str().unwrap(), "-o", &out])
            .current_dir(&work)
            .status()
            .unwrap();
        assert!(status.success(), "compiling {name}");
        link.push(out);
    }
    let status = Command::new(env!("CARGO_BIN_EXE_rivet"))
        .args(&link)
        .current_dir(&work)
        .status()
        .unwrap();
    assert!(status.success(), "linking");
    ok(
        &work,
        &[
            "account",
            "new",
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
            "0=1000",
        ],
    );
    work
}

/// The public faucet mints `amount` into a p2id note for `to`; returns the note id.
fn mint(w: &Path, amount: u64, to: &str) -> String {
    let args = format!("[{amount}, @hash:p2id, @id:{to}]");
    let v = json(
        w,
        &["tx", "exec", "faucet", "--script", "mint-tx", "run", &args],
    );
    v["created"][0].as_str().unwrap().to_string()
}

#[test]
fn multisig_needs_two_of_three_keys_as_commands() {
    let work = setup("auth-commands-multisig");
    let w = work.as_path();
    let vault = json(
        w,
        &[
            "account",
            "new",
            "vault",
            "--manifest",
            "app.manifest",
            "--component",
            "basic-wallet",
            "--component",
            "auth-multisig",
        ],
    );
    assert_eq!(vault["key_files"].as_array().unwrap().len(), 3, "{vault}");
    for i in 0..3 {
        assert_eq!(mode(&work.join(format!("S/keys/vault.{i}.key"))), 0o600);
    }
    let note = mint(w, 40, "vault");
    let k = |i: u8| format!("S/keys/vault.{i}.key");
    let (k0, k1, k2) = (k(0), k(1), k(2));
    refused(
        w,
        &["tx", "exec", "vault", "--consume", &note, "--key", &k0],
        "1 of 3 keys signed, 2 needed",
    );
    refused(
        w,
        &[
            "tx",
            "exec",
            "vault",
            "--consume",
            &note,
            "--key",
            &k2,
            "--key",
            &k2,
        ],
        "key 2 signed twice",
    );
    // A key that is not one of the vault's: named before anything runs.
    let stranger = work.join("stranger.key");
    std::fs::write(&stranger, format!("{}\n", "cd".repeat(32))).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&stranger, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (code, _, err) = rivet(
        w,
        &[
            "tx",
            "exec",
            "vault",
            "--consume",
            &note,
            "--key",
            &k0,
            "--key",
            "stranger.key",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is not one of vault's multisig keys"), "{err}");
    ok(
        w,
        &[
            "tx",
            "exec",
            "vault",
            "--consume",
            &note,
            "--key",
            &k0,
            "--key",
            &k2,
        ],
    );
    // With only one key left in the keystore the default signing falls short.
    std::fs::remove_file(work.join(&k1)).unwrap();
    std::fs::remove_file(work.join(&k2)).unwrap();
    let back = "[@id:faucet, 5, @hash:p2id, @id:faucet]";
    refused(
        w,
        &[
            "tx",
            "exec",
            "vault",
            "--script",
            "send-asset-tx",
            "run",
            back,
        ],
        "1 of 3 keys signed",
    );
    let shown = ok(w, &["account", "show", "vault"]);
    assert!(
        shown.contains("auth    auth-multisig, 2 of keys "),
        "{shown}"
    );
    let replay = ok(w, &["tx", "replay", "--all"]);
    assert_eq!(
        replay.matches("replayed: results, gas").count(),
        2,
        "{replay}"
    );
}

#[test]
fn keys_sign_and_everything_else_is_refused() {
    let work = setup("auth-commands");
    let w = work.as_path();
    create_owned_accounts(&work);
    let alice_key = work.join("S/keys/alice.key");

    // The public faucet mints two notes for alice without any key.
    let (n1, n2) = (mint(w, 100, "alice"), mint(w, 50, "alice"));
    wrong_or_missing_signatures(&work, &n1);
    signed_apart(w, &n1, &n2);
    let send = |amount: &str| format!("[@id:faucet, {amount}, @hash:p2id, @id:bob]");
    changed_then_replayed(w, &send("10"), &send("11"));
    rotation(&work, &alice_key, &send("1"));

    let alice = json(w, &["account", "show", "alice"]);
    assert_eq!(alice["nonce"], 5, "{alice}");
    let replay = ok(w, &["tx", "replay", "--all"]);
    assert_eq!(
        replay.matches("replayed: results, gas").count(),
        7,
        "{replay}"
    );
}

/// alice with a generated key, bob with his own key file; an account without an auth
/// component and a readable key file are refused.
fn create_owned_accounts(work: &Path) {
    let w = work;
    let m = ["--manifest", "app.manifest"];
    let new = |name: &str, extra: &[&str]| {
        let mut a = vec!["account", "new", name];
        a.extend(m);
        a.extend(extra);
        json(w, &a)
    };
    // No auth component: refused at creation, with what to add.
    let (code, _, err) = rivet(
        w,
        &[
            "account",
            "new",
            "x",
            "--manifest",
            "app.manifest",
            "--component",
            "basic-wallet",
        ],
    );
    assert_ne!(code, 0);
    assert!(
        err.contains("no auth component") && err.contains("auth-ed25519"),
        "{err}"
    );
    // alice: a generated key in the keystore, private.
    let wallet = ["--component", "basic-wallet", "--component", "auth-ed25519"];
    let alice = new("alice", &wallet);
    assert_eq!(alice["public_key"].as_str().unwrap().len(), 64, "{alice}");
    let shown = ok(w, &["account", "show", "alice"]);
    let public = alice["public_key"].as_str().unwrap();
    assert!(
        shown.contains(&format!("auth    auth-ed25519, key {public}")),
        "{shown}"
    );
    let alice_key = work.join("S/keys/alice.key");
    assert_eq!(mode(&alice_key), 0o600);
    assert_eq!(mode(&work.join("S/keys")), 0o700);
    // bob: his own key file, refused while others may read it.
    let bob_file = work.join("bob-seed.key");
    std::fs::write(&bob_file, format!("{}\n", "ab".repeat(32))).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&bob_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut bob_args = wallet.to_vec();
    bob_args.extend(["--key", "bob-seed.key"]);
    let (code, _, err) = rivet(w, &[&["account", "new", "bob"][..], &m, &bob_args].concat());
    assert_ne!(code, 0);
    assert!(err.contains("chmod 600"), "{err}");
    std::fs::set_permissions(&bob_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    new("bob", &bob_args);
    assert_eq!(
        std::fs::read_to_string(work.join("S/keys/bob.key")).unwrap(),
        std::fs::read_to_string(&bob_file).unwrap()
    );
}

/// Bob's key on alice's account, an empty proof and a missing keystore key.
fn wrong_or_missing_signatures(work: &Path, n1: &str) {
    let w = work;
    let alice_key = work.join("S/keys/alice.key");
    // Bob's key on alice's account.
    refused(
        w,
        &[
            "tx",
            "exec",
            "alice",
            "--consume",
            n1,
            "--key",
            "S/keys/bob.key",
        ],
        "invalid signature",
    );
    // No signature: an empty proof, then a missing keystore key.
    refused(
        w,
        &["tx", "exec", "alice", "--consume", n1, "--proof", ""],
        "no signature",
    );
    std::fs::rename(&alice_key, work.join("alice.key.away")).unwrap();
    refused(w, &["tx", "exec", "alice", "--consume", n1], "no signature");
    std::fs::rename(work.join("alice.key.away"), &alice_key).unwrap();
}

/// Signed apart from executing: the proof for note n1 does not take note n2.
fn signed_apart(w: &Path, n1: &str, n2: &str) {
    let signed = json(w, &["tx", "exec", "alice", "--consume", n1, "--summary"]);
    assert_eq!(signed["committed"], false);
    let p1 = signed["proof"].as_str().unwrap().to_string();
    assert_eq!(p1.len(), 128, "{signed}");
    refused(
        w,
        &["tx", "exec", "alice", "--consume", n2, "--proof", &p1],
        "not a signature of this transaction's summary",
    );
    ok(w, &["tx", "exec", "alice", "--consume", n1, "--proof", &p1]);
    ok(w, &["tx", "exec", "alice", "--consume", n2]);
}

/// An argument changed after signing is refused, then the signature replayed.
fn changed_then_replayed(w: &Path, ten: &str, eleven: &str) {
    let summary = json(
        w,
        &[
            "tx",
            "exec",
            "alice",
            "--script",
            "send-asset-tx",
            "run",
            ten,
            "--summary",
        ],
    );
    let p2 = summary["proof"].as_str().unwrap().to_string();
    refused(
        w,
        &[
            "tx",
            "exec",
            "alice",
            "--script",
            "send-asset-tx",
            "run",
            eleven,
            "--proof",
            &p2,
        ],
        "invalid signature",
    );
    ok(
        w,
        &[
            "tx",
            "exec",
            "alice",
            "--script",
            "send-asset-tx",
            "run",
            ten,
            "--proof",
            &p2,
        ],
    );
    refused(
        w,
        &[
            "tx",
            "exec",
            "alice",
            "--script",
            "send-asset-tx",
            "run",
            ten,
            "--proof",
            &p2,
        ],
        "invalid signature",
    );
}

/// Key rotation, signed by the current key; the old key stops working.
fn rotation(work: &Path, alice_key: &Path, one: &str) {
    let w = work;
    let old_copy = work.join("alice-old.key");
    std::fs::copy(alice_key, &old_copy).unwrap();
    let rotated = ok(w, &["account", "rotate-key", "alice"]);
    assert!(rotated.contains("rotated alice's key in tx"), "{rotated}");
    assert_eq!(mode(alice_key), 0o600);
    assert_ne!(
        std::fs::read(alice_key).unwrap(),
        std::fs::read(&old_copy).unwrap()
    );
    refused(
        w,
        &[
            "tx",
            "exec",
            "alice",
            "--script",
            "send-asset-tx",
            "run",
            one,
            "--key",
            "alice-old.key",
        ],
        "invalid signature",
    );
    ok(
        w,
        &[
            "tx",
            "exec",
            "alice",
            "--script",
            "send-asset-tx",
            "run",
            one,
        ],
    );
    // A public account has no key to rotate.
    let (code, _, err) = rivet(w, &["account", "rotate-key", "faucet"]);
    assert_ne!(code, 0);
    assert!(err.contains("not an auth-ed25519 account"), "{err}");
}
