//! The state directory: the files Rivet keeps in it, how a directory is recognised as
//! Rivet's, and the lock that makes one process at a time its writer.
//!
//! A state directory holds at most [`MARKER_FILE`] (written when Rivet first uses the
//! directory), [`LOCK_FILE`] and [`DB_FILE`]. Invariants:
//!
//! * Rivet uses a directory only if it is missing, empty, marked, or holds nothing but
//!   files with Rivet's names (a store from before the marker: [`DB_FILE`] must start
//!   with redb's magic bytes). Anything else is refused before a byte is written.
//! * A reset deletes [`DB_FILE`] and nothing else, with the lock held.
//! * The lock is an exclusive `flock` on [`LOCK_FILE`], taken before the database is
//!   opened or deleted and held for the [`Store`](crate::Store)'s lifetime; the lock
//!   file is never deleted, so every process contends on the same inode. The holder
//!   writes its process id into it, for the loser's error message. The kernel drops
//!   the lock when the holder exits, however it exits (`kill -9` included).

use crate::error::StoreError;
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;

/// The database file inside the state directory.
pub const DB_FILE: &str = "state.redb";
/// The file marking a directory as a Rivet state directory.
pub const MARKER_FILE: &str = "RIVET_STATE";
/// The file whose `flock` the writer holds.
pub const LOCK_FILE: &str = "state.lock";
/// The marker's first line; a marker without it is not Rivet's.
const MARKER_HEAD: &str = "Rivet state directory";
/// The first bytes of every redb file.
const REDB_MAGIC: [u8; 9] = [b'r', b'e', b'd', b'b', 0x1A, 0x0A, 0xA9, 0x0D, 0x0A];

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Refuses `dir` unless Rivet may use it (missing, empty, marked, or only Rivet's
/// files); reads, never writes.
pub(crate) fn recognise(dir: &Path) -> Result<(), StoreError> {
    let meta = match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        other => other.map_err(io(dir))?,
    };
    if !meta.is_dir() {
        return Err(StoreError::NotAStateDir {
            dir: dir.to_path_buf(),
            found: "it is not a directory".into(),
        });
    }
    if is_marked(dir) {
        return Ok(());
    }
    let mut names: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    for name in names {
        let ours = match name.as_str() {
            LOCK_FILE => true,
            DB_FILE => starts_with_redb_magic(&dir.join(DB_FILE)),
            _ => false,
        };
        if !ours {
            return Err(StoreError::NotAStateDir {
                dir: dir.to_path_buf(),
                found: format!("it holds `{name}`, which Rivet did not create"),
            });
        }
    }
    Ok(())
}

fn is_marked(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join(MARKER_FILE)).is_ok_and(|s| s.starts_with(MARKER_HEAD))
}

fn starts_with_redb_magic(path: &Path) -> bool {
    let mut head = [0u8; REDB_MAGIC.len()];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == REDB_MAGIC)
}

/// Creates `dir` if needed and writes the marker unless it is there.
pub(crate) fn mark(dir: &Path, format: u64) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    if is_marked(dir) {
        return Ok(());
    }
    let text = format!(
        "{MARKER_HEAD} (store format {format}).\n\
         Rivet keeps {DB_FILE} (the store) and {LOCK_FILE} (the writer's lock) here.\n\
         A reset (`rivet demo --reset`) deletes {DB_FILE} only, and only in a directory\n\
         holding this file; Rivet never deletes anything else.\n"
    );
    let path = dir.join(MARKER_FILE);
    std::fs::write(&path, text).map_err(io(&path))
}

/// Deletes the database file and the account index that names its accounts (a
/// reset), nothing else; the caller holds the lock.
pub(crate) fn remove_db(dir: &Path) -> Result<(), StoreError> {
    let gone = |r: std::io::Result<()>, path: &Path| match r {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(path)(e)),
        _ => Ok(()),
    };
    let path = dir.join(DB_FILE);
    gone(std::fs::remove_file(&path), &path)?;
    // The account index (`crate::registry`) names accounts of this store: it goes too.
    let names = dir.join(crate::registry::NAMES_FILE);
    gone(std::fs::remove_file(&names), &names)?;
    let genesis = dir.join(crate::registry::GENESIS_DIR);
    gone(std::fs::remove_dir_all(&genesis), &genesis)
}

/// The held lock of a state directory; dropping it (or exiting) releases it.
#[derive(Debug)]
pub(crate) struct DirLock {
    _file: File,
}

/// Takes the lock of `dir` (which exists), or says who holds it.
pub(crate) fn lock(dir: &Path) -> Result<DirLock, StoreError> {
    let path = dir.join(LOCK_FILE);
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io(&path))?;
    match try_lock(&file) {
        Ok(true) => {}
        Ok(false) => {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            return Err(StoreError::Locked {
                dir: dir.to_path_buf(),
                holder: holder(&text),
            });
        }
        Err(e) => return Err(io(&path)(e)),
    }
    let me = format!("pid {}\n", std::process::id());
    file.set_len(0)
        .and_then(|()| file.write_all(me.as_bytes()))
        .map_err(io(&path))?;
    Ok(DirLock { _file: file })
}

/// Describes the holder from the lock file's text.
fn holder(text: &str) -> String {
    match text.trim().strip_prefix("pid ").map(str::parse::<u32>) {
        Some(Ok(pid)) if pid == std::process::id() => format!("this process ({pid})"),
        Some(Ok(pid)) => format!("process {pid}"),
        _ => "another process".into(),
    }
}

/// Tries an exclusive, non-blocking lock: `Ok(false)` when someone else holds it.
#[cfg(unix)]
fn try_lock(file: &File) -> std::io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a file descriptor we own; no memory is passed.
    let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EWOULDBLOCK) => Ok(false),
        _ => Err(e),
    }
}

/// Tries an exclusive, non-blocking lock: `Ok(false)` when someone else holds it.
#[cfg(not(unix))]
#[allow(clippy::incompatible_msrv)]
fn try_lock(file: &File) -> std::io::Result<bool> {
    match file.try_lock() {
        Ok(()) => Ok(true),
        Err(std::fs::TryLockError::WouldBlock) => Ok(false),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holder_names_the_process() {
        assert_eq!(holder("pid 12\n"), "process 12");
        assert_eq!(holder(""), "another process");
        assert_eq!(holder("garbage"), "another process");
        let me = std::process::id();
        assert_eq!(holder(&format!("pid {me}")), format!("this process ({me})"));
    }
}
