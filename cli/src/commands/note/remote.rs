//! `rivet note ... --node URL`: list and show through a node's API.

use super::Command;
use crate::commands::remote::{self, print, s};
use rivet_node::client::{segment, Client};
use serde_json::Value;
use std::io::Write;
use std::process::ExitCode;

/// Runs `cmd` through the node its `--node` names; `None` without `--node`.
pub(super) fn run(cmd: &Command, out: &mut dyn Write) -> Option<anyhow::Result<ExitCode>> {
    let state = match cmd {
        Command::List { state, .. } | Command::Show { state, .. } => state,
    };
    let c = remote::client(state.node.as_deref()?);
    Some(match cmd {
        Command::List {
            account, unspent, ..
        } => list(&c, account.as_deref(), *unspent, state.json, out),
        Command::Show { note, .. } => c
            .get(&format!("/v1/notes/{}", segment(note)))
            .map_err(Into::into)
            .and_then(|v| show(&v, state.json, out)),
    })
}

fn show(v: &Value, json: bool, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    if json {
        print(out, v)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "note {} ({})",
        s(v, "id"),
        remote::status_text(&v["status"])
    )?;
    writeln!(out, "  script  {}", s(&v["script"], "hash"))?;
    writeln!(
        out,
        "  sender  {}",
        remote::label(v, "sender", "sender_name")
    )?;
    writeln!(out, "  inputs  {}", v["inputs"])?;
    writeln!(out, "  assets  {}", remote::assets_text(&v["assets"]))?;
    Ok(ExitCode::SUCCESS)
}

/// True when the note (JSON) was sent by `id` or holds it in its inputs, as
/// [`super::concerns`] decides for a stored note.
fn concerns(n: &Value, id: &str) -> bool {
    let Ok(id) = u128::from_str_radix(id, 16) else {
        return false;
    };
    let (prefix, suffix) = ((id >> 64) as u64, id as u64);
    let inputs: Vec<u64> = n["inputs"]
        .as_array()
        .map(|l| l.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    n["sender"].as_str() == Some(&format!("{id:032x}"))
        || inputs.windows(2).any(|w| w[0] == prefix && w[1] == suffix)
}

fn list(
    c: &Client,
    account: Option<&str>,
    unspent: bool,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let id = match account {
        Some(a) => Some(c.get(&format!("/v1/accounts/{}", segment(a)))?["id"].clone()),
        None => None,
    };
    let path = if unspent {
        "/v1/notes?status=unspent"
    } else {
        "/v1/notes"
    };
    let notes: Vec<Value> = c
        .get(path)?
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|n| {
            id.as_ref()
                .is_none_or(|id| concerns(n, id.as_str().unwrap_or("")))
        })
        .collect();
    if json {
        print(out, &Value::Array(notes))?;
        return Ok(ExitCode::SUCCESS);
    }
    for n in &notes {
        writeln!(
            out,
            "{}  {:<16} from {:<10} {}",
            s(n, "id"),
            remote::status_text(&n["status"]),
            remote::label(n, "sender", "sender_name"),
            remote::assets_text(&n["assets"])
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
