//! Where a documentation text changed, in a few words: a report line says what changed,
//! not only that something did (a vendor's description that moved its live URL from
//! `/checkout/v69` to `/checkout/v70` is a step for users).

use similar::{ChangeTag, DiffOp, TextDiff};

/// Texts longer than this together, in bytes, are shown by what lies between their common
/// start and end: the word diff's time grows with the product of the words and the
/// changes (a text whose words were shuffled costs the square of its length).
const MAX_DIFFED: usize = 20_000;
/// What one API's documentation changes may cost the word diff together, counted as the
/// square of each pair's length in bytes (the diff's worst case): about 0.1 s of one
/// core. Past it, each text is shown by its span, so a document rewritten whole does not
/// make the report slow (deterministically: the count depends on the texts only).
pub const BUDGET: u64 = 400_000_000;
/// Characters shown before the first change of a hunk whose context is longer.
const LEAD: usize = 40;
/// Words (and the spaces between them) of context around a change.
const CONTEXT: usize = 6;
/// Characters shown of a side of a change.
const WIDTH: usize = 100;
/// Changes shown; more are counted.
const SHOWN: usize = 3;

/// The changed places of `before` in `after`, each `"…old words…" → "…new words…"`,
/// whitespace runs shown as one space; `whitespace only` when that is all. `budget` is
/// what is left of [`BUDGET`].
pub fn changed_excerpt(before: &str, after: &str, budget: &mut u64) -> String {
    let size = (before.len() + after.len()) as u64;
    if size > MAX_DIFFED as u64 || size * size > *budget {
        return span(before, after);
    }
    *budget -= size * size;
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
    let (old, new) = (squeezed(&old), squeezed(&new));
    if old == new {
        return None;
    }
    // A long context (one long word, a URL) is cut to [`LEAD`] characters before the
    // change, so that the change is what shows.
    let same = common_ends(&old, &new).0;
    let from = if same + 10 > WIDTH { same - LEAD } else { 0 };
    let old = shown(&old, from, first.old_range().start > 0, last.old_range().end < old_end);
    let new = shown(&new, from, first.new_range().start > 0, last.new_range().end < new_end);
    Some(format!("{old:?} → {new:?}"))
}

/// Whitespace runs as one space.
fn squeezed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How many characters two texts have in common at their start, and then at their end.
fn common_ends(a: &str, b: &str) -> (usize, usize) {
    let prefix = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let room = a.chars().count().min(b.chars().count()) - prefix;
    let suffix = a.chars().rev().zip(b.chars().rev()).take(room).take_while(|(x, y)| x == y).count();
    (prefix, suffix)
}

/// A side of a change (whitespace squeezed) from its character `from`, cut after
/// [`WIDTH`] characters, `…` where the text goes on.
fn shown(text: &str, from: usize, before: bool, after: bool) -> String {
    let start = text.char_indices().nth(from).map_or(text.len(), |(at, _)| at);
    let mut text = text[start..].to_owned();
    let cut = text.char_indices().nth(WIDTH).map(|(at, _)| at);
    if let Some(at) = cut {
        text.truncate(at);
    }
    let lead = if before || from > 0 { "…" } else { "" };
    let tail = if cut.is_some() || after { "…" } else { "" };
    format!("{lead}{text}{tail}")
}

/// For long texts: from the first character that differs to the last, with context.
/// Whitespace runs count as one space, so that a change of spacing before the first
/// real change does not take its place.
fn span(before: &str, after: &str) -> String {
    let (before, after) = (squeezed(before), squeezed(after));
    if before == after {
        return "whitespace only".to_owned();
    }
    let (prefix, suffix) = common_ends(&before, &after);
    let (old, new): (Vec<char>, Vec<char>) = (before.chars().collect(), after.chars().collect());
    let side = |text: &[char]| {
        let start = prefix.saturating_sub(WIDTH / 4);
        let end = (text.len() - suffix + WIDTH / 4).min(text.len());
        shown(&text[start..end].iter().collect::<String>(), 0, start > 0, end < text.len())
    };
    format!("{:?} → {:?}", side(&old), side(&new))
}

#[cfg(test)]
mod tests {
    use super::{BUDGET, changed_excerpt};

    fn changed_excerpt_for_test(before: &str, after: &str) -> String {
        let mut budget = BUDGET;
        changed_excerpt(before, after, &mut budget)
    }

    #[test]
    fn past_the_budget_texts_are_shown_by_their_span() {
        let text = |word: &str| format!("{} {word} {}", "a ".repeat(2_000), "b ".repeat(2_000));
        let mut budget = BUDGET;
        let first = changed_excerpt(&text("old"), &text("new"), &mut budget);
        assert!(budget < BUDGET && first.contains("a old b"), "{first}");
        let mut spent = 0;
        let last = changed_excerpt(&text("old"), &text("new"), &mut spent);
        assert_eq!(spent, 0);
        assert!(last.contains("old") && last.contains("new"), "{last}");
    }

    #[test]
    fn each_change_is_shown_where_it_is() {
        let before = "Test: https://checkout-test.example.com/v69/payments\n\n## Libraries\n\nWe provide open-source libraries in several languages for you to use.\n\nLive: https://{PREFIX}-checkout-live.example.com/checkout/v69";
        let after = before.replace("v69", "v70");
        assert_eq!(
            changed_excerpt_for_test(before, &after),
            r#""Test: https://checkout-test.example.com/v69/payments ## Libraries We…" → "Test: https://checkout-test.example.com/v70/payments ## Libraries We…"; "…to use. Live: https://{PREFIX}-checkout-live.example.com/checkout/v69" → "…to use. Live: https://{PREFIX}-checkout-live.example.com/checkout/v70""#
        );
        assert_eq!(changed_excerpt_for_test("a b", "a\n  b"), "whitespace only");
        assert_eq!(changed_excerpt_for_test("", "New."), r#""" → "New.""#);
        let words = |changed: bool| -> String {
            (0..100).map(|n| if changed && n % 20 == 0 { format!("x{n} ") } else { format!("w{n} ") }).collect()
        };
        let shown = changed_excerpt_for_test(&words(false), &words(true));
        assert!(shown.ends_with("; and 2 more change(s)") && shown.matches(" → ").count() == 3, "{shown}");
        assert!(shown.starts_with(r#""w0 w1 w2 w3…" → "x0 w1 w2 w3…"; "…w17 w18 w19 w20 w21 w22 w23…""#), "{shown}");
    }

    #[test]
    fn long_sides_are_cut_on_characters() {
        let long: String = "é".repeat(300);
        let shown = changed_excerpt_for_test(&format!("a{long}"), &format!("b{long}"));
        let side = |first: char| format!("{first}{}…", "é".repeat(99));
        assert_eq!(shown, format!("{:?} → {:?}", side('a'), side('b')));
        // A long word (a URL): the change shows, not only the start of the word.
        let url = |version: &str| {
            format!("See https://checkout-live.example.com/{}/checkout/{version} for it.", "p".repeat(150))
        };
        let shown = changed_excerpt_for_test(&url("v69"), &url("v70"));
        assert!(shown.contains("checkout/v69 for it.\" → ") && shown.ends_with("checkout/v70 for it.\""), "{shown}");
        let (kana, kanji) = ("あ".repeat(150), "漢".repeat(150));
        let shown = changed_excerpt_for_test(&format!("{kana}い"), &format!("{kana}う"));
        assert!(shown.starts_with("\"…") && shown.contains("あい\" → ") && shown.ends_with("あう\""), "{shown}");
        assert_ne!(changed_excerpt_for_test(&format!("{kanji}x"), &format!("{kanji}y")), "whitespace only");
        // Past the size the words are diffed at, the span from the first change to the
        // last, spacing aside.
        let long = "word ".repeat(5_000);
        let shown = changed_excerpt_for_test(
            &format!("Intro  text. {long} 100 requests"),
            &format!("Intro text. {long} 5 requests"),
        );
        assert!(shown.contains("100 requests") && shown.contains("5 requests"), "{shown}");
        let big = "word ".repeat(5_000);
        let shown = changed_excerpt_for_test(&format!("{big}old {big}"), &format!("{big}new {big}"));
        assert!(shown.starts_with("\"…word") && shown.contains("old word") && shown.contains("new word"), "{shown}");
    }
}
