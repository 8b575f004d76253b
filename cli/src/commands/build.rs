//! `rivet build [DIR]`: a Rust contract crate in, a package (`<DIR>/<name>.rvp`) out.
//!
//! Contracts need a `wasm32-unknown-unknown` standard library. The plain path is
//! rustup's target; where rustup cannot fetch it (Debian/Ubuntu machines without
//! network access to the rustup servers) Debian's `rustc-web` + `rust-web-src` build
//! `core`/`alloc` from source (`-Zbuild-std`). The command uses whichever exists, says
//! which, and installs nothing: when neither exists it prints the exact commands.
//!
//! Paths: DIR may be relative or absolute and the command may run from anywhere; DIR
//! and the target directory are made absolute before cargo runs inside DIR, and the
//! wasm is read from the target directory cargo just wrote (cargo always runs, so an
//! edit always reaches the package). The default target directory is a per-user
//! cache shared by every contract (`$RIVET_TARGET_DIR`, else
//! `$XDG_CACHE_HOME/rivet/target`, else `~/.cache/rivet/target`), so `core`/`alloc`
//! and common dependencies are built once.
//!
//! Reproducibility: the crate's directory and its path dependencies are remapped
//! (`--remap-path-prefix`) to fixed names, so the same source built from two
//! directories gives the same code hash.

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
    /// Cargo target directory (default: the shared per-user cache, see above).
    #[arg(long)]
    pub target_dir: Option<PathBuf>,
    /// Where to write the package (default: `<DIR>/<name>.rvp`).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Print the result as JSON (name, wasm, package, sizes, code hash).
    #[arg(long)]
    pub json: bool,
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
///
/// `shared` remaps go to every unit's flags; they must be the same for every
/// contract, because cargo rebuilds `core`/`alloc` and every dependency when the
/// flags change. `own` remaps (the crate's directory) go only to the contract crate
/// itself, through rivet running as cargo's workspace rustc wrapper
/// ([`rustc_wrapper`]), which cargo applies to workspace members only.
pub fn cargo_command(
    toolchain: &Toolchain,
    dir: &Path,
    target_dir: &Path,
    shared: &[(PathBuf, String)],
    own: &[(PathBuf, String)],
) -> Command {
    let remap = |r: &[(PathBuf, String)]| -> Vec<String> {
        r.iter()
            .map(|(from, to)| format!("--remap-path-prefix={}={to}", from.display()))
            .collect()
    };
    let mut flags = remap(shared);
    let mut cmd = match toolchain {
        Toolchain::Rustup => Command::new("cargo"),
        Toolchain::Debian => {
            let mut c = Command::new("/usr/bin/cargo");
            c.env("RUSTC", "/usr/bin/rustc").env("RUSTC_BOOTSTRAP", "1");
            flags.insert(0, "-Clinker=wasm-ld-16".into());
            c
        }
    };
    for var in [
        "RUSTC_WRAPPER",
        "CARGO_BUILD_TARGET",
        "CARGO_TARGET_DIR",
        "CARGO_MAKEFLAGS",
    ] {
        cmd.env_remove(var);
    }
    if *toolchain == Toolchain::Rustup {
        cmd.env_remove("RUSTC");
    }
    // One flag per 0x1f-separated field: paths with spaces stay whole.
    cmd.env_remove("RUSTFLAGS")
        .env("CARGO_ENCODED_RUSTFLAGS", flags.join("\x1f"));
    match std::env::current_exe() {
        Ok(me) if !own.is_empty() => {
            cmd.env("RUSTC_WORKSPACE_WRAPPER", me)
                .env(WRAPPER_FLAGS, remap(own).join("\x1f"));
        }
        _ => {
            cmd.env_remove("RUSTC_WORKSPACE_WRAPPER");
        }
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

/// The shared per-user target directory: `$RIVET_TARGET_DIR`, else
/// `$XDG_CACHE_HOME/rivet/target`, else `$HOME/.cache/rivet/target`.
pub fn shared_target_dir() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("RIVET_TARGET_DIR")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("rivet/target")))
        .or_else(|| var("HOME").map(|h| h.join(".cache/rivet/target")))
}

/// The environment variable carrying the contract crate's own rustc flags to
/// [`rustc_wrapper`] (0x1f-separated).
pub const WRAPPER_FLAGS: &str = "RIVET_BUILD_CRATE_RUSTFLAGS";

/// When `rivet build` made this process cargo's workspace rustc wrapper
/// (`rivet RUSTC ARGS...` with [`WRAPPER_FLAGS`] set), runs rustc with the crate's
/// own flags added to real compilations and returns its exit status.
pub fn rustc_wrapper() -> Option<ExitCode> {
    let flags = std::env::var(WRAPPER_FLAGS).ok()?;
    let mut args = std::env::args_os().skip(1);
    let rustc = args.next()?;
    let args: Vec<_> = args.collect();
    let mut cmd = Command::new(&rustc);
    cmd.args(&args);
    if args.iter().any(|a| a == "--crate-name") {
        cmd.args(flags.split('\x1f').filter(|f| !f.is_empty()));
    }
    Some(match cmd.status() {
        Ok(s) => ExitCode::from(s.code().unwrap_or(101).clamp(0, 255) as u8),
        Err(e) => {
            eprintln!(
                "rivet (rustc wrapper): running {}: {e}",
                rustc.to_string_lossy()
            );
            ExitCode::from(101)
        }
    })
}

/// Makes cargo compile the contract crate itself again (its dependencies, `core` and
/// `alloc` stay built). In a shared target directory, crates with the same name in
/// different directories share one fingerprint (cargo keys it by the path relative to
/// the workspace root, i.e. the crate's own directory), so without this a crate could
/// be packaged with the wasm of a same-named crate built earlier elsewhere.
pub fn forget_crate(target_dir: &Path, name: &str) -> anyhow::Result<()> {
    let fp = target_dir.join("wasm32-unknown-unknown/release/.fingerprint");
    let Ok(entries) = std::fs::read_dir(&fp) else {
        return Ok(());
    };
    let prefix = format!("{name}-");
    for e in entries.flatten() {
        let file_name = e.file_name();
        let Some(n) = file_name.to_str() else {
            continue;
        };
        let hash = n.strip_prefix(&prefix).unwrap_or("");
        if !hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit()) {
            std::fs::remove_dir_all(e.path())
                .with_context(|| format!("removing {}", e.path().display()))?;
        }
    }
    Ok(())
}

/// Remaps shared by every contract: this checkout's `sdk/` to `/rivet/sdk` and
/// cargo's home (registry sources) to `/cargo`.
pub fn shared_remaps() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    if let Ok(sdk) = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../sdk")
        .canonicalize()
    {
        out.push((sdk, "/rivet/sdk".to_string()));
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    if let Some(home) = cargo_home {
        out.push((home, "/cargo".into()));
    }
    out
}

/// The contract crate's own remap: its directory to `/rivet/<name>`.
pub fn crate_remaps(dir: &Path, name: &str) -> Vec<(PathBuf, String)> {
    vec![(dir.to_path_buf(), format!("/rivet/{name}"))]
}

/// Builds, compiles and writes the package.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let json = args.json;
    let manifest_path = args.dir.join("Cargo.toml");
    if !manifest_path.exists() && super::build_c::is_c_contract(&args.dir) {
        return super::build_c::run(args);
    }
    let manifest = std::fs::read_to_string(&manifest_path)
        .with_context(|| format!("reading {}", manifest_path.display()))?;
    let dir = args
        .dir
        .canonicalize()
        .with_context(|| format!("resolving {}", args.dir.display()))?;
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
    let cwd = std::env::current_dir().context("reading the working directory")?;
    let target_dir = match args.target_dir {
        Some(t) => cwd.join(t),
        None => shared_target_dir().unwrap_or_else(|| dir.join("target")),
    };
    eprintln!(
        "cargo: building {} (target directory {})",
        dir.display(),
        target_dir.display()
    );
    forget_crate(&target_dir, &name)?;
    let mut cargo = cargo_command(
        &toolchain,
        &dir,
        &target_dir,
        &shared_remaps(),
        &crate_remaps(&dir, &name),
    );
    if json {
        // Keep stdout for the JSON line; cargo's progress and messages stay on stderr.
        cargo.stdout(std::process::Stdio::null());
    }
    let status = cargo.status().context("running cargo")?;
    if !status.success() {
        bail!("cargo build failed for {} ({status})", dir.display());
    }
    let wasm_path = target_dir
        .join("wasm32-unknown-unknown/release")
        .join(format!("{}.wasm", name.replace('-', "_")));
    let out = match args.output {
        Some(o) => cwd.join(o),
        None => dir.join(format!("{name}.rvp")),
    };
    package_wasm(&name, &wasm_path, &out, json)
}

/// Compiles the built `wasm_path` into the package `out` and reports it (shared by
/// Rust and C builds).
pub fn package_wasm(
    name: &str,
    wasm_path: &Path,
    out: &Path,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let wasm = std::fs::read(wasm_path)
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
    std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    if json {
        println!(
            "{}",
            serde_json::json!({
                "name": name,
                "wasm": wasm_path.display().to_string(),
                "wasm_bytes": wasm.len(),
                "package": out.display().to_string(),
                "package_bytes": bytes.len(),
                "code_hash": package.code_hash().to_hex(),
            })
        );
        return Ok(ExitCode::SUCCESS);
    }
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
        let remap = [(PathBuf::from("/a b/c"), "/rivet/c".to_string())];
        let own = crate_remaps(Path::new("/x"), "x");
        let cmd = cargo_command(
            &Toolchain::Debian,
            Path::new("."),
            Path::new("t"),
            &remap,
            &own,
        );
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
        let flags = envs
            .iter()
            .find(|(k, _)| *k == "CARGO_ENCODED_RUSTFLAGS")
            .and_then(|(_, v)| *v)
            .unwrap();
        assert_eq!(
            flags,
            "-Clinker=wasm-ld-16\x1f--remap-path-prefix=/a b/c=/rivet/c"
        );
        // The crate's own remap reaches only the crate, through the wrapper.
        assert!(envs.iter().any(|(k, v)| *k == WRAPPER_FLAGS
            && *v == Some(std::ffi::OsStr::new("--remap-path-prefix=/x=/rivet/x"))));
        assert!(envs
            .iter()
            .any(|(k, v)| *k == "RUSTC_WORKSPACE_WRAPPER" && v.is_some()));
        let cmd = cargo_command(&Toolchain::Rustup, Path::new("."), Path::new("t"), &[], &[]);
        assert!(!cmd.get_args().any(|a| a == "-Zbuild-std=core,alloc"));
    }
}
