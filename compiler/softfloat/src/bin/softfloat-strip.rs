//! `softfloat-strip IN OUT`: reduces the wasm-ld output of rivet-softfloat to the
//! sections the blob may have.
//!
//! wasm-ld always defines a linear memory and a `__stack_pointer` global, and
//! rustc asks it to export `memory`, `__data_end` and `__heap_base`, even when no
//! instruction touches memory or globals (the soft-float code is pure register
//! arithmetic). This tool keeps the type, function, export (function exports only)
//! and code sections and drops the memory and global sections, the non-function
//! exports and custom sections. Function indices are unchanged (there are no
//! imports). It refuses modules with imports, tables, element or data segments or a
//! start function, and the blob test (tests/blob.rs) validates the result with
//! wasmparser, rejecting any memory, global, table or float instruction, so a
//! module whose code did use the dropped sections cannot pass.

use std::fmt;
use std::process::ExitCode;

/// Why the input cannot be reduced.
#[derive(Debug)]
enum StripError {
    /// Reading or writing a file failed.
    Io(String, std::io::Error),
    /// The bytes are not a Wasm core module we understand.
    Malformed(&'static str, usize),
    /// The module has a section the blob must not have.
    Forbidden(u8),
}

impl fmt::Display for StripError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StripError::Io(path, e) => write!(f, "{path}: {e}"),
            StripError::Malformed(what, at) => write!(f, "malformed module: {what} at byte {at}"),
            StripError::Forbidden(id) => write!(
                f,
                "section id {id} (imports/tables/elements/start/data) is not allowed in the blob"
            ),
        }
    }
}

/// Reads an unsigned LEB128 at `*pos`, advancing it.
fn leb(bytes: &[u8], pos: &mut usize) -> Result<u32, StripError> {
    let mut result = 0u32;
    let mut shift = 0;
    loop {
        let byte = *bytes
            .get(*pos)
            .ok_or(StripError::Malformed("truncated LEB128", *pos))?;
        *pos += 1;
        result |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(result);
        }
        shift += 7;
        if shift > 28 {
            return Err(StripError::Malformed("LEB128 too long", *pos));
        }
    }
}

/// Appends `v` as unsigned LEB128.
fn put_leb(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Keeps only the function exports of an export section's payload.
fn function_exports(payload: &[u8], base: usize) -> Result<Vec<u8>, StripError> {
    let mut pos = 0;
    let count = leb(payload, &mut pos)?;
    let mut kept = Vec::new();
    let mut n = 0;
    for _ in 0..count {
        let start = pos;
        let len = leb(payload, &mut pos)? as usize;
        pos += len;
        let kind = *payload
            .get(pos)
            .ok_or(StripError::Malformed("export kind", base + pos))?;
        pos += 1;
        leb(payload, &mut pos)?;
        if kind == 0 {
            kept.extend_from_slice(&payload[start..pos]);
            n += 1;
        }
    }
    let mut out = Vec::new();
    put_leb(&mut out, n);
    out.extend(kept);
    Ok(out)
}

/// Rewrites `bytes` keeping the type, function, function-export and code sections.
fn strip(bytes: &[u8]) -> Result<Vec<u8>, StripError> {
    if bytes.len() < 8 || bytes[..8] != *b"\0asm\x01\0\0\0" {
        return Err(StripError::Malformed("not a Wasm 1 core module header", 0));
    }
    let mut out = bytes[..8].to_vec();
    let mut pos = 8;
    while pos < bytes.len() {
        let id = bytes[pos];
        pos += 1;
        let size = leb(bytes, &mut pos)? as usize;
        let end = pos
            .checked_add(size)
            .filter(|&e| e <= bytes.len())
            .ok_or(StripError::Malformed("section past the end", pos))?;
        let payload = &bytes[pos..end];
        let kept = match id {
            0 | 5 | 6 => None,
            1 | 3 | 10 => Some(payload.to_vec()),
            7 => Some(function_exports(payload, pos)?),
            _ => return Err(StripError::Forbidden(id)),
        };
        if let Some(kept) = kept {
            out.push(id);
            put_leb(&mut out, kept.len() as u32);
            out.extend(kept);
        }
        pos = end;
    }
    Ok(out)
}

/// Reads IN, strips it, writes OUT.
fn run(input: &str, output: &str) -> Result<(), StripError> {
    let bytes = std::fs::read(input).map_err(|e| StripError::Io(input.into(), e))?;
    let out = strip(&bytes)?;
    std::fs::write(output, out).map_err(|e| StripError::Io(output.into(), e))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: softfloat-strip IN.wasm OUT.wasm");
        return ExitCode::from(2);
    }
    match run(&args[1], &args[2]) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("softfloat-strip: {e}");
            ExitCode::FAILURE
        }
    }
}
