//! Indentation: runs of spaces.

/// Pushes `count` spaces, a slice at a time (a character at a time took 2% of writing
/// the effective document, and 1.5% of printing GitHub's client).
pub fn spaces(out: &mut String, count: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = count;
    while left > 0 {
        let now = left.min(SPACES.len());
        out.push_str(&SPACES[..now]);
        left -= now;
    }
}
