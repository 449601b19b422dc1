//! Two types that hold each other, renamed together: code naming them no longer compiles.

use api::mutually_recursive_types_renamed::types::{Edge, Node};

pub fn witness(node: &Node) -> Vec<Option<i64>> {
    let edges: &Option<Vec<Edge>> = &node.edges;
    edges.iter().flatten().map(|edge| edge.weight).collect()
}
