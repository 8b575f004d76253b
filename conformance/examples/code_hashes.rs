//! Prints one line per compiled module: a hash of its package, so a compiler
//! refactor can be checked to change no generated code (`diff` two runs).
//! Usage: `code_hashes PATH...` where each PATH is a `.wasm` file, a `.wast` file
//! (every module in it that compiles) or a directory of either (recursively).

use std::path::{Path, PathBuf};

fn main() -> anyhow::Result<()> {
    let mut files = Vec::new();
    for arg in std::env::args().skip(1) {
        collect(Path::new(&arg), &mut files)?;
    }
    files.sort();
    let opts = rivet_compiler::CompileOptions {
        unsupported_functions: rivet_compiler::UnsupportedMode::Trap,
        ..Default::default()
    };
    for f in files {
        let bytes = std::fs::read(&f)?;
        let modules = if f.extension().is_some_and(|e| e == "wast") {
            wast_modules(&String::from_utf8(bytes)?)
        } else {
            vec![bytes]
        };
        for (i, wasm) in modules.iter().enumerate() {
            let line = match rivet_compiler::compile(wasm, &opts) {
                Ok(pkg) => rivet_format::hash::CodeHash::of(&pkg.encode()).to_string(),
                Err(e) => format!("error: {e}"),
            };
            println!("{}#{i} {line}", f.display());
        }
    }
    Ok(())
}

fn collect(p: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if p.is_dir() {
        for e in std::fs::read_dir(p)? {
            collect(&e?.path(), out)?;
        }
    } else if p.extension().is_some_and(|e| e == "wasm" || e == "wast") {
        out.push(p.to_path_buf());
    }
    Ok(())
}

/// The binary of every text or binary `(module ...)` in a wast script.
fn wast_modules(text: &str) -> Vec<Vec<u8>> {
    let Ok(buf) = wast::parser::ParseBuffer::new(text) else {
        return Vec::new();
    };
    let Ok(script) = wast::parser::parse::<wast::Wast>(&buf) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for d in script.directives {
        if let wast::WastDirective::Module(mut m) = d {
            if let Ok(b) = m.encode() {
                out.push(b);
            }
        }
    }
    out
}
