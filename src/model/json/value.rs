//! A JSON value as read, and how model types are read from one.

use super::parse;

/// A JSON value. Numbers stay as written: the contract's numbers are whole, and reading one
/// into an integer type is where its range is checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    /// Members in the order written; a key written twice reads as its first.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// `text` as one JSON value (whitespace around it allowed); `None` when it is not JSON
    /// or nests deeper than the reader allows.
    pub fn parse(text: &str) -> Option<Json> {
        parse::document(text)
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The member `key` of an object, read as `T`; `None` when it is missing or of
    /// another shape.
    pub fn field<T: FromJson>(&self, key: &str) -> Option<T> {
        T::from_json(self.get(key)?)
    }

    /// An optional member: `Some(None)` when it is missing or `null` (as serde reads an
    /// `Option` field), `None` when it is there in another shape.
    pub fn optional<T: FromJson>(&self, key: &str) -> Option<Option<T>> {
        match self.get(key) {
            None | Some(Json::Null) => Some(None),
            Some(value) => T::from_json(value).map(Some),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    /// A whole number that fits an `i64` (`-0` is 0; `1.0` and `1e3` are not whole as
    /// written).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Number(text) => text.parse().ok(),
            _ => None,
        }
    }
}

/// A model type read from JSON; `None` when the value is not of its shape.
pub trait FromJson: Sized {
    fn from_json(value: &Json) -> Option<Self>;

    /// Reads `text` as JSON, then as `Self`.
    fn from_json_text(text: &str) -> Option<Self> {
        Self::from_json(&Json::parse(text)?)
    }
}

impl FromJson for String {
    fn from_json(value: &Json) -> Option<Self> {
        value.as_str().map(str::to_owned)
    }
}

impl FromJson for bool {
    fn from_json(value: &Json) -> Option<Self> {
        match value {
            Json::Bool(flag) => Some(*flag),
            _ => None,
        }
    }
}

/// Integers: a whole number in the type's range.
macro_rules! integer_from_json {
    ($($integer:ty),*) => {$(
        impl FromJson for $integer {
            fn from_json(value: &Json) -> Option<Self> {
                value.as_i64()?.try_into().ok()
            }
        }
    )*};
}
integer_from_json!(u8, i32, u32, i64, u64);

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Json) -> Option<Self> {
        match value {
            Json::Array(items) => items.iter().map(T::from_json).collect(),
            _ => None,
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: &Json) -> Option<Self> {
        match value {
            Json::Null => Some(None),
            value => T::from_json(value).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_whole_and_in_range() {
        let read = |text: &str| Json::parse(text).and_then(|value| u8::from_json(&value));
        assert_eq!(read("0"), Some(0));
        assert_eq!(read("255"), Some(255));
        assert_eq!(read("256"), None);
        assert_eq!(read("-1"), None);
        assert_eq!(read("1.0"), None);
        assert_eq!(read("1e2"), None);
        assert_eq!(read("\"1\""), None);
        assert_eq!(i64::from_json_text("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(i64::from_json_text("9223372036854775808"), None);
        assert_eq!(i64::from_json_text("-0"), Some(0));
    }

    #[test]
    fn fields_and_optional_fields() {
        let value = Json::parse(r#"{"a":"x","b":null,"c":[1,2],"a":"later"}"#).unwrap();
        assert_eq!(value.field::<String>("a").as_deref(), Some("x"));
        assert_eq!(value.field::<Vec<u32>>("c"), Some(vec![1, 2]));
        assert_eq!(value.field::<String>("missing"), None);
        assert_eq!(value.optional::<String>("b"), Some(None));
        assert_eq!(value.optional::<String>("missing"), Some(None));
        assert_eq!(
            value.optional::<String>("c"),
            None,
            "there, in another shape"
        );
        assert_eq!(value.field::<Vec<u32>>("a"), None);
        assert_eq!(Json::Null.get("a"), None);
    }
}
