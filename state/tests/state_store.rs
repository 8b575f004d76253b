//! The state store: atomic commits, refusals that leave no trace, persistence, and
//! crash safety under SIGKILL.

use rivet_format::CodeHash;
use rivet_state::{
    Account, AccountId, AccountKind, Asset, NoteStatus, PendingTx, StateError, Storage, Store,
    StoreError, TxResult, Vault, Word,
};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

const FAUCET: AccountId = AccountId::new(0xfa, 1);
const ALICE: AccountId = AccountId::new(0xa1, 2);
const BOB: AccountId = AccountId::new(0xb0, 3);
const SUPPLY: u64 = 1000;

fn p2id() -> CodeHash {
    CodeHash::of(b"p2id script")
}

/// A fresh, empty directory under the system temp dir.
fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir =
        std::env::temp_dir().join(format!("rivet-state-{tag}-{}-{nanos}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn new_account(id: AccountId, kind: AccountKind) -> Account {
    Account {
        id,
        kind,
        code: vec![CodeHash::of(b"code")],
        storage: Storage::with_slots(2, 0),
        vault: Vault::default(),
        nonce: 0,
    }
}

fn genesis_accounts() -> Vec<Account> {
    vec![
        new_account(FAUCET, AccountKind::Faucet),
        new_account(ALICE, AccountKind::Regular),
        new_account(BOB, AccountKind::Regular),
    ]
}

/// Creates the three accounts and commits the faucet minting `SUPPLY` to Alice.
fn genesis(store: &Store) {
    for a in genesis_accounts() {
        store.create_account(&a).unwrap();
    }
    let faucet = store.account(FAUCET).unwrap().unwrap();
    let mut p = PendingTx::new(faucet, Word([1; 32]));
    p.create_note(
        p2id(),
        vec![Asset::Fungible {
            faucet: FAUCET,
            amount: SUPPLY,
        }],
        vec![ALICE.prefix, ALICE.suffix],
    )
    .unwrap();
    p.set_item(1, Word::from_u64(SUPPLY)).unwrap();
    p.incr_nonce();
    store.commit(&p.finish(100, vec![]).unwrap()).unwrap();
}

/// The next transaction of the ping-pong: the recipient of the first unspent note
/// consumes it, keeps part and sends the rest back in a new note.
fn next_tx(store: &Store, round: u64) -> TxResult {
    let note = store
        .unspent_notes()
        .unwrap()
        .into_iter()
        .next()
        .expect("one note in flight");
    let to = AccountId::new(note.inputs[0], note.inputs[1]);
    let other = if to == ALICE { BOB } else { ALICE };
    let account = store.account(to).unwrap().unwrap();
    let seed = Word(*blake3::hash(&round.to_le_bytes()).as_bytes());
    let mut p = PendingTx::new(account, seed);
    let amount = match note.assets[0] {
        Asset::Fungible { amount, .. } => amount,
        Asset::NonFungible(_) => unreachable!(),
    };
    p.consume(note.clone());
    p.add_asset(note.assets[0]).unwrap();
    let balance = p.balance(FAUCET);
    let send = (amount / 2 + round % 7).clamp(1, balance);
    p.remove_asset(Asset::Fungible {
        faucet: FAUCET,
        amount: send,
    })
    .unwrap();
    p.create_note(
        p2id(),
        vec![Asset::Fungible {
            faucet: FAUCET,
            amount: send,
        }],
        vec![other.prefix, other.suffix],
    )
    .unwrap();
    p.set_item(0, Word::from_u64(round)).unwrap();
    p.incr_nonce();
    p.finish(round, round.to_le_bytes().to_vec()).unwrap()
}

type Snapshot = (
    Vec<Account>,
    Vec<(CodeHash, NoteStatus)>,
    Vec<(u64, CodeHash)>,
);

fn snapshot(store: &Store) -> Snapshot {
    (
        store.accounts().unwrap(),
        store
            .notes()
            .unwrap()
            .into_iter()
            .map(|(n, s)| (n.id(), s))
            .collect(),
        store
            .transactions()
            .unwrap()
            .into_iter()
            .map(|(s, id, _)| (s, id))
            .collect(),
    )
}

/// Replays the log from genesis in memory and checks the store shows exactly that:
/// every committed transaction fully applied, nothing else. Returns the log length.
fn check_consistent(store: &Store) -> usize {
    let log = store.transactions().unwrap();
    let mut accounts: BTreeMap<AccountId, Account> =
        genesis_accounts().into_iter().map(|a| (a.id, a)).collect();
    let mut notes: BTreeMap<CodeHash, rivet_state::Note> = BTreeMap::new();
    let mut status = BTreeMap::new();
    for (i, (seq, id, tx)) in log.iter().enumerate() {
        assert_eq!(*seq, i as u64, "log sequence numbers are contiguous");
        assert_eq!(*id, tx.id());
        let consumed: Vec<_> = tx.consumed.iter().map(|n| notes[n].clone()).collect();
        for n in &tx.consumed {
            assert_eq!(
                status.insert(*n, NoteStatus::Consumed(*seq)),
                Some(NoteStatus::Unspent)
            );
        }
        let account = accounts.get_mut(&tx.account).unwrap();
        tx.delta.apply(account, &consumed, &tx.outputs).unwrap();
        for n in &tx.outputs {
            notes.insert(n.id(), n.clone());
            status.insert(n.id(), NoteStatus::Unspent);
        }
    }
    assert_eq!(
        store.accounts().unwrap(),
        accounts.into_values().collect::<Vec<_>>()
    );
    let stored: BTreeMap<_, _> = store
        .notes()
        .unwrap()
        .into_iter()
        .map(|(n, s)| (n.id(), s))
        .collect();
    assert_eq!(stored, status);
    // Conservation: everything in vaults and unspent notes is what the faucet minted.
    let totals = store.fungible_totals().unwrap();
    assert_eq!(
        totals.get(&FAUCET).copied(),
        Some(SUPPLY as u128),
        "{totals:?}"
    );
    log.len()
}

#[test]
fn commits_apply_and_persist() {
    let dir = temp_dir("persist");
    {
        let store = Store::open(&dir).unwrap();
        genesis(&store);
        for round in 0..5 {
            let tx = next_tx(&store, round);
            let (seq, id) = store.commit(&tx).unwrap();
            assert_eq!((seq, id), (round + 1, tx.id()));
        }
        assert_eq!(check_consistent(&store), 6);
    }
    let store = Store::open(&dir).unwrap();
    assert_eq!(check_consistent(&store), 6);
    let (_, _, tx) = store.transactions().unwrap().pop().unwrap();
    assert_eq!(tx.witness, 4u64.to_le_bytes());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn refused_commits_leave_the_state_intact() {
    let dir = temp_dir("refuse");
    let store = Store::open(&dir).unwrap();
    genesis(&store);
    let tx = next_tx(&store, 0);
    let before = snapshot(&store);

    // Assets created from nothing: refused by conservation, after the note was marked
    // consumed inside the aborted write transaction.
    let mut forged = tx.clone();
    *forged.delta.vault.fungible.get_mut(&FAUCET).unwrap() += 1;
    let err = store.commit(&forged).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::State(StateError::NotConserved { created: 1, .. })
        ),
        "{err}"
    );
    assert_eq!(snapshot(&store), before);

    // Stale: executed against another nonce.
    let mut stale = tx.clone();
    stale.base_nonce = 7;
    assert!(matches!(
        store.commit(&stale),
        Err(StoreError::StaleNonce {
            executed: 7,
            stored: 0,
            ..
        })
    ));
    assert_eq!(snapshot(&store), before);

    // Unknown input note, and the same note twice.
    let mut unknown = tx.clone();
    unknown.consumed = vec![CodeHash::of(b"nope")];
    assert!(matches!(
        store.commit(&unknown),
        Err(StoreError::UnknownNote(_))
    ));
    let mut twice = tx.clone();
    twice.consumed.push(tx.consumed[0]);
    assert!(matches!(
        store.commit(&twice),
        Err(StoreError::NoteConsumed(_))
    ));
    assert_eq!(snapshot(&store), before);

    // The honest transaction commits; replaying it is a double spend (stale first).
    store.commit(&tx).unwrap();
    let after = snapshot(&store);
    assert!(matches!(
        store.commit(&tx),
        Err(StoreError::StaleNonce { .. })
    ));
    let mut replay = tx.clone();
    replay.base_nonce += 1;
    assert!(matches!(
        store.commit(&replay),
        Err(StoreError::NoteConsumed(_))
    ));
    assert_eq!(snapshot(&store), after);
    check_consistent(&store);
    assert!(matches!(
        store.create_account(&new_account(BOB, AccountKind::Regular)),
        Err(StoreError::AccountExists(_))
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn packages_are_stored_by_code_hash() {
    let dir = temp_dir("packages");
    let store = Store::open(&dir).unwrap();
    let wasm = wat::parse_str(r#"(module (func (export "f") (result i32) i32.const 7))"#).unwrap();
    let package = rivet_compiler::compile(&wasm, &Default::default()).unwrap();
    let hash = store.put_package(&package).unwrap();
    assert_eq!(hash, package.code_hash());
    assert_eq!(store.package(&hash).unwrap(), Some(package));
    assert_eq!(store.package(&CodeHash::of(b"other")).unwrap(), None);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Environment variable that turns `crash_child` into the committing child process.
const CHILD_ENV: &str = "RIVET_STATE_CRASH_CHILD";

/// The child half of `kill_9_mid_commit_leaves_a_consistent_state`: commits forever,
/// printing a line after each commit. A no-op in a normal test run.
#[test]
fn crash_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let store = Store::open(PathBuf::from(dir)).unwrap();
    let mut round = store.transactions().unwrap().len() as u64;
    loop {
        let tx = next_tx(&store, round);
        store.commit(&tx).unwrap();
        println!("committed {round}");
        round += 1;
    }
}

#[test]
fn kill_9_mid_commit_leaves_a_consistent_state() {
    let dir = temp_dir("crash");
    {
        let store = Store::open(&dir).unwrap();
        genesis(&store);
    }
    let mut last = 1;
    for (round, wait_for) in [3usize, 17, 40].into_iter().enumerate() {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = BufReader::new(child.stdout.take().unwrap());
        let mut seen = 0;
        for line in out.lines() {
            if line.unwrap().starts_with("committed ") {
                seen += 1;
                if seen == wait_for {
                    break;
                }
            }
        }
        assert_eq!(
            seen, wait_for,
            "round {round}: the child died before committing {wait_for} times"
        );
        // SIGKILL while the child is in its next commit (commits dominate its loop).
        child.kill().unwrap();
        child.wait().unwrap();
        let store = Store::open(&dir).unwrap();
        let n = check_consistent(&store);
        assert!(
            n >= last + wait_for,
            "round {round}: {n} transactions, expected at least {}",
            last + wait_for
        );
        last = n;
        // The store keeps working after the crash.
        store.commit(&next_tx(&store, n as u64)).unwrap();
        last += 1;
        check_consistent(&store);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn corrupt_records_and_a_second_opener_are_errors() {
    let dir = temp_dir("corrupt");
    let tx = {
        let store = Store::open(&dir).unwrap();
        genesis(&store);
        // The same database cannot be opened twice at once (redb's file lock).
        let err = Store::open(&dir).err().expect("second open must fail");
        assert!(matches!(err, StoreError::Db(_)), "{err}");
        // Alice's next transaction, executed before the damage.
        next_tx(&store, 0)
    };
    {
        // Damage Alice's record behind the store's back.
        let db = redb::Database::create(dir.join("state.redb")).unwrap();
        let w = db.begin_write().unwrap();
        {
            let accounts: redb::TableDefinition<&[u8; 16], &[u8]> =
                redb::TableDefinition::new("accounts");
            let mut t = w.open_table(accounts).unwrap();
            t.insert(&ALICE.to_bytes(), &[1u8, 2, 3][..]).unwrap();
        }
        w.commit().unwrap();
    }
    let store = Store::open(&dir).unwrap();
    let err = store.account(ALICE).unwrap_err();
    match &err {
        StoreError::Corrupt { table, key, .. } => {
            assert_eq!(*table, "accounts");
            assert_eq!(key, &format!("{ALICE}"));
        }
        other => panic!("expected Corrupt, got {other}"),
    }
    assert!(store.accounts().is_err());
    // A transaction touching the damaged account is refused, nothing changes.
    assert_eq!(tx.account, ALICE);
    let before = store.transactions().unwrap().len();
    let err = store.commit(&tx).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Corrupt {
                table: "accounts",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(store.transactions().unwrap().len(), before);
    assert_eq!(store.unspent_notes().unwrap().len(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}
