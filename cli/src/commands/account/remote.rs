//! `rivet account ... --node URL`: show, list and call (a view) through a node's API.

use super::{CallArgs, Command};
use crate::commands::remote::{self, print, s};
use rivet_node::client::{segment, Client};
use serde_json::{json, Value};
use std::io::Write;
use std::process::ExitCode;

/// Runs `cmd` through the node its `--node` names; `None` without `--node`.
pub(super) fn run(cmd: &Command, out: &mut dyn Write) -> Option<anyhow::Result<ExitCode>> {
    let state = match cmd {
        Command::New(a) => &a.state,
        Command::Call(a) => &a.state,
        Command::Show { state, .. } | Command::List { state } => state,
        Command::RotateKey { state, .. } => state,
    };
    let c = remote::client(state.node.as_deref()?);
    Some(match cmd {
        Command::New(_) => Err(remote::local_only("account new")),
        // The new key replaces the keystore file once the rotation commits.
        Command::RotateKey { .. } => Err(remote::local_only("account rotate-key")),
        Command::Show { account, .. } => c
            .get(&format!("/v1/accounts/{}", segment(account)))
            .map_err(Into::into)
            .and_then(|v| show(&v, state.json, out)),
        Command::List { .. } => list(&c, state.json, out),
        Command::Call(a) => call(&c, a, out),
    })
}

fn show(a: &Value, json: bool, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    if json {
        print(out, a)?;
        return Ok(ExitCode::SUCCESS);
    }
    let code: Vec<String> = a["code"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            format!(
                "{} ({})",
                s(c, "name"),
                &s(c, "hash")[..12.min(s(c, "hash").len())]
            )
        })
        .collect();
    writeln!(
        out,
        "account {} ({})",
        remote::label(a, "id", "name"),
        s(a, "kind")
    )?;
    writeln!(out, "  id      {}", s(a, "id"))?;
    writeln!(out, "  code    {}", code.join(", "))?;
    writeln!(out, "  nonce   {}", a["nonce"])?;
    for (i, w) in a["storage"]["values"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        writeln!(out, "  slot {i}  {w}")?;
    }
    let vault = remote::assets_text(&a["vault"]);
    writeln!(
        out,
        "  vault   {}",
        if vault.is_empty() { "empty" } else { &vault }
    )?;
    Ok(ExitCode::SUCCESS)
}

fn list(c: &Client, json: bool, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let accounts = c.get("/v1/accounts")?;
    if json {
        print(out, &accounts)?;
        return Ok(ExitCode::SUCCESS);
    }
    for a in accounts.as_array().into_iter().flatten() {
        let vault: Vec<String> = a["vault"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| {
                Some(format!(
                    "{} {}",
                    x["amount"].as_u64()?,
                    remote::label(x, "faucet", "faucet_name")
                ))
            })
            .collect();
        writeln!(
            out,
            "{:<12} {}  {:<7} nonce {:<4} {}",
            remote::label(a, "id", "name"),
            s(a, "id"),
            s(a, "kind"),
            a["nonce"],
            vault.join(", ")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn call(c: &Client, a: &CallArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let body = json!({"function": a.function, "args": a.args, "gas": a.gas});
    let path = format!("/v1/accounts/{}/view", segment(&a.account));
    let (status, v) = c.post(&path, &body)?;
    match status {
        200 => {
            if a.state.json {
                print(out, &v)?;
            } else {
                for r in v["results"].as_array().into_iter().flatten() {
                    writeln!(out, "{}", r.as_str().unwrap_or("?"))?;
                }
                writeln!(out, "gas used: {} (view: nothing committed)", v["gas_used"])?;
            }
            Ok(ExitCode::SUCCESS)
        }
        422 => {
            eprintln!("refused: {}", s(&v, "refused"));
            Ok(ExitCode::from(1))
        }
        _ => anyhow::bail!("{}: HTTP {status}: {}", path, s(&v, "error")),
    }
}
