//! Runs canonical-ABI conformance vectors (`conformance/vectors/FORMAT.md`) against
//! `rivet_runtime::cabi`.
//!
//! Every case is checked completely: layout (from the `ty` descriptor *and* from the
//! `wit` text parsed by wit-parser, which must agree), stored bytes against a zeroed
//! memory, heap bytes, the exact realloc sequence, load, lower_flat, lift_flat, function
//! signatures, and traps. A case fails on its first difference, which is reported with
//! the case id.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use rivet_runtime::cabi::{
    lift_flat, load, lower_flat, store, BumpMemory, CabiError, CallContext, Cx, FlatIter, FlatType,
    FlatValue, FuncType, NoResources, Type, Val, WitTypes,
};
use serde_json::{Map, Value as Json};

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

// ---------------------------------------------------------------------------------------
// Types

/// Builds a [`Type`] from a `ty` descriptor.
pub fn type_from_json(j: &Json) -> Result<Type> {
    if let Some(s) = j.as_str() {
        return Ok(match s {
            "bool" => Type::Bool,
            "s8" => Type::S8,
            "u8" => Type::U8,
            "s16" => Type::S16,
            "u16" => Type::U16,
            "s32" => Type::S32,
            "u32" => Type::U32,
            "s64" => Type::S64,
            "u64" => Type::U64,
            "char" => Type::Char,
            "string" => Type::String,
            other => bail!("unknown primitive type {other}"),
        });
    }
    let opt = |k: &str| -> Result<Option<Type>> {
        match &j[k] {
            Json::Null => Ok(None),
            t => type_from_json(t).map(Some),
        }
    };
    let name = j["name"].as_str().map(str::to_string);
    let strs = |k: &str| -> Result<Vec<String>> {
        j[k].as_array()
            .ok_or_else(|| anyhow!("missing {k}"))?
            .iter()
            .map(|s| {
                s.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| anyhow!("{k}: not a string"))
            })
            .collect()
    };
    let arr = |k: &str| j[k].as_array().ok_or_else(|| anyhow!("missing {k}"));
    let t = match j["kind"].as_str().unwrap_or("") {
        "list" => Type::list(type_from_json(&j["elem"])?),
        "option" => Type::option(type_from_json(&j["type"])?)?,
        "tuple" => Type::tuple(
            arr("types")?
                .iter()
                .map(type_from_json)
                .collect::<Result<_>>()?,
        )?,
        "result" => Type::result(opt("ok")?, opt("err")?)?,
        "record" => {
            let mut fields = Vec::new();
            for f in arr("fields")? {
                let n = f["name"]
                    .as_str()
                    .ok_or_else(|| anyhow!("field without name"))?;
                fields.push((n.to_string(), type_from_json(&f["type"])?));
            }
            Type::record(name, fields)?
        }
        "variant" => {
            let mut cases = Vec::new();
            for c in arr("cases")? {
                let n = c["name"]
                    .as_str()
                    .ok_or_else(|| anyhow!("case without name"))?;
                let t = match &c["type"] {
                    Json::Null => None,
                    t => Some(type_from_json(t)?),
                };
                cases.push((n.to_string(), t));
            }
            Type::variant(name, cases)?
        }
        "enum" => Type::enum_(name, strs("cases")?)?,
        "flags" => Type::flags(name, strs("labels")?)?,
        other => bail!("unknown type kind {other:?}"),
    };
    Ok(t)
}

/// The `defs` text and inline type (or func) of a `wit` field.
fn wit_parts<'a>(wit: &'a Json, key: &str) -> Result<(&'a str, &'a str)> {
    match wit {
        Json::String(s) => Ok(("", s)),
        Json::Object(o) => Ok((
            o.get("defs").and_then(Json::as_str).unwrap_or(""),
            o.get(key)
                .and_then(Json::as_str)
                .ok_or_else(|| anyhow!("wit without {key}"))?,
        )),
        _ => bail!("bad wit field"),
    }
}

/// Parses `interface x { <defs> <item> }` and returns the resolve and interface.
fn parse_wit(defs: &str, item: &str) -> Result<(wit_parser::Resolve, wit_parser::InterfaceId)> {
    let src = format!("package rivet:vectors;\ninterface x {{\n{defs}\n{item}\n}}\n");
    let mut resolve = wit_parser::Resolve::default();
    let pkg = resolve
        .push_str("vectors.wit", &src)
        .context("wit-parser")?;
    let iface = *resolve.packages[pkg]
        .interfaces
        .get("x")
        .ok_or_else(|| anyhow!("interface x missing"))?;
    Ok((resolve, iface))
}

/// Builds the type of a value case's `wit` through wit-parser.
pub fn type_from_wit(wit: &Json) -> Result<Type> {
    let (defs, ty) = wit_parts(wit, "type")?;
    let (resolve, iface) = parse_wit(defs, &format!("type t = {ty};"))?;
    let id = resolve.interfaces[iface].types["t"];
    Ok(WitTypes::new(&resolve).convert(&wit_parser::Type::Id(id))?)
}

/// Builds the function type of a signature case's `wit` through wit-parser.
pub fn func_from_wit(wit: &Json) -> Result<FuncType> {
    let (defs, func) = wit_parts(wit, "func")?;
    let (resolve, iface) = parse_wit(defs, &format!("f: {func};"))?;
    let f = &resolve.interfaces[iface].functions["f"];
    Ok(FuncType::from_wit(&mut WitTypes::new(&resolve), f)?)
}

fn flat_from_json(j: &Json) -> Result<Vec<FlatType>> {
    j.as_array()
        .ok_or_else(|| anyhow!("flat types: not an array"))?
        .iter()
        .map(|t| match t.as_str() {
            Some("i32") => Ok(FlatType::I32),
            Some("i64") => Ok(FlatType::I64),
            Some("f32") => Ok(FlatType::F32),
            Some("f64") => Ok(FlatType::F64),
            other => bail!("unsupported flat type {other:?}"),
        })
        .collect()
}

fn flat_names(f: &[FlatType]) -> Vec<&'static str> {
    f.iter().map(|t| t.name()).collect()
}

/// Checks `size`, `align`, `flat` of a case against the type built both ways.
fn check_layout(case: &Json) -> Result<Type> {
    let ty = type_from_json(&case["ty"]).context("ty")?;
    let size = case["size"].as_u64().ok_or_else(|| anyhow!("no size"))?;
    let align = case["align"].as_u64().ok_or_else(|| anyhow!("no align"))?;
    let flat = flat_from_json(&case["flat"])?;
    if ty.size() as u64 != size || ty.align() as u64 != align {
        bail!(
            "layout: size/align {}/{} want {size}/{align}",
            ty.size(),
            ty.align()
        );
    }
    if ty.flat() != flat.as_slice() {
        bail!(
            "flat: {:?} want {:?}",
            flat_names(ty.flat()),
            flat_names(&flat)
        );
    }
    let wty = type_from_wit(&case["wit"]).context("wit")?;
    if (wty.size(), wty.align(), wty.flat()) != (ty.size(), ty.align(), ty.flat()) {
        bail!(
            "wit layout {}/{}/{:?} differs from ty layout {size}/{align}/{:?}",
            wty.size(),
            wty.align(),
            flat_names(wty.flat()),
            flat_names(&flat)
        );
    }
    if wty != ty {
        bail!("type from wit differs from ty: {wty:?} vs {ty:?}");
    }
    Ok(ty)
}

// ---------------------------------------------------------------------------------------
// Values

/// A float: a JSON number, or `"nan"`, `"inf"`, `"-inf"` as strings.
fn float(j: &Json, what: &str) -> Result<f64> {
    match j {
        Json::Number(n) => n
            .as_f64()
            .ok_or_else(|| anyhow!("{what}: not a number: {n}")),
        Json::String(s) => s.parse().with_context(|| format!("{what}: {s:?}")),
        _ => bail!("{what}: expected a float, found {j}"),
    }
}

fn int<T: TryFrom<i128>>(j: &Json, what: &str) -> Result<T> {
    let v: i128 = match j {
        Json::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or(n.as_u64().map(i128::from))
            .ok_or_else(|| anyhow!("{what}: not an integer: {n}"))?,
        Json::String(s) => s.parse().with_context(|| format!("{what}: {s:?}"))?,
        _ => bail!("{what}: expected an integer, found {j}"),
    };
    T::try_from(v).map_err(|_| anyhow!("{what}: {v} out of range"))
}

fn payload(t: Option<&Type>, j: Option<&Json>) -> Result<Option<Box<Val>>> {
    match t {
        None => Ok(None),
        Some(t) => Ok(Some(Box::new(val_from_json(t, j.unwrap_or(&Json::Null))?))),
    }
}

fn single_key(j: &Json) -> Result<(&str, &Json)> {
    match j.as_object() {
        Some(o) if o.len() == 1 => Ok(o.iter().next().map(|(k, v)| (k.as_str(), v)).unwrap()),
        _ => bail!("expected a one-key object, found {j}"),
    }
}

/// Builds a [`Val`] of type `ty` from its JSON form.
pub fn val_from_json(ty: &Type, j: &Json) -> Result<Val> {
    Ok(match ty {
        Type::Bool => Val::Bool(
            j.as_bool()
                .ok_or_else(|| anyhow!("expected bool, found {j}"))?,
        ),
        Type::S8 => Val::S8(int(j, "s8")?),
        Type::U8 => Val::U8(int(j, "u8")?),
        Type::S16 => Val::S16(int(j, "s16")?),
        Type::U16 => Val::U16(int(j, "u16")?),
        Type::S32 => Val::S32(int(j, "s32")?),
        Type::U32 => Val::U32(int(j, "u32")?),
        Type::S64 => Val::S64(int(j, "s64")?),
        Type::U64 => Val::U64(int(j, "u64")?),
        Type::F32 => Val::F32((float(j, "f32")? as f32).to_bits()),
        Type::F64 => Val::F64(float(j, "f64")?.to_bits()),
        Type::Char => {
            let s = j
                .as_str()
                .ok_or_else(|| anyhow!("expected char, found {j}"))?;
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(c), None) => Val::Char(c),
                _ => bail!("char {s:?} is not one scalar value"),
            }
        }
        Type::String => Val::String(
            j.as_str()
                .ok_or_else(|| anyhow!("expected string, found {j}"))?
                .into(),
        ),
        Type::List(l) => Val::List(
            j.as_array()
                .ok_or_else(|| anyhow!("expected list, found {j}"))?
                .iter()
                .map(|e| val_from_json(&l.elem, e))
                .collect::<Result<_>>()?,
        ),
        Type::Tuple(t) => {
            let a = j
                .as_array()
                .ok_or_else(|| anyhow!("expected tuple, found {j}"))?;
            if a.len() != t.types.len() {
                bail!("tuple arity {} want {}", a.len(), t.types.len());
            }
            Val::Tuple(
                t.types
                    .iter()
                    .zip(a)
                    .map(|(t, e)| val_from_json(t, e))
                    .collect::<Result<_>>()?,
            )
        }
        Type::Record(r) => {
            let o: &Map<String, Json> = j
                .as_object()
                .ok_or_else(|| anyhow!("expected record, found {j}"))?;
            if o.len() != r.fields.len() {
                bail!(
                    "record has {} keys, type has {} fields",
                    o.len(),
                    r.fields.len()
                );
            }
            let mut fs = Vec::new();
            for (n, t) in &r.fields {
                let fj = o.get(n).ok_or_else(|| anyhow!("record misses field {n}"))?;
                fs.push((n.clone(), val_from_json(t, fj)?));
            }
            Val::Record(fs)
        }
        Type::Variant(v) => {
            let case = j["case"]
                .as_str()
                .ok_or_else(|| anyhow!("expected variant, found {j}"))?;
            let ct = v
                .cases
                .get(case)
                .ok_or_else(|| anyhow!("unknown case {case}"))?;
            Val::Variant(case.into(), payload(ct.as_ref(), j.get("value"))?)
        }
        Type::Enum(_) => Val::Enum(
            j.as_str()
                .ok_or_else(|| anyhow!("expected enum, found {j}"))?
                .into(),
        ),
        Type::Option(o) => match j {
            Json::Null => Val::Option(None),
            _ => {
                let (k, v) = single_key(j)?;
                if k != "some" {
                    bail!("expected option, found {j}");
                }
                Val::Option(Some(Box::new(val_from_json(&o.some, v)?)))
            }
        },
        Type::Result(r) => {
            let (k, v) = single_key(j)?;
            match k {
                "ok" => Val::Result(Ok(payload(r.ok.as_ref(), Some(v))?)),
                "err" => Val::Result(Err(payload(r.err.as_ref(), Some(v))?)),
                _ => bail!("expected result, found {j}"),
            }
        }
        Type::Flags(_) => Val::Flags(
            j.as_array()
                .ok_or_else(|| anyhow!("expected flags, found {j}"))?
                .iter()
                .map(|l| {
                    l.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| anyhow!("flag label"))
                })
                .collect::<Result<_>>()?,
        ),
        Type::Own(_) | Type::Borrow(_) => bail!("vectors have no resources"),
    })
}

fn hex(s: &Json) -> Result<Vec<u8>> {
    let s = s.as_str().ok_or_else(|| anyhow!("hex: not a string"))?;
    if s.len() % 2 != 0 || !s.is_ascii() {
        bail!("hex: odd length or not ASCII");
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).with_context(|| format!("hex at {i}")))
        .collect()
}

fn to_hex(b: &[u8]) -> String {
    b.iter().fold(String::new(), |mut s, x| {
        let _ = write!(s, "{x:02x}");
        s
    })
}

fn u32_of(j: &Json, what: &str) -> Result<u32> {
    int(j, what)
}

/// Fails with the first differing byte of `[start, start+want.len())`.
fn compare_bytes(what: &str, mem: &[u8], start: usize, want: &[u8]) -> Result<()> {
    let got = mem
        .get(start..start + want.len())
        .ok_or_else(|| anyhow!("{what}: out of memory"))?;
    if let Some(i) = got.iter().zip(want).position(|(a, b)| a != b) {
        bail!(
            "{what}: byte {} (addr {}) is {:02x}, want {:02x}; got {} want {}",
            i,
            start + i,
            got[i],
            want[i],
            to_hex(got),
            to_hex(want)
        );
    }
    Ok(())
}

/// Checks heap bytes, realloc sequence, and that nothing outside the given regions was
/// written.
fn check_heap(
    what: &str,
    mem: &BumpMemory,
    j: &Json,
    value_region: Option<(usize, usize)>,
) -> Result<()> {
    let heap_base = u32_of(&j["heap_base"], "heap_base")? as usize;
    let heap_end = u32_of(&j["heap_end"], "heap_end")? as usize;
    let heap = hex(&j["heap"])?;
    if Some(heap.len()) != heap_end.checked_sub(heap_base) {
        bail!("{what}: heap length disagrees with heap_end");
    }
    compare_bytes(&format!("{what} heap"), &mem.bytes, heap_base, &heap)?;
    let calls: Vec<[u32; 4]> = j["realloc_calls"]
        .as_array()
        .ok_or_else(|| anyhow!("realloc_calls"))?
        .iter()
        .map(|c| {
            let a = c.as_array().ok_or_else(|| anyhow!("realloc call"))?;
            let v: Vec<u32> = a
                .iter()
                .map(|x| u32_of(x, "realloc arg"))
                .collect::<Result<_>>()?;
            v.try_into().map_err(|_| anyhow!("realloc call arity"))
        })
        .collect::<Result<_>>()?;
    if mem.calls != calls {
        bail!("{what}: realloc calls {:?} want {:?}", mem.calls, calls);
    }
    let returns: Vec<u32> = j["realloc_returns"]
        .as_array()
        .ok_or_else(|| anyhow!("realloc_returns"))?
        .iter()
        .map(|x| u32_of(x, "realloc return"))
        .collect::<Result<_>>()?;
    if mem.returns != returns {
        bail!(
            "{what}: realloc returns {:?} want {:?}",
            mem.returns,
            returns
        );
    }
    for (i, b) in mem.bytes.iter().enumerate() {
        let in_value = value_region.is_some_and(|(a, e)| (a..e).contains(&i));
        if *b != 0 && !in_value && !(heap_base..heap_end).contains(&i) {
            bail!("{what}: wrote byte {b:02x} at {i}, outside the value and the heap");
        }
    }
    Ok(())
}

fn flat_values(values: &Json, types: &[FlatType]) -> Result<Vec<FlatValue>> {
    let vs = values
        .as_array()
        .ok_or_else(|| anyhow!("flat values: not an array"))?;
    if vs.len() != types.len() {
        bail!("{} flat values for {} flat types", vs.len(), types.len());
    }
    vs.iter()
        .zip(types)
        .map(|(v, t)| {
            Ok(match t {
                FlatType::I32 => FlatValue::I32(int::<u32>(v, "i32")? as i32),
                FlatType::I64 => FlatValue::I64(int::<u64>(v, "i64")? as i64),
                FlatType::F32 => FlatValue::F32((float(v, "f32")? as f32).to_bits()),
                FlatType::F64 => FlatValue::F64(float(v, "f64")?.to_bits()),
            })
        })
        .collect()
}

fn check_val(what: &str, got: &Val, want: &Val) -> Result<()> {
    if got != want {
        bail!("{what}: got {got:?}, want {want:?}");
    }
    Ok(())
}

fn write_segments(mem: &mut BumpMemory, segs: &Json) -> Result<()> {
    for seg in segs
        .as_array()
        .ok_or_else(|| anyhow!("memory: not an array"))?
    {
        let addr = u32_of(&seg["addr"], "addr")? as usize;
        let bytes = hex(&seg["hex"])?;
        mem.bytes
            .get_mut(addr..addr + bytes.len())
            .ok_or_else(|| anyhow!("segment at {addr} out of memory"))?
            .copy_from_slice(&bytes);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Cases

fn run_value_case(case: &Json) -> Result<()> {
    let ty = check_layout(case)?;
    let value = val_from_json(&ty, &case["value"]).context("value")?;
    let stored = &case["stored"];
    let addr = u32_of(&stored["addr"], "addr")?;
    let heap_base = u32_of(&stored["heap_base"], "heap_base")?;
    let want_hex = hex(&stored["hex"])?;
    let size = ty.size() as usize;

    // Store.
    let mut mem = BumpMemory::new(MEMORY_SIZE, heap_base);
    store(&mut Cx::new(&mut mem, &mut NoResources), &value, &ty, addr).context("store")?;
    compare_bytes("stored", &mem.bytes, addr as usize, &want_hex)?;
    check_heap(
        "store",
        &mem,
        stored,
        Some((addr as usize, addr as usize + size)),
    )?;

    // Load.
    let mut mem = BumpMemory::new(MEMORY_SIZE, heap_base);
    write_segments(
        &mut mem,
        &serde_json::json!([{"addr": addr, "hex": stored["hex"]}, {"addr": heap_base, "hex": stored["heap"]}]),
    )?;
    let got = load(&mut Cx::new(&mut mem, &mut NoResources), &ty, addr).context("load")?;
    check_val("load", &got, &value)?;

    // Lower flat.
    let lowered = &case["lowered_flat"];
    let lheap_base = u32_of(&lowered["heap_base"], "heap_base")?;
    let mut mem = BumpMemory::new(MEMORY_SIZE, lheap_base);
    let mut out = Vec::new();
    lower_flat(
        &mut Cx::new(&mut mem, &mut NoResources),
        &value,
        &ty,
        &mut out,
    )
    .context("lower_flat")?;
    let want_flat = flat_values(&lowered["values"], ty.flat())?;
    if out != want_flat {
        bail!("lower_flat: {out:?} want {want_flat:?}");
    }
    check_heap("lower_flat", &mem, lowered, None)?;

    // Lift flat.
    let mut mem = BumpMemory::new(MEMORY_SIZE, lheap_base);
    write_segments(
        &mut mem,
        &serde_json::json!([{"addr": lheap_base, "hex": lowered["heap"]}]),
    )?;
    let mut it = FlatIter::new(&want_flat);
    let got =
        lift_flat(&mut Cx::new(&mut mem, &mut NoResources), &ty, &mut it).context("lift_flat")?;
    it.finish().context("lift_flat")?;
    check_val("lift_flat", &got, &value)
}

fn sig_check(what: &str, f: &FuncType, case: &Json) -> Result<()> {
    let cmp = |name: &str, got: &[FlatType], want: &Json| -> Result<()> {
        let want = flat_from_json(want)?;
        if got != want.as_slice() {
            bail!(
                "{what} {name}: {:?} want {:?}",
                flat_names(got),
                flat_names(&want)
            );
        }
        Ok(())
    };
    cmp("flat_params", f.flat_params(), &case["flat_params"])?;
    cmp("flat_results", f.flat_results(), &case["flat_results"])?;
    if Some(f.params_spilled()) != case["params_spilled"].as_bool() {
        bail!("{what}: params_spilled {}", f.params_spilled());
    }
    if Some(f.results_spilled()) != case["results_spilled"].as_bool() {
        bail!("{what}: results_spilled {}", f.results_spilled());
    }
    for (ctx, key) in [(CallContext::Lift, "lift"), (CallContext::Lower, "lower")] {
        let sig = f.core_sig(ctx);
        cmp(&format!("{key}.params"), &sig.params, &case[key]["params"])?;
        cmp(
            &format!("{key}.results"),
            &sig.results,
            &case[key]["results"],
        )?;
    }
    let tuples = [
        ("params_tuple", Some(f.params_tuple())),
        ("results_tuple", f.result_tuple()),
    ];
    for (key, t) in tuples {
        if let Some(want) = case.get(key) {
            let t = t.ok_or_else(|| anyhow!("{what}: no {key}"))?;
            let (s, a) = (
                u32_of(&want["size"], "size")?,
                u32_of(&want["align"], "align")?,
            );
            if (t.size(), t.align()) != (s, a) {
                bail!("{what} {key}: {}/{} want {s}/{a}", t.size(), t.align());
            }
        }
    }
    Ok(())
}

fn run_signature_case(case: &Json) -> Result<()> {
    let mut params = Vec::new();
    for p in case["params"].as_array().ok_or_else(|| anyhow!("params"))? {
        let name = p["name"].as_str().ok_or_else(|| anyhow!("param name"))?;
        params.push((name.to_string(), type_from_json(&p["ty"])?));
    }
    let result = match &case["result"] {
        Json::Null => None,
        r => Some(type_from_json(r)?),
    };
    let f = FuncType::new(params, result)?;
    sig_check("ty", &f, case)?;
    let wf = func_from_wit(&case["wit"]).context("wit")?;
    sig_check("wit", &wf, case)?;
    if wf != f {
        bail!("function type from wit differs from ty");
    }
    Ok(())
}

fn run_invalid_case(case: &Json) -> Result<()> {
    let ty = check_layout(case)?;
    let mut mem = BumpMemory::new(MEMORY_SIZE, 0x1000);
    write_segments(&mut mem, &case["memory"])?;
    let mut cx_res = NoResources;
    let mut cx = Cx::new(&mut mem, &mut cx_res);
    let got = match case["mode"].as_str() {
        Some("load") => load(&mut cx, &ty, u32_of(&case["addr"], "addr")?),
        Some("lift_flat") => {
            let flat = flat_values(&case["flat_values"], ty.flat())?;
            let mut it = FlatIter::new(&flat);
            lift_flat(&mut cx, &ty, &mut it).and_then(|v| it.finish().map(|()| v))
        }
        other => bail!("unknown mode {other:?}"),
    };
    let want_trap = case["trap"].as_bool().ok_or_else(|| anyhow!("trap"))?;
    match (got, want_trap) {
        (Err(e), true) if e.is_guest_trap() => check_reason(case["category"].as_str(), &e),
        (Err(e), true) => bail!("trapped, but with a host error: {e}"),
        (Ok(v), true) => bail!("accepted {v:?}, want a trap"),
        (Err(e), false) => bail!("trapped ({e}), want {}", case["value"]),
        (Ok(v), false) => check_val("lifted", &v, &val_from_json(&ty, &case["value"])?),
    }
}

/// For the categories FORMAT.md defines, the trap must also have the right reason.
fn check_reason(category: Option<&str>, e: &CabiError) -> Result<()> {
    use CabiError as E;
    let ok = match category.unwrap_or("") {
        "char-surrogate-d800" | "char-0x110000" | "char-invalid-other" => {
            matches!(e, E::InvalidChar { .. })
        }
        "discriminant-out-of-range" | "discriminant-u16-out-of-range" => {
            matches!(e, E::DiscriminantOutOfRange { .. })
        }
        "list-misaligned" | "empty-list-misaligned" => matches!(e, E::Misaligned { .. }),
        "list-out-of-bounds" | "string-out-of-bounds" | "empty-list-past-end" => {
            matches!(e, E::OutOfBounds { .. })
        }
        "list-too-long" => matches!(e, E::ListTooLong { .. }),
        "string-too-long" => matches!(e, E::StringTooLong { .. }),
        "string-invalid-utf8" | "string-cut-multibyte" => matches!(e, E::InvalidUtf8 { .. }),
        _ => true,
    };
    if !ok {
        bail!("trapped for the wrong reason: {e}");
    }
    Ok(())
}
