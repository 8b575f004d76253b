//! Floats against wasmi: float-heavy Rust programs (`examples/programs/nbody`,
//! `floatfmt`) must return wasmi's exact bits, and a module exercising every float
//! operator on special values (signed zeros, infinities, NaNs with payloads,
//! subnormals, rounding ties, conversion limits) must agree value for value and trap
//! for trap. NaN results are compared as NaNs: Rivet's are canonical, wasmi's
//! payloads come from the host FPU, and Wasm only fixes them up to `nan:arithmetic`.

mod common;

use common::differential::{trap_kind, Observed, Wasmi};
use common::programs::build_programs;
use rivet_conformance::rivet::{
    self as rv, CallOutcome, CompileOutcome, InstantiateOutcome, NoImports,
};
use rivet_runtime::instance::CoreValue;
use std::path::Path;
use std::process::Command;

/// wasmi configured like the differential helper's engine, with floats enabled.
fn float_engine() -> wasmi::Engine {
    let mut config = wasmi::Config::default();
    config
        .consume_fuel(true)
        .compilation_mode(wasmi::CompilationMode::Eager)
        .floats(true)
        .wasm_tail_call(false)
        .wasm_multi_memory(false)
        .wasm_wide_arithmetic(false);
    wasmi::Engine::new(&config)
}

fn instance(wasm: &[u8]) -> rivet_runtime::instance::Instance {
    let pkg = match rv::compile(wasm) {
        CompileOutcome::Compiled(pkg) => pkg,
        CompileOutcome::Unsupported(r) | CompileOutcome::Rejected(r) => {
            panic!("rivet does not compile it: {r}")
        }
    };
    match rv::instantiate(&pkg, &mut NoImports) {
        InstantiateOutcome::Ready(i) => *i,
        _ => panic!("rivet cannot instantiate it"),
    }
}

/// What wasmi did, with the trap Rivet's differential helper does not name.
fn wasmi_call(w: &mut Wasmi, name: &str, args: &[CoreValue]) -> Result<Vec<CoreValue>, String> {
    match w.call(name, args) {
        Ok(Observed::Values(v)) => Ok(v),
        Ok(Observed::Trap(kind)) => Err(kind.to_string()),
        Err(text) if text.contains("invalid conversion to integer") => {
            Err("invalid conversion to integer".into())
        }
        Err(text) => panic!("wasmi {name}{args:?}: {text}"),
    }
}

fn is_nan(v: &CoreValue) -> bool {
    match *v {
        CoreValue::F32(b) => b & 0x7fff_ffff > 0x7f80_0000,
        CoreValue::F64(b) => b & !(1 << 63) > 0x7ff0_0000_0000_0000,
        _ => false,
    }
}

fn canonical(v: &CoreValue) -> bool {
    matches!(
        *v,
        CoreValue::F32(0x7fc0_0000) | CoreValue::F64(0x7ff8_0000_0000_0000)
    )
}

/// Equal, or both NaN with Rivet's NaN canonical.
fn agree(ours: &[CoreValue], theirs: &[CoreValue]) -> bool {
    ours.len() == theirs.len()
        && ours
            .iter()
            .zip(theirs)
            .all(|(a, b)| a == b || (is_nan(a) && is_nan(b) && canonical(a)))
}

#[test]
fn float_programs_give_wasmis_bits() {
    let dir = build_programs();
    let engine = float_engine();
    let cases: &[(&str, i32)] = &[("nbody", 0), ("nbody", 1000), ("floatfmt", 200)];
    for &(name, n) in cases {
        let wasm = std::fs::read(dir.join(format!("{name}.wasm"))).expect("built program");
        let mut ours = instance(&wasm);
        let got = match rv::invoke(&mut ours, "run", &[CoreValue::I32(n)], &mut NoImports) {
            CallOutcome::Returned(v) => v,
            other => panic!("{name}({n}): rivet {other:?}"),
        };
        let mut w = Wasmi::new(&engine, &wasm).expect("wasmi instantiates");
        let want = wasmi_call(&mut w, "run", &[CoreValue::I32(n)]).expect("wasmi returns");
        println!("{name}({n}): rivet {got:?}, wasmi {want:?}");
        assert_eq!(got, want, "{name}({n})");
    }
}

/// Builds `examples/programs/snprintf/snprintf.c` with clang-16 and wasi-libc.
fn build_c_program() -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("snprintf.wasm");
    let status = Command::new("clang-16")
        .args([
            "--target=wasm32-wasi",
            "-isystem",
            "/usr/include/wasm32-wasi",
            "-L/usr/lib/wasm32-wasi",
            "-O2",
            "-nostartfiles",
            "-nodefaultlibs",
            "-Wl,--no-entry",
            "-o",
        ])
        .arg(&out)
        .arg(root.join("examples/programs/snprintf/snprintf.c"))
        .arg("-lc")
        .env(
            "PATH",
            format!(
                "/usr/lib/llvm-16/bin:{}",
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .status()
        .expect("run clang-16 (apt-get install -y clang-16 lld-16 wasi-libc)");
    assert!(status.success(), "clang-16 failed: {status}");
    std::fs::read(out).expect("built snprintf.wasm")
}

#[test]
fn c_snprintf_gives_wasmis_bits() {
    let wasm = build_c_program();
    let imports = wasmparser::Parser::new(0)
        .parse_all(&wasm)
        .filter_map(Result::ok)
        .any(|p| matches!(p, wasmparser::Payload::ImportSection(_)));
    assert!(!imports, "the C program must not import anything (WASI)");
    let mut ours = instance(&wasm);
    let engine = float_engine();
    let mut theirs = Wasmi::new(&engine, &wasm).expect("wasmi instantiates");
    for n in [1, 50, 300] {
        let got = match rv::invoke(&mut ours, "run", &[CoreValue::I32(n)], &mut NoImports) {
            CallOutcome::Returned(v) => v,
            other => panic!("snprintf({n}): rivet {other:?}"),
        };
        let want = wasmi_call(&mut theirs, "run", &[CoreValue::I32(n)]).expect("wasmi returns");
        println!("snprintf({n}): rivet {got:?}, wasmi {want:?}");
        assert_eq!(got, want, "snprintf({n})");
    }
}

/// Every float operator, one export each, `(param T T)` or `(param T)`.
fn operator_module() -> (String, Vec<(String, Vec<char>)>) {
    let bin = [
        "add", "sub", "mul", "div", "min", "max", "copysign", "eq", "ne", "lt", "gt", "le", "ge",
    ];
    let un = ["abs", "neg", "sqrt", "ceil", "floor", "trunc", "nearest"];
    let mut funcs = Vec::new();
    for t in ["f32", "f64"] {
        let c = t.chars().nth(1).unwrap_or('3');
        let k = if c == '3' { 'f' } else { 'd' };
        for op in bin {
            let res = if ["eq", "ne", "lt", "gt", "le", "ge"].contains(&op) {
                "i32"
            } else {
                t
            };
            funcs.push((format!("{t}.{op}"), vec![k, k], res));
        }
        for op in un {
            funcs.push((format!("{t}.{op}"), vec![k], t));
        }
        for (i, ik) in [("i32", 'i'), ("i64", 'l')] {
            for s in ["s", "u"] {
                funcs.push((format!("{i}.trunc_{t}_{s}"), vec![k], i));
                funcs.push((format!("{i}.trunc_sat_{t}_{s}"), vec![k], i));
                funcs.push((format!("{t}.convert_{i}_{s}"), vec![ik], t));
            }
        }
    }
    funcs.push(("f32.demote_f64".into(), vec!['d'], "f32"));
    funcs.push(("f64.promote_f32".into(), vec!['f'], "f64"));
    let ty = |c: char| match c {
        'f' => "f32",
        'd' => "f64",
        'i' => "i32",
        _ => "i64",
    };
    let mut wat = String::from("(module\n");
    for (name, params, res) in &funcs {
        let ps: Vec<&str> = params.iter().map(|c| ty(*c)).collect();
        let gets: String = (0..params.len())
            .map(|i| format!("local.get {i} "))
            .collect();
        wat += &format!(
            "  (func (export \"{name}\") (param {}) (result {res}) {gets}{name})\n",
            ps.join(" ")
        );
    }
    wat += ")";
    (wat, funcs.into_iter().map(|(n, p, _)| (n, p)).collect())
}

/// Special and ordinary values per parameter kind.
fn values(kind: char) -> Vec<CoreValue> {
    match kind {
        'f' => [
            0.0f32,
            -0.0,
            1.0,
            -1.0,
            0.5,
            1.5,
            2.5,
            -2.5,
            3.4028235e38,
            -3.4028235e38,
            1.0e-45,
            1.1754942e-38,
            f32::INFINITY,
            f32::NEG_INFINITY,
            2147483648.0,
            -2147483904.0,
            4294967296.0,
            9.223372e18,
            1.8446743e19,
            0.1,
            16777217.0,
        ]
        .iter()
        .map(|x| CoreValue::F32(x.to_bits()))
        .chain([0x7fc0_0000, 0xffa0_0001, 0x7f80_0001].map(CoreValue::F32))
        .collect(),
        'd' => [
            0.0f64,
            -0.0,
            1.0,
            -1.0,
            0.5,
            2.5,
            -3.5,
            1.7976931348623157e308,
            5e-324,
            2.225073858507201e-308,
            f64::INFINITY,
            f64::NEG_INFINITY,
            2147483647.9,
            -2147483648.9,
            4294967295.5,
            9.223372036854775e18,
            -9.223372036854776e18,
            1.8446744073709552e19,
            0.1,
            4503599627370495.5,
            1e16 + 1.0,
        ]
        .iter()
        .map(|x| CoreValue::F64(x.to_bits()))
        .chain(
            [
                0x7ff8_0000_0000_0000,
                0xfff4_0000_0000_0001,
                0x7ff0_0000_0000_0001,
            ]
            .map(CoreValue::F64),
        )
        .collect(),
        'i' => [0, 1, -1, i32::MAX, i32::MIN, 16777217, 0x7fff_ff80]
            .map(CoreValue::I32)
            .to_vec(),
        _ => [
            0,
            1,
            -1,
            i64::MAX,
            i64::MIN,
            9007199254740993,
            0x7fff_fc00_0000_0000,
        ]
        .map(CoreValue::I64)
        .to_vec(),
    }
}

#[test]
fn every_float_operator_agrees_with_wasmi_on_special_values() {
    let (wat, funcs) = operator_module();
    let buf = wast::parser::ParseBuffer::new(&wat).expect("lexes");
    let mut module: wast::Wat = wast::parser::parse(&buf).expect("valid operator module");
    let wasm = module.encode().expect("encodes");
    let mut ours = instance(&wasm);
    let engine = float_engine();
    let mut theirs = Wasmi::new(&engine, &wasm).expect("wasmi instantiates");
    let mut calls = 0;
    let mut mismatches = Vec::new();
    for (name, params) in &funcs {
        let a = values(params[0]);
        let b = params.get(1).map(|k| values(*k)).unwrap_or_default();
        let mut arg_lists: Vec<Vec<CoreValue>> = Vec::new();
        for x in &a {
            if b.is_empty() {
                arg_lists.push(vec![*x]);
            }
            for y in &b {
                arg_lists.push(vec![*x, *y]);
            }
        }
        for args in arg_lists {
            calls += 1;
            let got = match rv::invoke(&mut ours, name, &args, &mut NoImports) {
                CallOutcome::Returned(v) => Ok(v),
                CallOutcome::Trapped(m) => Err(trap_kind(&m).map_or(m, str::to_string)),
                other => panic!("{name}{args:?}: {other:?}"),
            };
            let want = wasmi_call(&mut theirs, name, &args);
            let same = match (&got, &want) {
                (Ok(x), Ok(y)) => agree(x, y),
                (Err(x), Err(y)) => x == y,
                _ => false,
            };
            if !same {
                mismatches.push(format!("{name}{args:?}: rivet {got:?}, wasmi {want:?}"));
            }
        }
    }
    println!("{calls} float operator calls compared with wasmi");
    assert!(calls > 5000, "{calls}");
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches[..mismatches.len().min(40)].join("\n")
    );
}

/// xorshift64 random bits, biased towards float edge cases: exponents near the
/// extremes and zero, and integers near conversion limits.
fn random_value(kind: char, x: &mut u64) -> CoreValue {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    let r = *x;
    match (kind, r % 4) {
        ('f', 0) => CoreValue::F32((r >> 32) as u32 & 0x807f_ffff | ((r as u32 & 7) << 23)),
        ('f', 1) => CoreValue::F32((r >> 32) as u32 | 0x7f00_0000),
        ('f', _) => CoreValue::F32((r >> 32) as u32),
        ('d', 0) => CoreValue::F64(r & 0x800f_ffff_ffff_ffff | ((r >> 20) & 7) << 52),
        ('d', 1) => CoreValue::F64(r | 0x7fe0_0000_0000_0000),
        ('d', 2) => CoreValue::F64(r & !(0x3ff << 52) | ((0x3c0 + (r >> 58)) << 52)),
        ('d', _) => CoreValue::F64(r),
        ('i', 0) => CoreValue::I32((r >> 40) as i32),
        ('i', _) => CoreValue::I32(r as i32),
        (_, 0) => CoreValue::I64((r >> (r % 40)) as i64),
        _ => CoreValue::I64(r as i64),
    }
}

#[test]
fn every_float_operator_agrees_with_wasmi_on_random_operands() {
    let (wat, funcs) = operator_module();
    let buf = wast::parser::ParseBuffer::new(&wat).expect("lexes");
    let mut module: wast::Wat = wast::parser::parse(&buf).expect("valid operator module");
    let wasm = module.encode().expect("encodes");
    let mut ours = instance(&wasm);
    let engine = float_engine();
    let mut theirs = Wasmi::new(&engine, &wasm).expect("wasmi instantiates");
    let mut x = 0x2545_f491_4f6c_dd1d_u64;
    let (mut calls, mut mismatches) = (0, Vec::new());
    for (name, params) in &funcs {
        for _ in 0..400 {
            let args: Vec<CoreValue> = params.iter().map(|k| random_value(*k, &mut x)).collect();
            calls += 1;
            let got = match rv::invoke(&mut ours, name, &args, &mut NoImports) {
                CallOutcome::Returned(v) => Ok(v),
                CallOutcome::Trapped(m) => Err(trap_kind(&m).map_or(m, str::to_string)),
                other => panic!("{name}{args:?}: {other:?}"),
            };
            let want = wasmi_call(&mut theirs, name, &args);
            let same = match (&got, &want) {
                (Ok(a), Ok(b)) => agree(a, b),
                (Err(a), Err(b)) => a == b,
                _ => false,
            };
            if !same {
                mismatches.push(format!("{name}{args:x?}: rivet {got:x?}, wasmi {want:x?}"));
            }
        }
    }
    println!("{calls} random float operator calls compared with wasmi");
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches[..mismatches.len().min(40)].join("\n")
    );
}
