//! The server backend: the [`kv`](super::kv) seam over a PostgreSQL database, so that
//! several processes (nodes) serve and commit on one state.
//!
//! Schema: one table `rivet_kv (tab smallint, key bytea, value bytea, primary key
//! (tab, key))`, `tab` being [`Table::id`]; keys and values are the seam's bytes, so
//! `ORDER BY key` is the seam's key order. Created at open if missing.
//!
//! Transactions: a read transaction is `REPEATABLE READ, READ ONLY` (one snapshot,
//! never refused). A write transaction first takes the database-wide advisory lock
//! [`WRITE_LOCK`] on its connection (session level, released after commit or
//! abort, and by the server if the connection dies), then runs `SERIALIZABLE`. The
//! lock makes writers take turns across every process on the database, as redb's
//! single writer does inside one file, so a commit reads the state every earlier
//! commit left; `SERIALIZABLE` is the second line: should two writers ever overlap,
//! PostgreSQL refuses one with a serialization failure, which [`is_conflict`]
//! recognises and the store answers by running that transaction again from the start
//! (where its re-checks see the winner's writes: a stale nonce or a consumed note is
//! then refused as in redb, never applied twice).
//!
//! Writes are buffered in the transaction (its reads see them) and sent in one
//! statement at commit: a commit costs its reads' round trips plus two, not one per
//! written tree node.
//!
//! Connections: a small pool; a transaction takes a connection and gives it back
//! when it ends. A connection that failed mid-transaction is dropped, not reused.

use super::kv::{Backend, Entries, ReadTxn, Table, WriteTxn};
use crate::error::StoreError;
use postgres::error::SqlState;
use postgres::{Client, NoTls, Statement};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// The advisory lock key writers take (an arbitrary constant: "rivet kv").
pub const WRITE_LOCK: i64 = 0x7269_7665_745f_6b76;

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS rivet_kv (
    tab smallint NOT NULL,
    key bytea NOT NULL,
    value bytea NOT NULL,
    PRIMARY KEY (tab, key))";

/// Whether a PostgreSQL error is a conflict between concurrent transactions
/// (serialization failure, deadlock): the refused transaction may be run again.
pub fn is_conflict(e: &postgres::Error) -> bool {
    matches!(
        e.code(),
        Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED
    )
}

/// One connection with its prepared statements.
struct Conn {
    client: Client,
    get: Statement,
    scan: Statement,
    put_many: Statement,
}

impl Conn {
    fn connect(url: &str) -> Result<Conn, StoreError> {
        let mut client = Client::connect(url, NoTls)?;
        let get = client.prepare("SELECT value FROM rivet_kv WHERE tab = $1 AND key = $2")?;
        let scan = client.prepare("SELECT key, value FROM rivet_kv WHERE tab = $1 ORDER BY key")?;
        let put_many = client.prepare(
            "INSERT INTO rivet_kv (tab, key, value)
             SELECT * FROM unnest($1::smallint[], $2::bytea[], $3::bytea[])
             ON CONFLICT (tab, key) DO UPDATE SET value = EXCLUDED.value",
        )?;
        Ok(Conn {
            client,
            get,
            scan,
            put_many,
        })
    }
}

/// A PostgreSQL database holding one Rivet state.
pub(crate) struct PgKv {
    url: String,
    idle: Mutex<Vec<Conn>>,
}

impl PgKv {
    /// Connects to `url` and creates the table if it is missing.
    pub(crate) fn connect(url: &str) -> Result<PgKv, StoreError> {
        let mut client = Client::connect(url, NoTls)?;
        // Two processes creating the table at once: the lock makes the second wait
        // and then find it.
        client.batch_execute(&format!("SELECT pg_advisory_lock({WRITE_LOCK})"))?;
        client.batch_execute(SCHEMA)?;
        client.batch_execute(&format!("SELECT pg_advisory_unlock({WRITE_LOCK})"))?;
        drop(client);
        Ok(PgKv {
            url: url.to_string(),
            idle: Mutex::new(Vec::new()),
        })
    }

    fn take(&self) -> Result<Conn, StoreError> {
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        match idle {
            Some(c) => Ok(c),
            None => Conn::connect(&self.url),
        }
    }

    fn give_back(&self, conn: Conn) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(conn);
        }
    }
}

/// A transaction on a pooled connection; returns the connection when it ends
/// cleanly.
struct PgTxn<'a> {
    kv: &'a PgKv,
    conn: RefCell<Option<Conn>>,
    writer: bool,
    /// Writes not sent yet, by (table id, key); sent at commit.
    pending: BTreeMap<(i16, Vec<u8>), Vec<u8>>,
}

impl PgTxn<'_> {
    fn with<R>(
        &self,
        f: impl FnOnce(&mut Conn) -> Result<R, postgres::Error>,
    ) -> Result<R, StoreError> {
        let mut slot = self.conn.borrow_mut();
        let conn = slot.as_mut().ok_or(StoreError::TxnEnded)?;
        f(conn).map_err(StoreError::from)
    }

    /// Ends the transaction with `sql` (COMMIT or ROLLBACK); the connection goes
    /// back to the pool only if that worked.
    fn finish(&self, sql: &str) -> Result<(), StoreError> {
        let Some(mut conn) = self.conn.borrow_mut().take() else {
            return Ok(());
        };
        let mut end = conn.client.batch_execute(sql);
        if self.writer {
            // After a failed COMMIT the server has rolled back; unlock either way.
            let unlock = conn
                .client
                .batch_execute(&format!("SELECT pg_advisory_unlock({WRITE_LOCK})"));
            end = end.and(unlock);
        }
        end?;
        self.kv.give_back(conn);
        Ok(())
    }
}

impl Drop for PgTxn<'_> {
    fn drop(&mut self) {
        // Not ended by commit/abort: roll back (a failure drops the connection,
        // which ends the transaction and the lock on the server).
        let _ = self.finish("ROLLBACK");
    }
}

impl ReadTxn for PgTxn<'_> {
    fn get(&self, table: Table, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        if let Some(v) = self.pending.get(&(table.id(), key.to_vec())) {
            return Ok(Some(v.clone()));
        }
        let row = self.with(|c| c.client.query_opt(&c.get, &[&table.id(), &key]))?;
        Ok(row.map(|r| r.get::<_, Vec<u8>>(0)))
    }

    fn scan(&self, table: Table) -> Result<Entries, StoreError> {
        let rows = self.with(|c| c.client.query(&c.scan, &[&table.id()]))?;
        let mut all: BTreeMap<Vec<u8>, Vec<u8>> =
            rows.into_iter().map(|r| (r.get(0), r.get(1))).collect();
        let id = table.id();
        let mine = self
            .pending
            .range((id, Vec::new())..)
            .take_while(|((t, _), _)| *t == id);
        for ((_, k), v) in mine {
            all.insert(k.clone(), v.clone());
        }
        Ok(all.into_iter().collect())
    }
}

impl WriteTxn for PgTxn<'_> {
    fn insert(&mut self, table: Table, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        self.pending
            .insert((table.id(), key.to_vec()), value.to_vec());
        Ok(())
    }

    fn commit(self: Box<Self>) -> Result<(), StoreError> {
        if !self.pending.is_empty() {
            let mut tabs = Vec::with_capacity(self.pending.len());
            let mut keys = Vec::with_capacity(self.pending.len());
            let mut values = Vec::with_capacity(self.pending.len());
            for ((t, k), v) in &self.pending {
                tabs.push(*t);
                keys.push(k.as_slice());
                values.push(v.as_slice());
            }
            self.with(|c| c.client.execute(&c.put_many, &[&tabs, &keys, &values]))?;
        }
        self.finish("COMMIT")
    }

    fn abort(self: Box<Self>) -> Result<(), StoreError> {
        self.finish("ROLLBACK")
    }
}

impl Backend for PgKv {
    fn kind(&self) -> &'static str {
        "postgres"
    }

    fn begin_read(&self) -> Result<Box<dyn ReadTxn + '_>, StoreError> {
        let mut conn = self.take()?;
        conn.client
            .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
        Ok(Box::new(PgTxn {
            kv: self,
            conn: RefCell::new(Some(conn)),
            writer: false,
            pending: BTreeMap::new(),
        }))
    }

    fn begin_write(&self) -> Result<Box<dyn WriteTxn + '_>, StoreError> {
        let mut conn = self.take()?;
        // Two messages: in one, the lock's SELECT would open an implicit
        // transaction and BEGIN could no longer set the isolation level.
        conn.client
            .batch_execute(&format!("SELECT pg_advisory_lock({WRITE_LOCK})"))?;
        if let Err(e) = conn
            .client
            .batch_execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
        {
            let _ = conn
                .client
                .batch_execute(&format!("SELECT pg_advisory_unlock({WRITE_LOCK})"));
            return Err(e.into());
        }
        Ok(Box::new(PgTxn {
            kv: self,
            conn: RefCell::new(Some(conn)),
            writer: true,
            pending: BTreeMap::new(),
        }))
    }
}

/// Creates database `name` on the server `base_url` points at (which must allow the
/// role to create databases) and returns the URL of the new database: a fresh,
/// empty place for a store (tests, benchmarks, a second demo). `name` must be a
/// plain identifier (letters, digits, `_`).
pub fn create_database(base_url: &str, name: &str) -> Result<String, StoreError> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(StoreError::BadDatabaseName(name.to_string()));
    }
    let mut client = Client::connect(base_url, NoTls)?;
    client.batch_execute(&format!("CREATE DATABASE {name}"))?;
    Ok(with_database(base_url, name))
}

/// `url` with its database name replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    format!("{}/{name}{query}", &base[..host_end])
}

/// `url` without a password (for messages and `Store::path`).
pub fn redact(url: &str) -> String {
    let scheme_end = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[scheme_end..];
    match (rest.find('@'), rest.find(':')) {
        (Some(at), Some(colon)) if colon < at => {
            format!(
                "{}{}:***{}",
                &url[..scheme_end],
                &rest[..colon],
                &rest[at..]
            )
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_get_a_database_and_lose_their_password() {
        assert_eq!(
            with_database("postgres://u@h:5/rivet", "t1"),
            "postgres://u@h:5/t1"
        );
        assert_eq!(
            with_database("postgres://u@h:5", "t1"),
            "postgres://u@h:5/t1"
        );
        assert_eq!(
            with_database("postgres://u@h/x?sslmode=disable", "t"),
            "postgres://u@h/t?sslmode=disable"
        );
        assert_eq!(redact("postgres://u:secret@h/x"), "postgres://u:***@h/x");
        assert_eq!(redact("postgres://u@h/x"), "postgres://u@h/x");
    }

    #[test]
    fn bad_database_names_are_refused_before_connecting() {
        let e = create_database("postgres://nowhere.invalid/x", "a;drop").unwrap_err();
        assert!(matches!(e, StoreError::BadDatabaseName(_)), "{e}");
    }
}
