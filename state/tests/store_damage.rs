//! A damaged store file is an error value, never a panic: a real store is damaged at
//! many offsets (single flipped bytes, truncations, a zeroed block), and each time
//! opening it and reading everything returns `Ok` or a `StoreError`.
//!
//! redb panics on some damaged allocator states while opening (index out of
//! bounds in `buddy_allocator.rs`/`bitmap.rs`); the store contains those, so this test
//! fails if any panic escapes the store's API.

mod support;

use rivet_state::{Store, StoreError};
use std::panic::{catch_unwind, AssertUnwindSafe};
use support::*;

/// What opening and reading one damaged file did.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum Outcome {
    /// Opened and read (the damage hit unused bytes or was repaired).
    Ok,
    /// Refused at open as damaged.
    Damaged,
    /// Refused at open as damaged after redb panicked (contained by the store).
    DamagedRedbPanicked,
    /// Another store error (chain break, undecodable record, format).
    OtherError,
}

/// Opens the store in `dir` and reads every table; a panic is reported as `Err`.
fn open_and_read(dir: &std::path::Path) -> Result<Outcome, String> {
    catch_unwind(AssertUnwindSafe(|| {
        let store = match Store::open(dir) {
            Ok(s) => s,
            Err(StoreError::Damaged { detail, .. }) if detail.starts_with("redb panicked") => {
                return Outcome::DamagedRedbPanicked
            }
            Err(StoreError::Damaged { .. }) => return Outcome::Damaged,
            Err(_) => return Outcome::OtherError,
        };
        let reads = [
            store.verify_chain().err(),
            store.transactions().err(),
            store.accounts().err(),
            store.notes().err(),
            store.fungible_totals().err(),
            // The state tree: the root against the state, a proof per account.
            store.check_root().err(),
            store
                .state_root()
                .and_then(|root| {
                    store.accounts()?.iter().try_for_each(|a| {
                        store
                            .prove(&root, &rivet_state::commit::account_key(a.id))
                            .map(drop)
                    })
                })
                .err(),
        ];
        if reads.iter().any(Option::is_some) {
            Outcome::OtherError
        } else {
            Outcome::Ok
        }
    }))
    .map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

#[test]
fn damaged_store_files_are_errors_never_panics() {
    let dir = temp_dir("damage");
    {
        let store = Store::open(&dir).unwrap();
        genesis(&store);
        for round in 0..20 {
            store.commit(&next_tx(&store, round)).unwrap();
        }
    }
    let file = dir.join("state.redb");
    let original = std::fs::read(&file).unwrap();
    let len = original.len();
    let mut damaged: Vec<(String, Vec<u8>)> = Vec::new();
    // ~400 single-byte flips spread over the file (a prime stride, so every offset
    // within a page is eventually hit), the whole header region byte by byte.
    let stride = (len / 400).max(1) | 1;
    let offsets = (0..len.min(512)).step_by(7).chain((0..len).step_by(stride));
    for (i, at) in offsets.enumerate() {
        let mut b = original.clone();
        b[at] ^= [0x01, 0x80, 0xff, 0x5a][i % 4];
        damaged.push((format!("byte {at} flipped"), b));
    }
    for k in 1..=60 {
        let cut = len * k / 61;
        damaged.push((format!("truncated to {cut}"), original[..cut].to_vec()));
    }
    for block in (0..len).step_by(len / 16) {
        let mut b = original.clone();
        let end = (block + 4096).min(len);
        b[block..end].fill(0);
        damaged.push((format!("4 KiB zeroed at {block}"), b));
    }

    let mut outcomes = std::collections::BTreeMap::new();
    let mut panics = Vec::new();
    for (what, bytes) in &damaged {
        std::fs::write(&file, bytes).unwrap();
        match open_and_read(&dir) {
            Ok(o) => *outcomes.entry(o).or_insert(0) += 1,
            Err(message) => panics.push(format!("{what}: {message}")),
        }
    }
    assert!(
        panics.is_empty(),
        "{} of {} damaged files panicked:\n{}",
        panics.len(),
        damaged.len(),
        panics.join("\n")
    );
    // The damage is real: many files are refused, and some damage is harmless.
    let refused: usize = outcomes
        .iter()
        .filter(|(o, _)| **o != Outcome::Ok)
        .map(|(_, n)| n)
        .sum();
    // (A fifth: since store format 3 the file also holds the state tree's tables, so a
    // larger share of the evenly spread flips lands in free pages.)
    assert!(refused >= damaged.len() / 5, "{outcomes:?}");
    assert!(outcomes.contains_key(&Outcome::Ok), "{outcomes:?}");
    eprintln!("{} damaged files: {outcomes:?}", damaged.len());

    // The refusal says what to do; the untouched file still opens.
    std::fs::write(&file, &original[..len / 2]).unwrap();
    let text = Store::open(&dir).err().expect("half a file").to_string();
    assert!(
        text.contains("is damaged") && text.contains("--reset"),
        "{text}"
    );
    std::fs::write(&file, &original).unwrap();
    assert_eq!(check_consistent(&Store::open(&dir).unwrap()), 21);
    std::fs::remove_dir_all(&dir).unwrap();
}
