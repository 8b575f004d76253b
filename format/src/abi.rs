//! The core conventions between compiled code, the runtime and the host.
//!
//! Host calls use `ecall` with the call number in `t0` (x5), arguments in `a0..a5`
//! (x10..x15) and results in `a0`/`a1`, so the same convention works on RV32E, which
//! has no `a6`/`a7`. Standalone RV32IM ELF programs use the Linux convention instead
//! (number in `a7`) so that they run unchanged under `qemu-riscv32`; see [`linux`].

/// Register numbers with a fixed role.
pub mod reg {
    /// Hard-wired zero.
    pub const ZERO: u8 = 0;
    /// Return address.
    pub const RA: u8 = 1;
    /// Stack pointer.
    pub const SP: u8 = 2;
    /// Host-call number in the contract profile.
    pub const T0: u8 = 5;
    /// First argument / result register.
    pub const A0: u8 = 10;
    /// Second argument / result register.
    pub const A1: u8 = 11;
    /// Last argument register available on RV32E.
    pub const A5: u8 = 15;
    /// Linux syscall-number register (RV32I only).
    pub const A7: u8 = 17;
}

/// The Linux-like minimum that standalone programs (`rivet exec`) get, with Linux's
/// own call numbers so that the very same ELF runs under `qemu-riscv32`.
pub mod linux {
    /// `write(fd, ptr, len)`: fd 1 (stdout) or 2 (stderr); returns bytes written.
    pub const WRITE: u32 = 64;
    /// `exit(code)`: ends the program with that exit status.
    pub const EXIT: u32 = 93;
    /// `exit_group(code)`: the same as exit for a single-threaded program.
    pub const EXIT_GROUP: u32 = 94;
}

/// Register roles in code compiled from Wasm (RV32EM).
///
/// `gp` permanently holds the current linear-memory size in bytes, so a bounds check
/// is one add and one compare against a register; `t0`/`tp` are scratch registers the
/// compiler never keeps values in (t0 also carries `ecall` numbers); `x6..x15` hold
/// operand-stack values and locals pinned to registers. Every value register is
/// caller-saved: a function saves its pinned locals around the calls it makes.
pub mod wasm_reg {
    /// Current linear memory size in bytes; kept up to date by `memory.grow`.
    pub const MEM_SIZE: u8 = 3;
    /// Second scratch register.
    pub const SCRATCH1: u8 = 4;
    /// First scratch register (and the ecall number).
    pub const SCRATCH0: u8 = 5;
    /// First register of the operand-stack pool (the pool is x6..=x15).
    pub const POOL_FIRST: u8 = 6;
    /// Last register of the operand-stack pool.
    pub const POOL_LAST: u8 = 15;
}

/// The calling convention of compiled Wasm functions.
///
/// Parameters are flattened to 32-bit words (i32/f32: one word; i64/f64: low word
/// then high word). Words `0..REG_WORDS` ([`call::REG_WORDS`]) go in `a0..a5`; word `w >= REG_WORDS` is
/// stored at `[sp + 4 * (w - REG_WORDS)]` by the caller. Results use the same
/// scheme: words 0..6 come back in `a0..a5`, word `w >= 6` at
/// `[sp_at_call + 4 * (w - 6)]`, so the caller reserves `max(param, result) - 6`
/// words there. The return address is in `ra`; `sp` is 8-byte aligned at calls.
/// The callee's frame lives *below* the `sp` it receives; it checks at entry that
/// the frame fits above the layout's stack limit (else [`TrapCode::StackExhausted`]).
/// `gp` must hold the memory size in bytes on entry and is kept valid throughout.
pub mod call {
    /// Number of argument/result words passed in registers (a0..a5).
    pub const REG_WORDS: usize = 6;
}

/// Reserved `ecall` numbers (in `t0`) used by compiled Wasm code. Import calls use
/// `IMPORT_BASE + i` where `i` is the index of the function import.
pub mod ecall {
    /// Return to the host: the runtime uses the halt stub's pc as the return address
    /// of the export it calls. Results are in a0..a5 (and on the stack).
    pub const HALT: u32 = 0;
    /// A Wasm trap: `a0` holds the [`TrapCode`](super::TrapCode) number, `a1` the
    /// function index for [`TrapCode::Unsupported`](super::TrapCode::Unsupported).
    pub const TRAP: u32 = 1;
    /// First call number of imported functions (below [`FOREIGN_BASE`]).
    pub const IMPORT_BASE: u32 = 0x100;
    /// `FOREIGN_BASE + k`: a call through foreign-function slot `k`, a function of
    /// another instance the runtime bound into this one (see
    /// [`Layout::foreign_funcs`](crate::package::Layout::foreign_funcs)).
    pub const FOREIGN_BASE: u32 = 0x4000_0000;
    /// Set in `t0` for helper calls: bits 24..=30 hold a [`Helper`](super::Helper)
    /// number, bits 0..=23 six 4-bit register numbers (operand fields `r0..r5`).
    pub const HELPER_FLAG: u32 = 0x8000_0000;
}

/// Operations compiled code delegates to the host with a helper `ecall`
/// (`t0 = HELPER_FLAG | op << 24 | r5 << 20 | .. | r0`): operations RV32EM has no
/// short sequence for. The host reads every source register before writing any
/// destination, so fields may alias. Field meanings per op are listed on each variant
/// as (r0, r1, ...). Gas: the ecall plus [`Helper::gas`], plus
/// [`copy_cost`](crate::gas::copy_cost) per byte for the bulk-memory ops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Helper {
    /// (rd, a): rd = clz(a).
    I32Clz = 0,
    /// (rd, a): rd = ctz(a).
    I32Ctz = 1,
    /// (rd, a): rd = popcnt(a).
    I32Popcnt = 2,
    /// (rd_lo, rd_hi, a_lo, a_hi).
    I64Clz = 3,
    /// (rd_lo, rd_hi, a_lo, a_hi).
    I64Ctz = 4,
    /// (rd_lo, rd_hi, a_lo, a_hi).
    I64Popcnt = 5,
    /// (rd_lo, rd_hi, a_lo, a_hi, b_lo, b_hi); traps on /0 and overflow.
    I64DivS = 6,
    /// (rd_lo, rd_hi, a_lo, a_hi, b_lo, b_hi); traps on /0.
    I64DivU = 7,
    /// (rd_lo, rd_hi, a_lo, a_hi, b_lo, b_hi); traps on /0.
    I64RemS = 8,
    /// (rd_lo, rd_hi, a_lo, a_hi, b_lo, b_hi); traps on /0.
    I64RemU = 9,
    /// (rd_lo, rd_hi, a_lo, a_hi, b): shift amount in b (mod 64).
    I64Shl = 10,
    /// (rd_lo, rd_hi, a_lo, a_hi, b).
    I64ShrS = 11,
    /// (rd_lo, rd_hi, a_lo, a_hi, b).
    I64ShrU = 12,
    /// (rd_lo, rd_hi, a_lo, a_hi, b).
    I64Rotl = 13,
    /// (rd_lo, rd_hi, a_lo, a_hi, b).
    I64Rotr = 14,
    /// (rd, delta_pages): rd = old pages or -1; updates `gp` on success.
    MemoryGrow = 15,
    /// (dst, src, len): traps when either range leaves memory.
    MemoryCopy = 16,
    /// (dst, value, len).
    MemoryFill = 17,
    /// (segment, dst, src, len).
    MemoryInit = 18,
    /// (segment).
    DataDrop = 19,
    // Table helpers are numbered from 48 so other helper ranges can grow below them.
    /// (rd, table, init, delta): rd = old size or -1; new entries are `init`.
    TableGrow = 48,
    /// (table, dst, value, len): traps when the range leaves the table.
    TableFill = 49,
    /// (dst_table, src_table, dst, src, len).
    TableCopy = 50,
    /// (segment, table, dst, src, len).
    TableInit = 51,
    /// (segment).
    ElemDrop = 52,
}

impl Helper {
    /// All helpers, indexed by their number.
    pub const ALL: [Helper; 25] = [
        Helper::I32Clz,
        Helper::I32Ctz,
        Helper::I32Popcnt,
        Helper::I64Clz,
        Helper::I64Ctz,
        Helper::I64Popcnt,
        Helper::I64DivS,
        Helper::I64DivU,
        Helper::I64RemS,
        Helper::I64RemU,
        Helper::I64Shl,
        Helper::I64ShrS,
        Helper::I64ShrU,
        Helper::I64Rotl,
        Helper::I64Rotr,
        Helper::MemoryGrow,
        Helper::MemoryCopy,
        Helper::MemoryFill,
        Helper::MemoryInit,
        Helper::DataDrop,
        Helper::TableGrow,
        Helper::TableFill,
        Helper::TableCopy,
        Helper::TableInit,
        Helper::ElemDrop,
    ];

    /// Decodes a helper number (one table lookup: engines decode one per helper call).
    pub fn from_u8(v: u8) -> Option<Helper> {
        const BY_NUMBER: [Option<Helper>; 128] = {
            let mut t = [None; 128];
            let mut i = 0;
            while i < Helper::ALL.len() {
                t[Helper::ALL[i] as usize] = Some(Helper::ALL[i]);
                i += 1;
            }
            t
        };
        BY_NUMBER.get(v as usize).copied().flatten()
    }

    /// Builds the `t0` word for this helper with register fields `regs` (r0 first).
    pub fn call_word(self, regs: &[u8]) -> u32 {
        let mut w = ecall::HELPER_FLAG | ((self as u32) << 24);
        for (i, r) in regs.iter().enumerate().take(6) {
            w |= ((*r as u32) & 0xf) << (4 * i);
        }
        w
    }

    /// Splits a helper `t0` word into the helper and its six register fields.
    pub fn decode_word(word: u32) -> Option<(Helper, [u8; 6])> {
        if word & ecall::HELPER_FLAG == 0 {
            return None;
        }
        let op = Helper::from_u8(((word >> 24) & 0x7f) as u8)?;
        let mut regs = [0u8; 6];
        for (i, r) in regs.iter_mut().enumerate() {
            *r = ((word >> (4 * i)) & 0xf) as u8;
        }
        Some((op, regs))
    }

    /// Evaluates a register helper (`I32Clz` to `I64Rotr`) on the registers its
    /// fields name (`reg(k)` reads the register of field `k`): the result to write
    /// to `r0` (a word) or to `r0`, `r1` (a pair, low word first), or the trap; `None`
    /// for the other helpers. The runtime's host and an engine that runs helpers
    /// itself both compute with it, so they cannot differ.
    pub fn eval_registers(
        self,
        reg: impl Fn(usize) -> u32,
    ) -> Option<Result<HelperResult, TrapCode>> {
        let pair = |lo: usize| (reg(lo + 1) as u64) << 32 | reg(lo) as u64;
        let word = |v: u32| Some(Ok(HelperResult::Word(v)));
        let pair_of = |v: u64| Some(Ok(HelperResult::Pair(v)));
        match self {
            Helper::I32Clz => word(reg(1).leading_zeros()),
            Helper::I32Ctz => word(reg(1).trailing_zeros()),
            Helper::I32Popcnt => word(reg(1).count_ones()),
            Helper::I64Clz => pair_of(pair(2).leading_zeros() as u64),
            Helper::I64Ctz => pair_of(pair(2).trailing_zeros() as u64),
            Helper::I64Popcnt => pair_of(pair(2).count_ones() as u64),
            Helper::I64DivS | Helper::I64DivU | Helper::I64RemS | Helper::I64RemU => {
                let (a, b) = (pair(2), pair(4));
                if b == 0 {
                    return Some(Err(TrapCode::DivByZero));
                }
                pair_of(match self {
                    Helper::I64DivS => {
                        if a as i64 == i64::MIN && b as i64 == -1 {
                            return Some(Err(TrapCode::Overflow));
                        }
                        ((a as i64) / (b as i64)) as u64
                    }
                    Helper::I64DivU => a / b,
                    Helper::I64RemS => (a as i64).wrapping_rem(b as i64) as u64,
                    _ => a % b,
                })
            }
            Helper::I64Shl
            | Helper::I64ShrS
            | Helper::I64ShrU
            | Helper::I64Rotl
            | Helper::I64Rotr => {
                let (a, b) = (pair(2), reg(4) & 63);
                pair_of(match self {
                    Helper::I64Shl => a << b,
                    Helper::I64ShrS => ((a as i64) >> b) as u64,
                    Helper::I64ShrU => a >> b,
                    Helper::I64Rotl => a.rotate_left(b),
                    _ => a.rotate_right(b),
                })
            }
            _ => None,
        }
    }

    /// Gas the host charges for the helper's own work (bulk-memory bytes extra).
    pub fn gas(self) -> u64 {
        match self {
            Helper::I64DivS | Helper::I64DivU | Helper::I64RemS | Helper::I64RemU => {
                2 * crate::gas::DIVIDE
            }
            Helper::MemoryGrow | Helper::TableGrow => 16,
            _ => 4,
        }
    }
}

/// What a register helper writes (see [`Helper::eval_registers`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelperResult {
    /// One word, to field `r0`'s register.
    Word(u32),
    /// Two words: the low one to `r0`'s register, then the high one to `r1`'s.
    Pair(u64),
}

/// Why compiled Wasm code trapped: the number passed in `a0` with [`ecall::TRAP`].
/// `Display` gives the WebAssembly spec's message for the trap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum TrapCode {
    /// `unreachable` executed.
    Unreachable = 0,
    /// A load, store or bulk-memory range outside linear memory.
    OutOfBounds = 1,
    /// Integer division or remainder by zero.
    DivByZero = 2,
    /// Signed division overflow (`INT_MIN / -1`).
    Overflow = 3,
    /// `call_indirect` to a null table entry.
    UninitElement = 4,
    /// `call_indirect` whose entry has another signature.
    IndirectTypeMismatch = 5,
    /// `call_indirect` with an index past the table.
    UndefinedElement = 6,
    /// The call stack limit was reached.
    StackExhausted = 7,
    /// A function the compiler could not translate (SIMD...) was called.
    Unsupported = 8,
    /// An element segment does not fit the table (instantiation).
    TableOutOfBounds = 9,
    /// A trapping float-to-integer conversion of a NaN.
    InvalidConversion = 10,
}

impl TrapCode {
    /// Decodes the number in `a0`.
    pub fn from_u32(v: u32) -> Option<TrapCode> {
        Some(match v {
            0 => TrapCode::Unreachable,
            1 => TrapCode::OutOfBounds,
            2 => TrapCode::DivByZero,
            3 => TrapCode::Overflow,
            4 => TrapCode::UninitElement,
            5 => TrapCode::IndirectTypeMismatch,
            6 => TrapCode::UndefinedElement,
            7 => TrapCode::StackExhausted,
            8 => TrapCode::Unsupported,
            9 => TrapCode::TableOutOfBounds,
            10 => TrapCode::InvalidConversion,
            _ => return None,
        })
    }

    /// The WebAssembly spec's message for this trap.
    pub fn message(self) -> &'static str {
        match self {
            TrapCode::Unreachable => "unreachable",
            TrapCode::OutOfBounds => "out of bounds memory access",
            TrapCode::DivByZero => "integer divide by zero",
            TrapCode::Overflow => "integer overflow",
            TrapCode::UninitElement => "uninitialized element",
            TrapCode::IndirectTypeMismatch => "indirect call type mismatch",
            TrapCode::UndefinedElement => "undefined element",
            TrapCode::StackExhausted => "call stack exhausted",
            TrapCode::Unsupported => "unsupported",
            TrapCode::TableOutOfBounds => "out of bounds table access",
            TrapCode::InvalidConversion => "invalid conversion to integer",
        }
    }
}

impl std::fmt::Display for TrapCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helper_words_round_trip() {
        let w = Helper::I64DivS.call_word(&[6, 7, 8, 9, 10, 15]);
        assert_eq!(
            Helper::decode_word(w),
            Some((Helper::I64DivS, [6, 7, 8, 9, 10, 15]))
        );
        assert_eq!(Helper::decode_word(5), None);
        for h in Helper::ALL {
            assert_eq!(Helper::from_u8(h as u8), Some(h));
        }
        assert_eq!(Helper::from_u8(127), None);
    }

    #[test]
    fn register_helpers_evaluate_like_wasm() {
        // Fields 0..=5 name registers 10..=15; `regs` holds their values.
        let eval = |op: Helper, regs: [u32; 6]| op.eval_registers(|k| regs[k]);
        let (min_lo, min_hi) = (0u32, 0x8000_0000u32);
        let m1 = u32::MAX;
        use HelperResult::{Pair, Word};
        assert_eq!(eval(Helper::I32Clz, [0, 1, 0, 0, 0, 0]), Some(Ok(Word(31))));
        assert_eq!(
            eval(Helper::I32Popcnt, [0, m1, 0, 0, 0, 0]),
            Some(Ok(Word(32)))
        );
        assert_eq!(eval(Helper::I64Ctz, [0, 0, 0, 0, 0, 0]), Some(Ok(Pair(64))));
        let div = |op, a: u64, b: u64| {
            eval(
                op,
                [0, 0, a as u32, (a >> 32) as u32, b as u32, (b >> 32) as u32],
            )
        };
        assert_eq!(
            div(Helper::I64DivS, -7i64 as u64, 2),
            Some(Ok(Pair(-3i64 as u64)))
        );
        assert_eq!(
            div(Helper::I64RemS, -7i64 as u64, 2),
            Some(Ok(Pair(-1i64 as u64)))
        );
        assert_eq!(div(Helper::I64DivU, 7, 0), Some(Err(TrapCode::DivByZero)));
        let min = (min_hi as u64) << 32 | min_lo as u64;
        assert_eq!(
            div(Helper::I64DivS, min, u64::MAX),
            Some(Err(TrapCode::Overflow))
        );
        assert_eq!(div(Helper::I64RemS, min, u64::MAX), Some(Ok(Pair(0))));
        // Shift amounts are taken mod 64.
        assert_eq!(div(Helper::I64Shl, 1, 65), Some(Ok(Pair(2))));
        assert_eq!(div(Helper::I64ShrS, min, 63), Some(Ok(Pair(u64::MAX))));
        assert_eq!(div(Helper::I64Rotr, 1, 1), Some(Ok(Pair(min))));
        assert_eq!(eval(Helper::MemoryCopy, [0; 6]), None);
    }

    #[test]
    fn trap_codes_round_trip() {
        for v in 0..11 {
            assert_eq!(TrapCode::from_u32(v).unwrap() as u32, v);
        }
        assert_eq!(TrapCode::from_u32(11), None);
        assert_eq!(TrapCode::DivByZero.to_string(), "integer divide by zero");
    }
}
