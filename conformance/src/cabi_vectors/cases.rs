//! The three case kinds of a vector file: value cases (layout, store, load, heap,
//! realloc sequence, lower/lift flat), signature cases and invalid cases (traps).

use super::json::{
    check_layout, flat_from_json, flat_names, float, func_from_wit, hex, int, to_hex,
    type_from_json, u32_of, val_from_json,
};
use super::MEMORY_SIZE;
use anyhow::{anyhow, bail, Context, Result};
use rivet_runtime::cabi::{
    lift_flat, load, lower_flat, store, BumpMemory, CabiError, CallContext, Cx, FlatIter, FlatType,
    FlatValue, FuncType, NoResources, Val,
};
use serde_json::Value as Json;

pub(super) fn run_value_case(case: &Json) -> Result<()> {
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

pub(super) fn run_signature_case(case: &Json) -> Result<()> {
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

pub(super) fn run_invalid_case(case: &Json) -> Result<()> {
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
