//! The PostgreSQL server the node tests use (RIVET_TEST_POSTGRES; scripts/postgres.sh
//! starts one), and fresh databases on it.

/// The server URL, or `None` (the caller skips) when none is configured; panics
/// when RIVET_REQUIRE_POSTGRES=1 and none is.
pub fn server(test: &str) -> Option<String> {
    match std::env::var("RIVET_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("RIVET_REQUIRE_POSTGRES").as_deref() == Ok("1") => panic!(
            "{test}: RIVET_REQUIRE_POSTGRES=1 but RIVET_TEST_POSTGRES is not set: start a \
             server with `source scripts/postgres.sh && pg_start`"
        ),
        _ => {
            eprintln!(
                "{test}: skipped, RIVET_TEST_POSTGRES is not set (scripts/postgres.sh starts a server)"
            );
            None
        }
    }
}

/// A fresh, empty database named after `tag` and this process; its URL.
pub fn fresh_database(server: &str, tag: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let name = format!("rivet_{tag}_{}_{nanos}", std::process::id());
    rivet_state::store::pg::create_database(server, &name)
        .unwrap_or_else(|e| panic!("creating database {name}: {e}"))
}
