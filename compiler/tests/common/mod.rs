//! Shared helpers: compile WAT, instantiate, invoke.

#![allow(dead_code)]

use rivet_compiler::{compile, CompileOptions};
use rivet_format::package::ValType;
use rivet_runtime::instance::{
    CallError, CoreValue, ImportFailure, Imports, Instance, LoadedPackage,
};
use std::sync::Arc;

pub use CoreValue::{I32, I64};

/// Imports for tests: `env.g` = 42, `env.add(i32, i32) -> i32`, `env.log(i64)`
/// recording its argument.
#[derive(Default)]
pub struct TestImports {
    pub logged: Vec<CoreValue>,
}

impl Imports for TestImports {
    fn global(&mut self, module: &str, name: &str) -> Option<CoreValue> {
        match (module, name) {
            ("env", "g") => Some(I32(42)),
            ("env", "g64") => Some(I64(-5)),
            _ => None,
        }
    }
    fn call(
        &mut self,
        _m: &str,
        name: &str,
        args: &[CoreValue],
        memory: &mut [u8],
    ) -> Result<Vec<CoreValue>, ImportFailure> {
        match (name, args) {
            ("add", [I32(a), I32(b)]) => Ok(vec![I32(a.wrapping_add(*b))]),
            ("log", [v]) => {
                self.logged.push(*v);
                Ok(vec![])
            }
            ("peek", [I32(p)]) => Ok(vec![I32(*memory
                .get(*p as usize)
                .ok_or(ImportFailure::from("oob".to_string()))?
                as i32)]),
            ("sum8", args) => {
                let mut s = 0i64;
                for a in args {
                    s += match a {
                        I32(v) => *v as i64,
                        I64(v) => *v,
                        other => return Err(format!("sum8: {other} is not an integer").into()),
                    };
                }
                Ok(vec![I64(s), I32(args.len() as i32)])
            }
            _ => Err(format!("unexpected call {name}").into()),
        }
    }
    fn has_func(&mut self, module: &str, name: &str, _: &[ValType], _: &[ValType]) -> bool {
        module == "env" && ["add", "log", "peek", "sum8"].contains(&name)
    }
}

pub fn load(wat: &str) -> Arc<LoadedPackage> {
    let wasm = wat::parse_str(wat).expect("valid wat");
    let pkg = compile(&wasm, &CompileOptions::default()).expect("compiles");
    Arc::new(LoadedPackage::new(pkg).expect("loads"))
}

pub fn instance(wat: &str) -> Instance {
    let pkg = load(wat);
    Instance::new(&pkg, &mut TestImports::default(), 100_000_000).expect("instantiates")
}

pub fn call(
    inst: &mut Instance,
    name: &str,
    args: &[CoreValue],
) -> Result<Vec<CoreValue>, CallError> {
    inst.invoke(name, args, &mut TestImports::default())
}
