//! The pool's answer to a lost commit race, made deterministic: two transactions
//! executed against the same state, the first committed, then the second handed to
//! `commit_or_rerun`: it is executed again on the new state and committed (two
//! sends), or refused with the executor's reason (a note already consumed), never
//! applied on top of a state it did not see.

mod common;

use common::*;
use rivet_node::pool::{commit_or_rerun, Outcome};
use rivet_node::{Ledger, TxSpec};
use rivet_state::AccountId;

const ALICE: AccountId = AccountId::new(0xa11ce, 2);

#[test]
fn a_stale_result_is_rerun_or_refused_never_applied() {
    let state = demo_state("node-race");
    let ledger = Ledger::open(&state).unwrap();
    let balance = |id| {
        ledger
            .account(id)
            .unwrap()
            .unwrap()
            .vault
            .balance(AccountId::new(0xfa0c, 1))
    };
    let before = balance(ALICE);
    let spec = TxSpec::from_json(&send("alice", 1, "bob")).unwrap();
    let (req, app) = spec.resolve(&ledger).unwrap();
    let first = ledger.execute(&app, &req).unwrap();
    let second = ledger.execute(&app, &req).unwrap();
    assert_eq!(first.base_nonce, second.base_nonce);
    ledger.commit(&first).unwrap();
    // Committing `second` as executed would be stale: the pool re-runs it.
    assert!(ledger.commit(&second).is_err());
    match commit_or_rerun(&ledger, &app, &req, second, &|l, tx| l.commit(tx)).unwrap() {
        Outcome::Committed { attempts, tx, .. } => {
            assert_eq!(attempts, 2);
            assert_eq!(tx.base_nonce, first.base_nonce + 1);
        }
        other => panic!("expected a commit after a re-run, got {other:?}"),
    }
    assert_eq!(balance(ALICE), before - 2);

    // Two consumptions of one note: the second re-runs and is refused.
    let note = first.outputs[0].id().to_hex();
    let spec = TxSpec::from_json(&consume("bob", &note)).unwrap();
    let (req, app) = spec.resolve(&ledger).unwrap();
    let a = ledger.execute(&app, &req).unwrap();
    let b = ledger.execute(&app, &req).unwrap();
    let height = ledger.head().unwrap().len;
    ledger.commit(&a).unwrap();
    match commit_or_rerun(&ledger, &app, &req, b, &|l, tx| l.commit(tx)).unwrap() {
        Outcome::Refused {
            kind,
            reason,
            attempts,
        } => {
            assert_eq!((kind, attempts), ("unavailable", 2));
            assert!(reason.contains("already consumed"), "{reason}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(ledger.head().unwrap().len, height + 1, "applied twice");
    ledger.verify_chain().unwrap();
}
