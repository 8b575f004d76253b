//! The resource example end to end: `cursor-user` constructs, reads, lends and drops a
//! `cursor` resource exported by `cursor-provider`, through WIT. The cursor's state
//! stays in the provider's context; the trace shows each method call landing there and
//! the destructor running there. Built by scripts/build-contracts.sh; a missing wasm32
//! toolchain fails these tests with the install hint.

mod common;

use common::{link, package};
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{App, CallConfig, CallFailure, CallOutcome, Event, Hosts};
use std::sync::{Arc, OnceLock};

const WALK: &str = "rivet:cursor/walker#walk";

fn app() -> &'static Arc<App> {
    static APP: OnceLock<Arc<App>> = OnceLock::new();
    APP.get_or_init(|| {
        let (rt, manifest) = link(&[
            ("cursor-provider", package("cursor-provider")),
            ("cursor-user", package("cursor-user")),
        ]);
        rt.prepare(&manifest).expect("prepare")
    })
}

fn walk(items: &[u64], take: u32) -> Result<CallOutcome, CallFailure> {
    let args = [
        Val::List(items.iter().map(|i| Val::U64(*i)).collect()),
        Val::U32(take),
    ];
    app().call(
        "cursor-user",
        WALK,
        &args,
        &CallConfig::default(),
        &mut Hosts::new(),
    )
}

fn report(read: u32, sum: u64, left: u32, left_sum: u64) -> Vec<Val> {
    vec![Val::Record(vec![
        ("read".into(), Val::U32(read)),
        ("sum".into(), Val::U64(sum)),
        ("left".into(), Val::U32(left)),
        ("left-sum".into(), Val::U64(left_sum)),
    ])]
}

#[test]
fn user_walks_the_providers_cursor() {
    let out = walk(&[5, 7, 11, 13], 3).unwrap();
    assert_eq!(out.results, report(3, 23, 1, 13));
    // Taking more than there is stops at the end; an empty list reads nothing.
    assert_eq!(walk(&[1, 2], 10).unwrap().results, report(2, 3, 0, 0));
    assert_eq!(walk(&[], 4).unwrap().results, report(0, 0, 0, 0));
    assert_eq!(
        walk(&[u64::MAX, 2, 3], 0).unwrap().results,
        report(0, 0, 3, 4) // wrapping sum, computed by the provider
    );
}

#[test]
fn methods_and_the_destructor_run_in_the_provider() {
    let out = walk(&[1, 2, 3], 2).unwrap();
    let provider_calls: Vec<&str> = out
        .trace
        .iter()
        .filter_map(|e| match e {
            Event::Call { site, depth: 2, .. } if &*site.component == "cursor-provider" => {
                Some(&*site.function)
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        provider_calls,
        [
            "rivet:cursor/cursors@0.1.0#[constructor]cursor",
            "rivet:cursor/cursors@0.1.0#[method]cursor.next",
            "rivet:cursor/cursors@0.1.0#[method]cursor.next",
            "rivet:cursor/cursors@0.1.0#[method]cursor.remaining",
            "rivet:cursor/cursors@0.1.0#peek-sum",
        ]
    );
    let drops: Vec<&Event> = out
        .trace
        .iter()
        .filter(|e| matches!(e, Event::Drop { .. }))
        .collect();
    assert!(
        matches!(drops.as_slice(), [Event::Drop { component, resource, destructor: true, .. }]
            if &**component == "cursor-provider" && resource == "rivet:cursor/cursors@0.1.0/cursor"),
        "{drops:?}"
    );
}

#[test]
fn walks_are_deterministic_and_metered() {
    let a = walk(&[4, 4, 4, 4, 4, 4], 3).unwrap();
    let b = walk(&[4, 4, 4, 4, 4, 4], 3).unwrap();
    assert_eq!(a.gas_used, b.gas_used);
    assert!(a.gas_used > 0);
    // Gas grows with the items read.
    let more = walk(&[4; 60], 50).unwrap();
    assert!(
        more.gas_used > a.gas_used,
        "{} <= {}",
        more.gas_used,
        a.gas_used
    );
    // Too little gas traps instead of running on.
    let err = app()
        .call(
            "cursor-user",
            WALK,
            &[Val::List(vec![Val::U64(1); 8]), Val::U32(8)],
            &CallConfig {
                gas: 500,
                ..CallConfig::default()
            },
            &mut Hosts::new(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("gas"), "{err}");
}
