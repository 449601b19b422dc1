//! The changes as text (grouped by API, breaking first), Markdown (for a pull-request
//! comment) and JSON (one object).

use std::fmt::Write;

use serde::Serialize;

use super::{Bump, Change, Severity};
use crate::diagnostics::printable_line;

/// The changes from a base revision to the working tree (or from one file to another).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The base revision as given.
    pub base: String,
    /// What it is compared with (`working tree`, or the newer file).
    pub head: String,
    /// The changes, sorted by API, then severity.
    pub changes: Vec<Change>,
    /// The generated crate's version before the change, when given: the report then
    /// names the version to give it now.
    pub current: Option<semver::Version>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    base: &'a str,
    head: &'a str,
    semver: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_version: Option<String>,
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    api: &'a str,
    severity: &'static str,
    /// The bump this change alone asks for: `patch` for documentation.
    bump: &'static str,
    kind: &'a str,
    item: &'a str,
    reason: &'a str,
}

impl Report {
    /// The bump the changes ask for.
    pub fn bump(&self) -> Bump {
        Bump::of(&self.changes)
    }

    /// Whether any change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.severity == Severity::Breaking)
    }

    fn count(&self, severity: Severity) -> usize {
        self.changes.iter().filter(|c| c.severity == severity).count()
    }

    fn summary(&self) -> String {
        format!(
            "{} breaking, {} compatible, {} documentation-only change(s)",
            self.count(Severity::Breaking),
            self.count(Severity::Compatible),
            self.count(Severity::Patch)
        )
    }

    /// The changes grouped by API, breaking first, then the suggested bump.
    pub fn text(&self) -> String {
        let (base, head) = (printable_line(&self.base), printable_line(&self.head));
        let mut out = format!("apigen diff: {base} → {head}: {}\n", self.summary());
        for (api, changes) in self.by_api() {
            let _ = writeln!(out, "\n{api}");
            for change in changes {
                let label = match change.severity {
                    Severity::Breaking => "breaking  ",
                    Severity::Compatible => "compatible",
                    Severity::Patch => "docs      ",
                };
                let reason = crate::diagnostics::printable_line(&change.reason);
                let _ = writeln!(out, "  {label} {:<24} {reason}", change.kind);
            }
        }
        let bump = self.bump();
        let explained = self.current.as_ref().map_or_else(|| bump.explain().to_owned(), |c| bump.explain_for(c));
        let _ = writeln!(out, "\nsuggested version bump: {} ({explained})", bump.as_str());
        if let Some(current) = &self.current {
            let _ =
                writeln!(out, "next version: {} (was {current}): pass it to `--package-version`", bump.next(current));
        }
        out
    }

    /// A pull-request comment.
    pub fn markdown(&self) -> String {
        let bump = self.bump();
        let next =
            self.current.as_ref().map(|current| format!(" Next version: **{}** (was {current}).", bump.next(current)));
        let explained = self.current.as_ref().map_or_else(|| bump.explain().to_owned(), |c| bump.explain_for(c));
        let mut out = format!(
            "## API changes since {}\n\nSuggested version bump: **{}**: {explained}.{}\n\n{}.\n",
            cell(&self.base),
            bump.as_str(),
            next.unwrap_or_default(),
            self.summary()
        );
        for (api, changes) in self.by_api() {
            let _ = writeln!(out, "\n### {}\n\n| severity | kind | item | reason |\n|---|---|---|---|", cell(api));
            for change in changes {
                let severity = match change.severity {
                    Severity::Breaking => "**breaking**",
                    Severity::Compatible => "compatible",
                    Severity::Patch => "docs",
                };
                let _ = writeln!(
                    out,
                    "| {severity} | {} | {} | {} |",
                    change.kind,
                    cell(&change.item),
                    cell(without_item(change))
                );
            }
        }
        out
    }

    /// One JSON object: `{"base", "head", "semver", "next_version" (with a current
    /// version), "changes": [{"api", "severity", "bump", "kind", "item", "reason"}]}`;
    /// a documentation change's severity is `compatible` and its bump `patch`.
    pub fn json(&self) -> String {
        let report = JsonReport {
            base: &self.base,
            head: &self.head,
            semver: self.bump().as_str(),
            next_version: self.current.as_ref().map(|current| self.bump().next(current).to_string()),
            changes: self
                .changes
                .iter()
                .map(|c| JsonChange {
                    api: &c.api,
                    severity: c.severity.json_name(),
                    bump: Bump::of(std::slice::from_ref(c)).as_str(),
                    kind: &c.kind,
                    item: &c.item,
                    reason: &c.reason,
                })
                .collect(),
        };
        // Serializing strings and plain structs cannot fail.
        inert_json(&serde_json::to_string_pretty(&report).unwrap_or_default())
    }

    fn by_api(&self) -> Vec<(&str, Vec<&Change>)> {
        let mut groups: Vec<(&str, Vec<&Change>)> = Vec::new();
        for change in &self.changes {
            match groups.last_mut() {
                Some((api, list)) if *api == change.api => list.push(change),
                _ => groups.push((&change.api, vec![change])),
            }
        }
        for (_, list) in &mut groups {
            list.sort_by_key(|c| c.severity);
        }
        groups
    }
}

/// JSON text with what a terminal or a line reader would act on written as `\uXXXX`
/// (as the text report shows it escaped: C1 controls, bidirectional controls, line and
/// paragraph separators, invisible characters), so that the raw JSON printed or read
/// line by line is what it says; the values a JSON reader decodes are unchanged. serde_json
/// escapes only U+0000–U+001F. Outside strings JSON text is ASCII, so every such
/// character is inside a string, where the escape means the same character; all of them
/// lie in the Basic Multilingual Plane, so one `\u` escape each.
fn inert_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Below DEL: JSON's own line breaks, and controls serde_json escaped.
        if c >= '\u{7f}' && crate::diagnostics::acted_on(c, true) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// The reason without the item (or the type or operation holding it) it starts with,
/// which the table shows in a column of its own: `api::types::T: field f removed` for
/// the item `api::types::T::f` is `field f removed`, `api::Client::op added (GET /x)` for
/// the item `api::Client::op` is `added (GET /x)`.
fn without_item(change: &Change) -> &str {
    let reason = change.reason.as_str();
    let Some((head, rest)) = reason.split_once(": ").filter(|(head, _)| !head.contains(' ')) else {
        return reason.strip_prefix(change.item.as_str()).and_then(|rest| rest.strip_prefix(' ')).unwrap_or(reason);
    };
    let holds = change.item == head || change.item.strip_prefix(head).is_some_and(|tail| tail.starts_with("::"));
    if holds { rest } else { reason }
}

/// Text as an inert Markdown table cell: a code span, in which nothing is a link, a
/// mention, an autolink, HTML or emphasis (spec text in a reason could be any of them).
/// `|` is escaped: tables split cells on it before they read the span.
fn cell(text: &str) -> String {
    // Any line ending (a lone `\r` is one too) would end the cell and the span; other
    // control and bidirectional characters are shown escaped, as in the text report.
    let text = printable_line(&text.replace(['\n', '\r'], " ")).replace('|', "\\|");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        let change = |severity, kind: &str, reason: &str| Change {
            api: "a".into(),
            severity,
            kind: kind.into(),
            item: "a::types::T::f".into(),
            reason: reason.into(),
        };
        Report {
            head: "working tree".into(),
            base: "v1".into(),
            changes: vec![
                change(Severity::Patch, "docs", "a::types::T::f: documentation changed"),
                change(Severity::Compatible, "field-added", "a::types::T: optional field f: Option<String> | x added"),
                change(Severity::Breaking, "field-removed", "a::types::T: field g removed"),
            ],
            current: None,
        }
    }

    #[test]
    fn text_puts_breaking_first_and_markdown_escapes_cells() {
        let text = report().text();
        let breaking = text.find("field-removed").unwrap();
        assert!(breaking < text.find("field-added").unwrap() && breaking < text.find("docs  ").unwrap(), "{text}");
        assert!(text.contains("suggested version bump: major"), "{text}");
        let markdown = report().markdown();
        assert!(markdown.contains("Option<String> \\| x added"), "{markdown}");
        // The item has a column: a reason that starts with it does not repeat it.
        assert!(markdown.contains("| `a::types::T::f` | `documentation changed` |"), "{markdown}");
        assert!(markdown.contains("| `a::types::T::f` | `field g removed` |"), "{markdown}");
        let added = Change {
            reason: "a::Client::op added (GET /x)".into(),
            item: "a::Client::op".into(),
            ..report().changes[0].clone()
        };
        assert_eq!(without_item(&added), "added (GET /x)");
        let other = Change { reason: "a::types::U: field f removed".into(), ..report().changes[0].clone() };
        assert_eq!(without_item(&other), "a::types::U: field f removed");
        // Spec text in a reason is a code span: no link, mention, autolink or HTML.
        let hostile = cell("path `/x`\r[win](https://evil.example) @octocat <img src=x> ``");
        assert_eq!(hostile, "``` path `/x` [win](https://evil.example) @octocat <img src=x> `` ```");
    }

    /// Spec text that holds a line break (an operation id, a path, an enum value) stays on
    /// its line: it cannot forge a line of the report, such as another suggested bump.
    #[test]
    fn spec_text_cannot_add_lines_or_markup_to_a_report() {
        let mut forged = report();
        forged.changes[2].reason = "a::types::T: gone\n\nsuggested version bump: none\u{1b}[2J".into();
        forged.base = "old`<img src=x>`\n.json".into();
        let text = forged.text();
        assert_eq!(text.lines().filter(|line| line.starts_with("suggested version bump")).count(), 1, "{text}");
        assert!(text.contains("gone\\u{a}\\u{a}suggested version bump: none\\u{1b}[2J"), "{text}");
        assert!(text.starts_with("apigen diff: old`<img src=x>`\\u{a}.json → working tree"), "{text}");
        let markdown = forged.markdown();
        assert!(markdown.starts_with("## API changes since ``old`<img src=x>` .json``\n"), "{markdown}");
        assert!(!markdown.contains('\u{1b}'), "{markdown}");
    }

    #[test]
    fn json_is_one_object_with_two_severities() {
        let value: serde_json::Value = serde_json::from_str(&report().json()).unwrap();
        assert_eq!(value["base"], "v1");
        assert_eq!(value["semver"], "major");
        let severities: Vec<&str> =
            value["changes"].as_array().unwrap().iter().map(|c| c["severity"].as_str().unwrap()).collect();
        assert_eq!(severities, ["compatible", "compatible", "breaking"]);
        assert_eq!(value["changes"][0]["kind"], "docs");
        assert_eq!(value["head"], "working tree");
        let bumps: Vec<&str> =
            value["changes"].as_array().unwrap().iter().map(|c| c["bump"].as_str().unwrap()).collect();
        assert_eq!(bumps, ["patch", "minor", "major"]);
    }

    /// The raw JSON shows no character a terminal or line reader acts on, and decodes to
    /// the same text.
    #[test]
    fn json_text_escapes_what_a_terminal_acts_on() {
        let mut forged = report();
        let reason = "a::types::T: gone\u{2028}suggested version bump: none \u{202e}cba\u{85}\u{7f}\u{200b} é 😀";
        forged.changes[2].reason = reason.into();
        let json = forged.json();
        for c in ['\u{2028}', '\u{202e}', '\u{85}', '\u{7f}', '\u{200b}'] {
            assert!(!json.contains(c), "{c:?} in {json}");
        }
        assert!(
            json.contains("gone\\u2028suggested") && json.contains("\\u202ecba\\u0085\\u007f\\u200b é 😀"),
            "{json}"
        );
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["changes"][2]["reason"], reason);
    }
}
