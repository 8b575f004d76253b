//! `rivet account new|show|list|call`: accounts in the state directory.
//!
//! `new` stores a manifest and its packages in the store, creates the account from
//! components of that manifest (and optional initial storage) and names it in the
//! registry (`names.txt`, `genesis/`; see `rivet_state::registry`). `call` is a view:
//! the export runs against the stored account exactly as a transaction's entry call
//! would, and nothing is committed.

mod remote;

use super::state_args::{self, account_json, print_json, State, StateArgs};
use anyhow::{bail, Context};
use rivet_runtime::cabi::wave;
use rivet_state::registry::{self, AccountSpec};
use rivet_state::replay::{self, ViewError};
use rivet_state::{AccountKind, EntryCall, Storage, Word};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `rivet account`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Create an account from components of a linked manifest; prints its id.
    ///
    /// Example: rivet account new alice --manifest app.manifest --component basic-wallet
    New(NewArgs),
    /// Show an account: id, kind, code, nonce, storage and vault.
    ///
    /// Example: rivet account show alice --json
    Show {
        /// Account name, id or id prefix.
        account: String,
        #[command(flatten)]
        state: StateArgs,
    },
    /// List every account with its nonce and balances.
    ///
    /// Example: rivet account list --state .rivet
    List {
        #[command(flatten)]
        state: StateArgs,
    },
    /// Call an account's export read-only (a view): nothing is committed.
    ///
    /// Example: rivet account call alice rivet:wallet/basic#balance '{prefix: 64012, suffix: 1}'
    #[command(allow_negative_numbers = true)]
    Call(CallArgs),
}

/// Arguments of `rivet account new`.
#[derive(clap::Args)]
struct NewArgs {
    /// The account's name (letters, digits, `-`, `_`).
    name: String,
    /// The manifest (a file written by `rivet link`, or the name of a manifest in the
    /// store such as `demo`).
    #[arg(long)]
    manifest: String,
    /// Components of the manifest forming the account's code (name or hash prefix).
    #[arg(long = "component", required = true)]
    components: Vec<String>,
    /// Package files (default: those `rivet link` recorded, or the .rvp files next to
    /// the manifest).
    #[arg(short, long = "package")]
    packages: Vec<PathBuf>,
    /// Make the account a faucet (it may mint its own asset).
    #[arg(long)]
    faucet: bool,
    /// Number of value storage slots (raised to cover every --storage slot).
    #[arg(long, default_value_t = 0)]
    slots: u8,
    /// Number of map storage slots.
    #[arg(long, default_value_t = 0)]
    map_slots: u8,
    /// Initial value of a storage slot: SLOT=N (a u64) or SLOT=[A,B,C,D] (limbs).
    #[arg(long = "storage", value_name = "SLOT=VALUE")]
    storage: Vec<String>,
    #[command(flatten)]
    state: StateArgs,
}

/// Arguments of `rivet account call`.
#[derive(clap::Args)]
struct CallArgs {
    /// Account name, id or id prefix.
    account: String,
    /// The export: `ns:pkg/iface#func` (`@version` optional).
    function: String,
    /// Arguments in WAVE syntax, one per parameter (`@id:NAME`, `@hash:COMPONENT` expand).
    args: Vec<String>,
    /// Gas for the call.
    #[arg(long, default_value_t = super::tx::DEFAULT_GAS)]
    gas: u64,
    #[command(flatten)]
    state: StateArgs,
}

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if let Some(r) = remote::run(&args.command, &mut out) {
        return r;
    }
    match args.command {
        Command::New(a) => new(a, &mut out),
        Command::Show { account, state } => show(&state, &account, &mut out),
        Command::List { state } => list(&state, &mut out),
        Command::Call(a) => call(a, &mut out),
    }
}

/// Parses `SLOT=VALUE`.
fn storage_item(text: &str) -> anyhow::Result<(u8, Word)> {
    let (slot, value) = text
        .split_once('=')
        .with_context(|| format!("--storage {text}: expected SLOT=VALUE"))?;
    let slot: u8 = slot
        .trim()
        .parse()
        .with_context(|| format!("--storage {text}: slot must be 0..=255"))?;
    let value = value.trim();
    let word = if let Some(list) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        let limbs: Vec<u64> = list
            .split(',')
            .map(|l| l.trim().parse::<u64>())
            .collect::<Result<_, _>>()
            .with_context(|| format!("--storage {text}: limbs must be u64 numbers"))?;
        let limbs: [u64; 4] = limbs
            .try_into()
            .map_err(|_| anyhow::anyhow!("--storage {text}: a word has exactly 4 limbs"))?;
        Word::from_limbs(limbs)
    } else {
        Word::from_u64(
            value
                .parse()
                .with_context(|| format!("--storage {text}: value must be a u64 or [a,b,c,d]"))?,
        )
    };
    Ok((slot, word))
}

fn new(a: NewArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let items: Vec<(u8, Word)> = a
        .storage
        .iter()
        .map(|t| storage_item(t))
        .collect::<anyhow::Result<_>>()?;
    let s = a.state.open(true)?;
    let file = PathBuf::from(&a.manifest);
    let manifest = if file.is_file() {
        let (manifest, packages) = state_args::load_bundle(&file, &a.packages)?;
        for p in &packages {
            s.store.put_package(p)?;
        }
        s.store.put_manifest(&manifest, None)?;
        manifest
    } else {
        match s.store.named_manifest(&a.manifest)? {
            Some(m) => m,
            None => bail!(
                "--manifest {}: no such file, and no manifest of that name in the store",
                a.manifest
            ),
        }
    };
    let code = a
        .components
        .iter()
        .map(|c| state_args::component_hash(&manifest, c))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let slots = items
        .iter()
        .map(|(i, _)| i + 1)
        .max()
        .unwrap_or(0)
        .max(a.slots);
    let mut storage = Storage::with_slots(slots, a.map_slots);
    for (i, w) in items {
        storage.values[i as usize] = w;
    }
    let spec = AccountSpec {
        kind: if a.faucet {
            AccountKind::Faucet
        } else {
            AccountKind::Regular
        },
        code,
        storage,
        id: None,
    };
    let account = registry::create_account(&s.store, &a.name, spec, manifest.hash())?;
    let s = State {
        registry: rivet_state::registry::Registry::of(&s.store)?,
        store: s.store,
    };
    if a.state.json {
        print_json(out, &account_json(&s, &account, Some(&manifest)))?;
    } else {
        writeln!(out, "{}", account.id)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints one account as text.
fn show_text(s: &State, id: &str, out: &mut dyn Write) -> anyhow::Result<()> {
    let a = s.account(id)?;
    let manifest = s
        .registry
        .entry(a.id)
        .and_then(|e| s.store.manifest(&e.manifest).ok().flatten());
    let code: Vec<String> = a
        .code
        .iter()
        .map(|h| format!("{} ({})", s.component_name(manifest.as_ref(), h), h.short()))
        .collect();
    writeln!(
        out,
        "account {} ({})",
        s.label(a.id),
        state_args::kind_name(a.kind)
    )?;
    writeln!(out, "  id      {}", a.id)?;
    writeln!(out, "  code    {}", code.join(", "))?;
    writeln!(out, "  nonce   {}", a.nonce)?;
    for (i, w) in a.storage.values.iter().enumerate() {
        writeln!(out, "  slot {i}  {}", state_args::word_text(w))?;
    }
    for (i, m) in a.storage.maps.iter().enumerate() {
        writeln!(out, "  map {i}   {} entries", m.len())?;
    }
    let mut assets: Vec<String> = a
        .vault
        .fungible
        .iter()
        .map(|(f, n)| {
            state_args::asset_text(
                s,
                &rivet_state::Asset::Fungible {
                    faucet: *f,
                    amount: *n,
                },
            )
        })
        .collect();
    assets.extend(
        a.vault
            .non_fungible
            .iter()
            .map(|n| state_args::asset_text(s, &rivet_state::Asset::NonFungible(*n))),
    );
    writeln!(
        out,
        "  vault   {}",
        if assets.is_empty() {
            "empty".into()
        } else {
            assets.join(", ")
        }
    )?;
    Ok(())
}

fn show(state: &StateArgs, account: &str, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let s = state.open(false)?;
    if state.json {
        let a = s.account(account)?;
        let manifest = s
            .registry
            .entry(a.id)
            .and_then(|e| s.store.manifest(&e.manifest).ok().flatten());
        print_json(out, &account_json(&s, &a, manifest.as_ref()))?;
    } else {
        show_text(&s, account, out)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn list(state: &StateArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let s = state.open(false)?;
    let accounts = s.store.accounts()?;
    if state.json {
        let v: Vec<_> = accounts.iter().map(|a| account_json(&s, a, None)).collect();
        print_json(out, &json!(v))?;
        return Ok(ExitCode::SUCCESS);
    }
    for a in &accounts {
        let vault: Vec<String> = a
            .vault
            .fungible
            .iter()
            .map(|(f, n)| format!("{n} {}", s.label(*f)))
            .collect();
        writeln!(
            out,
            "{:<12} {}  {:<7} nonce {:<4} {}",
            s.label(a.id),
            a.id,
            state_args::kind_name(a.kind),
            a.nonce,
            vault.join(", ")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn call(a: CallArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let s = a.state.open(false)?;
    let id = s.account_id(&a.account)?;
    let account = s.account(&a.account)?;
    let app = replay::load_app(&s.store, &s.manifest_of(id)?)?;
    // The account component exporting the function.
    let mut target = None;
    for h in &account.code {
        let comp = app.component(&h.to_hex())?;
        if let Some(f) = comp.export(&a.function) {
            target = Some((*h, f.clone()));
            break;
        }
    }
    let Some((component, f)) = target else {
        bail!(
            "no component of account {} exports {}",
            a.account,
            a.function
        );
    };
    let texts = a
        .args
        .iter()
        .map(|t| s.expand(app.manifest(), t))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let args = super::call::parse_args(&f.key, &f.ty, &texts)?;
    let entry = EntryCall {
        component,
        function: f.key.clone(),
        args,
    };
    match replay::view(&s.store, &app, id, entry, a.gas) {
        Ok(v) => {
            let shown: Vec<String> = v
                .results
                .iter()
                .map(|r| wave::print(r).unwrap_or_else(|e| format!("<{e}>")))
                .collect();
            if a.state.json {
                print_json(
                    out,
                    &json!({"results": shown, "gas_used": v.gas_used, "committed": false}),
                )?;
            } else {
                for r in shown {
                    writeln!(out, "{r}")?;
                }
                writeln!(out, "gas used: {} (view: nothing committed)", v.gas_used)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(ViewError::Exec(e)) => {
            eprintln!("refused: {e}");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_items_parse_and_refuse() {
        assert_eq!(
            storage_item("0=1000000").unwrap(),
            (0, Word::from_u64(1_000_000))
        );
        assert_eq!(
            storage_item("3=[1, 2, 3, 4]").unwrap(),
            (3, Word::from_limbs([1, 2, 3, 4]))
        );
        for bad in ["0", "x=1", "256=1", "0=-1", "0=[1,2]", "0=abc"] {
            let e = storage_item(bad).unwrap_err();
            assert!(e.to_string().contains(bad), "{bad}: {e}");
        }
    }
}
