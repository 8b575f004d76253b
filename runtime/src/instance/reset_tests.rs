//! A reused instance reset to its image must be indistinguishable from a fresh
//! instantiation: every byte of data memory (linear memory, globals, table, stack),
//! every register (including the memory size) and the dropped-segment flags.

use super::*;

const WAT: &str = r#"(module
  (memory (export "memory") 1 4)
  (global $g (mut i32) (i32.const 7))
  (data (i32.const 16) "hello")
  (data $p "passive-bytes")
  (func $deep (export "deep") (param $n i32) (result i32)
    (local $a i64) (local $b i64)
    (local.set $a (i64.extend_i32_u (local.get $n)))
    (local.set $b (i64.mul (local.get $a) (i64.const 3)))
    (if (result i32) (local.get $n)
      (then (i32.add (call $deep (i32.sub (local.get $n) (i32.const 1)))
                     (i32.wrap_i64 (i64.add (local.get $a) (local.get $b)))))
      (else (i32.const 0))))
  (func (export "scribble") (param $seed i32)
    ;; A store spanning pages 0 and 1, one spilling 3 bytes into a clean page,
    ;; single bytes, bulk fills, copies and inits that cover pages partly.
    (i32.store (i32.const 4094) (local.get $seed))
    (i64.store (i32.const 8189) (i64.const -1))
    (i32.store (i32.const 12285) (local.get $seed))
    (i32.store8 (i32.const 20) (i32.const 0x41))
    (memory.fill (i32.const 100) (local.get $seed) (i32.const 9000))
    (memory.copy (i32.const 30001) (i32.const 16) (i32.const 5))
    (memory.copy (i32.const 17) (i32.const 16) (i32.const 4000))
    (memory.init $p (i32.const 40000) (i32.const 0) (i32.const 13))
    (data.drop $p)
    (drop (memory.grow (i32.const 2)))
    (i32.store (i32.const 65540) (local.get $seed))
    (i32.store (i32.const 196604) (local.get $seed))
    (global.set $g (i32.add (global.get $g) (local.get $seed))))
  (func (export "trap-midway") (param $seed i32)
    (memory.fill (i32.const 50000) (local.get $seed) (i32.const 100))
    (global.set $g (local.get $seed))
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 0xffff_fff0) (i32.const 1))))"#;

fn package() -> Arc<LoadedPackage> {
    super::test_package(WAT, 4, 64 << 10)
}

fn fresh(p: &Arc<LoadedPackage>) -> Instance {
    Instance::new(p, &mut NoImports, 1 << 30).expect("instantiate")
}

fn i32s(v: &[i32]) -> Vec<CoreValue> {
    v.iter().map(|x| CoreValue::I32(*x)).collect()
}

#[test]
fn reset_instance_equals_a_fresh_one() {
    resets_equal_a_fresh_one(false);
    // With the image's zero pages known (what a pool does), zero pages are cleared
    // instead of copied: the same state.
    resets_equal_a_fresh_one(true);
}

fn resets_equal_a_fresh_one(with_zero: bool) {
    let p = package();
    let image = fresh(&p);
    let zero = with_zero.then(|| image.zero_pages());
    let reference = fresh(&p);
    let mut used = fresh(&p);
    used.mark_clean();
    for seed in [0x5a, 0x77, 0x01] {
        used.set_gas(1 << 30);
        used.invoke("scribble", &i32s(&[seed]), &mut NoImports)
            .expect("scribble");
        used.invoke("deep", &i32s(&[200]), &mut NoImports)
            .expect("deep");
        // Host writes through the page-tracking window, across a page boundary.
        GuestAccess::memory_range_mut(&mut used, 8190, 4)
            .expect("in bounds")
            .copy_from_slice(&[1, 2, 3, 4]);
        assert!(GuestAccess::memory_range_mut(&mut used, 196604, 4).is_some());
        assert!(GuestAccess::memory_range_mut(&mut used, 196606, 4).is_none());
        assert_ne!(used.state(), reference.state());
        assert!(used.reset_to_with(&image, zero.as_ref()));
        assert_eq!(used.state(), reference.state(), "seed {seed:#x}");
        assert_eq!(used.memory_size(), 65536);
    }
    // A call that traps halfway (after growing memory and writing a global) is reset
    // just as well.
    used.set_gas(1 << 30);
    let e = used.invoke("trap-midway", &i32s(&[9]), &mut NoImports);
    assert!(matches!(e, Err(CallError::Trap(_))), "{e:?}");
    assert!(used.reset_to_with(&image, zero.as_ref()));
    assert_eq!(used.state(), reference.state());
    // Out of gas in the middle of a loop-free call, then reset.
    used.set_gas(3);
    assert!(used
        .invoke("scribble", &i32s(&[3]), &mut NoImports)
        .is_err());
    assert!(used.reset_to_with(&image, zero.as_ref()));
    assert_eq!(used.state(), reference.state());
}

#[test]
fn whole_memory_writes_are_reset_and_other_packages_refused() {
    let p = package();
    let image = fresh(&p);
    let reference = fresh(&p);
    let mut used = fresh(&p);
    used.mark_clean();
    // `memory_mut` hands out everything, so everything is restored.
    used.memory_mut().fill(0xee);
    assert!(used.reset_to(&image));
    assert_eq!(used.state(), reference.state());
    // An image of another package (same code, separately loaded) is refused.
    let other = fresh(&package());
    used.memory_mut()[0] = 1;
    assert!(!used.reset_to(&other));
    assert_eq!(used.memory()[0], 1, "nothing changed");
}
