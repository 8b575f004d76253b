//! Runs the checked-in `softfloat.wasm` under wasmi (with float support switched
//! off, so any float instruction would be rejected) and compares every export with
//! the host build of the same function on special and random operands: the
//! wasm32 compilation must compute exactly what the host-tested code computes.

mod common;

use common::{Rng, F32, F64};
use rivet_softfloat as sf;
use wasmi::{Engine, Instance, Linker, Module, Store, WasmParams, WasmResults};

/// Random operands per export (the host tests carry the million-vector load).
const PER_FUNCTION: usize = 3_000;

fn instantiate() -> (Store<()>, Instance) {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/softfloat.wasm"))
        .expect("softfloat.wasm exists");
    let mut config = wasmi::Config::default();
    config.floats(false).consume_fuel(true);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, &bytes[..]).expect("blob loads with floats disabled");
    let mut store = Store::new(&engine, ());
    store.set_fuel(u64::MAX / 2).expect("fuel metering is on");
    let instance = Linker::<()>::new(&engine)
        .instantiate_and_start(&mut store, &module)
        .expect("blob instantiates with no imports");
    (store, instance)
}

/// Calls export `name` on every operand, compares with `host`, and prints the
/// mean wasmi fuel per call.
fn compare<P, R, H>(
    store: &mut Store<()>,
    instance: &Instance,
    name: &str,
    operands: &[P],
    host: impl Fn(P) -> H,
) -> usize
where
    P: WasmParams + Copy + std::fmt::Debug,
    R: WasmResults + PartialEq<H> + std::fmt::Debug,
    H: std::fmt::Debug,
{
    let func = instance
        .get_typed_func::<P, R>(&*store, name)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let fuel_before = store.get_fuel().expect("fuel metering is on");
    for &p in operands {
        let got = func
            .call(&mut *store, p)
            .unwrap_or_else(|e| panic!("{name}{p:x?}: {e}"));
        let want = host(p);
        assert!(got == want, "{name}{p:x?}: wasm {got:x?}, host {want:x?}");
    }
    let fuel = fuel_before - store.get_fuel().expect("fuel metering is on");
    // wasmi fuel (about one unit per executed Wasm instruction) is a proxy for
    // the dynamic cost of each export on these operand mixes.
    println!("{name}: mean wasmi fuel {}", fuel / operands.len() as u64);
    operands.len()
}

macro_rules! each {
    ($store:ident, $inst:ident, $ops:expr, $total:ident; $p:tt => $r:tt; $($name:ident),*) => {
        $( $total += compare::<$p, $r, _>(&mut $store, &$inst, stringify!($name), $ops, |p: $p| {
            let p: $p = p;
            each!(@call $name, p, $p) as $r
        }); )*
    };
    (@call $name:ident, $p:ident, (i32, i32)) => { sf::$name($p.0 as u32, $p.1 as u32) };
    (@call $name:ident, $p:ident, (i64, i64)) => { sf::$name($p.0 as u64, $p.1 as u64) };
    (@call $name:ident, $p:ident, i32) => { sf::$name($p as u32) };
    (@call $name:ident, $p:ident, i64) => { sf::$name($p as u64) };
}

#[test]
fn wasm_blob_matches_host_build() {
    let (mut store, inst) = instantiate();
    let mut rng = Rng::new(0x7a5e);
    let mut p32: Vec<(i32, i32)> = Vec::new();
    let mut p64: Vec<(i64, i64)> = Vec::new();
    let mut s32: Vec<i32> = common::specials32().into_iter().map(|x| x as i32).collect();
    let mut s64: Vec<i64> = common::specials64().into_iter().map(|x| x as i64).collect();
    for _ in 0..PER_FUNCTION {
        let (a, b) = F32.pair(&mut rng);
        p32.push((a as i32, b as i32));
        let (a, b) = F64.pair(&mut rng);
        p64.push((a as i64, b as i64));
        s32.push(F32.single(&mut rng) as i32);
        s64.push(F64.single(&mut rng) as i64);
    }
    let mut total = 0;
    each!(store, inst, &p32, total; (i32, i32) => i32;
        f32_add, f32_sub, f32_mul, f32_div, f32_min, f32_max,
        f32_eq, f32_ne, f32_lt, f32_gt, f32_le, f32_ge);
    each!(store, inst, &p64, total; (i64, i64) => i64;
        f64_add, f64_sub, f64_mul, f64_div, f64_min, f64_max);
    each!(store, inst, &p64, total; (i64, i64) => i32;
        f64_eq, f64_ne, f64_lt, f64_gt, f64_le, f64_ge);
    each!(store, inst, &s32, total; i32 => i32;
        f32_sqrt, f32_ceil, f32_floor, f32_trunc, f32_nearest,
        f32_convert_i32_s, f32_convert_i32_u, i32_trunc_sat_f32_s, i32_trunc_sat_f32_u,
        trunc_check_f32_i32_s, trunc_check_f32_i32_u, trunc_check_f32_i64_s,
        trunc_check_f32_i64_u);
    each!(store, inst, &s32, total; i32 => i64;
        f64_promote_f32, f64_convert_i32_s, f64_convert_i32_u,
        i64_trunc_sat_f32_s, i64_trunc_sat_f32_u);
    each!(store, inst, &s64, total; i64 => i64;
        f64_sqrt, f64_ceil, f64_floor, f64_trunc, f64_nearest,
        f64_convert_i64_s, f64_convert_i64_u, i64_trunc_sat_f64_s, i64_trunc_sat_f64_u);
    each!(store, inst, &s64, total; i64 => i32;
        f32_demote_f64, f32_convert_i64_s, f32_convert_i64_u,
        i32_trunc_sat_f64_s, i32_trunc_sat_f64_u,
        trunc_check_f64_i32_s, trunc_check_f64_i32_u, trunc_check_f64_i64_s,
        trunc_check_f64_i64_u);
    println!("softfloat.wasm under wasmi: {total} calls, all equal to the host build");
}
