//! Integer types: the Rust type an integer schema's `format` names, its range, and
//! which values (defaults, `enum` values, bounds) it holds.

use serde_json::Value;

/// A Rust integer type, from an integer schema's `format`: `int8` to `int64` and `uint8`
/// to `uint64` (`uint` alone is `u64`); `i64` without a format or with another one. An
/// unsigned format is an unsigned type, as typify and progenitor make it: a negative
/// value cannot be sent, and a `uint64` above `i64::MAX` can be received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Integer {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl Integer {
    /// The type an integer schema's `format` names.
    pub fn from_format(format: Option<&str>) -> Self {
        match format {
            Some("int8") => Integer::I8,
            Some("int16") => Integer::I16,
            Some("int32") => Integer::I32,
            Some("uint8") => Integer::U8,
            Some("uint16") => Integer::U16,
            Some("uint32") => Integer::U32,
            Some("uint64" | "uint") => Integer::U64,
            _ => Integer::I64,
        }
    }

    /// The type whose Rust name is `rust` (`i32`, `u64`, …).
    pub fn from_rust(rust: &str) -> Option<Self> {
        [Integer::I8, Integer::I16, Integer::I32, Integer::I64, Integer::U8, Integer::U16, Integer::U32, Integer::U64]
            .into_iter()
            .find(|integer| integer.rust() == rust)
    }

    /// The Rust type.
    pub fn rust(self) -> &'static str {
        match self {
            Integer::I8 => "i8",
            Integer::I16 => "i16",
            Integer::I32 => "i32",
            Integer::I64 => "i64",
            Integer::U8 => "u8",
            Integer::U16 => "u16",
            Integer::U32 => "u32",
            Integer::U64 => "u64",
        }
    }

    /// The smallest and largest value of the type.
    pub fn range(self) -> (i128, i128) {
        match self {
            Integer::I8 => (i8::MIN.into(), i8::MAX.into()),
            Integer::I16 => (i16::MIN.into(), i16::MAX.into()),
            Integer::I32 => (i32::MIN.into(), i32::MAX.into()),
            Integer::I64 => (i64::MIN.into(), i64::MAX.into()),
            Integer::U8 => (0, u8::MAX.into()),
            Integer::U16 => (0, u16::MAX.into()),
            Integer::U32 => (0, u32::MAX.into()),
            Integer::U64 => (0, u64::MAX.into()),
        }
    }

    /// `n` as an integer the type holds, if it is one.
    pub fn holds(self, n: &serde_json::Number) -> Option<i128> {
        // JSON Schema counts `3.0` as an integer.
        let whole = |f: f64| (f.fract() == 0.0 && f.abs() < 1e38).then_some(f as i128);
        let n = n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from)).or_else(|| whole(n.as_f64()?))?;
        let (low, high) = self.range();
        (low..=high).contains(&n).then_some(n)
    }

    /// Whether a JSON value (a `default`, an `enum` value) is an integer the type holds.
    pub fn holds_value(self, value: &Value) -> bool {
        matches!(value, Value::Number(n) if self.holds(n).is_some())
    }

    /// Whether `f64::from` converts every value (all but the 64-bit types).
    pub fn fits_f64(self) -> bool {
        !matches!(self, Integer::I64 | Integer::U64)
    }
}
