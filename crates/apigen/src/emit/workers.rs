//! The two threads that print an API's files share the items of both: the
//! operations' items of the API module, then the types of the types file. Each starts
//! on its own file's items; the first to run out takes the back half of what is left
//! of the other's range, and so on, so that neither waits while the other has work
//! (which file is the larger depends on the document: GitHub's types file took twice
//! the time of its module, nexus's three times). Each run of items is printed on its
//! own and the runs are joined in order, so the files do not depend on who printed what.

use std::sync::{Mutex, PoisonError};

use super::Printer;

/// Which worker: the one that starts on the API module's items, or on the types.
#[derive(Clone, Copy)]
pub enum Worker {
    Module = 0,
    Types = 1,
}

/// Each worker's range of items: the next one and the end.
pub struct Ranges(Mutex<[(usize, usize); 2]>);

impl Ranges {
    /// Items `..split` start with the module's worker, `split..len` with the types'.
    pub fn new(split: usize, len: usize) -> Self {
        Ranges(Mutex::new([(0, split), (split, len)]))
    }

    /// The next item of `worker`'s range, now its own.
    fn claim(&self, worker: Worker) -> Option<usize> {
        let mut ranges = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let (next, end) = &mut ranges[worker as usize];
        (*next < *end).then(|| {
            *next += 1;
            *next - 1
        })
    }

    /// Gives `worker` the back half of what is left of the other's range, when that
    /// leaves each at least one item; where it starts.
    fn take_half(&self, worker: Worker) -> Option<usize> {
        let mut ranges = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let other = 1 - worker as usize;
        let (next, end) = ranges[other];
        if end - next < 2 {
            return None;
        }
        let middle = next + (end - next) / 2;
        ranges[other].1 = middle;
        ranges[worker as usize] = (middle, end);
        Some(middle)
    }
}

/// Prints the items of `worker`'s range into `first`, then those of each range taken
/// from the other worker into a run of its own: the runs, by their first item.
pub fn print_share(
    ranges: &Ranges,
    worker: Worker,
    first: &mut Printer,
    print: impl Fn(&mut Printer, usize) -> Result<(), String>,
) -> Result<Vec<(usize, Printer)>, String> {
    let mut runs: Vec<(usize, Printer)> = Vec::new();
    loop {
        let printer = match runs.last_mut() {
            Some((_, run)) => run,
            None => &mut *first,
        };
        while let Some(item) = ranges.claim(worker) {
            print(printer, item)?;
        }
        match ranges.take_half(worker) {
            Some(start) => runs.push((start, Printer::default())),
            None => return Ok(runs),
        }
    }
}

/// Joins the runs of both workers (as [`print_share`] gave them) to the files they belong
/// to, in order: a run of items before `split` ends the module, the others the types.
pub fn join(module: &mut Printer, types: &mut Printer, mut runs: Vec<(usize, Printer)>, split: usize) {
    runs.sort_by_key(|(start, _)| *start);
    let (module_runs, types_runs): (Vec<_>, Vec<_>) = runs.into_iter().partition(|(start, _)| *start < split);
    module.push_all(module_runs.into_iter().map(|(_, run)| run));
    types.push_all(types_runs.into_iter().map(|(_, run)| run));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::layout::Lines;

    /// Whatever the speed of each worker, every item is printed once, and the runs
    /// joined in order give the items in order.
    #[test]
    fn every_item_is_printed_once_and_runs_join_in_order() {
        for (split, len, slow) in [(0, 0, 0), (0, 9, 1), (9, 9, 0), (3, 40, 0), (37, 40, 1), (20, 40, 0)] {
            let ranges = Ranges::new(split, len);
            let print = |worker: usize| {
                move |printer: &mut Printer, item: usize| {
                    if worker == slow {
                        std::thread::sleep(std::time::Duration::from_millis(2));
                    }
                    let mut lines = Lines::new();
                    lines.line(&format!("const X{item}: u8 = 0;"));
                    printer.text(lines)
                }
            };
            let (mut module, mut types) = (Printer::default(), Printer::default());
            let (runs_a, runs_b) = std::thread::scope(|scope| {
                let b = scope.spawn(|| print_share(&ranges, Worker::Types, &mut types, print(1)).unwrap());
                (print_share(&ranges, Worker::Module, &mut module, print(0)).unwrap(), b.join().unwrap())
            });
            join(&mut module, &mut types, runs_a.into_iter().chain(runs_b).collect(), split);
            let items = |text: &str| -> Vec<usize> {
                text.lines().filter_map(|l| l.strip_prefix("const X")?.split(':').next()?.parse().ok()).collect()
            };
            assert_eq!(items(&module.finish()), (0..split).collect::<Vec<_>>(), "{split} {len}");
            assert_eq!(items(&types.finish()), (split..len).collect::<Vec<_>>(), "{split} {len}");
        }
    }
}
