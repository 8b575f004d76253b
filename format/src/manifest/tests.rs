//! Manifest encoding, decoding and graph checks.

use super::tables::*;
use super::*;

fn comp(seed: &[u8], name: &str) -> Component {
    Component {
        hash: CodeHash::of(seed),
        name: name.into(),
        world: format!("test:{name}/w"),
        exports: vec![],
        imports: vec![],
        tables: Tables::default(),
    }
}

/// wallet exports `test:wallet/basic@1.0.0`; note imports it and the host's `tx`.
fn sample() -> Manifest {
    let mut wallet = comp(b"wallet", "wallet");
    wallet.exports.push(Export {
        name: "test:wallet/basic@1.0.0".into(),
        kind: ItemKind::Interface,
        functions: vec!["send".into(), "receive".into()],
    });
    let mut note = comp(b"note", "note");
    note.exports.push(Export {
        name: "run".into(),
        kind: ItemKind::Function,
        functions: vec!["run".into()],
    });
    note.imports.push(Import {
        name: "test:wallet/basic@1.0.0".into(),
        kind: ItemKind::Interface,
        functions: vec!["receive".into()],
        provider: Provider::Component {
            hash: wallet.hash,
            interface: "test:wallet/basic@1.0.0".into(),
        },
    });
    note.imports.push(Import {
        name: "rivet:base/tx@0.1.0".into(),
        kind: ItemKind::Interface,
        functions: vec!["create-note".into()],
        provider: Provider::Host {
            interface: "rivet:base/tx@0.1.0".into(),
        },
    });
    Manifest::new(vec![note, wallet]).unwrap()
}

#[test]
fn round_trip_is_canonical() {
    let m = sample();
    let bytes = m.encode();
    let back = Manifest::decode(&bytes).unwrap();
    assert_eq!(back, m);
    assert_eq!(back.encode(), bytes);
    assert_eq!(&bytes[bytes.len() - 32..], &m.hash().0);
    let mut reordered = m.components().to_vec();
    reordered.reverse();
    assert_eq!(Manifest::new(reordered).unwrap().encode(), bytes);
}

#[test]
fn every_truncation_and_bit_flip_is_refused() {
    let bytes = sample().encode();
    for n in 0..bytes.len() {
        assert!(
            Manifest::decode(&bytes[..n]).is_err(),
            "prefix {n} accepted"
        );
    }
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x40;
        assert!(Manifest::decode(&b).is_err(), "flip at {i} accepted");
    }
}

/// Re-encodes a body with a correct trailer, so the structural checks are reached.
fn seal(m: &Manifest) -> Vec<u8> {
    let mut body = m.body();
    let h = CodeHash::of(&body);
    body.extend_from_slice(&h.0);
    body
}

#[test]
fn resealed_corruptions_never_panic() {
    // Corrupt the body and fix up the trailer, so the structural decoder (not the
    // hash check) sees every mutation; it must answer, never panic.
    let tabled = Manifest::new(wired(TypeDef::List(TypeRef::Prim(Prim::U8)))).unwrap();
    for body in [sample().body(), tabled.body()] {
        resealed_corruptions(body);
    }
}

fn resealed_corruptions(body: Vec<u8>) {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for round in 0..4000 {
        let mut b = body.clone();
        for _ in 0..1 + round % 4 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let i = (seed % b.len() as u64) as usize;
            b[i] = (seed >> 32) as u8;
        }
        let h = CodeHash::of(&b);
        b.extend_from_slice(&h.0);
        if let Ok(m) = Manifest::decode(&b) {
            assert_eq!(m.encode(), b, "accepted bytes must be canonical");
        }
    }
}

#[test]
fn structural_checks_on_decode() {
    let good = sample();
    // A provider that does not export the imported function.
    let mut comps = good.components().to_vec();
    let note = comps.iter_mut().find(|c| c.name == "note").unwrap();
    note.imports[1].functions.push("steal".into());
    let bad = Manifest { components: comps };
    let e = Manifest::decode(&seal(&bad)).unwrap_err();
    assert!(e.what.contains("does not export function `steal`"), "{e}");

    // A self-import.
    let mut comps = good.components().to_vec();
    let wallet_hash = comps.iter().find(|c| c.name == "wallet").unwrap().hash;
    let wallet = comps.iter_mut().find(|c| c.name == "wallet").unwrap();
    wallet.imports.push(Import {
        name: "x".into(),
        kind: ItemKind::Interface,
        functions: vec![],
        provider: Provider::Component {
            hash: wallet_hash,
            interface: "test:wallet/basic@1.0.0".into(),
        },
    });
    let e = Manifest::decode(&seal(&Manifest { components: comps })).unwrap_err();
    assert!(e.what.contains("provided by the importer itself"), "{e}");

    // A host interface outside rivet:base.
    let mut comps = good.components().to_vec();
    let note = comps.iter_mut().find(|c| c.name == "note").unwrap();
    note.imports[0].provider = Provider::Host {
        interface: "rivet:basement/x".into(),
    };
    let e = Manifest::decode(&seal(&Manifest { components: comps })).unwrap_err();
    assert!(e.what.contains("not part of rivet:base"), "{e}");

    // Components out of order.
    let mut comps = good.components().to_vec();
    comps.reverse();
    let e = Manifest::decode(&seal(&Manifest { components: comps })).unwrap_err();
    assert!(e.what.contains("not strictly sorted"), "{e}");
}

#[test]
fn cycles_are_refused() {
    let mut a = comp(b"a", "a");
    let mut b = comp(b"b", "b");
    for (me, other) in [(&mut a, CodeHash::of(b"b")), (&mut b, CodeHash::of(b"a"))] {
        me.exports.push(Export {
            name: "t:p/i".into(),
            kind: ItemKind::Interface,
            functions: vec!["f".into()],
        });
        me.imports.push(Import {
            name: "t:p/i".into(),
            kind: ItemKind::Interface,
            functions: vec!["f".into()],
            provider: Provider::Component {
                hash: other,
                interface: "t:p/i".into(),
            },
        });
    }
    let e = Manifest::new(vec![a.clone(), b.clone()]).unwrap_err();
    assert!(e.to_string().contains("import cycle: "), "{e}");
    let mut comps = vec![a, b];
    comps.sort_by_key(|c| c.hash);
    let e = Manifest::decode(&seal(&Manifest { components: comps })).unwrap_err();
    assert!(e.what.contains("import cycle"), "{e}");
}

/// A minimal valid package whose WIT section is `tag`.
fn package(tag: &[u8]) -> Package {
    Package::interface_only(vec![crate::package::CustomSection {
        name: "component-type:w".into(),
        bytes: tag.to_vec(),
    }])
}

#[test]
fn package_verification() {
    let wallet_pkg = package(b"wallet");
    let mut wallet = comp(b"x", "wallet");
    wallet.hash = wallet_pkg.code_hash();
    let m = Manifest::new(vec![wallet.clone()]).unwrap();
    let bytes = wallet_pkg.encode();
    let (c, p) = m.verify_package(&wallet.hash, &bytes).unwrap();
    assert_eq!((c.name.as_str(), &p), ("wallet", &wallet_pkg));

    // Tampering with the embedded world (or anything else hashed) is refused.
    let mut tampered = wallet_pkg.clone();
    tampered.custom_sections[0].bytes[0] ^= 1;
    assert_eq!(
        m.verify_package(&wallet.hash, &tampered.encode())
            .unwrap_err(),
        VerifyError::HashMismatch {
            expected: wallet.hash,
            actual: tampered.code_hash()
        }
    );
    // Bytes that are not a package at all.
    let e = m.verify_package(&wallet.hash, &bytes[..10]).unwrap_err();
    assert!(matches!(e, VerifyError::Decode { .. }), "{e}");
    let stranger = CodeHash::of(b"stranger");
    assert_eq!(
        m.verify_package(&stranger, &bytes).unwrap_err(),
        VerifyError::UnknownPackage(stranger)
    );
}

/// `a` exports `t:p/i#f(x: u32) -> list<u8>`; `b` imports it with `import_result`.
fn wired(import_result: TypeDef) -> Vec<Component> {
    let mut a = comp(b"a", "a");
    a.exports.push(Export {
        name: "t:p/i".into(),
        kind: ItemKind::Interface,
        functions: vec!["f".into()],
    });
    a.tables.types = vec![TypeDef::List(TypeRef::Prim(Prim::U8))];
    a.tables.exports.push(ExportFn {
        key: "t:p/i#f".into(),
        core: "t:p/i#f".into(),
        post_return: None,
        sig: FuncSig {
            params: vec![("x".into(), TypeRef::Prim(Prim::U32))],
            result: Some(TypeRef::Def(0)),
        },
    });
    let mut b = comp(b"b", "b");
    b.imports.push(Import {
        name: "t:p/i".into(),
        kind: ItemKind::Interface,
        functions: vec!["f".into()],
        provider: Provider::Component {
            hash: a.hash,
            interface: "t:p/i".into(),
        },
    });
    b.tables.types = vec![import_result];
    b.tables.imports.push(CoreImport {
        module: "t:p/i".into(),
        name: "f".into(),
        kind: CoreImportKind::Func {
            name: "t:p/i#f".into(),
            sig: FuncSig {
                params: vec![("y".into(), TypeRef::Prim(Prim::U32))],
                result: Some(TypeRef::Def(0)),
            },
            target: CallTarget::Component {
                hash: a.hash,
                export: 0,
            },
        },
    });
    vec![a, b]
}

#[test]
fn tables_round_trip_and_type_agreement() {
    let m = Manifest::new(wired(TypeDef::List(TypeRef::Prim(Prim::U8)))).unwrap();
    let bytes = m.encode();
    assert_eq!(Manifest::decode(&bytes).unwrap(), m);
    // The importer expects list<u32> where the provider returns list<u8>.
    let e = Manifest::new(wired(TypeDef::List(TypeRef::Prim(Prim::U32)))).unwrap_err();
    assert!(
        matches!(&e, ManifestError::TypeMismatch { detail, export, .. }
            if export == "t:p/i#f" && detail == "result: list: expected u32, found u8"),
        "{e}"
    );
}

#[test]
fn tampered_tables_are_refused_on_decode() {
    // A resealed manifest whose importer expects a different type.
    let mut comps = wired(TypeDef::List(TypeRef::Prim(Prim::U8)));
    comps.sort_by_key(|c| c.hash);
    let b = comps.iter_mut().find(|c| c.name == "b").unwrap();
    b.tables.types[0] = TypeDef::Option(TypeRef::Prim(Prim::U8));
    let e = Manifest::decode(&seal(&Manifest {
        components: comps.clone(),
    }))
    .unwrap_err();
    assert!(
        e.what
            .contains("types differ: result: expected option, found list"),
        "{e}"
    );
    // An export index out of range, a forward type reference, a deep chain.
    let b = comps.iter_mut().find(|c| c.name == "b").unwrap();
    b.tables.types[0] = TypeDef::List(TypeRef::Prim(Prim::U8));
    if let CoreImportKind::Func { target, .. } = &mut b.tables.imports[0].kind {
        *target = CallTarget::Component {
            hash: CodeHash::of(b"a"),
            export: 7,
        };
    }
    let e = Manifest::decode(&seal(&Manifest {
        components: comps.clone(),
    }))
    .unwrap_err();
    assert!(e.what.contains("has no export number 7"), "{e}");
    let b = comps.iter_mut().find(|c| c.name == "b").unwrap();
    b.tables.types[0] = TypeDef::List(TypeRef::Def(0));
    let e = Manifest::decode(&seal(&Manifest {
        components: comps.clone(),
    }))
    .unwrap_err();
    assert!(e.what.contains("not an earlier one"), "{e}");
    let b = comps.iter_mut().find(|c| c.name == "b").unwrap();
    b.tables.types = (0..200)
        .map(|i| match i {
            0 => TypeDef::List(TypeRef::Prim(Prim::U8)),
            i => TypeDef::List(TypeRef::Def(i - 1)),
        })
        .collect();
    let e = Manifest::decode(&seal(&Manifest { components: comps })).unwrap_err();
    assert!(e.what.contains("nests deeper than 128"), "{e}");
}
