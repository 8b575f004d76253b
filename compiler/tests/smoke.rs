mod common;
use common::*;

#[test]
fn add_and_locals() {
    let mut i = instance(
        r#"(module
        (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
        (func (export "add64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.add)
    )"#,
    );
    assert_eq!(
        call(&mut i, "add", &[I32(2), I32(40)]).unwrap(),
        vec![I32(42)]
    );
    assert_eq!(
        call(&mut i, "add64", &[I64(0xffff_ffff), I64(1)]).unwrap(),
        vec![I64(0x1_0000_0000)]
    );
}
