//! `rivet demo --node URL`: the demo's transactions through a running node.
//!
//! The node's state must hold the demo's accounts (faucet, alice, bob, counter; run
//! `rivet demo --state DIR` once, then `rivet node --state DIR`): the API creates
//! no accounts. The local demo's transactions are sent as transaction requests (the
//! same ones `rivet tx exec --node URL` sends), each signed with the demo key of its
//! account over the summary the node computes (`POST /v1/transactions/summary`), and
//! one signed with the wrong key, which the node refuses; the resource walk (inside
//! one call, no state) needs no node and is left out. Same checks as the local run: the
//! refusal changes nothing, and the issued total equals the tokens in vaults and
//! unspent notes.

use super::{MINT, SEND};
use crate::commands::remote::{self, s};
use anyhow::{bail, Context};
use rivet_node::client::{Client, Submitted};
use rivet_node::{ScriptSpec, TxSpec};
use rivet_state::auth::keys::{self, AuthScheme};
use rivet_state::Signer;
use serde_json::Value;
use std::process::ExitCode;

fn spec(account: &str, consume: Option<&str>, script: Option<(&str, &str, &str)>) -> TxSpec {
    TxSpec {
        account: account.into(),
        consume: consume.map(str::to_string).into_iter().collect(),
        script: script.map(|(c, f, a)| ScriptSpec {
            component: c.into(),
            function: f.into(),
            args: vec![a.into()],
        }),
        gas: rivet_node::request::DEFAULT_GAS,
        auth_proof: None,
    }
}

/// `spec` signed by `signer`'s demo key over the summary the node computes (no proof
/// for a public account such as the faucet, or for a request that cannot run).
fn signed_by(c: &Client, spec: &TxSpec, signer: &str) -> anyhow::Result<TxSpec> {
    let to_sign = match c.summarize(spec)? {
        Ok(t) => t,
        // It cannot run: submitting it unsigned reports why.
        Err(_) => return Ok(spec.clone()),
    };
    let mut spec = spec.clone();
    if to_sign.scheme == AuthScheme::Ed25519 {
        let key = super::world::demo_key(signer);
        spec.auth_proof = Some(keys::hex(&Signer::Ed25519(key).proof(&to_sign.summary)));
    }
    Ok(spec)
}

fn commit(c: &Client, spec: &TxSpec) -> anyhow::Result<Value> {
    let spec = &signed_by(c, spec, &spec.account)?;
    match c.submit(spec)? {
        Submitted::Committed(v) => {
            println!(
                "    tx {} (#{}) on {}: gas {}, witness {} bytes, nonce {} -> {}, notes in {} out {}",
                &s(&v, "id")[..12],
                v["seq"],
                remote::label(&v, "account", "account_name"),
                v["gas_used"],
                v["witness_bytes"],
                v["nonce"]["before"],
                v["nonce"]["after"],
                v["consumed"].as_array().map_or(0, Vec::len),
                v["created"].as_array().map_or(0, Vec::len)
            );
            Ok(v)
        }
        Submitted::Refused(v) => bail!("{} refused: {}", spec.account, s(&v, "refused")),
    }
}

fn created(v: &Value) -> anyhow::Result<String> {
    v["created"][0]
        .as_str()
        .map(str::to_string)
        .context("the transaction created no note")
}

fn balance(c: &Client, name: &str) -> anyhow::Result<u64> {
    let a = c.get(&format!("/v1/accounts/{name}"))?;
    Ok(a["vault"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|x| x["faucet_name"] == "faucet")
        .filter_map(|x| x["amount"].as_u64())
        .sum())
}

fn balances(c: &Client) -> anyhow::Result<()> {
    println!(
        "    balances: alice {}, bob {}",
        balance(c, "alice")?,
        balance(c, "bob")?
    );
    Ok(())
}

/// Runs the demo's transactions through the node at `url`.
pub fn run(url: &str) -> anyhow::Result<ExitCode> {
    let c = remote::client(url);
    let status = c.get("/v1/status")?;
    let accounts = c.get("/v1/accounts")?;
    for name in ["faucet", "alice", "bob", "counter"] {
        if !accounts
            .as_array()
            .into_iter()
            .flatten()
            .any(|a| a["name"] == name)
        {
            bail!(
                "the node at {url} has no `{name}` account: run `rivet demo --state DIR` once, \
                 then `rivet node --state DIR`"
            );
        }
    }
    println!(
        "[node]     {url}: {} transactions, store {}",
        status["height"],
        s(&status, "store")
    );
    let st = format!(" --node {url}");
    println!("[1] faucet mints {MINT} into a p2id note for alice");
    println!(
        "    $ rivet tx exec faucet --script mint-tx run '[{MINT}, @hash:p2id, @id:alice]'{st}"
    );
    let mint_args = format!("[{MINT}, @hash:p2id, @id:alice]");
    let note = created(&commit(
        &c,
        &spec("faucet", None, Some(("mint-tx", "run", &mint_args))),
    )?)?;
    balances(&c)?;
    println!("[2] alice consumes note {}", &note[..12]);
    commit(&c, &spec("alice", Some(&note), None))?;
    balances(&c)?;
    println!("[3] alice sends {SEND} to bob in a p2id note");
    let send_args = format!("[@id:faucet, {SEND}, @hash:p2id, @id:bob]");
    let to_bob = created(&commit(
        &c,
        &spec("alice", None, Some(("send-asset-tx", "run", &send_args))),
    )?)?;
    balances(&c)?;
    println!("[4] alice tries to consume bob's note {}", &to_bob[..12]);
    let before = c.get("/v1/status")?;
    match c.submit(&signed_by(
        &c,
        &spec("alice", Some(&to_bob), None),
        "alice",
    )?)? {
        Submitted::Committed(_) => bail!("alice consumed a p2id note meant for bob"),
        Submitted::Refused(v) => println!("    REFUSED: {}", s(&v, "refused")),
    }
    if c.get("/v1/status")?["height"] != before["height"] {
        bail!("the refused transaction changed the log");
    }
    println!(
        "    nothing committed ({} transactions in the log)",
        before["height"]
    );
    println!("[5] bob signs a transaction of alice's: send {SEND} to bob");
    match c.submit(&signed_by(
        &c,
        &spec("alice", None, Some(("send-asset-tx", "run", &send_args))),
        "bob",
    )?)? {
        Submitted::Committed(_) => bail!("bob's signature spent alice's tokens"),
        Submitted::Refused(v) => println!("    REFUSED ({}): {}", s(&v, "kind"), s(&v, "refused")),
    }
    if c.get("/v1/status")?["height"] != before["height"] {
        bail!("the unauthorized transaction changed the log");
    }
    println!("[6] bob consumes note {}", &to_bob[..12]);
    commit(&c, &spec("bob", Some(&to_bob), None))?;
    balances(&c)?;
    println!("[7] counter: counter-user bump(1) through the WAT adder and the C counter");
    commit(
        &c,
        &spec(
            "counter",
            None,
            Some(("counter-user", "rivet:counter-user/user#bump", "1")),
        ),
    )?;
    let counter = c.get("/v1/accounts/counter")?;
    println!(
        "    counter (slot 0) = {}",
        counter["storage"]["values"][0][0]
    );
    finish(&c)?;
    Ok(ExitCode::SUCCESS)
}

/// Conservation, as the local demo checks it, and the closing line.
fn finish(c: &Client) -> anyhow::Result<()> {
    // Conservation, as the local demo checks it.
    let issued = c.get("/v1/accounts/faucet")?["storage"]["values"][1][0]
        .as_u64()
        .context("the faucet has no issued total in slot 1")?;
    let mut held = 0;
    for a in c.get("/v1/accounts")?.as_array().into_iter().flatten() {
        held += balance(c, s(a, "id"))?;
    }
    for n in c
        .get("/v1/notes?status=unspent")?
        .as_array()
        .into_iter()
        .flatten()
    {
        for x in n["assets"].as_array().into_iter().flatten() {
            if x["faucet_name"] == "faucet" {
                held += x["amount"].as_u64().unwrap_or(0);
            }
        }
    }
    if held != issued {
        bail!("assets not conserved: {issued} issued but {held} held in vaults and notes");
    }
    let end = c.get("/v1/status")?;
    println!();
    println!(
        "[done]     alice {}, bob {}; {issued} issued = {held} in vaults and unspent notes; \
         {} transactions, chain head {}",
        balance(c, "alice")?,
        balance(c, "bob")?,
        end["height"],
        &s(&end, "chain_head")[..12.min(s(&end, "chain_head").len())]
    );
    Ok(())
}
