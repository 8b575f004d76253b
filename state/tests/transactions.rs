//! End-to-end transactions on the example contracts: mint into a note, consume it into
//! a wallet, send to a second wallet, refusals (wrong consumer, wrong caller kind,
//! supply cap), atomic rollback on traps, the C/WAT counter, and asset conservation.
//! Every account here is public (auth-none): signatures are rivet-testing's tests
//! (testing/tests/auth.rs).

#[macro_use]
mod backends;
mod contracts;

use backends::Place;

use rivet_format::manifest::Manifest;
use rivet_format::package::Package;
use rivet_format::CodeHash;
use rivet_linker::LinkInput;
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{App, Runtime};
use rivet_state::{
    execute, Account, AccountId, AccountKind, Asset, EntryCall, ExecError, NoteStatus, Storage,
    Store, TxRequest, TxResult, Vault, Word,
};
use std::collections::BTreeMap;
use std::sync::Arc;

const NAMES: [&str; 9] = [
    "auth-none",
    "basic-wallet",
    "p2id",
    "fungible-faucet",
    "counter-user",
    "counter-c",
    "adder-wat",
    "send-asset-tx",
    "mint-tx",
];
const FAUCET: AccountId = AccountId::new(0xfa0c, 1);
const ALICE: AccountId = AccountId::new(0xa11ce, 2);
const BOB: AccountId = AccountId::new(0xb0b, 3);
const COUNTER: AccountId = AccountId::new(0xc0, 4);
const CAP: u64 = 1000;
const GAS: u64 = 50_000_000;

struct World {
    packages: BTreeMap<&'static str, Package>,
    app: Arc<App>,
    store: Store,
    place: Place,
}

impl World {
    fn hash(&self, name: &str) -> CodeHash {
        self.packages[name].code_hash()
    }

    fn p2id_args(&self, to: AccountId) -> Vec<u64> {
        let mut v = Word(self.hash("p2id").0).limbs().to_vec();
        v.extend([to.prefix, to.suffix]);
        v
    }

    fn run(
        &self,
        account: AccountId,
        notes: Vec<CodeHash>,
        entry: Option<EntryCall>,
    ) -> Result<TxResult, ExecError> {
        execute(
            &self.store,
            &self.app,
            &TxRequest {
                account,
                notes,
                entry,
                gas: GAS,
                auth_proof: vec![],
            },
        )
    }

    fn commit(&self, r: Result<TxResult, ExecError>) -> TxResult {
        let tx = r.unwrap_or_else(|e| panic!("transaction failed: {e}"));
        let (seq, id) = self.store.commit(&tx).unwrap();
        eprintln!(
            "tx #{seq} {} on {}: gas {}, witness {} bytes, {} notes in, {} out",
            id.short(),
            tx.account,
            tx.gas_used,
            tx.witness.len(),
            tx.consumed.len(),
            tx.outputs.len()
        );
        tx
    }

    fn mint(&self, amount: u64, to: AccountId) -> Result<TxResult, ExecError> {
        let mut args = vec![amount];
        args.extend(self.p2id_args(to));
        self.run(
            FAUCET,
            vec![],
            Some(EntryCall::script(self.hash("mint-tx"), &args)),
        )
    }

    fn send(&self, from: AccountId, amount: u64, to: AccountId) -> Result<TxResult, ExecError> {
        let mut args = vec![FAUCET.prefix, FAUCET.suffix, amount];
        args.extend(self.p2id_args(to));
        self.run(
            from,
            vec![],
            Some(EntryCall::script(self.hash("send-asset-tx"), &args)),
        )
    }

    fn balance(&self, id: AccountId) -> u64 {
        self.store
            .account(id)
            .unwrap()
            .unwrap()
            .vault
            .balance(FAUCET)
    }

    fn snapshot(&self) -> (Vec<Account>, Vec<(CodeHash, NoteStatus)>, usize) {
        (
            self.store.accounts().unwrap(),
            self.store
                .notes()
                .unwrap()
                .into_iter()
                .map(|(n, s)| (n.id(), s))
                .collect(),
            self.store.transactions().unwrap().len(),
        )
    }

    /// Every unit ever minted is in a vault or an unspent note.
    fn check_conserved(&self) {
        let issued = self.store.account(FAUCET).unwrap().unwrap().storage.values[1].limbs()[0];
        let totals = self.store.fungible_totals().unwrap();
        assert_eq!(
            totals.get(&FAUCET).copied().unwrap_or(0),
            issued as u128,
            "{totals:?}"
        );
    }
}

impl Drop for World {
    fn drop(&mut self) {
        self.place.remove();
    }
}

fn account(id: AccountId, kind: AccountKind, code: Vec<CodeHash>, slots: u8) -> Account {
    Account {
        id,
        kind,
        code,
        storage: Storage::with_slots(slots, 0),
        vault: Vault::default(),
        nonce: 0,
    }
}

fn world(place: Place) -> World {
    let mut packages = contracts::compile(&NAMES);
    packages.insert("thief", contracts::thief());
    let inputs: Vec<_> = packages
        .iter()
        .map(|(n, p)| LinkInput::from_package(*n, p))
        .collect();
    let manifest: Manifest = rivet_linker::link(&inputs, None).unwrap_or_else(|e| panic!("{e}"));
    let runtime = Runtime::new();
    for p in packages.values() {
        runtime.add_package(p.clone()).unwrap();
    }
    let app = runtime.prepare(&manifest).unwrap_or_else(|e| panic!("{e}"));
    let store = place.open();
    for p in packages.values() {
        store.put_package(p).unwrap();
    }
    store.put_manifest(&manifest, Some("examples")).unwrap();
    let h = |n: &str| packages[n].code_hash();
    let mut faucet = account(
        FAUCET,
        AccountKind::Faucet,
        vec![h("fungible-faucet"), h("auth-none")],
        2,
    );
    faucet.storage.values[0] = Word::from_u64(CAP);
    store.create_account(&faucet).unwrap();
    store
        .create_account(&account(
            ALICE,
            AccountKind::Regular,
            vec![h("basic-wallet"), h("auth-none")],
            0,
        ))
        .unwrap();
    store
        .create_account(&account(
            BOB,
            AccountKind::Regular,
            vec![h("basic-wallet"), h("auth-none")],
            0,
        ))
        .unwrap();
    store
        .create_account(&account(
            COUNTER,
            AccountKind::Regular,
            vec![
                h("counter-user"),
                h("counter-c"),
                h("adder-wat"),
                h("auth-none"),
            ],
            1,
        ))
        .unwrap();
    World {
        packages,
        app,
        store,
        place,
    }
}

on_both_backends! {
fn mint_consume_send_consume(place) {
    let w = world(place);
    // The faucet mints 100 into a p2id note for Alice.
    let minted = w.commit(w.mint(100, ALICE));
    assert_eq!(minted.outputs.len(), 1);
    let note = &minted.outputs[0];
    assert_eq!(
        note.assets,
        [Asset::Fungible {
            faucet: FAUCET,
            amount: 100
        }]
    );
    assert_eq!(note.inputs, [ALICE.prefix, ALICE.suffix]);
    assert_eq!(note.sender, FAUCET);
    assert_eq!(note.script, w.hash("p2id"));
    assert!(minted.gas_used > 0 && !minted.witness.is_empty());
    w.check_conserved();

    // Alice consumes it.
    let tx = w.commit(w.run(ALICE, vec![note.id()], None));
    assert_eq!(tx.consumed, [note.id()]);
    assert_eq!(w.balance(ALICE), 100);
    assert_eq!(
        w.store.note(&note.id()).unwrap().unwrap().1,
        NoteStatus::Consumed(1)
    );
    w.check_conserved();

    // Alice sends 30 to Bob, Bob consumes.
    let sent = w.commit(w.send(ALICE, 30, BOB));
    assert_eq!(w.balance(ALICE), 70);
    let to_bob = sent.outputs[0].id();
    w.commit(w.run(BOB, vec![to_bob], None));
    assert_eq!(w.balance(BOB), 30);
    assert_eq!(w.store.account(ALICE).unwrap().unwrap().nonce, 2);
    w.check_conserved();

    // Consuming the same note again is refused before anything runs.
    let err = w.run(BOB, vec![to_bob], None).unwrap_err();
    assert!(matches!(err, ExecError::NoteUnavailable { .. }), "{err}");
}

fn refusals_and_traps_leave_no_trace(place) {
    let w = world(place);
    let minted = w.commit(w.mint(100, ALICE));
    let note = minted.outputs[0].id();
    let before = w.snapshot();

    // Bob may not consume Alice's p2id note: the script refuses.
    let err = w.run(BOB, vec![note], None).unwrap_err();
    match &err {
        ExecError::NoteRefused { reason, script, .. } => {
            assert!(reason.contains("p2id note is for account"), "{reason}");
            assert_eq!(*script, w.hash("p2id"));
        }
        other => panic!("expected a refusal, got {other}"),
    }
    // The wallet refuses receive-asset from anything but a note script.
    let direct = EntryCall {
        component: w.hash("basic-wallet"),
        function: "rivet:wallet/basic#receive-asset".into(),
        args: vec![Val::Variant(
            "fungible".into(),
            Some(Box::new(Val::Record(vec![
                (
                    "faucet".into(),
                    Val::Record(vec![
                        ("prefix".into(), Val::U64(FAUCET.prefix)),
                        ("suffix".into(), Val::U64(FAUCET.suffix)),
                    ]),
                ),
                ("amount".into(), Val::U64(5)),
            ]))),
        )],
    };
    let err = w.run(ALICE, vec![], Some(direct)).unwrap_err();
    assert!(
        err.to_string().contains(
            "receive-asset accepts calls from a note script only, not from a transaction script"
        ),
        "{err}"
    );
    // Sending more than the balance: the vault refuses.
    let err = w.send(ALICE, 1, BOB).unwrap_err();
    assert!(err.to_string().contains("insufficient balance"), "{err}");
    // Minting above the cap.
    let err = w.mint(CAP, BOB).unwrap_err();
    assert!(
        err.to_string()
            .contains("exceed the supply cap (100 of 1000 issued)"),
        "{err}"
    );
    // Out of gas in the middle of a note script.
    let err = execute(
        &w.store,
        &w.app,
        &TxRequest {
            account: ALICE,
            notes: vec![note],
            entry: None,
            gas: 1_000,
            auth_proof: vec![],
        },
    )
    .unwrap_err();
    assert!(matches!(err, ExecError::NoteTrapped { .. }), "{err}");
    assert!(err.to_string().contains("out of gas"), "{err}");
    assert_eq!(
        w.snapshot(),
        before,
        "failed transactions changed the store"
    );

    // A note script may not use the account interface directly: it would mint here.
    let thief = rivet_state::Note {
        script: w.hash("thief"),
        inputs: vec![],
        assets: vec![],
        sender: BOB,
        serial: Word([9; 32]),
    };
    let thief_id = w.store.insert_note(&thief).unwrap();
    let before = w.snapshot();
    let err = w.run(ALICE, vec![thief_id], None).unwrap_err();
    assert!(matches!(err, ExecError::NoteTrapped { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("only the account's own components may use rivet:base/account"),
        "{text}"
    );
    assert!(text.contains("is a note-script"), "{text}");
    assert_eq!(
        w.snapshot(),
        before,
        "the thief's transaction changed the store"
    );

    // And the honest consumption still works afterwards.
    w.commit(w.run(ALICE, vec![note], None));
    assert_eq!(w.balance(ALICE), 100);
    w.check_conserved();
}

fn rust_calls_c_and_wat_through_wit(place) {
    let w = world(place);
    let bump = |step: u64| EntryCall {
        component: w.hash("counter-user"),
        function: "rivet:counter-user/user#bump".into(),
        args: vec![Val::U64(step)],
    };
    let tx = w.commit(w.run(COUNTER, vec![], Some(bump(5))));
    assert_eq!(tx.delta.values[&0], Word::from_u64(10));
    w.commit(w.run(COUNTER, vec![], Some(bump(1))));
    let acct = w.store.account(COUNTER).unwrap().unwrap();
    assert_eq!(acct.storage.values[0], Word::from_u64(12));
    assert_eq!(acct.nonce, 2);
}
}
