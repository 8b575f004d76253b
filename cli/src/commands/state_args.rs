//! What the state commands (`rivet account`, `rivet tx`, `rivet note`) share: the
//! `--state DIR` / `--json` options, opening the store with its name registry,
//! loading a manifest and its packages, `@hash:NAME` / `@id:NAME` argument
//! shorthands, and the JSON and text renderings of accounts, notes and transactions.

use anyhow::{bail, Context};
use rivet_format::manifest::Manifest;
use rivet_format::package::Package;
use rivet_format::CodeHash;
use rivet_state::registry::Registry;
use rivet_state::store::DEFAULT_DIR;
use rivet_state::{Account, AccountId, AccountKind, Asset, Note, NoteStatus, Store, Word};
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

/// `--state` and `--json`, on every state command.
#[derive(clap::Args, Clone, Debug)]
pub struct StateArgs {
    /// State directory: the redb store plus its name index (names.txt, genesis/).
    #[arg(long, default_value = DEFAULT_DIR)]
    pub state: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Ask a running node (`rivet node`) at this URL instead of opening --state.
    #[arg(long, value_name = "URL")]
    pub node: Option<String>,
}

/// An open state directory.
pub struct State {
    /// The store.
    pub store: Store,
    /// Its account names and genesis records.
    pub registry: Registry,
}

impl StateArgs {
    /// Opens the state directory, creating it only when `create` is set (a read of a
    /// missing directory is a mistake worth naming, not an empty answer).
    pub fn open(&self, create: bool) -> anyhow::Result<State> {
        if !create && !self.state.join(rivet_state::store::DB_FILE).is_file() {
            bail!(
                "no state in {} (create an account with `rivet account new`, run `rivet demo`, or pass --state DIR)",
                self.state.display()
            );
        }
        let store = Store::open(&self.state)
            .with_context(|| format!("opening the state in {}", self.state.display()))?;
        let registry = Registry::of(&store)?;
        Ok(State { store, registry })
    }
}

impl State {
    /// The account `what` names (name, id or id prefix).
    pub fn account_id(&self, what: &str) -> anyhow::Result<AccountId> {
        Ok(self.registry.resolve(&self.store, what)?)
    }

    /// The stored account `what` names.
    pub fn account(&self, what: &str) -> anyhow::Result<Account> {
        let id = self.account_id(what)?;
        self.store
            .account(id)?
            .with_context(|| format!("no account {id} in the store"))
    }

    /// The account's name, or its id.
    pub fn label(&self, id: AccountId) -> String {
        self.registry
            .name_of(id)
            .map_or_else(|| id.to_string(), str::to_string)
    }

    /// The manifest the account runs under (recorded when it was created).
    pub fn manifest_of(&self, id: AccountId) -> anyhow::Result<CodeHash> {
        match self.registry.entry(id) {
            Some(e) => Ok(e.manifest),
            None => bail!(
                "account {id} has no registry entry (it was not created with `rivet account new`), so its manifest is unknown"
            ),
        }
    }

    /// A component's name in the manifest, or its short hash.
    pub fn component_name(&self, manifest: Option<&Manifest>, hash: &CodeHash) -> String {
        manifest
            .and_then(|m| m.component(hash))
            .map_or_else(|| hash.short(), |c| c.name.clone())
    }

    /// The stored note whose id starts with `what` (hex).
    pub fn note(&self, what: &str) -> anyhow::Result<(Note, NoteStatus)> {
        let lower = what.to_ascii_lowercase();
        if lower.is_empty() || !lower.chars().all(|c| c.is_ascii_hexdigit()) {
            bail!("`{what}` is not a note id (hex digits, a prefix is enough)");
        }
        let mut found = self
            .store
            .notes()?
            .into_iter()
            .filter(|(n, _)| n.id().to_hex().starts_with(&lower));
        match (found.next(), found.next()) {
            (Some(n), None) => Ok(n),
            (None, _) => bail!("no note `{what}` in the store (see `rivet note list`)"),
            _ => bail!("`{what}` matches several notes; give more digits"),
        }
    }

    /// Replaces `@hash:COMPONENT` (four u64 limbs of the component's code hash in
    /// `manifest`) and `@id:ACCOUNT` (the account id's two u64 halves) in WAVE text,
    /// so scripts taking ids as `list<u64>` can be called by name.
    pub fn expand(&self, manifest: &Manifest, text: &str) -> anyhow::Result<String> {
        rivet_node::request::expand_names(
            text,
            |name| component_hash(manifest, name),
            |name| self.account_id(name),
        )
    }
}

/// The code hash of the component `what` (a name or a hash prefix) in `manifest`: the
/// same resolution a node applies to a request.
pub fn component_hash(manifest: &Manifest, what: &str) -> anyhow::Result<CodeHash> {
    Ok(rivet_node::request::component_hash(manifest, what)?)
}

/// Loads a manifest file and its packages: the `--package` files if given, else the
/// package files recorded next to it by `rivet link` or every `.rvp` in its directory.
/// Only packages the manifest names are returned; a missing one is an error.
pub fn load_bundle(path: &Path, packages: &[PathBuf]) -> anyhow::Result<(Manifest, Vec<Package>)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let manifest = Manifest::decode(&bytes)
        .with_context(|| format!("decoding manifest {}", path.display()))?;
    let paths = super::call::package_paths(path, packages)?;
    let mut found = Vec::new();
    for p in paths {
        let bytes = std::fs::read(&p).with_context(|| format!("reading {}", p.display()))?;
        let pkg =
            Package::decode(&bytes).with_context(|| format!("decoding package {}", p.display()))?;
        if manifest.component(&pkg.code_hash()).is_some()
            && !found
                .iter()
                .any(|q: &Package| q.code_hash() == pkg.code_hash())
        {
            found.push(pkg);
        }
    }
    for c in manifest.components() {
        if !found.iter().any(|p| p.code_hash() == c.hash) {
            bail!(
                "package of component {} ({}) not found next to {} (pass it with --package)",
                c.name,
                c.hash.short(),
                path.display()
            );
        }
    }
    Ok((manifest, found))
}

/// A storage word as JSON: its four u64 limbs.
pub fn word_json(w: &Word) -> Value {
    json!(w.limbs())
}

/// A storage word as text: the number when only the first limb is set, else hex.
pub fn word_text(w: &Word) -> String {
    let l = w.limbs();
    if l[1..] == [0, 0, 0] {
        l[0].to_string()
    } else {
        CodeHash(w.0).to_hex()
    }
}

/// An asset as JSON (the node's rendering, so both answer alike).
pub fn asset_json(s: &State, a: &Asset) -> Value {
    rivet_node::render::asset_json(&s.registry, a)
}

/// An asset as text.
pub fn asset_text(s: &State, a: &Asset) -> String {
    match a {
        Asset::Fungible { faucet, amount } => format!("{amount} of {}", s.label(*faucet)),
        Asset::NonFungible(n) => format!(
            "unique {} of {}",
            CodeHash(n.data_hash.0).short(),
            s.label(n.faucet)
        ),
    }
}

/// An account as JSON (the node's rendering, so `--node` answers alike).
pub fn account_json(s: &State, a: &Account, manifest: Option<&Manifest>) -> Value {
    rivet_node::render::account_json(&s.registry, a, manifest)
}

/// `regular` or `faucet`.
pub fn kind_name(k: AccountKind) -> &'static str {
    match k {
        AccountKind::Regular => "regular",
        AccountKind::Faucet => "faucet",
    }
}

/// A note and its status as JSON.
pub fn note_json(s: &State, n: &Note, status: NoteStatus, manifest: Option<&Manifest>) -> Value {
    json!({
        "id": n.id().to_hex(),
        "status": match status { NoteStatus::Unspent => json!("unspent"), NoteStatus::Consumed(seq) => json!({"consumed_by": seq}) },
        "script": {"hash": n.script.to_hex(), "name": s.component_name(manifest, &n.script)},
        "sender": n.sender.to_string(),
        "sender_name": s.registry.name_of(n.sender),
        "inputs": n.inputs,
        "assets": n.assets.iter().map(|a| asset_json(s, a)).collect::<Vec<_>>(),
        "serial": CodeHash(n.serial.0).to_hex(),
    })
}

/// Prints `v` as pretty JSON.
pub fn print_json(out: &mut dyn Write, v: &Value) -> anyhow::Result<()> {
    writeln!(out, "{}", serde_json::to_string_pretty(v)?)?;
    Ok(())
}
