//! `kv`: a private key-value namespace per module in Buddy's SQLite.

use rusqlite::OptionalExtension;

use super::super::bindings::v0_1_0::openclaw::buddy::kv::Host;
use super::super::ctx::ModuleCtx;
use super::{CapError, HostTimer, denied};

const MAX_KEY: usize = 512;
const MAX_VALUE: usize = 1024 * 1024;
const MAX_KEYS: i64 = 10_000;

impl ModuleCtx {
    fn kv_allowed(&self, what: &str) -> Result<(), CapError> {
        if self.module.grants.kv { Ok(()) } else { Err(denied(self, "kv", what)) }
    }

    async fn kv_call<T: Send + 'static>(
        &mut self,
        f: impl FnOnce(&rusqlite::Connection, &str) -> rusqlite::Result<Result<T, CapError>> + Send + 'static,
    ) -> Result<T, CapError> {
        let (db, module) = (self.app.db.clone(), self.name().to_string());
        let timer = HostTimer::start();
        let result = db.call(move |conn| f(conn, &module)).await;
        timer.stop(self);
        result.map_err(|e| CapError::Failed(e.to_string()))?
    }
}

fn check_key(key: &str) -> Result<(), CapError> {
    if key.is_empty() || key.len() > MAX_KEY {
        Err(CapError::Invalid(format!("key: must be 1..={MAX_KEY} bytes")))
    } else {
        Ok(())
    }
}

impl Host for ModuleCtx {
    async fn get(&mut self, key: String) -> wasmtime::Result<Result<Option<Vec<u8>>, CapError>> {
        if let Err(e) = self.kv_allowed(&format!("get {key:?}")).and(check_key(&key)) {
            return Ok(Err(e));
        }
        Ok(self
            .kv_call(move |conn, module| {
                conn.query_row("SELECT value FROM module_kv WHERE module = ?1 AND key = ?2", (module, &key), |r| {
                    r.get(0)
                })
                .optional()
                .map(Ok)
            })
            .await)
    }

    async fn set(&mut self, key: String, value: Vec<u8>) -> wasmtime::Result<Result<(), CapError>> {
        if let Err(e) = self.kv_allowed(&format!("set {key:?}")).and(check_key(&key)) {
            return Ok(Err(e));
        }
        if value.len() > MAX_VALUE {
            return Ok(Err(CapError::Invalid(format!("value: larger than {MAX_VALUE} bytes"))));
        }
        Ok(self
            .kv_call(move |conn, module| {
                let exists: bool = conn.query_row(
                    "SELECT EXISTS(SELECT 1 FROM module_kv WHERE module = ?1 AND key = ?2)",
                    (module, &key),
                    |r| r.get(0),
                )?;
                let count: i64 =
                    conn.query_row("SELECT COUNT(*) FROM module_kv WHERE module = ?1", [module], |r| r.get(0))?;
                if !exists && count >= MAX_KEYS {
                    return Ok(Err(CapError::Failed(format!("the module already stores {MAX_KEYS} keys"))));
                }
                conn.execute(
                    "INSERT INTO module_kv (module, key, value) VALUES (?1, ?2, ?3)
                     ON CONFLICT (module, key) DO UPDATE SET value = excluded.value",
                    (module, &key, &value),
                )?;
                Ok(Ok(()))
            })
            .await)
    }

    async fn delete(&mut self, key: String) -> wasmtime::Result<Result<(), CapError>> {
        if let Err(e) = self.kv_allowed(&format!("delete {key:?}")).and(check_key(&key)) {
            return Ok(Err(e));
        }
        Ok(self
            .kv_call(move |conn, module| {
                conn.execute("DELETE FROM module_kv WHERE module = ?1 AND key = ?2", (module, &key))?;
                Ok(Ok(()))
            })
            .await)
    }

    async fn list_keys(&mut self, prefix: String) -> wasmtime::Result<Result<Vec<String>, CapError>> {
        if let Err(e) = self.kv_allowed("list-keys") {
            return Ok(Err(e));
        }
        Ok(self
            .kv_call(move |conn, module| {
                let mut stmt = conn.prepare(
                    "SELECT key FROM module_kv WHERE module = ?1 AND substr(key, 1, length(?2)) = ?2 ORDER BY key",
                )?;
                let keys =
                    stmt.query_map((module, &prefix), |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
                Ok(Ok(keys))
            })
            .await)
    }
}
