//! Function-level parameter and result passing (spilling), and types from WIT.

use super::*;
use CoreValue::{I32, I64};

#[test]
fn function_spilling() {
    let params: Vec<(String, Type)> = (0..17).map(|i| (format!("p{i}"), Type::U32)).collect();
    let f = FuncType::new(params, Some(Type::String)).unwrap();
    assert!(f.params_spilled() && f.results_spilled());
    let lift_sig = f.core_sig(CallContext::Lift);
    assert_eq!((lift_sig.params.len(), lift_sig.results.len()), (1, 1));
    let lower_sig = f.core_sig(CallContext::Lower);
    assert_eq!((lower_sig.params.len(), lower_sig.results.len()), (2, 0));

    // Host -> guest export: params go into a realloc'd tuple.
    let args: Vec<Val> = (0..17).map(Val::U32).collect();
    let mut m = mem();
    let flat = f
        .lower_params(&mut Cx::new(&mut m, &mut NoResources), &args)
        .unwrap();
    assert_eq!(flat, vec![I32(0x1000)]);
    assert_eq!(m.calls, vec![[0, 0, 4, 68]]);
    // The guest side reads them back (as an import would).
    let (back, retptr) = f
        .lift_params(
            &mut Cx::new(&mut m, &mut NoResources),
            &[I32(0x1000), I32(0x2000)],
        )
        .unwrap();
    assert_eq!((back, retptr), (args.clone(), Some(0x2000)));
    // Result through the out-pointer, then lifted through the returned pointer.
    let out = f
        .lower_results(
            &mut Cx::new(&mut m, &mut NoResources),
            Some(&Val::String(s("ok"))),
            retptr,
        )
        .unwrap();
    assert!(out.is_empty());
    let r = f
        .lift_results(&mut Cx::new(&mut m, &mut NoResources), &[I32(0x2000)])
        .unwrap();
    assert_eq!(r, Some(Val::String(s("ok"))));
    // A misaligned return pointer traps.
    let e = f
        .lift_results(&mut Cx::new(&mut m, &mut NoResources), &[I32(0x2001)])
        .unwrap_err();
    assert_eq!(
        e,
        CabiError::Misaligned {
            ptr: 0x2001,
            align: 4
        }
    );
    // Wrong arity.
    assert!(f
        .lower_params(&mut Cx::new(&mut m, &mut NoResources), &args[..3])
        .is_err());
    assert!(f
        .lift_params(&mut Cx::new(&mut m, &mut NoResources), &[I32(0x1000)])
        .is_err());
}

#[test]
fn function_flat() {
    let f = FuncType::new(
        vec![(s("a"), Type::U8), (s("b"), Type::S64)],
        Some(Type::U32),
    )
    .unwrap();
    assert!(!f.params_spilled() && !f.results_spilled());
    let mut m = mem();
    let mut r = NoResources;
    let mut cx = Cx::new(&mut m, &mut r);
    let flat = f
        .lower_params(&mut cx, &[Val::U8(1), Val::S64(-1)])
        .unwrap();
    assert_eq!(flat, vec![I32(1), I64(-1)]);
    assert_eq!(
        f.lift_results(&mut cx, &[I32(5)]).unwrap(),
        Some(Val::U32(5))
    );
    assert!(f.lift_results(&mut cx, &[]).is_err());
    assert_eq!(
        f.lower_results(&mut cx, Some(&Val::U32(9)), None).unwrap(),
        vec![I32(9)]
    );
    assert!(f.lower_results(&mut cx, None, None).is_err());
    let none = FuncType::new(vec![], None).unwrap();
    assert_eq!(none.lift_results(&mut cx, &[]).unwrap(), None);
    assert_eq!(none.core_sig(CallContext::Lower).params, vec![]);
}

fn wit(src: &str) -> (wit_parser::Resolve, wit_parser::InterfaceId) {
    let mut r = wit_parser::Resolve::default();
    let pkg = r.push_str("t.wit", src).unwrap();
    let i = r.packages[pkg].interfaces["x"];
    (r, i)
}

#[test]
fn from_wit() {
    let (r, i) = wit("package t:t; interface x {
            resource counter;
            type alias = counter;
            record r0 { a: u32, b: list<string>, c: own<counter>, d: borrow<alias> }
            type t = option<r0>;
            type fl = f32;
            f: func(x: t, y: borrow<counter>) -> result<u32, string>;
        }");
    let iface = &r.interfaces[i];
    let t = Type::from_wit(&r, &wit_parser::Type::Id(iface.types["t"])).unwrap();
    let Type::Option(o) = &t else { panic!("{t:?}") };
    let Type::Record(rec) = &o.some else { panic!() };
    assert_eq!(rec.name.as_deref(), Some("r0"));
    let counter = iface.types["counter"];
    match (&rec.fields[2].1, &rec.fields[3].1) {
        (Type::Own(a), Type::Borrow(b)) => {
            assert_eq!((a.name.as_str(), a.wit_id), ("counter", Some(counter)));
            assert_eq!(b.wit_id, Some(counter));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!((t.size(), t.align()), (24, 4));
    let fl = Type::from_wit(&r, &wit_parser::Type::Id(iface.types["fl"]));
    assert_eq!(fl, Ok(Type::F32));
    let f = FuncType::from_wit(&mut WitTypes::new(&r), &iface.functions["f"]).unwrap();
    assert_eq!(f.params.len(), 2);
    assert!(f.results_spilled());
}

#[test]
fn deep_wit_is_rejected() {
    let mut src = String::from("package t:t; interface x {\n type a0 = u8;\n");
    for i in 1..=150 {
        src += &format!(" type a{i} = a{};\n", i - 1);
    }
    src += "}";
    let (r, i) = wit(&src);
    let e = Type::from_wit(&r, &wit_parser::Type::Id(r.interfaces[i].types["a150"])).unwrap_err();
    assert!(matches!(e, CabiError::InvalidType(_)));
    assert_eq!(
        Type::from_wit(&r, &wit_parser::Type::Id(r.interfaces[i].types["a50"])),
        Ok(Type::U8)
    );
}
