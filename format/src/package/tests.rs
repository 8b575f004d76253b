use super::*;
use crate::program::Isa;

/// Every per-item minimum `decode` bounds counts with equals the encoder's output
/// for the smallest item of that kind (a larger minimum refuses valid packages: a
/// debug entry with an empty name is 17 bytes, once assumed to be 18). Counts are
/// checked against the uncompressed sections, so that is what is measured.
#[test]
fn min_item_sizes_match_the_encoding() {
    let base = Package::interface_only(vec![]);
    let len = |p: &Package| p.encode_body().len() + p.encode_debug().len();
    let len0 = len(&base);
    let grown = |f: &dyn Fn(&mut Package)| {
        let mut p = base.clone();
        f(&mut p);
        len(&p) - len0
    };
    let init = ConstInit::Global(0);
    assert_eq!(
        grown(&|p| p.imports.push(Import {
            module: String::new(),
            name: String::new(),
            kind: ImportKind::Table(0),
        })),
        min_bytes::IMPORT
    );
    assert_eq!(
        grown(&|p| p.globals.push(Global {
            ty: ValType::I32,
            mutable: false,
            init,
        })),
        min_bytes::GLOBAL
    );
    assert_eq!(
        grown(&|p| p.exports.push(Export {
            name: String::new(),
            kind: ExportKind::Memory,
        })),
        min_bytes::EXPORT
    );
    // A function's signature is implied by its type id when that type is equal.
    assert_eq!(
        grown(&|p| {
            p.types.push(FuncSig::default());
            p.functions.push(Function {
                sig: FuncSig::default(),
                type_id: 0,
                pc: 0,
            })
        }) - min_bytes::TYPE,
        min_bytes::FUNCTION
    );
    assert_eq!(
        grown(&|p| p.types.push(FuncSig::default())),
        min_bytes::TYPE
    );
    assert_eq!(
        grown(&|p| p.elements.push(ElementSegment {
            mode: ElemMode::Passive,
            ty: RefKind::Func,
            items: vec![],
        })),
        min_bytes::ELEMENT_SEGMENT
    );
    let one_null = |p: &mut Package| {
        p.elements.push(ElementSegment {
            mode: ElemMode::Passive,
            ty: RefKind::Func,
            items: vec![ElemItem::Null],
        })
    };
    assert_eq!(
        grown(&one_null) - min_bytes::ELEMENT_SEGMENT,
        min_bytes::ELEMENT
    );
    assert_eq!(
        grown(&|p| p.data.push(DataSegment {
            mode: DataMode::Passive,
            bytes: vec![],
        })),
        min_bytes::DATA_SEGMENT
    );
    assert_eq!(
        grown(&|p| p.custom_sections.push(CustomSection {
            name: String::new(),
            bytes: vec![],
        })),
        min_bytes::CUSTOM_SECTION
    );
    assert_eq!(
        grown(&|p| p.debug.push(FuncDebug {
            index: 0,
            name: String::new(),
            start: 0,
            end: 0,
            unsupported: None,
        })),
        min_bytes::DEBUG_ENTRY
    );
    let sig = FuncSig {
        params: vec![ValType::I32],
        results: vec![],
    };
    let explicit = |sig: &FuncSig| {
        grown(&|p| {
            p.functions.push(Function {
                sig: sig.clone(),
                type_id: 9,
                pc: 0,
            })
        })
    };
    assert_eq!(
        explicit(&sig) - explicit(&FuncSig::default()),
        min_bytes::VALTYPE
    );
}

/// The regression the minimum above caused: a package whose debug entries have
/// empty names decodes (it used to fail with "debug entry count ... exceeds").
#[test]
fn unnamed_debug_entries_decode() {
    let mut p = sample();
    let n = p.debug.len();
    for d in &mut p.debug {
        d.name.clear();
    }
    for i in 0..40 {
        let mut d = p.debug[i % n].clone();
        d.index = 100 + i as u32;
        p.debug.push(d);
    }
    assert_eq!(Package::decode(&p.encode()).unwrap(), p);
}

pub(crate) fn sample() -> Package {
    let sig = FuncSig {
        params: vec![ValType::I32, ValType::I64],
        results: vec![ValType::I32],
    };
    Package {
        program: Program {
            isa: Isa::Rv32em,
            code_base: 0,
            code: vec![0x0000_0013, 0x0000_0073, 0x0000_0073],
            entry: 0,
            memory_size: 0x3_0000,
            stack_top: 0x3_0000,
            data: vec![],
        },
        layout: Layout {
            memory: Limits {
                min: 1,
                max: Some(2),
            },
            max_pages: 2,
            globals_base: 0x2_0000,
            funcs_base: 0x2_0010,
            stack_limit: 0x2_1000,
            halt_pc: 4,
            foreign_funcs: 0,
            foreign_pc: 0,
        },
        imports: vec![
            Import {
                module: "env".into(),
                name: "f".into(),
                kind: ImportKind::Func {
                    sig: sig.clone(),
                    call_number: 0x100,
                },
            },
            Import {
                module: "env".into(),
                name: "g".into(),
                kind: ImportKind::Global {
                    ty: ValType::I32,
                    mutable: false,
                    index: 0,
                },
            },
        ],
        globals: vec![
            Global {
                ty: ValType::I32,
                mutable: false,
                init: ConstInit::Global(0),
            },
            Global {
                ty: ValType::I64,
                mutable: true,
                init: ConstInit::Const(7),
            },
        ],
        exports: vec![Export {
            name: "run".into(),
            kind: ExportKind::Func(1),
        }],
        functions: vec![
            Function {
                sig: sig.clone(),
                type_id: 0,
                pc: 8,
            },
            Function {
                sig: sig.clone(),
                type_id: 0,
                pc: 0,
            },
        ],
        types: vec![sig],
        tables: vec![Table {
            ty: RefKind::Func,
            limits: Limits { min: 2, max: None },
            capacity: 8,
            base: 0x2_0100,
        }],
        elements: vec![
            ElementSegment {
                mode: ElemMode::Active {
                    table: 0,
                    offset: ConstInit::Const(0),
                },
                ty: RefKind::Func,
                items: vec![ElemItem::Func(1), ElemItem::Null],
            },
            ElementSegment {
                mode: ElemMode::Passive,
                ty: RefKind::Func,
                items: vec![ElemItem::Func(0)],
            },
        ],
        data: vec![DataSegment {
            mode: DataMode::Active(ConstInit::Global(0)),
            bytes: b"hi".to_vec(),
        }],
        start: Some(1),
        custom_sections: vec![CustomSection {
            name: "component-type:w".into(),
            bytes: vec![1, 2, 3],
        }],
        debug: vec![FuncDebug {
            index: 1,
            name: "run".into(),
            start: 0,
            end: 8,
            unsupported: None,
        }],
    }
}

#[test]
fn round_trip_and_hash_ignores_debug() {
    let p = sample();
    let bytes = p.encode();
    assert_eq!(Package::decode(&bytes).unwrap(), p);
    let mut q = p.clone();
    q.debug[0].name = "other".into();
    assert_eq!(p.code_hash(), q.code_hash());
    q.custom_sections[0].bytes.push(4);
    assert_ne!(p.code_hash(), q.code_hash());
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = sample().encode();
    for n in 0..bytes.len() {
        assert!(Package::decode(&bytes[..n]).is_err(), "prefix {n} accepted");
    }
    let mut long = bytes.clone();
    long.push(0);
    assert!(Package::decode(&long).is_err());
}

#[test]
fn flipped_bytes_never_panic_and_bad_references_are_caught() {
    let bytes = sample().encode();
    let mut rejected = 0;
    for i in 0..bytes.len() {
        for bit in [0x01u8, 0x80, 0xff] {
            let mut b = bytes.clone();
            b[i] ^= bit;
            if Package::decode(&b).is_err() {
                rejected += 1;
            }
        }
    }
    assert!(
        rejected > bytes.len(),
        "only {rejected} corruptions rejected"
    );
    let mut p = sample();
    p.exports[0].kind = ExportKind::Func(9);
    assert!(Package::decode(&p.encode()).is_err());
    let mut p = sample();
    p.functions[0].pc = 0x40;
    assert!(p
        .check()
        .unwrap_err()
        .to_string()
        .contains("outside the code"));
    let mut p = sample();
    p.elements[0].items[1] = ElemItem::Func(5);
    assert!(p.check().is_err());
    let mut p = sample();
    p.tables[0].base = 0x2_0010;
    assert!(p.check().unwrap_err().to_string().contains("misplaced"));
}
