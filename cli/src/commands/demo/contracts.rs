//! The demo's contracts: built from examples/contracts by scripts/build-contracts.sh
//! (or read from a directory of prebuilt `.wasm`), compiled to packages, linked into
//! one manifest and prepared on a runtime.

use anyhow::{bail, Context};
use rivet_format::manifest::Manifest;
use rivet_format::package::Package;
use rivet_format::CodeHash;
use rivet_linker::LinkInput;
use rivet_runtime::component::{App, Runtime};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

/// Every example the demo links, by file stem in the contracts directory.
pub const NAMES: [&str; 12] = [
    "fungible-faucet",
    "basic-wallet",
    "p2id",
    "mint-tx",
    "send-asset-tx",
    "counter-user",
    "counter-c",
    "adder-wat",
    "cursor-provider",
    "cursor-user",
    "auth-none",
    "auth-ed25519",
];

/// The exit status scripts/build-contracts.sh uses for a missing toolchain.
const MISSING_TOOL: i32 = 3;

/// The compiled, linked and prepared examples.
pub struct Contracts {
    /// Packages by example name.
    pub packages: BTreeMap<&'static str, Package>,
    /// The manifest linking all of them.
    pub manifest: Manifest,
    /// The manifest prepared on a runtime holding the packages.
    pub app: Arc<App>,
}

impl Contracts {
    /// The code hash of example `name` (one of [`NAMES`]).
    pub fn hash(&self, name: &str) -> CodeHash {
        self.packages[name].code_hash()
    }
}

/// The repository: the nearest ancestor of the working directory holding
/// scripts/build-contracts.sh, else the one this binary was built from.
pub fn repo_root() -> anyhow::Result<PathBuf> {
    let is_root = |d: &Path| d.join("scripts/build-contracts.sh").is_file();
    let cwd = std::env::current_dir().context("reading the working directory")?;
    if let Some(dir) = cwd.ancestors().find(|d| is_root(d)) {
        return Ok(dir.to_path_buf());
    }
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    if is_root(&built_from) {
        return Ok(built_from.canonicalize().unwrap_or(built_from));
    }
    bail!(
        "scripts/build-contracts.sh not found above {}: run `rivet demo` inside the Rivet \
         repository, or pass --contracts DIR with prebuilt contracts",
        cwd.display()
    )
}

/// Runs scripts/build-contracts.sh into `<root>/target/contracts`; returns that
/// directory and the script's line naming the wasm32 toolchain it used.
pub fn build(root: &Path) -> anyhow::Result<(PathBuf, String)> {
    let out_dir = root.join("target/contracts");
    let script = root.join("scripts/build-contracts.sh");
    let out = Command::new("bash")
        .arg(&script)
        .env("RIVET_CONTRACTS_OUT", &out_dir)
        .output()
        .with_context(|| format!("running {}", script.display()))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        let tail: Vec<&str> = stderr.lines().rev().take(25).collect();
        let tail = tail.into_iter().rev().collect::<Vec<_>>().join("\n");
        if out.status.code() == Some(MISSING_TOOL) {
            bail!(
                "a contract toolchain is missing:\n{tail}\n\nInstall everything with \
                 scripts/setup.sh (or scripts/demo.sh, which runs it first):\n  {}\n  \
                 cargo install wit-bindgen-cli --version 0.61.1 --locked",
                crate::commands::build::INSTALL_HINT.replace('\n', "\n  ")
            );
        }
        bail!("{} failed ({}):\n{tail}", script.display(), out.status);
    }
    let toolchain = stderr
        .lines()
        .find(|l| l.starts_with("wasm32: "))
        .unwrap_or("wasm32: toolchain not reported")
        .to_string();
    Ok((out_dir, toolchain))
}

/// Compiles `<dir>/<name>.wasm` for every name, links them and prepares the manifest.
pub fn load(dir: &Path) -> anyhow::Result<Contracts> {
    let mut packages = BTreeMap::new();
    for name in NAMES {
        let path = dir.join(format!("{name}.wasm"));
        let wasm = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let package = rivet_compiler::compile(&wasm, &Default::default())
            .with_context(|| format!("compiling {}", path.display()))?;
        packages.insert(name, package);
    }
    let inputs: Vec<LinkInput> = packages
        .iter()
        .map(|(n, p)| LinkInput::from_package(*n, p))
        .collect();
    let manifest = rivet_linker::link(&inputs, None).context("linking the examples")?;
    let runtime = Runtime::new();
    for (name, p) in &packages {
        runtime
            .add_package(p.clone())
            .with_context(|| format!("loading package {name}"))?;
    }
    let app = runtime
        .prepare(&manifest)
        .context("preparing the manifest")?;
    Ok(Contracts {
        packages,
        manifest,
        app,
    })
}
