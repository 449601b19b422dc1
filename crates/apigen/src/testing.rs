//! Helpers of the unit tests.

/// `count` texts of 1 to `longest` characters of `alphabet`, the same every run (a
/// fixed seed): for tests that compare a quick path with the slow one it stands for.
pub fn random_texts(alphabet: &str, longest: u64, count: usize) -> impl Iterator<Item = String> {
    let alphabet: Vec<char> = alphabet.chars().collect();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count).map(move |_| {
        let length = next() % longest + 1;
        (0..length).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect()
    })
}
