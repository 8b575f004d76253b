//! The one cycle checker of the pipeline: the linker reports cycles with it (naming
//! each edge) and the manifest refuses them on construction and decoding.
//!
//! Iterative depth-first search with three colours, so a hostile graph cannot
//! overflow the host stack; O(nodes + edges).

/// The first cycle of the graph with `edges[u]` = successors of `u`, as the list of
/// `(node, index of the edge taken in edges[node])` along it, starting and ending at
/// the same node (the last step's edge leads back to the first node). `None` when
/// the graph is acyclic. Out-of-range successors are ignored (callers check ranges).
pub fn find_cycle(edges: &[Vec<usize>]) -> Option<Vec<(usize, usize)>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Colour {
        White,
        Grey,
        Black,
    }
    let mut colour = vec![Colour::White; edges.len()];
    for root in 0..edges.len() {
        if colour[root] != Colour::White {
            continue;
        }
        // (node, number of its edges followed so far)
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        colour[root] = Colour::Grey;
        while let Some(&(node, next)) = path.last() {
            let Some(&to) = edges[node].get(next) else {
                colour[node] = Colour::Black;
                path.pop();
                continue;
            };
            if let Some(top) = path.last_mut() {
                top.1 += 1;
            }
            match colour.get(to) {
                Some(Colour::White) => {
                    colour[to] = Colour::Grey;
                    path.push((to, 0));
                }
                Some(Colour::Grey) => {
                    let start = path.iter().position(|&(n, _)| n == to).unwrap_or(0);
                    // `taken` was advanced past the edge being followed.
                    return Some(path[start..].iter().map(|&(n, t)| (n, t - 1)).collect());
                }
                _ => {}
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_and_dags() {
        assert_eq!(find_cycle(&[vec![1], vec![2], vec![]]), None);
        assert_eq!(find_cycle(&[vec![1, 2], vec![2], vec![]]), None);
        assert_eq!(
            find_cycle(&[vec![1], vec![2], vec![0]]),
            Some(vec![(0, 0), (1, 0), (2, 0)])
        );
        assert_eq!(
            find_cycle(&[vec![], vec![0, 1]]),
            Some(vec![(1, 1)]),
            "a self-loop is a cycle"
        );
        // Long chains do not recurse.
        let chain: Vec<Vec<usize>> = (0..100_000).map(|i| vec![i + 1]).collect();
        assert_eq!(find_cycle(&chain), None);
    }
}
