//! Unit tests of the model: encodings, deltas, conservation, the pending view.

use super::*;
use crate::codec::{decode, encode};
use rivet_format::CodeHash;

const FAUCET: AccountId = AccountId::new(0xfa, 1);
const OTHER_FAUCET: AccountId = AccountId::new(0xfb, 2);
const ALICE: AccountId = AccountId::new(0xa1, 3);
const BOB: AccountId = AccountId::new(0xb0, 4);

fn account(id: AccountId, kind: AccountKind) -> Account {
    Account {
        id,
        kind,
        code: vec![CodeHash::of(b"wallet")],
        storage: Storage::with_slots(2, 1),
        vault: Vault::default(),
        nonce: 0,
    }
}

fn coins(faucet: AccountId, amount: u64) -> Asset {
    Asset::Fungible { faucet, amount }
}

fn nft(tag: u8) -> NonFungible {
    NonFungible {
        faucet: FAUCET,
        data_hash: Word([tag; 32]),
    }
}

fn note(sender: AccountId, assets: Vec<Asset>, serial: u8) -> Note {
    Note {
        script: CodeHash::of(b"p2id"),
        inputs: vec![BOB.prefix, BOB.suffix],
        assets,
        sender,
        serial: Word([serial; 32]),
    }
}

/// Runs `f` on a pending transaction over `acct` and returns the result of `finish`.
fn run(
    acct: &Account,
    inputs: &[Note],
    f: impl FnOnce(&mut PendingTx),
) -> Result<TxResult, StateError> {
    let mut p = PendingTx::new(acct.clone(), Word([7; 32]));
    for n in inputs {
        p.consume(n.clone());
    }
    f(&mut p);
    p.finish(10, vec![1, 2, 3])
}

#[test]
fn encodings_round_trip_and_are_canonical() {
    let mut a = account(ALICE, AccountKind::Regular);
    a.vault.fungible.insert(FAUCET, 5);
    a.vault.non_fungible.insert(nft(1));
    a.storage.maps[0].insert(Word([1; 32]), Word([2; 32]));
    a.nonce = 9;
    let bytes = encode(&a);
    assert_eq!(decode::<Account>(&bytes, "account").unwrap(), a);
    let n = note(ALICE, vec![coins(FAUCET, 3), Asset::NonFungible(nft(2))], 1);
    assert_eq!(decode::<Note>(&encode(&n), "note").unwrap(), n);
    let tx = run(&a, std::slice::from_ref(&n), |p| {
        p.add_asset(coins(FAUCET, 3)).unwrap();
        p.add_asset(Asset::NonFungible(nft(2))).unwrap();
        p.incr_nonce();
    })
    .unwrap();
    assert_eq!(decode::<TxResult>(&encode(&tx), "tx").unwrap(), tx);
    // Trailing bytes, truncation and out-of-order maps are errors, never panics.
    let mut long = bytes.clone();
    long.push(0);
    assert!(decode::<Account>(&long, "account").is_err());
    for cut in 0..bytes.len() {
        assert!(decode::<Account>(&bytes[..cut], "account").is_err());
    }
    let mut b = account(ALICE, AccountKind::Regular);
    b.vault.fungible.insert(FAUCET, 1);
    b.vault.fungible.insert(OTHER_FAUCET, 1);
    let good = encode(&b);
    // Swap the two 24-byte (id, amount) entries of the vault map.
    let at = good.len() - 8 - 4 - 48;
    let mut swapped = good.clone();
    swapped[at..at + 24].copy_from_slice(&good[at + 24..at + 48]);
    swapped[at + 24..at + 48].copy_from_slice(&good[at..at + 24]);
    let err = decode::<Account>(&swapped, "account").unwrap_err();
    assert!(err.to_string().contains("out of order"), "{err}");
}

#[test]
fn note_ids_depend_on_every_field() {
    let n = note(ALICE, vec![coins(FAUCET, 3)], 1);
    let mut ids = vec![n.id()];
    let mut m = n.clone();
    m.serial = Word([2; 32]);
    ids.push(m.id());
    let mut m = n.clone();
    m.inputs.push(0);
    ids.push(m.id());
    let mut m = n.clone();
    m.sender = BOB;
    ids.push(m.id());
    let mut m = n.clone();
    m.assets = vec![coins(FAUCET, 4)];
    ids.push(m.id());
    let mut m = n.clone();
    m.script = CodeHash::of(b"other");
    ids.push(m.id());
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6);
}

#[test]
fn between_then_apply_reproduces_the_account() {
    let mut before = account(ALICE, AccountKind::Regular);
    before.vault.fungible.insert(FAUCET, 10);
    before.vault.non_fungible.insert(nft(1));
    before.storage.maps[0].insert(Word([1; 32]), Word([1; 32]));
    let mut after = before.clone();
    after.storage.values[1] = Word::from_u64(5);
    after.storage.maps[0].remove(&Word([1; 32]));
    after.storage.maps[0].insert(Word([3; 32]), Word([4; 32]));
    after.vault.fungible.insert(FAUCET, 4);
    after.vault.fungible.insert(OTHER_FAUCET, 2);
    after.vault.non_fungible.remove(&nft(1));
    after.vault.non_fungible.insert(nft(2));
    after.nonce = 1;
    let d = AccountDelta::between(&before, &after);
    assert_eq!(d.vault.fungible[&FAUCET], -6);
    assert_eq!(d.maps[&(0, Word([1; 32]))], Word::ZERO);
    // Balance the books with notes so conservation holds: 6 FAUCET + nft(1) leave,
    // 2 OTHER + nft(2) arrive.
    let out = note(ALICE, vec![coins(FAUCET, 6), Asset::NonFungible(nft(1))], 1);
    let inp = note(
        BOB,
        vec![coins(OTHER_FAUCET, 2), Asset::NonFungible(nft(2))],
        2,
    );
    let mut x = before.clone();
    d.apply(&mut x, &[inp], &[out]).unwrap();
    assert_eq!(x, after);
}

#[test]
fn moving_assets_between_notes_and_vault_is_conserved() {
    let alice = account(ALICE, AccountKind::Regular);
    let incoming = note(BOB, vec![coins(FAUCET, 7)], 1);
    let tx = run(&alice, std::slice::from_ref(&incoming), |p| {
        p.add_asset(coins(FAUCET, 7)).unwrap();
        p.remove_asset(coins(FAUCET, 2)).unwrap();
        p.create_note(CodeHash::of(b"p2id"), vec![coins(FAUCET, 2)], vec![1, 2])
            .unwrap();
        p.incr_nonce();
    })
    .unwrap();
    let mut a = alice.clone();
    tx.delta.apply(&mut a, &[incoming], &tx.outputs).unwrap();
    assert_eq!(a.vault.balance(FAUCET), 5);
    assert_eq!(a.nonce, 1);
}

#[test]
fn no_transaction_creates_or_destroys_assets() {
    let mut alice = account(ALICE, AccountKind::Regular);
    alice.vault.fungible.insert(FAUCET, 10);
    alice.vault.non_fungible.insert(nft(1));
    let incoming = note(BOB, vec![coins(FAUCET, 3)], 1);
    // Adding more than the input notes bring: created.
    let err = run(&alice, std::slice::from_ref(&incoming), |p| {
        p.add_asset(coins(FAUCET, 4)).unwrap();
        p.incr_nonce();
    })
    .unwrap_err();
    assert_eq!(
        err,
        StateError::NotConserved {
            account: ALICE,
            faucet: FAUCET,
            created: 1
        }
    );
    // Consuming a note without taking its assets: destroyed.
    let err = run(&alice, std::slice::from_ref(&incoming), |p| {
        p.incr_nonce();
    })
    .unwrap_err();
    assert_eq!(
        err,
        StateError::NotConserved {
            account: ALICE,
            faucet: FAUCET,
            created: -3
        }
    );
    // Removing from the vault without an output note: destroyed.
    let err = run(&alice, &[], |p| {
        p.remove_asset(coins(FAUCET, 1)).unwrap();
        p.incr_nonce();
    })
    .unwrap_err();
    assert!(
        matches!(err, StateError::NotConserved { created: -1, .. }),
        "{err}"
    );
    // An output note not funded from the vault: created.
    let err = run(&alice, &[], |p| {
        p.create_note(CodeHash::of(b"s"), vec![coins(FAUCET, 1)], vec![])
            .unwrap();
    })
    .unwrap_err();
    assert!(
        matches!(err, StateError::NotConserved { created: 1, .. }),
        "{err}"
    );
    // Duplicating a unique asset into a note while keeping it.
    let err = run(&alice, &[], |p| {
        p.create_note(CodeHash::of(b"s"), vec![Asset::NonFungible(nft(1))], vec![])
            .unwrap();
    })
    .unwrap_err();
    assert_eq!(
        err,
        StateError::NonFungibleNotConserved {
            account: ALICE,
            asset: nft(1)
        }
    );
    // A regular account cannot mint even though its "faucet" would be itself.
    let err = run(&alice, &[], |p| {
        p.create_note(CodeHash::of(b"s"), vec![coins(ALICE, 1)], vec![])
            .unwrap();
    })
    .unwrap_err();
    assert!(
        matches!(err, StateError::NotConserved { faucet: ALICE, .. }),
        "{err}"
    );
    // Well-balanced: nothing created, nothing destroyed.
    run(&alice, &[incoming], |p| {
        p.add_asset(coins(FAUCET, 3)).unwrap();
        p.remove_asset(Asset::NonFungible(nft(1))).unwrap();
        p.create_note(CodeHash::of(b"s"), vec![Asset::NonFungible(nft(1))], vec![])
            .unwrap();
        p.incr_nonce();
    })
    .unwrap();
}

#[test]
fn only_a_faucet_mints_and_only_its_own_asset() {
    let faucet = account(FAUCET, AccountKind::Faucet);
    let tx = run(&faucet, &[], |p| {
        p.create_note(CodeHash::of(b"p2id"), vec![coins(FAUCET, 100)], vec![])
            .unwrap();
        p.create_note(
            CodeHash::of(b"p2id"),
            vec![Asset::NonFungible(nft(9))],
            vec![],
        )
        .unwrap();
        p.set_item(1, Word::from_u64(100)).unwrap();
        p.incr_nonce();
    })
    .unwrap();
    assert_eq!(tx.outputs.len(), 2);
    assert_ne!(tx.outputs[0].id(), tx.outputs[1].id());
    let err = run(&faucet, &[], |p| {
        p.create_note(CodeHash::of(b"p2id"), vec![coins(OTHER_FAUCET, 1)], vec![])
            .unwrap();
    })
    .unwrap_err();
    assert!(matches!(
        err,
        StateError::NotConserved {
            faucet: OTHER_FAUCET,
            created: 1,
            ..
        }
    ));
    // Burning is destroying: refused too.
    let mut rich = faucet.clone();
    rich.vault.fungible.insert(FAUCET, 5);
    let err = run(&rich, &[], |p| {
        p.remove_asset(coins(FAUCET, 5)).unwrap();
        p.incr_nonce();
    })
    .unwrap_err();
    assert!(
        matches!(err, StateError::NotConserved { created: -5, .. }),
        "{err}"
    );
}

#[test]
fn vault_underflow_and_overflow_are_errors() {
    let mut alice = account(ALICE, AccountKind::Regular);
    alice.vault.fungible.insert(FAUCET, u64::MAX - 1);
    let mut p = PendingTx::new(alice.clone(), Word::ZERO);
    assert_eq!(
        p.add_asset(coins(FAUCET, 2)),
        Err(AccountOpError::AmountOverflow)
    );
    assert_eq!(
        p.remove_asset(coins(OTHER_FAUCET, 1)),
        Err(AccountOpError::InsufficientBalance)
    );
    assert_eq!(
        p.remove_asset(Asset::NonFungible(nft(1))),
        Err(AccountOpError::DuplicateOrMissingAsset)
    );
    p.add_asset(Asset::NonFungible(nft(1))).unwrap();
    assert_eq!(
        p.add_asset(Asset::NonFungible(nft(1))),
        Err(AccountOpError::DuplicateOrMissingAsset)
    );
    // The same rules hold for a delta handed straight to apply.
    let mut d = AccountDelta {
        nonce_incremented: true,
        ..AccountDelta::default()
    };
    d.vault.fungible.insert(FAUCET, 2);
    let inp = note(BOB, vec![coins(FAUCET, 2)], 1);
    let mut a = alice.clone();
    assert_eq!(
        d.apply(&mut a, &[inp], &[]),
        Err(StateError::AmountOverflow {
            account: ALICE,
            faucet: FAUCET
        })
    );
    let mut d = AccountDelta {
        nonce_incremented: true,
        ..AccountDelta::default()
    };
    d.vault.fungible.insert(OTHER_FAUCET, -1);
    let out = note(ALICE, vec![coins(OTHER_FAUCET, 1)], 1);
    assert!(matches!(
        d.apply(&mut a, &[], &[out]),
        Err(StateError::InsufficientBalance {
            have: 0,
            want: 1,
            ..
        })
    ));
    let mut d = AccountDelta {
        nonce_incremented: true,
        ..AccountDelta::default()
    };
    d.vault.removed.insert(nft(3));
    let out = note(ALICE, vec![Asset::NonFungible(nft(3))], 1);
    assert!(matches!(
        d.apply(&mut a, &[], &[out]),
        Err(StateError::MissingAsset { .. })
    ));
    assert_eq!(a, alice, "failed applies leave the account unchanged");
}

#[test]
fn storage_slots_and_nonce_rules() {
    let alice = account(ALICE, AccountKind::Regular);
    let mut p = PendingTx::new(alice.clone(), Word::ZERO);
    assert_eq!(p.set_item(2, Word::ZERO), Err(AccountOpError::InvalidSlot));
    assert_eq!(
        p.get_map_item(1, Word::ZERO),
        Err(AccountOpError::InvalidSlot)
    );
    assert_eq!(p.set_item(0, Word::from_u64(3)), Ok(Word::ZERO));
    assert_eq!(
        p.set_map_item(0, Word([1; 32]), Word([2; 32])),
        Ok(Word::ZERO)
    );
    assert_eq!(p.get_map_item(0, Word([1; 32])), Ok(Word([2; 32])));
    // A state change without a nonce increment is refused.
    let err = p.clone().finish(0, vec![]).unwrap_err();
    assert_eq!(err, StateError::NonceNotIncremented { account: ALICE });
    assert_eq!(p.incr_nonce(), 1);
    assert_eq!(p.incr_nonce(), 1, "one increment per transaction");
    let tx = p.finish(0, vec![]).unwrap();
    let mut a = alice.clone();
    tx.delta.apply(&mut a, &[], &[]).unwrap();
    assert_eq!(a.storage.values[0], Word::from_u64(3));
    assert_eq!(a.nonce, 1);
    let mut bad = AccountDelta {
        nonce_incremented: true,
        ..AccountDelta::default()
    };
    bad.values.insert(5, Word::ZERO);
    assert!(matches!(
        bad.apply(&mut a, &[], &[]),
        Err(StateError::InvalidValueSlot { slot: 5, .. })
    ));
}

#[test]
fn malformed_notes_are_refused() {
    let alice = account(ALICE, AccountKind::Faucet);
    let mut p = PendingTx::new(alice, Word::ZERO);
    let s = CodeHash::of(b"s");
    for assets in [
        vec![coins(ALICE, 0)],
        vec![coins(ALICE, 1), coins(ALICE, 1)],
        vec![Asset::NonFungible(nft(1)), Asset::NonFungible(nft(1))],
    ] {
        assert!(matches!(
            p.create_note(s, assets, vec![]),
            Err(StateError::InvalidNote { .. })
        ));
    }
    assert!(p.create_note(s, vec![], vec![0; 2000]).is_err());
    assert!(p.outputs().is_empty());
}

#[test]
fn word_limbs_match_wit_digest_layout() {
    let w = Word::from_limbs([1, 2, 3, u64::MAX]);
    assert_eq!(w.0[0], 1);
    assert_eq!(w.0[8], 2);
    assert_eq!(w.limbs(), [1, 2, 3, u64::MAX]);
    assert_eq!(Word::from_u64(7).limbs(), [7, 0, 0, 0]);
}
