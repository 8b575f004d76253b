//! The wiring file: explicit provider choices and interposed wrappers, in TOML.
//!
//! ```toml
//! # Pick a provider where several would do (or to override the automatic choice).
//! [[wire]]
//! importer = "p2id"                      # component name or code hash (hex)
//! interface = "rivet:wallet/basic@1.0.0" # the import; the version may be omitted
//! provider = "wallet"                    # component name, code hash, or "host"
//!
//! # Put a wrapper between importers and the provider of an interface. The wrapper
//! # both imports and exports the interface; the importers are wired to the wrapper and
//! # the wrapper to whichever provider the interface would otherwise have had.
//! [[interpose]]
//! interface = "rivet:base/account@0.1.0"
//! wrapper = "rate-limit"
//! importers = ["p2id"]                   # optional: every importer when omitted
//! ```
//!
//! Every entry must take effect: one that matches no import is an error (most likely a
//! typo), and so is an import that is both wired and interposed.

use crate::error::LinkError;
use crate::names::ItemName;
use serde::Deserialize;

/// A parsed wiring file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wiring {
    /// Explicit provider choices.
    #[serde(default)]
    pub wire: Vec<Wire>,
    /// Interposed wrappers.
    #[serde(default)]
    pub interpose: Vec<Interpose>,
}

/// "`importer`'s import of `interface` is provided by `provider`".
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wire {
    /// The importing component (name or hex code hash).
    pub importer: String,
    /// The import (`ns:pkg/iface[@version]` or a plain name).
    pub interface: String,
    /// The provider (name, hex code hash, or `host`).
    pub provider: String,
}

/// "`wrapper` sits between `importers` and the provider of `interface`".
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interpose {
    /// The interface being wrapped.
    pub interface: String,
    /// The wrapping component (name or hex code hash).
    pub wrapper: String,
    /// Which importers go through the wrapper; every importer when absent.
    #[serde(default)]
    pub importers: Option<Vec<String>>,
}

impl Wiring {
    /// Parses a wiring file.
    pub fn parse(text: &str) -> Result<Wiring, LinkError> {
        let w: Wiring = toml::from_str(text).map_err(|e| LinkError::Wiring(e.to_string()))?;
        for entry in &w.wire {
            pattern(&entry.interface)?;
        }
        for entry in &w.interpose {
            pattern(&entry.interface)?;
        }
        Ok(w)
    }
}

/// Parses an interface named in the wiring file.
pub(crate) fn pattern(text: &str) -> Result<ItemName, LinkError> {
    ItemName::parse(text)
        .filter(|n| !n.base.is_empty())
        .ok_or_else(|| LinkError::Wiring(format!("`{text}` is not a valid interface name")))
}

/// True when an entry naming `pattern` applies to an import (or export) named `name`:
/// the same name, or the same base name when the pattern omits the version.
pub(crate) fn applies(pattern: &ItemName, name: &ItemName) -> bool {
    pattern.base == name.base && (pattern.version.is_none() || pattern.version == name.version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let w = Wiring::parse(
            r#"
            [[wire]]
            importer = "p2id"
            interface = "rivet:wallet/basic@1.0.0"
            provider = "wallet"
            [[interpose]]
            interface = "rivet:base/account"
            wrapper = "log"
            "#,
        )
        .unwrap();
        assert_eq!(w.wire[0].provider, "wallet");
        assert_eq!(w.interpose[0].importers, None);
        let e = Wiring::parse("[[wire]]\nimporter = \"a\"\n").unwrap_err();
        assert!(e.to_string().starts_with("wiring: "), "{e}");
        let e = Wiring::parse("[[bogus]]\n").unwrap_err();
        assert!(e.to_string().contains("bogus"), "{e}");
        let e = Wiring::parse(
            "[[wire]]\nimporter = \"a\"\ninterface = \"a:b/c@x\"\nprovider = \"b\"\n",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "wiring: `a:b/c@x` is not a valid interface name"
        );
        let p = pattern("a:b/c").unwrap();
        assert!(applies(&p, &ItemName::parse("a:b/c@1.0.0").unwrap()));
        let p = pattern("a:b/c@1.0.0").unwrap();
        assert!(!applies(&p, &ItemName::parse("a:b/c@1.1.0").unwrap()));
    }
}
