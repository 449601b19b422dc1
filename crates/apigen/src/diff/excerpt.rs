//! Where a documentation text changed, in a few words: a report line says what changed,
//! not only that something did (a vendor's description that moved its live URL from
//! `/checkout/v69` to `/checkout/v70` is a step for users).

use similar::{ChangeTag, DiffOp, TextDiff};

/// Texts longer than this together are compared by their common start and end only:
/// the word diff's time grows with the product of the words and the changes.
const MAX_DIFFED: usize = 20_000;
/// Words (and the spaces between them) of context around a change.
const CONTEXT: usize = 6;
/// Characters shown of a side of a change.
const WIDTH: usize = 100;
/// Changes shown; more are counted.
const SHOWN: usize = 3;

/// The changed places of `before` in `after`, each `"…old words…" → "…new words…"`,
/// whitespace runs shown as one space; `whitespace only` when that is all.
pub fn changed_excerpt(before: &str, after: &str) -> String {
    if before.len() + after.len() > MAX_DIFFED {
        return span(before, after);
    }
    let diff = TextDiff::from_words(before, after);
    let ends = diff.ops().last().map_or((0, 0), |op| (op.old_range().end, op.new_range().end));
    let hunks: Vec<String> = diff.grouped_ops(CONTEXT).iter().filter_map(|group| hunk(&diff, group, ends)).collect();
    match hunks.len() {
        0 => "whitespace only".to_owned(),
        n if n > SHOWN => format!("{}; and {} more change(s)", hunks[..SHOWN].join("; "), n - SHOWN),
        _ => hunks.join("; "),
    }
}

/// One group of changes with its context, or `None` when only whitespace changed.
fn hunk(diff: &TextDiff<'_, '_, str>, group: &[DiffOp], (old_end, new_end): (usize, usize)) -> Option<String> {
    let (mut old, mut new) = (String::new(), String::new());
    for op in group {
        for change in diff.iter_changes(op) {
            match change.tag() {
                ChangeTag::Equal => {
                    old.push_str(change.value());
                    new.push_str(change.value());
                }
                ChangeTag::Delete => old.push_str(change.value()),
                ChangeTag::Insert => new.push_str(change.value()),
            }
        }
    }
    let (first, last) = (group.first()?, group.last()?);
    let old = shown(&old, first.old_range().start > 0, last.old_range().end < old_end);
    let new = shown(&new, first.new_range().start > 0, last.new_range().end < new_end);
    (old != new).then(|| format!("{old:?} → {new:?}"))
}

/// A side of a change: whitespace squeezed, cut after [`WIDTH`] characters, `…` where
/// the text goes on.
fn shown(text: &str, before: bool, after: bool) -> String {
    let mut text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut = text.char_indices().nth(WIDTH).map(|(at, _)| at);
    if let Some(at) = cut {
        text.truncate(at);
    }
    let lead = if before { "…" } else { "" };
    let tail = if cut.is_some() || after { "…" } else { "" };
    format!("{lead}{text}{tail}")
}

/// For long texts: from the first character that differs to the last, with context.
fn span(before: &str, after: &str) -> String {
    let (old, new): (Vec<char>, Vec<char>) = (before.chars().collect(), after.chars().collect());
    let prefix = old.iter().zip(&new).take_while(|(x, y)| x == y).count();
    let room = old.len().min(new.len()) - prefix;
    let suffix = old.iter().rev().zip(new.iter().rev()).take(room).take_while(|(x, y)| x == y).count();
    let side = |text: &[char]| {
        let start = prefix.saturating_sub(WIDTH / 4);
        let end = (text.len() - suffix + WIDTH / 4).min(text.len());
        shown(&text[start..end].iter().collect::<String>(), start > 0, end < text.len())
    };
    let (old, new) = (side(&old), side(&new));
    if old == new { "whitespace only".to_owned() } else { format!("{old:?} → {new:?}") }
}

#[cfg(test)]
mod tests {
    use super::changed_excerpt;

    #[test]
    fn each_change_is_shown_where_it_is() {
        let before = "Test: https://checkout-test.example.com/v69/payments\n\n## Libraries\n\nWe provide open-source libraries in several languages for you to use.\n\nLive: https://{PREFIX}-checkout-live.example.com/checkout/v69";
        let after = before.replace("v69", "v70");
        assert_eq!(
            changed_excerpt(before, &after),
            r#""Test: https://checkout-test.example.com/v69/payments ## Libraries We…" → "Test: https://checkout-test.example.com/v70/payments ## Libraries We…"; "…to use. Live: https://{PREFIX}-checkout-live.example.com/checkout/v69" → "…to use. Live: https://{PREFIX}-checkout-live.example.com/checkout/v70""#
        );
        assert_eq!(changed_excerpt("a b", "a\n  b"), "whitespace only");
        assert_eq!(changed_excerpt("", "New."), r#""" → "New.""#);
        let words = |changed: bool| -> String {
            (0..100).map(|n| if changed && n % 20 == 0 { format!("x{n} ") } else { format!("w{n} ") }).collect()
        };
        let shown = changed_excerpt(&words(false), &words(true));
        assert!(shown.ends_with("; and 2 more change(s)") && shown.matches(" → ").count() == 3, "{shown}");
        assert!(shown.starts_with(r#""w0 w1 w2 w3…" → "x0 w1 w2 w3…"; "…w17 w18 w19 w20 w21 w22 w23…""#), "{shown}");
    }

    #[test]
    fn long_sides_are_cut_on_characters() {
        let long: String = "é".repeat(300);
        let shown = changed_excerpt(&format!("a{long}"), &format!("b{long}"));
        let side = |first: char| format!("{first}{}…", "é".repeat(99));
        assert_eq!(shown, format!("{:?} → {:?}", side('a'), side('b')));
        // Past the size the words are diffed at, the span from the first change to the last.
        let big = "word ".repeat(5_000);
        let shown = changed_excerpt(&format!("{big}old {big}"), &format!("{big}new {big}"));
        assert!(shown.starts_with("\"…word") && shown.contains("old word") && shown.contains("new word"), "{shown}");
    }
}
