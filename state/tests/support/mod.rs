//! Shared by the store tests: three accounts, a genesis mint, a ping-pong of p2id
//! transfers between Alice and Bob, and a replay of the log that checks the store.
#![allow(dead_code)]

use rivet_format::CodeHash;
use rivet_state::{
    Account, AccountId, AccountKind, Asset, NoteStatus, PendingTx, Storage, Store, TxResult, Vault,
    Word,
};
use std::collections::BTreeMap;
use std::path::PathBuf;

pub const FAUCET: AccountId = AccountId::new(0xfa, 1);
pub const ALICE: AccountId = AccountId::new(0xa1, 2);
pub const BOB: AccountId = AccountId::new(0xb0, 3);
pub const SUPPLY: u64 = 1000;

pub fn p2id() -> CodeHash {
    CodeHash::of(b"p2id script")
}

/// A fresh, empty directory under the system temp dir.
pub fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir =
        std::env::temp_dir().join(format!("rivet-state-{tag}-{}-{nanos}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

pub fn new_account(id: AccountId, kind: AccountKind) -> Account {
    Account {
        id,
        kind,
        code: vec![CodeHash::of(b"code")],
        storage: Storage::with_slots(2, 0),
        vault: Vault::default(),
        nonce: 0,
    }
}

pub fn genesis_accounts() -> Vec<Account> {
    vec![
        new_account(FAUCET, AccountKind::Faucet),
        new_account(ALICE, AccountKind::Regular),
        new_account(BOB, AccountKind::Regular),
    ]
}

/// Creates the three accounts and commits the faucet minting `SUPPLY` to Alice.
pub fn genesis(store: &Store) {
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
pub fn next_tx(store: &Store, round: u64) -> TxResult {
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

pub type Snapshot = (
    Vec<Account>,
    Vec<(CodeHash, NoteStatus)>,
    Vec<(u64, CodeHash)>,
);

pub fn snapshot(store: &Store) -> Snapshot {
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
pub fn check_consistent(store: &Store) -> usize {
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
