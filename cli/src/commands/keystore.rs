//! The keystore: account keys kept in the state directory, `STATE/keys/NAME.key`.
//!
//! A key file holds an ed25519 seed as 64 hex digits (`rivet_state::auth::keys`). The
//! directory is created with mode 0700 and each file with mode 0600; a key file that
//! others may read is refused (as ssh does), whether it is in the keystore or given
//! with `--key FILE`, so a leaked-permission key is noticed before it signs.

use anyhow::{bail, Context};
use rivet_state::auth::keys::{self, AuthScheme, SigningKey};
use rivet_state::Signer;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `STATE/keys`.
pub fn dir(state: &Path) -> PathBuf {
    state.join("keys")
}

/// `STATE/keys/NAME.key`.
pub fn path(state: &Path, name: &str) -> PathBuf {
    dir(state).join(format!("{name}.key"))
}

/// Writes `key` as `STATE/keys/NAME.key` (mode 0600, replacing an older file);
/// returns its path.
pub fn store(state: &Path, name: &str, key: &SigningKey) -> anyhow::Result<PathBuf> {
    let d = dir(state);
    std::fs::create_dir_all(&d).with_context(|| format!("creating {}", d.display()))?;
    restrict(&d, 0o700)?;
    let p = path(state, name);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(&p)
        .with_context(|| format!("writing {}", p.display()))?;
    // A file that existed keeps its old mode through open: set it again.
    restrict(&p, 0o600)?;
    f.write_all(keys::key_file_text(key).as_bytes())
        .and_then(|()| f.sync_all())
        .with_context(|| format!("writing {}", p.display()))?;
    Ok(p)
}

fn restrict(p: &Path, mode: u32) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode))
            .with_context(|| format!("setting mode {mode:o} on {}", p.display()))?;
    }
    let _ = (p, mode);
    Ok(())
}

/// Reads a key file, refusing one that group or others may read.
pub fn read(p: &Path) -> anyhow::Result<SigningKey> {
    let meta = std::fs::metadata(p).with_context(|| format!("reading key {}", p.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            bail!(
                "key {} has mode {mode:o}: others may read it; `chmod 600 {}` first",
                p.display(),
                p.display()
            );
        }
    }
    let _ = meta;
    let text =
        std::fs::read_to_string(p).with_context(|| format!("reading key {}", p.display()))?;
    keys::parse_key_file(&text).with_context(|| format!("key {}", p.display()))
}

/// The key of account `name` in the keystore, if there is one.
pub fn find(state: &Path, name: &str) -> anyhow::Result<Option<SigningKey>> {
    let p = path(state, name);
    if !p.exists() {
        return Ok(None);
    }
    read(&p).map(Some)
}

/// Lowercase hex of bytes (public keys, summaries, proofs).
pub fn hex(bytes: &[u8]) -> String {
    keys::hex(bytes)
}

/// Bytes from hex (a `--proof`).
pub fn unhex(text: &str) -> anyhow::Result<Vec<u8>> {
    Ok(keys::unhex(text)?)
}

/// Who signs a transaction of account `name` (auth `scheme`, public keys `stored` by
/// key index): the `key_files`, else its keys in the keystore of `state` (`NAME.key`
/// for auth-ed25519, `NAME.I.key` for auth-multisig key I). A missing key is
/// reported and the transaction goes unsigned (its auth component decides). Local and
/// `--node` execution both sign through here.
pub fn signer(
    state: &Path,
    name: &str,
    scheme: AuthScheme,
    stored: &[(u8, [u8; 32])],
    key_files: &[PathBuf],
) -> anyhow::Result<Signer> {
    let given = key_files
        .iter()
        .map(|f| read(f))
        .collect::<anyhow::Result<Vec<_>>>()?;
    match scheme {
        AuthScheme::Multisig => {
            let mut found = given;
            if found.is_empty() {
                for i in 0..3 {
                    if let Some(k) = find(state, &format!("{name}.{i}"))? {
                        found.push(k);
                    }
                }
            }
            let mut signers = Vec::new();
            for k in found {
                let public = keys::public_key(&k);
                match stored.iter().find(|(_, p)| *p == public) {
                    Some((i, _)) => signers.push((*i, k)),
                    None => bail!("key {} is not one of {name}'s multisig keys", hex(&public)),
                }
            }
            Ok(Signer::Multisig(signers))
        }
        _ if given.len() > 1 => bail!("--key: {name} has a single key; give one"),
        _ if !given.is_empty() => Ok(Signer::Ed25519(given[0].clone())),
        AuthScheme::Ed25519 => Ok(match find(state, name)? {
            Some(k) => Signer::Ed25519(k),
            None => {
                eprintln!(
                    "warning: no key for {name} in {} and no --key: the transaction is unsigned",
                    path(state, name).display()
                );
                Signer::None
            }
        }),
        AuthScheme::None => Ok(Signer::None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stored_private_and_read_back() {
        let d = std::env::temp_dir().join(format!("rivet-keystore-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        let k = keys::key_from_label("x");
        let p = store(&d, "alice", &k).unwrap();
        assert_eq!(p, d.join("keys/alice.key"));
        assert_eq!(read(&p).unwrap().to_bytes(), k.to_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
            let e = read(&p).unwrap_err().to_string();
            assert!(e.contains("chmod 600"), "{e}");
        }
        assert!(find(&d, "bob").unwrap().is_none());
        std::fs::remove_dir_all(&d).unwrap();
        assert_eq!(unhex(&hex(&[0, 255, 16])).unwrap(), vec![0, 255, 16]);
        assert!(unhex("abc").is_err() && unhex("zz").is_err());
    }
}
