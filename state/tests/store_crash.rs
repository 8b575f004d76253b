//! Crash safety: a process committing transactions as fast as it can is killed with
//! SIGKILL at random points (20 times, fixed seed), and after each kill the store
//! opens, its hash chain verifies, a replay of the log from genesis gives exactly the
//! stored accounts and notes, assets are conserved, and no transaction the child
//! reported committed is missing.
//!
//! The child is this same test, run again by the parent with [`CHILD_ENV`] naming the
//! state directory: it then commits forever and prints a line after each commit. There
//! is no separate child "test" that passes while doing nothing.

mod support;

use rivet_state::Store;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use support::*;

/// Set (to the state directory) in the child process only.
const CHILD_ENV: &str = "RIVET_STATE_CRASH_CHILD";
const TEST_NAME: &str = "kill_9_at_random_points_leaves_a_verified_consistent_store";
const KILLS: usize = 20;
const SEED: u64 = 0x5EED_0011;

/// splitmix64: a deterministic schedule of kill points.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A child's commit line (the first one follows the harness's "test NAME ... ").
fn is_commit(line: &str) -> bool {
    line.contains("committed #")
}

/// The child: commits the ping-pong forever, one line per commit.
fn child(dir: &Path) -> ! {
    let store = Store::open(dir).expect("the child opens the store");
    let mut round = store.transactions().unwrap().len() as u64;
    loop {
        let tx = next_tx(&store, round);
        let (seq, _) = store.commit(&tx).unwrap();
        println!("committed #{seq}");
        round += 1;
    }
}

#[test]
fn kill_9_at_random_points_leaves_a_verified_consistent_store() {
    if let Some(dir) = std::env::var_os(CHILD_ENV) {
        child(&PathBuf::from(dir));
    }
    let dir = temp_dir("crash");
    {
        let store = Store::open(&dir).unwrap();
        genesis(&store);
    }
    let mut rng = SEED;
    let mut n = 1; // transactions in the log
    let mut mid_open = 0;
    for kill in 0..KILLS {
        // Wait for 0..=8 commits, then 0..3 ms more: some kills land while the child
        // opens (and recovers) the store, most inside or between commits.
        let wait_for = (next(&mut rng) % 9) as usize;
        let delay = Duration::from_micros(next(&mut rng) % 3000);
        let mut c = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(c.stdout.take().unwrap()).lines();
        let mut seen = 0;
        while seen < wait_for {
            let line = lines.next().map(Result::unwrap);
            match line {
                Some(l) if is_commit(&l) => seen += 1,
                Some(_) => {}
                None => panic!("kill {kill}: the child died after {seen} commits"),
            }
        }
        std::thread::sleep(delay);
        let status = c.try_wait().unwrap();
        assert!(
            status.is_none(),
            "kill {kill}: the child exited: {status:?}"
        );
        c.kill().unwrap(); // SIGKILL
        c.wait().unwrap();
        // Commits the child reported before it died, read or still in the pipe.
        let rest = lines.map_while(Result::ok).filter(|l| is_commit(l)).count();
        let printed = seen + rest;
        mid_open += usize::from(printed == 0);

        let store = Store::open(&dir)
            .unwrap_or_else(|e| panic!("kill {kill}: the store does not open: {e}"));
        let head = store.verify_chain().unwrap();
        assert_eq!(head, store.chain_head().unwrap());
        let now = check_consistent(&store); // replay, conservation
        assert_eq!(head.len, now as u64);
        // Every reported commit is there; at most one more (killed before printing).
        assert!(
            now == n + printed || now == n + printed + 1,
            "kill {kill}: {now} transactions after {n} + {printed} reported commits"
        );
        // The store keeps working after the crash.
        store.commit(&next_tx(&store, now as u64)).unwrap();
        n = check_consistent(&store);
    }
    eprintln!("{KILLS} kills ({mid_open} before the first commit), {n} transactions");
    assert!(n > KILLS * 2, "the children committed: {n} transactions");
    std::fs::remove_dir_all(&dir).unwrap();
}
