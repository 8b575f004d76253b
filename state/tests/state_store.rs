//! The state store: atomic commits, refusals that leave no trace, persistence, the
//! state directory (only Rivet's is used or reset, one writer at a time), the store
//! format, and the hash-chained log (tampering is found and located). Crash safety is
//! in store_crash.rs, damaged files in store_damage.rs.

#[macro_use]
mod backends;
mod support;

use rivet_format::CodeHash;
use rivet_state::{AccountKind, StateError, Store, StoreError};
use support::*;

on_both_backends! {
fn commits_apply_and_persist(place) {
    {
        let store = place.open();
        genesis(&store);
        for round in 0..5 {
            let tx = next_tx(&store, round);
            let (seq, id) = store.commit(&tx).unwrap();
            assert_eq!((seq, id), (round + 1, tx.id()));
        }
        assert_eq!(check_consistent(&store), 6);
    }
    let store = place.open();
    assert_eq!(check_consistent(&store), 6);
    let (_, _, tx) = store.transactions().unwrap().pop().unwrap();
    assert_eq!(tx.witness, 4u64.to_le_bytes());
    drop(store);
    place.remove();
}

fn refused_commits_leave_the_state_intact(place) {
    let store = place.open();
    genesis(&store);
    let tx = next_tx(&store, 0);
    let before = snapshot(&store);

    // Assets created from nothing: refused by conservation, after the note was marked
    // consumed inside the aborted write transaction.
    let mut forged = tx.clone();
    *forged.delta.vault.fungible.get_mut(&FAUCET).unwrap() += 1;
    let err = store.commit(&forged).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::State(StateError::NotConserved { created: 1, .. })
        ),
        "{err}"
    );
    assert_eq!(snapshot(&store), before);

    // Stale: executed against another nonce.
    let mut stale = tx.clone();
    stale.base_nonce = 7;
    assert!(matches!(
        store.commit(&stale),
        Err(StoreError::StaleNonce {
            executed: 7,
            stored: 0,
            ..
        })
    ));
    assert_eq!(snapshot(&store), before);

    // Unknown input note, and the same note twice.
    let mut unknown = tx.clone();
    unknown.consumed = vec![CodeHash::of(b"nope")];
    assert!(matches!(
        store.commit(&unknown),
        Err(StoreError::UnknownNote(_))
    ));
    let mut twice = tx.clone();
    twice.consumed.push(tx.consumed[0]);
    assert!(matches!(
        store.commit(&twice),
        Err(StoreError::NoteConsumed(_))
    ));
    assert_eq!(snapshot(&store), before);

    // The honest transaction commits; replaying it is a double spend (stale first).
    store.commit(&tx).unwrap();
    let after = snapshot(&store);
    assert!(matches!(
        store.commit(&tx),
        Err(StoreError::StaleNonce { .. })
    ));
    let mut replay = tx.clone();
    replay.base_nonce += 1;
    assert!(matches!(
        store.commit(&replay),
        Err(StoreError::NoteConsumed(_))
    ));
    assert_eq!(snapshot(&store), after);
    check_consistent(&store);
    assert!(matches!(
        store.create_account(&new_account(BOB, AccountKind::Regular)),
        Err(StoreError::AccountExists(_))
    ));
    drop(store);
    place.remove();
}

fn packages_are_stored_by_code_hash(place) {
    let store = place.open();
    let wasm = wat::parse_str(r#"(module (func (export "f") (result i32) i32.const 7))"#).unwrap();
    let package = rivet_compiler::compile(&wasm, &Default::default()).unwrap();
    let hash = store.put_package(&package).unwrap();
    assert_eq!(hash, package.code_hash());
    assert_eq!(store.package(&hash).unwrap(), Some(package));
    assert_eq!(store.package(&CodeHash::of(b"other")).unwrap(), None);
    drop(store);
    place.remove();
}
}

#[test]
fn corrupt_records_and_a_second_opener_are_errors() {
    let dir = temp_dir("corrupt");
    let tx = {
        let store = Store::open(&dir).unwrap();
        genesis(&store);
        // The same directory cannot be opened twice at once (the directory's lock).
        let err = Store::open(&dir).err().expect("second open must fail");
        assert!(matches!(err, StoreError::Locked { .. }), "{err}");
        // Alice's next transaction, executed before the damage.
        next_tx(&store, 0)
    };
    {
        // Damage Alice's record behind the store's back.
        let db = redb::Database::create(dir.join("state.redb")).unwrap();
        let w = db.begin_write().unwrap();
        {
            let accounts: redb::TableDefinition<&[u8; 16], &[u8]> =
                redb::TableDefinition::new("accounts");
            let mut t = w.open_table(accounts).unwrap();
            t.insert(&ALICE.to_bytes(), &[1u8, 2, 3][..]).unwrap();
        }
        w.commit().unwrap();
    }
    let store = Store::open(&dir).unwrap();
    let err = store.account(ALICE).unwrap_err();
    match &err {
        StoreError::Corrupt { table, key, .. } => {
            assert_eq!(*table, "accounts");
            assert_eq!(key, &format!("{ALICE}"));
        }
        other => panic!("expected Corrupt, got {other}"),
    }
    assert!(store.accounts().is_err());
    // A transaction touching the damaged account is refused, nothing changes.
    assert_eq!(tx.account, ALICE);
    let before = store.transactions().unwrap().len();
    let err = store.commit(&tx).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Corrupt {
                table: "accounts",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(store.transactions().unwrap().len(), before);
    assert_eq!(store.unspent_notes().unwrap().len(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every file under `dir` with its contents, for "nothing was touched" checks.
fn tree(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(tree(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn foreign_directories_are_never_used_or_reset() {
    // A working directory with someone's files (as with `--state .`).
    let dir = temp_dir("foreign");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("notes.txt"), b"mine").unwrap();
    std::fs::write(dir.join("src/main.rs"), b"fn main() {}").unwrap();
    let before = tree(&dir);
    for reset in [true, false] {
        let err = if reset {
            Store::reset(&dir).err()
        } else {
            Store::open(&dir).err()
        };
        let err = err.expect("a foreign directory must be refused");
        let text = err.to_string();
        assert!(matches!(err, StoreError::NotAStateDir { .. }), "{text}");
        assert!(text.contains(dir.to_str().unwrap()), "{text}");
        assert!(text.contains("not a Rivet state directory"), "{text}");
        assert_eq!(
            tree(&dir),
            before,
            "nothing written or deleted (reset: {reset})"
        );
    }
    // A foreign file under the store's own name is not Rivet's either.
    let fake = temp_dir("fake-db");
    std::fs::create_dir_all(&fake).unwrap();
    std::fs::write(fake.join("state.redb"), b"not a database").unwrap();
    let err = Store::reset(&fake).err().expect("refused");
    assert!(err.to_string().contains("`state.redb`"), "{err}");
    assert_eq!(
        std::fs::read(fake.join("state.redb")).unwrap(),
        b"not a database"
    );
    // A file is not a directory.
    let file = fake.join("state.redb");
    assert!(matches!(
        Store::open(&file),
        Err(StoreError::NotAStateDir { .. })
    ));
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&fake).unwrap();
}

#[test]
fn reset_deletes_only_the_store_file_of_a_rivet_directory() {
    let dir = temp_dir("reset");
    {
        let store = Store::open(&dir).unwrap();
        genesis(&store);
        store.commit(&next_tx(&store, 0)).unwrap();
    }
    // Someone's file inside Rivet's directory survives a reset.
    std::fs::write(dir.join("keep.txt"), b"keep me").unwrap();
    let store = Store::reset(&dir).unwrap();
    assert_eq!(store.transactions().unwrap().len(), 0);
    assert_eq!(store.accounts().unwrap(), vec![]);
    assert_eq!(std::fs::read(dir.join("keep.txt")).unwrap(), b"keep me");
    assert!(dir.join(rivet_state::store::MARKER_FILE).is_file());
    drop(store);
    // A missing or empty directory is fine for both.
    let empty = temp_dir("empty");
    std::fs::create_dir_all(&empty).unwrap();
    drop(Store::reset(&empty).unwrap());
    drop(Store::open(temp_dir("missing")).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&empty).unwrap();
}

#[test]
fn a_second_writer_and_a_reset_are_refused_while_the_store_is_held() {
    let dir = temp_dir("lock");
    let store = Store::open(&dir).unwrap();
    genesis(&store);
    for err in [Store::open(&dir).err(), Store::reset(&dir).err()] {
        let err = err.expect("the directory is held");
        let text = err.to_string();
        assert!(matches!(err, StoreError::Locked { .. }), "{text}");
        assert!(text.contains(dir.to_str().unwrap()), "{text}");
        let me = format!("this process ({})", std::process::id());
        assert!(text.contains(&me), "{text}");
    }
    // The refused reset deleted nothing: the holder keeps committing into the file
    // everyone opens.
    store.commit(&next_tx(&store, 0)).unwrap();
    drop(store);
    let store = Store::open(&dir).unwrap();
    assert_eq!(check_consistent(&store), 2);
    drop(store);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stores_of_another_format_are_refused_with_what_to_do() {
    // Format 1: the same tables, no `meta`, no chain.
    let dir = temp_dir("format1");
    std::fs::create_dir_all(&dir).unwrap();
    {
        let db = redb::Database::create(dir.join("state.redb")).unwrap();
        let w = db.begin_write().unwrap();
        let log: redb::TableDefinition<u64, &[u8]> = redb::TableDefinition::new("tx_log");
        w.open_table(log).unwrap().insert(0, &[1u8][..]).unwrap();
        w.commit().unwrap();
    }
    let err = Store::open(&dir).err().expect("format 1 is refused");
    let text = err.to_string();
    assert!(matches!(err, StoreError::Format { found: 1, .. }), "{text}");
    assert!(text.contains("--reset"), "{text}");
    // Recognised as Rivet's (redb's magic, Rivet's file names), so it can be reset.
    let store = Store::reset(&dir).unwrap();
    assert_eq!(store.chain_head().unwrap(), rivet_state::ChainHead::EMPTY);
    drop(store);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Rewrites the `tx_log` table of the (closed) store in `dir` with `edit`.
fn edit_log(dir: &std::path::Path, edit: impl FnOnce(&mut Vec<(u64, Vec<u8>)>)) {
    let log_table: redb::TableDefinition<u64, &[u8]> = redb::TableDefinition::new("tx_log");
    let db = redb::Database::create(dir.join("state.redb")).unwrap();
    let w = db.begin_write().unwrap();
    {
        use redb::ReadableTable;
        let mut t = w.open_table(log_table).unwrap();
        let mut records: Vec<(u64, Vec<u8>)> = t
            .iter()
            .unwrap()
            .map(|e| {
                let (k, v) = e.unwrap();
                (k.value(), v.value().to_vec())
            })
            .collect();
        edit(&mut records);
        t.retain(|_, _| false).unwrap();
        for (k, v) in &records {
            t.insert(*k, v.as_slice()).unwrap();
        }
    }
    w.commit().unwrap();
}

#[test]
fn a_tampered_log_is_found_with_the_record_and_the_reason() {
    use rivet_state::ChainBreak;
    let dir = temp_dir("chain");
    let head = {
        let store = Store::open(&dir).unwrap();
        genesis(&store);
        for round in 0..5 {
            store.commit(&next_tx(&store, round)).unwrap();
        }
        store.verify_chain().unwrap()
    };
    assert_eq!(head.len, 6);
    let original = std::fs::read(dir.join("state.redb")).unwrap();
    type Edit = Box<dyn FnOnce(&mut Vec<(u64, Vec<u8>)>)>;
    let cases: Vec<(&str, Edit, u64, ChainBreak)> = vec![
        (
            "a changed record (gas of #2)",
            Box::new(|r| {
                // gas_used is the 8 bytes before the witness (length 4 + 8 bytes).
                let n = r[2].1.len();
                r[2].1[n - 12 - 8] ^= 1;
            }),
            3,
            ChainBreak::PrevMismatch,
        ),
        (
            "a removed record (#3)",
            Box::new(|r| {
                r.remove(3);
            }),
            3,
            ChainBreak::Gap { found: 4 },
        ),
        (
            "two records swapped (#1, #2)",
            Box::new(|r| {
                let (a, b) = (r[1].1.clone(), r[2].1.clone());
                r[1].1 = b;
                r[2].1 = a;
            }),
            1,
            ChainBreak::PrevMismatch,
        ),
        (
            "the last record removed",
            Box::new(|r| {
                r.pop();
            }),
            5,
            ChainBreak::LengthMismatch { recorded: 6 },
        ),
        (
            "the last record changed",
            Box::new(|r| {
                let last = r.last_mut().unwrap();
                let n = last.1.len();
                last.1[n - 1] ^= 0x80;
            }),
            5,
            ChainBreak::HeadMismatch,
        ),
    ];
    for (what, edit, index, reason) in cases {
        std::fs::write(dir.join("state.redb"), &original).unwrap();
        edit_log(&dir, edit);
        match Store::open(&dir) {
            Err(StoreError::Chain {
                index: i,
                reason: r,
            }) => {
                assert_eq!((i, &r), (index, &reason), "{what}");
                let text = StoreError::Chain {
                    index: i,
                    reason: r,
                }
                .to_string();
                assert!(text.contains(&format!("record #{index}")), "{text}");
            }
            Err(other) => panic!("{what}: expected a chain break, got {other}"),
            Ok(_) => panic!("{what}: the tampered log was accepted"),
        }
    }
    // Untouched, it verifies to the same head.
    std::fs::write(dir.join("state.redb"), &original).unwrap();
    assert_eq!(Store::open(&dir).unwrap().verify_chain().unwrap(), head);
    std::fs::remove_dir_all(&dir).unwrap();
}
