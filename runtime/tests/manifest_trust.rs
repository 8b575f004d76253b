//! The manifest is not trusted (issue 11, item 6): its trailing digest is a checksum
//! anyone can recompute, so everything the runtime relies on is verified again when a
//! manifest is decoded ([`Manifest::decode`], the only way from bytes to the
//! `&Manifest` that [`Runtime::prepare`] takes) and when it is prepared: the types of
//! every wired import and export, every index, the graph, every core symbol the tables
//! name, and every package's code hash.

use rivet_format::codec::Writer;
use rivet_format::manifest::tables::{CoreImportKind, Prim, Tables, TypeRef};
use rivet_format::manifest::Manifest;
use rivet_format::CodeHash;
use rivet_linker::LinkInput;
use rivet_runtime::component::Runtime;

const WIT: &str = include_str!("wat/calc.wit");
const REALLOC: &str = include_str!("wat/realloc.wat");

fn module(wat: &str, world: &str) -> Vec<u8> {
    let mut wasm = wat::parse_str(wat.replace(";;REALLOC", REALLOC)).expect("wat");
    rivet_linker::embed::embed_world(&mut wasm, &[("calc.wit", WIT)], world).expect("wit");
    wasm
}

/// calc, user and holder (user imports calc's `api` and holder's `holder`).
fn setup() -> (Runtime, Manifest, Vec<rivet_format::package::Package>) {
    let rt = Runtime::new();
    let mut inputs = Vec::new();
    let mut pkgs = Vec::new();
    for (n, wat, world) in [
        ("calc", include_str!("wat/calc.wat"), "calc"),
        ("user", include_str!("wat/user.wat"), "user-world"),
        ("holder", include_str!("wat/holder.wat"), "holder-world"),
    ] {
        let pkg = rivet_compiler::compile(&module(wat, world), &Default::default())
            .unwrap_or_else(|e| panic!("compile {n}: {e}"));
        inputs.push(LinkInput::from_package(n, &pkg));
        rt.add_package(pkg.clone()).unwrap();
        pkgs.push(pkg);
    }
    let m = rivet_linker::link(&inputs, None).unwrap_or_else(|e| panic!("link: {e}"));
    (rt, m, pkgs)
}

/// The message `prepare` refuses `m` with.
fn refused(rt: &Runtime, m: &Manifest) -> String {
    match rt.prepare(m) {
        Ok(_) => panic!("prepare accepted a tampered setup"),
        Err(e) => e.to_string(),
    }
}

fn encode_tables(t: &Tables) -> Vec<u8> {
    let mut w = Writer::new();
    t.encode(&mut w);
    w.finish()
}

/// The manifest's bytes with component `name`'s tables edited by `edit`, and the
/// trailing digest recomputed (what an attacker can do).
fn tampered(m: &Manifest, name: &str, edit: impl FnOnce(&mut Tables)) -> Vec<u8> {
    let c = m.components().iter().find(|c| c.name == name).unwrap();
    let before = encode_tables(&c.tables);
    let mut t = c.tables.clone();
    edit(&mut t);
    let after = encode_tables(&t);
    let bytes = m.encode();
    let body = &bytes[..bytes.len() - 32];
    let at = body
        .windows(before.len())
        .position(|w| w == before.as_slice())
        .expect("tables are in the manifest");
    let mut out = body[..at].to_vec();
    out.extend_from_slice(&after);
    out.extend_from_slice(&body[at + before.len()..]);
    let digest = CodeHash::of(&out);
    out.extend_from_slice(&digest.0);
    out
}

#[test]
fn resealed_manifest_wiring_mismatched_types_is_refused() {
    let (rt, m, _) = setup();
    rt.prepare(&m).expect("the linked manifest prepares");
    // user's import of `add` now expects a u64 where calc returns a u32.
    let bytes = tampered(&m, "user", |t| {
        let add = t
            .imports
            .iter_mut()
            .find(|i| i.module == "test:calc/api@1.0.0" && i.name == "add")
            .unwrap();
        let CoreImportKind::Func { sig, .. } = &mut add.kind else {
            panic!("add is a function");
        };
        sig.result = Some(TypeRef::Prim(Prim::U64));
    });
    let e = Manifest::decode(&bytes).unwrap_err();
    assert!(
        e.what.contains(
            "core import test:calc/api@1.0.0.add is wired to calc (",
        ) && e.what.contains(
            "export test:calc/api@1.0.0#add, but their types differ: result: expected u64, found u32"
        ),
        "{e}"
    );
    // A resource swapped for another of the same shape is refused too (nominal).
    let bytes = tampered(&m, "user", |t| {
        let tag = t.resources.iter().position(|r| r.name == "tag").unwrap();
        let cell = t.resources.iter().position(|r| r.name == "cell").unwrap();
        t.resources.swap(tag, cell);
    });
    let e = Manifest::decode(&bytes).unwrap_err();
    assert!(
        e.what
            .contains("expected resource test:calc/api@1.0.0/tag, found test:calc/api@1.0.0/cell"),
        "{e}"
    );
    // A call target outside the provider's export table.
    let bytes = tampered(&m, "user", |t| {
        for i in &mut t.imports {
            if let CoreImportKind::Func {
                target: rivet_format::manifest::tables::CallTarget::Component { export, .. },
                ..
            } = &mut i.kind
            {
                *export = 1000;
            }
        }
    });
    let e = Manifest::decode(&bytes).unwrap_err();
    assert!(e.what.contains("has no export number 1000"), "{e}");
}

#[test]
fn prepare_checks_every_symbol_the_tables_name() {
    let (rt, m, _) = setup();
    // calc's `add` export pointed at `boom`'s core function: the manifest is
    // consistent on its own, but the package's function has another signature.
    let bytes = tampered(&m, "calc", |t| {
        let add = t
            .exports
            .iter_mut()
            .find(|e| e.key == "test:calc/api@1.0.0#add")
            .unwrap();
        add.core = "test:calc/api@1.0.0#boom".into();
    });
    let m2 = Manifest::decode(&bytes).expect("structurally valid");
    let e = refused(&rt, &m2);
    assert!(
        e.contains("core function test:calc/api@1.0.0#boom (export test:calc/api@1.0.0#add) is missing or has the wrong signature"),
        "{e}"
    );
    // A destructor that does not exist.
    let bytes = tampered(&m, "calc", |t| {
        t.resources[0].dtor = Some("no-such-dtor".into());
    });
    let e = refused(&rt, &Manifest::decode(&bytes).unwrap());
    assert!(e.contains("no-such-dtor (destructor)"), "{e}");
}

#[test]
fn packages_are_found_only_by_the_hash_of_their_bytes() {
    let (_, m, pkgs) = setup();
    let rt = Runtime::new();
    for mut p in pkgs {
        // The embedded WIT world is covered by the code hash like code and data.
        p.custom_sections[0].bytes.push(0);
        rt.add_package(p).unwrap();
    }
    let e = refused(&rt, &m);
    assert!(
        e.contains("no package with this code hash was added to the runtime"),
        "{e}"
    );
}
