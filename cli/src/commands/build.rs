//! `rivet build [DIR]`: a Rust contract crate in, a package (`<DIR>/<name>.rvp`) out.
//!
//! Contracts need a `wasm32-unknown-unknown` standard library. The plain path is
//! rustup's target; where rustup cannot fetch it (Debian/Ubuntu machines without
//! network access to the rustup servers) Debian's `rustc-web` + `rust-web-src` build
//! `core`/`alloc` from source (`-Zbuild-std`). The command uses whichever exists, says
//! which, and installs nothing: when neither exists it prints the exact commands.

use anyhow::{bail, Context};
use rivet_compiler::{compile, CompileOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Arguments of `rivet build`.
#[derive(clap::Args)]
pub struct Args {
    /// The contract crate (a directory with a Cargo.toml building a cdylib).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Cargo target directory (default: `<DIR>/target`).
    #[arg(long)]
    pub target_dir: Option<PathBuf>,
    /// Where to write the package (default: `<DIR>/<name>.rvp`).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// A way to build for wasm32 on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Toolchain {
    /// rustup's stable toolchain with the wasm32-unknown-unknown target installed.
    Rustup,
    /// Debian's rustc-web (/usr/bin/rustc) with rust-web-src, via -Zbuild-std.
    Debian,
}

/// What to install when no toolchain is found.
pub const INSTALL_HINT: &str = "no wasm32-unknown-unknown toolchain found; install either\n  \
     rustup target add wasm32-unknown-unknown\nor (Debian/Ubuntu, where rustup cannot fetch the target)\n  \
     apt-get install -y rustc-web cargo-web rust-web-src lld-16";

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Finds a wasm32 toolchain, preferring rustup's target.
pub fn detect() -> Option<Toolchain> {
    let rustup_has_target = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .is_ok_and(|o| {
            o.status.success()
                && String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .any(|l| l.trim() == "wasm32-unknown-unknown")
        });
    if rustup_has_target {
        return Some(Toolchain::Rustup);
    }
    let debian = Path::new("/usr/bin/rustc").is_file()
        && Path::new("/usr/bin/cargo").is_file()
        && Path::new("/usr/lib/rustlib/src/rust").is_dir()
        && on_path("wasm-ld-16");
    debian.then_some(Toolchain::Debian)
}

/// The `cargo build` command for `toolchain` in `dir`, with host-build settings
/// (from an enclosing cargo invocation) removed so they cannot leak into the guest.
pub fn cargo_command(toolchain: &Toolchain, dir: &Path, target_dir: &Path) -> Command {
    let mut cmd = match toolchain {
        Toolchain::Rustup => Command::new("cargo"),
        Toolchain::Debian => {
            let mut c = Command::new("/usr/bin/cargo");
            c.env("RUSTC", "/usr/bin/rustc")
                .env("RUSTC_BOOTSTRAP", "1")
                .env("RUSTFLAGS", "-C linker=wasm-ld-16");
            c
        }
    };
    for var in [
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_BUILD_TARGET",
        "CARGO_TARGET_DIR",
        "CARGO_MAKEFLAGS",
    ] {
        cmd.env_remove(var);
    }
    if *toolchain == Toolchain::Rustup {
        cmd.env_remove("RUSTFLAGS").env_remove("RUSTC");
    }
    cmd.current_dir(dir)
        .args(["build", "--release", "--target", "wasm32-unknown-unknown"]);
    if *toolchain == Toolchain::Debian {
        cmd.arg("-Zbuild-std=core,alloc");
    }
    cmd.arg("--target-dir").arg(target_dir);
    cmd
}

/// The `name` of the `[package]` table of a Cargo.toml (a literal string).
pub fn package_name(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        if let Some(rest) = line.strip_prefix("name") {
            let value = rest.trim_start().strip_prefix('=')?.trim();
            return Some(value.strip_prefix('"')?.split('"').next()?.to_string());
        }
    }
    None
}

/// Builds, compiles and writes the package.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let dir = args.dir;
    let manifest_path = dir.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path)
        .with_context(|| format!("reading {}", manifest_path.display()))?;
    let Some(name) = package_name(&manifest) else {
        bail!(
            "{}: no `name = \"...\"` in its [package] table",
            manifest_path.display()
        );
    };
    let Some(toolchain) = detect() else {
        eprintln!("rivet build: {INSTALL_HINT}");
        return Ok(ExitCode::from(3));
    };
    match toolchain {
        Toolchain::Rustup => eprintln!("wasm32: using rustup's wasm32-unknown-unknown target"),
        Toolchain::Debian => {
            eprintln!("wasm32: using the Debian toolchain (rustc-web + rust-web-src, -Zbuild-std)")
        }
    }
    let target_dir = args.target_dir.unwrap_or_else(|| dir.join("target"));
    let status = cargo_command(&toolchain, &dir, &target_dir)
        .status()
        .context("running cargo")?;
    if !status.success() {
        bail!("cargo build failed for {} ({status})", dir.display());
    }
    let wasm_path = target_dir
        .join("wasm32-unknown-unknown/release")
        .join(format!("{}.wasm", name.replace('-', "_")));
    let wasm = std::fs::read(&wasm_path)
        .with_context(|| format!("reading {} (is the crate a `cdylib`?)", wasm_path.display()))?;
    let (wasm, _) = super::compile::core_module(wasm)?;
    let package = compile(&wasm, &CompileOptions::default())
        .with_context(|| format!("compiling {}", wasm_path.display()))?;
    let worlds = package
        .custom_sections
        .iter()
        .filter(|c| c.name.starts_with("component-type"))
        .count();
    if worlds == 0 {
        eprintln!("warning: {name} carries no component-type section: the linker will refuse it (no WIT world; use wit-bindgen)");
    }
    let bytes = package.encode();
    let out = args
        .output
        .unwrap_or_else(|| dir.join(format!("{name}.rvp")));
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    println!(
        "{} ({} bytes wasm) -> {} ({} bytes, code hash {})",
        name,
        wasm.len(),
        out.display(),
        bytes.len(),
        package.code_hash()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_package_name_only() {
        let toml = "[workspace]\nname = \"ws\"\n[package]\nversion = \"1\"\nname = \"my-note\" # c\n[lib]\nname = \"x\"\n";
        assert_eq!(package_name(toml).as_deref(), Some("my-note"));
        assert_eq!(package_name("[lib]\nname = \"x\"\n"), None);
        assert_eq!(package_name("[package]\nname.workspace = true\n"), None);
    }

    #[test]
    fn debian_command_builds_std_and_drops_host_flags() {
        let cmd = cargo_command(&Toolchain::Debian, Path::new("."), Path::new("t"));
        let args: Vec<_> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert!(
            args.contains(&"-Zbuild-std=core,alloc".to_string()),
            "{args:?}"
        );
        assert_eq!(cmd.get_program(), "/usr/bin/cargo");
        let envs: Vec<_> = cmd.get_envs().collect();
        assert!(envs
            .iter()
            .any(|(k, v)| *k == "CARGO_TARGET_DIR" && v.is_none()));
        let cmd = cargo_command(&Toolchain::Rustup, Path::new("."), Path::new("t"));
        assert!(!cmd.get_args().any(|a| a == "-Zbuild-std=core,alloc"));
    }
}
