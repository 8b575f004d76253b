//! The provider graph must be acyclic.
//!
//! The runtime executes a call to another component synchronously, to completion, in a
//! fresh context; a cycle (`a` calls `b` calls `a`) could therefore never finish
//! without re-entering a component that is still running. Cycles are refused at link
//! time, and the message spells out every edge of the first cycle found.

use crate::error::LinkError;
use crate::resolve::{Graph, Resolution};

/// Fails with [`LinkError::Cycle`] when the resolved imports form a cycle.
pub fn check_acyclic(graph: &Graph, resolution: &Resolution) -> Result<(), LinkError> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unvisited,
        OnPath,
        Done,
    }
    // edges[u] = (provider, import name), in import order.
    let edges: Vec<Vec<(usize, &str)>> = resolution
        .iter()
        .map(|imports| {
            imports
                .iter()
                .filter_map(|(import, to)| to.map(|t| (t, import.name.as_str())))
                .collect()
        })
        .collect();
    let mut state = vec![State::Unvisited; edges.len()];
    for root in 0..edges.len() {
        if state[root] != State::Unvisited {
            continue;
        }
        // (node, number of its edges followed so far)
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = State::OnPath;
        while let Some(&(node, next)) = path.last() {
            let Some(&(to, _)) = edges[node].get(next) else {
                state[node] = State::Done;
                path.pop();
                continue;
            };
            if let Some(top) = path.last_mut() {
                top.1 += 1;
            }
            match state[to] {
                State::Unvisited => {
                    state[to] = State::OnPath;
                    path.push((to, 0));
                }
                State::OnPath => {
                    let start = path.iter().position(|&(n, _)| n == to).unwrap_or(0);
                    let steps = path[start..]
                        .iter()
                        .map(|&(n, taken)| {
                            // `taken` was advanced past the edge being followed.
                            let (p, via) = edges[n][taken - 1];
                            format!(
                                "{} imports {via} from {}",
                                graph.units[n].name, graph.units[p].name
                            )
                        })
                        .collect();
                    return Err(LinkError::Cycle { path: steps });
                }
                State::Done => {}
            }
        }
    }
    Ok(())
}
