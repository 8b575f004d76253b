//! The state root in the store: updated by every write in the same database
//! transaction, recorded before and after each logged transaction, equal to the root
//! recomputed from scratch in memory (so any backend holding the same state has the
//! same root), kept across reopening without a rebuild, and proofs that stay
//! logarithmic with many accounts.

#[macro_use]
mod backends;
mod support;

use rivet_state::commit::{self, Digest, Proof};
use rivet_state::{Account, AccountId, AccountKind, Storage, Store, StoreError, Vault};
use support::*;

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

on_both_backends! {
fn every_commit_moves_the_root_and_records_both_ends(place) {
    let store = place.open();
    assert_eq!(store.state_root().unwrap(), Digest::EMPTY);
    genesis(&store);
    let mut prev = store.tx_roots(0).unwrap().unwrap().1;
    assert_eq!(prev, store.state_root().unwrap());
    for round in 1..6 {
        let tx = next_tx(&store, round);
        let before = store.account(tx.account).unwrap().unwrap();
        let (seq, _) = store.commit(&tx).unwrap();
        let (old, new) = store.tx_roots(seq).unwrap().unwrap();
        assert_eq!(
            old, prev,
            "the log's roots chain when nothing happens in between"
        );
        assert_ne!(old, new);
        assert_eq!(new, store.state_root().unwrap());
        // The account as the transaction found it, proven against the old root.
        let (acct, proof) = store.account_at(tx.account, &old).unwrap().unwrap();
        assert_eq!(acct, before);
        proof.check(&commit::account_key(tx.account), &old).unwrap();
        prev = new;
    }
    assert_eq!(store.check_root().unwrap(), prev);
    // A refused commit leaves the root alone.
    let stale = next_tx(&store, 1);
    store.commit(&stale).unwrap();
    let root = store.state_root().unwrap();
    assert!(store.commit(&stale).is_err());
    assert_eq!(store.state_root().unwrap(), root);
    drop(store);
    // Reopened: the same root, read, not rebuilt.
    let store = place.open();
    assert_eq!(store.state_root().unwrap(), root);
    assert_eq!(store.check_root().unwrap(), root);
    drop(store);
    place.remove();
}

fn proofs_stay_logarithmic_with_many_accounts(place) {
    let store = place.open();
    let n = 50_000u64;
    let accounts: Vec<Account> = (0..n).map(filler).collect();
    store.create_accounts(&accounts).unwrap();
    let root = store.state_root().unwrap();
    let mut deepest = 0;
    let mut largest = 0;
    for i in (0..n).step_by(997) {
        let key = commit::account_key(filler(i).id);
        let p: Proof = store.prove(&root, &key).unwrap();
        p.check(&key, &root).unwrap();
        assert_eq!(p.value(&key), Some(commit::account_commitment(&filler(i))));
        let mut w = rivet_format::codec::Writer::new();
        p.write(&mut w);
        deepest = deepest.max(p.siblings.len());
        largest = largest.max(w.len());
    }
    // log2(50000) = 15.6; random keys put the deepest leaf a few levels lower. A
    // linear structure would need 50000 entries.
    assert!(deepest <= 40, "deepest proof {deepest} levels");
    assert!(largest <= 40 * 32 + 80, "largest proof {largest} bytes");
    let absent = commit::account_key(AccountId::new(1, 1));
    let p = store.prove(&root, &absent).unwrap();
    p.check(&absent, &root).unwrap();
    assert_eq!(p.value(&absent), None);
    drop(store);
    place.remove();
}

fn the_root_is_the_same_whatever_the_order_or_the_backend(place) {
    // Two stores reach the same state by different routes: one account at a time in
    // a redb store versus in bulk, in reverse order, in this backend's store.
    let accounts: Vec<Account> = (0..300).map(filler).collect();
    let da = temp_dir("order-a");
    let (a, b) = (Store::open(&da).unwrap(), place.open());
    for acct in &accounts {
        a.create_account(acct).unwrap();
    }
    let reversed: Vec<Account> = accounts.iter().rev().cloned().collect();
    b.create_accounts(&reversed).unwrap();
    let in_memory = commit::root_of(&accounts, []).unwrap();
    assert_eq!(a.state_root().unwrap(), in_memory);
    assert_eq!(b.state_root().unwrap(), in_memory);
    // A batch with an existing id changes nothing.
    let err = b.create_accounts(&[filler(1000), filler(3)]).unwrap_err();
    assert!(matches!(err, StoreError::AccountExists(_)), "{err}");
    assert_eq!(b.state_root().unwrap(), in_memory);
    drop((a, b));
    std::fs::remove_dir_all(&da).unwrap();
    place.remove();
}
}

#[test]
fn a_corrupt_tree_node_is_reported_not_trusted() {
    let dir = temp_dir("node");
    let store = Store::open(&dir).unwrap();
    genesis(&store);
    let root = store.state_root().unwrap();
    drop(store);
    {
        let nodes: redb::TableDefinition<&[u8; 32], &[u8]> =
            redb::TableDefinition::new("smt_nodes");
        let db = redb::Database::create(dir.join("state.redb")).unwrap();
        let w = db.begin_write().unwrap();
        let forged = commit::Node::Leaf {
            key: Digest([1; 32]),
            value: Digest([2; 32]),
        };
        w.open_table(nodes)
            .unwrap()
            .insert(&root.0, forged.encode().as_slice())
            .unwrap();
        w.commit().unwrap();
    }
    let store = Store::open(&dir).unwrap();
    let err = store.prove(&root, &commit::account_key(ALICE)).unwrap_err();
    assert!(
        matches!(err, StoreError::Tree(commit::TreeError::Corrupt { .. })),
        "{err}"
    );
    assert!(store.check_root().is_ok(), "the state itself is intact");
    drop(store);
    std::fs::remove_dir_all(&dir).unwrap();
}
