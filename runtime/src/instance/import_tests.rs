//! Imported memories and tables checked against what the embedder provides: an
//! imported memory grows only up to its own maximum (which may be below the one the
//! import declares), and a name the embedder says exists but does not provide as the
//! kind imported is `incompatible import type`, not a fresh item.

use super::*;

fn load(wat: &str) -> Arc<LoadedPackage> {
    test_package(wat, 8, 16 << 10)
}

/// Provides `env.mem` (1 page, maximum 2) and says whether names exist.
struct Env {
    exists: Option<bool>,
}

impl Imports for Env {
    fn memory(&mut self, module: &str, name: &str) -> Option<MemoryState> {
        ((module, name) == ("env", "mem")).then(|| MemoryState {
            pages: 1,
            max: Some(2),
            bytes: vec![7; 65536],
        })
    }
    fn has_export(&mut self, _: &str, _: &str) -> Option<bool> {
        self.exists
    }
}

#[test]
fn an_imported_memory_grows_only_to_its_own_maximum() {
    let p = load(
        r#"(module (import "env" "mem" (memory 0 3))
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
            (func (export "peek") (result i32) (i32.load8_u (i32.const 9))))"#,
    );
    let mut env = Env { exists: Some(true) };
    let mut i = Instance::new(&p, &mut env, 1 << 30).expect("instantiates");
    let mut call = |name: &str, args: &[CoreValue]| i.invoke(name, args, &mut env).unwrap();
    assert_eq!(
        call("peek", &[]),
        [CoreValue::I32(7)],
        "the contents came in"
    );
    assert_eq!(call("grow", &[CoreValue::I32(1)]), [CoreValue::I32(1)]);
    // At 2 pages, the memory's maximum: the import's 3 does not count.
    assert_eq!(call("grow", &[CoreValue::I32(1)]), [CoreValue::I32(-1)]);
    assert_eq!(call("grow", &[CoreValue::I32(0)]), [CoreValue::I32(2)]);
    assert_eq!(i.memory_state().max, Some(2));
}

#[test]
fn a_name_of_another_kind_is_an_incompatible_import() {
    let cases = [
        r#"(module (import "env" "f" (memory 1)))"#,
        r#"(module (import "env" "f" (table 1 funcref)))"#,
    ];
    for wat in cases {
        let p = load(wat);
        let refused = |exists| match Instance::new(&p, &mut Env { exists }, 1 << 30) {
            Err(InstanceError::Unlinkable(why)) => why,
            Ok(_) => panic!("{wat}: instantiated with exists = {exists:?}"),
            Err(e) => panic!("{wat}: {e}"),
        };
        assert!(
            refused(Some(true)).contains("incompatible import type"),
            "{wat}"
        );
        assert!(refused(Some(false)).contains("unknown import"), "{wat}");
        // An embedder that does not say (the default) gets the declared minimum.
        assert!(
            Instance::new(&p, &mut Env { exists: None }, 1 << 30).is_ok(),
            "{wat}"
        );
    }
}
