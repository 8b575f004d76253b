//! Component binaries as input, end to end: every example contract made a component by
//! wit-component's `ComponentEncoder` (what `wasm-tools component new` runs), unwrapped
//! by `rivet_linker::component::extract`, must
//!
//! - compile to the same RV32 program and exports as the core module with its embedded
//!   component-type section, with the same world (the same exports; the imports its core
//!   module uses, since a component drops unused imported functions);
//! - link into the same manifest graph (components, exports, the wiring of every import
//!   the core module uses; a component binary keeps no world name, so its world decodes
//!   as `root:component/root`, and wit-component drops imported interfaces the module
//!   never calls);
//! - run the same: kitchen and kitchen-client (host -> guest and guest -> guest, floats
//!   included) give the same results, trace and gas from component-made packages as from
//!   core modules.
//!
//! Uses the contracts `scripts/build-contracts.sh` builds (fails with the install hint
//! when a contract toolchain is missing).

#[path = "../../runtime/tests/common/mod.rs"]
mod rt;

use rivet_format::manifest::{Manifest, Provider};
use rivet_format::package::Package;
use rivet_linker::component::extract;
use rivet_linker::LinkInput;
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{CallConfig, Hosts};
use std::collections::{BTreeMap, BTreeSet};

/// Every example contract: (name, core-module package, component-made package).
fn packages() -> Vec<(String, Package, Package)> {
    let dir = rt::contracts();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("contracts dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
        .collect();
    paths.sort();
    let compile = |name: &str, wasm: &[u8]| {
        rivet_compiler::compile(wasm, &rivet_compiler::CompileOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    paths
        .iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            let core = std::fs::read(path).unwrap();
            let component = wit_component::ComponentEncoder::default()
                .module(&core)
                .and_then(|e| e.validate(true).encode())
                .unwrap_or_else(|e| panic!("{name}: wit-component: {e:#}"));
            let x = extract(&component).unwrap_or_else(|e| panic!("{name}: {e}"));
            let (a, b) = (compile(&name, &core), compile(&name, &x.module));
            (name, a, b)
        })
        .collect()
}

/// A world item's name and its functions.
type WorldItem = (String, Vec<String>);

/// Exported world items with their functions, and imported items, as the linker reads
/// the package's world.
fn world(pkg: &Package) -> (Vec<WorldItem>, BTreeMap<String, Vec<String>>) {
    let unit = rivet_linker::input::decode(&LinkInput::from_package("p", pkg)).unwrap();
    let items = |items: &[rivet_linker::input::Item]| {
        items
            .iter()
            .map(|i| (i.name.clone(), i.functions(&unit.resolve)))
            .collect::<Vec<_>>()
    };
    (
        items(&unit.exports),
        items(&unit.imports).into_iter().collect(),
    )
}

/// The manifest graph by component name: exports, and each import with its provider
/// (by name) and the functions it may call, keeping only imports `keep` accepts.
/// Code hashes and world names are left out: a component binary does not carry its
/// world's name (it decodes as `root:component/root`), and a package made from it
/// lists fewer imports, so its hash differs.
fn graph(m: &Manifest, keep: impl Fn(&str, &str) -> bool) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for c in m.components() {
        let mut lines: Vec<String> = c
            .exports
            .iter()
            .map(|e| format!("export {}: {:?}", e.name, e.functions))
            .collect();
        for i in c.imports.iter().filter(|i| keep(&c.name, &i.name)) {
            let provider = match &i.provider {
                Provider::Host { interface } => format!("host {interface}"),
                Provider::Component { hash, interface } => format!(
                    "{} {interface}",
                    m.component(hash).map_or("?", |p| p.name.as_str())
                ),
            };
            lines.push(format!("import {} <- {provider}", i.name));
        }
        out.insert(c.name.clone(), lines);
    }
    out
}

/// The interfaces a package's core module imports functions from.
fn used_interfaces(pkg: &Package) -> BTreeSet<String> {
    pkg.imports.iter().map(|i| i.module.clone()).collect()
}

fn link(pkgs: &[(&str, &Package)]) -> Manifest {
    let inputs: Vec<LinkInput> = pkgs
        .iter()
        .map(|(n, p)| LinkInput::from_package(*n, p))
        .collect();
    rivet_linker::link(&inputs, None).unwrap_or_else(|e| panic!("link: {e}"))
}

#[test]
fn component_binaries_compile_link_and_run_like_core_modules() {
    let all = packages();
    assert!(all.len() >= 13, "every example contract: {}", all.len());
    for (name, core, comp) in &all {
        assert_eq!(core.program, comp.program, "{name}: the same RV32 program");
        assert_eq!(core.exports, comp.exports, "{name}: the same exports");
        let ((ce, ci), (xe, xi)) = (world(core), world(comp));
        assert_eq!(ce, xe, "{name}: the same exported world items");
        for (iface, funcs) in &xi {
            let all = ci.get(iface);
            assert!(
                all.is_some_and(|all| funcs.iter().all(|f| all.contains(f))),
                "{name}: component import {iface} {funcs:?} not in the core world"
            );
        }
    }
    // Link every contract (each provider once) both ways: the same graph.
    let by_name: BTreeMap<&str, (&Package, &Package)> =
        all.iter().map(|(n, a, b)| (n.as_str(), (a, b))).collect();
    let sets: [&[&str]; 3] = [
        &[
            "basic-wallet",
            "p2id",
            "fungible-faucet",
            "counter-user",
            "counter-c",
            "adder-wat",
            "send-asset-tx",
            "mint-tx",
        ],
        &["kitchen", "kitchen-client"],
        &["cursor-provider", "cursor-user"],
    ];
    for set in sets {
        let pick = |comp: bool| -> Vec<(&str, &Package)> {
            set.iter()
                .map(|n| {
                    let (a, b) = by_name[n];
                    (*n, if comp { b } else { a })
                })
                .collect()
        };
        let (a, b) = (link(&pick(false)), link(&pick(true)));
        // The component-made packages import the interfaces their core modules use,
        // wired to the same providers, and nothing outside the core world.
        let used: BTreeMap<&str, BTreeSet<String>> = set
            .iter()
            .map(|n| (*n, used_interfaces(by_name[n].0)))
            .collect();
        let (core_all, core_used) = (
            graph(&a, |_, _| true),
            graph(&a, |c, i| used[c].contains(i)),
        );
        let comp = graph(&b, |_, _| true);
        assert_eq!(
            comp.keys().collect::<Vec<_>>(),
            core_all.keys().collect::<Vec<_>>()
        );
        for (name, lines) in &comp {
            // Everything the core module calls, and nothing the core world lacks (a
            // component may keep a types-only import such as rivet:base/types).
            for line in &core_used[name] {
                assert!(lines.contains(line), "{name}: component lacks {line}");
            }
            for line in lines {
                assert!(core_all[name].contains(line), "{name}: core lacks {line}");
            }
        }
        assert_eq!(b.components().len(), set.len());
        assert!(b
            .components()
            .iter()
            .all(|c| c.world == "root:component/root"));
    }
    run_kitchen_both_ways(&by_name);
}

/// kitchen + kitchen-client linked from core modules and from components: every call
/// gives the same results, trace and gas.
fn run_kitchen_both_ways(by_name: &BTreeMap<&str, (&Package, &Package)>) {
    let apps: Vec<_> = [false, true]
        .into_iter()
        .map(|comp| {
            let rt = rivet_runtime::component::Runtime::new();
            let mut inputs = Vec::new();
            for n in ["kitchen", "kitchen-client"] {
                let (a, b) = by_name[n];
                let p = if comp { b } else { a };
                inputs.push(LinkInput::from_package(n, p));
                rt.add_package(p.clone()).expect("package loads");
            }
            let m = rivet_linker::link(&inputs, None).expect("link");
            rt.prepare(&m).expect("prepare")
        })
        .collect();
    let d = |x: f64| Val::F64(x.to_bits());
    let f = |x: f32| Val::F32(x.to_bits());
    let calls: Vec<(&str, &str, Vec<Val>)> = vec![
        ("kitchen", "types#add", vec![Val::U32(40), Val::U32(2)]),
        ("kitchen", "types#echo-everything", vec![rt::everything()]),
        ("kitchen", "types#echo-shapes", vec![rt::shapes()]),
        ("kitchen", "types#scale", vec![d(0.1), f(3.0)]),
        ("kitchen", "types#scale", vec![d(f64::INFINITY), f(0.0)]),
        (
            "kitchen",
            "types#pick",
            vec![rt::some(f(-1.5)), d(f64::NEG_INFINITY)],
        ),
        ("kitchen-client", "client#roundtrip", vec![rt::shapes()]),
        ("kitchen-client", "client#count-twice", vec![Val::U32(5)]),
        (
            "kitchen-client",
            "client#checksum-via",
            vec![Val::U32(1000)],
        ),
        (
            "kitchen-client",
            "client#scale-via",
            vec![d(-2.5), f(1e-45)],
        ),
        (
            "kitchen-client",
            "client#pick-via",
            vec![Val::Option(None), d(7.0)],
        ),
    ];
    for (comp, func, args) in &calls {
        let func = format!("rivet:kitchen/{func}");
        let outs: Vec<_> = apps
            .iter()
            .map(|app| {
                app.call(comp, &func, args, &CallConfig::default(), &mut Hosts::new())
                    .unwrap_or_else(|e| panic!("{func}: {e}"))
            })
            .collect();
        assert_eq!(outs[0].results, outs[1].results, "{func}: results");
        assert_eq!(outs[0].gas_used, outs[1].gas_used, "{func}: gas");
        // The same events; callers appear by code hash, which differs (see `graph`).
        assert_eq!(
            without_hashes(&format!("{:?}", outs[0].trace)),
            without_hashes(&format!("{:?}", outs[1].trace)),
            "{func}: trace"
        );
    }
    println!("{} kitchen calls identical from components", calls.len());
}

/// `text` with every `CodeHash(..)` emptied.
fn without_hashes(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("CodeHash(") {
        out.push_str(&rest[..at + "CodeHash(".len()]);
        rest = &rest[at + "CodeHash(".len()..];
        rest = rest.find(')').map_or("", |end| &rest[end..]);
    }
    out.push_str(rest);
    out
}
