//! `rivet inspect`: what a package (or manifest) contains.

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
    /// Print a manifest as JSON.
    #[arg(long)]
    pub json: bool,
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
        print_package(&pkg, pkg.encode().len(), args.disasm, &mut out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if !bytes.starts_with(&PACKAGE_MAGIC) {
        super::link::print_manifest(&args.file, args.json, &mut out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let pkg =
        Package::decode(&bytes).with_context(|| format!("decoding {}", args.file.display()))?;
    print_package(&pkg, bytes.len(), args.disasm, &mut out)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes a human-readable description of `pkg`.
pub fn print_package(
    pkg: &Package,
    size: usize,
    disasm: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
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
    if disasm {
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
