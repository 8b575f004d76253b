//! Resolution: choosing a provider for every import and checking it.
//!
//! For each import, in a fixed order (components by code hash, imports in world order):
//!
//! 1. an explicit `[[wire]]` choice wins;
//! 2. otherwise an `[[interpose]]` rule sends the importer to the wrapper;
//! 3. otherwise every other component and the host are candidates (wrappers of the
//!    interface excepted, so a wrapper's own import reaches the original provider):
//!    exact name and version first, then semver-compatible; exactly one must remain.
//!
//! The chosen export is then checked structurally against the import
//! ([`crate::typecheck`]). Errors are collected rather than stopping at the first, so
//! one run reports everything that is wrong.

use crate::error::LinkError;
use crate::input::{Item, Unit};
use crate::names::{closest, name_match, NameMatch};
use crate::typecheck::check_item;
use crate::wiring::{applies, pattern, Wiring};
use rivet_format::manifest::{Import, Provider};
use rivet_format::CodeHash;

/// A provider: one of the linked components (by index) or the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// Index into the sorted component list.
    Component(usize),
    /// The runtime's `rivet:base` interfaces.
    Host,
}

/// The components being linked (sorted by code hash) and the host.
pub struct Graph {
    /// Decoded components, sorted by code hash.
    pub units: Vec<Unit>,
    /// The names the components were given (before disambiguation), for wiring lookups.
    pub given_names: Vec<String>,
    /// Each component's exported core function names, sorted.
    pub core_exports: Vec<Vec<String>>,
    /// The host as a provider.
    pub host: Unit,
}

impl Graph {
    fn unit(&self, o: Origin) -> &Unit {
        match o {
            Origin::Component(i) => &self.units[i],
            Origin::Host => &self.host,
        }
    }

    fn origins(&self) -> impl Iterator<Item = Origin> {
        (0..self.units.len())
            .map(Origin::Component)
            .chain([Origin::Host])
    }

    /// Finds the component a wiring file refers to, by hex hash or name.
    fn find(&self, reference: &str) -> Result<usize, LinkError> {
        if let Some(h) = CodeHash::from_hex(reference) {
            return self
                .units
                .iter()
                .position(|u| u.hash == Some(h))
                .ok_or_else(|| LinkError::Wiring(format!("no component has code hash {h}")));
        }
        let hits: Vec<usize> = (0..self.units.len())
            .filter(|&i| self.given_names[i] == reference || self.units[i].name == reference)
            .collect();
        match hits.as_slice() {
            [i] => Ok(*i),
            [] => Err(LinkError::Wiring(format!(
                "no component named `{reference}`"
            ))),
            _ => Err(LinkError::Wiring(format!(
                "`{reference}` names {} components; refer to one by its code hash",
                hits.len()
            ))),
        }
    }

    fn find_provider(&self, reference: &str) -> Result<Origin, LinkError> {
        if reference == crate::host::HOST_NAME {
            Ok(Origin::Host)
        } else {
            self.find(reference).map(Origin::Component)
        }
    }
}

struct WireRule {
    importer: usize,
    pattern: crate::names::ItemName,
    provider: Origin,
    used: bool,
}

struct InterposeRule {
    pattern: crate::names::ItemName,
    wrapper: usize,
    importers: Option<Vec<(usize, bool)>>,
    used: bool,
}

/// The resolved imports of every component, in `Graph::units` order.
pub type Resolution = Vec<Vec<(Import, Option<usize>)>>;

/// Resolves every import of every component; see the module docs.
pub fn resolve(graph: &Graph, wiring: &Wiring) -> Result<Resolution, Vec<LinkError>> {
    let mut errors = Vec::new();
    let (mut wires, mut interposes) = match rules(graph, wiring) {
        Ok(r) => r,
        Err(e) => return Err(vec![e]),
    };
    let mut out = Vec::with_capacity(graph.units.len());
    for (u, unit) in graph.units.iter().enumerate() {
        let mut resolved = Vec::new();
        for item in &unit.imports {
            match resolve_one(graph, u, item, &mut wires, &mut interposes)
                .and_then(|(origin, export)| bind(graph, unit, item, origin, export))
            {
                Ok(r) => resolved.push(r),
                Err(e) => errors.push(e),
            }
        }
        out.push(resolved);
    }
    for (n, w) in wires.iter().enumerate() {
        if !w.used {
            errors.push(LinkError::Wiring(format!(
                "[[wire]] entry {} ({} imports {}) matches no import",
                n + 1,
                graph.units[w.importer].name,
                w.pattern
            )));
        }
    }
    for (n, rule) in interposes.iter().enumerate() {
        let wrapper = &graph.units[rule.wrapper].name;
        if !rule.used {
            errors.push(LinkError::Wiring(format!(
                "[[interpose]] entry {} ({wrapper} around {}) matches no importer",
                n + 1,
                rule.pattern
            )));
        }
        for (i, used) in rule.importers.iter().flatten() {
            if !used {
                errors.push(LinkError::Wiring(format!(
                    "[[interpose]] entry {}: {} does not import {}",
                    n + 1,
                    graph.units[*i].name,
                    rule.pattern
                )));
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Checks the chosen export against the import and records the binding (with the
/// provider's component index, the graph edge, when it is not the host).
fn bind(
    graph: &Graph,
    unit: &Unit,
    item: &Item,
    origin: Origin,
    export: usize,
) -> Result<(Import, Option<usize>), LinkError> {
    let p = graph.unit(origin);
    let e = &p.exports[export];
    check_item(&unit.resolve, item, &p.resolve, e).map_err(|detail| LinkError::TypeMismatch {
        importer: unit.name.clone(),
        import: item.name.clone(),
        provider: if e.name == item.name {
            p.name.clone()
        } else {
            format!("{} via {}", p.name, e.name)
        },
        detail: detail.to_string(),
    })?;
    let (provider, edge) = match (origin, p.hash) {
        (Origin::Component(i), Some(hash)) => (
            Provider::Component {
                hash,
                interface: e.name.clone(),
            },
            Some(i),
        ),
        _ => (
            Provider::Host {
                interface: e.name.clone(),
            },
            None,
        ),
    };
    let import = Import {
        name: item.name.clone(),
        kind: item.kind,
        functions: item.functions(&unit.resolve),
        provider,
    };
    Ok((import, edge))
}

/// The wiring file with every reference resolved to a component.
type Rules = (Vec<WireRule>, Vec<InterposeRule>);

fn rules(graph: &Graph, wiring: &Wiring) -> Result<Rules, LinkError> {
    let mut wires = Vec::new();
    for w in &wiring.wire {
        wires.push(WireRule {
            importer: graph.find(&w.importer)?,
            pattern: pattern(&w.interface)?,
            provider: graph.find_provider(&w.provider)?,
            used: false,
        });
    }
    let mut interposes = Vec::new();
    for r in &wiring.interpose {
        let wrapper = graph.find(&r.wrapper)?;
        let pattern = pattern(&r.interface)?;
        let unit = &graph.units[wrapper];
        let imports = unit.imports.iter().any(|i| applies(&pattern, &i.parsed));
        let exports = unit.exports.iter().any(|e| e.parsed.base == pattern.base);
        if !(imports && exports) {
            return Err(LinkError::Wiring(format!(
                "wrapper {} must both import and export {pattern}",
                unit.name
            )));
        }
        let importers = match &r.importers {
            None => None,
            Some(list) => Some(
                list.iter()
                    .map(|name| graph.find(name).map(|i| (i, false)))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
        };
        interposes.push(InterposeRule {
            pattern,
            wrapper,
            importers,
            used: false,
        });
    }
    Ok((wires, interposes))
}

/// Picks the provider of one import: (provider, index of its export).
fn resolve_one(
    graph: &Graph,
    u: usize,
    item: &Item,
    wires: &mut [WireRule],
    interposes: &mut [InterposeRule],
) -> Result<(Origin, usize), LinkError> {
    let importer = &graph.units[u].name;
    let wired: Vec<usize> = (0..wires.len())
        .filter(|&n| wires[n].importer == u && applies(&wires[n].pattern, &item.parsed))
        .collect();
    let interposed: Vec<usize> = (0..interposes.len())
        .filter(|&n| {
            let r = &interposes[n];
            r.wrapper != u
                && applies(&r.pattern, &item.parsed)
                && r.importers
                    .as_ref()
                    .is_none_or(|list| list.iter().any(|(i, _)| *i == u))
        })
        .collect();
    if wired.len() > 1 {
        return Err(LinkError::Wiring(format!(
            "{importer}'s import of {} is wired {} times",
            item.name,
            wired.len()
        )));
    }
    if interposed.len() > 1 {
        return Err(LinkError::Wiring(format!(
            "{importer}'s import of {} is interposed by {} wrappers",
            item.name,
            interposed.len()
        )));
    }
    if !wired.is_empty() && !interposed.is_empty() {
        return Err(LinkError::Wiring(format!(
            "{importer}'s import of {} is both wired and interposed",
            item.name
        )));
    }
    let allowed: Vec<Origin> = if let Some(&n) = wired.first() {
        wires[n].used = true;
        if wires[n].provider == Origin::Component(u) {
            return Err(LinkError::Wiring(format!(
                "{importer} cannot provide its own import of {}",
                item.name
            )));
        }
        vec![wires[n].provider]
    } else if let Some(&n) = interposed.first() {
        let rule = &mut interposes[n];
        rule.used = true;
        for (i, used) in rule.importers.iter_mut().flatten() {
            if *i == u {
                *used = true;
            }
        }
        vec![Origin::Component(rule.wrapper)]
    } else {
        let wrappers: Vec<Origin> = interposes
            .iter()
            .filter(|r| applies(&r.pattern, &item.parsed))
            .map(|r| Origin::Component(r.wrapper))
            .collect();
        graph
            .origins()
            .filter(|o| *o != Origin::Component(u) && !wrappers.contains(o))
            .collect()
    };
    let explicit = !wired.is_empty();
    choose(graph, importer, item, &allowed).map_err(|e| match e {
        LinkError::Unresolved { .. } if explicit => LinkError::Wiring(format!(
            "{} (chosen for {importer}'s import of {}) does not export it",
            graph.unit(allowed[0]).name,
            item.name
        )),
        e => e,
    })
}

/// Picks the single best export among `allowed` providers (see the module docs).
fn choose(
    graph: &Graph,
    importer: &str,
    item: &Item,
    allowed: &[Origin],
) -> Result<(Origin, usize), LinkError> {
    // Each provider's best export for this import, with how well it matches.
    let mut best: Vec<(NameMatch, Origin, usize)> = Vec::new();
    for &o in allowed {
        let unit = graph.unit(o);
        let pick = unit
            .exports
            .iter()
            .enumerate()
            .map(|(i, e)| (name_match(&item.parsed, &e.parsed), i))
            .filter(|(m, _)| *m != NameMatch::Unrelated)
            // Best match first; among equals the highest version.
            .min_by(|(ma, ia), (mb, ib)| {
                ma.cmp(mb).then_with(|| {
                    unit.exports[*ib]
                        .parsed
                        .version
                        .cmp(&unit.exports[*ia].parsed.version)
                })
            });
        if let Some((m, i)) = pick {
            best.push((m, o, i));
        }
    }
    let label = |o: Origin, i: usize| {
        let unit = graph.unit(o);
        format!("{} ({})", unit.name, unit.exports[i].name)
    };
    for class in [NameMatch::Exact, NameMatch::Compatible] {
        let hits: Vec<&(NameMatch, Origin, usize)> =
            best.iter().filter(|(m, _, _)| *m == class).collect();
        match hits.as_slice() {
            [] => continue,
            [(_, o, i)] => return Ok((*o, *i)),
            many => {
                return Err(LinkError::Ambiguous {
                    importer: importer.to_string(),
                    import: item.name.clone(),
                    candidates: many.iter().map(|(_, o, i)| label(*o, *i)).collect(),
                })
            }
        }
    }
    if !best.is_empty() {
        return Err(LinkError::VersionIncompatible {
            importer: importer.to_string(),
            import: item.name.clone(),
            found: best.iter().map(|(_, o, i)| label(*o, *i)).collect(),
        });
    }
    let mut offered: Vec<(String, String)> = Vec::new();
    for &o in allowed {
        for e in &graph.unit(o).exports {
            offered.push((e.name.clone(), graph.unit(o).name.clone()));
        }
    }
    let near = closest(&item.parsed, offered.iter().map(|(n, _)| n.as_str()));
    let mut closest_labels = Vec::new();
    for n in near {
        for (name, provider) in offered.iter().filter(|(name, _)| name == n) {
            closest_labels.push(format!("{provider} ({name})"));
        }
    }
    closest_labels.truncate(3);
    Err(LinkError::Unresolved {
        importer: importer.to_string(),
        import: item.name.clone(),
        closest: closest_labels,
    })
}
