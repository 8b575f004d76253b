//! The pool's answer to a lost commit race, made deterministic: two transactions
//! executed against the same state, the first committed, then the second handed to
//! `commit_or_rerun`: it is executed again on the new state and refused with the
//! executor's reason (its signature covers a nonce that has moved, or a note was
//! consumed meanwhile), never applied on top of a state it did not see. (Within one
//! node the per-account lock keeps two transactions of one account from racing; the
//! re-run is what protects against everything else.)

mod common;

use common::*;
use rivet_node::pool::{commit_or_rerun, Outcome};
use rivet_node::{Ledger, TxSpec};
use rivet_state::auth::keys;
use rivet_state::{AccountId, Signer, TxRequest};
use std::path::Path;

const ALICE: AccountId = AccountId::new(0xa11ce, 2);

/// Signs `req` with `name`'s key from the keystore of `state`.
fn sign(
    ledger: &Ledger,
    state: &Path,
    app: &rivet_runtime::component::App,
    req: &mut TxRequest,
    name: &str,
) {
    let digest = ledger.summarize(app, req).unwrap().digest();
    let text = std::fs::read_to_string(state.join(format!("keys/{name}.key"))).unwrap();
    let key = keys::parse_key_file(&text).unwrap();
    req.auth_proof = Signer::Ed25519(key).proof(&digest);
}

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
    let (mut req, app) = spec.resolve(&ledger).unwrap();
    sign(&ledger, &state, &app, &mut req, "alice");
    let first = ledger.execute(&app, &req).unwrap();
    let second = ledger.execute(&app, &req).unwrap();
    assert_eq!(first.base_nonce, second.base_nonce);
    ledger.commit(&first).unwrap();
    // Committing `second` as executed would be stale: the pool re-runs it.
    assert!(ledger.commit(&second).is_err());
    match commit_or_rerun(&ledger, &app, &req, second, &|l, tx| l.commit(tx)).unwrap() {
        Outcome::Refused {
            kind,
            reason,
            attempts,
        } => {
            assert_eq!((kind, attempts), ("unauthorized", 2));
            assert!(
                reason.contains("not a signature of this transaction"),
                "{reason}"
            );
        }
        other => panic!("expected a refusal after a re-run, got {other:?}"),
    }
    assert_eq!(balance(ALICE), before - 1);

    // Two consumptions of one note: the second re-runs and is refused.
    let note = first.outputs[0].id().to_hex();
    let spec = TxSpec::from_json(&consume("bob", &note)).unwrap();
    let (mut req, app) = spec.resolve(&ledger).unwrap();
    sign(&ledger, &state, &app, &mut req, "bob");
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
