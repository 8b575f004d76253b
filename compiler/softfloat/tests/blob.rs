//! Checks the checked-in `softfloat.wasm` against FLOAT-ABI.md: exactly the 60
//! exports with their Wasm signatures, nothing imported, no memory, globals,
//! tables, data or element segments, no start function, and no instruction or
//! local of a float type (nor any memory/global/table access). A second test
//! rebuilds the blob with scripts/build-softfloat.sh and requires identical bytes
//! when this machine has the toolchain recorded in softfloat.wasm.toolchain
//! (skipped, with the reason printed, when it has none or another one).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use wasmparser::{Operator, Parser, Payload, ValType, Validator};

/// The FLOAT-ABI.md export list: name -> (params, results) with `I` = i32, `L` = i64.
fn expected() -> BTreeMap<String, (String, String)> {
    let mut m = BTreeMap::new();
    let mut add = |name: String, params: &str, results: &str| {
        m.insert(name, (params.to_string(), results.to_string()));
    };
    for (t, v) in [("f32", "I"), ("f64", "L")] {
        for op in ["add", "sub", "mul", "div", "min", "max"] {
            add(format!("{t}_{op}"), &format!("{v}{v}"), v);
        }
        for op in ["sqrt", "ceil", "floor", "trunc", "nearest"] {
            add(format!("{t}_{op}"), v, v);
        }
        for op in ["eq", "ne", "lt", "gt", "le", "ge"] {
            add(format!("{t}_{op}"), &format!("{v}{v}"), "I");
        }
        for (int, iv) in [("i32", "I"), ("i64", "L")] {
            for s in ["s", "u"] {
                add(format!("{t}_convert_{int}_{s}"), iv, v);
                add(format!("{int}_trunc_sat_{t}_{s}"), v, iv);
                add(format!("trunc_check_{t}_{int}_{s}"), v, "I");
            }
        }
    }
    add("f32_demote_f64".into(), "L", "I");
    add("f64_promote_f32".into(), "I", "L");
    m
}

fn code(types: &[ValType]) -> String {
    types
        .iter()
        .map(|t| match t {
            ValType::I32 => 'I',
            ValType::I64 => 'L',
            other => panic!("non-integer value type {other:?} in a signature"),
        })
        .collect()
}

/// The checked-in blob, or the file named by RIVET_SOFTFLOAT_BLOB (the build
/// script checks its output that way when writing elsewhere).
fn blob_path() -> PathBuf {
    match std::env::var_os("RIVET_SOFTFLOAT_BLOB") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("softfloat.wasm"),
    }
}

/// Every property FLOAT-ABI.md requires of the blob.
fn check_blob(bytes: &[u8]) {
    Validator::new()
        .validate_all(bytes)
        .expect("softfloat.wasm validates");
    let mut sigs: Vec<(String, String)> = Vec::new();
    let mut func_types: Vec<u32> = Vec::new();
    let mut exports: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut export_funcs: Vec<(String, u32)> = Vec::new();
    let mut bodies = 0;
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.expect("payload parses") {
            Payload::TypeSection(r) => {
                for ty in r.into_iter_err_on_gc_types() {
                    let f = ty.expect("function type");
                    sigs.push((code(f.params()), code(f.results())));
                }
            }
            Payload::FunctionSection(r) => {
                func_types.extend(r.into_iter().map(|t| t.expect("function")));
            }
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e.expect("export");
                    assert_eq!(
                        e.kind,
                        wasmparser::ExternalKind::Func,
                        "{} is not a function",
                        e.name
                    );
                    export_funcs.push((e.name.to_string(), e.index));
                }
            }
            Payload::CodeSectionEntry(body) => {
                bodies += 1;
                for local in body.get_locals_reader().expect("locals") {
                    let (_, ty) = local.expect("local");
                    assert!(
                        matches!(ty, ValType::I32 | ValType::I64),
                        "local of type {ty:?}"
                    );
                }
                for op in body.get_operators_reader().expect("operators") {
                    let op = op.expect("operator");
                    let name = format!("{op:?}");
                    let forbidden = [
                        "F32",
                        "F64",
                        "Load",
                        "Store",
                        "Memory",
                        "Global",
                        "Table",
                        "Ref",
                        "CallIndirect",
                        "Atomic",
                        "V128",
                    ];
                    assert!(
                        !forbidden.iter().any(|f| name.contains(f)),
                        "forbidden instruction {name} in function body {bodies}"
                    );
                    assert!(!matches!(op, Operator::ReturnCallIndirect { .. }));
                }
            }
            Payload::ImportSection(_) => panic!("the blob must import nothing"),
            Payload::MemorySection(_) => panic!("the blob must have no memory"),
            Payload::GlobalSection(_) => panic!("the blob must have no globals"),
            Payload::TableSection(_) => panic!("the blob must have no tables"),
            Payload::DataSection(_) | Payload::DataCountSection { .. } => {
                panic!("the blob must have no data")
            }
            Payload::ElementSection(_) => panic!("the blob must have no element segments"),
            Payload::StartSection { .. } => panic!("the blob must have no start function"),
            Payload::TagSection(_) => panic!("the blob must have no tags"),
            _ => {}
        }
    }
    for (name, index) in export_funcs {
        let ty = func_types[index as usize] as usize;
        assert!(
            exports.insert(name.clone(), sigs[ty].clone()).is_none(),
            "{name} twice"
        );
    }
    assert_eq!(expected().len(), 60);
    assert_eq!(exports, expected(), "exports differ from FLOAT-ABI.md");
}

#[test]
fn blob_matches_the_float_abi() {
    let bytes = std::fs::read(blob_path()).expect("compiler/softfloat/softfloat.wasm exists");
    check_blob(&bytes);
    println!(
        "softfloat.wasm: {} bytes, 60 exports, integer-only",
        bytes.len()
    );
}

#[test]
fn blob_rebuilds_to_identical_bytes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = std::env::temp_dir().join(format!("rivet-softfloat-{}.wasm", std::process::id()));
    let status = Command::new(root.join("scripts/build-softfloat.sh"))
        .arg(&out)
        .env(
            "RIVET_SOFTFLOAT_STRIP",
            env!("CARGO_BIN_EXE_softfloat-strip"),
        )
        .status()
        .expect("scripts/build-softfloat.sh runs");
    if status.code() == Some(3) {
        println!(
            "skipped: no wasm32 toolchain (scripts/build-softfloat.sh printed how to install one)"
        );
        return;
    }
    assert!(
        status.success(),
        "scripts/build-softfloat.sh failed: {status}"
    );
    let rebuilt = std::fs::read(&out).expect("rebuilt blob");
    let toolchain = toolchain_of(&out);
    let _ = std::fs::remove_file(&out);
    let mut sidecar = out.into_os_string();
    sidecar.push(".toolchain");
    let _ = std::fs::remove_file(sidecar);
    check_blob(&rebuilt);
    let checked_in_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("softfloat.wasm");
    let checked_in = std::fs::read(&checked_in_path).expect("checked-in blob");
    let made_with = toolchain_of(&checked_in_path);
    if toolchain != made_with {
        println!(
            "skipped the byte comparison: softfloat.wasm was built with {}, this machine has {}",
            made_with.trim(),
            toolchain.trim()
        );
        return;
    }
    assert!(
        rebuilt == checked_in,
        "rebuilding gives different bytes ({} vs {} checked in): run scripts/build-softfloat.sh and commit softfloat.wasm",
        rebuilt.len(),
        checked_in.len()
    );
}

/// The toolchain recorded beside a blob (`<blob>.toolchain`), empty if none.
fn toolchain_of(wasm: &Path) -> String {
    let mut name = wasm.as_os_str().to_owned();
    name.push(".toolchain");
    std::fs::read_to_string(PathBuf::from(name)).unwrap_or_default()
}
