//! Component binaries as input: the core module and WIT world inside a component.
//!
//! Rivet compiles a core module that carries its WIT world in a `component-type`
//! custom section (what wit-bindgen emits). Toolchains that ship *components*
//! (`wasm-tools component new`, cargo-component) wrap that module: the world becomes
//! the component's type, and the canonical options (string encoding, `realloc`,
//! `post-return`) sit on the `canon lift`/`canon lower` definitions. [`extract`]
//! undoes the wrapping for the shape those tools produce without adapters: exactly
//! one program module, instantiated once, plus wit-component's indirect-lowering
//! shim and fixup modules when imports need the program's memory (checked to only
//! forward calls through the `$imports` table: Rivet lowers imports itself). Nested
//! components that only ascribe types to exported instances are fine; one with its
//! own core module is a composition and is refused. The world is decoded
//! with wit-component and re-encoded as a `component-type:<world>` section appended
//! to the core module, so compiling the result gives the same code and the same
//! decoded world as compiling the original module.
//!
//! The canonical options must be the ones Rivet's runtime assumes, or the package
//! would behave differently from the component: UTF-8 strings, `realloc` the core
//! export `cabi_realloc`, post-return functions the exports `cabi_post_<name>`.
//! Anything else is refused with an error naming what and what to do instead.

use thiserror::Error;
use wasmparser::{
    CanonicalFunction, CanonicalOption, ComponentAlias, ExternalKind, Instance, Parser, Payload,
};
use wit_component::{DecodedWasm, StringEncoding};

/// Why a component cannot be compiled.
#[derive(Debug, Error)]
pub enum ComponentError {
    /// The bytes are not a valid component.
    #[error("malformed component: {0}")]
    Malformed(String),
    /// A component shape Rivet does not take; the text says what and what to do.
    #[error("unsupported component: {0}")]
    Unsupported(String),
}

/// The canonical options found on the component's lifts and lowers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CanonicalOptions {
    /// The core export used as `realloc`, if any function needs one.
    pub realloc: Option<String>,
    /// Core exports used as `post-return`, in order of appearance.
    pub post_returns: Vec<String>,
    /// Number of lifted (exported) and lowered (imported) functions.
    pub lifts: usize,
    /// Number of lowered functions.
    pub lowers: usize,
}

/// What [`extract`] found.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The core module with a `component-type:<world>` section appended.
    pub module: Vec<u8>,
    /// The world's name as the component decodes it.
    pub world: String,
    /// The canonical options (all checked to be what Rivet assumes).
    pub options: CanonicalOptions,
}

/// Whether `bytes` start like a component binary (rather than a core module).
pub fn is_component(bytes: &[u8]) -> bool {
    bytes.len() >= 8 && bytes[..4] == *b"\0asm" && bytes[4..8] == [0x0d, 0x00, 0x01, 0x00]
}

fn unsupported(what: impl Into<String>) -> ComponentError {
    ComponentError::Unsupported(what.into())
}

fn malformed(e: impl std::fmt::Display) -> ComponentError {
    ComponentError::Malformed(e.to_string())
}

/// The structure of a component's outer level.
#[derive(Default)]
struct Outline<'a> {
    modules: Vec<&'a [u8]>,
    instances: usize,
    /// Name of each core function (aliases of core exports; lowered functions "").
    core_funcs: Vec<String>,
    options: Vec<(bool, Box<[CanonicalOption]>)>,
}

fn outline(bytes: &[u8]) -> Result<Outline<'_>, ComponentError> {
    let mut out = Outline::default();
    let mut depth = 0usize;
    let mut in_component = false;
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(malformed)?;
        if depth > 0 {
            match payload {
                // wit-component wraps exported instances in nested components that
                // only ascribe types; one holding code is a composition.
                Payload::ModuleSection { .. } if in_component => {
                    return Err(unsupported(
                        "a nested component with its own core module (a composition); \
                         compile each component's core module separately",
                    ))
                }
                Payload::ModuleSection { .. } | Payload::ComponentSection { .. } => depth += 1,
                Payload::End(_) => depth -= 1,
                _ => {}
            }
            continue;
        }
        in_component = false;
        match payload {
            Payload::ModuleSection {
                unchecked_range, ..
            } => {
                let (start, end) = (unchecked_range.start as usize, unchecked_range.end as usize);
                out.modules.push(
                    bytes
                        .get(start..end)
                        .ok_or_else(|| malformed("module range"))?,
                );
                depth += 1;
            }
            Payload::ComponentSection { .. } => {
                in_component = true;
                depth += 1;
            }
            Payload::InstanceSection(r) => {
                for i in r {
                    if let Instance::Instantiate { .. } = i.map_err(malformed)? {
                        out.instances += 1;
                    }
                }
            }
            Payload::ComponentAliasSection(r) => {
                for a in r {
                    if let ComponentAlias::CoreInstanceExport {
                        kind: ExternalKind::Func,
                        name,
                        ..
                    } = a.map_err(malformed)?
                    {
                        out.core_funcs.push(name.to_string());
                    }
                }
            }
            Payload::ComponentCanonicalSection(r) => {
                for f in r {
                    match f.map_err(malformed)? {
                        CanonicalFunction::Lift { options, .. } => {
                            out.options.push((true, options))
                        }
                        CanonicalFunction::Lower { options, .. } => {
                            out.options.push((false, options));
                            out.core_funcs.push(String::new());
                        }
                        _ => out.core_funcs.push(String::new()),
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Checks the options against what Rivet's runtime assumes.
fn check_options(o: &Outline<'_>) -> Result<CanonicalOptions, ComponentError> {
    let mut out = CanonicalOptions::default();
    let name = |i: u32| o.core_funcs.get(i as usize).cloned().unwrap_or_default();
    for (lift, opts) in &o.options {
        if *lift {
            out.lifts += 1;
        } else {
            out.lowers += 1;
        }
        for opt in opts.iter() {
            match opt {
                CanonicalOption::UTF8 | CanonicalOption::Memory(_) => {}
                CanonicalOption::UTF16 | CanonicalOption::CompactUTF16 => {
                    return Err(unsupported(
                        "a string encoding other than UTF-8; Rivet's canonical ABI is UTF-8 \
                         only: rebuild with `--encoding utf8` (the default)",
                    ))
                }
                CanonicalOption::Realloc(f) => {
                    let n = name(*f);
                    if n != "cabi_realloc" {
                        return Err(unsupported(format!(
                            "realloc is `{n}`; Rivet calls the core export `cabi_realloc`"
                        )));
                    }
                    out.realloc = Some(n);
                }
                CanonicalOption::PostReturn(f) => {
                    let n = name(*f);
                    if !n.starts_with("cabi_post_") {
                        return Err(unsupported(format!(
                            "post-return is `{n}`; Rivet calls the core exports `cabi_post_<export>`"
                        )));
                    }
                    out.post_returns.push(n);
                }
                other => {
                    return Err(unsupported(format!(
                    "canonical option {other:?}; only synchronous lifts and lowers are supported"
                )))
                }
            }
        }
    }
    Ok(out)
}

/// Appends a custom section `name` with `data` to a core module.
fn append_custom(module: &[u8], name: &str, data: &[u8]) -> Vec<u8> {
    fn leb(out: &mut Vec<u8>, mut v: usize) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            out.push(if v == 0 { b } else { b | 0x80 });
            if v == 0 {
                break;
            }
        }
    }
    let mut body = Vec::with_capacity(name.len() + data.len() + 5);
    leb(&mut body, name.len());
    body.extend_from_slice(name.as_bytes());
    body.extend_from_slice(data);
    let mut out = module.to_vec();
    out.push(0);
    leb(&mut out, body.len());
    out.extend_from_slice(&body);
    out
}

/// The role of a core module inside a wit-component component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The program.
    Main,
    /// wit-component's indirect-lowering shim: exports the `$imports` table and
    /// functions that only forward their arguments through it.
    Shim,
    /// wit-component's fixup: imports the lowered functions and the `$imports` table
    /// and fills the table with one element segment, no code.
    Fixup,
}

/// Classifies a module, checking that a shim or fixup is exactly that (then the main
/// module's imports are the component's lowered imports, which Rivet lowers itself).
fn role(module: &[u8]) -> Result<Role, ComponentError> {
    let (mut exports_table, mut imports_table, mut has_code, mut forwards_only) =
        (false, false, false, true);
    for payload in Parser::new(0).parse_all(module) {
        match payload.map_err(malformed)? {
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e.map_err(malformed)?;
                    exports_table |= e.kind == ExternalKind::Table && e.name == "$imports";
                }
            }
            Payload::ImportSection(r) => {
                for imp in r.into_imports() {
                    let imp = imp.map_err(malformed)?;
                    imports_table |=
                        matches!(imp.ty, wasmparser::TypeRef::Table(_)) && imp.name == "$imports";
                }
            }
            Payload::CodeSectionEntry(body) => {
                has_code = true;
                let mut ops = body.get_operators_reader().map_err(malformed)?;
                while !ops.eof() {
                    use wasmparser::Operator as O;
                    forwards_only &= matches!(
                        ops.read().map_err(malformed)?,
                        O::LocalGet { .. } | O::I32Const { .. } | O::CallIndirect { .. } | O::End
                    );
                }
            }
            _ => {}
        }
    }
    Ok(match (exports_table, imports_table) {
        (true, false) if forwards_only => Role::Shim,
        (false, true) if !has_code => Role::Fixup,
        (false, false) => Role::Main,
        _ => {
            return Err(unsupported(
                "a core module that is neither the program nor wit-component's \
                 import shims; compile the core module with its embedded \
                 `component-type` section instead",
            ))
        }
    })
}

/// The program's module: exactly one, besides at most one shim and one fixup
/// (anything else, e.g. a WASI adapter, is refused with what to do).
fn main_module<'a>(o: &Outline<'a>) -> Result<&'a [u8], ComponentError> {
    let mut main = Vec::new();
    let (mut shims, mut fixups) = (0, 0);
    for m in &o.modules {
        match role(m)? {
            Role::Main => main.push(*m),
            Role::Shim => shims += 1,
            Role::Fixup => fixups += 1,
        }
    }
    if main.len() != 1 || shims > 1 || fixups != shims {
        return Err(unsupported(format!(
            "{} core modules ({} programs; a WASI adapter or a composition); Rivet \
             compiles a component whose core is one module: compile the core module with \
             its embedded `component-type` section instead (wit-bindgen's output, before \
             `wasm-tools component new`)",
            o.modules.len(),
            main.len()
        )));
    }
    if o.instances != o.modules.len() {
        return Err(unsupported(format!(
            "{} core instances of {} modules; Rivet instantiates its module once",
            o.instances,
            o.modules.len()
        )));
    }
    Ok(main[0])
}

/// Extracts the core module, world and canonical options of a component whose core
/// is one module (see the module docs for what is refused and why).
pub fn extract(bytes: &[u8]) -> Result<Extracted, ComponentError> {
    if !is_component(bytes) {
        return Err(malformed("not a component binary (wrong version or layer)"));
    }
    let o = outline(bytes)?;
    let module = main_module(&o)?;
    for payload in Parser::new(0).parse_all(module) {
        match payload.map_err(malformed)? {
            Payload::ImportSection(r) => {
                for imp in r.into_imports() {
                    let imp = imp.map_err(malformed)?;
                    if imp.module.starts_with("wasi_snapshot") || imp.module.starts_with("wasi:") {
                        return Err(unsupported(format!(
                            "the core module imports WASI (`{}`), which needs an adapter; \
                             contracts use rivet:base host interfaces instead",
                            imp.module
                        )));
                    }
                }
            }
            Payload::CustomSection(c) if c.name().starts_with("component-type") => {
                return Err(unsupported(
                    "the core module still carries a component-type section; compile it \
                     directly",
                ))
            }
            _ => {}
        }
    }
    let options = check_options(&o)?;
    let (resolve, world) = match wit_component::decode(bytes).map_err(malformed)? {
        DecodedWasm::Component(resolve, world) => (resolve, world),
        DecodedWasm::WitPackage(..) => {
            return Err(unsupported(
                "a WIT package, not a component; build a contract against it instead",
            ))
        }
    };
    let section =
        wit_component::metadata::encode(&resolve, world, StringEncoding::UTF8, None, false)
            .map_err(malformed)?;
    let name = resolve.worlds[world].name.clone();
    Ok(Extracted {
        module: append_custom(module, &format!("component-type:{name}"), &section),
        world: name,
        options,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{
        CodeSection, ExportKind, ExportSection, Function, FunctionSection, Instruction, Module,
        TypeSection, ValType,
    };

    const WIT: &str = "package t:c@1.0.0;\nworld c {\n  export double: func(a: u32) -> u32;\n  export name: func(s: string) -> string;\n}\n";

    /// A core module for world `c` (as wit-bindgen would emit it) and its section.
    pub(crate) fn core_module() -> (Vec<u8>, Vec<u8>) {
        let mut m = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([ValType::I32], [ValType::I32]);
        types
            .ty()
            .function([ValType::I32, ValType::I32], [ValType::I32]);
        types.ty().function([ValType::I32; 4], [ValType::I32]);
        types.ty().function([ValType::I32], []);
        m.section(&types);
        let mut funcs = FunctionSection::new();
        for t in [0, 1, 2, 3] {
            funcs.function(t);
        }
        m.section(&funcs);
        let mut mem = wasm_encoder::MemorySection::new();
        mem.memory(wasm_encoder::MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
        m.section(&mem);
        let mut exports = ExportSection::new();
        exports.export("double", ExportKind::Func, 0);
        exports.export("name", ExportKind::Func, 1);
        exports.export("cabi_realloc", ExportKind::Func, 2);
        exports.export("cabi_post_name", ExportKind::Func, 3);
        exports.export("memory", ExportKind::Memory, 0);
        m.section(&exports);
        let mut code = CodeSection::new();
        let mut f = Function::new([]);
        f.instructions().local_get(0).local_get(0).i32_add().end();
        code.function(&f);
        for body in [
            &[Instruction::I32Const(64)][..],
            &[Instruction::I32Const(1024)][..],
            &[][..],
        ] {
            let mut f = Function::new([]);
            for i in body {
                f.instruction(i);
            }
            f.instruction(&Instruction::End);
            code.function(&f);
        }
        m.section(&code);
        let plain = m.finish();
        let (name, section) = crate::embed::world_section(&[("c.wit", WIT)], "c").unwrap();
        (append_custom(&plain, &name, &section), plain)
    }

    #[test]
    fn a_component_gives_back_its_module_world_and_options() {
        let (core, plain) = core_module();
        let component = wit_component::ComponentEncoder::default()
            .module(&core)
            .unwrap()
            .validate(true)
            .encode()
            .unwrap();
        assert!(is_component(&component) && !is_component(&core));
        let x = extract(&component).unwrap();
        assert!(
            x.module.starts_with(&plain),
            "the core module comes back verbatim"
        );
        assert_eq!(x.options.lifts, 2);
        assert_eq!(x.options.realloc.as_deref(), Some("cabi_realloc"));
        assert_eq!(x.options.post_returns, ["cabi_post_name"]);
        // The same world, item for item.
        let unit = |bytes: &[u8]| {
            let sections = Parser::new(0)
                .parse_all(bytes)
                .filter_map(|p| match p.unwrap() {
                    Payload::CustomSection(c) if c.name().starts_with("component-type") => {
                        Some((c.name().to_string(), c.data().to_vec()))
                    }
                    _ => None,
                })
                .collect();
            let input = crate::LinkInput {
                name: "c".into(),
                code_hash: rivet_format::CodeHash::of(bytes),
                world_sections: sections,
                core_exports: Vec::new(),
            };
            crate::input::decode(&input).unwrap()
        };
        let (a, b) = (unit(&core), unit(&x.module));
        let names =
            |items: &[crate::input::Item]| items.iter().map(|i| i.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a.exports), names(&b.exports));
        assert_eq!(names(&a.imports), names(&b.imports));
        assert_eq!(names(&a.exports), ["double", "name"]);
    }

    #[test]
    fn other_shapes_are_refused_with_what_to_do() {
        let (core, _) = core_module();
        let e = extract(&core).unwrap_err();
        assert!(e.to_string().contains("not a component"), "{e}");
        let component = wit_component::ComponentEncoder::default()
            .module(&core)
            .unwrap()
            .encode()
            .unwrap();
        // UTF-16 strings: the world embedded with that encoding.
        let (_, plain) = core_module();
        let mut resolve = wit_parser::Resolve::default();
        let pkg = resolve.push_str("c.wit", WIT).unwrap();
        let world = resolve.select_world(&[pkg], Some("c")).unwrap();
        let section =
            wit_component::metadata::encode(&resolve, world, StringEncoding::UTF16, None, false)
                .unwrap();
        let core16 = append_custom(&plain, "component-type:c", &section);
        let utf16 = wit_component::ComponentEncoder::default()
            .module(&core16)
            .unwrap()
            .encode()
            .unwrap();
        let e = extract(&utf16).unwrap_err().to_string();
        assert!(e.contains("UTF-8"), "{e}");
        let mut truncated = component.clone();
        truncated.truncate(component.len() - 3);
        assert!(matches!(
            extract(&truncated),
            Err(ComponentError::Malformed(_))
        ));
    }
}
