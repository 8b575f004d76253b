//! The explorer page in a real headless browser (Debian's `chromium`, installed by
//! scripts/setup.sh): after the demo's flow through a node, the page's DOM shows the
//! demo's balances, notes and log; a transaction committed while the page is open
//! appears through the event stream; and a screenshot is saved
//! (target/tmp/node-explorer/explorer.png; docs/explorer.png is a copy).
//!
//! `--virtual-time-budget` lets the page's fetches finish before the DOM is dumped;
//! the page's `?close_after=N` ends its event stream after N commits (an open stream
//! would hold the browser's virtual clock forever).

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs chromium headless with `args` and a private profile; kills it after 120 s.
fn chromium(profile: &Path, args: &[&str]) -> Output {
    let mut child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("running chromium (install it: scripts/setup.sh)");
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium {args:?} did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// The text of the `balance` cell of the account row `name` in the dumped DOM.
fn balance_cell(dom: &str, name: &str) -> String {
    let row = dom
        .split(&format!("<tr data-account=\"{name}\">"))
        .nth(1)
        .unwrap_or_else(|| panic!("no row for {name} in the page:\n{dom}"));
    let row = &row[..row.find("</tr>").unwrap()];
    let cell = row.split("<td class=\"balance\">").nth(1).unwrap();
    cell[..cell.find("</td>").unwrap()].to_string()
}

#[test]
fn explorer_shows_the_demo_in_a_headless_browser() {
    let work = fresh("node-explorer");
    let state = demo_state("node-explorer-state");
    let node = Node::start(&state, &[]);
    let done = demo_flow(&node);

    // 1. The page as loaded: balances, notes and the log.
    let out = chromium(
        &work.join("profile-1"),
        &[
            "--virtual-time-budget=5000",
            "--dump-dom",
            &format!("{}/?close_after=0", node.url),
        ],
    );
    assert!(out.status.success(), "chromium failed: {:?}", out.status);
    let dom = String::from_utf8_lossy(&out.stdout);
    assert_eq!(balance_cell(&dom, "alice"), "140 faucet");
    assert_eq!(balance_cell(&dom, "bob"), "60 faucet");
    assert_eq!(balance_cell(&dom, "counter"), "empty");
    // Rendered rows only (the page's script contains the row template too).
    let rows = dom
        .split("<tr class=\"tx\" data-seq=\"")
        .skip(1)
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        .count();
    assert_eq!(rows, 10, "{dom}");
    let last = done[4]["id"].as_str().unwrap();
    assert!(
        dom.contains(&last[..12]),
        "the last transaction is not shown"
    );
    assert!(dom.contains("consumed by #8"), "note statuses not shown");
    assert!(dom.contains("<b id=\"height\">10</b>"), "status not shown");
    assert!(dom.contains("<rect"), "no gas chart");

    // 2. Live: the page follows the event stream; a commit made while it is open
    //    shows up (the page stops following after one event so the dump can happen).
    let url = format!("{}/?close_after=1", node.url);
    let profile = work.join("profile-2");
    let browser = std::thread::spawn(move || {
        chromium(
            &profile,
            &["--virtual-time-budget=5000", "--dump-dom", &url],
        )
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    while node.ok("/v1/status")["watchers"] != 1 {
        assert!(
            Instant::now() < deadline,
            "the page never opened the event stream"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let live = node.commit(&mint(7, "bob"));
    let out = browser.join().unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        dom.contains("stopped after 1"),
        "no event reached the page:\n{dom}"
    );
    assert!(
        dom.contains("data-seq=\"10\""),
        "the live transaction is not in the log"
    );
    assert!(dom.contains(&live["id"].as_str().unwrap()[..12]));
    assert!(
        dom.contains("<td>7 faucet</td>"),
        "the new note is not listed"
    );

    // 3. A screenshot.
    let png = work.join("explorer.png");
    let out = chromium(
        &work.join("profile-3"),
        &[
            "--virtual-time-budget=5000",
            "--window-size=1280,1000",
            &format!("--screenshot={}", png.display()),
            &format!("{}/?close_after=0#tx=9", node.url),
        ],
    );
    assert!(out.status.success());
    let bytes = std::fs::read(&png).expect("no screenshot written");
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000,
        "not a real PNG"
    );
    assert!(node.terminate().success());
}
