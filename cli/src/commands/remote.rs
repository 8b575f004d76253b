//! `--node URL`: the state commands against a running node (`rivet node`) instead of
//! a local state directory. Each command's own module dispatches to its `remote`
//! child first; this module holds what they share: the client and the text
//! renderings of the node's JSON (whose field names are the `--json` output's, so
//! `--json` prints the node's answer as is).

use rivet_node::client::Client;
use serde_json::Value;
use std::io::Write;

/// The client of the node at `url`.
pub fn client(url: &str) -> Client {
    Client::new(url)
}

/// `v[name_key]` if set, else `v[id_key]`.
pub fn label(v: &Value, id_key: &str, name_key: &str) -> String {
    v[name_key]
        .as_str()
        .or_else(|| v[id_key].as_str())
        .unwrap_or("?")
        .to_string()
}

/// An asset as text, as `rivet account show` prints it.
pub fn asset_text(a: &Value) -> String {
    let faucet = label(a, "faucet", "faucet_name");
    match a["amount"].as_u64() {
        Some(n) => format!("{n} of {faucet}"),
        None => format!(
            "unique {} of {faucet}",
            a["data_hash"]
                .as_str()
                .unwrap_or("?")
                .get(..12)
                .unwrap_or("?")
        ),
    }
}

/// A list of assets as text.
pub fn assets_text(list: &Value) -> String {
    list.as_array()
        .map(|l| l.iter().map(asset_text).collect::<Vec<_>>().join(", "))
        .unwrap_or_default()
}

/// A note's status as text.
pub fn status_text(status: &Value) -> String {
    match status["consumed_by"].as_u64() {
        Some(seq) => format!("consumed by #{seq}"),
        None => "unspent".into(),
    }
}

/// Prints `v` as pretty JSON.
pub fn print(out: &mut dyn Write, v: &Value) -> anyhow::Result<()> {
    writeln!(out, "{}", serde_json::to_string_pretty(v)?)?;
    Ok(())
}

/// A string field of `v`.
pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("?")
}

/// The error for a command that needs the local state directory.
pub fn local_only(what: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "`{what}` works on a local state directory, not through a node (--node): \
         stop the node and run it with --state DIR"
    )
}
