//! `rivet tx ... --node URL`: exec, log and show through a node's API.

use super::{Command, ExecArgs};
use crate::commands::keystore;
use crate::commands::remote::{self, print, s};
use anyhow::{bail, Context};
use rivet_node::client::{Client, Submitted};
use rivet_node::{ScriptSpec, TxSpec};
use rivet_state::Signer;
use serde_json::Value;
use std::io::Write;
use std::process::ExitCode;

/// Runs `cmd` through the node its `--node` names; `None` without `--node`.
pub(super) fn run(cmd: &Command, out: &mut dyn Write) -> Option<anyhow::Result<ExitCode>> {
    let state = match cmd {
        Command::Exec(a) => &a.state,
        Command::Log { state }
        | Command::Show { state, .. }
        | Command::Replay { state, .. }
        | Command::Export { state, .. } => state,
    };
    let c = remote::client(state.node.as_deref()?);
    Some(match cmd {
        Command::Exec(a) => exec(&c, a, out),
        Command::Log { state } => log(&c, state.json, out),
        Command::Show { tx, state } => show(&c, tx, state.json, out),
        Command::Replay { .. } => Err(remote::local_only("tx replay")),
        Command::Export { .. } => Err(remote::local_only("tx export")),
    })
}

fn exec(c: &Client, a: &ExecArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let script = match a.script.as_slice() {
        [] => None,
        [component, function, args @ ..] => Some(ScriptSpec {
            component: component.clone(),
            function: function.clone(),
            args: args.to_vec(),
        }),
        _ => bail!("--script needs COMPONENT FUNC [ARGS...]"),
    };
    if a.consume.is_empty() && script.is_none() {
        bail!("nothing to do: give --consume NOTE and/or --script COMPONENT FUNC ARGS...");
    }
    let mut spec = TxSpec {
        account: a.account.clone(),
        consume: a.consume.clone(),
        script,
        gas: a.gas,
        auth_proof: None,
    };
    if let Some(p) = &a.proof {
        keystore::unhex(p).context("--proof")?;
        spec.auth_proof = Some(p.trim().to_string()).filter(|p| !p.is_empty());
    } else {
        // Sign what the node says this request will do, with the local keystore.
        let to_sign = match c.summarize(&spec)? {
            Ok(t) => t,
            Err(v) => return refused(v, a.state.json, out),
        };
        let name = to_sign.account_name.clone().unwrap_or(a.account.clone());
        let signer =
            keystore::signer(&a.state.state, &name, to_sign.scheme, &to_sign.keys, &a.key)?;
        let proof = (!matches!(signer, Signer::None))
            .then(|| keystore::hex(&signer.proof(&to_sign.summary)));
        if a.summary {
            let summary = keystore::hex(&to_sign.summary.0);
            return super::print_summary(&summary, proof.as_deref(), a.state.json, out);
        }
        spec.auth_proof = proof;
    }
    match c.submit(&spec)? {
        Submitted::Committed(v) => {
            if a.state.json {
                print(out, &v)?;
                return Ok(ExitCode::SUCCESS);
            }
            summary(&v, out)?;
            Ok(ExitCode::SUCCESS)
        }
        Submitted::Refused(v) => refused(v, a.state.json, out),
    }
}

/// A refusal: a missing input is a mistake in the request, as it is locally
/// (status 2); anything else exits 1 with nothing committed.
fn refused(v: Value, json: bool, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    if v["kind"] == "unavailable" {
        bail!("{}", s(&v, "refused"));
    }
    if json {
        print(out, &v)?;
    }
    eprintln!("refused: {}", s(&v, "refused"));
    eprintln!("nothing committed");
    Ok(ExitCode::from(1))
}

fn summary(v: &Value, out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(
        out,
        "tx {} (#{}) on {}",
        s(v, "id"),
        v["seq"],
        remote::label(v, "account", "account_name")
    )?;
    writeln!(
        out,
        "  gas {}, witness {} bytes, nonce {} -> {}",
        v["gas_used"], v["witness_bytes"], v["nonce"]["before"], v["nonce"]["after"]
    )?;
    for n in v["consumed"].as_array().into_iter().flatten() {
        writeln!(out, "  consumed {}", n.as_str().unwrap_or("?"))?;
    }
    for n in v["created"].as_array().into_iter().flatten() {
        writeln!(out, "  created  {}", n.as_str().unwrap_or("?"))?;
    }
    Ok(())
}

fn log(c: &Client, json: bool, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let log = c.log()?;
    if json {
        print(out, &Value::Array(log))?;
        return Ok(ExitCode::SUCCESS);
    }
    for t in &log {
        writeln!(
            out,
            "#{:<4} {}  {:<10} gas {:<9} nonce {} notes in {} out {}",
            t["seq"],
            s(t, "id"),
            remote::label(t, "account", "account_name"),
            t["gas_used"],
            t["nonce"]["before"],
            t["consumed"].as_array().map_or(0, Vec::len),
            t["created"].as_array().map_or(0, Vec::len)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn show(c: &Client, what: &str, json: bool, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let v = c.get(&format!(
        "/v1/transactions/{}",
        rivet_node::client::segment(what)
    ))?;
    if json {
        print(out, &v)?;
        return Ok(ExitCode::SUCCESS);
    }
    summary(&v, out)?;
    for call in v["calls"].as_array().into_iter().flatten() {
        writeln!(
            out,
            "  call {} {}",
            s(call, "component"),
            s(call, "function")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
