//! The example contracts (examples/contracts) tested with the harness: the wallet and
//! p2id, the fungible faucet and its transaction scripts, the counter across Rust,
//! C and WAT, and the swap note, each with its refusals (nothing committed).
//!
//! The contracts are built once per test binary by scripts/build-contracts.sh into the
//! target's shared temporary directory (as rivet-state's and rivet-cli's tests do),
//! so a second test binary reuses the same build.

use rivet_testing::{
    halves, limbs, AccountId, AccountKind, Asset, Chain, ExecError, Storage, Val, Word,
};

mod common;
use common::chain;

const TOKENS: &[&str] = &[
    "fungible-faucet",
    "basic-wallet",
    "p2id",
    "mint-tx",
    "send-asset-tx",
];
const CAP: u64 = 1_000;

/// The faucet (cap in slot 0, issued in slot 1), alice and bob.
fn token_world(c: &mut Chain) -> (AccountId, AccountId, AccountId) {
    let mut storage = Storage::with_slots(2, 0);
    storage.values[0] = Word::from_u64(CAP);
    let faucet = c
        .create_account(
            "faucet",
            AccountKind::Faucet,
            &["fungible-faucet", "auth-none"],
            storage,
        )
        .unwrap();
    let alice = c
        .create_account(
            "alice",
            AccountKind::Regular,
            &["basic-wallet", "auth-ed25519"],
            Storage::default(),
        )
        .unwrap();
    let bob = c
        .create_account(
            "bob",
            AccountKind::Regular,
            &["basic-wallet", "auth-ed25519"],
            Storage::default(),
        )
        .unwrap();
    (faucet, alice, bob)
}

fn p2id_args(c: &Chain, to: AccountId) -> Vec<u64> {
    let mut v = limbs(c.hash("p2id").unwrap()).to_vec();
    v.extend(halves(to));
    v
}

/// The faucet mints `amount` into a p2id note for `to`; returns the note id.
fn mint(
    c: &mut Chain,
    faucet: AccountId,
    amount: u64,
    to: AccountId,
) -> Result<rivet_testing::NoteId, rivet_testing::HarnessError> {
    let mut args = vec![amount];
    args.extend(p2id_args(c, to));
    let tx = c.tx(faucet).script("mint-tx", &args);
    Ok(c.run(&tx)?.outputs[0].id())
}

#[test]
fn mint_consume_send_and_their_refusals() {
    let mut c = chain(TOKENS);
    let (faucet, alice, bob) = token_world(&mut c);
    let note = mint(&mut c, faucet, 100, alice).unwrap();
    assert_eq!(c.storage(faucet, 1).unwrap(), Word::from_u64(100));

    // Bob may not take alice's p2id note.
    let e = c.refused(&c.tx(bob).consume(note)).unwrap();
    assert!(
        matches!(&e, ExecError::NoteRefused { reason, .. } if reason.contains("p2id note is for account")),
        "{e}"
    );
    c.run(&c.tx(alice).consume(note)).unwrap();
    assert_eq!(c.balance(alice, faucet).unwrap(), 100);
    // A consumed note cannot be consumed again.
    let e = c.refused(&c.tx(alice).consume(note)).unwrap();
    assert!(matches!(e, ExecError::NoteUnavailable { .. }), "{e}");

    // Alice sends 30 to bob; sending more than she has is refused.
    let send = |c: &Chain, amount: u64| {
        let mut args = vec![faucet.prefix, faucet.suffix, amount];
        args.extend(p2id_args(c, bob));
        c.tx(alice).script("send-asset-tx", &args)
    };
    let e = c.refused(&send(&c, 1_000)).unwrap();
    assert!(e.to_string().contains("insufficient"), "{e}");
    let sent = c.run(&send(&c, 30)).unwrap();
    c.run(&c.tx(bob).consume(sent.outputs[0].id())).unwrap();
    assert_eq!(
        (
            c.balance(alice, faucet).unwrap(),
            c.balance(bob, faucet).unwrap()
        ),
        (70, 30)
    );

    // The wallet's balance as a view call: nothing committed.
    let log = c.store().transactions().unwrap().len();
    let faucet_val = Val::Record(vec![
        ("prefix".into(), Val::U64(faucet.prefix)),
        ("suffix".into(), Val::U64(faucet.suffix)),
    ]);
    let v = c
        .view(
            bob,
            "basic-wallet",
            "rivet:wallet/basic#balance",
            vec![faucet_val],
        )
        .unwrap();
    assert_eq!(v, vec![Val::U64(30)]);
    assert_eq!(c.store().transactions().unwrap().len(), log);
    assert_eq!(c.replay_all().unwrap(), log);
}

#[test]
fn faucet_enforces_its_cap_and_callers() {
    let mut c = chain(TOKENS);
    let (faucet, alice, _) = token_world(&mut c);
    mint(&mut c, faucet, CAP - 1, alice).unwrap();
    let mut args = vec![2];
    args.extend(p2id_args(&c, alice));
    let e = c.refused(&c.tx(faucet).script("mint-tx", &args)).unwrap();
    assert!(matches!(e, ExecError::EntryRefused { .. }), "{e}");
    // mint-tx on a wallet: the faucet component is not alice's code, so it may not
    // touch her account.
    let e = c.refused(&c.tx(alice).script("mint-tx", &args)).unwrap();
    assert!(
        e.to_string().contains("only the account's own components"),
        "{e}"
    );
    // A wallet's receive-asset is for note scripts only, not a transaction's entry.
    let asset = Val::Variant(
        "fungible".into(),
        Some(Box::new(Val::Record(vec![
            (
                "faucet".into(),
                Val::Record(vec![
                    ("prefix".into(), Val::U64(faucet.prefix)),
                    ("suffix".into(), Val::U64(faucet.suffix)),
                ]),
            ),
            ("amount".into(), Val::U64(5)),
        ]))),
    );
    let tx = c.tx(alice).call(
        "basic-wallet",
        "rivet:wallet/basic#receive-asset",
        vec![asset],
    );
    let e = c.refused(&tx).unwrap();
    assert!(e.to_string().contains("receive-asset"), "{e}");
    // Out of gas is a refusal too.
    let e = c
        .refused(&c.tx(faucet).script("mint-tx", &args).gas(100))
        .unwrap();
    assert!(matches!(e, ExecError::EntryTrapped { .. }), "{e}");
    assert_eq!(c.replay_all().unwrap(), 1);
}

#[test]
fn counter_across_rust_c_and_wat() {
    let mut c = chain(&["counter-user", "counter-c", "adder-wat"]);
    let counter = c
        .create_account(
            "counter",
            AccountKind::Regular,
            &["counter-user", "counter-c", "adder-wat", "auth-ed25519"],
            Storage::with_slots(1, 0),
        )
        .unwrap();
    let bump = |c: &Chain, by: u64| {
        c.tx(counter).call(
            "counter-user",
            "rivet:counter-user/user#bump",
            vec![Val::U64(by)],
        )
    };
    c.run(&bump(&c, 1)).unwrap();
    c.run(&bump(&c, 3)).unwrap();
    // bump doubles with the WAT adder, then adds with the C counter: 2 + 6.
    assert_eq!(c.storage(counter, 0).unwrap(), Word::from_u64(8));
    assert_eq!(c.account(counter).unwrap().nonce, 2);
    assert_eq!(c.replay_all().unwrap(), 2);
}

/// Token A from faucet `fa`, token B from faucet `fb` (genesis notes, no faucet code).
const FA: AccountId = AccountId::new(0xa, 1);
const FB: AccountId = AccountId::new(0xb, 2);

fn fungible(faucet: AccountId, amount: u64) -> Asset {
    Asset::Fungible { faucet, amount }
}

/// Gives `to` `amount` of `faucet`'s token through a genesis p2id note.
fn fund(c: &mut Chain, to: AccountId, faucet: AccountId, amount: u64) {
    let note = c
        .note(
            "p2id",
            vec![fungible(faucet, amount)],
            halves(to).to_vec(),
            faucet,
        )
        .unwrap();
    c.run(&c.tx(to).consume(note)).unwrap();
}

#[test]
fn swap_note_is_atomic() {
    let mut c = chain(&["basic-wallet", "p2id", "swap"]);
    let wallet = |c: &mut Chain, name: &str| {
        c.create_account(
            name,
            AccountKind::Regular,
            &["basic-wallet", "auth-ed25519"],
            Storage::default(),
        )
        .unwrap()
    };
    let (alice, bob, carol) = (
        wallet(&mut c, "alice"),
        wallet(&mut c, "bob"),
        wallet(&mut c, "carol"),
    );
    fund(&mut c, bob, FB, 50);
    fund(&mut c, carol, FB, 5);
    // Alice offers 40 A for 20 B, paid back in a p2id note.
    let mut inputs = vec![FB.prefix, FB.suffix, 20];
    inputs.extend(limbs(c.hash("p2id").unwrap()));
    let offer = c
        .note("swap", vec![fungible(FA, 40)], inputs.clone(), alice)
        .unwrap();

    // Carol has only 5 B: refused, nothing committed (she does not get A either).
    let e = c.refused(&c.tx(carol).consume(offer)).unwrap();
    assert!(
        matches!(&e, ExecError::NoteRefused { reason, .. } if reason.contains("swap: paying 20") && reason.contains("insufficient")),
        "{e}"
    );
    assert_eq!(
        (c.balance(carol, FA).unwrap(), c.balance(carol, FB).unwrap()),
        (0, 5)
    );

    // Bob takes it: +40 A, -20 B, and a p2id note with 20 B for alice.
    let tx = c.run(&c.tx(bob).consume(offer)).unwrap();
    assert_eq!(
        (c.balance(bob, FA).unwrap(), c.balance(bob, FB).unwrap()),
        (40, 30)
    );
    let [payback] = tx.outputs.as_slice() else {
        panic!("expected one payback note, got {:?}", tx.outputs)
    };
    assert_eq!(payback.script, c.hash("p2id").unwrap());
    assert_eq!(payback.inputs, halves(alice).to_vec());
    assert_eq!(payback.assets, vec![fungible(FB, 20)]);
    // Only alice can take the payment.
    let e = c.refused(&c.tx(bob).consume(payback.id())).unwrap();
    assert!(matches!(e, ExecError::NoteRefused { .. }), "{e}");
    c.run(&c.tx(alice).consume(payback.id())).unwrap();
    assert_eq!(c.balance(alice, FB).unwrap(), 20);

    // Malformed offers are refused: wrong input count, zero amount.
    let bad = c
        .note("swap", vec![fungible(FA, 1)], vec![1, 2], alice)
        .unwrap();
    let e = c.refused(&c.tx(bob).consume(bad)).unwrap();
    assert!(e.to_string().contains("swap needs 7 inputs"), "{e}");
    let mut zero = inputs;
    zero[2] = 0;
    let bad = c.note("swap", vec![fungible(FA, 1)], zero, alice).unwrap();
    let e = c.refused(&c.tx(bob).consume(bad)).unwrap();
    assert!(e.to_string().contains("must not be zero"), "{e}");
    // pay-note-sender serves note scripts only.
    let tx = c.tx(bob).call(
        "basic-wallet",
        "rivet:wallet/basic#pay-note-sender",
        vec![
            Val::Variant(
                "fungible".into(),
                Some(Box::new(Val::Record(vec![
                    (
                        "faucet".into(),
                        Val::Record(vec![
                            ("prefix".into(), Val::U64(FB.prefix)),
                            ("suffix".into(), Val::U64(FB.suffix)),
                        ]),
                    ),
                    ("amount".into(), Val::U64(1)),
                ]))),
            ),
            Val::Record(vec![
                ("w0".into(), Val::U64(0)),
                ("w1".into(), Val::U64(0)),
                ("w2".into(), Val::U64(0)),
                ("w3".into(), Val::U64(0)),
            ]),
        ],
    );
    let e = c.refused(&tx).unwrap();
    assert!(e.to_string().contains("pay-note-sender"), "{e}");
    assert_eq!(c.replay_all().unwrap(), 4);
}
