//! f32/f64 through the component runtime: WIT floats as parameters, results, record
//! fields and variant payloads (joined slots), host to guest and guest to guest,
//! with every NaN that crosses a boundary canonical.

use rivet_linker::LinkInput;
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{App, CallConfig, Hosts, Runtime};
use std::sync::Arc;

const WIT: &str = include_str!("wat/floats.wit");
const REALLOC: &str = include_str!("wat/realloc.wat");

fn module(wat: &str, world: &str) -> Vec<u8> {
    let mut wasm = wat::parse_str(wat.replace(";;REALLOC", REALLOC)).expect("wat");
    rivet_linker::embed::embed_world(&mut wasm, &[("floats.wit", WIT)], world).expect("wit");
    wasm
}

fn app() -> Arc<App> {
    let rt = Runtime::new();
    let mut inputs = Vec::new();
    for (n, wat, world) in [
        ("fl", include_str!("wat/floats.wat"), "fl-world"),
        ("via", include_str!("wat/floats-via.wat"), "via-world"),
    ] {
        let pkg = rivet_compiler::compile(&module(wat, world), &Default::default())
            .unwrap_or_else(|e| panic!("compile {n}: {e}"));
        inputs.push(LinkInput::from_package(n, &pkg));
        rt.add_package(pkg).unwrap();
    }
    let m = rivet_linker::link(&inputs, None).unwrap_or_else(|e| panic!("link: {e}"));
    rt.prepare(&m).unwrap()
}

fn call(app: &App, comp: &str, func: &str, args: &[Val]) -> Vec<Val> {
    app.call(comp, func, args, &CallConfig::default(), &mut Hosts::new())
        .unwrap_or_else(|e| panic!("{func}: {e}"))
        .results
}

fn f(x: f32) -> Val {
    Val::F32(x.to_bits())
}

fn d(x: f64) -> Val {
    Val::F64(x.to_bits())
}

#[test]
fn floats_cross_host_and_guest_boundaries() {
    let app = app();
    let scale = "test:floats/fl#scale";
    assert_eq!(
        call(&app, "fl", scale, &[d(0.1), f(3.0)]),
        vec![d(0.1 * 3.0)]
    );
    assert_eq!(call(&app, "fl", scale, &[d(-2.0), f(0.0)]), vec![d(-0.0)]);
    // -0 * inf is the soft-float library's canonical NaN.
    assert_eq!(
        call(&app, "fl", scale, &[d(-0.0), f(f32::INFINITY)]),
        vec![Val::F64(0x7ff8_0000_0000_0000)]
    );
    // A NaN argument with a payload reaches the guest canonical; the product is NaN.
    assert_eq!(
        call(
            &app,
            "fl",
            scale,
            &[Val::F64(0xfff4_0000_0000_0001), f(1.0)]
        ),
        vec![Val::F64(0x7ff8_0000_0000_0000)]
    );
    let p = Val::Record(vec![("x".into(), f(3.0)), ("y".into(), f(4.0))]);
    assert_eq!(call(&app, "fl", "test:floats/fl#norm", &[p]), vec![f(5.0)]);
    assert_eq!(
        call(&app, "fl", "test:floats/fl#odd-nan", &[]),
        vec![Val::F32(0x7fc0_0000)],
        "lifting canonicalises the guest's NaN payload"
    );
    let half = "test:floats/fl#half";
    assert_eq!(
        call(&app, "fl", half, &[Val::Option(Some(Box::new(d(5.0))))]),
        vec![Val::Result(Ok(Some(Box::new(f(2.5)))))]
    );
    assert_eq!(
        call(&app, "fl", half, &[Val::Option(None)]),
        vec![Val::Result(Err(Some(Box::new(d(-0.0)))))]
    );
    // Guest to guest: via calls fl.scale(x, 2.5) and adds one.
    assert_eq!(
        call(&app, "via", "test:floats/via#scale-plus-one", &[d(4.0)]),
        vec![d(11.0)]
    );
}
