//! Component calls on small hand-written WAT components (`tests/wat/`): contexts,
//! advice, witness replay, resources, host interfaces and traps, independent of the
//! Rust guest toolchain.

use rivet_format::manifest::Manifest;
use rivet_linker::LinkInput;
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{
    App, CallConfig, CallFailure, CallTrap, Caller, Event, HostCx, HostError, HostInterface, Hosts,
    Limits, LookupError, Runtime,
};
use std::sync::{Arc, OnceLock};

/// The trap of a call that ran and trapped.
fn trap(e: &CallFailure) -> &CallTrap {
    e.trap().unwrap_or_else(|| panic!("not a trap: {e}"))
}

const WIT: &str = include_str!("wat/calc.wit");
const REALLOC: &str = include_str!("wat/realloc.wat");

/// Assembles `wat` with the allocator spliced in and the WIT `world` attached.
fn module(wat: &str, world: &str) -> Vec<u8> {
    let mut wasm = wat::parse_str(wat.replace(";;REALLOC", REALLOC)).expect("wat");
    rivet_linker::embed::embed_world(&mut wasm, &[("calc.wit", WIT)], world).expect("wit");
    wasm
}

fn app() -> &'static (Runtime, Manifest, Arc<App>) {
    static APP: OnceLock<(Runtime, Manifest, Arc<App>)> = OnceLock::new();
    APP.get_or_init(|| {
        let parts = [
            ("calc", module(include_str!("wat/calc.wat"), "calc")),
            ("user", module(include_str!("wat/user.wat"), "user-world")),
            (
                "hosted",
                module(include_str!("wat/hosted.wat"), "hosted-world"),
            ),
            (
                "holder",
                module(include_str!("wat/holder.wat"), "holder-world"),
            ),
        ];
        let rt = Runtime::new();
        let mut inputs = Vec::new();
        for (n, wasm) in parts {
            let pkg = rivet_compiler::compile(&wasm, &Default::default())
                .unwrap_or_else(|e| panic!("compile {n}: {e}"));
            inputs.push(LinkInput::from_package(n, &pkg));
            rt.add_package(pkg).unwrap();
        }
        let m = rivet_linker::link(&inputs, None).unwrap_or_else(|e| panic!("link: {e}"));
        let app = rt.prepare(&m).unwrap();
        (rt, m, app)
    })
}

fn call(
    comp: &str,
    func: &str,
    args: &[Val],
) -> Result<rivet_runtime::component::CallOutcome, CallFailure> {
    app()
        .2
        .call(comp, func, args, &CallConfig::default(), &mut Hosts::new())
}

#[test]
fn host_calls_an_export() {
    let out = call("calc", "test:calc/api#add", &[Val::U32(2), Val::U32(40)]).unwrap();
    assert_eq!(out.results, vec![Val::U32(42)]);
    assert!(out.gas_used > 0);
    // The versioned key works too, and the witness holds the args and the result.
    let out = call(
        "calc",
        "test:calc/api@1.0.0#add",
        &[Val::U32(1), Val::U32(1)],
    )
    .unwrap();
    assert_eq!(out.results, vec![Val::U32(2)]);
    assert_eq!(out.witness.advice.len(), 2);
    assert_eq!(
        out.witness.advice.get(&out.witness.args).unwrap(),
        &[1, 0, 0, 0, 1, 0, 0, 0]
    );
}

#[test]
fn every_call_gets_a_fresh_context() {
    for _ in 0..3 {
        let out = call("calc", "test:calc/api#bump", &[]).unwrap();
        assert_eq!(
            out.results,
            vec![Val::U32(1)],
            "global state leaked between calls"
        );
    }
}

#[test]
fn strings_cross_both_ways() {
    let out = call("calc", "test:calc/api#echo", &[Val::String("héllo".into())]).unwrap();
    assert_eq!(out.results, vec![Val::String("héllo!".into())]);
    // Guest to guest: the result is lowered into the suspended caller with its realloc.
    let out = call(
        "user",
        "test:calc/user#echo-via",
        &[Val::String("abc".into())],
    )
    .unwrap();
    assert_eq!(out.results, vec![Val::String("abc!".into())]);
    // The nested call's arguments and result are the same bytes as the top call's, so
    // the advice map holds each payload once.
    assert_eq!(out.witness.advice.len(), 2);
}

#[test]
fn guest_to_guest_calls() {
    let out = call(
        "user",
        "test:calc/user#add-via",
        &[Val::U32(20), Val::U32(22)],
    )
    .unwrap();
    assert_eq!(out.results, vec![Val::U32(42)]);
    let calls: Vec<_> = out
        .trace
        .iter()
        .filter_map(|e| match e {
            Event::Call {
                depth,
                caller,
                site,
            } => Some((*depth, *caller, site.component.to_string())),
            _ => None,
        })
        .collect();
    let user = app().2.component("user").unwrap().hash;
    assert_eq!(
        calls,
        vec![
            (1, Caller::Host, "user".into()),
            (2, Caller::Component(user), "calc".into())
        ]
    );
}

fn expected_sum(n: u32) -> u64 {
    (0..n)
        .map(|i| (i.wrapping_mul(7).wrapping_add(3) & 0xff) as u64)
        .sum()
}

#[test]
fn one_mib_list_crosses_contexts() {
    let n = 1 << 20;
    let out = call("user", "test:calc/user#sum-via", &[Val::U32(n)]).unwrap();
    assert_eq!(out.results, vec![Val::U64(expected_sum(n))]);
    assert!(out.witness.advice.total_bytes() > n as u64);
}

#[test]
fn advice_limit_is_enforced() {
    let config = CallConfig {
        limits: Limits {
            max_advice_bytes: 512 << 10,
            ..Limits::default()
        },
        ..CallConfig::default()
    };
    let e = app()
        .2
        .call(
            "user",
            "test:calc/user#sum-via",
            &[Val::U32(1 << 20)],
            &config,
            &mut Hosts::new(),
        )
        .unwrap_err();
    assert!(
        matches!(trap(&e), CallTrap::AdviceLimit { limit: 524288, .. }),
        "{e}"
    );
    // Small payloads still fit.
    let out = app()
        .2
        .call(
            "user",
            "test:calc/user#sum-via",
            &[Val::U32(1000)],
            &config,
            &mut Hosts::new(),
        )
        .unwrap();
    assert_eq!(out.results, vec![Val::U64(expected_sum(1000))]);
}

#[test]
fn resources_live_in_their_home_context_and_destructors_run() {
    let out = call("user", "test:calc/user#cell-twice", &[Val::U32(21)]).unwrap();
    assert_eq!(out.results, vec![Val::U32(42)]);
    let drops: Vec<_> = out
        .trace
        .iter()
        .filter(|e| matches!(e, Event::Drop { .. }))
        .collect();
    assert_eq!(drops.len(), 1);
    assert!(
        matches!(drops[0], Event::Drop { component, resource, destructor: true, .. }
        if &**component == "calc" && resource == "test:calc/api@1.0.0/cell")
    );
    // constructor, get and peek all ran in calc (one context: the home of the cell).
    let calc_calls = out
        .trace
        .iter()
        .filter(|e| matches!(e, Event::Call { site, .. } if &*site.component == "calc"))
        .count();
    assert_eq!(calc_calls, 3);
}

#[test]
fn handle_rules_trap() {
    let e = call("user", "test:calc/user#double-drop", &[Val::U32(1)]).unwrap_err();
    assert!(
        matches!(trap(&e), CallTrap::Resource { site, reason } if site.component == "user" && reason.contains("unknown handle")),
        "{e}"
    );
    let e = call("user", "test:calc/user#wrong-type", &[]).unwrap_err();
    assert!(
        matches!(trap(&e), CallTrap::Cabi { site, .. } if site.component == "user"),
        "{e}"
    );
    assert!(
        e.to_string().contains("not a test:calc/api@1.0.0/cell"),
        "{e}"
    );
    // Host-made handles that do not exist.
    let e = call(
        "calc",
        "test:calc/api#peek",
        &[Val::Borrow(rivet_runtime::cabi::ResourceHandle(0))],
    )
    .unwrap_err();
    assert!(e.to_string().contains("unknown resource"), "{e}");
}

#[test]
fn borrows_lent_to_another_component_must_be_dropped() {
    // holder gets handle 1 (index 0 is never used), reads the cell through it in
    // calc's home context, drops its borrow, and user can then drop its own handle.
    let out = call(
        "user",
        "test:calc/user#lend",
        &[Val::U32(9), Val::Bool(true)],
    )
    .unwrap();
    assert_eq!(out.results, vec![Val::U32(1009)]);
    assert!(out.trace.iter().any(|e| matches!(
        e,
        Event::Drop {
            destructor: true,
            ..
        }
    )));
    // Returning without dropping the borrow traps in holder.
    let e = call(
        "user",
        "test:calc/user#lend",
        &[Val::U32(9), Val::Bool(false)],
    )
    .unwrap_err();
    assert!(
        matches!(trap(&e), CallTrap::Resource { site, reason } if site.component == "holder"
            && reason.contains("not dropped before the call returned")),
        "{e}"
    );
}

#[test]
fn trap_in_the_callee_names_it() {
    let e = call("user", "test:calc/user#boom-via", &[]).unwrap_err();
    match trap(&e) {
        CallTrap::Guest { site, .. } => {
            assert_eq!(site.component, "calc");
            assert_eq!(site.function, "test:calc/api@1.0.0#boom");
            assert!(site.pc.is_some());
        }
        other => panic!("unexpected {other}"),
    }
    assert!(e.to_string().contains("unreachable"), "{e}");
}

#[test]
fn limits_and_bad_input_trap() {
    let config = CallConfig {
        limits: Limits {
            max_depth: 1,
            ..Limits::default()
        },
        ..CallConfig::default()
    };
    let e = app()
        .2
        .call(
            "user",
            "test:calc/user#add-via",
            &[Val::U32(1), Val::U32(2)],
            &config,
            &mut Hosts::new(),
        )
        .unwrap_err();
    assert!(
        matches!(trap(&e), CallTrap::CallDepth { site, limit: 1 } if site.component == "calc"),
        "{e}"
    );
    let config = CallConfig {
        gas: 2_000,
        ..CallConfig::default()
    };
    let e = app()
        .2
        .call(
            "user",
            "test:calc/user#sum-via",
            &[Val::U32(100_000)],
            &config,
            &mut Hosts::new(),
        )
        .unwrap_err();
    assert!(
        matches!(
            trap(&e),
            CallTrap::OutOfGas { .. } | CallTrap::HostOutOfGas { .. }
        ),
        "{e}"
    );
    let e = call(
        "calc",
        "test:calc/api#add",
        &[Val::String("x".into()), Val::U32(1)],
    )
    .unwrap_err();
    assert!(matches!(trap(&e), CallTrap::BadArguments { .. }), "{e}");
    let e = call("calc", "test:calc/api#nope", &[]).unwrap_err();
    assert!(
        matches!(e, CallFailure::Lookup(LookupError::UnknownFunction { .. })),
        "{e}"
    );
    let e = call("nobody", "test:calc/api#add", &[]).unwrap_err();
    assert!(
        matches!(e, CallFailure::Lookup(LookupError::UnknownComponent(_))),
        "{e}"
    );
}

#[test]
fn components_by_hash_prefix() {
    let hash = app().2.component("calc").unwrap().hash.to_hex();
    let out = call(
        &hash[..10],
        "test:calc/api#add",
        &[Val::U32(3), Val::U32(4)],
    )
    .unwrap();
    assert_eq!(out.results, vec![Val::U32(7)]);
}

#[test]
fn replay_is_deterministic_and_detects_tampering() {
    let (rt, m, _) = app();
    let config = CallConfig::default();
    for (f, args) in [
        ("test:calc/user#cell-twice", vec![Val::U32(5)]),
        (
            "test:calc/user#echo-via",
            vec![Val::String("witness".into())],
        ),
        ("test:calc/user#sum-via", vec![Val::U32(4096)]),
    ] {
        let a = rt.call(m, "user", f, &args, &config).unwrap();
        let b = rt.call(m, "user", f, &args, &config).unwrap();
        assert_eq!((&a.results, a.gas_used), (&b.results, b.gas_used), "{f}");
        assert_eq!(a.witness, b.witness);
        let r = rt.replay(m, &a.witness, &config).unwrap();
        assert_eq!((&r.results, r.gas_used), (&a.results, a.gas_used), "{f}");

        // Tamper with every entry in turn: the receiving side notices.
        for (h, bytes) in a.witness.advice.iter() {
            let mut w = a.witness.clone();
            let mut bad = bytes.to_vec();
            match bad.first_mut() {
                Some(b) => *b ^= 1,
                None => bad.push(0),
            }
            w.advice.insert(*h, bad);
            let e = rt.replay(m, &w, &config).unwrap_err();
            assert!(
                matches!(trap(&e), CallTrap::AdviceHashMismatch { expected, .. } if *expected == *h),
                "{f}: {e}"
            );
        }
        // A witness missing an entry.
        let mut w = a.witness.clone();
        w.advice = Default::default();
        for (h, bytes) in a.witness.advice.iter().skip(1) {
            w.advice.insert(*h, bytes.to_vec());
        }
        let e = rt.replay(m, &w, &config).unwrap_err();
        assert!(matches!(trap(&e), CallTrap::AdviceMissing(_)), "{f}: {e}");
    }
}

struct TestAccount {
    nonce: u64,
    callers: Vec<Caller>,
}

impl HostInterface for TestAccount {
    fn call(
        &mut self,
        cx: &mut HostCx<'_>,
        function: &str,
        args: &[Val],
    ) -> Result<Option<Val>, HostError> {
        self.callers.push(cx.caller());
        cx.charge(100)?;
        match (function, args) {
            ("nonce", []) => Ok(Some(Val::U64(self.nonce))),
            _ => Err(format!("unexpected {function}").into()),
        }
    }
}

#[test]
fn host_interfaces_serve_host_imports() {
    let app = &app().2;
    let mut hosts = Hosts::new();
    hosts.register(
        "rivet:base/account@0.1.0",
        Box::new(TestAccount {
            nonce: 41,
            callers: vec![],
        }),
    );
    let out = app
        .call(
            "hosted",
            "test:calc/hosted#nonce-plus",
            &[Val::U64(1)],
            &CallConfig::default(),
            &mut hosts,
        )
        .unwrap();
    assert_eq!(out.results, vec![Val::U64(42)]);
    // Without the interface registered the import traps with its name.
    let e = app
        .call(
            "hosted",
            "test:calc/hosted#nonce-plus",
            &[Val::U64(1)],
            &CallConfig::default(),
            &mut Hosts::new(),
        )
        .unwrap_err();
    assert!(
        matches!(trap(&e), CallTrap::Host { interface, function, .. } if interface == "rivet:base/account@0.1.0" && function == "nonce"),
        "{e}"
    );
}

#[test]
fn untraced_and_resolved_calls_match_traced_ones() {
    let app = &app().2;
    let cases: [(&str, &str, Vec<Val>); 3] = [
        ("calc", "test:calc/api#add", vec![Val::U32(2), Val::U32(40)]),
        (
            "user",
            "test:calc/user#add-via",
            vec![Val::U32(20), Val::U32(22)],
        ),
        (
            "user",
            "test:calc/user#echo-via",
            vec![Val::String("abc".into())],
        ),
    ];
    let config = CallConfig::default();
    for (comp, func, args) in cases {
        let traced = app
            .call(comp, func, &args, &config, &mut Hosts::new())
            .unwrap();
        assert!(!traced.trace.is_empty(), "{func}");
        let export = app.export(comp, func).unwrap();
        let by_export = export.call(&args, &config, &mut Hosts::new()).unwrap();
        let untraced = export
            .call_untraced(&args, &config, &mut Hosts::new())
            .unwrap();
        let by_name = app
            .call_untraced(comp, func, &args, &config, &mut Hosts::new())
            .unwrap();
        for out in [&by_export, &untraced, &by_name] {
            assert_eq!(out.results, traced.results, "{func}");
            assert_eq!(out.gas_used, traced.gas_used, "{func}");
            assert_eq!(out.witness, traced.witness, "{func}");
        }
        assert_eq!(by_export.trace, traced.trace, "{func}");
        assert!(
            untraced.trace.is_empty() && by_name.trace.is_empty(),
            "{func}"
        );
    }
    // A trap is the same trap with the same gas, without its trace.
    let tight = CallConfig {
        gas: 300,
        ..CallConfig::default()
    };
    let args = [Val::U32(20), Val::U32(22)];
    let f = "test:calc/user#add-via";
    let traced = app.call("user", f, &args, &tight, &mut Hosts::new());
    let untraced = app.call_untraced("user", f, &args, &tight, &mut Hosts::new());
    match (traced, untraced) {
        (Err(CallFailure::Trapped(a)), Err(CallFailure::Trapped(b))) => {
            assert_eq!((&a.trap, a.gas_used), (&b.trap, b.gas_used));
            assert!(b.trace.is_empty());
        }
        other => panic!("expected two traps, got {other:?}"),
    }
    // Unknown names fail at resolution.
    assert!(app.export("user", "test:calc/user#nope").is_err());
    assert!(app.export("nobody", "test:calc/user#add-via").is_err());
    // By code hash, as transactions name components.
    let user = app.component("user").unwrap();
    assert!(std::ptr::eq(
        app.component_by_hash(&user.hash).unwrap(),
        user
    ));
    let by_hash = app
        .export_by_hash(&user.hash, f)
        .unwrap()
        .call(&args, &CallConfig::default(), &mut Hosts::new())
        .unwrap();
    assert_eq!(by_hash.results, vec![Val::U32(42)]);
    let unknown = rivet_format::CodeHash::of(b"no such package");
    assert!(app.component_by_hash(&unknown).is_err());
}
