//! Proof bundle size and stateless verification time for one account with many
//! storage entries among many accounts
//! (`cargo run --release -p rivet-bench-commit -- [ACCOUNTS] [ENTRIES] [--contracts DIR]`,
//! defaults 1000000 and 100000).
//!
//! 1. builds the example contracts (scripts/build-contracts.sh, or `--contracts DIR`
//!    with prebuilt `<name>.wasm`) and links counter-user, counter-c and adder-wat;
//! 2. creates ACCOUNTS - 1 small accounts in bulk plus the counter account, whose map
//!    slot holds ENTRIES entries (the genesis, one write transaction per 100000);
//! 3. reopens the store (the root is read, never rebuilt: the open time shows it);
//! 4. executes and commits `bump(5)` on the counter account, exports its bundle and
//!    verifies it five times (median), printing the bundle's section sizes and the
//!    account proof's depth.
//!
//! The bundle carries the whole account (its commitment hashes its full encoding), so
//! its size grows with the account's storage; the proofs grow with log2(ACCOUNTS).

use anyhow::{bail, Context, Result};
use rivet_format::package::Package;
use rivet_linker::LinkInput;
use rivet_runtime::cabi::Val;
use rivet_runtime::component::Runtime;
use rivet_state::bundle::{self, Bundle};
use rivet_state::commit;
use rivet_state::{
    execute, Account, AccountId, AccountKind, EntryCall, Storage, Store, TxRequest, Vault, Word,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const COUNTER: AccountId = AccountId::new(0xc0, 4);
const NAMES: [&str; 4] = ["counter-user", "counter-c", "adder-wat", "auth-none"];
const BATCH: u64 = 100_000;

fn contracts(arg: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = arg {
        return Ok(dir);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    // Its own directory: never write into a shared build output.
    let out = root.join("target/tmp/bench-commit-contracts");
    let r = std::process::Command::new("bash")
        .arg(root.join("scripts/build-contracts.sh"))
        .env("RIVET_CONTRACTS_OUT", &out)
        .status()
        .context("running scripts/build-contracts.sh")?;
    if !r.success() {
        bail!("scripts/build-contracts.sh failed (toolchains: scripts/setup.sh)");
    }
    Ok(out)
}

/// Removes the benchmark's state directory however `main` ends.
struct Cleanup(PathBuf);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn filler(i: u64) -> Account {
    Account {
        id: AccountId::new(0x5eed, i),
        kind: AccountKind::Regular,
        code: vec![],
        storage: Storage::with_slots(1, 0),
        vault: Vault::default(),
        nonce: 0,
    }
}

/// Creates the counter account (its map slot holding `entries` entries) and
/// `accounts - 1` small ones in bulk; returns how long it took.
fn genesis(
    store: &Store,
    packages: &BTreeMap<&str, Package>,
    accounts: u64,
    entries: u64,
) -> Result<Duration> {
    let mut counter = Account {
        id: COUNTER,
        kind: AccountKind::Regular,
        code: NAMES.iter().map(|n| packages[n].code_hash()).collect(),
        storage: Storage::with_slots(1, 1),
        vault: Vault::default(),
        nonce: 0,
    };
    for i in 0..entries {
        counter.storage.maps[0].insert(Word::from_u64(i + 1), Word::from_u64(i * 7 + 1));
    }
    let t = Instant::now();
    store.create_accounts(&[counter])?;
    let mut made = 1;
    while made < accounts {
        let n = BATCH.min(accounts - made);
        let batch: Vec<Account> = (made..made + n).map(filler).collect();
        store.create_accounts(&batch)?;
        made += n;
    }
    Ok(t.elapsed())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> Result<()> {
    let mut nums = Vec::new();
    let mut dir_arg = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--contracts" {
            dir_arg = Some(PathBuf::from(args.next().context("--contracts DIR")?));
        } else {
            nums.push(
                a.parse::<u64>()
                    .with_context(|| format!("`{a}`: a number"))?,
            );
        }
    }
    let accounts = nums.first().copied().unwrap_or(1_000_000).max(1);
    let entries = nums.get(1).copied().unwrap_or(100_000);
    let dir = contracts(dir_arg)?;
    let mut packages: BTreeMap<&str, Package> = BTreeMap::new();
    for name in NAMES {
        let wasm = std::fs::read(dir.join(format!("{name}.wasm")))
            .with_context(|| format!("reading {name}.wasm in {}", dir.display()))?;
        packages.insert(name, rivet_compiler::compile(&wasm, &Default::default())?);
    }
    let inputs: Vec<_> = packages
        .iter()
        .map(|(n, p)| LinkInput::from_package(*n, p))
        .collect();
    let manifest = rivet_linker::link(&inputs, None)?;
    let runtime = Runtime::new();
    for p in packages.values() {
        runtime.add_package(p.clone())?;
    }
    let app = runtime.prepare(&manifest)?;

    let state = std::env::temp_dir().join(format!("rivet-bench-commit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&state);
    let _cleanup = Cleanup(state.clone());
    let store = Store::open(&state)?;
    for p in packages.values() {
        store.put_package(p)?;
    }
    let mhash = store.put_manifest(&manifest, Some("bench"))?;
    let genesis = genesis(&store, &packages, accounts, entries)?;
    drop(store);
    let t = Instant::now();
    let store = Store::open(&state)?;
    let open = t.elapsed();
    let root = store.state_root()?;
    println!("accounts {accounts}, counter map entries {entries}");
    println!(
        "genesis   {:>10.1} ms (bulk, {BATCH} accounts per write transaction)",
        ms(genesis)
    );
    println!(
        "reopen    {:>10.1} ms (integrity check + chain; the root is read, not rebuilt)",
        ms(open)
    );
    println!("root      {root}");

    let req = TxRequest {
        account: COUNTER,
        notes: vec![],
        entry: Some(EntryCall {
            component: packages["counter-user"].code_hash(),
            function: "rivet:counter-user/user#bump".into(),
            args: vec![Val::U64(5)],
        }),
        gas: 50_000_000,
        ..Default::default()
    };
    let t = Instant::now();
    let tx = execute(&store, &app, &req)?;
    let exec = t.elapsed();
    let t = Instant::now();
    let (seq, _) = store.commit(&tx)?;
    let commit_t = t.elapsed();
    let t = Instant::now();
    let b = bundle::export(&store, seq, &mhash)?;
    let bytes = b.encode();
    let export = t.elapsed();
    let (old, new) = store.tx_roots(seq)?.context("roots")?;
    println!(
        "execute   {:>10.1} ms, commit {:.1} ms, export {:.1} ms",
        ms(exec),
        ms(commit_t),
        ms(export)
    );
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let v = bundle::verify(&bytes, &old)?;
        times.push(t.elapsed());
        if v.new_root != new {
            bail!("verified to {} instead of {new}", v.new_root);
        }
    }
    times.sort();
    let spans = Bundle::layout(&bytes)?;
    let sizes: Vec<String> = spans
        .iter()
        .map(|s| format!("{} {}", s.name, s.end - s.content))
        .collect();
    let key = commit::account_key(COUNTER);
    println!(
        "bundle    {} bytes ({}); account proof {} levels",
        bytes.len(),
        sizes.join(", "),
        b.account_proof.siblings.len()
    );
    println!(
        "verify    {} us median of 5 (min {} us); new root {new}",
        times[2].as_micros(),
        times[0].as_micros()
    );
    debug_assert_eq!(
        b.account_proof.value(&key),
        Some(commit::account_commitment(&b.account))
    );
    Ok(())
}
