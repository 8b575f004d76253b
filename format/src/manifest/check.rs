//! Per-component invariants of a manifest: canonical order, providers that exist and
//! provide what is imported, and the runtime tables: every index in range, host
//! targets inside `rivet:base`, component targets that are other components of the
//! manifest with an export of the very type the importer expects.

use super::error::{invalid, ManifestError};
use super::tables::{CallTarget, CoreImportKind};
use super::types::sig_difference;
use super::{Component, Manifest, Provider, HOST_PACKAGE};

fn in_host_package(interface: &str) -> bool {
    interface
        .strip_prefix(HOST_PACKAGE)
        .is_some_and(|rest| rest.starts_with('/'))
}

fn strictly_sorted<'a>(mut names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut prev = names.next()?;
    for n in names {
        if prev >= n {
            return Some(n);
        }
        prev = n;
    }
    None
}

/// Per-component invariants: canonical order, non-empty names, providers that exist,
/// are not the importer, and export every function imported through them.
pub(super) fn check_component(m: &Manifest, c: &Component) -> Result<(), ManifestError> {
    let who = format!("{} ({})", c.name, c.hash.short());
    let bad = |reason: String| invalid(&who, reason);
    if c.name.is_empty() || c.world.is_empty() {
        return Err(bad("empty name or world".into()));
    }
    if let Some(n) = strictly_sorted(c.exports.iter().map(|e| e.name.as_str())) {
        return Err(bad(format!("export `{n}` is out of order or repeated")));
    }
    if let Some(n) = strictly_sorted(c.imports.iter().map(|i| i.name.as_str())) {
        return Err(bad(format!("import `{n}` is out of order or repeated")));
    }
    for e in &c.exports {
        if e.name.is_empty() {
            return Err(bad("export with an empty name".into()));
        }
        if let Some(f) = strictly_sorted(e.functions.iter().map(String::as_str)) {
            return Err(bad(format!(
                "{who}: export {}: function `{f}` is out of order or repeated",
                e.name
            )));
        }
    }
    for i in &c.imports {
        let what = format!("import {}", i.name);
        if i.name.is_empty() {
            return Err(bad("import with an empty name".into()));
        }
        if let Some(f) = strictly_sorted(i.functions.iter().map(String::as_str)) {
            return Err(bad(format!(
                "{what}: function `{f}` is out of order or repeated"
            )));
        }
        match &i.provider {
            Provider::Host { interface } => {
                if !in_host_package(interface) {
                    return Err(bad(format!(
                        "{what}: host interface `{interface}` is not part of {HOST_PACKAGE}"
                    )));
                }
            }
            Provider::Component { hash, interface } => {
                if *hash == c.hash {
                    return Err(bad(format!("{what}: provided by the importer itself")));
                }
                let provider = m.component(hash).ok_or_else(|| {
                    bad(format!("{what}: provider {hash} is not in the manifest"))
                })?;
                let export = provider.export(interface).ok_or_else(|| {
                    bad(format!(
                        "{what}: provider {} does not export `{interface}`",
                        provider.name
                    ))
                })?;
                if export.kind != i.kind {
                    return Err(bad(format!(
                        "{what}: provider {} exports `{interface}` as a different kind of item",
                        provider.name
                    )));
                }
                if let Some(f) = i
                    .functions
                    .iter()
                    .find(|f| export.functions.binary_search(f).is_err())
                {
                    return Err(bad(format!(
                        "{what}: provider {} does not export function `{f}` through `{interface}`",
                        provider.name
                    )));
                }
            }
        }
    }
    c.tables.check_local(&who)?;
    check_calls(m, c, &who)
}

/// The core imports' call targets: in range, and of the type the importer expects.
fn check_calls(m: &Manifest, c: &Component, who: &str) -> Result<(), ManifestError> {
    let bad = |reason: String| invalid(who, reason);
    for imp in &c.tables.imports {
        let CoreImportKind::Func { sig, target, .. } = &imp.kind else {
            continue;
        };
        let at = format!("core import {}.{}", imp.module, imp.name);
        match target {
            CallTarget::Host { interface, .. } => {
                if !in_host_package(interface) {
                    return Err(bad(format!(
                        "{at}: host interface `{interface}` is not part of {HOST_PACKAGE}"
                    )));
                }
            }
            CallTarget::Component { hash, export } => {
                if *hash == c.hash {
                    return Err(bad(format!("{at}: provided by the importer itself")));
                }
                let provider = m
                    .component(hash)
                    .ok_or_else(|| bad(format!("{at}: provider {hash} is not in the manifest")))?;
                let e = provider
                    .tables
                    .exports
                    .get(*export as usize)
                    .ok_or_else(|| {
                        bad(format!(
                            "{at}: provider {} has no export number {export}",
                            provider.name
                        ))
                    })?;
                if let Some(detail) = sig_difference(&c.tables, sig, &provider.tables, &e.sig) {
                    return Err(ManifestError::TypeMismatch {
                        importer: who.to_string(),
                        import: format!("{}.{}", imp.module, imp.name),
                        provider: format!("{} ({})", provider.name, provider.hash.short()),
                        export: e.key.clone(),
                        detail,
                    });
                }
            }
        }
    }
    Ok(())
}
