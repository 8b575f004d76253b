//! `rivet account new|show|list|call`: accounts in the state directory.
//!
//! `new` stores a manifest and its packages in the store, creates the account from
//! components of that manifest (and optional initial storage) and names it in the
//! registry (`names.txt`, `genesis/`; see `rivet_state::registry`). Exactly one of the
//! components must be an auth component: with `auth-ed25519` a key is generated (or
//! taken from `--key FILE`), its public key installed in storage map slot 0 and the
//! secret kept in the keystore, `STATE/keys/NAME.key` (mode 0600), from which
//! `rivet tx exec` signs; `auth-none` makes a public account. `call` is a view:
//! the export runs against the stored account exactly as a transaction's entry call
//! would, and nothing is committed.

mod remote;

use super::keystore;
use super::state_args::{self, account_json, print_json, State, StateArgs};
use anyhow::{bail, Context};
use rivet_format::CodeHash;
use rivet_runtime::cabi::wave;
use rivet_runtime::component::App;
use rivet_state::auth::keys::{self, AuthScheme, SigningKey};
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
    /// Replace an auth-ed25519 account's key: a transaction calling its
    /// `rotate-key`, signed by the current key; the keystore then holds the new key.
    ///
    /// Example: rivet account rotate-key alice    (or --key NEW.key)
    RotateKey {
        /// Account name, id or id prefix.
        account: String,
        /// The new key (a key file); default: a fresh one.
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        /// Gas for the transaction.
        #[arg(long, default_value_t = super::tx::DEFAULT_GAS)]
        gas: u64,
        #[command(flatten)]
        state: StateArgs,
    },
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
    /// The account's key (a key file: an ed25519 seed as 64 hex digits, mode 0600)
    /// instead of a fresh one; copied into the keystore. An auth-multisig account
    /// takes three (or generates three).
    #[arg(long, value_name = "FILE")]
    key: Vec<PathBuf>,
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
        Command::RotateKey {
            account,
            key,
            gas,
            state,
        } => rotate_key(&state, &account, key.as_deref(), gas, &mut out),
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
    let app = rivet_state::replay::load_app(&s.store, &manifest.hash())?;
    let key = auth_keys(&a, &app, &code)?;
    let publics: Vec<[u8; 32]> = key.iter().map(keys::public_key).collect();
    keys::install_keys(&mut storage, &publics);
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
    let key_files = match &key[..] {
        [one] => vec![keystore::store(&a.state.state, &a.name, one)?],
        several => several
            .iter()
            .enumerate()
            .map(|(i, k)| keystore::store(&a.state.state, &format!("{}.{i}", a.name), k))
            .collect::<anyhow::Result<Vec<_>>>()?,
    };
    let files: Vec<String> = key_files.iter().map(|f| f.display().to_string()).collect();
    let hexes: Vec<String> = publics.iter().map(|p| keystore::hex(p)).collect();
    let s = State {
        registry: rivet_state::registry::Registry::of(&s.store)?,
        store: s.store,
    };
    if a.state.json {
        let mut v = account_json(&s, &account, Some(&manifest));
        if let ([f], [p]) = (&files[..], &hexes[..]) {
            v["key_file"] = json!(f);
            v["public_key"] = json!(p);
        } else if !files.is_empty() {
            v["key_files"] = json!(files);
            v["public_keys"] = json!(hexes);
        }
        print_json(out, &v)?;
    } else {
        writeln!(out, "{}", account.id)?;
        for (f, p) in files.iter().zip(&hexes) {
            eprintln!("key: {f} (public key {p})");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The keys of a new account: from `--key`, or fresh (one for auth-ed25519, three
/// for auth-multisig); none for a public one. Refuses code without exactly one auth
/// component.
fn auth_keys(a: &NewArgs, app: &App, code: &[CodeHash]) -> anyhow::Result<Vec<SigningKey>> {
    let auth = match keys::auth_components(app, code)[..] {
        [one] => one,
        [] => bail!(
            "account {} has no auth component, so nobody could authorize its transactions: \
             add --component auth-ed25519 (owned by a key) or --component auth-none (public)",
            a.name
        ),
        ref several => bail!(
            "account {} has {} auth components; give exactly one",
            a.name,
            several.len()
        ),
    };
    let wanted = match keys::scheme_of(app, auth) {
        AuthScheme::Ed25519 => 1,
        AuthScheme::Multisig => 3,
        AuthScheme::None if a.key.is_empty() => return Ok(vec![]),
        AuthScheme::None => {
            bail!("--key: the account's auth component is public (auth-none) and takes no key")
        }
    };
    if a.key.is_empty() {
        return (0..wanted)
            .map(|_| keys::generate_key().context("generating a key from /dev/urandom"))
            .collect();
    }
    if a.key.len() != wanted {
        bail!(
            "--key: the account's auth component takes {wanted} key(s), {} given",
            a.key.len()
        );
    }
    a.key.iter().map(|f| keystore::read(f)).collect()
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
    if let Some(m) = &manifest {
        writeln!(out, "  auth    {}", auth_text(s, m, &a))?;
    }
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

/// `rivet account rotate-key`: the new key is written beside the old one first and
/// replaces it only once the rotation is committed, so no key is ever lost.
fn rotate_key(
    state: &StateArgs,
    account: &str,
    new_file: Option<&std::path::Path>,
    gas: u64,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let s = state.open(false)?;
    let id = s.account_id(account)?;
    let acct = s.account(account)?;
    let name = s.label(id);
    let app = replay::load_app(&s.store, &s.manifest_of(id)?)?;
    let auth = match keys::auth_components(&app, &acct.code)[..] {
        [c] if keys::scheme_of(&app, c) == AuthScheme::Ed25519 => c,
        _ => bail!("{name} is not an auth-ed25519 account: there is no single key to rotate"),
    };
    let old = keystore::find(&state.state, &name)?.with_context(|| {
        format!(
            "no key for {name} in {}: the rotation must be signed by the current key",
            keystore::path(&state.state, &name).display()
        )
    })?;
    let new = match new_file {
        Some(f) => keystore::read(f)?,
        None => keys::generate_key().context("generating a key from /dev/urandom")?,
    };
    let comp = app.component(&auth.to_hex())?;
    let f = comp
        .exports
        .iter()
        .find(|e| {
            e.key.starts_with("rivet:auth-ed25519/single-key") && e.key.ends_with("#rotate-key")
        })
        .context("the auth component exports no rotate-key")?;
    let public = keys::public_key(&new);
    let mut req = rivet_state::TxRequest {
        account: id,
        notes: vec![],
        entry: Some(EntryCall {
            component: auth,
            function: f.key.clone(),
            args: vec![rivet_state::vals::digest(&Word(public))],
        }),
        gas,
        auth_proof: vec![],
    };
    let signer = rivet_state::Signer::Ed25519(old);
    let run = rivet_state::summarize(&s.store, &app, &req).and_then(|summary| {
        req.auth_proof = signer.proof(&summary.digest());
        rivet_state::execute(&s.store, &app, &req)
    });
    let tx = match run {
        Ok(tx) => tx,
        Err(e) => {
            eprintln!("refused: {e}");
            eprintln!("nothing committed; the key is unchanged");
            return Ok(ExitCode::from(1));
        }
    };
    let pending = keystore::store(&state.state, &format!("{name}.new"), &new)?;
    let (seq, txid) = match s.store.commit(&tx) {
        Ok(done) => done,
        Err(e) => {
            let _ = std::fs::remove_file(&pending);
            return Err(e).context("committing the rotation");
        }
    };
    let key_file = keystore::path(&state.state, &name);
    std::fs::rename(&pending, &key_file).with_context(|| {
        format!(
            "the rotation is committed but moving {} to {} failed: move it by hand",
            pending.display(),
            key_file.display()
        )
    })?;
    writeln!(
        out,
        "rotated {name}'s key in tx {} (#{seq}); new public key {}, kept in {}",
        txid.to_hex(),
        keystore::hex(&public),
        key_file.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Who authorizes the account's transactions: its auth component and key.
fn auth_text(s: &State, m: &rivet_format::manifest::Manifest, a: &rivet_state::Account) -> String {
    let app = match rivet_state::replay::load_app(&s.store, &m.hash()) {
        Ok(app) => app,
        Err(e) => return format!("unknown ({e})"),
    };
    match keys::auth_components(&app, &a.code)[..] {
        [] => "none: no auth component, nobody can authorize its transactions".into(),
        [c] => {
            let name = s.component_name(Some(m), &c);
            let key = |i: u64| {
                a.storage
                    .maps
                    .get(keys::KEY_SLOT as usize)
                    .and_then(|map| map.get(&keys::key_index(i)))
                    .map_or("(missing)".to_string(), |k| keystore::hex(&k.0))
            };
            match keys::scheme_of(&app, c) {
                AuthScheme::Ed25519 => format!("{name}, key {}", key(0)),
                AuthScheme::Multisig => {
                    format!("{name}, 2 of keys {}, {}, {}", key(0), key(1), key(2))
                }
                AuthScheme::None => format!("{name} (public: anyone may run its transactions)"),
            }
        }
        ref several => format!("invalid: {} auth components", several.len()),
    }
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
