//! `module_trust`: operators' decisions about each module — the approval (digest and grants
//! pinned, who, when) and whether the API disabled it.

use rusqlite::{Connection, OptionalExtension};

use buddy_runtime::{Approval, Decision};

/// The decisions about `module` (the default when there are none).
pub fn get(conn: &Connection, module: &str) -> rusqlite::Result<Decision> {
    let row = conn
        .query_row(
            "SELECT digest, grants, approved_by, approved_ms, disabled_by FROM module_trust WHERE module = ?1",
            [module],
            |r| {
                let approval = match (r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?) {
                    (Some(digest), Some(grants)) => Some(Approval {
                        digest,
                        grants,
                        by: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                        at_ms: r.get::<_, Option<i64>>(3)?.unwrap_or_default(),
                    }),
                    _ => None,
                };
                Ok(Decision { approval, disabled_by: r.get(4)? })
            },
        )
        .optional()?;
    Ok(row.unwrap_or_default())
}

/// Records an approval, replacing an earlier one.
pub fn approve(conn: &Connection, module: &str, a: &Approval) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO module_trust (module, digest, grants, approved_by, approved_ms) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (module) DO UPDATE SET digest = excluded.digest, grants = excluded.grants,
             approved_by = excluded.approved_by, approved_ms = excluded.approved_ms",
        (module, &a.digest, &a.grants, &a.by, a.at_ms),
    )?;
    Ok(())
}

/// Disables (`Some(who)`) or enables (`None`) a module.
pub fn set_disabled(conn: &Connection, module: &str, by: Option<&str>) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO module_trust (module, disabled_by) VALUES (?1, ?2)
         ON CONFLICT (module) DO UPDATE SET disabled_by = excluded.disabled_by",
        (module, by),
    )?;
    Ok(())
}

/// Forgets a deleted module: its decisions and its key-value data, in one transaction.
pub fn forget(conn: &mut Connection, module: &str) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM module_trust WHERE module = ?1", [module])?;
    tx.execute("DELETE FROM module_kv WHERE module = ?1", [module])?;
    tx.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approvals_and_switches_round_trip_and_are_forgotten() {
        let mut conn = Connection::open_in_memory().expect("open");
        crate::db::migrations::migrate(&mut conn).expect("migrate");
        assert_eq!(get(&conn, "m").expect("get"), Decision::default());
        let a = Approval { digest: "sha256:00".into(), grants: "{}".into(), by: "token".into(), at_ms: 7 };
        approve(&conn, "m", &a).expect("approve");
        set_disabled(&conn, "m", Some("token")).expect("disable");
        let d = get(&conn, "m").expect("get");
        assert_eq!((d.approval.as_ref(), d.disabled_by.as_deref()), (Some(&a), Some("token")));
        set_disabled(&conn, "m", None).expect("enable");
        assert_eq!(get(&conn, "m").expect("get").approval, Some(a), "enabling keeps the approval");
        conn.execute("INSERT INTO module_kv (module, key, value) VALUES ('m', 'k', x'00')", []).expect("kv");
        forget(&mut conn, "m").expect("forget");
        assert_eq!(get(&conn, "m").expect("get"), Decision::default());
        let kv: i64 = conn.query_row("SELECT COUNT(*) FROM module_kv", [], |r| r.get(0)).expect("count");
        assert_eq!(kv, 0);
    }
}
