//! `rivet new` scaffolds crates that `rivet build` turns into packages the linker
//! accepts (the note against the example wallet it pays into).
//!
//! Needs a wasm32 toolchain (`rivet build` says which one it uses); fails with the
//! install command when there is none.

use rivet_format::package::Package;
use rivet_linker::LinkInput;
use std::path::{Path, PathBuf};
use std::process::Command;

fn rivet(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rivet"))
        .args(args)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn build(dir: &Path, target: &Path, out: &Path) -> Package {
    let (ok, text) = rivet(&[
        "build",
        dir.to_str().unwrap(),
        "--target-dir",
        target.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "rivet build {} failed:\n{text}", dir.display());
    assert!(text.contains("wasm32: using "), "{text}");
    Package::decode(&std::fs::read(out).unwrap()).unwrap()
}

#[test]
fn scaffolded_contracts_build_and_link() {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let work = tmp.join("rivet-new");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    // Shared across runs so core/alloc are built once.
    let target = tmp.join("rivet-new-target");
    let dir = work.to_str().unwrap();
    assert!(rivet(&["new", "account", "my-account", "--dir", dir]).0);
    assert!(rivet(&["new", "note", "my-note", "--dir", dir]).0);
    let (ok, text) = rivet(&["new", "note", "my-note", "--dir", dir]);
    assert!(!ok && text.contains("already exists"), "{text}");
    let (ok, text) = rivet(&["new", "account", "My_Account", "--dir", dir]);
    assert!(!ok && text.contains("not a valid contract name"), "{text}");

    let account = build(
        &work.join("my-account"),
        &target,
        &work.join("my-account.rvp"),
    );
    let note = build(&work.join("my-note"), &target, &work.join("my-note.rvp"));
    let wallet_dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/contracts/basic-wallet");
    let wallet = build(&wallet_dir, &target, &work.join("basic-wallet.rvp"));

    let inputs = [
        LinkInput::from_package("my-account", &account),
        LinkInput::from_package("my-note", &note),
        LinkInput::from_package("basic-wallet", &wallet),
    ];
    let m = rivet_linker::link(&inputs, None).unwrap_or_else(|e| panic!("{e}"));
    let acct = m.component(&account.code_hash()).unwrap();
    assert!(
        acct.export("local:my-account/api@0.1.0").is_some(),
        "{:?}",
        acct.exports
    );
    let n = m.component(&note.code_hash()).unwrap();
    assert!(n.import("rivet:wallet/basic@0.1.0").is_some());
}

#[test]
fn build_explains_a_missing_crate() {
    let (ok, text) = rivet(&["build", "/nonexistent/contract"]);
    assert!(!ok);
    assert!(text.contains("/nonexistent/contract/Cargo.toml"), "{text}");
}

/// Runs `rivet ARGS` in `cwd`; returns (exit code, stdout, stderr).
fn rivet_in(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rivet"))
        .args(args)
        .current_dir(cwd)
        .env(
            "RIVET_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("rivet-new-target"),
        )
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn component_tx_script_and_c_templates_build_and_run() {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rivet-new-kinds");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("elsewhere")).unwrap();
    for (kind, name) in [
        ("component", "my-comp"),
        ("tx-script", "my-tx"),
        ("c", "my-c"),
    ] {
        let (code, out, err) = rivet_in(&work, &["new", kind, name]);
        assert_eq!(code, 0, "{out}{err}");
    }
    // Relative paths, from another directory than the crate's parent.
    let elsewhere = work.join("elsewhere");
    for name in ["my-comp", "my-tx", "my-c"] {
        let (code, out, err) = rivet_in(&elsewhere, &["build", &format!("../{name}"), "--json"]);
        assert_eq!(code, 0, "rivet build ../{name}:\n{out}{err}");
        assert!(out.contains("\"code_hash\""), "{out}");
        assert!(work.join(format!("{name}/{name}.rvp")).is_file());
    }
    let (code, out, err) = rivet_in(
        &work,
        &[
            "link",
            "my-comp/my-comp.rvp",
            "my-c/my-c.rvp",
            "-o",
            "app.manifest",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    // From anywhere, the manifest alone finds its packages; negative numbers need no --.
    let (code, out, err) = rivet_in(
        &elsewhere,
        &[
            "call",
            "../app.manifest",
            "my-comp",
            "local:my-comp/api#add",
            "2",
            "-3",
        ],
    );
    assert_eq!(
        (code, out.lines().next()),
        (0, Some("ok(-1)")),
        "{out}{err}"
    );
    let (code, out, err) = rivet_in(
        &elsewhere,
        &[
            "call",
            "../app.manifest",
            "my-c",
            "local:my-c/api#mul",
            "6",
            "7",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"results\":[\"42\"]"), "{out}");
    // inspect shows the world and signatures.
    let (_, out, _) = rivet_in(&work, &["inspect", "my-tx/my-tx.rvp"]);
    assert!(out.contains("world local:my-tx/my-tx"), "{out}");
    assert!(
        out.contains("export run: func(args: list<u64>) -> result<_, string>"),
        "{out}"
    );
}
