//! The transaction request as JSON, and its conversion to a [`TxRequest`]: the one
//! place where the API's request shape is defined, so a field added later (a
//! signature, say) is added here and flows through submission, the OpenAPI document
//! and the CLI client alike.
//!
//! The shape mirrors `rivet tx exec`'s arguments, so anything typed at the command
//! line can be sent to a node unchanged:
//!
//! ```json
//! {"account": "faucet",
//!  "consume": ["3f2a"],
//!  "script": {"component": "mint-tx", "function": "run",
//!             "args": ["[100, @hash:p2id, @id:alice]"]},
//!  "gas": 50000000,
//!  "auth_proof": "9c1e..."}
//! ```
//!
//! `account` is a name, id or id prefix; `consume` lists note ids or prefixes,
//! consumed in order; `script` is the entry call (a component name or code-hash
//! prefix in the account's manifest, an export, WAVE arguments in which
//! `@hash:COMPONENT` and `@id:ACCOUNT` expand to u64 limbs); `gas` is optional;
//! `auth_proof` is the hex proof the account's auth component checks (a signature of
//! the transaction summary that `POST /v1/transactions/summary` returns for the same
//! request; absent for public accounts).
//! Unknown fields are refused, so a misspelt field is never silently ignored. Every
//! error names the field (`script.args[1]`).

use crate::error::ApiError;
use crate::ledger::Ledger;
use rivet_cabi::{wave, FuncType, Val};
use rivet_format::manifest::Manifest;
use rivet_format::CodeHash;
use rivet_runtime::component::App;
use rivet_state::auth::keys;
use rivet_state::{AccountId, EntryCall, TxRequest, Word};
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// Gas for a transaction or view unless the request says otherwise (as the CLI).
pub const DEFAULT_GAS: u64 = 50_000_000;
/// The most gas one request may ask for.
pub const MAX_GAS: u64 = 10_000_000_000;
/// The most notes one transaction may consume.
pub const MAX_NOTES: usize = 256;

/// The entry call of a request, as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptSpec {
    /// Component name or code-hash prefix in the account's manifest.
    pub component: String,
    /// The export, e.g. `run` or `rivet:counter-user/user#bump`.
    pub function: String,
    /// WAVE arguments, one per parameter.
    pub args: Vec<String>,
}

/// A transaction request as a client sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxSpec {
    /// The executing account: name, id or id prefix.
    pub account: String,
    /// Notes to consume (ids or prefixes), in order.
    pub consume: Vec<String>,
    /// The entry call after the notes.
    pub script: Option<ScriptSpec>,
    /// Gas for the whole transaction.
    pub gas: u64,
    /// The proof for the account's auth component, in hex (`None`: no proof).
    pub auth_proof: Option<String>,
}

/// A view call as a client sends it (`POST /v1/accounts/{account}/view`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewSpec {
    /// The export of one of the account's components.
    pub function: String,
    /// WAVE arguments.
    pub args: Vec<String>,
    /// Gas for the call.
    pub gas: u64,
}

fn object<'a>(
    v: &'a Value,
    path: &str,
    allowed: &[&str],
) -> Result<&'a Map<String, Value>, ApiError> {
    let o = v.as_object().ok_or_else(|| {
        if path.is_empty() {
            ApiError::BadBody("expected a JSON object".into())
        } else {
            ApiError::field(path, "expected an object")
        }
    })?;
    if let Some(k) = o.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(ApiError::field(
            join(path, k),
            format!("unknown field (fields: {})", allowed.join(", ")),
        ));
    }
    Ok(o)
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn string(o: &Map<String, Value>, path: &str, key: &str) -> Result<String, ApiError> {
    match o.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(Value::String(_)) => Err(ApiError::field(join(path, key), "must not be empty")),
        Some(_) => Err(ApiError::field(join(path, key), "expected a string")),
        None => Err(ApiError::field(join(path, key), "missing")),
    }
}

fn strings(
    o: &Map<String, Value>,
    path: &str,
    key: &str,
    numbers: bool,
) -> Result<Vec<String>, ApiError> {
    let field = join(path, key);
    match o.get(key) {
        None | Some(Value::Null) => Ok(vec![]),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.clone()),
                // A bare number is accepted as its WAVE text (arguments only).
                Value::Number(n) if numbers => Ok(n.to_string()),
                _ => Err(ApiError::field(
                    format!("{field}[{i}]"),
                    "expected a string",
                )),
            })
            .collect(),
        Some(_) => Err(ApiError::field(field, "expected an array of strings")),
    }
}

fn gas(o: &Map<String, Value>) -> Result<u64, ApiError> {
    match o.get("gas") {
        None | Some(Value::Null) => Ok(DEFAULT_GAS),
        Some(v) => match v.as_u64() {
            Some(g) if (1..=MAX_GAS).contains(&g) => Ok(g),
            _ => Err(ApiError::field(
                "gas",
                format!("expected an integer in 1..={MAX_GAS}"),
            )),
        },
    }
}

impl TxSpec {
    /// Reads a request body; errors name the field.
    pub fn from_json(v: &Value) -> Result<TxSpec, ApiError> {
        let o = object(
            v,
            "",
            &["account", "consume", "script", "gas", "auth_proof"],
        )?;
        let account = string(o, "", "account")?;
        let consume = strings(o, "", "consume", false)?;
        if consume.len() > MAX_NOTES {
            return Err(ApiError::field(
                "consume",
                format!("at most {MAX_NOTES} notes"),
            ));
        }
        let script = match o.get("script") {
            None | Some(Value::Null) => None,
            Some(s) => {
                let so = object(s, "script", &["component", "function", "args"])?;
                Some(ScriptSpec {
                    component: string(so, "script", "component")?,
                    function: string(so, "script", "function")?,
                    args: strings(so, "script", "args", true)?,
                })
            }
        };
        if consume.is_empty() && script.is_none() {
            return Err(ApiError::field(
                "script",
                "nothing to do: give `consume` and/or `script`",
            ));
        }
        let auth_proof = match o.get("auth_proof") {
            None | Some(Value::Null) => None,
            Some(Value::String(p)) => {
                keys::unhex(p).map_err(|e| ApiError::field("auth_proof", e.to_string()))?;
                Some(p.clone())
            }
            Some(_) => return Err(ApiError::field("auth_proof", "expected a hex string")),
        };
        Ok(TxSpec {
            account,
            consume,
            script,
            gas: gas(o)?,
            auth_proof,
        })
    }

    /// The request body for this spec (what a client sends).
    pub fn to_json(&self) -> Value {
        let mut v = json!({"account": self.account, "consume": self.consume, "gas": self.gas});
        if let Some(s) = &self.script {
            v["script"] = json!({"component": s.component, "function": s.function, "args": s.args});
        }
        if let Some(p) = &self.auth_proof {
            v["auth_proof"] = json!(p);
        }
        v
    }

    /// Resolves names and prefixes against the ledger and parses the arguments:
    /// the executable request and the manifest it runs under.
    pub fn resolve(&self, ledger: &Ledger) -> Result<(TxRequest, Arc<App>), ApiError> {
        let account = ledger
            .resolve(&self.account)
            .map_err(|e| refield("account", e))?;
        let app = ledger.app_for(account)?;
        let notes = self
            .consume
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let (note, _) = ledger
                    .find_note(n)
                    .map_err(|e| refield(&format!("consume[{i}]"), e))?;
                Ok(note.id())
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        let entry = match &self.script {
            None => None,
            Some(s) => Some(script_entry(ledger, &app, s)?),
        };
        let auth_proof = match &self.auth_proof {
            None => Vec::new(),
            Some(p) => keys::unhex(p).map_err(|e| ApiError::field("auth_proof", e.to_string()))?,
        };
        let req = TxRequest {
            account,
            notes,
            entry,
            gas: self.gas,
            auth_proof,
        };
        Ok((req, app))
    }
}

impl ViewSpec {
    /// Reads a view request body; errors name the field.
    pub fn from_json(v: &Value) -> Result<ViewSpec, ApiError> {
        let o = object(v, "", &["function", "args", "gas"])?;
        Ok(ViewSpec {
            function: string(o, "", "function")?,
            args: strings(o, "", "args", true)?,
            gas: gas(o)?,
        })
    }

    /// The entry call: the account component exporting `function`, with parsed
    /// arguments.
    pub fn resolve(
        &self,
        ledger: &Ledger,
        account: AccountId,
        app: &App,
    ) -> Result<EntryCall, ApiError> {
        let stored = ledger.account(account)?.ok_or_else(|| ApiError::NotFound {
            what: "account",
            key: account.to_string(),
            hint: String::new(),
        })?;
        for h in &stored.code {
            let comp = app
                .component(&h.to_hex())
                .map_err(|t| ApiError::Internal(t.to_string()))?;
            if let Some(f) = comp.export(&self.function) {
                let args = parse_args(ledger, app.manifest(), &f.ty, &self.args, "args")?;
                return Ok(EntryCall {
                    component: *h,
                    function: f.key.clone(),
                    args,
                });
            }
        }
        Err(ApiError::field(
            "function",
            format!(
                "no component of account {account} exports `{}`",
                self.function
            ),
        ))
    }
}

/// Renames the field of a not-found or ambiguous error as the request's field.
fn refield(field: &str, e: ApiError) -> ApiError {
    match e {
        e @ (ApiError::NotFound { .. } | ApiError::Ambiguous { .. }) => {
            ApiError::field(field, e.to_string())
        }
        other => other,
    }
}

fn script_entry(ledger: &Ledger, app: &App, s: &ScriptSpec) -> Result<EntryCall, ApiError> {
    let hash = component_hash(app.manifest(), &s.component)
        .map_err(|reason| ApiError::field("script.component", reason.to_string()))?;
    let comp = app
        .component(&hash.to_hex())
        .map_err(|t| ApiError::Internal(t.to_string()))?;
    let Some(f) = comp.export(&s.function) else {
        let mut names: Vec<&str> = comp.exports.iter().map(|e| e.key.as_str()).collect();
        names.sort_unstable();
        return Err(ApiError::field(
            "script.function",
            format!(
                "{} exports no `{}` (exports: {})",
                s.component,
                s.function,
                names.join(", ")
            ),
        ));
    };
    Ok(EntryCall {
        component: hash,
        function: f.key.clone(),
        args: parse_args(ledger, app.manifest(), &f.ty, &s.args, "script.args")?,
    })
}

/// Parses one WAVE text per parameter, after `@hash:`/`@id:` expansion.
fn parse_args(
    ledger: &Ledger,
    manifest: &Manifest,
    ty: &FuncType,
    texts: &[String],
    field: &str,
) -> Result<Vec<Val>, ApiError> {
    if texts.len() != ty.params.len() {
        let params: Vec<String> = ty
            .params
            .iter()
            .map(|(n, t)| format!("{n}: {}", wave::type_to_string(t)))
            .collect();
        return Err(ApiError::field(
            field,
            format!(
                "the function takes {} argument(s) ({}), got {}",
                ty.params.len(),
                params.join(", "),
                texts.len()
            ),
        ));
    }
    ty.params
        .iter()
        .zip(texts)
        .enumerate()
        .map(|(i, ((name, t), text))| {
            let at = format!("{field}[{i}]");
            let text =
                expand(ledger, manifest, text).map_err(|r| ApiError::field(&at, r.to_string()))?;
            wave::parse(t, &text).map_err(|e| {
                let msg = match e {
                    wave::WaveError::Parse { message, .. } => message,
                    other => other.to_string(),
                };
                ApiError::field(
                    &at,
                    format!(
                        "parameter `{name}` of type {}: cannot read `{text}` ({msg})",
                        wave::type_to_string(t)
                    ),
                )
            })
        })
        .collect()
}

/// A name in a request that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// No component of that name or hash prefix in the account's manifest.
    #[error("no component `{what}` in the account's manifest (components: {components})")]
    NoComponent {
        /// The name or prefix given.
        what: String,
        /// The manifest's component names, comma-separated.
        components: String,
    },
    /// A hash prefix matching several components.
    #[error("`{0}` matches several components; give more digits")]
    Ambiguous(String),
    /// An `@id:` that names no single account.
    #[error("{0}")]
    Account(String),
}

/// The code hash of the component `what` (a name or hash prefix) in `manifest`.
pub fn component_hash(manifest: &Manifest, what: &str) -> Result<CodeHash, NameError> {
    if let Some(c) = manifest.components().iter().find(|c| c.name == what) {
        return Ok(c.hash);
    }
    let lower = what.to_ascii_lowercase();
    let found: Vec<CodeHash> = manifest
        .components()
        .iter()
        .map(|c| c.hash)
        .filter(|h| !lower.is_empty() && h.to_hex().starts_with(&lower))
        .collect();
    match found.as_slice() {
        [h] => Ok(*h),
        [] => Err(NameError::NoComponent {
            what: what.to_string(),
            components: manifest
                .components()
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }),
        _ => Err(NameError::Ambiguous(what.to_string())),
    }
}

/// Replaces `@hash:COMPONENT` (four u64 limbs of its code hash) and `@id:ACCOUNT`
/// (the id's two u64 halves) in WAVE text, as `rivet tx exec` does.
fn expand(ledger: &Ledger, manifest: &Manifest, text: &str) -> Result<String, NameError> {
    expand_names(
        text,
        |name| component_hash(manifest, name),
        |name| {
            ledger
                .resolve(name)
                .map_err(|e| NameError::Account(e.to_string()))
        },
    )
}

/// Replaces `@hash:COMPONENT` with the four u64 limbs of `hash_of(COMPONENT)` and
/// `@id:ACCOUNT` with the two u64 halves of `id_of(ACCOUNT)` in WAVE text, so
/// scripts taking hashes and ids as `list<u64>` can be called by name. The CLI and
/// the node both expand through here.
pub fn expand_names<E>(
    text: &str,
    mut hash_of: impl FnMut(&str) -> Result<CodeHash, E>,
    mut id_of: impl FnMut(&str) -> Result<AccountId, E>,
) -> Result<String, E> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-_:".contains(c)))
            .unwrap_or(tail.len());
        let token = &tail[..end];
        if let Some(name) = token.strip_prefix("hash:") {
            let l = Word(hash_of(name)?.0).limbs();
            out.push_str(&format!("{}, {}, {}, {}", l[0], l[1], l[2], l[3]));
        } else if let Some(name) = token.strip_prefix("id:") {
            let id = id_of(name)?;
            out.push_str(&format!("{}, {}", id.prefix, id.suffix));
        } else {
            out.push('@');
            out.push_str(token);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(v: Value) -> String {
        match TxSpec::from_json(&v) {
            Err(ApiError::BadField { field, .. }) => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn requests_parse_and_round_trip() {
        let v = json!({"account": "alice", "consume": ["3f"], "script": {"component": "mint-tx", "function": "run", "args": ["[1]", 7]}, "gas": 1000});
        let s = TxSpec::from_json(&v).unwrap();
        assert_eq!(s.account, "alice");
        assert_eq!(s.script.as_ref().unwrap().args, vec!["[1]", "7"]);
        assert_eq!(TxSpec::from_json(&s.to_json()).unwrap(), s);
        let d = TxSpec::from_json(&json!({"account": "a", "consume": ["1"]})).unwrap();
        assert_eq!(d.gas, DEFAULT_GAS);
    }

    #[test]
    fn bad_requests_name_the_field() {
        assert_eq!(field_of(json!({"consume": ["1"]})), "account");
        assert_eq!(field_of(json!({"account": 3, "consume": ["1"]})), "account");
        assert_eq!(field_of(json!({"account": "a"})), "script");
        assert_eq!(
            field_of(json!({"account": "a", "consume": [1.5]})),
            "consume[0]"
        );
        assert_eq!(
            field_of(json!({"account": "a", "consume": ["1"], "gas": -1})),
            "gas"
        );
        assert_eq!(
            field_of(json!({"account": "a", "consume": ["1"], "gass": 1})),
            "gass"
        );
        assert_eq!(
            field_of(
                json!({"account": "a", "script": {"component": "x", "function": "run", "args": [{}]}})
            ),
            "script.args[0]"
        );
        assert_eq!(
            field_of(json!({"account": "a", "script": {"component": "x"}})),
            "script.function"
        );
        assert!(matches!(
            TxSpec::from_json(&json!([1])),
            Err(ApiError::BadBody(_))
        ));
        let v = ViewSpec::from_json(&json!({"function": "f", "args": ["1"]})).unwrap();
        assert_eq!(v.gas, DEFAULT_GAS);
        assert!(ViewSpec::from_json(&json!({"args": []})).is_err());
    }
}
