//! Differential test: every kitchen function, called with the same arguments on Rivet
//! (compiled to RV32EM, canonical ABI by `rivet_runtime`) and on wasmtime's component
//! runtime (the same core module made a component by wit-component), must give the
//! same result. Floats (the `float_cases`) compare bit for bit except NaN payloads:
//! Rivet's NaNs must be canonical, wasmtime's are compared as NaNs.

#[path = "../../../runtime/tests/common/mod.rs"]
mod common;

use common::call;
use rivet_runtime::cabi::Val;
use rivet_wasmtime_diff::convert::{canonical_nans, from_wasmtime, to_wasmtime};
use rivet_wasmtime_diff::float_cases::{self, has_noncanonical_nan};
use rivet_wasmtime_diff::values::{everything, flags, point, s, shape, shapes, some};
use rivet_wasmtime_diff::wasm::{component, engine, export_func};
use wasmtime::component::{Linker, Val as WVal};
use wasmtime::Store;

/// (function, arguments) pairs covering every kitchen function but the resource ones.
fn cases() -> Vec<(&'static str, Vec<Val>)> {
    let shapes = shapes();
    let everything = everything();
    let mut out = vec![
        ("add", vec![Val::U32(u32::MAX), Val::U32(2)]),
        ("echo-everything", vec![everything]),
        ("echo-shapes", vec![shapes.clone()]),
        ("echo-shapes", vec![Val::List(vec![])]),
        (
            "describe",
            vec![Val::Variant(
                "created".into(),
                Some(Box::new(shape("tri", vec![point(1, 2)], &[]))),
            )],
        ),
        (
            "describe",
            vec![Val::Variant(
                "moved".into(),
                Some(Box::new(Val::Tuple(vec![Val::S32(1), Val::S32(-2)]))),
            )],
        ),
        ("describe", vec![Val::Variant("deleted".into(), None)]),
        (
            "describe",
            vec![Val::Variant("note".into(), Some(Box::new(s("hi"))))],
        ),
        ("classify", vec![Val::Option(None)]),
        (
            "classify",
            vec![some(Val::Result(Ok(Some(Box::new(Val::U32(21))))))],
        ),
        (
            "classify",
            vec![some(Val::Result(Err(Some(Box::new(s("e"))))))],
        ),
        ("invert", vec![flags(&["read"])]),
        ("invert", vec![flags(&[])]),
        ("next-color", vec![Val::Enum("red".into())]),
        ("next-color", vec![Val::Enum("blue".into())]),
        (
            "nested",
            vec![Val::List(vec![
                Val::List(vec![s("a"), s("b")]),
                Val::List(vec![]),
                Val::List(vec![s("c")]),
            ])],
        ),
        (
            "sum17",
            (1..=16).map(Val::U32).chain([Val::U64(1 << 40)]).collect(),
        ),
        ("bytes", vec![Val::U32(300)]),
        ("bytes", vec![Val::U32(0)]),
        (
            "checksum",
            vec![Val::List((0..=255).map(Val::U8).collect())],
        ),
        ("fail-if", vec![Val::Bool(true)]),
        ("fail-if", vec![Val::Bool(false)]),
    ];
    out.extend(float_cases::cases());
    out.push((
        "echo-shapes",
        vec![Val::List(
            vec![shapes.clone(), shapes]
                .into_iter()
                .flat_map(|l| match l {
                    Val::List(v) => v,
                    _ => vec![],
                })
                .collect(),
        )],
    ));
    out
}

#[test]
fn kitchen_matches_wasmtime() {
    let wasm = std::fs::read(common::contracts().join("kitchen.wasm")).expect("kitchen.wasm");
    let engine = engine().expect("engine");
    let component = component(&engine, &wasm).expect("wasmtime compiles kitchen");
    let linker = Linker::<()>::new(&engine);

    let (mut compared, mut nans) = (0, 0);
    for (name, args) in cases() {
        let rivet = call("kitchen", &format!("rivet:kitchen/types#{name}"), &args)
            .unwrap_or_else(|e| panic!("rivet {name}: {e}"))
            .results;
        // A fresh wasmtime instance per call, like Rivet's fresh context.
        let mut store = Store::new(&engine, ());
        let instance = linker
            .instantiate(&mut store, &component)
            .expect("instantiate");
        let func = export_func(&mut store, &instance, "rivet:kitchen/types@0.1.0", name)
            .unwrap_or_else(|| panic!("no export {name}"));
        let wargs: Vec<WVal> = args.iter().map(|v| to_wasmtime(v).unwrap()).collect();
        let mut results = vec![WVal::Bool(false); func.ty(&store).results().len()];
        func.call(&mut store, &wargs, &mut results)
            .unwrap_or_else(|e| panic!("wasmtime {name}: {e:?}"));
        let theirs: Vec<Val> = results.iter().map(|v| from_wasmtime(v).unwrap()).collect();
        assert!(
            !rivet.iter().any(has_noncanonical_nan),
            "{name}({args:?}): rivet returned a non-canonical NaN: {rivet:?}"
        );
        let theirs: Vec<Val> = theirs.iter().map(canonical_nans).collect();
        assert_eq!(rivet, theirs, "{name}({args:?})");
        nans += rivet
            .iter()
            .flat_map(float_cases::floats)
            .filter(float_cases::is_nan)
            .count();
        compared += 1;
    }
    assert_eq!(compared, cases().len());
    println!("{compared} passed, 0 failed ({nans} NaN results compared as NaNs)");
    assert!(nans >= 5, "the float cases must produce NaNs: {nans}");
}
