//! Local pinning: a linear pre-scan of the body decides which locals live in
//! registers for the whole function.
//!
//! The scan reads the raw operator bytes itself, skipping immediates, and looks
//! only at structure, local accesses and calls: much cheaper than a full
//! operator decode, which the validating translation pass does anyway. The body
//! is not validated yet when it runs, so it is defensive: every read is bounded,
//! and an operator it does not know ends the scan with the safe answer.
//!
//! In a body with declared i64 locals the same pass also filters the zero-high
//! candidates for `zx_scan`: a `local.set`/`local.tee` of such a local right
//! after an operator whose one i64 result is never known zero-high (see
//! [`DIRTY`]), or after an i64 constant with a nonzero high word, rules the local
//! out. Only sets the translator translates count: the scan follows reachability
//! exactly as the translator's `end`/`else` decide it (frame bits: entered
//! reachable, branched to), so the filter never rules out a local the exact scan
//! would keep. Bodies without candidates run the scan without this bookkeeping.

use super::extents::LoopWrites;
use super::{stub_index, Scratch, PIN_REGS};
use crate::asm::A0;
use rivet_format::abi::call::REG_WORDS;
use rivet_format::abi::TrapCode;
use rivet_format::package::ValType;

/// Use counts gathered by the pre-scan.
struct Scan<'s> {
    /// No calls: register parameters may stay in their argument registers.
    leaf: bool,
    /// Uses per local, weighted by loop depth.
    weight: &'s mut [u64],
    /// Open frames ([`frame`] bits), a reused buffer.
    frames: &'s mut Vec<u8>,
    /// Trap stubs the body may use, one bit per [`super::STUB_TRAPS`] entry.
    traps: u8,
    /// Per local: a declared i64 local no reachable set of which is known to
    /// store a value with a nonzero high word (see [`DIRTY`]); the zero-high
    /// pre-scan (`zx_scan`) considers only these.
    zx: &'s mut [bool],
    /// Per loop, by position: the locals its body writes (see [`LoopWrites`]).
    loops: &'s mut LoopWrites,
}

/// The pre-scan's frame bits: what kind of frame, and the reachability facts
/// the translator's `end` decides with (`control.rs`).
mod frame {
    pub const LOOP: u8 = 1;
    /// An `if` without `else` so far: its end always joins.
    pub const IF: u8 = 2;
    /// A branch to the frame's end was taken in reachable code.
    pub const USED: u8 = 4;
    /// The frame was entered in reachable code.
    pub const ENTERED: u8 = 8;
}

/// The stub bit of a trap kind.
#[inline]
fn bit(code: TrapCode) -> u8 {
    1 << stub_index(code)
}

/// A cursor over raw operator bytes; every read is bounds-checked and `None`
/// past the end (also used by the zero-high pre-scan, `zx_scan`).
pub(super) struct Bytes<'a> {
    pub b: &'a [u8],
    pub at: usize,
}

impl Bytes<'_> {
    #[inline]
    pub fn byte(&mut self) -> Option<u8> {
        let v = *self.b.get(self.at)?;
        self.at += 1;
        Some(v)
    }

    /// Skips one LEB128 number of any width.
    #[inline]
    pub fn skip_leb(&mut self) -> Option<()> {
        while self.byte()? & 0x80 != 0 {}
        Some(())
    }

    /// An unsigned LEB128 u32 (saturating on overlong input: only a weight).
    #[inline(always)]
    pub fn u32(&mut self) -> Option<u32> {
        let first = *self.b.get(self.at)?;
        if first & 0x80 == 0 {
            self.at += 1;
            return Some(first as u32);
        }
        let (v, at) = u32_long(self.b, self.at)?;
        self.at = at;
        Some(v)
    }

    #[inline]
    pub fn skip(&mut self, n: usize) -> Option<()> {
        self.at = self.at.checked_add(n).filter(|e| *e <= self.b.len())?;
        Some(())
    }

    /// A signed LEB128 number of up to 64 bits (`None` when longer).
    #[inline(always)]
    pub fn s64(&mut self) -> Option<i64> {
        let first = *self.b.get(self.at)?;
        if first & 0x80 == 0 {
            self.at += 1;
            return Some(((first << 1) as i8 >> 1) as i64);
        }
        let (v, at) = s64_long(self.b, self.at)?;
        self.at = at;
        Some(v)
    }

    /// A block type: the empty type or a value type (one negative byte), or a
    /// type index.
    #[inline]
    fn block_type(&mut self) -> Option<()> {
        match self.byte()? {
            // Reference types with a heap type (GC): not for contracts.
            0x63 | 0x64 => None,
            b if b & 0xc0 == 0x40 => Some(()),
            b if b & 0x80 != 0 => self.skip_leb(),
            _ => Some(()),
        }
    }
}

/// [`Bytes::u32`] for numbers of more than one byte at `at` of `b`: the value
/// and the position after it. Out of line and free of the cursor, so that the
/// cursor never leaves registers in the scan loops.
#[inline(never)]
fn u32_long(b: &[u8], mut at: usize) -> Option<(u32, usize)> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let byte = *b.get(at)?;
        at += 1;
        if shift < 35 {
            v |= ((byte & 0x7f) as u64) << shift;
        }
        shift += 7;
        if byte & 0x80 == 0 {
            return Some((v.min(u32::MAX as u64) as u32, at));
        }
    }
}

/// [`Bytes::s64`] for numbers of more than one byte (see [`u32_long`]).
#[inline(never)]
fn s64_long(b: &[u8], mut at: usize) -> Option<(i64, usize)> {
    let mut v = 0i64;
    let mut shift = 0u32;
    loop {
        let byte = *b.get(at)?;
        at += 1;
        if shift < 64 {
            v |= ((byte & 0x7f) as i64) << shift;
        }
        shift += 7;
        if byte & 0x80 == 0 {
            if shift < 64 && byte & 0x40 != 0 {
                v |= -1i64 << shift;
            }
            return Some((v, at));
        }
        if shift >= 70 {
            return None;
        }
    }
}

/// Scans the operator bytes of a body for local uses and calls. Anything the
/// scan does not know ends it early and counts as a call, the conservative
/// answer: the weights only steer register choice, and the validating
/// translation pass reports malformed or unsupported code itself.
fn scan(code: &[u8], scan: &mut Scan<'_>) {
    // The zero-high filter only where there are candidates (declared i64 locals).
    let done = if scan.zx.contains(&true) {
        scan_ops::<true>(code, scan)
    } else {
        scan_ops::<false>(code, scan)
    };
    if done.is_none() {
        scan.leaf = false;
        scan.traps = u8::MAX;
    }
    scan.loops.finish(done.is_some());
}

/// What the scan does with an opcode byte, looked up in [`CLASS`] (one indexed
/// load per operator instead of a chain of range tests).
mod class {
    pub const PLAIN: u8 = 0;
    pub const UNREACHABLE: u8 = 1;
    pub const DIV_REM: u8 = 2;
    pub const FLOAT: u8 = 3;
    pub const BLOCK: u8 = 4;
    pub const LOOP: u8 = 5;
    pub const END: u8 = 6;
    pub const SKIP_LEB: u8 = 7;
    pub const BR_TABLE: u8 = 8;
    pub const CALL: u8 = 9;
    pub const CALL_INDIRECT: u8 = 10;
    pub const TYPED_SELECT: u8 = 11;
    pub const LOCAL: u8 = 12;
    pub const MEMORY: u8 = 13;
    pub const F32_CONST: u8 = 14;
    pub const F64_CONST: u8 = 15;
    pub const REF_NULL: u8 = 16;
    pub const PREFIX_FC: u8 = 17;
    pub const UNKNOWN: u8 = 18;
    pub const ELSE: u8 = 19;
    pub const BR: u8 = 20;
    pub const BR_IF: u8 = 21;
    pub const RETURN: u8 = 22;
}

/// The class of one opcode byte (earlier arms win where ranges overlap).
const fn class_of(b: u8) -> u8 {
    use class::*;
    match b {
        0x00 => UNREACHABLE,
        0x05 => ELSE,
        0x0c => BR,
        0x0d => BR_IF,
        0x0f => RETURN,
        0x6d..=0x70 => DIV_REM,
        // Float operators other than bit operations call the soft-float library.
        0x5b..=0x66 | 0x8d..=0x97 | 0x9b..=0xa5 | 0xa8..=0xab | 0xae..=0xbb => FLOAT,
        0x01 | 0x1a | 0x1b | 0x45..=0xc4 | 0xd1 => PLAIN,
        0x02 | 0x04 => BLOCK,
        0x03 => LOOP,
        0x0b => END,
        0x23..=0x26 | 0x3f | 0x40 | 0x41 | 0x42 | 0xd2 => SKIP_LEB,
        0x0e => BR_TABLE,
        0x10 => CALL,
        0x11 => CALL_INDIRECT,
        0x1c => TYPED_SELECT,
        0x20..=0x22 => LOCAL,
        0x28..=0x3e => MEMORY,
        0x43 => F32_CONST,
        0x44 => F64_CONST,
        0xd0 => REF_NULL,
        0xfc => PREFIX_FC,
        _ => UNKNOWN,
    }
}

/// Opcodes whose single result, an i64 when a `local.set` of an i64 local
/// follows, never has a known-zero high word in a translation without
/// assumptions: i64 arithmetic other than and/or/xor/shr, signed and full-width
/// loads, sign extensions, `local.get` (a local reads as unknown), `select`,
/// float truncations (library calls).
const fn dirty(b: u8) -> bool {
    matches!(
        b,
        0x1b | 0x1c
            | 0x20
            | 0x29
            | 0x30
            | 0x32
            | 0x34
            | 0x79..=0x82
            | 0x86
            | 0x89
            | 0x8a
            | 0xae..=0xb1
            | 0xc2..=0xc4
    )
}

/// [`dirty`] for every byte.
static DIRTY: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = dirty(b as u8);
        b += 1;
    }
    t
};

/// [`class_of`] for every byte.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = class_of(b as u8);
        b += 1;
    }
    t
};

impl Scan<'_> {
    /// The frame `depth` levels out, if it is not the function's.
    #[inline]
    fn target(&mut self, depth: u32) -> Option<&mut u8> {
        let n = self.frames.len();
        let i = n.checked_sub(1 + depth as usize)?;
        Some(&mut self.frames[i])
    }

    /// A branch in reachable code to frame `depth`: its end label is used.
    #[inline]
    fn branch(&mut self, depth: u32) {
        if let Some(f) = self.target(depth) {
            *f |= frame::USED;
        }
    }

    /// Opens a block (0x02), loop (0x03) or if (0x04) frame.
    #[inline]
    fn enter(&mut self, op: u8, live: bool) {
        let kind = match op {
            0x03 => frame::LOOP,
            0x04 => frame::IF,
            _ => 0,
        };
        self.frames
            .push(kind | if live { frame::ENTERED } else { 0 });
    }

    /// `end` of a frame other than the function's: whether the code after it
    /// is reachable, as the translator's `end` decides (`control.rs`).
    #[inline]
    fn end(&mut self, live: bool) -> bool {
        let Some(f) = self.frames.pop() else {
            return live;
        };
        if f & frame::ENTERED == 0 || f & frame::LOOP != 0 {
            live
        } else {
            live || f & (frame::IF | frame::USED) != 0
        }
    }

    /// `else`: whether the `else` arm is reachable.
    #[inline]
    fn else_(&mut self, live: bool) -> bool {
        let Some(f) = self.frames.last_mut() else {
            return live;
        };
        if live {
            *f |= frame::USED;
        }
        *f &= !frame::IF;
        *f & frame::ENTERED != 0
    }

    /// A `local.get`/`set`/`tee` (`op`) of local `i`, right after opcode
    /// `last` whose immediates start at `last_imm` in `code` (a set or tee also
    /// counts as a write in the innermost open loop).
    #[inline]
    fn local<const ZX: bool>(
        &mut self,
        op: u8,
        i: u32,
        (last, last_imm): (u8, usize),
        code: &[u8],
        inc: u64,
    ) {
        if let Some(w) = self.weight.get_mut(i as usize) {
            *w += inc;
        }
        if op != 0x20 {
            self.loops.write(i);
        }
        if !ZX || op == 0x20 || self.zx.get(i as usize) != Some(&true) {
            return;
        }
        // The value set is the previous operator's result when that has one:
        // known not zero-high for the `DIRTY` opcodes and an i64 constant with a
        // nonzero high word.
        let dirty = DIRTY[last as usize]
            || last == 0x42
                && (Bytes {
                    b: code,
                    at: last_imm,
                })
                .s64()
                .is_some_and(|c| c >> 32 != 0);
        if dirty {
            self.zx[i as usize] = false;
        }
    }
}

fn scan_ops<const ZX: bool>(code: &[u8], s: &mut Scan<'_>) -> Option<()> {
    use class::*;
    let mut r = Bytes { b: code, at: 0 };
    // Open frames and the loop depth.
    s.frames.clear();
    let mut depth = 0u32;
    // A use's weight at this loop depth.
    let mut inc = 1u64;
    // Whether the translator translates this code (it skips unreachable code),
    // and the previous opcode (the producer of a `local.set`'s value when it
    // has one result).
    let mut live = true;
    let (mut last, mut last_imm) = (0u8, 0usize);
    while let Some(&op) = code.get(r.at) {
        r.at += 1;
        let imm = r.at;
        match CLASS[op as usize] {
            PLAIN => {}
            UNREACHABLE | RETURN => {
                if op == 0x00 {
                    s.traps |= bit(TrapCode::Unreachable);
                }
                live = false;
            }
            DIV_REM => s.traps |= bit(TrapCode::DivByZero) | bit(TrapCode::Overflow),
            FLOAT => s.leaf = false,
            BLOCK | LOOP => {
                r.block_type()?;
                s.enter(op, live);
                if op == 0x03 {
                    depth += 1;
                    inc = 1u64 << (2 * depth.min(6));
                    s.loops.open(imm - 1);
                }
            }
            END => {
                if s.frames.last().is_some_and(|f| f & frame::LOOP != 0) {
                    depth -= 1;
                    inc = 1u64 << (2 * depth.min(6));
                    s.loops.close();
                }
                live = s.end(live);
            }
            ELSE => live = s.else_(live),
            BR | BR_IF => {
                let d = r.u32()?;
                if live {
                    s.branch(d);
                    live = op == 0x0d;
                }
            }
            SKIP_LEB => r.skip_leb()?,
            BR_TABLE => {
                let n = r.u32()?;
                for _ in 0..=n {
                    let d = r.u32()?;
                    if live {
                        s.branch(d);
                    }
                }
                live = false;
            }
            CALL => {
                r.skip_leb()?;
                s.leaf = false;
            }
            CALL_INDIRECT => {
                r.skip_leb()?;
                r.skip_leb()?;
                s.leaf = false;
                s.traps |= bit(TrapCode::UndefinedElement)
                    | bit(TrapCode::UninitElement)
                    | bit(TrapCode::IndirectTypeMismatch);
            }
            TYPED_SELECT => {
                for _ in 0..r.u32()? {
                    if !(0x6f..=0x7f).contains(&r.byte()?) {
                        return None;
                    }
                }
            }
            LOCAL => {
                let i = r.u32()?;
                // (Dead code: no operator is `DIRTY`.)
                let prev = (last & (live as u8).wrapping_neg(), last_imm);
                s.local::<ZX>(op, i, prev, code, inc);
            }
            MEMORY => {
                s.traps |= bit(TrapCode::OutOfBounds);
                // memarg: alignment flags (bit 6: a memory index follows), offset.
                let flags = r.u32()?;
                if flags & 0x40 != 0 {
                    r.skip_leb()?;
                }
                r.skip_leb()?;
            }
            F32_CONST => r.skip(4)?,
            F64_CONST => r.skip(8)?,
            REF_NULL => {
                if !matches!(r.byte()?, 0x6f | 0x70) {
                    return None;
                }
            }
            PREFIX_FC => match r.u32()? {
                0..=7 => s.leaf = false,
                9 | 11 | 13 | 15..=17 => r.skip_leb()?,
                8 | 10 | 12 | 14 => {
                    r.skip_leb()?;
                    r.skip_leb()?;
                }
                _ => return None,
            },
            _ => return None,
        }
        (last, last_imm) = (op, imm);
    }
    Some(())
}

/// The locals (below 128, one bit each) whose first access is a `local.set` or
/// `local.tee` in the body's straight-line prefix: the first [`PREFIX_OPS`]
/// operators before any block, loop, `if`, branch or return. Such a write runs
/// before any read of the local (nothing before it reads the local, and nothing
/// can jump past it), so no read sees the local's initial zero and the prologue
/// may skip it. The scan stops early at anything it does not know; a partial
/// answer is safe (unmarked locals are zeroed). A Rust function sets its locals
/// up front, so a short prefix finds them.
pub(super) fn set_first(code: &[u8]) -> u128 {
    use class::*;
    let (mut set, mut read) = (0u128, 0u128);
    let mut r = Bytes { b: code, at: 0 };
    for _ in 0..PREFIX_OPS {
        let Some(op) = r.byte() else {
            break;
        };
        let known = match CLASS[op as usize] {
            PLAIN | DIV_REM | FLOAT => Some(()),
            SKIP_LEB | CALL => r.skip_leb(),
            LOCAL => r.u32().map(|i| {
                let bit = if i < 128 { 1u128 << i } else { 0 };
                if op == 0x20 {
                    read |= bit;
                } else {
                    set |= bit & !read;
                }
            }),
            MEMORY => r.u32().and_then(|flags| {
                if flags & 0x40 != 0 {
                    r.skip_leb()?;
                }
                r.skip_leb()
            }),
            F32_CONST => r.skip(4),
            F64_CONST => r.skip(8),
            _ => None,
        };
        if known.is_none() {
            break;
        }
    }
    set
}

/// Operators [`set_first`] looks at, at most.
const PREFIX_OPS: usize = 16;

/// Most words pinned to registers in one function.
const MAX_PINNED: usize = 5;

/// Picks the locals to keep in registers (a linear pre-scan of the body): in a
/// function without calls, register parameters stay in their argument registers;
/// then the most used locals (uses inside loops weigh more) get the
/// registers [`PIN_REGS`]. The choice is left in `sc.pins` (by local index); returns
/// the trap stubs worth placing ahead of the body, one bit per
/// [`super::STUB_TRAPS`] entry (others are placed where first needed).
pub(crate) fn choose_pins(
    code: &[u8],
    types: &[ValType],
    params: &[ValType],
    sc: &mut Scratch,
) -> u8 {
    sc.weight.clear();
    sc.weight.resize(types.len(), 0);
    sc.zx_candidates.clear();
    sc.zx_candidates.extend(
        types
            .iter()
            .enumerate()
            .map(|(i, t)| i >= params.len() && *t == ValType::I64),
    );
    sc.loop_writes.clear();
    let mut s = Scan {
        leaf: true,
        weight: &mut sc.weight,
        frames: &mut sc.scan_frames,
        traps: bit(TrapCode::StackExhausted),
        zx: &mut sc.zx_candidates,
        loops: &mut sc.loop_writes,
    };
    scan(code, &mut s);
    let (leaf, traps) = (s.leaf, s.traps);
    let weight = &sc.weight;
    // Sorted by local index at the end: the caller gives pinned callee-saved
    // registers stack slots in this order.
    let pins = &mut sc.pins;
    pins.clear();
    // At most five words are pinned, so that five pool registers remain: the most
    // any single operator holds at once (an i64 `select`).
    let mut budget = MAX_PINNED;
    if leaf {
        let mut w = 0usize;
        for (i, t) in params.iter().enumerate() {
            let words = t.words();
            if w + words <= REG_WORDS && words <= budget {
                budget -= words;
                let lo = A0 + w as u8;
                let hi = if words == 2 { lo + 1 } else { lo };
                pins.push((i as u32, (lo, hi)));
            }
            w += words;
        }
    }
    let order = &mut sc.order;
    order.clear();
    order.extend(
        (0..types.len()).filter(|i| weight[*i] >= 2 && !pins.iter().any(|p| p.0 == *i as u32)),
    );
    // Keys are unique (the index breaks ties): an unstable sort is exact.
    order.sort_unstable_by_key(|i| (std::cmp::Reverse(weight[*i]), *i));
    let mut next = 0;
    for &i in order.iter() {
        let words = types[i].words();
        if next + words > budget.min(PIN_REGS.len()) {
            continue;
        }
        let lo = PIN_REGS[next];
        let hi = if words == 2 { PIN_REGS[next + 1] } else { lo };
        next += words;
        pins.push((i as u32, (lo, hi)));
    }
    pins.sort_unstable_by_key(|p| p.0);
    traps
}

#[cfg(test)]
mod tests {
    use super::set_first;

    #[test]
    fn set_first_marks_writes_before_reads_in_the_prefix() {
        // i32.const 5; local.set 1; local.get 1; local.tee 2; local.set 0
        assert_eq!(
            set_first(&[0x41, 5, 0x21, 1, 0x20, 1, 0x22, 2, 0x21, 0]),
            0b111
        );
        // local.get 1; local.set 1: read first.
        assert_eq!(set_first(&[0x20, 1, 0x21, 1]), 0);
        // block; i32.const 0; local.set 3; end: a block ends the prefix.
        assert_eq!(set_first(&[0x02, 0x40, 0x41, 0, 0x21, 3, 0x0b]), 0);
        // i64.load (align, offset), a call and a global before the write.
        assert_eq!(
            set_first(&[0x41, 0, 0x29, 3, 0x80, 1, 0x10, 7, 0x23, 0, 0x21, 4]),
            1 << 4
        );
        // Local 200 is beyond the mask; unknown opcodes stop the scan.
        assert_eq!(set_first(&[0x41, 0, 0x21, 0xc8, 1]), 0);
        assert_eq!(set_first(&[0xff, 0x41, 0, 0x21, 1]), 0);
        // Only the first 16 operators are looked at.
        let mut long = [0x01u8; 16].to_vec();
        long.extend([0x41, 0, 0x21, 1]);
        assert_eq!(set_first(&long), 0);
    }
}
