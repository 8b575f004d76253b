//! End-to-end linking: resolution, semver, every error, virtualization, determinism
//! and tamper checks.

mod common;

use common::*;
use rivet_format::manifest::{ItemKind, Manifest, Provider, VerifyError};
use rivet_format::CodeHash;
use rivet_linker::{link, Wiring};

#[test]
fn note_links_to_wallet_and_host() {
    let (w, p) = (wallet("1.0.0"), p2id("1.0.0"));
    let m = link(&[p.clone(), w.clone()], None).unwrap();
    assert_eq!(m.components().len(), 2);
    let note = m.component(&p.code_hash).unwrap();
    assert_eq!(note.name, "p2id");
    assert_eq!(note.world, "rivet:p2id/p2id@1.0.0");
    let basic = note.import("rivet:wallet/basic@1.0.0").unwrap();
    assert_eq!(
        basic.provider,
        Provider::Component {
            hash: w.code_hash,
            interface: "rivet:wallet/basic@1.0.0".into()
        }
    );
    assert_eq!(
        basic.functions,
        ["balance", "move-asset-to-note", "receive-asset"]
    );
    for host in [
        "rivet:base/note@0.1.0",
        "rivet:base/tx@0.1.0",
        "rivet:base/types@0.1.0",
    ] {
        assert_eq!(
            note.import(host).unwrap().provider,
            Provider::Host {
                interface: host.into()
            },
            "{host}"
        );
    }
    let run = note.export("run").unwrap();
    assert_eq!(
        (run.kind, run.functions.clone()),
        (ItemKind::Function, vec!["run".to_string()])
    );
    let wal = m.component(&w.code_hash).unwrap();
    assert_eq!(wal.world, "rivet:wallet/wallet-account@1.0.0");
    assert_eq!(
        wal.import("rivet:base/account@0.1.0").unwrap().provider,
        Provider::Host {
            interface: "rivet:base/account@0.1.0".into()
        }
    );
    let bytes = m.encode();
    assert_eq!(Manifest::decode(&bytes).unwrap(), m);
}

fn err(inputs: &[rivet_linker::LinkInput], wiring: Option<&Wiring>) -> Vec<String> {
    messages(link(inputs, wiring).expect_err("link should fail"))
}

fn provider_of(m: &Manifest, importer: &CodeHash, import: &str) -> Provider {
    m.component(importer)
        .unwrap()
        .import(import)
        .unwrap_or_else(|| panic!("no import {import}"))
        .provider
        .clone()
}

fn from(hash: CodeHash, interface: &str) -> Provider {
    Provider::Component {
        hash,
        interface: interface.into(),
    }
}

// ---------- semver ----------

#[test]
fn semver_compatible_provider_is_used() {
    let (w, p) = (wallet("1.2.0"), p2id("1.0.0"));
    let m = link(&[p.clone(), w.clone()], None).unwrap();
    assert_eq!(
        provider_of(&m, &p.code_hash, "rivet:wallet/basic@1.0.0"),
        from(w.code_hash, "rivet:wallet/basic@1.2.0")
    );
}

#[test]
fn semver_exact_beats_compatible() {
    let (w10, w13, p) = (wallet("1.0.0"), wallet("1.3.0"), p2id("1.0.0"));
    let m = link(&[w13, p.clone(), w10.clone()], None).unwrap();
    assert_eq!(
        provider_of(&m, &p.code_hash, "rivet:wallet/basic@1.0.0"),
        from(w10.code_hash, "rivet:wallet/basic@1.0.0")
    );
}

#[test]
fn semver_zero_major_tracks_the_minor() {
    let (w, p) = (wallet("0.3.2"), p2id("0.3.0"));
    let m = link(&[p.clone(), w.clone()], None).unwrap();
    assert_eq!(
        provider_of(&m, &p.code_hash, "rivet:wallet/basic@0.3.0"),
        from(w.code_hash, "rivet:wallet/basic@0.3.2")
    );
    assert_eq!(
        err(&[p2id("0.3.0"), wallet("0.4.0")], None),
        ["p2id imports rivet:wallet/basic@0.3.0: no compatible version; found wallet-0.4.0 (rivet:wallet/basic@0.4.0)"]
    );
}

#[test]
fn semver_incompatible_versions() {
    let cases = [
        ("1.0.0", "2.0.0"),
        ("1.4.0", "1.2.0"), // the provider is older than the importer asked for
        ("0.0.1", "0.0.2"), // 0.0.x promises nothing
        ("1.0.0-rc.1", "1.0.0"),
        ("1.0.0", "1.1.0-rc.1"),
    ];
    for (wanted, provided) in cases {
        assert_eq!(
            err(&[p2id(wanted), wallet(provided)], None),
            [format!(
                "p2id imports rivet:wallet/basic@{wanted}: no compatible version; \
                 found wallet-{provided} (rivet:wallet/basic@{provided})"
            )],
            "{wanted} vs {provided}"
        );
    }
}

// ---------- resolution errors ----------

#[test]
fn unresolved_import_names_closest_candidates() {
    assert_eq!(
        err(&[p2id("1.0.0")], None),
        ["p2id imports rivet:wallet/basic@1.0.0: no component or host interface provides it"]
    );
    let typo = input(
        "typo-wallet",
        &[&wallet_wit("1.0.0").replace("rivet:wallet@", "rivet:walet@")],
        "wallet-account",
    );
    assert_eq!(
        err(&[p2id("1.0.0"), typo], None),
        [
            "p2id imports rivet:wallet/basic@1.0.0: no component or host interface provides it; \
          closest: typo-wallet (rivet:walet/basic@1.0.0)"
        ]
    );
}

#[test]
fn ambiguous_providers_ask_for_the_wiring_file() {
    let a = input("wallet-a", &[&wallet_wit("1.0.0")], "wallet-account");
    let b = input("wallet-b", &[&wallet_wit("1.0.0")], "wallet-account");
    let p = p2id("1.0.0");
    let mut names = [("wallet-a", a.code_hash), ("wallet-b", b.code_hash)];
    names.sort_by_key(|(_, h)| *h);
    assert_eq!(
        err(&[p.clone(), a.clone(), b.clone()], None),
        [format!(
            "p2id imports rivet:wallet/basic@1.0.0: ambiguous, provided by \
             {} (rivet:wallet/basic@1.0.0), {} (rivet:wallet/basic@1.0.0); choose one in the \
             wiring file: [[wire]] importer = \"p2id\", interface = \"rivet:wallet/basic@1.0.0\", \
             provider = \"...\"",
            names[0].0, names[1].0
        )]
    );
    let wiring = Wiring::parse(
        r#"
        [[wire]]
        importer = "p2id"
        interface = "rivet:wallet/basic"
        provider = "wallet-b"
        "#,
    )
    .unwrap();
    let m = link(&[p.clone(), a, b.clone()], Some(&wiring)).unwrap();
    assert_eq!(
        provider_of(&m, &p.code_hash, "rivet:wallet/basic@1.0.0"),
        from(b.code_hash, "rivet:wallet/basic@1.0.0")
    );
    // A hash works as well as a name.
    let by_hash = Wiring::parse(&format!(
        "[[wire]]\nimporter = \"{}\"\ninterface = \"rivet:wallet/basic@1.0.0\"\nprovider = \"{}\"\n",
        p.code_hash, b.code_hash
    ))
    .unwrap();
    let a = input("wallet-a", &[&wallet_wit("1.0.0")], "wallet-account");
    assert_eq!(link(&[p, a, b], Some(&by_hash)).unwrap(), m);
}

#[test]
fn two_compatible_versions_are_ambiguous() {
    let e = err(&[p2id("1.0.0"), wallet("1.2.0"), wallet("1.3.0")], None);
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with("p2id imports rivet:wallet/basic@1.0.0: ambiguous, provided by "),
        "{e:?}"
    );
    assert!(
        e[0].contains("wallet-1.2.0 (rivet:wallet/basic@1.2.0)"),
        "{e:?}"
    );
    assert!(
        e[0].contains("wallet-1.3.0 (rivet:wallet/basic@1.3.0)"),
        "{e:?}"
    );
}

const IFACES: &str = r#"package test:ifaces@1.0.0;
interface x { f: func() -> u32; }
interface y { g: func() -> u32; }
interface z { h: func() -> u32; }
"#;

fn node(name: &str, imports: &[&str], exports: &[&str]) -> rivet_linker::LinkInput {
    let mut world = format!("package test:{name}@1.0.0;\nworld {name} {{\n");
    for i in imports {
        world += &format!("  import test:ifaces/{i}@1.0.0;\n");
    }
    for e in exports {
        world += &format!("  export test:ifaces/{e}@1.0.0;\n");
    }
    world += "}\n";
    input(name, &[IFACES, &world], name)
}

#[test]
fn cycles_are_refused_with_every_edge_named() {
    let a = node("a", &["y"], &["x"]);
    let b = node("b", &["z"], &["y"]);
    let c = node("c", &["x"], &["z"]);
    let e = err(&[a, b, c], None);
    assert_eq!(e.len(), 1, "{e:?}");
    let prefix = "import cycle (the runtime calls synchronously, so cycles are refused): ";
    assert!(e[0].starts_with(prefix), "{e:?}");
    let mut edges: Vec<&str> = e[0][prefix.len()..].split(", ").collect();
    edges.sort();
    assert_eq!(
        edges,
        [
            "a imports test:ifaces/y@1.0.0 from b",
            "b imports test:ifaces/z@1.0.0 from c",
            "c imports test:ifaces/x@1.0.0 from a",
        ]
    );
    // Breaking the cycle links.
    let c = node("c", &[], &["z"]);
    let m = link(
        &[node("a", &["y"], &["x"]), node("b", &["z"], &["y"]), c],
        None,
    )
    .unwrap();
    assert_eq!(m.components().len(), 3);
}

#[test]
fn a_component_never_provides_its_own_import() {
    let selfish = node("selfish", &["x"], &["x"]);
    assert_eq!(
        err(&[selfish], None),
        ["selfish imports test:ifaces/x@1.0.0: no component or host interface provides it"]
    );
}

#[test]
fn duplicate_hashes_with_different_metadata() {
    let w = wallet("1.0.0");
    let mut renamed = w.clone();
    renamed.name = "impostor".into();
    assert_eq!(
        err(&[w.clone(), renamed], None),
        [format!(
            "impostor and wallet-1.0.0 have the same code hash {} but different metadata \
             (names `impostor` and `wallet-1.0.0`)",
            w.code_hash
        )]
    );
    let mut other_world = p2id("1.0.0");
    other_world.code_hash = w.code_hash;
    other_world.name = w.name.clone();
    let e = err(&[other_world, w.clone()], None);
    assert_eq!(e.len(), 1);
    assert!(
        e[0].ends_with("but different metadata (different WIT worlds)"),
        "{e:?}"
    );
    // Exact duplicates are simply the same package given twice.
    let m = link(&[w.clone(), w.clone(), p2id("1.0.0"), w], None).unwrap();
    assert_eq!(m.components().len(), 2);
}

#[test]
fn undecodable_worlds_are_errors_not_panics() {
    let mut garbage = wallet("1.0.0");
    garbage.name = "garbage".into();
    garbage.world_sections[0].1 = b"\0asm\x0d\0\x01\0\xff\xff".to_vec();
    let e = err(&[garbage.clone()], None);
    assert!(
        e[0].starts_with("garbage: cannot decode its WIT world: "),
        "{e:?}"
    );
    garbage.world_sections[0].1 = vec![7, 1, 2, 3];
    let e = err(&[garbage.clone()], None);
    assert!(
        e[0].starts_with("garbage: cannot decode its WIT world: "),
        "{e:?}"
    );
    // Every truncation of a real section fails cleanly, except a cut at the boundary
    // before trailing custom sections (optional metadata), which must still decode to
    // the same world.
    let good = wallet("1.0.0").world_sections[0].1.clone();
    let mut whole = garbage.clone();
    whole.world_sections[0].1 = good.clone();
    let full = link(std::slice::from_ref(&whole), None).unwrap();
    for n in (0..good.len()).step_by(7) {
        garbage.world_sections[0].1 = good[..n].to_vec();
        if let Ok(m) = link(std::slice::from_ref(&garbage), None) {
            assert_eq!(
                (&m.components()[0].world, &m.components()[0].exports),
                (&full.components()[0].world, &full.components()[0].exports),
                "prefix {n}"
            );
        }
    }
    garbage.world_sections.clear();
    assert_eq!(
        err(&[garbage.clone()], None),
        ["garbage: cannot decode its WIT world: the package carries no component-type section (no WIT world)"]
    );
    garbage.world_sections = vec![("name".into(), vec![])];
    assert_eq!(
        err(&[garbage], None),
        ["garbage: cannot decode its WIT world: section `name` is not a component-type section"]
    );
}

#[test]
fn all_errors_are_reported_at_once() {
    let e = err(&[p2id("1.0.0"), node("lonely", &["x", "y"], &[])], None);
    assert_eq!(e.len(), 3, "{e:?}");
}

// ---------- virtualization ----------

fn logger() -> rivet_linker::LinkInput {
    let world = "package rivet:logger@0.1.0;
world logger {
    import rivet:wallet/basic@1.0.0;
    export rivet:wallet/basic@1.0.0;
}
";
    input("logger", &[&wallet_wit("1.0.0"), world], "logger")
}

#[test]
fn interposed_wrapper_sits_between_importer_and_provider() {
    let (w, p, l) = (wallet("1.0.0"), p2id("1.0.0"), logger());
    // Without wiring the wrapper is just another provider: ambiguous.
    let e = err(&[w.clone(), p.clone(), l.clone()], None);
    assert!(e[0].contains("ambiguous"), "{e:?}");
    let wiring = Wiring::parse(
        r#"
        [[interpose]]
        interface = "rivet:wallet/basic@1.0.0"
        wrapper = "logger"
        "#,
    )
    .unwrap();
    let m = link(&[w.clone(), p.clone(), l.clone()], Some(&wiring)).unwrap();
    let basic = "rivet:wallet/basic@1.0.0";
    assert_eq!(
        provider_of(&m, &p.code_hash, basic),
        from(l.code_hash, basic)
    );
    assert_eq!(
        provider_of(&m, &l.code_hash, basic),
        from(w.code_hash, basic)
    );
    let text = rivet_linker::render::graph_text(&m);
    assert!(
        text.contains(&format!(
            "import {basic} <- logger ({})\n",
            l.code_hash.short()
        )),
        "{text}"
    );
}

#[test]
fn interposition_can_be_limited_to_some_importers() {
    let (w, p, l) = (wallet("1.0.0"), p2id("1.0.0"), logger());
    let q = input(
        "p2id-other",
        &[
            &wallet_wit("1.0.0"),
            &p2id_wit("1.0.0").replace("rivet:p2id@", "rivet:q@"),
        ],
        "p2id",
    );
    let wiring = Wiring::parse(
        r#"
        [[interpose]]
        interface = "rivet:wallet/basic"
        wrapper = "logger"
        importers = ["p2id"]
        "#,
    )
    .unwrap();
    let m = link(&[w.clone(), p.clone(), l.clone(), q.clone()], Some(&wiring)).unwrap();
    let basic = "rivet:wallet/basic@1.0.0";
    assert_eq!(
        provider_of(&m, &p.code_hash, basic),
        from(l.code_hash, basic)
    );
    // Not listed: goes straight to the wallet (wrappers are never picked automatically).
    assert_eq!(
        provider_of(&m, &q.code_hash, basic),
        from(w.code_hash, basic)
    );
}

#[test]
fn host_interfaces_can_be_interposed() {
    let guard = input(
        "guard",
        &["package rivet:guard@0.1.0;
world guard {
    import rivet:base/account@0.1.0;
    export rivet:base/account@0.1.0;
}
"],
        "guard",
    );
    let w = wallet("1.0.0");
    let wiring = Wiring::parse(
        r#"
        [[interpose]]
        interface = "rivet:base/account@0.1.0"
        wrapper = "guard"
        importers = ["wallet-1.0.0"]
        "#,
    )
    .unwrap();
    let m = link(&[w.clone(), guard.clone()], Some(&wiring)).unwrap();
    let account = "rivet:base/account@0.1.0";
    assert_eq!(
        provider_of(&m, &w.code_hash, account),
        from(guard.code_hash, account)
    );
    assert_eq!(
        provider_of(&m, &guard.code_hash, account),
        Provider::Host {
            interface: account.into()
        }
    );
}

#[test]
fn wiring_mistakes_are_reported() {
    let (w, p, l) = (wallet("1.0.0"), p2id("1.0.0"), logger());
    let all = [w, p, l];
    let check = |toml: &str, want: &str| {
        let wiring = Wiring::parse(toml).unwrap();
        let e = err(&all, Some(&wiring));
        assert!(e.iter().any(|m| m == want), "want {want:?}, got {e:?}");
    };
    check(
        "[[interpose]]\ninterface = \"rivet:wallet/basic\"\nwrapper = \"wallet-1.0.0\"\n",
        "wiring: wrapper wallet-1.0.0 must both import and export rivet:wallet/basic",
    );
    check(
        "[[wire]]\nimporter = \"p2id\"\ninterface = \"rivet:nothing/x\"\nprovider = \"host\"\n",
        "wiring: [[wire]] entry 1 (p2id imports rivet:nothing/x) matches no import",
    );
    check(
        "[[wire]]\nimporter = \"nobody\"\ninterface = \"rivet:nothing/x\"\nprovider = \"host\"\n",
        "wiring: no component named `nobody`",
    );
    check(
        "[[wire]]\nimporter = \"p2id\"\ninterface = \"rivet:wallet/basic\"\nprovider = \"logger\"\n\
         [[interpose]]\ninterface = \"rivet:wallet/basic\"\nwrapper = \"logger\"\n",
        "wiring: p2id's import of rivet:wallet/basic@1.0.0 is both wired and interposed",
    );
    check(
        "[[interpose]]\ninterface = \"rivet:wallet/basic\"\nwrapper = \"logger\"\nimporters = [\"wallet-1.0.0\"]\n",
        "wiring: [[interpose]] entry 1: wallet-1.0.0 does not import rivet:wallet/basic",
    );
    check(
        "[[wire]]\nimporter = \"p2id\"\ninterface = \"rivet:wallet/basic\"\nprovider = \"host\"\n",
        "wiring: host (chosen for p2id's import of rivet:wallet/basic@1.0.0) does not export it",
    );
    check(
        "[[wire]]\nimporter = \"p2id\"\ninterface = \"rivet:wallet/basic\"\nprovider = \"p2id\"\n",
        "wiring: p2id cannot provide its own import of rivet:wallet/basic@1.0.0",
    );
}

// ---------- determinism and tampering ----------

/// A small deterministic shuffle (xorshift), so failures reproduce.
fn shuffle<T>(v: &mut [T], mut seed: u64) {
    for i in (1..v.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        v.swap(i, (seed % (i as u64 + 1)) as usize);
    }
}

#[test]
fn same_inputs_in_any_order_give_identical_bytes() {
    let inputs = vec![
        wallet("1.0.0"),
        p2id("1.0.0"),
        logger(),
        node("a", &["y"], &["x"]),
        node("b", &["z"], &["y"]),
        node("c", &[], &["z"]),
    ];
    let wiring =
        Wiring::parse("[[interpose]]\ninterface = \"rivet:wallet/basic\"\nwrapper = \"logger\"\n")
            .unwrap();
    let reference = link(&inputs, Some(&wiring)).unwrap();
    let bytes = reference.encode();
    let text = rivet_linker::render::graph_text(&reference);
    for seed in 1..=24u64 {
        let mut v = inputs.clone();
        shuffle(&mut v, seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        if seed % 3 == 0 {
            v.push(v[0].clone()); // duplicates change nothing either
        }
        let m = link(&v, Some(&wiring)).unwrap();
        assert_eq!(m.encode(), bytes, "seed {seed}");
        assert_eq!(m.hash(), reference.hash());
        assert_eq!(rivet_linker::render::graph_text(&m), text);
    }
    // The manifest's own hash is the trailer of its bytes.
    assert_eq!(&bytes[bytes.len() - 32..], &reference.hash().0);
}

#[test]
fn runtime_refuses_tampered_packages_and_manifests() {
    let (w, p) = (wallet("1.0.0"), p2id("1.0.0"));
    let (wp, pp) = (package(&w), package(&p));
    let inputs = [
        rivet_linker::LinkInput::from_package("wallet", &wp),
        rivet_linker::LinkInput::from_package("p2id", &pp),
    ];
    let m = link(&inputs, None).unwrap();
    let m = Manifest::decode(&m.encode()).unwrap();
    let (c, decoded) = m.verify_package(&wp.code_hash(), &wp.encode()).unwrap();
    assert_eq!((c.name.as_str(), &decoded), ("wallet", &wp));

    // Changed code: refused.
    let mut evil = wp.clone();
    evil.program.code[0] = 0x0000_0013;
    assert_eq!(
        m.verify_package(&wp.code_hash(), &evil.encode())
            .unwrap_err(),
        VerifyError::HashMismatch {
            expected: wp.code_hash(),
            actual: evil.code_hash()
        }
    );
    // Changed WIT world: refused.
    let mut evil = wp.clone();
    let last = evil.custom_sections[0].bytes.len() - 1;
    evil.custom_sections[0].bytes[last] ^= 1;
    assert!(matches!(
        m.verify_package(&wp.code_hash(), &evil.encode()),
        Err(VerifyError::HashMismatch { .. })
    ));
    // The other component's bytes under this component's hash: refused.
    assert!(m.verify_package(&wp.code_hash(), &pp.encode()).is_err());
    // A corrupted manifest is refused before anything in it is used.
    let mut bytes = m.encode();
    bytes[20] ^= 1;
    let e = Manifest::decode(&bytes).unwrap_err();
    assert!(e.what.contains("manifest hash does not match"), "{e}");
}

#[test]
fn graph_and_json_views() {
    let (w, p) = (wallet("1.0.0"), p2id("1.0.0"));
    let m = link(&[w.clone(), p.clone()], None).unwrap();
    let text = rivet_linker::render::graph_text(&m);
    assert!(
        text.starts_with(&format!("manifest {} (2 components)\n", m.hash())),
        "{text}"
    );
    assert!(
        text.contains("    import rivet:base/tx@0.1.0 <- host\n"),
        "{text}"
    );
    assert!(text.contains("    export func run: run\n"), "{text}");
    let json = rivet_linker::render::to_json(&m);
    assert_eq!(json["hash"], m.hash().to_hex());
    let comps = json["components"].as_array().unwrap();
    let note = comps.iter().find(|c| c["name"] == "p2id").unwrap();
    let basic = note["imports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "rivet:wallet/basic@1.0.0")
        .unwrap();
    assert_eq!(basic["provider"]["component"], w.code_hash.to_hex());
    assert_eq!(basic["provider"]["name"], w.name);
}
