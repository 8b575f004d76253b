//! State commitments on the command line: `rivet status` (the state root and the
//! number of committed transactions), `rivet verify BUNDLE --root OLD_ROOT` (the
//! stateless verifier: no store is opened) and `rivet tx export ID -o FILE` (writes a
//! committed transaction's proof bundle).

use super::state_args::{print_json, StateArgs};
use anyhow::{bail, Context};
use rivet_state::bundle::{self, Bundle};
use rivet_state::commit::Digest;
use rivet_state::replay;
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `rivet status`.
#[derive(clap::Args)]
pub struct StatusArgs {
    #[command(flatten)]
    state: StateArgs,
}

/// Arguments of `rivet verify`.
#[derive(clap::Args)]
pub struct VerifyArgs {
    /// The bundle file (from `rivet tx export`).
    bundle: PathBuf,
    /// The state root you trust before the transaction (64 hex digits), e.g. from
    /// `rivet tx show ID --json` (`old_root`) on a node you trust.
    #[arg(long)]
    root: String,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// Runs `rivet status`.
pub fn status(a: StatusArgs) -> anyhow::Result<ExitCode> {
    let v = match a.state.node.as_deref() {
        // The node's `/v1/status` carries the same fields (and more).
        Some(url) => crate::commands::remote::client(url).get("/v1/status")?,
        None => {
            let s = a.state.open(false)?;
            let head = s.store.chain_head()?;
            json!({
                "state_root": s.store.state_root()?.to_hex(),
                "tx_count": head.len,
                "chain_head": head.hash.to_hex(),
                "accounts": s.store.accounts()?.len(),
            })
        }
    };
    let mut out = std::io::stdout().lock();
    if a.state.json {
        print_json(&mut out, &v)?;
    } else {
        let field = |k: &str| {
            v[k].as_str()
                .map_or_else(|| v[k].to_string(), str::to_string)
        };
        writeln!(out, "state root  {}", field("state_root"))?;
        writeln!(out, "tx count    {}", field("tx_count"))?;
        writeln!(out, "chain head  {}", field("chain_head"))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `rivet verify`: exit 0 and the new root when the bundle verifies, 1 with the
/// reason when it does not, 2 when the file or the root cannot be read.
pub fn verify(a: VerifyArgs) -> anyhow::Result<ExitCode> {
    let Some(root) = Digest::from_hex(a.root.trim()) else {
        bail!("--root {}: not a state root (64 hex digits)", a.root);
    };
    let bytes =
        std::fs::read(&a.bundle).with_context(|| format!("reading {}", a.bundle.display()))?;
    let started = std::time::Instant::now();
    let result = bundle::verify(&bytes, &root);
    let micros = started.elapsed().as_micros() as u64;
    let mut out = std::io::stdout().lock();
    match result {
        Ok(v) => {
            if a.json {
                print_json(
                    &mut out,
                    &json!({"ok": true, "tx": v.tx.to_hex(), "old_root": v.old_root.to_hex(),
                        "new_root": v.new_root.to_hex(), "gas_used": v.gas_used,
                        "bundle_bytes": bytes.len(), "verify_us": micros}),
                )?;
            } else {
                writeln!(
                    out,
                    "tx {} re-executed: same delta, outputs, gas {} and witness",
                    v.tx.to_hex(),
                    v.gas_used
                )?;
                writeln!(out, "old root {}", v.old_root)?;
                writeln!(out, "new root {}", v.new_root)?;
                writeln!(out, "OK ({} bytes, {micros} us)", bytes.len())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            if a.json {
                print_json(&mut out, &json!({"ok": false, "error": e.to_string()}))?;
            }
            eprintln!("REJECTED: {e}");
            Ok(ExitCode::from(1))
        }
    }
}

/// Runs `rivet tx export ID -o FILE`: the bundle of a committed transaction, with the
/// code of the manifest its account was created with.
pub fn export(state: &StateArgs, what: &str, file: &Path) -> anyhow::Result<ExitCode> {
    let s = state.open(false)?;
    let (seq, tx) = replay::find_tx(&s.store, what)?;
    let manifest = s.manifest_of(tx.account)?;
    let b: Bundle = bundle::export(&s.store, seq, &manifest)?;
    let bytes = b.encode();
    std::fs::write(file, &bytes).with_context(|| format!("writing {}", file.display()))?;
    let mut out = std::io::stdout().lock();
    if state.json {
        print_json(
            &mut out,
            &json!({"seq": seq, "tx": tx.id().to_hex(), "file": file.display().to_string(),
                "bytes": bytes.len(), "old_root": b.old_root.to_hex(), "new_root": b.new_root.to_hex()}),
        )?;
    } else {
        writeln!(
            out,
            "tx {} (#{seq}) -> {} ({} bytes)",
            tx.id().to_hex(),
            file.display(),
            bytes.len()
        )?;
        writeln!(
            out,
            "verify with: rivet verify {} --root {}",
            file.display(),
            b.old_root
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
