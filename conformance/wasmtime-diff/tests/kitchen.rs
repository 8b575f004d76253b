//! Differential test: every kitchen function, called with the same arguments on Rivet
//! (compiled to RV32EM, canonical ABI by `rivet_runtime`) and on wasmtime's component
//! runtime (the same core module made a component by wit-component), must give the
//! same result.

#[path = "../../../runtime/tests/common/mod.rs"]
mod common;

use common::*;
use rivet_runtime::cabi::Val;
use wasmtime::component::{Component, Linker, Val as WVal};
use wasmtime::{Config, Engine, Store};

fn to_w(v: &Val) -> WVal {
    let b = |v: &Option<Box<Val>>| v.as_ref().map(|v| Box::new(to_w(v)));
    match v {
        Val::Bool(x) => WVal::Bool(*x),
        Val::S8(x) => WVal::S8(*x),
        Val::U8(x) => WVal::U8(*x),
        Val::S16(x) => WVal::S16(*x),
        Val::U16(x) => WVal::U16(*x),
        Val::S32(x) => WVal::S32(*x),
        Val::U32(x) => WVal::U32(*x),
        Val::S64(x) => WVal::S64(*x),
        Val::U64(x) => WVal::U64(*x),
        Val::Char(x) => WVal::Char(*x),
        Val::String(x) => WVal::String(x.clone()),
        Val::List(vs) => WVal::List(vs.iter().map(to_w).collect()),
        Val::Record(fs) => WVal::Record(fs.iter().map(|(n, v)| (n.clone(), to_w(v))).collect()),
        Val::Tuple(vs) => WVal::Tuple(vs.iter().map(to_w).collect()),
        Val::Variant(n, p) => WVal::Variant(n.clone(), b(p)),
        Val::Enum(n) => WVal::Enum(n.clone()),
        Val::Option(p) => WVal::Option(b(p)),
        Val::Result(Ok(p)) => WVal::Result(Ok(b(p))),
        Val::Result(Err(p)) => WVal::Result(Err(b(p))),
        Val::Flags(fs) => WVal::Flags(fs.clone()),
        Val::Own(_) | Val::Borrow(_) => panic!("handles are not compared"),
    }
}

fn from_w(v: &WVal) -> Val {
    let b = |v: &Option<Box<WVal>>| v.as_ref().map(|v| Box::new(from_w(v)));
    match v {
        WVal::Bool(x) => Val::Bool(*x),
        WVal::S8(x) => Val::S8(*x),
        WVal::U8(x) => Val::U8(*x),
        WVal::S16(x) => Val::S16(*x),
        WVal::U16(x) => Val::U16(*x),
        WVal::S32(x) => Val::S32(*x),
        WVal::U32(x) => Val::U32(*x),
        WVal::S64(x) => Val::S64(*x),
        WVal::U64(x) => Val::U64(*x),
        WVal::Char(x) => Val::Char(*x),
        WVal::String(x) => Val::String(x.clone()),
        WVal::List(vs) => Val::List(vs.iter().map(from_w).collect()),
        WVal::Record(fs) => Val::Record(fs.iter().map(|(n, v)| (n.clone(), from_w(v))).collect()),
        WVal::Tuple(vs) => Val::Tuple(vs.iter().map(from_w).collect()),
        WVal::Variant(n, p) => Val::Variant(n.clone(), b(p)),
        WVal::Enum(n) => Val::Enum(n.clone()),
        WVal::Option(p) => Val::Option(b(p)),
        WVal::Result(Ok(p)) => Val::Result(Ok(b(p))),
        WVal::Result(Err(p)) => Val::Result(Err(b(p))),
        WVal::Flags(fs) => Val::Flags(fs.clone()),
        other => panic!("unexpected wasmtime value {other:?}"),
    }
}

fn rec(fs: &[(&str, Val)]) -> Val {
    Val::Record(fs.iter().map(|(n, v)| (n.to_string(), v.clone())).collect())
}
fn flags(fs: &[&str]) -> Val {
    Val::Flags(fs.iter().map(|s| s.to_string()).collect())
}
fn some(v: Val) -> Val {
    Val::Option(Some(Box::new(v)))
}
fn point(x: i32, y: i32) -> Val {
    rec(&[("x", Val::S32(x)), ("y", Val::S32(y))])
}
fn shape(name: &str, points: Vec<Val>, tags: &[&str]) -> Val {
    rec(&[
        ("name", s(name)),
        ("points", Val::List(points)),
        ("tags", Val::List(tags.iter().map(|t| s(t)).collect())),
    ])
}

/// (function, arguments) pairs covering every kitchen function but the resource ones.
fn cases() -> Vec<(&'static str, Vec<Val>)> {
    let shapes = Val::List(vec![
        shape(
            "tri",
            vec![point(0, 0), point(1, 0), point(0, -1)],
            &["closed", "small"],
        ),
        shape("", vec![], &[]),
        shape("dot ✓", vec![point(i32::MIN, i32::MAX)], &["ünïcode"]),
    ]);
    let everything = rec(&[
        ("flag", Val::Bool(true)),
        ("small", Val::S8(-5)),
        ("byte", Val::U8(200)),
        ("short", Val::S16(-300)),
        ("word", Val::U16(60000)),
        ("int", Val::S32(-70000)),
        ("uint", Val::U32(4_000_000_000)),
        ("long", Val::S64(-5_000_000_000_000)),
        ("ulong", Val::U64(u64::MAX)),
        ("letter", Val::Char('🦀')),
        ("text", s("héllo")),
        ("color", Val::Enum("blue".into())),
        ("perms", flags(&["read", "exec"])),
    ]);
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
    let wasm = std::fs::read(contracts().join("kitchen.wasm")).expect("kitchen.wasm");
    let component = wit_component::ComponentEncoder::default()
        .module(&wasm)
        .expect("component-type sections")
        .validate(true)
        .encode()
        .expect("componentize kitchen");
    let mut config = Config::new();
    config.wasm_component_model(true);
    let engine = Engine::new(&config).expect("engine");
    let component = Component::new(&engine, &component).expect("wasmtime compiles kitchen");
    let linker = Linker::<()>::new(&engine);

    let mut compared = 0;
    for (name, args) in cases() {
        let rivet = call("kitchen", &format!("rivet:kitchen/types#{name}"), &args)
            .unwrap_or_else(|e| panic!("rivet {name}: {e}"))
            .results;
        // A fresh wasmtime instance per call, like Rivet's fresh context.
        let mut store = Store::new(&engine, ());
        let instance = linker
            .instantiate(&mut store, &component)
            .expect("instantiate");
        let iface = instance
            .get_export_index(&mut store, None, "rivet:kitchen/types@0.1.0")
            .expect("types export");
        let idx = instance
            .get_export_index(&mut store, Some(&iface), name)
            .unwrap_or_else(|| panic!("no export {name}"));
        let func = instance.get_func(&mut store, idx).expect("a function");
        let wargs: Vec<WVal> = args.iter().map(to_w).collect();
        let mut results = vec![WVal::Bool(false); func.ty(&store).results().len()];
        func.call(&mut store, &wargs, &mut results)
            .unwrap_or_else(|e| panic!("wasmtime {name}: {e:?}"));
        let theirs: Vec<Val> = results.iter().map(from_w).collect();
        assert_eq!(rivet, theirs, "{name}({args:?})");
        compared += 1;
    }
    assert_eq!(compared, cases().len());
    println!("{compared} passed, 0 failed");
}
