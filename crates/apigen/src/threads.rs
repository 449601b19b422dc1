//! The threads a run starts (the effective document's writer, the path items' reader,
//! the second printer, …) get the stack the main thread has: their work recurses as
//! deep as the document nests (100 levels, and serde's readers and writers take several
//! frames a level), and the standard library's 2 MiB for spawned threads overflowed on
//! a document of 100 levels in a debug build. Only the pages a thread touches are
//! memory; the rest is address space.

use std::thread::{Builder, Scope, ScopedJoinHandle};

/// The stack of each thread: the main thread's on Linux (8 MiB).
const STACK: usize = 8 << 20;

/// Spawns `work` on a thread of `scope` with [`STACK`] bytes of stack. Panics, as
/// `Scope::spawn` does, when the system cannot start a thread.
pub fn spawn<'scope, T: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    work: impl FnOnce() -> T + Send + 'scope,
) -> ScopedJoinHandle<'scope, T> {
    Builder::new().stack_size(STACK).spawn_scoped(scope, work).expect("failed to spawn thread")
}
