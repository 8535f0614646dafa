//! An article's leftover input fields, kept to be written back on export. 100,000 articles
//! with a few fields each cost ~90 MB as maps of `serde_json::Value`; kept as one compact
//! JSON object per article they cost little more than their text.

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// Fields of an input record tanba has no use for (`date`, `url`, `lang`,
/// the columns of a CoNLL file...), as one JSON object with its keys sorted and no spaces:
/// `{"date":"2019-07-26","lang":"kk"}`. Empty meta holds no allocation. Reading a field
/// parses it from the text, so callers that need several take `to_map` once.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// Empty, or a JSON object in canonical form (so equal metas have equal text).
    json: Box<str>,
}

impl Meta {
    pub fn is_empty(&self) -> bool {
        self.json.is_empty()
    }

    pub fn len(&self) -> usize {
        self.to_map().len()
    }

    /// The fields as a JSON object (`{}` when there are none).
    pub fn as_json(&self) -> &str {
        if self.is_empty() { "{}" } else { &self.json }
    }

    /// The value of one field, parsed from the text.
    pub fn get(&self, key: &str) -> Option<Value> {
        // the text holds a key as it is unless JSON escapes it: absent text, absent key
        let verbatim = key.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\');
        if self.is_empty() || (verbatim && !self.json.contains(key)) {
            return None;
        }
        let mut de = serde_json::Deserializer::from_str(&self.json);
        // the text was written by `from_map`, so it parses; a failure reads as "not there"
        de::Deserializer::deserialize_map(&mut de, FindField(key))
            .ok()
            .flatten()
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Every field, keys in order.
    pub fn to_map(&self) -> BTreeMap<String, Value> {
        if self.is_empty() {
            return BTreeMap::new();
        }
        serde_json::from_str(&self.json).unwrap_or_default()
    }

    /// Every field as its JSON text, borrowed (keys in order): for writers that copy the
    /// values out unchanged and need not build them.
    pub fn raw_fields(&self) -> Vec<(Cow<'_, str>, &RawValue)> {
        if self.is_empty() {
            return Vec::new();
        }
        // the text was written by `from_map`, so it parses
        raw_object(&self.json).unwrap_or_default()
    }

    /// `(key, value)` of every field, keys in order.
    pub fn iter(&self) -> impl Iterator<Item = (String, Value)> + use<> {
        self.to_map().into_iter()
    }

    /// Sets one field and returns the value it replaces.
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        let mut map = self.to_map();
        let old = map.insert(key, value);
        *self = Meta::from_map(&map);
        old
    }

    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let mut map = self.to_map();
        let old = map.remove(key);
        if old.is_some() {
            *self = Meta::from_map(&map);
        }
        old
    }

    /// Meta from fields given in any order, each key once.
    pub(crate) fn from_fields<K: AsRef<str>>(mut fields: Vec<(K, Value)>) -> Meta {
        if fields.is_empty() {
            return Meta::default();
        }
        fields.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
        let entries = fields.iter().map(|(k, v)| (k.as_ref(), v));
        Meta::from_entries(entries)
    }

    fn from_map(map: &BTreeMap<String, Value>) -> Meta {
        Meta::from_entries(map.iter().map(|(k, v)| (k.as_str(), v)))
    }

    /// `entries` must come sorted by key, each key once.
    fn from_entries<'a>(entries: impl ExactSizeIterator<Item = (&'a str, &'a Value)>) -> Meta {
        if entries.len() == 0 {
            return Meta::default();
        }
        let mut json = String::from("{");
        for (i, (key, value)) in entries.enumerate() {
            if i > 0 {
                json.push(',');
            }
            // writing JSON into a String cannot fail: keys are strings, values are JSON
            json.push_str(&serde_json::to_string(key).unwrap_or_default());
            json.push(':');
            json.push_str(&serde_json::to_string(value).unwrap_or_default());
        }
        json.push('}');
        Meta {
            json: json.into_boxed_str(),
        }
    }
}

impl From<BTreeMap<String, Value>> for Meta {
    fn from(map: BTreeMap<String, Value>) -> Meta {
        Meta::from_map(&map)
    }
}

impl FromIterator<(String, Value)> for Meta {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(fields: I) -> Meta {
        // collected through a map so that, as in a JSON object, the last of a key wins
        Meta::from_map(&fields.into_iter().collect())
    }
}

impl fmt::Debug for Meta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.to_map()).finish()
    }
}

/// A map of its fields, for every serde format (JSON, RON...).
impl Serialize for Meta {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_map().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Meta {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Meta, D::Error> {
        BTreeMap::<String, Value>::deserialize(d).map(Meta::from)
    }
}

/// The fields of a JSON object as their JSON text, in the order written; `None` when
/// `json` is not an object.
pub fn raw_object(json: &str) -> Option<Vec<(Cow<'_, str>, &RawValue)>> {
    let mut de = serde_json::Deserializer::from_str(json);
    de::Deserializer::deserialize_map(&mut de, RawFields).ok()
}

/// Collects an object's fields without parsing their values.
struct RawFields;

impl<'de> Visitor<'de> for RawFields {
    type Value = Vec<(Cow<'de, str>, &'de RawValue)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(4));
        while let Some(key) = map.next_key::<Key<'de>>()? {
            fields.push((key.0, map.next_value()?));
        }
        Ok(fields)
    }
}

/// Reads a JSON object up to the field named, skipping every other value unparsed.
struct FindField<'k>(&'k str);

impl<'de> Visitor<'de> for FindField<'_> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Value>, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if key.0 == self.0 {
                found = Some(map.next_value()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// An object key, borrowed from the input when it holds no escape.
pub(crate) struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key<'de>, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(s.into()))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(s.to_owned().into()))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key(s.into()))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn meta(value: Value) -> Meta {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn fields_are_kept_as_one_sorted_compact_object() {
        let m = meta(json!({"url": "https://x.kz/1", "date": "2019-07-26", "n": 3}));
        assert_eq!(
            m.as_json(),
            r#"{"date":"2019-07-26","n":3,"url":"https://x.kz/1"}"#
        );
        assert_eq!(m.get("n"), Some(json!(3)));
        assert_eq!(m.get("missing"), None);
        assert!(m.contains_key("url") && !m.contains_key("ur"));
        let keys: Vec<String> = m.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["date", "n", "url"]);
        assert_eq!(m.len(), 3);
    }

    #[test]
    fn empty_meta_holds_nothing_and_reads_as_an_empty_object() {
        let m = Meta::default();
        assert!(m.is_empty());
        assert_eq!((m.as_json(), m.len(), m.get("x")), ("{}", 0, None));
        assert_eq!(serde_json::to_string(&m).unwrap(), "{}");
        assert_eq!(meta(json!({})), m);
    }

    #[test]
    fn insert_and_remove_return_the_value_replaced() {
        let mut m = Meta::default();
        assert_eq!(m.insert("b".into(), json!([1, {"x": null}])), None);
        assert_eq!(m.insert("a".into(), json!("\t«»")), None);
        assert_eq!(m.insert("a".into(), json!(2)), Some(json!("\t«»")));
        assert_eq!(m.as_json(), r#"{"a":2,"b":[1,{"x":null}]}"#);
        assert_eq!(m.remove("b"), Some(json!([1, {"x": null}])));
        assert_eq!(m.remove("b"), None);
        assert_eq!(m.remove("a"), Some(json!(2)));
        assert!(m.is_empty());
    }

    #[test]
    fn nested_keys_of_the_name_asked_are_not_mistaken_for_fields() {
        let m = meta(json!({"a": {"url": 1}, "url": 2, "z": "url"}));
        assert_eq!(m.get("url"), Some(json!(2)));
        let m = meta(json!({"a": {"url": 1}}));
        assert_eq!(m.get("url"), None);
    }

    #[test]
    fn serialises_as_a_map_in_ron_too() {
        let m = meta(json!({"lang": "kk", "n": 1}));
        let ron = ron::to_string(&m).unwrap();
        assert_eq!(ron, r#"{"lang":"kk","n":1}"#);
        assert_eq!(
            format!("{m:?}"),
            r#"{"lang": String("kk"), "n": Number(1)}"#
        );
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "\\PC{0,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::btree_map("\\PC{0,6}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_map_round_trips_and_every_field_reads_back(
            map in prop::collection::btree_map("\\PC{0,8}", json_value(), 0..6)
        ) {
            let m = Meta::from(map.clone());
            prop_assert_eq!(m.to_map(), map.clone());
            for (k, v) in &map {
                prop_assert_eq!(m.get(k), Some(v.clone()));
            }
            // raw values are the very text serde_json writes for each value
            let raw: Vec<(String, String)> = m
                .raw_fields()
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v.get().to_string()))
                .collect();
            let written: Vec<(String, String)> = map
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::to_string(v).unwrap()))
                .collect();
            prop_assert_eq!(raw, written);
            let back: Meta = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
            prop_assert_eq!(&back, &m);
            let fields: Vec<(String, Value)> = map.into_iter().rev().collect();
            prop_assert_eq!(Meta::from_fields(fields), m);
        }
    }
}
