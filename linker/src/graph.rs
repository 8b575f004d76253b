//! The provider graph must be acyclic.
//!
//! The runtime executes a call to another component synchronously, to completion, in a
//! fresh context; a cycle (`a` calls `b` calls `a`) could therefore never finish
//! without re-entering a component that is still running. Cycles are refused at link
//! time, and the message spells out every edge of the first cycle found.

use crate::error::LinkError;
use crate::resolve::{Graph, Resolution};
use rivet_format::manifest::graph::find_cycle;

/// Fails with [`LinkError::Cycle`] when the resolved imports form a cycle (found by
/// the manifest's own checker, [`find_cycle`]).
pub fn check_acyclic(graph: &Graph, resolution: &Resolution) -> Result<(), LinkError> {
    // edges[u] = (provider, import name), in import order.
    let labelled: Vec<Vec<(usize, &str)>> = resolution
        .iter()
        .map(|imports| {
            imports
                .iter()
                .filter_map(|(import, to)| to.map(|t| (t, import.name.as_str())))
                .collect()
        })
        .collect();
    let edges: Vec<Vec<usize>> = labelled
        .iter()
        .map(|es| es.iter().map(|&(to, _)| to).collect())
        .collect();
    let Some(cycle) = find_cycle(&edges) else {
        return Ok(());
    };
    let path = cycle
        .iter()
        .map(|&(n, taken)| {
            let (p, via) = labelled[n][taken];
            format!(
                "{} imports {via} from {}",
                graph.units[n].name, graph.units[p].name
            )
        })
        .collect();
    Err(LinkError::Cycle { path })
}
