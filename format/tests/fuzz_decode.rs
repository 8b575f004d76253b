//! Fuzzing on stable Rust: seeded random loops over `Package::decode` and
//! `Manifest::decode`. Inputs are valid encodings mutated (byte flips, length-field
//! rewrites, insertions, deletions, splices, truncations); manifests are mostly
//! resealed (trailing hash recomputed) so the structural decoder, not just the hash
//! check, sees the mutation. Every input must end in `Ok` or a `FormatError`; an
//! accepted manifest must be canonical (re-encoding gives the same bytes), an accepted
//! package must re-encode to a package equal to it (its compressed layer may differ:
//! identity is the code hash over the uncompressed body).
//!
//! Each loop runs `RIVET_FUZZ_ITERS` inputs (default 200,000) or until
//! `RIVET_FUZZ_SECONDS` (default 20) have passed, whichever comes first; a failure
//! names the iteration, which reproduces it (the loops are seeded).

use rivet_format::hash::CodeHash;
use rivet_format::manifest::{Component, Export, Import, ItemKind, Manifest, Provider};
use rivet_format::package::{
    CustomSection, DataMode, DataSegment, ElementSegment, ExportKind, FuncDebug, FuncSig, Function,
    Import as PkgImport, ImportKind, Limits, Package, ValType,
};
use std::time::{Duration, Instant};

/// xorshift64*.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs `body(iteration)` until the iteration or time budget is spent; returns the
/// number of iterations.
fn fuzz_loop(mut body: impl FnMut(u64)) -> u64 {
    let iters = env("RIVET_FUZZ_ITERS", 200_000);
    let deadline = Instant::now() + Duration::from_secs(env("RIVET_FUZZ_SECONDS", 20));
    let mut done = 0;
    while done < iters && (done % 256 != 0 || Instant::now() < deadline) {
        body(done);
        done += 1;
    }
    done
}

/// One to four random mutations of `seed`.
fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        if b.is_empty() {
            b.push(rng.next() as u8);
        }
        let at = rng.below(b.len());
        match rng.below(8) {
            0..=2 => b[at] = rng.next() as u8,
            3 => {
                // A plausible length or count: small, huge, or off by one.
                let v: u32 = [0, 1, 2, 17, 18, 0xffff_ffff, 0x8000_0000][rng.below(7)];
                let end = (at + 4).min(b.len());
                b[at..end].copy_from_slice(&v.to_le_bytes()[..end - at]);
            }
            4 => b.insert(at, rng.next() as u8),
            5 => {
                b.remove(at);
            }
            6 => {
                let from = rng.below(seed.len());
                let len = rng.below(16).min(seed.len() - from);
                b.splice(at..at, seed[from..from + len].iter().copied());
            }
            _ => b.truncate(at),
        }
    }
    b
}

/// Packages with every kind of item (including empty names, the case that was once
/// refused), as seeds for mutation.
fn package_seeds() -> Vec<Vec<u8>> {
    let mut plain = Package::interface_only(vec![CustomSection {
        name: "component-type:w".into(),
        bytes: b"wit".to_vec(),
    }]);
    let mut full = plain.clone();
    full.imports.push(PkgImport {
        module: "env".into(),
        name: "f".into(),
        kind: ImportKind::Func {
            sig: FuncSig {
                params: vec![ValType::I32, ValType::I64],
                results: vec![ValType::I32],
            },
            call_number: 0x100,
        },
    });
    full.functions.push(Function {
        sig: FuncSig::default(),
        type_id: 0,
        pc: 0,
    });
    full.types.push(FuncSig::default());
    full.exports.push(Export2::func("run"));
    full.data.push(DataSegment {
        mode: DataMode::Passive,
        bytes: b"hello".to_vec(),
    });
    full.elements.push(ElementSegment {
        mode: rivet_format::package::ElemMode::Active {
            table: 0,
            offset: rivet_format::package::ConstInit::Const(0),
        },
        ty: rivet_format::package::RefKind::Func,
        items: vec![
            rivet_format::package::ElemItem::Func(0),
            rivet_format::package::ElemItem::Null,
        ],
    });
    full.tables.push(rivet_format::package::Table {
        ty: rivet_format::package::RefKind::Func,
        limits: Limits {
            min: 2,
            max: Some(2),
        },
        capacity: 2,
        // Right after the function descriptors (one per function plus one).
        base: full.layout.funcs_base + 8 * (full.functions.len() as u32 + 1),
    });
    full.layout.stack_limit += 32; // one function descriptor and a 2-entry table
    for i in 0..3 {
        full.debug.push(FuncDebug {
            index: i,
            name: if i == 1 {
                "named".into()
            } else {
                String::new()
            },
            start: 0,
            end: 4,
            unsupported: (i == 2).then(|| "f32.add".into()),
        });
    }
    plain.debug.push(FuncDebug {
        index: 0,
        name: String::new(),
        start: 0,
        end: 4,
        unsupported: None,
    });
    vec![plain.encode(), full.encode()]
}

/// Builds function exports (a helper keeps `package_seeds` readable).
struct Export2;

impl Export2 {
    fn func(name: &str) -> rivet_format::package::Export {
        rivet_format::package::Export {
            name: name.into(),
            kind: ExportKind::Func(0),
        }
    }
}

#[test]
fn mutated_packages_decode_or_fail_cleanly() {
    let seeds = package_seeds();
    for s in &seeds {
        let p = Package::decode(s).unwrap_or_else(|e| panic!("seed does not decode: {e}"));
        assert_eq!(&p.encode(), s);
    }
    let mut rng = Rng(0x0011_2026_0000_0001);
    let mut accepted = 0;
    let n = fuzz_loop(|i| {
        let b = mutate(&mut rng, &seeds[i as usize % seeds.len()]);
        if let Ok(p) = Package::decode(&b) {
            accepted += 1;
            // The deflate layer is not canonical (another stream of the same bytes is
            // accepted), the package is: it re-encodes to bytes that decode to it.
            let again = Package::decode(&p.encode())
                .unwrap_or_else(|e| panic!("iteration {i}: re-encoding fails: {e}"));
            assert_eq!(
                again, p,
                "iteration {i}: accepted package does not round-trip"
            );
        }
    });
    println!("package decode: {n} mutated inputs, {accepted} accepted");
    assert!(n >= 1000, "only {n} iterations ran");
    assert!(accepted > 0, "no mutation was ever accepted");
}

fn component(seed: &[u8], name: &str) -> Component {
    Component {
        hash: CodeHash::of(seed),
        name: name.into(),
        world: format!("test:{name}/w"),
        exports: vec![],
        imports: vec![],
        tables: Default::default(),
    }
}

fn manifest_seed() -> Vec<u8> {
    let mut wallet = component(b"wallet", "wallet");
    wallet.exports.push(Export {
        name: "test:wallet/basic@1.0.0".into(),
        kind: ItemKind::Interface,
        functions: vec!["receive".into(), "send".into()],
    });
    let mut note = component(b"note", "note");
    note.exports.push(Export {
        name: "run".into(),
        kind: ItemKind::Function,
        functions: vec!["run".into()],
    });
    note.imports.push(Import {
        name: "rivet:base/tx@0.1.0".into(),
        kind: ItemKind::Interface,
        functions: vec!["create-note".into()],
        provider: Provider::Host {
            interface: "rivet:base/tx@0.1.0".into(),
        },
    });
    note.imports.push(Import {
        name: "test:wallet/basic@1.0.0".into(),
        kind: ItemKind::Interface,
        functions: vec!["receive".into()],
        provider: Provider::Component {
            hash: wallet.hash,
            interface: "test:wallet/basic@1.0.0".into(),
        },
    });
    Manifest::new(vec![note, wallet])
        .expect("valid sample manifest")
        .encode()
}

#[test]
fn mutated_manifests_decode_or_fail_cleanly() {
    let seed = manifest_seed();
    assert_eq!(
        Manifest::decode(&seed).expect("seed decodes").encode(),
        seed
    );
    let body = &seed[..seed.len() - 32];
    let mut rng = Rng(0x0011_2026_0000_0002);
    let mut accepted = 0;
    let n = fuzz_loop(|i| {
        let b = if i % 8 == 0 {
            // Unsealed: the hash check must catch it (or the mutation hit the hash).
            mutate(&mut rng, &seed)
        } else {
            let mut b = mutate(&mut rng, body);
            let h = CodeHash::of(&b);
            b.extend_from_slice(&h.0);
            b
        };
        if let Ok(m) = Manifest::decode(&b) {
            accepted += 1;
            assert_eq!(
                m.encode(),
                b,
                "iteration {i}: accepted bytes are not canonical"
            );
        }
    });
    println!("manifest decode: {n} mutated inputs, {accepted} accepted");
    assert!(n >= 1000, "only {n} iterations ran");
}
