//! `rivet call` on a call that traps: the trap on stderr, exit status 1, and on stdout
//! the gas used (of the budget, saying when it ran out) and the trace up to the trap,
//! as text and with `--json`. Two small WAT components: `outer` calls `inner`, whose
//! `boom` is `unreachable` and whose `spin` loops forever.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const WIT: &str = "package t:p@1.0.0;
interface i { boom: func(); spin: func(); add: func(a: u32, b: u32) -> u32; }
interface o { via: func(); spin-via: func(); }
world inner { export i; }
world outer { import i; export o; }
";

const INNER: &str = r#"(module
  (memory (export "memory") 1)
  (func (export "t:p/i@1.0.0#boom") unreachable)
  (func (export "t:p/i@1.0.0#spin") (loop $l (br $l)))
  (func (export "t:p/i@1.0.0#add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1))))"#;

const OUTER: &str = r#"(module
  (import "t:p/i@1.0.0" "boom" (func $boom))
  (import "t:p/i@1.0.0" "spin" (func $spin))
  (memory (export "memory") 1)
  (func (export "t:p/o@1.0.0#via") (call $boom))
  (func (export "t:p/o@1.0.0#spin-via") (call $spin)))"#;

/// Compiles and links the two components into a fresh directory (once for all
/// tests); returns the manifest's path.
fn app() -> PathBuf {
    static APP: OnceLock<PathBuf> = OnceLock::new();
    APP.get_or_init(build).clone()
}

fn build() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("call-trap");
    std::fs::create_dir_all(&dir).unwrap();
    let mut inputs = Vec::new();
    for (name, wat, world) in [("inner", INNER, "inner"), ("outer", OUTER, "outer")] {
        let mut wasm = wat::parse_str(wat).unwrap();
        rivet_linker::embed::embed_world(&mut wasm, &[("p.wit", WIT)], world).unwrap();
        let pkg = rivet_compiler::compile(&wasm, &Default::default()).unwrap();
        std::fs::write(dir.join(format!("{name}.rvp")), pkg.encode()).unwrap();
        inputs.push(rivet_linker::LinkInput::from_package(name, &pkg));
    }
    let manifest = rivet_linker::link(&inputs, None).unwrap();
    let path = dir.join("app.manifest");
    std::fs::write(&path, manifest.encode()).unwrap();
    path
}

/// Runs `rivet call` and returns (exit code, stdout, stderr).
fn call(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rivet"))
        .arg("call")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_trapped_call_reports_gas_and_the_trace_so_far() {
    let m = app();
    let m = m.to_str().unwrap();
    let (code, out, err) = call(&[m, "outer", "t:p/o#via", "--gas", "100000"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("trap:") && err.contains("unreachable"),
        "{err}"
    );
    let used: u64 = out
        .lines()
        .find_map(|l| l.strip_prefix("gas used: "))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no gas line in {out}"));
    assert!(used > 1000 && used < 100_000, "{out}");
    assert!(out.contains(&format!(
        "gas used: {used} of 100000 ({} left)",
        100_000 - used
    )));
    // The trace so far: both calls, neither returned.
    let trace: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("trace"))
        .collect();
    assert_eq!(trace.len(), 3, "{out}");
    assert_eq!(trace[1].trim(), "call outer t:p/o@1.0.0#via");
    assert_eq!(trace[2].trim(), "call inner t:p/i@1.0.0#boom");
    assert!(!out.contains("return"), "{out}");

    // --json: the same, as one object.
    let (code, out, _) = call(&[m, "outer", "t:p/o#via", "--gas", "100000", "--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["trapped"], true);
    assert_eq!(v["out_of_gas"], false);
    assert_eq!(v["gas_used"].as_u64(), Some(used));
    assert_eq!(v["gas_limit"].as_u64(), Some(100_000));
    assert_eq!(v["gas_left"].as_u64(), Some(100_000 - used));
    let events = v["trace"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["event"], "call");
    assert_eq!(events[0]["caller"], "host");
    assert_eq!(events[1]["component"], "inner");
    assert_eq!(events[1]["depth"], 2);
}

#[test]
fn running_out_of_gas_says_how_much_was_used_and_what_ran_out() {
    let m = app();
    let m = m.to_str().unwrap();
    // A tiny budget: the host's own work (advice, the context) cannot be paid. The
    // report says the whole budget was used and what needed more, not just "0 left".
    let (code, out, err) = call(&[m, "inner", "t:p/i#add", "1", "2", "--gas", "10"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("out of gas"), "{err}");
    let line = out.lines().next().unwrap_or_default();
    assert!(line.starts_with("gas used: "), "{out}");
    assert!(line.contains(" of 10 (budget exhausted: "), "{out}");
    let (used, left) =
        gas_of(&call(&[m, "inner", "t:p/i#add", "1", "2", "--gas", "10", "--json"]).1);
    assert_eq!(used + left, 10);
    assert!(
        used > 0,
        "the advice encoding was paid before the budget ran out"
    );

    // Guest code running out: the trace shows where, the budget is spent but for
    // less than one block.
    let (code, out, _) = call(&[m, "outer", "t:p/o#spin-via", "--gas", "50000"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("of 50000 (budget exhausted: ")
            && out.contains("too little for the next block"),
        "{out}"
    );
    assert!(out.contains("call inner t:p/i@1.0.0#spin"), "{out}");
    let (used, left) = gas_of(&call(&[m, "outer", "t:p/o#spin-via", "--gas", "50000", "--json"]).1);
    assert_eq!(used + left, 50_000);
    assert!(left < 100, "spent all but a block's worth: {left} left");
}

/// `gas_used` and `gas_left` of a `--json` report of a trapped call.
fn gas_of(json: &str) -> (u64, u64) {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["out_of_gas"], true, "{json}");
    (
        v["gas_used"].as_u64().unwrap(),
        v["gas_left"].as_u64().unwrap(),
    )
}
