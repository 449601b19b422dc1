//! Where the checks' findings go: the diagnostics collector, at most
//! [`MAX_REPORTED`] per kind of finding, then one line that counts the rest. A
//! document written against another dialect (or a hostile one) cannot flood the
//! output, nor make the collector's duplicate test cost more than a few hundred lines.

use crate::diagnostics::Diagnostics;

/// At most this many findings of one kind are reported one by one.
pub const MAX_REPORTED: usize = 50;

/// A kind of finding; each has its own count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// A member that the object's specification does not define.
    UnknownKeyword,
    /// A server URL variable without a definition, a default outside its `enum`.
    Server,
    /// A path parameter absent from the path, a duplicate parameter.
    Parameter,
    /// `required` naming a property that is not defined.
    Required,
    /// A discriminator mapping to a schema that does not exist (an error).
    Mapping,
    /// A response status written twice (`2XX` and `2xx`).
    Status,
    /// Bounds no value meets (`minLength` above `maxLength`, …), a `multipleOf` that is
    /// not above 0.
    Bounds,
}

impl Finding {
    const ALL: [Finding; 7] = [
        Finding::UnknownKeyword,
        Finding::Server,
        Finding::Parameter,
        Finding::Required,
        Finding::Mapping,
        Finding::Status,
        Finding::Bounds,
    ];

    fn plural(self) -> &'static str {
        match self {
            Finding::UnknownKeyword => "unknown keyword(s)",
            Finding::Server => "server variable problem(s)",
            Finding::Parameter => "parameter problem(s)",
            Finding::Required => "`required` name(s) without a property",
            Finding::Mapping => "discriminator mapping(s) to nothing",
            Finding::Status => "response status(es) written twice",
            Finding::Bounds => "pair(s) of bounds no value meets, or `multipleOf`(s) not above 0",
        }
    }
}

/// Counts findings by kind and passes the first [`MAX_REPORTED`] of each on.
pub struct Reporter<'d> {
    diags: &'d mut Diagnostics,
    counts: [usize; Finding::ALL.len()],
}

impl<'d> Reporter<'d> {
    /// A reporter into `diags`.
    pub fn new(diags: &'d mut Diagnostics) -> Self {
        Reporter { diags, counts: [0; Finding::ALL.len()] }
    }

    /// Reports a warning (an error for [`Finding::Mapping`]).
    pub fn report(&mut self, finding: Finding, pointer: String, message: String) {
        let count = &mut self.counts[finding as usize];
        *count += 1;
        if *count > MAX_REPORTED {
            return;
        }
        match finding {
            Finding::Mapping => self.diags.error(pointer, message),
            _ => self.diags.warning(pointer, message),
        }
    }

    /// One line for each kind of finding that had more than were reported.
    pub fn finish(self) {
        for finding in Finding::ALL {
            let total = self.counts[finding as usize];
            if total <= MAX_REPORTED {
                continue;
            }
            let message = format!(
                "{} more {} not shown ({total} in all; the first {MAX_REPORTED} are reported)",
                total - MAX_REPORTED,
                finding.plural()
            );
            match finding {
                Finding::Mapping => self.diags.error("", message),
                _ => self.diags.warning("", message),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_capped_on_its_own() {
        let mut diags = Diagnostics::new("x.yaml");
        let mut reporter = Reporter::new(&mut diags);
        for i in 0..MAX_REPORTED + 3 {
            reporter.report(Finding::Required, format!("/r/{i}"), "r".into());
        }
        reporter.report(Finding::Mapping, "/m".into(), "m".into());
        reporter.finish();
        assert_eq!(diags.items().len(), MAX_REPORTED + 2);
        assert!(diags.has_errors());
        let last = diags.items().last().map(|d| d.message.as_str());
        assert_eq!(
            last,
            Some("3 more `required` name(s) without a property not shown (53 in all; the first 50 are reported)")
        );
    }
}
