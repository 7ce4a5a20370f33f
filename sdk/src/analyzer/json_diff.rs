//! A structural diff of two JSON documents, addressed by RFC 6901 JSON pointers.

use serde_json::{Map, Value};

use super::Change;

/// Every difference between `old` and `new`, in path order.
///
/// - Objects are compared key by key and arrays index by index.
/// - A key or index only one side has is one `added` or `removed` entry carrying its whole
///   subtree.
/// - A differing scalar, or a value whose type differs (object vs array vs string...), is one
///   `changed` entry.
/// - Paths are JSON pointers (`~` is written `~0` and `/` is written `~1` inside a segment); a
///   change of the whole document has the path `""`.
/// - Entries come depth-first with object keys in sorted order and array indices ascending, so
///   the order is stable whatever order the documents list their keys in.
///
/// Values are returned as they are: pass each change through [`Change::masked`] before it
/// leaves the module.
///
/// ```
/// use buddy_sdk::analyzer::{Change, json_diff};
/// use buddy_sdk::json;
/// let changes = json_diff(&json!({"port": 1, "tags": ["a"]}), &json!({"port": 2, "tags": ["a", "b"]}));
/// assert_eq!(changes, [Change::changed("/port", json!(1), json!(2)), Change::added("/tags/1", json!("b"))]);
/// ```
pub fn json_diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut changes = Vec::new();
    diff_at(&mut String::new(), old, new, &mut changes);
    changes
}

/// Appends the differences below `path` (which is restored before returning).
fn diff_at(path: &mut String, old: &Value, new: &Value, out: &mut Vec<Change>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => diff_objects(path, a, b, out),
        (Value::Array(a), Value::Array(b)) => diff_arrays(path, a, b, out),
        _ if old != new => out.push(Change::changed(path.clone(), old.clone(), new.clone())),
        _ => {}
    }
}

fn diff_objects(path: &mut String, old: &Map<String, Value>, new: &Map<String, Value>, out: &mut Vec<Change>) {
    // Sorted explicitly: the map's own order depends on serde_json's features.
    let mut keys: Vec<&String> = old.keys().chain(new.keys().filter(|k| !old.contains_key(*k))).collect();
    keys.sort();
    for key in keys {
        let len = path.len();
        push_segment(path, key);
        match (old.get(key), new.get(key)) {
            (Some(a), Some(b)) => diff_at(path, a, b, out),
            (Some(a), None) => out.push(Change::removed(path.clone(), a.clone())),
            (None, Some(b)) => out.push(Change::added(path.clone(), b.clone())),
            (None, None) => {}
        }
        path.truncate(len);
    }
}

fn diff_arrays(path: &mut String, old: &[Value], new: &[Value], out: &mut Vec<Change>) {
    for i in 0..old.len().max(new.len()) {
        let len = path.len();
        push_segment(path, &i.to_string());
        match (old.get(i), new.get(i)) {
            (Some(a), Some(b)) => diff_at(path, a, b, out),
            (Some(a), None) => out.push(Change::removed(path.clone(), a.clone())),
            (None, Some(b)) => out.push(Change::added(path.clone(), b.clone())),
            (None, None) => {}
        }
        path.truncate(len);
    }
}

/// Appends `/segment` with RFC 6901 escaping (`~` first, so `/`'s `~1` is not re-escaped).
fn push_segment(path: &mut String, segment: &str) {
    path.push('/');
    path.push_str(&segment.replace('~', "~0").replace('/', "~1"));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::analyzer::ChangeKind;

    #[test]
    fn equal_documents_have_no_changes() {
        let doc = json!({"a": [1, {"b": null}], "c": "d"});
        assert!(json_diff(&doc, &doc).is_empty());
        assert!(json_diff(&json!(1), &json!(1)).is_empty());
    }

    #[test]
    fn objects_are_compared_by_key() {
        let old = json!({"gateway": {"port": 1, "bind": "lan"}, "gone": {"deep": [1, 2]}});
        let new = json!({"gateway": {"port": 2, "bind": "lan", "mode": "local"}, "fresh": true});
        assert_eq!(
            json_diff(&old, &new),
            [
                Change::added("/fresh", json!(true)),
                Change::added("/gateway/mode", json!("local")),
                Change::changed("/gateway/port", json!(1), json!(2)),
                Change::removed("/gone", json!({"deep": [1, 2]})),
            ]
        );
    }

    #[test]
    fn arrays_are_compared_by_index() {
        let old = json!({"list": ["a", "b", "c"]});
        let new = json!({"list": ["a", "x"]});
        assert_eq!(
            json_diff(&old, &new),
            [Change::changed("/list/1", json!("b"), json!("x")), Change::removed("/list/2", json!("c"))]
        );
        let grown = json_diff(&json!([]), &json!([{"k": 1}]));
        assert_eq!(grown, [Change::added("/0", json!({"k": 1}))]);
    }

    #[test]
    fn a_type_change_is_one_changed_entry() {
        let changes = json_diff(&json!({"a": {"b": 1}}), &json!({"a": [1]}));
        assert_eq!(changes, [Change::changed("/a", json!({"b": 1}), json!([1]))]);
        let changes = json_diff(&json!({"a": 1}), &json!({"a": "1"}));
        assert_eq!(changes[0].kind, ChangeKind::Changed);
        assert_eq!(changes.len(), 1);
    }

    #[test]
    fn the_whole_document_is_the_empty_pointer() {
        assert_eq!(json_diff(&json!(1), &json!({"a": 1})), [Change::changed("", json!(1), json!({"a": 1}))]);
    }

    #[test]
    fn segments_are_escaped() {
        let changes = json_diff(&json!({}), &json!({"a/b": 1, "c~d": 2, "~/": 3, "": 4}));
        let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["/", "/a~1b", "/c~0d", "/~0~1"]);
    }

    #[test]
    fn order_does_not_depend_on_key_order() {
        let a: Value = serde_json::from_str(r#"{"z": 1, "a": 1, "m": {"y": 1, "b": 1}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"m": {"b": 2, "y": 2}, "a": 2, "z": 2}"#).unwrap();
        let paths: Vec<String> = json_diff(&a, &b).into_iter().map(|c| c.path).collect();
        assert_eq!(paths, ["/a", "/m/b", "/m/y", "/z"]);
    }
}
