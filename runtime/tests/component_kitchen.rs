//! End-to-end: the kitchen contract (every WIT type kind, a resource) called from the
//! host for every function, and through kitchen-client (guest to guest) for every
//! client function. The contracts are built by scripts/build-contracts.sh; a missing
//! wasm32 toolchain fails these tests with the install hint.

mod common;

use common::*;
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{CallConfig, CallFailure, CallTrap, Event};

/// The trap of a call that ran and trapped.
fn trap(e: &CallFailure) -> &CallTrap {
    e.trap().unwrap_or_else(|| panic!("not a trap: {e}"))
}

const TYPES: &str = "rivet:kitchen/types#";
const CLIENT: &str = "rivet:kitchen/client#";

fn k(f: &str, args: &[Val]) -> Vec<Val> {
    call("kitchen", &format!("{TYPES}{f}"), args)
        .unwrap_or_else(|e| panic!("{f}: {e}"))
        .results
}

fn c(f: &str, args: &[Val]) -> Vec<Val> {
    call("kitchen-client", &format!("{CLIENT}{f}"), args)
        .unwrap_or_else(|e| panic!("{f}: {e}"))
        .results
}

fn list(vs: Vec<Val>) -> Val {
    Val::List(vs)
}
fn events() -> Vec<(Val, &'static str)> {
    vec![
        (
            Val::Variant(
                "created".into(),
                Some(Box::new(shape(
                    "tri",
                    vec![point(0, 0), point(1, 1), point(2, 0)],
                    &["a"],
                ))),
            ),
            "created tri with 3 points",
        ),
        (
            Val::Variant(
                "moved".into(),
                Some(Box::new(Val::Tuple(vec![Val::S32(1), Val::S32(-2)]))),
            ),
            "moved by (1, -2)",
        ),
        (Val::Variant("deleted".into(), None), "deleted"),
        (
            Val::Variant("note".into(), Some(Box::new(s("hi")))),
            "note: hi",
        ),
    ]
}
fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x100_0000_01b3)
    })
}
fn kitchen_bytes(len: u32) -> Vec<u8> {
    (0..len)
        .map(|i| (i.wrapping_mul(7).wrapping_add(3)) as u8)
        .collect()
}

#[test]
fn scalars_and_enums_from_the_host() {
    assert_eq!(k("add", &[Val::U32(2), Val::U32(40)]), vec![Val::U32(42)]);
    assert_eq!(
        k("add", &[Val::U32(u32::MAX), Val::U32(2)]),
        vec![Val::U32(1)]
    );
    let next = |c: &str| k("next-color", &[Val::Enum(c.into())]);
    assert_eq!(next("red"), vec![Val::Enum("green".into())]);
    assert_eq!(next("green"), vec![Val::Enum("blue".into())]);
    assert_eq!(next("blue"), vec![Val::Enum("red".into())]);
    assert_eq!(
        k("invert", &[flags(&["read"])]),
        vec![flags(&["write", "exec"])]
    );
    assert_eq!(
        k("invert", &[flags(&[])]),
        vec![flags(&["read", "write", "exec"])]
    );
    let args: Vec<Val> = (1..=16).map(Val::U32).chain([Val::U64(1 << 40)]).collect();
    assert_eq!(k("sum17", &args), vec![Val::U64(136 + (1 << 40))]);
}

#[test]
fn records_lists_and_variants_from_the_host() {
    let everything = everything();
    assert_eq!(
        k("echo-everything", std::slice::from_ref(&everything)),
        vec![everything]
    );
    assert_eq!(k("echo-shapes", &[shapes()]), vec![shapes()]);
    assert_eq!(k("echo-shapes", &[list(vec![])]), vec![list(vec![])]);
    for (e, want) in events() {
        assert_eq!(k("describe", &[e]), vec![s(want)]);
    }
    let nested = list(vec![
        list(vec![s("a"), s("b")]),
        list(vec![]),
        list(vec![s("c")]),
    ]);
    assert_eq!(
        k("nested", &[nested]),
        vec![Val::Tuple(vec![
            Val::U32(3),
            list(vec![s("a"), s("b"), s("c")])
        ])]
    );
}

#[test]
fn options_results_and_bytes_from_the_host() {
    let classify = |v: Val| k("classify", &[v]);
    assert_eq!(classify(Val::Option(None)), vec![some(err(s("nothing")))]);
    assert_eq!(
        classify(some(ok(Val::U32(21)))),
        vec![some(ok(Val::U32(42)))]
    );
    assert_eq!(classify(some(err(s("e")))), vec![some(err(s("e!")))]);
    assert_eq!(
        k("fail-if", &[Val::Bool(true)]),
        vec![err(s("asked to fail"))]
    );
    assert_eq!(k("fail-if", &[Val::Bool(false)]), vec![ok(s("fine"))]);
    let bytes: Vec<Val> = kitchen_bytes(5).into_iter().map(Val::U8).collect();
    assert_eq!(k("bytes", &[Val::U32(5)]), vec![list(bytes)]);
    assert_eq!(k("bytes", &[Val::U32(0)]), vec![list(vec![])]);
    let data = [1u8, 2, 3, 250];
    assert_eq!(
        k(
            "checksum",
            &[list(data.iter().map(|b| Val::U8(*b)).collect())]
        ),
        vec![Val::U64(fnv(&data))]
    );
}

#[test]
fn resources_from_the_host() {
    // The constructor hands the host an own handle (usable only within its call tree).
    let out = k("[constructor]counter", &[Val::U32(7)]);
    assert!(matches!(out.as_slice(), [Val::Own(_)]), "{out:?}");
    // A handle from another call tree is unknown here.
    let e = call(
        "kitchen",
        &format!("{TYPES}peek"),
        &[Val::Borrow(rivet_runtime::cabi::ResourceHandle(0))],
    )
    .unwrap_err();
    assert!(e.to_string().contains("unknown resource"), "{e}");
    let e = call(
        "kitchen",
        &format!("{TYPES}[method]counter.incr"),
        &[Val::Borrow(rivet_runtime::cabi::ResourceHandle(3))],
    )
    .unwrap_err();
    assert!(matches!(trap(&e), CallTrap::Cabi { .. }), "{e}");
}

#[test]
fn client_calls_kitchen_for_every_function() {
    assert_eq!(c("roundtrip", &[shapes()]), vec![shapes()]);
    for (e, want) in events() {
        assert_eq!(c("describe-via", &[e]), vec![s(want)]);
    }
    assert_eq!(c("count-twice", &[Val::U32(5)]), vec![Val::U32(7)]);
    assert_eq!(
        c("checksum-via", &[Val::U32(1000)]),
        vec![Val::U64(fnv(&kitchen_bytes(1000)))]
    );
}

/// Every remaining type kind guest to guest: the client forwards each value to the
/// kitchen function of the same shape, and must get exactly what the host gets
/// calling that function directly (whose answers the tests above pin down).
#[test]
fn client_forwards_every_type_kind() {
    let nested = list(vec![
        list(vec![s("a"), s("b")]),
        list(vec![]),
        list(vec![s("c")]),
    ]);
    let sum_args: Vec<Val> = (1..=16).map(Val::U32).chain([Val::U64(1 << 40)]).collect();
    let cases: Vec<(&str, Vec<Val>)> = vec![
        ("echo-everything", vec![everything()]),
        ("classify", vec![Val::Option(None)]),
        ("classify", vec![some(ok(Val::U32(21)))]),
        ("classify", vec![some(err(s("e")))]),
        ("invert", vec![flags(&["read"])]),
        ("invert", vec![flags(&[])]),
        ("invert", vec![flags(&["read", "write", "exec"])]),
        ("next-color", vec![Val::Enum("red".into())]),
        ("next-color", vec![Val::Enum("blue".into())]),
        ("nested", vec![nested]),
        ("nested", vec![list(vec![])]),
        ("sum17", sum_args),
        ("fail-if", vec![Val::Bool(true)]),
        ("fail-if", vec![Val::Bool(false)]),
    ];
    for (f, args) in cases {
        let via = if f == "echo-everything" {
            "everything-via".to_string()
        } else {
            format!("{f}-via")
        };
        assert_eq!(c(&via, &args), k(f, &args), "{via}{args:?}");
    }
    assert_eq!(
        c("classify-via", &[some(ok(Val::U32(21)))]),
        vec![some(ok(Val::U32(42)))]
    );
}

#[test]
fn count_twice_runs_the_destructor_in_kitchen() {
    let out = call(
        "kitchen-client",
        &format!("{CLIENT}count-twice"),
        &[Val::U32(40)],
    )
    .unwrap();
    assert_eq!(out.results, vec![Val::U32(42)]);
    let kitchen_calls: Vec<&str> = out
        .trace
        .iter()
        .filter_map(|e| match e {
            Event::Call { site, depth: 2, .. } if &*site.component == "kitchen" => {
                Some(&*site.function)
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        kitchen_calls,
        vec![
            "rivet:kitchen/types@0.1.0#[constructor]counter",
            "rivet:kitchen/types@0.1.0#[method]counter.incr",
            "rivet:kitchen/types@0.1.0#[method]counter.incr",
            "rivet:kitchen/types@0.1.0#peek",
        ]
    );
    let drops: Vec<&Event> = out
        .trace
        .iter()
        .filter(|e| matches!(e, Event::Drop { .. }))
        .collect();
    assert!(
        matches!(drops.as_slice(), [Event::Drop { component, resource, destructor: true, .. }]
            if &**component == "kitchen" && resource == "rivet:kitchen/types@0.1.0/counter"),
        "{drops:?}"
    );
}

#[test]
fn one_mib_payload_through_the_client() {
    let n = 1 << 20;
    let out = call(
        "kitchen-client",
        &format!("{CLIENT}checksum-via"),
        &[Val::U32(n)],
    )
    .unwrap();
    assert_eq!(out.results, vec![Val::U64(fnv(&kitchen_bytes(n)))]);
    assert!(out.witness.advice.total_bytes() >= n as u64);
}

#[test]
fn trap_inside_kitchen_is_reported_with_component_and_function() {
    // kitchen cannot allocate 2 GiB: its allocator aborts inside `bytes`.
    let e = call(
        "kitchen-client",
        &format!("{CLIENT}checksum-via"),
        &[Val::U32(0x7fff_ffff)],
    )
    .unwrap_err();
    match trap(&e) {
        CallTrap::Guest { site, .. } => {
            assert_eq!(site.component, "kitchen");
            assert_eq!(site.function, "rivet:kitchen/types@0.1.0#bytes");
            assert!(site.pc.is_some());
        }
        other => panic!("unexpected trap {other}"),
    }
}

#[test]
fn replay_gives_the_same_results_and_gas() {
    let (rt, m, _) = kitchen();
    let config = CallConfig::default();
    for (f, args) in [
        ("count-twice", vec![Val::U32(1)]),
        ("checksum-via", vec![Val::U32(4096)]),
        ("roundtrip", vec![shapes()]),
    ] {
        let name = format!("{CLIENT}{f}");
        let a = rt.call(m, "kitchen-client", &name, &args, &config).unwrap();
        let b = rt.call(m, "kitchen-client", &name, &args, &config).unwrap();
        assert_eq!(
            (&a.results, a.gas_used, &a.witness),
            (&b.results, b.gas_used, &b.witness),
            "{f}"
        );
        let r = rt.replay(m, &a.witness, &config).unwrap();
        assert_eq!((&r.results, r.gas_used), (&a.results, a.gas_used), "{f}");
        let (h, bytes) = a.witness.advice.iter().last().unwrap();
        let mut w = a.witness.clone();
        let mut bad = bytes.to_vec();
        bad.push(1);
        w.advice.insert(*h, bad);
        let e = rt.replay(m, &w, &config).unwrap_err();
        assert!(
            matches!(trap(&e), CallTrap::AdviceHashMismatch { .. }),
            "{f}: {e}"
        );
    }
}
