//! Foreign slots: binding functions of other instances, calling through them (exact
//! signature checks, the embedder's handle and arguments), and every way a funcref
//! word enters an instance refused unless the instance has it.

use super::*;

/// A module that exports a funcref table (so it gets foreign slots), with a typed
/// `call_indirect` of `(i32) -> i32` and of `() -> i32`.
const WAT: &str = r#"(module
  (type $ii (func (param i32) (result i32)))
  (type $i (func (result i32)))
  (type $r (func (result funcref)))
  (table (export "tab") 4 funcref)
  (global (export "g") (mut funcref) (ref.null func))
  (func $own (result i32) (i32.const 5))
  (elem (i32.const 0) $own)
  (func (export "call_ii") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 0)))
  (func (export "call_i") (param i32) (result i32)
    (call_indirect (type $i) (local.get 0)))
  (func (export "call_r") (param i32) (result funcref)
    (call_indirect (type $r) (local.get 0)))
  (func (export "set") (param i32 funcref) (table.set (local.get 0) (local.get 1)))
  (func (export "get") (param i32) (result funcref) (table.get (local.get 0))))"#;

fn package(slots: u32) -> Arc<LoadedPackage> {
    let wasm = wat::parse_str(WAT).expect("wat");
    let opts = rivet_compiler::CompileOptions {
        max_memory_pages: 1,
        stack_size: 64 << 10,
        foreign_funcs: slots,
        ..Default::default()
    };
    let pkg = rivet_compiler::compile(&wasm, &opts).expect("compile");
    Arc::new(LoadedPackage::new(pkg).expect("load"))
}

fn sig(params: &[ValType], results: &[ValType]) -> FuncSig {
    FuncSig {
        params: params.to_vec(),
        results: results.to_vec(),
    }
}

/// Answers calls through function references: handle 7 adds 100 to its argument,
/// handle 8 returns a funcref the instance does not have; records the calls.
#[derive(Default)]
struct Foreign {
    calls: Vec<(u32, Vec<CoreValue>)>,
}

impl Imports for Foreign {
    fn call_funcref(
        &mut self,
        handle: u32,
        args: &[CoreValue],
        _guest: &mut dyn GuestAccess,
    ) -> Result<Vec<CoreValue>, ImportFailure> {
        self.calls.push((handle, args.to_vec()));
        match (handle, args) {
            (7, [CoreValue::I32(x)]) => Ok(vec![CoreValue::I32(x + 100)]),
            _ => Ok(vec![CoreValue::FuncRef(Some(999))]),
        }
    }
}

fn i32s(v: &[i32]) -> Vec<CoreValue> {
    v.iter().map(|x| CoreValue::I32(*x)).collect()
}

#[test]
fn a_bound_function_is_called_through_the_embedder_with_exact_signature_checks() {
    let p = package(4);
    let mut inst = Instance::new(&p, &mut NoImports, 1 << 30).unwrap();
    let ii = sig(&[ValType::I32], &[ValType::I32]);
    let word = inst.bind_funcref(7, &ii).unwrap();
    assert_eq!(word, p.package().foreign_word(0));
    assert_eq!(inst.funcref_target(word), Some(FuncTarget::Foreign(7)));
    assert_eq!(inst.funcref_target(1), Some(FuncTarget::Own(0)));
    // Binding again reuses the slot; another signature for the handle is refused.
    assert_eq!(inst.bind_funcref(7, &ii), Ok(word));
    assert_eq!(
        inst.bind_funcref(7, &sig(&[], &[ValType::I32])),
        Err(BindError::SignatureChanged(7))
    );
    let mut host = Foreign::default();
    let r = FuncRef(Some(word - 1));
    inst.invoke("set", &[CoreValue::I32(1), r], &mut host)
        .unwrap();
    let got = inst.invoke("call_ii", &i32s(&[1, 23]), &mut host);
    assert_eq!(got, Ok(i32s(&[123])));
    assert_eq!(host.calls, vec![(7, i32s(&[23]))]);
    // The same reference through `() -> i32` mismatches without calling out.
    let got = inst.invoke("call_i", &i32s(&[1]), &mut host);
    assert_eq!(got, Err(CallError::Trap(TrapCode::IndirectTypeMismatch)));
    assert_eq!(host.calls.len(), 1);
    // A signature the module has no type for never matches.
    let odd = inst.bind_funcref(9, &sig(&[ValType::F64], &[])).unwrap();
    inst.invoke(
        "set",
        &[CoreValue::I32(2), FuncRef(Some(odd - 1))],
        &mut host,
    )
    .unwrap();
    for call in ["call_i", "call_ii"] {
        let args = if call == "call_i" {
            i32s(&[2])
        } else {
            i32s(&[2, 0])
        };
        let got = inst.invoke(call, &args, &mut host);
        assert_eq!(got, Err(CallError::Trap(TrapCode::IndirectTypeMismatch)));
    }
    assert_eq!(
        inst.invoke("get", &i32s(&[1]), &mut host),
        Ok(vec![FuncRef(Some(word - 1))])
    );
    // What an embedder runs for a reference to one of this instance's functions.
    assert_eq!(inst.invoke_function(0, &[], &mut host), Ok(i32s(&[5])));
    assert_eq!(
        inst.invoke_function(99, &[], &mut host),
        Err(CallError::NoSuchFunction(99))
    );
}

use CoreValue::FuncRef;

#[test]
fn slots_run_out_deterministically_and_unknown_words_never_enter() {
    let p = package(2);
    let mut inst = Instance::new(&p, &mut NoImports, 1 << 30).unwrap();
    let s = sig(&[], &[ValType::I32]);
    let a = inst
        .bind_funcref(8, &sig(&[], &[ValType::FuncRef]))
        .unwrap();
    let b = inst.bind_funcref(2, &s).unwrap();
    assert_eq!(b, a + 1);
    assert_eq!(inst.bind_funcref(3, &s), Err(BindError::SlotsFull(2)));
    // Words past the bound slots are refused as arguments, table entries and globals.
    let past = FuncRef(Some(b));
    let got = inst.invoke("set", &[CoreValue::I32(0), past], &mut NoImports);
    assert!(matches!(got, Err(CallError::BadArguments(_))), "{got:?}");
    assert!(!inst.set_table(0, 4, &[0, 0, b + 1, 0]));
    assert!(inst.set_table(0, 4, &[0, 0, a, b]));
    let g = match inst.export_kind("g") {
        Some(ExportKind::Global(g)) => g,
        other => panic!("{other:?}"),
    };
    assert!(!inst.set_global_at(g, FuncRef(Some(b))));
    assert!(inst.set_global_at(g, FuncRef(Some(b - 1))));
    // An embedder returning a word the instance does not have fails the call.
    let mut host = Foreign::default();
    let got = inst.invoke("call_r", &i32s(&[2]), &mut host);
    let Err(CallError::Import(e)) = got else {
        panic!("{got:?}")
    };
    assert!(e.to_string().contains("names no function"), "{e}");
    assert_eq!(host.calls, vec![(8, vec![])]);
}

#[test]
fn a_module_without_funcref_imports_or_exports_has_no_slots() {
    let wasm = wat::parse_str(
        r#"(module (table 2 funcref) (func (export "f") (result i32) (table.size 0)))"#,
    )
    .unwrap();
    let pkg = rivet_compiler::compile(&wasm, &Default::default()).unwrap();
    assert_eq!(pkg.layout.foreign_funcs, 0);
    let p = Arc::new(LoadedPackage::new(pkg).unwrap());
    let mut inst = Instance::new(&p, &mut NoImports, 1 << 30).unwrap();
    let s = sig(&[], &[]);
    assert_eq!(inst.bind_funcref(1, &s), Err(BindError::SlotsFull(0)));
}
