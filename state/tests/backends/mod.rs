//! One store test suite on every backend: [`on_both_backends!`] turns each test body
//! into a module with a `redb` test (a fresh state directory) and a `postgres` test (a
//! fresh database on the server `RIVET_TEST_POSTGRES` names, e.g.
//! `postgres://rivet@127.0.0.1:PORT/rivet`; scripts/postgres.sh starts one).
//!
//! Without `RIVET_TEST_POSTGRES` the `postgres` variants print that they were skipped
//! and pass, unless `RIVET_REQUIRE_POSTGRES=1` (scripts/test.sh sets it), where they
//! fail saying what is missing.
#![allow(dead_code)]

use rivet_state::Store;
use std::path::PathBuf;

/// Where one test's store lives.
pub enum Place {
    /// A redb store in this state directory.
    Dir(PathBuf),
    /// A PostgreSQL store in this database (URL); the server URL to drop it from.
    Db {
        url: String,
        server: String,
        name: String,
    },
}

fn unique(tag: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let tag: String = tag
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(30)
        .collect();
    format!("{tag}_{}_{nanos}", std::process::id())
}

/// The PostgreSQL server the tests use, or `None` (skipped) when none is configured;
/// panics when one is required and missing.
pub fn postgres_server(test: &str) -> Option<String> {
    match std::env::var("RIVET_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("RIVET_REQUIRE_POSTGRES").as_deref() == Ok("1") => panic!(
            "{test}: RIVET_REQUIRE_POSTGRES=1 but RIVET_TEST_POSTGRES is not set: start a \
             server with `source scripts/postgres.sh && pg_start` (or set it to a \
             postgres:// URL of a role that may create databases)"
        ),
        _ => {
            eprintln!("{test}: skipped, RIVET_TEST_POSTGRES is not set (scripts/postgres.sh starts a server)");
            None
        }
    }
}

impl Place {
    /// A fresh, missing state directory.
    pub fn redb(tag: &str) -> Place {
        let dir = std::env::temp_dir().join(format!("rivet-state-{}", unique(tag)));
        let _ = std::fs::remove_dir_all(&dir);
        Place::Dir(dir)
    }

    /// A fresh, empty database, or `None` when PostgreSQL tests are skipped.
    pub fn postgres(tag: &str) -> Option<Place> {
        let server = postgres_server(tag)?;
        let name = format!("rivet_t_{}", unique(tag));
        let url = rivet_state::store::pg::create_database(&server, &name)
            .unwrap_or_else(|e| panic!("creating database {name} on {server}: {e}"));
        Some(Place::Db { url, server, name })
    }

    /// Opens the store (again).
    pub fn open(&self) -> Store {
        match self {
            Place::Dir(d) => Store::open(d).unwrap(),
            Place::Db { url, .. } => Store::open_url(url).unwrap(),
        }
    }

    /// Deletes the store (the directory or the database).
    pub fn remove(&self) {
        match self {
            Place::Dir(d) => {
                let _ = std::fs::remove_dir_all(d);
            }
            Place::Db { server, name, .. } => {
                if let Ok(mut c) = postgres::Client::connect(server, postgres::NoTls) {
                    let _ =
                        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
                }
            }
        }
    }
}

/// `on_both_backends! { fn name(place) { body } ... }`: a module `name` with tests
/// `redb` and `postgres`, each running `body` with `place` a fresh [`Place`].
#[macro_export]
macro_rules! on_both_backends {
    ($(fn $name:ident($place:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[test]
            fn redb() {
                let $place = $crate::backends::Place::redb(stringify!($name));
                $body
            }

            #[test]
            fn postgres() {
                let Some($place) = $crate::backends::Place::postgres(stringify!($name)) else {
                    return;
                };
                $body
            }
        }
    )*};
}
