//! Decoding real packages (compiled by `rivet_compiler` from the example programs and
//! contracts, saved by `cargo run --release -p rivet-bench-compile-exec --example
//! package_size -- --save format/tests/data`; regenerate them when the package
//! format version changes): they decode, re-encode to the same bytes, and every
//! truncation and many bit flips give a `FormatError`, never a panic, a hang or a
//! large allocation.

use rivet_format::package::{Package, PACKAGE_VERSION};
use std::path::Path;

const FIXTURES: &[&str] = &["sieve", "sort", "adder-wat", "cursor-user"];

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/{name}.rvp"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn real_packages_round_trip_exactly() {
    for name in FIXTURES {
        let bytes = fixture(name);
        let p = Package::decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(p.encode(), bytes, "{name}: re-encoding differs");
        assert_eq!(Package::decode(&p.encode()).unwrap(), p);
        assert!(!p.program.code.is_empty());
        // The hash covers the body only: debug names do not change it.
        let mut q = p.clone();
        for d in &mut q.debug {
            d.name.push('x');
        }
        assert_eq!(q.code_hash(), p.code_hash(), "{name}");
        assert_ne!(q.encode(), bytes);
    }
}

#[test]
fn every_truncation_of_a_real_package_is_an_error() {
    for name in FIXTURES {
        let bytes = fixture(name);
        for n in 0..bytes.len() {
            assert!(
                Package::decode(&bytes[..n]).is_err(),
                "{name}: prefix {n} accepted"
            );
        }
        let mut long = bytes.clone();
        long.push(0);
        assert!(
            Package::decode(&long).is_err(),
            "{name}: trailing byte accepted"
        );
    }
}

/// Every byte flipped three ways (small fixtures) or a deterministic sample of
/// positions (larger ones): decoding returns, and what it accepts is a package that
/// re-encodes and passes its checks again.
#[test]
fn flipped_bytes_of_real_packages_never_panic() {
    for name in FIXTURES {
        let bytes = fixture(name);
        let step = (bytes.len() / 600).max(1);
        let (mut tried, mut rejected) = (0, 0);
        for i in (0..bytes.len()).step_by(step) {
            for bit in [0x01u8, 0x10, 0xff] {
                let mut b = bytes.clone();
                b[i] ^= bit;
                tried += 1;
                match Package::decode(&b) {
                    Ok(p) => {
                        let again =
                            Package::decode(&p.encode()).expect("re-encoded package decodes");
                        assert_eq!(again, p, "{name}: flip at {i} does not round-trip");
                    }
                    Err(e) => {
                        rejected += 1;
                        assert!(
                            e.offset <= b.len(),
                            "{name}: error offset past the input: {e}"
                        );
                    }
                }
            }
        }
        // Deflate has no checksum, so a flip inside the stream may give other valid
        // bytes; most flips must still be caught.
        assert!(
            rejected * 2 > tried,
            "{name}: only {rejected} of {tried} flips rejected"
        );
    }
}

#[test]
fn other_versions_are_refused_by_name() {
    let mut bytes = fixture("sieve");
    bytes[4..6].copy_from_slice(&3u16.to_le_bytes());
    let e = Package::decode(&bytes).unwrap_err();
    assert_eq!(e.offset, 4);
    assert!(
        e.what.contains("unsupported package version 3")
            && e.what.contains(&PACKAGE_VERSION.to_string()),
        "{e}"
    );
}
