//! `rivet inspect`: what a package (or manifest) contains.
//!
//! For a package: sizes, hash, layout, core imports/exports, the WIT world it
//! declares (decoded from its component-type section by the linker) with every
//! exported function's signature, and the world printed as WIT text.

use anyhow::Context;
use rivet_format::package::{ExportKind, ImportKind, Package, PACKAGE_MAGIC};
use rivet_format::rv32::Inst;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rivet inspect`.
#[derive(clap::Args)]
pub struct Args {
    /// A package (.rvp), a manifest, or a component binary (its core module is
    /// compiled with default options and described).
    pub file: PathBuf,
    /// Also print the disassembled code, function by function.
    #[arg(long)]
    pub disasm: bool,
    /// Print JSON (a package's summary, world and signatures; a manifest's graph).
    #[arg(long)]
    pub json: bool,
}

/// One WIT function of the package's world, with its signature.
struct Signature {
    import: bool,
    item: String,
    function: String,
    text: String,
}

/// The world's name, its functions' signatures and its package as WIT text.
fn world(pkg: &Package) -> anyhow::Result<Option<(String, Vec<Signature>, String)>> {
    if !pkg
        .custom_sections
        .iter()
        .any(|c| c.name.starts_with("component-type"))
    {
        return Ok(None);
    }
    let unit = rivet_linker::input::decode(&rivet_linker::LinkInput::from_package("package", pkg))
        .map_err(|e| anyhow::anyhow!("decoding the package's world: {e}"))?;
    let r = &unit.resolve;
    let mut sigs = Vec::new();
    for (import, items) in [(true, &unit.imports), (false, &unit.exports)] {
        for item in items {
            let funcs: Vec<&wit_parser::Function> = match &item.target {
                rivet_linker::input::Target::Interface(id) => {
                    r.interfaces[*id].functions.values().collect()
                }
                rivet_linker::input::Target::Function(f) => vec![f.as_ref()],
            };
            for f in funcs {
                let params: Vec<String> = f
                    .params
                    .iter()
                    .map(|p| {
                        format!(
                            "{}: {}",
                            p.name,
                            rivet_linker::typecheck::describe(r, &p.ty)
                        )
                    })
                    .collect();
                let result = f
                    .result
                    .as_ref()
                    .map(|t| format!(" -> {}", rivet_linker::typecheck::describe(r, t)))
                    .unwrap_or_default();
                sigs.push(Signature {
                    import,
                    item: item.name.clone(),
                    function: f.name.clone(),
                    text: format!("func({}){result}", params.join(", ")),
                });
            }
        }
    }
    let pkg_id = r
        .worlds
        .iter()
        .find(|(_, w)| {
            w.package
                .is_some_and(|p| r.id_of_name(p, &w.name) == unit.world)
        })
        .and_then(|(_, w)| w.package);
    let mut text = String::new();
    if let Some(id) = pkg_id {
        let mut printer = wit_component::WitPrinter::default();
        printer
            .print(r, id, &[])
            .map_err(|e| anyhow::anyhow!("printing the world as WIT: {e}"))?;
        text = printer.output.to_string();
    }
    Ok(Some((unit.world.clone(), sigs, text)))
}

/// Prints the summary to stdout.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let mut out = std::io::stdout().lock();
    if rivet_linker::component::is_component(&bytes) {
        let (wasm, extracted) = super::compile::core_module(bytes)
            .with_context(|| format!("reading the component {}", args.file.display()))?;
        if let Some(x) = &extracted {
            super::compile::print_component(x, &mut out)?;
        }
        let pkg = rivet_compiler::compile(&wasm, &rivet_compiler::CompileOptions::default())
            .with_context(|| format!("compiling the core module of {}", args.file.display()))?;
        print_package(&pkg, pkg.encode().len(), &mut out)?;
        if args.disasm {
            disasm(&pkg, &mut out)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !bytes.starts_with(&PACKAGE_MAGIC) {
        super::link::print_manifest(&args.file, args.json, &mut out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let pkg =
        Package::decode(&bytes).with_context(|| format!("decoding {}", args.file.display()))?;
    let world = world(&pkg)?;
    if args.json {
        let sigs = world.as_ref().map_or(&[][..], |w| &w.1[..]);
        let v = serde_json::json!({
            "bytes": bytes.len(),
            "code_hash": pkg.code_hash().to_hex(),
            "instructions": pkg.program.code.len(),
            "data_memory": pkg.program.memory_size,
            "world": world.as_ref().map(|w| w.0.clone()),
            "functions": sigs.iter().map(|s| serde_json::json!({
                "direction": if s.import { "import" } else { "export" },
                "item": s.item,
                "function": s.function,
                "signature": s.text,
            })).collect::<Vec<_>>(),
            "wit": world.as_ref().map(|w| w.2.clone()),
        });
        super::state_args::print_json(&mut out, &v)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_package(&pkg, bytes.len(), &mut out)?;
    match &world {
        None => writeln!(
            out,
            "world: none (no component-type section; the linker refuses it)"
        )?,
        Some((name, sigs, wit)) => {
            writeln!(out, "world {name}")?;
            for s in sigs {
                let dir = if s.import { "import" } else { "export" };
                let sep = if s.item == s.function {
                    String::new()
                } else {
                    format!("{}#", s.item)
                };
                writeln!(out, "  {dir} {sep}{}: {}", s.function, s.text)?;
            }
            writeln!(out, "WIT:")?;
            for line in wit.lines() {
                writeln!(out, "  {line}")?;
            }
        }
    }
    if args.disasm {
        disasm(&pkg, &mut out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a human-readable description of `pkg`.
pub fn print_package(pkg: &Package, size: usize, out: &mut dyn Write) -> anyhow::Result<()> {
    let l = &pkg.layout;
    writeln!(out, "package: {size} bytes, code hash {}", pkg.code_hash())?;
    writeln!(
        out,
        "code: {} instructions ({}), data memory {} bytes",
        pkg.program.code.len(),
        pkg.program.isa,
        pkg.program.memory_size
    )?;
    writeln!(
        out,
        "memory: {} pages initial, max {:?} declared, {} usable; globals at {:#x}, function descriptors at {:#x}, stack [{:#x}, {:#x})",
        l.memory.min, l.memory.max, l.max_pages, l.globals_base, l.funcs_base,
        l.stack_limit, pkg.program.stack_top
    )?;
    for (i, t) in pkg.tables.iter().enumerate() {
        writeln!(
            out,
            "table {i}: {:?}ref, {} initial, max {:?} declared, capacity {} at {:#x}",
            t.ty, t.limits.min, t.limits.max, t.capacity, t.base
        )?;
    }
    for c in &pkg.custom_sections {
        writeln!(out, "custom section {:?}: {} bytes", c.name, c.bytes.len())?;
    }
    for imp in &pkg.imports {
        let what = match &imp.kind {
            ImportKind::Func { sig, call_number } => format!("func {sig} (ecall {call_number:#x})"),
            ImportKind::Global { ty, mutable, index } => {
                format!(
                    "global {}{ty} -> global {index}",
                    if *mutable { "mut " } else { "" }
                )
            }
            ImportKind::Memory(lim) => format!("memory {lim:?}"),
            ImportKind::Table(t) => format!("table {t}"),
        };
        writeln!(out, "import {}.{}: {what}", imp.module, imp.name)?;
    }
    for e in &pkg.exports {
        let what = match e.kind {
            ExportKind::Func(i) => {
                let f = &pkg.functions[i as usize];
                format!("func {i} {} at {:#x}", f.sig, f.pc)
            }
            ExportKind::Global(i) => format!("global {i} ({})", pkg.globals[i as usize].ty),
            ExportKind::Memory => "memory".into(),
            ExportKind::Table(t) => format!("table {t}"),
        };
        writeln!(out, "export {:?}: {what}", e.name)?;
    }
    if let Some(s) = pkg.start {
        writeln!(out, "start: function {s}")?;
    }
    for d in &pkg.debug {
        if let Some(why) = &d.unsupported {
            writeln!(out, "function {} {:?} traps: {why}", d.index, d.name)?;
        }
    }
    Ok(())
}

/// Writes the disassembled code, function by function.
fn disasm(pkg: &Package, out: &mut dyn Write) -> anyhow::Result<()> {
    {
        for (k, word) in pkg.program.code.iter().enumerate() {
            let pc = pkg.program.code_base + 4 * k as u32;
            if let Some(d) = pkg.debug.iter().find(|d| d.start == pc) {
                writeln!(
                    out,
                    "\nfunction {} {}:",
                    d.index,
                    if d.name.is_empty() { "<anon>" } else { &d.name }
                )?;
            }
            if pkg.functions.iter().any(|f| f.pc == pc) {
                writeln!(out, "  ; entry")?;
            }
            match Inst::decode(*word) {
                Ok(i) => writeln!(out, "  {pc:08x}: {i}")?,
                Err(e) => writeln!(out, "  {pc:08x}: <{e}>")?,
            }
        }
    }
    Ok(())
}
