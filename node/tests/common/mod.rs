//! Shared by the node's end-to-end tests: the `rivet` binary, the example contracts,
//! a node process on a free localhost port, JSON over HTTP, and the demo's flow sent
//! through the API.
#![allow(dead_code)]

pub mod pg;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::Duration;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The `rivet` binary of this workspace, built once per test process (the CLI is
/// another package, so cargo does not build it for this one's tests), or $RIVET_BIN.
pub fn rivet() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(bin) = std::env::var_os("RIVET_BIN") {
            return PathBuf::from(bin);
        }
        let r = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "-p", "rivet-cli"])
            .current_dir(root())
            .output()
            .expect("running cargo");
        assert!(
            r.status.success(),
            "cargo build -p rivet-cli failed:\n{}",
            String::from_utf8_lossy(&r.stderr)
        );
        // target/debug/deps/<test> -> target/debug/rivet
        let exe = std::env::current_exe().unwrap();
        let bin = exe.parent().unwrap().parent().unwrap().join("rivet");
        assert!(bin.is_file(), "no {}", bin.display());
        bin
    })
    .clone()
}

#[path = "../../../tests/support/contracts.rs"]
mod support;
pub use support::contracts;

pub fn fresh(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs `rivet ARGS`; panics unless it succeeds; returns stdout.
pub fn rivet_ok(args: &[&str]) -> String {
    let out = Command::new(rivet())
        .args(args)
        .output()
        .expect("running rivet");
    assert!(
        out.status.success(),
        "rivet {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A state directory with the demo's genesis and one local demo run (the accounts
/// faucet, alice, bob and counter, named in the registry; 5 transactions).
pub fn demo_state(name: &str) -> PathBuf {
    let dir = fresh(name).join("state");
    let c = contracts();
    rivet_ok(&[
        "demo",
        "--state",
        dir.to_str().unwrap(),
        "--contracts",
        c.to_str().unwrap(),
    ]);
    dir
}

/// A `rivet node` process on a free localhost port; killed on drop.
pub struct Node {
    pub child: Child,
    pub url: String,
    /// The state directory it serves (and whose keystore signs).
    pub state: PathBuf,
    agent: ureq::Agent,
}

/// `tx` with the `auth_proof` its account's key (from the keystore of `state`, where
/// `rivet demo` and `rivet account new` keep them) gives over the summary the node at
/// `url` computes; unchanged for a public account, or when the request cannot run
/// (submitting it then reports why).
pub fn sign(agent: &ureq::Agent, url: &str, state: &Path, tx: &Value) -> Value {
    sign_as(agent, url, state, tx, None)
}

/// [`sign`] with the key of account `signer` instead of the account's own.
pub fn sign_as(
    agent: &ureq::Agent,
    url: &str,
    state: &Path,
    tx: &Value,
    signer: Option<&str>,
) -> Value {
    use rivet_state::auth::keys;
    let Ok(mut r) = agent
        .post(format!("{url}/v1/transactions/summary"))
        .header("content-type", "application/json")
        .send(tx.to_string().as_bytes())
    else {
        return tx.clone();
    };
    let text = r.body_mut().read_to_string().unwrap_or_default();
    let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    if r.status().as_u16() != 200 || v["auth"]["scheme"] != "ed25519" {
        return tx.clone();
    }
    let digest: [u8; 32] = keys::unhex(v["summary"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    let name = signer.unwrap_or(v["account_name"].as_str().expect("a named account"));
    let file = state.join("keys").join(format!("{name}.key"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let key = keys::parse_key_file(&text).unwrap();
    let proof = rivet_state::Signer::Ed25519(key).proof(&rivet_state::Word(digest));
    let mut tx = tx.clone();
    tx["auth_proof"] = Value::String(keys::hex(&proof));
    tx
}

/// Creates wallets `w0`..`w{n-1}` (basic-wallet, each owned by a generated key in the
/// keystore of `state`) in the demo's manifest; returns their names.
pub fn key_wallets(state: &Path, n: usize) -> Vec<String> {
    let wallets: Vec<String> = (0..n).map(|i| format!("w{i}")).collect();
    for w in &wallets {
        rivet_ok(&[
            "account",
            "new",
            w,
            "--manifest",
            "demo",
            "--component",
            "basic-wallet",
            "--component",
            "auth-ed25519",
            "--state",
            state.to_str().unwrap(),
        ]);
    }
    wallets
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

impl Node {
    /// Starts `rivet node --state DIR --listen 127.0.0.1:0 EXTRA...` and waits for
    /// its `listening on` line.
    pub fn start(state: &Path, extra: &[&str]) -> Node {
        let mut child = Command::new(rivet())
            .args([
                "node",
                "--state",
                state.to_str().unwrap(),
                "--listen",
                "127.0.0.1:0",
            ])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting rivet node");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines
            .next()
            .expect("rivet node printed nothing")
            .expect("reading rivet node's stdout");
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in `{first}`"))
            .to_string();
        // Keep draining stdout so the node never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines.by_ref() {});
        Node {
            child,
            url,
            state: state.to_path_buf(),
            agent: agent(),
        }
    }

    /// GET; (status, JSON body).
    pub fn get(&self, path: &str) -> (u16, Value) {
        let mut r = self
            .agent
            .get(format!("{}{path}", self.url))
            .call()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = r.status().as_u16();
        let text = r.body_mut().read_to_string().unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// Writes `parts` to one raw TCP connection, pausing `pause` between them, then
    /// reads everything the node answers until it closes the connection (or 10 s
    /// pass; a write the closed connection refuses ends the writing): how a keep-alive client's requests look on the wire, with the timing
    /// an HTTP client library does not let a test choose.
    pub fn raw(&self, parts: &[&[u8]], pause: Duration) -> String {
        use std::io::{Read, Write};
        let addr = self.url.trim_start_matches("http://");
        let mut tcp = std::net::TcpStream::connect(addr).expect("connecting to the node");
        tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                std::thread::sleep(pause);
            }
            if tcp.write_all(part).is_err() {
                break; // the node closed the connection: read what it answered
            }
        }
        let mut answer = Vec::new();
        let _ = tcp.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    }

    /// GET, which must answer 200.
    pub fn ok(&self, path: &str) -> Value {
        let (s, v) = self.get(path);
        assert_eq!(s, 200, "GET {path}: {v}");
        v
    }

    /// POST a raw body; (status, JSON body).
    pub fn post_raw(&self, path: &str, body: &[u8]) -> (u16, Value) {
        let mut r = self
            .agent
            .post(format!("{}{path}", self.url))
            .header("content-type", "application/json")
            .send(body)
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        let status = r.status().as_u16();
        let text = r.body_mut().read_to_string().unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// POST JSON; (status, JSON body).
    pub fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        self.post_raw(path, body.to_string().as_bytes())
    }

    /// Every transaction in the log, read page by page (the client the CLI's
    /// `--node` uses).
    pub fn log(&self) -> Vec<Value> {
        rivet_node::client::Client::new(&self.url)
            .log()
            .expect("reading the log")
    }

    /// Submits a transaction signed as its account's owner would sign it; (status,
    /// answer).
    pub fn submit(&self, tx: &Value) -> (u16, Value) {
        let tx = sign(&self.agent, &self.url, &self.state, tx);
        self.post("/v1/transactions", &tx)
    }

    /// Submits a transaction as given (no signature added); (status, answer).
    pub fn submit_unsigned(&self, tx: &Value) -> (u16, Value) {
        self.post("/v1/transactions", tx)
    }

    /// Submits a transaction that must commit; returns the answer. A signature is
    /// bound to the account's nonce, so when another client's transaction on the same
    /// account commits between signing and execution the node refuses it
    /// (`unauthorized`); like a wallet, this signs the request again on the new state
    /// and resubmits (a bounded number of times).
    pub fn commit(&self, tx: &Value) -> Value {
        let mut answer = self.submit(tx);
        for _ in 0..50 {
            if answer.0 != 403 {
                break;
            }
            answer = self.submit(tx);
        }
        let (s, v) = answer;
        assert_eq!(s, 200, "{tx} was not committed: {v}");
        assert_eq!(v["committed"], true, "{v}");
        v
    }

    /// Follows `/v1/events`: every `tx` event's data arrives on the receiver.
    pub fn events(&self) -> mpsc::Receiver<Value> {
        let (tx, rx) = mpsc::channel();
        let url = format!("{}/v1/events", self.url);
        let (ready_tx, ready_rx) = mpsc::channel();
        std::thread::spawn(move || {
            let r = agent().get(&url).call().expect("GET /v1/events");
            assert_eq!(r.status().as_u16(), 200);
            let _ = ready_tx.send(());
            let reader = BufReader::new(r.into_body().into_reader());
            let mut event = String::new();
            for line in reader.lines() {
                let Ok(line) = line else { return };
                if let Some(e) = line.strip_prefix("event: ") {
                    event = e.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    if event == "tx" && tx.send(serde_json::from_str(d).unwrap()).is_err() {
                        return;
                    }
                }
            }
        });
        ready_rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the event stream did not open");
        rx
    }

    /// Sends SIGTERM and waits for the node to exit.
    pub fn terminate(mut self) -> ExitStatus {
        let pid = self.child.id() as i32;
        // SAFETY: kill(2) on our own child's pid.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "rivet node did not stop within 30 s of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGKILL: no chance to clean up.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn mint(amount: u64, to: &str) -> Value {
    json!({"account": "faucet", "script": {"component": "mint-tx", "function": "run",
        "args": [format!("[{amount}, @hash:p2id, @id:{to}]")]}})
}

pub fn send(from: &str, amount: u64, to: &str) -> Value {
    json!({"account": from, "script": {"component": "send-asset-tx", "function": "run",
        "args": [format!("[@id:faucet, {amount}, @hash:p2id, @id:{to}]")]}})
}

pub fn consume(account: &str, note: &str) -> Value {
    json!({"account": account, "consume": [note]})
}

/// The token balance of an account as the API shows it.
pub fn balance(account: &Value) -> u64 {
    account["vault"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["faucet_name"] == "faucet")
        .map(|a| a["amount"].as_u64().unwrap())
        .sum()
}

/// Checks conservation through the API: the faucet's issued total (its storage
/// slot 1) equals the tokens in vaults plus unspent notes. Returns the total.
pub fn conserved(node: &Node) -> u64 {
    let accounts = node.ok("/v1/accounts");
    let held: u64 = accounts.as_array().unwrap().iter().map(balance).sum();
    let notes = node.ok("/v1/notes?status=unspent");
    let in_notes: u64 = notes
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|n| n["assets"].as_array().unwrap().clone())
        .filter(|a| a["faucet_name"] == "faucet")
        .map(|a| a["amount"].as_u64().unwrap())
        .sum();
    let faucet = node.ok("/v1/accounts/faucet");
    let issued = faucet["storage"]["values"][1][0].as_u64().unwrap();
    assert_eq!(held + in_notes, issued, "assets not conserved");
    issued
}

/// The demo's scenario through the API: mint 100 for alice, alice consumes, sends 30
/// to bob, tries to take bob's note (refused, nothing changes), bob consumes, the
/// counter bumps. Returns the committed answers in order.
pub fn demo_flow(node: &Node) -> Vec<Value> {
    let mut done = Vec::new();
    let minted = node.commit(&mint(100, "alice"));
    let note = minted["created"][0].as_str().unwrap().to_string();
    done.push(minted);
    done.push(node.commit(&consume("alice", &note[..12])));
    let sent = node.commit(&send("alice", 30, "bob"));
    let to_bob = sent["created"][0].as_str().unwrap().to_string();
    done.push(sent);
    let height = node.ok("/v1/status")["height"].clone();
    let (s, refused) = node.submit(&consume("alice", &to_bob));
    assert_eq!(s, 422, "{refused}");
    assert_eq!(refused["committed"], false);
    assert_eq!(refused["kind"], "refused", "{refused}");
    assert!(
        refused["refused"].as_str().unwrap().contains("p2id"),
        "{refused}"
    );
    assert_eq!(
        node.ok("/v1/status")["height"],
        height,
        "a refusal committed"
    );
    done.push(node.commit(&consume("bob", &to_bob)));
    done.push(node.commit(
        &json!({"account": "counter", "script": {"component": "counter-user",
        "function": "rivet:counter-user/user#bump", "args": ["1"]}}),
    ));
    done
}

/// Runs `rivet ARGS`: (exit code, stdout, stderr).
pub fn rivet_run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(rivet())
        .args(args)
        .output()
        .expect("running rivet");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
