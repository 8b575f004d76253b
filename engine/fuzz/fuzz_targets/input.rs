//! The input layout both engine fuzz targets share: a 16-byte header (ISA bit, memory
//! size, gas, entry index, a seed) followed by raw code words.

use rivet_engine::{Isa, Program};

/// A decoded fuzz input: the raw program, its gas budget and a seed for the target's
/// own choices.
pub struct Input {
    pub program: Program,
    pub gas: u64,
    pub seed: u32,
}

/// Splits `data` into header and code; `None` when there is no code.
pub fn decode(data: &[u8]) -> Option<Input> {
    if data.len() < 20 {
        return None;
    }
    let isa = if data[0] & 1 == 0 {
        Isa::Rv32em
    } else {
        Isa::Rv32im
    };
    let memory_size = (data[1] as u32) << 6;
    let gas = u16::from_le_bytes([data[2], data[3]]) as u64 * 4;
    let entry_index = data[4] as u32;
    let seed = u32::from_le_bytes([data[8], data[9], data[10], data[11]]);
    let code: Vec<u32> = data[16..]
        .chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
        .collect();
    let program = Program {
        isa,
        code_base: 0x1000,
        entry: 0x1000 + 4 * (entry_index % code.len() as u32),
        code,
        memory_size,
        stack_top: memory_size & !15,
        data: vec![],
    };
    Some(Input { program, gas, seed })
}
