//! How many nodes a YAML document's aliases add once expanded. The YAML reader copies an
//! anchored node at each alias of it: 2,000 aliases of a mapping of 2,000 members, a
//! 52 KB text, read as 4 million values (1.2 GB, 5 s), and 5,000 of 5,000 as 7.7 GB. The
//! count is taken from the events before the reader expands anything, so such a
//! document is refused at the alias that passes the limit.

use std::collections::HashMap;

use yaml_rust2::parser::Event;
use yaml_rust2::scanner::Marker;

/// The most nodes aliases may add to a document (a real one's aliases add a few
/// thousand; GitHub's whole description is some 600,000 values). 240 aliases of a
/// schema of 1,000 properties stay under a million and generate 112 MB of code.
pub const MAX_ADDED: usize = 250_000;

/// Counts, per open collection and per anchor, the nodes they hold expanded.
#[derive(Default)]
pub(super) struct AliasCount {
    /// Per open collection: its anchor (0 for none) and its nodes so far, itself included.
    open: Vec<(usize, usize)>,
    /// Per anchor id: the nodes of its node, expanded.
    sizes: HashMap<usize, usize>,
    /// Nodes the aliases added so far (each alias stands for its node, less itself).
    pub(super) added: usize,
    /// Where the alias is that took `added` past [`MAX_ADDED`].
    pub(super) over: Option<Marker>,
}

impl AliasCount {
    pub(super) fn on_event(&mut self, event: &Event, mark: Marker) {
        match event {
            Event::Scalar(_, _, anchor, _) => self.node(*anchor, 1),
            Event::Alias(anchor) => {
                // An alias of a node still open (itself) is the reader's error to report.
                let size = self.sizes.get(anchor).copied().unwrap_or(1);
                self.added = self.added.saturating_add(size - 1);
                if self.added > MAX_ADDED && self.over.is_none() {
                    self.over = Some(mark);
                }
                self.node(0, size);
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => self.open.push((*anchor, 1)),
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some((anchor, size)) = self.open.pop() {
                    self.node(anchor, size);
                }
            }
            _ => {}
        }
    }

    /// A node of `size` nodes ends: its anchor's size, and part of its collection.
    fn node(&mut self, anchor: usize, size: usize) {
        if anchor > 0 {
            self.sizes.insert(anchor, size);
        }
        if let Some((_, parent)) = self.open.last_mut() {
            *parent = parent.saturating_add(size);
        }
    }
}
