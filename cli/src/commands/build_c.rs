//! `rivet build DIR` for a C contract: DIR holds `*.c` and `wit/` (no Cargo.toml).
//!
//! The recipe of scripts/build-contracts.sh: bindings from `wit-bindgen c` for the
//! world named after DIR in the package its WIT declares, then clang-16 for
//! `wasm32-wasi` against wasi-libc (for `malloc` in `cabi_realloc`), no start files,
//! every export kept. The directory is remapped to `/rivet/<name>`
//! (`-ffile-prefix-map`) so the code hash does not depend on where it is built. A
//! missing tool exits 3 with the install command.

use super::build::{package_wasm, shared_target_dir, Args};
use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// True when `dir` looks like a C contract: a `.c` file and a `wit/` directory.
pub fn is_c_contract(dir: &Path) -> bool {
    dir.join("wit").is_dir() && !c_files(dir).is_empty()
}

fn c_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "c"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// `ns:pkg` of the first `package ns:pkg@ver;` line in `wit/*.wit`.
fn wit_package(dir: &Path) -> anyhow::Result<String> {
    let wit = dir.join("wit");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&wit)
        .with_context(|| format!("listing {}", wit.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wit"))
        .collect();
    files.sort();
    for f in files {
        let text =
            std::fs::read_to_string(&f).with_context(|| format!("reading {}", f.display()))?;
        for line in text.lines() {
            if let Some(rest) = line.trim().strip_prefix("package ") {
                let name = rest
                    .trim_end_matches(';')
                    .split('@')
                    .next()
                    .unwrap_or("")
                    .trim();
                if !name.is_empty() {
                    return Ok(name.to_string());
                }
            }
        }
    }
    bail!(
        "{}: no `package ns:pkg;` line in any .wit file",
        wit.display()
    )
}

fn wit_bindgen() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("wit-bindgen"))
            .find(|p| p.is_file())
    });
    on_path.or_else(|| {
        let home = PathBuf::from(std::env::var_os("HOME")?).join(".cargo/bin/wit-bindgen");
        home.is_file().then_some(home)
    })
}

fn run_tool(cmd: &mut Command, what: &str) -> anyhow::Result<()> {
    let out = cmd.output().with_context(|| format!("running {what}"))?;
    if !out.status.success() {
        bail!(
            "{what} failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

/// Builds the C contract in `args.dir` and writes its package.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let dir = args
        .dir
        .canonicalize()
        .with_context(|| format!("resolving {}", args.dir.display()))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .context("the directory has no name")?;
    let Some(bindgen) = wit_bindgen() else {
        eprintln!("rivet build: C contracts need wit-bindgen 0.61: cargo install wit-bindgen-cli --version 0.61.1 --locked");
        return Ok(ExitCode::from(3));
    };
    let clang_ok = Command::new("clang-16").arg("--version").output().is_ok()
        && Path::new("/usr/lib/wasm32-wasi/libc.a").is_file();
    if !clang_ok {
        eprintln!("rivet build: C contracts need clang, lld and wasi-libc: apt-get install -y clang-16 lld-16 wasi-libc");
        return Ok(ExitCode::from(3));
    }
    let cwd = std::env::current_dir().context("reading the working directory")?;
    let target = match &args.target_dir {
        Some(t) => cwd.join(t),
        None => shared_target_dir().unwrap_or_else(|| dir.join("target")),
    };
    let gen = target.join("c").join(&name);
    let _ = std::fs::remove_dir_all(&gen);
    std::fs::create_dir_all(&gen).with_context(|| format!("creating {}", gen.display()))?;
    let world = format!("{}/{name}", wit_package(&dir)?);
    eprintln!("C: wit-bindgen c (world {world}) + clang-16 for wasm32-wasi");
    run_tool(
        Command::new(&bindgen)
            .arg("c")
            .arg(dir.join("wit"))
            .args(["--world", &world, "--out-dir"])
            .arg(&gen),
        "wit-bindgen c",
    )?;
    let generated: Vec<PathBuf> = std::fs::read_dir(&gen)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "c")
                || p.to_string_lossy().ends_with("_component_type.o")
        })
        .collect();
    let wasm = gen.join(format!("{name}.wasm"));
    let path = format!(
        "/usr/lib/llvm-16/bin:{}",
        std::env::var("PATH").unwrap_or_default()
    );
    run_tool(
        Command::new("clang-16")
            .env("PATH", path)
            .args([
                "--target=wasm32-wasi",
                "-isystem",
                "/usr/include/wasm32-wasi",
                "-O2",
            ])
            .args([
                "-nostartfiles",
                "-nodefaultlibs",
                "-Wl,--no-entry",
                "-Wl,--export-dynamic",
            ])
            .arg("-Wl,--strip-debug")
            .arg(format!("-ffile-prefix-map={}=/rivet/{name}", dir.display()))
            .arg(format!("-ffile-prefix-map={}=/rivet/gen", gen.display()))
            .arg("-I")
            .arg(&gen)
            .arg("-o")
            .arg(&wasm)
            .args(c_files(&dir))
            .args(&generated)
            .args(["-L/usr/lib/wasm32-wasi", "-lc"]),
        "clang-16",
    )?;
    let out = match args.output {
        Some(o) => cwd.join(o),
        None => dir.join(format!("{name}.rvp")),
    };
    package_wasm(&name, &wasm, &out, args.json)
}
