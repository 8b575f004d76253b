//! Transaction authorization with the harness: every way of acting on an account
//! without its key is refused with a precise reason and commits nothing (no
//! signature, a wrong key, another account's key, a signature of another transaction,
//! a replayed signature, a note or argument changed after signing); the right key
//! succeeds; the multisig needs 2 of 3 keys; a key rotation moves authority to the new
//! key; public accounts (auth-none) take no proof; every committed transaction,
//! signatures included, replays from its witness.

mod common;

use common::chain;
use rivet_testing::{
    halves, limbs, public_key, AccountId, AccountKind, Chain, ExecError, NoteId, Signer, Storage,
    Tx, Val, Word,
};

const TOKENS: &[&str] = &[
    "fungible-faucet",
    "basic-wallet",
    "p2id",
    "mint-tx",
    "send-asset-tx",
];

/// A public faucet (auth-none), alice and bob (auth-ed25519 wallets).
fn world(c: &mut Chain) -> (AccountId, AccountId, AccountId) {
    let mut storage = Storage::with_slots(2, 0);
    storage.values[0] = Word::from_u64(1_000);
    let faucet = c
        .create_account(
            "faucet",
            AccountKind::Faucet,
            &["fungible-faucet", "auth-none"],
            storage,
        )
        .unwrap();
    let wallet = |c: &mut Chain, name: &str| {
        c.create_account(
            name,
            AccountKind::Regular,
            &["basic-wallet", "auth-ed25519"],
            Storage::default(),
        )
        .unwrap()
    };
    (faucet, wallet(c, "alice"), wallet(c, "bob"))
}

fn mint(c: &mut Chain, faucet: AccountId, amount: u64, to: AccountId) -> NoteId {
    let mut args = vec![amount];
    args.extend(limbs(c.hash("p2id").unwrap()));
    args.extend(halves(to));
    c.run(&c.tx(faucet).script("mint-tx", &args))
        .unwrap()
        .outputs[0]
        .id()
}

fn send(c: &Chain, faucet: AccountId, from: AccountId, amount: u64, to: AccountId) -> Tx {
    let mut args = vec![faucet.prefix, faucet.suffix, amount];
    args.extend(limbs(c.hash("p2id").unwrap()));
    args.extend(halves(to));
    c.tx(from).script("send-asset-tx", &args)
}

/// The auth component's reason for a refusal (any other refusal fails the test).
fn auth_reason(e: &ExecError) -> String {
    match e {
        ExecError::AuthRefused { reason, .. } => reason.clone(),
        other => panic!("expected the auth component's refusal, got: {other}"),
    }
}

fn refused_because(tx: Tx, c: &mut Chain, expected: &str) {
    let e = c.refused(&tx).unwrap();
    let reason = auth_reason(&e);
    assert!(
        reason.contains(expected),
        "expected `{expected}` in: {reason}"
    );
    assert!(e.to_string().starts_with("not authorized"), "{e}");
}

fn digest_val(bytes: [u8; 32]) -> Val {
    let l = Word(bytes).limbs();
    Val::Record(
        ["w0", "w1", "w2", "w3"]
            .iter()
            .zip(l)
            .map(|(n, v)| (n.to_string(), Val::U64(v)))
            .collect(),
    )
}

#[test]
fn only_the_accounts_key_authorizes_its_transactions() {
    let mut c = chain(TOKENS);
    let (faucet, alice, bob) = world(&mut c);
    let first = mint(&mut c, faucet, 100, alice);
    let second = mint(&mut c, faucet, 50, alice);

    // No signature, a stranger's key, bob's own key: refused, nothing committed.
    let spend = c.tx(alice).consume(first);
    refused_because(
        c.tx(alice).consume(first).signed_by(Signer::None),
        &mut c,
        "no signature",
    );
    let mallory = Signer::Ed25519(Chain::test_key("mallory"));
    refused_because(
        spend.clone().signed_by(mallory),
        &mut c,
        "invalid signature",
    );
    refused_because(
        spend.clone().signed_by(c.signer(bob)),
        &mut c,
        "invalid signature",
    );
    refused_because(spend.clone().proof(vec![0; 63]), &mut c, "not a 64-byte");

    // A note swapped after signing: the proof for consuming `first` used on `second`.
    let signed = c.proof_for(&c.tx(alice).consume(first)).unwrap();
    refused_because(
        c.tx(alice).consume(second).proof(signed.clone()),
        &mut c,
        "not a signature of this transaction's summary",
    );
    // The right key succeeds (the harness signs with alice's key).
    c.run(&c.tx(alice).consume(first).proof(signed.clone()))
        .unwrap();
    // The same signature again: the nonce moved, so the summary differs.
    let e = c
        .refused(&c.tx(alice).consume(second).proof(signed))
        .unwrap();
    assert!(auth_reason(&e).contains("invalid signature"), "{e}");
    c.run(&c.tx(alice).consume(second)).unwrap();
    assert_eq!(c.balance(alice, faucet).unwrap(), 150);

    // Arguments changed after signing: the amount, then the recipient.
    let signed = c.proof_for(&send(&c, faucet, alice, 10, bob)).unwrap();
    for tampered in [
        send(&c, faucet, alice, 11, bob),
        send(&c, faucet, alice, 10, faucet),
    ] {
        refused_because(tampered.proof(signed.clone()), &mut c, "invalid signature");
    }
    // A signature of bob's transaction is useless on alice's account, even for a
    // transaction of the same shape (here: none, just authentication).
    let bobs = c.proof_for(&c.tx(bob)).unwrap();
    refused_because(c.tx(alice).proof(bobs), &mut c, "invalid signature");
    let sent = c
        .run(&send(&c, faucet, alice, 10, bob).proof(signed.clone()))
        .unwrap();
    // Replaying the committed transaction's own signature is refused.
    refused_because(
        send(&c, faucet, alice, 10, bob).proof(signed),
        &mut c,
        "invalid signature",
    );
    c.run(&c.tx(bob).consume(sent.outputs[0].id())).unwrap();
    assert_eq!(c.balance(alice, faucet).unwrap(), 140);
    assert_eq!(c.balance(bob, faucet).unwrap(), 10);
    assert_eq!(c.replay_all().unwrap(), 6);
}

#[test]
fn public_accounts_take_no_proof_and_every_account_needs_one_auth_component() {
    let mut c = chain(TOKENS);
    let (faucet, alice, _) = world(&mut c);
    // Anyone may ask the faucet to mint (within its cap): no key needed.
    mint(&mut c, faucet, 5, alice);
    let mut args = vec![5];
    args.extend(limbs(c.hash("p2id").unwrap()));
    args.extend(halves(alice));
    let tx = c.tx(faucet).script("mint-tx", &args).proof(vec![1]);
    refused_because(tx, &mut c, "takes no proof");

    let none = c
        .create_account(
            "keyless",
            AccountKind::Regular,
            &["basic-wallet"],
            Storage::default(),
        )
        .unwrap();
    let e = c.refused(&c.tx(none)).unwrap();
    assert!(matches!(e, ExecError::NoAuthComponent { .. }), "{e}");
    let two = c
        .create_account(
            "two",
            AccountKind::Regular,
            &["basic-wallet", "auth-none", "auth-ed25519"],
            Storage::default(),
        )
        .unwrap();
    let e = c.refused(&c.tx(two)).unwrap();
    assert!(matches!(e, ExecError::SeveralAuthComponents { .. }), "{e}");
    assert_eq!(c.replay_all().unwrap(), 1);
}

#[test]
fn multisig_needs_two_of_three_keys() {
    let mut c = chain(TOKENS);
    let (faucet, alice, _) = world(&mut c);
    let vault = c
        .create_account(
            "vault",
            AccountKind::Regular,
            &["basic-wallet", "auth-multisig"],
            Storage::default(),
        )
        .unwrap();
    let note = mint(&mut c, faucet, 40, vault);
    let k = |i: u8| (i, Chain::test_key(&format!("vault/{i}")));
    let take = c.tx(vault).consume(note);
    let one = Signer::Multisig(vec![k(2)]);
    refused_because(
        take.clone().signed_by(one),
        &mut c,
        "1 of 3 keys signed, 2 needed",
    );
    let twice = Signer::Multisig(vec![k(0), k(0)]);
    refused_because(take.clone().signed_by(twice), &mut c, "key 0 signed twice");
    let wrong = Signer::Multisig(vec![k(0), (1, Chain::test_key("mallory"))]);
    refused_because(
        take.clone().signed_by(wrong),
        &mut c,
        "key 1: invalid signature",
    );
    refused_because(take.clone().proof(vec![0; 64]), &mut c, "65-byte");
    refused_because(
        take.clone().signed_by(Signer::None),
        &mut c,
        "0 of 3 keys signed",
    );
    // Keys 1 and 2 (not the harness's default 0 and 1) are two of three.
    c.run(&take.signed_by(Signer::Multisig(vec![k(1), k(2)])))
        .unwrap();
    // Then the default signers (keys 0 and 1) send from it.
    c.run(&send(&c, faucet, vault, 15, alice)).unwrap();
    assert_eq!(c.balance(vault, faucet).unwrap(), 25);
    assert_eq!(c.replay_all().unwrap(), 3);
}

#[test]
fn key_rotation_moves_authority_to_the_new_key() {
    let mut c = chain(TOKENS);
    let (faucet, alice, bob) = world(&mut c);
    let note = mint(&mut c, faucet, 20, alice);
    let new_key = Chain::test_key("alice-2");
    let rotate = |c: &Chain, key: [u8; 32]| {
        c.tx(alice).call(
            "auth-ed25519",
            "rivet:auth-ed25519/single-key#rotate-key",
            vec![digest_val(key)],
        )
    };
    // Rotation needs the current key.
    let by_new = rotate(&c, public_key(&new_key)).signed_by(Signer::Ed25519(new_key.clone()));
    refused_because(by_new, &mut c, "invalid signature");
    c.run(&rotate(&c, public_key(&new_key))).unwrap();
    // The old key stops working, the new one signs.
    refused_because(c.tx(alice).consume(note), &mut c, "invalid signature");
    c.set_signer(alice, Signer::Ed25519(new_key.clone()));
    c.run(&c.tx(alice).consume(note)).unwrap();
    c.run(&send(&c, faucet, alice, 5, bob)).unwrap();
    let got = c
        .view(
            alice,
            "auth-ed25519",
            "rivet:auth-ed25519/single-key#public-key",
            vec![],
        )
        .unwrap();
    assert_eq!(
        got,
        vec![Val::Result(Ok(Some(Box::new(digest_val(public_key(
            &new_key
        ))))))]
    );
    assert_eq!(c.balance(alice, faucet).unwrap(), 15);
    assert_eq!(c.replay_all().unwrap(), 4);
}

#[test]
fn helper_components_are_reported_as_library_callers() {
    let mut c = chain(&["counter-user", "counter-c", "adder-wat"]);
    // counter-c is not one of the account's components here: it is a library the
    // account's counter-user calls, and rivet:base/account refuses it by that kind.
    let acct = c
        .create_account(
            "counter",
            AccountKind::Regular,
            &["counter-user", "auth-ed25519"],
            Storage::with_slots(1, 0),
        )
        .unwrap();
    let bump = c.tx(acct).call(
        "counter-user",
        "rivet:counter-user/user#bump",
        vec![Val::U64(1)],
    );
    let e = c.refused(&bump).unwrap();
    assert!(e.to_string().contains("is a library"), "{e}");
}
