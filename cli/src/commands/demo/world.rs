//! The demo's accounts and store: genesis on a fresh store, checks on a stored one,
//! and the transactions of the scenario (mint, send, consume, bump).
//!
//! The faucet is public (auth-none: anyone may ask it to mint within its cap); alice,
//! bob and the counter are owned by ed25519 keys (auth-ed25519). The demo's keys are
//! derived from fixed labels so that a reset run repeats a fresh one byte for byte
//! (demo keys, never for real assets); they are kept in the keystore
//! (`STATE/keys/NAME.key`), so `rivet tx exec alice ...` signs after the demo too.

use super::contracts::Contracts;
use crate::commands::keystore;
use anyhow::{bail, Context};
use rivet_format::CodeHash;
use rivet_runtime::cabi::Val;
use rivet_state::auth::keys::{self, SigningKey};
use rivet_state::registry::{self, AccountSpec};
use rivet_state::{
    execute, summarize, Account, AccountId, AccountKind, EntryCall, ExecError, NoteId, NoteStatus,
    Signer, Storage, Store, TxId, TxRequest, TxResult, Word,
};
use std::collections::BTreeMap;
use std::path::Path;

/// The fungible faucet; its id names the token.
pub const FAUCET: AccountId = AccountId::new(0xfa0c, 1);
/// Wallet A.
pub const ALICE: AccountId = AccountId::new(0xa11ce, 2);
/// Wallet B.
pub const BOB: AccountId = AccountId::new(0xb0b, 3);
/// The account running the Rust counter-user over the C counter and the WAT adder.
pub const COUNTER: AccountId = AccountId::new(0xc0, 4);
/// The faucet's supply cap (storage slot 0).
pub const CAP: u64 = 1_000_000;
/// Gas for each transaction.
pub const GAS: u64 = 50_000_000;
/// The name the linked manifest is stored under.
pub const MANIFEST_NAME: &str = "demo";

/// The store with the demo's accounts in it.
pub struct World<'a> {
    /// The state database.
    pub store: Store,
    /// The linked examples.
    pub contracts: &'a Contracts,
    /// The keys of the key-owned accounts.
    keys: BTreeMap<AccountId, SigningKey>,
}

/// What a refused transaction must leave untouched.
pub type Snapshot = (Vec<Account>, Vec<(NoteId, NoteStatus)>, usize);

/// The accounts of the demo: (label, id, components, storage value slots).
fn genesis(c: &Contracts) -> [(&'static str, AccountId, AccountKind, Vec<CodeHash>, u8); 4] {
    [
        (
            "faucet",
            FAUCET,
            AccountKind::Faucet,
            vec![c.hash("fungible-faucet"), c.hash("auth-none")],
            2,
        ),
        (
            "alice",
            ALICE,
            AccountKind::Regular,
            vec![c.hash("basic-wallet"), c.hash("auth-ed25519")],
            0,
        ),
        (
            "bob",
            BOB,
            AccountKind::Regular,
            vec![c.hash("basic-wallet"), c.hash("auth-ed25519")],
            0,
        ),
        (
            "counter",
            COUNTER,
            AccountKind::Regular,
            vec![
                c.hash("counter-user"),
                c.hash("counter-c"),
                c.hash("adder-wat"),
                c.hash("auth-ed25519"),
            ],
            1,
        ),
    ]
}

impl<'a> World<'a> {
    /// Stores the packages and the manifest in `store` and creates the accounts that
    /// do not exist yet, with their keys in the keystore of `state`. Returns the world
    /// and, per account, its label, id and whether it was created now.
    #[allow(clippy::type_complexity)]
    pub fn new(
        store: Store,
        state: &Path,
        contracts: &'a Contracts,
    ) -> anyhow::Result<(World<'a>, Vec<(&'static str, AccountId, bool)>)> {
        let mut owned = BTreeMap::new();
        for p in contracts.packages.values() {
            store.put_package(p)?;
        }
        let manifest = store.put_manifest(&contracts.manifest, Some(MANIFEST_NAME))?;
        let mut accounts = Vec::new();
        for (label, id, kind, code, slots) in genesis(contracts) {
            let key = (kind == AccountKind::Regular).then(|| demo_key(label));
            let created = match store.account(id)? {
                Some(existing) if existing.code == code => false,
                Some(existing) => bail!(
                    "the stored {label} account ({id}) runs code {} but the examples now \
                     build {}; start over with `rivet demo --reset`",
                    short_list(&existing.code),
                    short_list(&code)
                ),
                None => {
                    let mut storage = Storage::with_slots(slots, 0);
                    if kind == AccountKind::Faucet {
                        storage.values[0] = Word::from_u64(CAP);
                    }
                    if let Some(k) = &key {
                        keys::install_keys(&mut storage, &[keys::public_key(k)]);
                        keystore::store(state, label, k)?;
                    }
                    // Named and with a genesis record, so `rivet account show alice`
                    // and `rivet tx replay` work on the demo's state.
                    let spec = AccountSpec {
                        kind,
                        code,
                        storage,
                        id: Some(id),
                    };
                    registry::create_account(&store, label, spec, manifest)?;
                    true
                }
            };
            if let Some(k) = key {
                owned.insert(id, k);
            }
            accounts.push((label, id, created));
        }
        let world = World {
            store,
            contracts,
            keys: owned,
        };
        Ok((world, accounts))
    }

    /// The signer of `account`'s transactions (none for the public faucet).
    pub fn signer(&self, account: AccountId) -> Signer {
        self.keys
            .get(&account)
            .map_or(Signer::None, |k| Signer::Ed25519(k.clone()))
    }

    fn run(
        &self,
        account: AccountId,
        notes: Vec<NoteId>,
        entry: Option<EntryCall>,
    ) -> Result<TxResult, ExecError> {
        self.run_signed(account, notes, entry, &self.signer(account))
    }

    /// Runs a transaction signed by `signer`: the summary first, then the signed run.
    fn run_signed(
        &self,
        account: AccountId,
        notes: Vec<NoteId>,
        entry: Option<EntryCall>,
        signer: &Signer,
    ) -> Result<TxResult, ExecError> {
        let mut req = TxRequest {
            account,
            notes,
            entry,
            gas: GAS,
            auth_proof: Vec::new(),
        };
        let app = &self.contracts.app;
        if !matches!(signer, Signer::None) {
            req.auth_proof = signer.proof(&summarize(&self.store, app, &req)?.digest());
        }
        execute(&self.store, app, &req)
    }

    /// Commits an executed transaction; returns its log sequence number and id.
    pub fn commit(&self, tx: &TxResult) -> anyhow::Result<(u64, TxId)> {
        Ok(self.store.commit(tx)?)
    }

    /// The p2id arguments of the scripts: p2id's code hash as 4 limbs, then `to`.
    fn p2id_args(&self, to: AccountId) -> Vec<u64> {
        let mut v = Word(self.contracts.hash("p2id").0).limbs().to_vec();
        v.extend([to.prefix, to.suffix]);
        v
    }

    /// The faucet mints `amount` into a p2id note for `to` (transaction script mint-tx).
    pub fn mint(&self, amount: u64, to: AccountId) -> Result<TxResult, ExecError> {
        let mut args = vec![amount];
        args.extend(self.p2id_args(to));
        let entry = EntryCall::script(self.contracts.hash("mint-tx"), &args);
        self.run(FAUCET, vec![], Some(entry))
    }

    /// `from` sends `amount` tokens in a p2id note to `to` (script send-asset-tx).
    pub fn send(&self, from: AccountId, amount: u64, to: AccountId) -> Result<TxResult, ExecError> {
        self.send_signed(from, amount, to, &self.signer(from))
    }

    /// [`World::send`] signed by `signer` (someone else's key: refused).
    pub fn send_signed(
        &self,
        from: AccountId,
        amount: u64,
        to: AccountId,
        signer: &Signer,
    ) -> Result<TxResult, ExecError> {
        let mut args = vec![FAUCET.prefix, FAUCET.suffix, amount];
        args.extend(self.p2id_args(to));
        let entry = EntryCall::script(self.contracts.hash("send-asset-tx"), &args);
        self.run_signed(from, vec![], Some(entry), signer)
    }

    /// `account` consumes `note` (its script runs and calls the account).
    pub fn consume(&self, account: AccountId, note: NoteId) -> Result<TxResult, ExecError> {
        self.run(account, vec![note], None)
    }

    /// The counter account calls counter-user's `bump(step)` (Rust -> WAT, C).
    pub fn bump(&self, step: u64) -> Result<TxResult, ExecError> {
        let entry = EntryCall {
            component: self.contracts.hash("counter-user"),
            function: "rivet:counter-user/user#bump".into(),
            args: vec![Val::U64(step)],
        };
        self.run(COUNTER, vec![], Some(entry))
    }

    /// The stored account `id` (created by [`World::new`]).
    pub fn account(&self, id: AccountId) -> anyhow::Result<Account> {
        self.store
            .account(id)?
            .with_context(|| format!("account {id} missing from the store"))
    }

    /// The token balance of `id`.
    pub fn balance(&self, id: AccountId) -> anyhow::Result<u64> {
        Ok(self.account(id)?.vault.balance(FAUCET))
    }

    /// The faucet's issued total (storage slot 1).
    pub fn issued(&self) -> anyhow::Result<u64> {
        let faucet = self.account(FAUCET)?;
        Ok(faucet.storage.values.get(1).map_or(0, |w| w.limbs()[0]))
    }

    /// Tokens in unspent notes.
    pub fn in_notes(&self) -> anyhow::Result<u64> {
        let mut total = 0u64;
        for note in self.store.unspent_notes()? {
            for asset in &note.assets {
                if let rivet_state::Asset::Fungible { faucet, amount } = asset {
                    if *faucet == FAUCET {
                        total = total.saturating_add(*amount);
                    }
                }
            }
        }
        Ok(total)
    }

    /// Accounts, notes with their status, and the length of the transaction log.
    pub fn snapshot(&self) -> anyhow::Result<Snapshot> {
        Ok((
            self.store.accounts()?,
            self.store
                .notes()?
                .into_iter()
                .map(|(n, s)| (n.id(), s))
                .collect(),
            self.store.transactions()?.len(),
        ))
    }
}

/// The demo key of account `label` (derived, so runs repeat exactly).
pub(super) fn demo_key(label: &str) -> SigningKey {
    keys::key_from_label(&format!("rivet demo/{label}"))
}

fn short_list(hashes: &[CodeHash]) -> String {
    hashes
        .iter()
        .map(CodeHash::short)
        .collect::<Vec<_>>()
        .join(",")
}
