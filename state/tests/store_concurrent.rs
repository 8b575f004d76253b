//! Concurrent commits, on both backends: in each round two accounts race to consume
//! one note while a third commits an unrelated transaction, all three released at
//! once. Exactly one consumer wins (the other is refused with `NoteConsumed`), the
//! unrelated transaction always commits, and afterwards the log replays to the
//! stored state, its chain verifies and the state root is the root of the state.
//!
//! With PostgreSQL the three commits go through two `Store` handles on one database
//! (as two processes would); a redb store has one handle per directory, shared.

#[macro_use]
mod backends;
mod support;

use backends::Place;
use rivet_state::{AccountId, Note, PendingTx, Store, StoreError, TxResult, Word};
use std::sync::Barrier;
use support::*;

const ROUNDS: u64 = 12;

/// `who` consumes `note` and sends its assets on in a new note to itself.
fn pass_on(store: &Store, who: AccountId, note: &Note, round: u64) -> TxResult {
    let account = store.account(who).unwrap().unwrap();
    let seed =
        Word(*blake3::hash(&[round.to_le_bytes(), who.suffix.to_le_bytes()].concat()).as_bytes());
    let mut p = PendingTx::new(account, seed);
    p.consume(note.clone());
    let asset = note.assets[0];
    p.add_asset(asset).unwrap();
    p.remove_asset(asset).unwrap();
    p.create_note(p2id(), vec![asset], vec![who.prefix, who.suffix])
        .unwrap();
    p.incr_nonce();
    p.finish(round, vec![]).unwrap()
}

/// The faucet records the round in its storage: touches no note.
fn unrelated(store: &Store, round: u64) -> TxResult {
    let faucet = store.account(FAUCET).unwrap().unwrap();
    let mut p = PendingTx::new(faucet, Word([9; 32]));
    p.set_item(0, Word::from_u64(round)).unwrap();
    p.incr_nonce();
    p.finish(1, vec![]).unwrap()
}

fn handles(place: &Place) -> (Store, Option<Store>) {
    let first = place.open();
    let second = matches!(place, Place::Db { .. }).then(|| place.open());
    (first, second)
}

on_both_backends! {
fn racing_consumers_apply_once_and_nothing_is_lost(place) {
    let (first, second) = handles(&place);
    let other = second.as_ref().unwrap_or(&first);
    genesis(&first);
    for round in 0..ROUNDS {
        let notes = first.unspent_notes().unwrap();
        assert_eq!(notes.len(), 1, "one note in flight");
        let a = pass_on(&first, ALICE, &notes[0], round);
        let b = pass_on(other, BOB, &notes[0], round);
        let c = unrelated(&first, round);
        let start = Barrier::new(3);
        let [ra, rb, rc] = std::thread::scope(|s| {
            let ha = s.spawn(|| {
                start.wait();
                first.commit(&a)
            });
            let hb = s.spawn(|| {
                start.wait();
                other.commit(&b)
            });
            let hc = s.spawn(|| {
                start.wait();
                if round % 2 == 0 { first.commit(&c) } else { other.commit(&c) }
            });
            [ha.join().unwrap(), hb.join().unwrap(), hc.join().unwrap()]
        });
        rc.unwrap_or_else(|e| panic!("round {round}: the unrelated commit failed: {e}"));
        match (&ra, &rb) {
            (Ok(_), Err(StoreError::NoteConsumed(_))) | (Err(StoreError::NoteConsumed(_)), Ok(_)) => {}
            other => panic!("round {round}: expected exactly one consumer to win, got {other:?}"),
        }
    }
    let log = check_consistent(other);
    assert_eq!(log as u64, 1 + 2 * ROUNDS);
    assert_eq!(other.verify_chain().unwrap().len, log as u64);
    assert_eq!(other.check_root().unwrap(), first.state_root().unwrap());
    drop((first, second));
    place.remove();
}
}
