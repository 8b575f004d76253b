//! Vector JSON -> canonical-ABI values: `ty` descriptors and `wit` texts to [`Type`]s
//! (the two must agree), value descriptors to [`Val`]s, flat values, hex bytes.

use anyhow::{anyhow, bail, Context, Result};
use rivet_runtime::cabi::{FlatType, FuncType, Type, Val, WitTypes};
use serde_json::{Map, Value as Json};
use std::fmt::Write as _;

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
    let strs = |k: &str| -> Result<Vec<_>> {
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

pub(super) fn flat_from_json(j: &Json) -> Result<Vec<FlatType>> {
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

pub(super) fn flat_names(f: &[FlatType]) -> Vec<&'static str> {
    f.iter().map(|t| t.name()).collect()
}

/// Checks `size`, `align`, `flat` of a case against the type built both ways.
pub(super) fn check_layout(case: &Json) -> Result<Type> {
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

/// A float: a JSON number, or `"nan"`, `"inf"`, `"-inf"` as strings.
pub(super) fn float(j: &Json, what: &str) -> Result<f64> {
    match j {
        Json::Number(n) => n
            .as_f64()
            .ok_or_else(|| anyhow!("{what}: not a number: {n}")),
        Json::String(s) => s.parse().with_context(|| format!("{what}: {s:?}")),
        _ => bail!("{what}: expected a float, found {j}"),
    }
}

pub(super) fn int<T: TryFrom<i128>>(j: &Json, what: &str) -> Result<T> {
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

pub(super) fn hex(s: &Json) -> Result<Vec<u8>> {
    let s = s.as_str().ok_or_else(|| anyhow!("hex: not a string"))?;
    if s.len() % 2 != 0 || !s.is_ascii() {
        bail!("hex: odd length or not ASCII");
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).with_context(|| format!("hex at {i}")))
        .collect()
}

pub(super) fn to_hex(b: &[u8]) -> String {
    b.iter().fold(String::new(), |mut s, x| {
        let _ = write!(s, "{x:02x}");
        s
    })
}

pub(super) fn u32_of(j: &Json, what: &str) -> Result<u32> {
    int(j, what)
}
