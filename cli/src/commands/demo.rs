//! `rivet demo`: the whole system in one command.
//!
//! Builds the example contracts, compiles and links them into one manifest, then runs
//! a scenario against the state store (redb, default `.rivet/`): the faucet mints
//! into a p2id note, wallet A (alice) consumes it, sends part to wallet B (bob) in a
//! p2id note, tries to consume bob's note herself and is refused (state unchanged),
//! bob tries to spend alice's tokens with his own key and is refused by alice's auth
//! component (state unchanged), bob consumes his note; the Rust counter-user bumps the C counter through the WAT adder;
//! cursor-user walks cursor-provider's resource. Each step prints gas, tx and note ids
//! and balances. State persists: a second run mints and sends again on top of it;
//! `--reset` starts from an empty store. Same inputs, same hashes and gas.
//!
//! The store is opened first and held (its lock) for the whole run: a second demo on
//! the same directory is refused instead of losing transactions, `--reset` deletes
//! only the store file of a directory Rivet created ([`Store::reset`]), and a damaged
//! store is reported with what to do. Each run verifies the log's hash chain at open
//! and prints its head at the end.
//!
//! `contracts` finds, builds, compiles and links; `world` owns the store, the
//! accounts and the transactions; this module runs the scenario and prints it.

mod contracts;
mod remote;
mod world;

use anyhow::{bail, Context};
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{CallConfig, Event, Hosts};
use rivet_state::store::DEFAULT_DIR;
use rivet_state::{AccountId, Asset, ExecError, NoteId, Store, TxResult};
use std::path::PathBuf;
use std::process::ExitCode;
use world::{World, ALICE, BOB, CAP, FAUCET};

/// Arguments of `rivet demo`.
#[derive(clap::Args)]
pub struct Args {
    /// Delete the stored state first and start from genesis (only in a directory Rivet
    /// created, and only its store file).
    #[arg(long)]
    pub reset: bool,
    /// State directory (the redb store).
    #[arg(long, default_value = DEFAULT_DIR)]
    pub state: PathBuf,
    /// Use prebuilt contracts (`<name>.wasm`) from this directory instead of running
    /// scripts/build-contracts.sh.
    #[arg(long)]
    pub contracts: Option<PathBuf>,
    /// Send the demo's transactions to a running node (`rivet node`) at this URL
    /// instead of a local store (its state needs the demo's accounts).
    #[arg(long, value_name = "URL")]
    pub node: Option<String>,
}

/// Tokens the faucet mints for alice on each run.
const MINT: u64 = 100;
/// Tokens alice sends to bob on each run.
const SEND: u64 = 30;
/// The list cursor-user walks, and how many items it reads.
const CURSOR_ITEMS: [u64; 5] = [5, 7, 11, 13, 17];
const CURSOR_TAKE: u32 = 3;

/// Runs the demo.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(url) = &args.node {
        return remote::run(url);
    }
    // The store first: its lock is held from here to the end, before anything is reset,
    // and a directory in use, foreign or damaged is refused before building anything.
    let dir = &args.state;
    let store = if args.reset {
        Store::reset(dir).with_context(|| format!("resetting {} (--reset)", dir.display()))?
    } else {
        Store::open(dir).with_context(|| format!("opening {}", dir.display()))?
    };
    let opened = store.chain_head()?;
    let c = build_and_link(&args)?;
    let repaired = store.repaired();
    let (w, accounts) = World::new(store, &args.state, &c)?;
    show_state(&w, &c, &args, opened, repaired, &accounts)?;
    let st = state_flag(&args.state);

    let to_bob = mint_and_send(&w, &c, &st)?;
    alice_takes_bobs_note(&w, &c, &st, to_bob)?;
    // 5. Refused: bob signs a spend from alice's account with his own key.
    bob_spends_alice(&w, &c, &st)?;

    // 6. Bob consumes.
    println!("[6] bob consumes note {}", to_bob.short());
    command(&format!("tx exec bob --consume {}{st}", to_bob.short()));
    let tx = w.consume(BOB, to_bob).context("bob consuming his note")?;
    show_commit(&w, &tx)?;
    balances(&w)?;

    // 7. Rust -> WAT + C through WIT.
    println!(
        "[7] counter: counter-user (Rust) bump(1) -> adder-wat (WAT) add, counter-c (C) increment"
    );
    command(&format!(
        "tx exec counter --script counter-user rivet:counter-user/user#bump 1{st}"
    ));
    let tx = w.bump(1).context("bumping the counter")?;
    show_commit(&w, &tx)?;
    let value = w.account(world::COUNTER)?.storage.values[0].limbs()[0];
    println!("    counter (slot 0 of the counter account) = {value}");

    // 8. A resource across components.
    walk_cursor(&c)?;
    finish(&w, &st)?;
    Ok(ExitCode::SUCCESS)
}

/// The contracts: prebuilt (`--contracts`) or built from examples/contracts, then
/// linked.
fn build_and_link(args: &Args) -> anyhow::Result<contracts::Contracts> {
    let dir = match &args.contracts {
        Some(dir) => {
            println!("[build]    using prebuilt contracts in {}", dir.display());
            dir.clone()
        }
        None => {
            let root = contracts::repo_root()?;
            let (dir, toolchain) = contracts::build(&root)?;
            println!(
                "[build]    examples/contracts -> {} ({toolchain})",
                dir.display()
            );
            dir
        }
    };
    let c = contracts::load(&dir)?;
    println!(
        "[link]     {} packages -> manifest {}",
        c.packages.len(),
        c.manifest.hash()
    );
    for (name, p) in &c.packages {
        println!(
            "           {name:<16} code {}  {:>6} bytes RV32EM",
            p.code_hash().short(),
            p.program.code.len() * 4
        );
    }
    Ok(c)
}

/// Prints the store and its accounts, and the commands that would create them.
fn show_state(
    w: &World,
    c: &contracts::Contracts,
    args: &Args,
    opened: rivet_state::ChainHead,
    repaired: bool,
    accounts: &[(&str, AccountId, bool)],
) -> anyhow::Result<()> {
    let how = match (args.reset, opened.len) {
        (true, _) => "reset: fresh".to_string(),
        (false, 0) => "fresh".to_string(),
        (false, n) => format!(
            "continuing after {n} transactions, chain head {} verified",
            opened.hash.short()
        ),
    };
    println!("[state]    {} ({how})", w.store.path().display());
    if repaired {
        println!("           (redb's integrity check repaired the file to its last intact commit)");
    }
    for (label, id, created) in accounts {
        let a = w.account(*id)?;
        let code: Vec<&str> = a.code.iter().map(|h| name_of(c, h)).collect::<Vec<_>>();
        let status = if *created {
            "created".to_string()
        } else {
            format!("stored, nonce {}", a.nonce)
        };
        println!(
            "           {label:<8} {id}  {:<32} {status}",
            code.join("+")
        );
    }
    let st = state_flag(&args.state);
    println!("           as commands (the demo stores its manifest under the name `demo`):");
    for (name, extra) in [
        (
            "faucet",
            "fungible-faucet --component auth-none --faucet --slots 2 --storage 0=1000000",
        ),
        ("alice", "basic-wallet --component auth-ed25519"),
        ("bob", "basic-wallet --component auth-ed25519"),
        (
            "counter",
            "counter-user --component counter-c --component adder-wat --component auth-ed25519 --slots 1",
        ),
    ] {
        command(&format!(
            "account new {name} --manifest demo --component {extra}{st}"
        ));
    }
    println!();
    Ok(())
}

/// Steps 1-3: the faucet mints for alice, alice consumes it and sends to bob. Returns
/// bob's note.
fn mint_and_send(w: &World, c: &contracts::Contracts, st: &str) -> anyhow::Result<NoteId> {
    // 1. Mint.
    println!("[1] faucet mints {MINT} into a p2id note for alice");
    command(&format!(
        "tx exec faucet --script mint-tx run '[{MINT}, @hash:p2id, @id:alice]'{st}"
    ));
    let minted = w.mint(MINT, ALICE).context("minting")?;
    let note = out_note(&minted)?;
    show_commit(w, &minted)?;
    show_note(c, note, &minted);
    balances(w)?;

    // 2. Alice consumes.
    println!("[2] alice consumes note {}", note.short());
    command(&format!("tx exec alice --consume {}{st}", note.short()));
    let tx = w.consume(ALICE, note).context("alice consuming her note")?;
    show_commit(w, &tx)?;
    balances(w)?;

    // 3. Alice sends to bob.
    println!("[3] alice sends {SEND} to bob in a p2id note");
    command(&format!(
        "tx exec alice --script send-asset-tx run '[@id:faucet, {SEND}, @hash:p2id, @id:bob]'{st}"
    ));
    let sent = w.send(ALICE, SEND, BOB).context("alice sending to bob")?;
    let to_bob = out_note(&sent)?;
    show_commit(w, &sent)?;
    show_note(c, to_bob, &sent);
    balances(w)?;
    Ok(to_bob)
}

/// Step 4: alice tries to consume bob's note; p2id refuses and nothing is committed.
fn alice_takes_bobs_note(
    w: &World,
    c: &contracts::Contracts,
    st: &str,
    to_bob: NoteId,
) -> anyhow::Result<()> {
    println!("[4] alice tries to consume bob's note {}", to_bob.short());
    command(&format!(
        "tx exec alice --consume {}{st}   (exit status 1: refused)",
        to_bob.short()
    ));
    let before = w.snapshot()?;
    match w.consume(ALICE, to_bob) {
        Ok(_) => bail!("alice consumed a p2id note meant for bob: the p2id script must refuse"),
        Err(ExecError::NoteRefused { reason, script, .. }) => {
            println!(
                "    REFUSED by {} ({}): {reason}",
                name_of(c, &script),
                script.short()
            );
        }
        Err(other) => bail!("expected p2id to refuse alice, got: {other}"),
    }
    if w.snapshot()? != before {
        bail!("the refused transaction changed the store");
    }
    println!(
        "    nothing committed: state unchanged ({} transactions in the log)",
        before.2
    );
    balances(w)?;
    Ok(())
}

/// The summary: conservation and the verified chain, and how to look further.
fn finish(w: &World, st: &str) -> anyhow::Result<()> {
    let (alice, bob, issued) = (w.balance(ALICE)?, w.balance(BOB)?, w.issued()?);
    let totals = w.store.fungible_totals()?;
    let held = totals.get(&FAUCET).copied().unwrap_or(0);
    if held != u128::from(issued) {
        bail!("assets not conserved: {issued} issued but {held} held in vaults and notes");
    }
    let head = w.store.verify_chain()?;
    println!();
    println!(
        "[done]     alice {alice}, bob {bob}; {issued} issued = {held} in vaults and unspent notes; \
         {} transactions in {}, chain head {}",
        head.len,
        w.store.path().display(),
        head.hash.short()
    );
    println!("           run again to continue from this state, or with --reset to start over");
    println!("           inspect it with:");
    command(&format!("account show alice{st}"));
    command(&format!("tx log{st}"));
    command(&format!("tx replay --all{st}"));
    Ok(())
}

/// Step 5: bob signs a transaction on alice's account that would send her tokens to
/// him; alice's auth component refuses it and nothing is committed.
fn bob_spends_alice(w: &World, c: &contracts::Contracts, st: &str) -> anyhow::Result<()> {
    println!("[5] bob tries to send {SEND} of alice's tokens to himself, signing with his own key");
    command(&format!(
        "tx exec alice --key {}/keys/bob.key --script send-asset-tx run '[@id:faucet, {SEND}, @hash:p2id, @id:bob]'{st}   (exit status 1: refused)",
        if st.is_empty() { DEFAULT_DIR.to_string() } else { st.trim_start_matches(" --state ").to_string() }
    ));
    let before = w.snapshot()?;
    match w.send_signed(ALICE, SEND, BOB, &w.signer(BOB)) {
        Ok(_) => bail!("bob spent alice's tokens with his own key: her auth component must refuse"),
        Err(ExecError::AuthRefused {
            reason, component, ..
        }) => println!(
            "    REFUSED by alice's {} ({}): {reason}",
            name_of(c, &component),
            component.short()
        ),
        Err(other) => bail!("expected alice's auth component to refuse bob, got: {other}"),
    }
    if w.snapshot()? != before {
        bail!("the refused transaction changed the store");
    }
    println!(
        "    nothing committed: state unchanged ({} transactions in the log)",
        before.2
    );
    Ok(())
}

/// Prints the `rivet` command a user would type for a step.
fn command(text: &str) {
    println!("    $ rivet {text}");
}

/// ` --state DIR` unless DIR is the default.
fn state_flag(dir: &std::path::Path) -> String {
    if dir == std::path::Path::new(DEFAULT_DIR) {
        String::new()
    } else {
        format!(" --state {}", dir.display())
    }
}

/// The name of the example with code hash `h` (or its short hash).
fn name_of<'a>(c: &'a contracts::Contracts, h: &rivet_format::CodeHash) -> &'a str {
    c.packages
        .iter()
        .find(|(_, p)| p.code_hash() == *h)
        .map_or("unknown", |(n, _)| n)
}

/// The single output note of a transaction.
fn out_note(tx: &TxResult) -> anyhow::Result<NoteId> {
    match tx.outputs.as_slice() {
        [note] => Ok(note.id()),
        other => bail!("expected one output note, got {}", other.len()),
    }
}

/// Commits `tx` and prints its id, sequence number, gas, witness size and notes.
fn show_commit(w: &World, tx: &TxResult) -> anyhow::Result<()> {
    let (seq, id) = w.commit(tx)?;
    let consumed: Vec<String> = tx.consumed.iter().map(|n| n.short()).collect();
    println!(
        "    tx {} (#{seq}) on {}: gas {}, witness {} bytes, nonce {} -> {}, notes in [{}] out {}",
        id.short(),
        label(tx.account),
        tx.gas_used,
        tx.witness.len(),
        tx.base_nonce,
        tx.base_nonce + 1,
        consumed.join(" "),
        tx.outputs.len()
    );
    Ok(())
}

/// Prints an output note: id, assets, recipient and script.
fn show_note(c: &contracts::Contracts, id: NoteId, tx: &TxResult) {
    let Some(note) = tx.outputs.iter().find(|n| n.id() == id) else {
        return;
    };
    let amount: u64 = note
        .assets
        .iter()
        .map(|a| match a {
            Asset::Fungible { amount, .. } => *amount,
            _ => 0,
        })
        .sum();
    let to = match note.inputs.as_slice() {
        [p, s] => label(AccountId::new(*p, *s)),
        _ => "?".into(),
    };
    println!(
        "    note {}: {amount} tokens for {to}, script {} ({}), sender {}",
        id.short(),
        name_of(c, &note.script),
        note.script.short(),
        label(note.sender)
    );
}

fn label(id: AccountId) -> String {
    match id {
        FAUCET => "faucet".into(),
        ALICE => "alice".into(),
        BOB => "bob".into(),
        world::COUNTER => "counter".into(),
        other => other.to_string(),
    }
}

/// Prints both wallets, the tokens in unspent notes and the faucet's issued total.
fn balances(w: &World) -> anyhow::Result<()> {
    println!(
        "    balances: alice {}, bob {}, in unspent notes {}, issued {}/{CAP}",
        w.balance(ALICE)?,
        w.balance(BOB)?,
        w.in_notes()?,
        w.issued()?
    );
    Ok(())
}

/// cursor-user opens cursor-provider's `cursor` resource over a list and walks it.
fn walk_cursor(c: &contracts::Contracts) -> anyhow::Result<()> {
    let items = Val::List(CURSOR_ITEMS.iter().map(|i| Val::U64(*i)).collect());
    let out = c
        .app
        .call(
            "cursor-user",
            "rivet:cursor/walker#walk",
            &[items, Val::U32(CURSOR_TAKE)],
            &CallConfig {
                gas: world::GAS,
                ..CallConfig::default()
            },
            &mut Hosts::new(),
        )
        .context("cursor-user walk")?;
    let field = |name: &str| -> anyhow::Result<u64> {
        match out.results.as_slice() {
            [Val::Record(fields)] => match fields.iter().find(|(n, _)| n == name) {
                Some((_, Val::U32(v))) => Ok(u64::from(*v)),
                Some((_, Val::U64(v))) => Ok(*v),
                _ => bail!("walk-report has no numeric field {name}"),
            },
            other => bail!("walk returned {other:?}, expected a walk-report record"),
        }
    };
    let dropped = out.trace.iter().any(|e| {
        matches!(e, Event::Drop { component, destructor: true, .. } if &**component == "cursor-provider")
    });
    println!(
        "[8] resource: cursor-user walked cursor-provider's cursor over {CURSOR_ITEMS:?}: read {} (sum {}), \
         {} left (sum {} via a borrow), {}; gas {}",
        field("read")?,
        field("sum")?,
        field("left")?,
        field("left-sum")?,
        if dropped { "destructor ran in the provider" } else { "no destructor ran" },
        out.gas_used
    );
    Ok(())
}
