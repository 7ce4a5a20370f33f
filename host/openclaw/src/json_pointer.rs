//! RFC 6901 JSON pointers over `serde_json::Value`: get, set (creating parent objects) and
//! remove. Used for config grants and config edits.

use serde_json::{Map, Value};

/// Splits `/a/b~1c` into `["a", "b/c"]`.
pub fn tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect()
}

/// The value at `pointer`.
pub fn get<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    root.pointer(pointer)
}

/// Sets the value at `pointer`, creating objects on the way. Fails when a parent is a scalar or
/// an array index is out of range.
pub fn set(root: &mut Value, pointer: &str, value: Value) -> Result<(), String> {
    let tokens = tokens(pointer);
    let Some((last, parents)) = tokens.split_last() else {
        *root = value;
        return Ok(());
    };
    let mut cur = root;
    for t in parents {
        if cur.is_null() {
            *cur = Value::Object(Map::new());
        }
        cur = match cur {
            Value::Object(map) => map.entry(t.clone()).or_insert(Value::Null),
            Value::Array(list) => {
                let i = t.parse::<usize>().map_err(|_| format!("{t:?} is not an array index"))?;
                list.get_mut(i).ok_or_else(|| format!("index {i} is out of range"))?
            }
            _ => return Err(format!("cannot descend into a scalar at {t:?}")),
        };
    }
    if cur.is_null() {
        *cur = Value::Object(Map::new());
    }
    match cur {
        Value::Object(map) => {
            map.insert(last.clone(), value);
            Ok(())
        }
        Value::Array(list) => {
            if last == "-" {
                list.push(value);
                return Ok(());
            }
            let i = last.parse::<usize>().map_err(|_| format!("{last:?} is not an array index"))?;
            let slot = list.get_mut(i).ok_or_else(|| format!("index {i} is out of range"))?;
            *slot = value;
            Ok(())
        }
        _ => Err(format!("cannot set {last:?} inside a scalar")),
    }
}

/// Removes the value at `pointer`; returns whether something was removed.
pub fn remove(root: &mut Value, pointer: &str) -> bool {
    let tokens = tokens(pointer);
    let Some((last, parents)) = tokens.split_last() else {
        return false;
    };
    let mut cur = root;
    for t in parents {
        cur = match cur {
            Value::Object(map) => match map.get_mut(t) {
                Some(v) => v,
                None => return false,
            },
            Value::Array(list) => match t.parse::<usize>().ok().and_then(|i| list.get_mut(i)) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    match cur {
        Value::Object(map) => map.remove(last).is_some(),
        Value::Array(list) => match last.parse::<usize>() {
            Ok(i) if i < list.len() => {
                list.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_get_remove() {
        let mut v = json!({"a": {"list": [1, 2]}});
        set(&mut v, "/skills/entries/x~1y/enabled", json!(false)).expect("set");
        assert_eq!(get(&v, "/skills/entries/x~1y/enabled"), Some(&json!(false)));
        set(&mut v, "/a/list/1", json!(9)).expect("index");
        set(&mut v, "/a/list/-", json!(10)).expect("append");
        assert_eq!(v["a"]["list"], json!([1, 9, 10]));
        assert!(set(&mut v, "/a/list/7", json!(0)).is_err());
        assert!(set(&mut v, "/a/list/0/deeper", json!(0)).is_err());
        assert!(remove(&mut v, "/skills/entries/x~1y"));
        assert!(!remove(&mut v, "/skills/entries/x~1y"));
        assert_eq!(v["skills"]["entries"], json!({}));
    }
}
