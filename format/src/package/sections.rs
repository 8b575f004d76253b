//! The two compressed sections of a package file and the program inside the body.
//!
//! A section is `uncompressed length (LEB128) | compressed length (LEB128) | raw
//! deflate stream`, compressed by `miniz_oxide` (pinned to one version, so that the
//! same package gives the same bytes on every machine) at [`LEVEL`]. Reading one
//! allocates at most the declared length, which may not exceed what a deflate
//! stream of the given size can expand to ([`MAX_EXPANSION`]), so a small file can
//! never make the reader allocate much; the stream must fill exactly the declared
//! length and use exactly the compressed bytes.
//!
//! The program is written as `isa u8 | code_base | entry | memory_size | stack_top`
//! (u32 each), the code as its three streams (see [`super::code`]) and the initial
//! data segments; [`Program::check`] runs on the result.

use super::code::{self, CodeStreams};
use crate::codec::{FormatError, Reader, Writer};
use crate::program::{DataSegment, Isa, Program};
use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

/// The deflate level packages are written with (miniz_oxide's 0-10 scale). Measured
/// on the example programs and contracts: level 2 is within 2.5% of level 6-9 in
/// size and 5-7x faster to encode on the largest modules (kitchen: 1.7 vs 11 ms).
pub(crate) const LEVEL: u8 = 2;
/// Deflate's largest output per input byte (258-byte matches in ~2 bits) plus slack.
pub(crate) const MAX_EXPANSION: usize = 1032;

/// Appends `parts` as one compressed section: each part's length, then the
/// compressed length and the deflate stream of the parts concatenated (one stream, so
/// the parts share one set of Huffman tables and each other's history).
pub(crate) fn write_section(w: &mut Writer, parts: &[&[u8]]) {
    let all = parts.concat();
    let z = miniz_oxide::deflate::compress_to_vec(&all, LEVEL);
    for p in parts {
        w.var_u32(p.len() as u32);
    }
    w.var_u32(z.len() as u32);
    w.raw(&z);
}

/// Reads a compressed section named `what` of `N` parts and returns their
/// uncompressed bytes.
pub(crate) fn read_section<const N: usize>(
    r: &mut Reader<'_>,
    what: &str,
) -> Result<[Vec<u8>; N], FormatError> {
    let at = r.offset();
    let mut lens = [0usize; N];
    for l in &mut lens {
        *l = r.var_u32(what)? as usize;
    }
    let len: usize = lens.iter().sum();
    let z = r.var_bytes(what)?;
    if len > z.len().saturating_mul(MAX_EXPANSION) + 64 {
        return Err(FormatError::new(
            at,
            format!(
                "{what}: {len} bytes cannot come from {} compressed",
                z.len()
            ),
        ));
    }
    let mut out = vec![0u8; len];
    let mut state = Box::<DecompressorOxide>::default();
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let (status, used, written) = decompress(&mut state, z, &mut out, 0, flags);
    match status {
        TINFLStatus::Done if used == z.len() && written == len => {}
        TINFLStatus::Done => return Err(FormatError::new(
            at,
            format!(
                "{what}: deflate stream gives {written} bytes from {used} of {} compressed bytes, {len} declared",
                z.len()
            ),
        )),
        s => return Err(FormatError::new(at, format!("{what}: corrupt deflate stream ({s:?})"))),
    }
    let mut rest = out.as_slice();
    Ok(lens.map(|l| {
        let (part, tail) = rest.split_at(l);
        rest = tail;
        part.to_vec()
    }))
}

/// Appends `p` in the package's compact form.
pub(crate) fn write_program(w: &mut Writer, p: &Program) {
    w.u8(p.isa.to_byte());
    w.u32(p.code_base);
    w.u32(p.entry);
    w.u32(p.memory_size);
    w.u32(p.stack_top);
    let s = code::encode(&p.code);
    w.var_u32(s.words as u32);
    w.bool(s.narrow);
    w.var_u32(s.ops.len() as u32);
    w.var_u32(s.offsets.len() as u32);
    w.var_u32(s.imms.len() as u32);
    w.raw(&s.ops);
    w.raw(&s.offsets);
    w.raw(&s.imms);
    w.var_u32(p.data.len() as u32);
    for seg in &p.data {
        w.var_u32(seg.addr);
        w.var_bytes(&seg.bytes);
    }
}

/// Reads a program written by [`write_program`] and checks its structure.
pub(crate) fn read_program(r: &mut Reader<'_>) -> Result<Program, FormatError> {
    let start = r.offset();
    let isa = Isa::from_byte(r.u8("isa")?)
        .ok_or_else(|| FormatError::new(start, "unknown instruction set"))?;
    let code_base = r.u32("code base")?;
    let entry = r.u32("entry")?;
    let memory_size = r.u32("memory size")?;
    let stack_top = r.u32("stack top")?;
    let words = r.var_count("code word count", 1)?;
    let narrow = r.bool("register packing")?;
    let ops = r.var_count("instruction stream length", 1)?;
    let offsets = r.var_count("offset stream length", 1)?;
    let imms = r.var_count("immediate stream length", 1)?;
    let ops_at = r.offset();
    let streams = CodeStreams {
        words,
        narrow,
        ops: r.take(ops, "instruction stream")?.to_vec(),
        offsets: r.take(offsets, "offset stream")?.to_vec(),
        imms: r.take(imms, "immediate stream")?.to_vec(),
    };
    let code = code::decode(&streams, ops_at)?;
    let n = r.var_count("data segment count", 2)?;
    let mut data = Vec::with_capacity(n);
    for _ in 0..n {
        let addr = r.var_u32("data segment address")?;
        let bytes = r.var_bytes("data segment bytes")?.to_vec();
        data.push(DataSegment { addr, bytes });
    }
    let p = Program {
        isa,
        code_base,
        code,
        entry,
        memory_size,
        stack_top,
        data,
    };
    p.check()
        .map_err(|e| FormatError::new(start, e.to_string()))?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_round_trip_and_refuse_lies() {
        let body: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
        let mut w = Writer::new();
        write_section(&mut w, &[&body[..10], &body[10..]]);
        let bytes = w.finish();
        assert!(bytes.len() < body.len() / 4);
        let [a, b] = read_section(&mut Reader::new(&bytes), "s").unwrap();
        assert_eq!([a, b].concat(), body);
        let bytes = bytes[1..].to_vec(); // one part: drop the first length (10)
                                         // A wrong declared length, either way; a bomb declaration; trailing garbage.
        for declared in [4999u32, 5001, 100_000_000] {
            let mut w = Writer::new();
            w.var_u32(declared);
            w.raw(&bytes[2..]);
            let e = read_section::<1>(&mut Reader::new(&w.finish()), "s").unwrap_err();
            assert!(e.what.starts_with("s: "), "{e}");
        }
        let mut w = Writer::new();
        let z = miniz_oxide::deflate::compress_to_vec(&body, LEVEL);
        w.var_u32(5000);
        let mut padded = z.clone();
        padded.push(0);
        w.var_bytes(&padded);
        assert!(read_section::<1>(&mut Reader::new(&w.finish()), "s").is_err());
    }
}
