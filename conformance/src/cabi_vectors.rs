//! Runs canonical-ABI conformance vectors (`conformance/vectors/FORMAT.md`) against
//! `rivet_runtime::cabi`.
//!
//! Every case is checked completely: layout (from the `ty` descriptor *and* from the
//! `wit` text parsed by wit-parser, which must agree), stored bytes against a zeroed
//! memory, heap bytes, the exact realloc sequence, load, lower_flat, lift_flat, function
//! signatures, and traps. A case fails on its first difference, which is reported with
//! the case id.

mod cases;
mod json;

pub use json::{func_from_wit, type_from_json, type_from_wit, val_from_json};

use cases::{run_invalid_case, run_signature_case, run_value_case};
use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde_json::Value as Json;

/// Linear memory size of every vector run.
const MEMORY_SIZE: usize = 65536;

/// Outcome of running one or more vector files.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Cases that matched.
    pub passed: usize,
    /// Cases that did not.
    pub failed: usize,
    /// One line per failed case: `id: first difference`.
    pub failures: Vec<String>,
    /// `(passed, failed)` per section (`value`, `signature`, `invalid`).
    pub by_section: BTreeMap<&'static str, (usize, usize)>,
}

impl Report {
    fn record(&mut self, section: &'static str, id: &str, outcome: Result<()>) {
        let entry = self.by_section.entry(section).or_default();
        match outcome {
            Ok(()) => {
                self.passed += 1;
                entry.0 += 1;
            }
            Err(e) => {
                self.failed += 1;
                entry.1 += 1;
                self.failures.push(format!("{id}: {e:#}"));
            }
        }
    }
}

/// Checks one case of a section.
type CaseRunner = fn(&Json) -> Result<()>;

/// Runs every case of the vector file at `path`, adding to `report`.
pub fn run_file(path: &Path, report: &mut Report) -> Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let doc: Json =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    if doc["format"] != "cabi-conformance-vectors" {
        bail!("{}: not a cabi-conformance-vectors file", path.display());
    }
    check_abi(&doc["abi"]).with_context(|| format!("{}: abi", path.display()))?;
    let sections: [(&str, &'static str, CaseRunner); 3] = [
        ("value_cases", "value", run_value_case),
        ("signature_cases", "signature", run_signature_case),
        ("invalid_cases", "invalid", run_invalid_case),
    ];
    for (key, section, run) in sections {
        let cases = doc[key].as_array().map(Vec::as_slice).unwrap_or(&[]);
        if let Some(n) = doc["counts"][key].as_u64() {
            if n as usize != cases.len() {
                bail!(
                    "{}: counts.{key} = {n} but {} cases",
                    path.display(),
                    cases.len()
                );
            }
        }
        for case in cases {
            let id = case["id"].as_str().unwrap_or("<no id>");
            report.record(section, id, run(case));
        }
    }
    Ok(())
}

fn check_abi(abi: &Json) -> Result<()> {
    let want = serde_json::json!({"memory_size":65536,"ptr_type":"i32","string_encoding":"utf8",
        "heap_base":4096,"async":false,"max_flat_params":16,"max_flat_results":1});
    if *abi != want {
        bail!("unsupported ABI configuration {abi}");
    }
    Ok(())
}
