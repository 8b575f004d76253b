//! Component binaries as `rivet compile` input: a component made from an example
//! contract's core module (wit-component's `ComponentEncoder`, what `wasm-tools
//! component new` runs) compiles to the same RV32 code and the same decoded WIT world
//! as the core module with its embedded component-type section (the same exports; the
//! imported functions the module uses, since a component drops unused ones); components Rivet
//! cannot take are refused with a message saying what to do.
//!
//! Uses the contracts scripts/build-contracts.sh builds (needs the contract
//! toolchains, like the demo test).

use rivet_format::package::Package;
use rivet_linker::LinkInput;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../../tests/support/contracts.rs"]
mod support;
use support::contracts;

fn rivet(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rivet"))
        .args(args)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// An import or export of a world: its name and functions.
type WorldItem = (String, Vec<String>);

/// Imports and exports of the package's world, as the linker decodes them.
fn world_items(pkg: &Package) -> (Vec<WorldItem>, Vec<WorldItem>) {
    let unit = rivet_linker::input::decode(&LinkInput::from_package("c", pkg)).unwrap();
    let items = |items: &[rivet_linker::input::Item]| {
        let mut v: Vec<WorldItem> = items
            .iter()
            .map(|i| (i.name.clone(), i.functions(&unit.resolve)))
            .collect();
        v.sort();
        v
    };
    (items(&unit.imports), items(&unit.exports))
}

#[test]
fn components_compile_like_their_core_modules() {
    let dir = contracts();
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("components");
    std::fs::create_dir_all(&tmp).unwrap();
    let mut same = Vec::new();
    let mut refused = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
        .collect();
    entries.sort();
    for core_path in entries {
        let name = core_path.file_stem().unwrap().to_string_lossy().to_string();
        let core = std::fs::read(&core_path).unwrap();
        let component = wit_component::ComponentEncoder::default()
            .module(&core)
            .and_then(|e| e.validate(true).encode())
            .unwrap_or_else(|e| panic!("{name}: wit-component: {e:#}"));
        let comp_path = tmp.join(format!("{name}.component.wasm"));
        std::fs::write(&comp_path, &component).unwrap();
        let (a, b) = (
            tmp.join(format!("{name}.core.rvp")),
            tmp.join(format!("{name}.comp.rvp")),
        );
        let (ok, text) = rivet(&[
            "compile",
            core_path.to_str().unwrap(),
            "-o",
            a.to_str().unwrap(),
        ]);
        assert!(ok, "{name}: core module: {text}");
        let (ok, text) = rivet(&[
            "compile",
            comp_path.to_str().unwrap(),
            "-o",
            b.to_str().unwrap(),
        ]);
        if !ok {
            assert!(
                text.contains("unsupported component"),
                "{name}: unexpected refusal: {text}"
            );
            refused.push(name);
            continue;
        }
        assert!(text.contains("component: world"), "{text}");
        let pa = Package::decode(&std::fs::read(&a).unwrap()).unwrap();
        let pb = Package::decode(&std::fs::read(&b).unwrap()).unwrap();
        assert_eq!(
            pa.program, pb.program,
            "{name}: the same RV32 code and layout"
        );
        assert_eq!(pa.exports, pb.exports, "{name}: the same exports");
        // The same world, except that a component imports only the functions its
        // core module uses (wit-component drops the others).
        let ((ia, ea), (ib, eb)) = (world_items(&pa), world_items(&pb));
        assert_eq!(ea, eb, "{name}: the same exported world items");
        for (iface, funcs) in &ib {
            let core = ia.iter().find(|(n, _)| n == iface);
            assert!(
                core.is_some_and(|(_, all)| funcs.iter().all(|f| all.contains(f))),
                "{name}: component import {iface} {funcs:?} is not in the core world {ia:?}"
            );
        }
        // Canonical built-ins (resource new/rep/drop) are not world functions.
        let builtin = |m: &str, f: &str| m.starts_with("[export]") || f.starts_with("[resource-");
        for imp in pa.imports.iter().filter(|i| !builtin(&i.module, &i.name)) {
            let func = imp.name.as_str();
            assert!(
                ib.iter()
                    .any(|(n, fs)| *n == imp.module && fs.iter().any(|f| f == func)),
                "{name}: used import {}#{func} missing from the component's world {ib:?}",
                imp.module
            );
        }
        let (ok, text) = rivet(&["inspect", comp_path.to_str().unwrap()]);
        assert!(
            ok && text.contains("component: world") && text.contains("code hash"),
            "{text}"
        );
        same.push(name);
    }
    println!("same code and world: {same:?}; refused (several core modules): {refused:?}");
    assert!(refused.is_empty(), "refused: {refused:?}");
    assert!(
        same.len() >= 12,
        "every example contract round-trips: {same:?}"
    );
}
