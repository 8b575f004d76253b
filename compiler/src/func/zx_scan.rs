//! The zero-high pre-scan: which declared i64 locals to translate as having a zero
//! high word, decided from the operator bytes before the one translation.
//!
//! A declared i64 local starts at zero; if every `local.set`/`local.tee` of it
//! stores a value the translator knows to have a zero high word (`zx64`), it
//! keeps one throughout the body. The scan finds those locals by running the
//! translator's rules for that fact over an abstract operand stack, without
//! allocating registers or emitting code:
//!
//! * zero-high values ([`Av::Zx`]): `i64.extend_i32_u`, the unsigned narrow i64
//!   loads, `i64.shr_u` by a constant of 32 or more, `i64.shr_u`/`shr_s` by a
//!   constant of a zero-high value, `i64.and` with a zero-high operand,
//!   `i64.or`/`xor` of two; constants ([`Av::Const`]) whose high word is zero,
//!   including the translator's folds (`i64.extend_i32_*`, `i32.wrap_i64`,
//!   immutable constant globals, float sign operations, reinterpretations);
//! * a local read ([`Av::Local`]) is not known zero-high: the scan decides the
//!   locals the way a translation without any assumption would see them;
//! * where the translator spills values, they lose the fact as they do there:
//!   at block, loop and `if` entry and at `br_table` every non-constant value
//!   goes to its slot ([`Av::Mem`]), at calls (also the soft-float library's)
//!   every register value, and a `local.set` first materialises the stack's
//!   references to that local; block results are in their slots, except those of
//!   a block no branch targets, a loop, or an `else` arm the `then` arm did not
//!   jump over, which keep their places (the translator's joins exactly);
//! * code the translator skips (after `br`, `return`, `unreachable`,
//!   `br_table`, up to the end of the frame) is skipped.
//!
//! It also notes which locals an operator asks about (an i64 binary operator,
//! `i64.eqz`, an i64 `local.set`): assuming is worth it only when one is.
//!
//! What the scan does not model is register pressure: the translator may spill a
//! zero-high value to its slot and lose the fact. Then a set of an assumed local
//! stores a value not known zero-high, and `translate` translates the body once
//! more without assumptions (`ZxLocals::retry`), so a wrong guess costs time,
//! never correctness. The body is not validated yet: every read is bounded, and
//! anything unexpected (an unknown operator, an index out of range, a stack
//! underflow) ends the scan with "assume nothing".

mod ops;

use super::pins::Bytes;
use crate::env::Env;
use rivet_format::abi::call::REG_WORDS;
use rivet_format::package::{FuncSig, ValType};

/// An abstract operand: what the translator's [`super::Loc`] would say about
/// the value, as far as zero high words go.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Av {
    /// In registers, nothing known about the high word.
    Reg,
    /// An i64 in a register with a known-zero high word.
    Zx,
    /// In its frame slot.
    Mem,
    /// A constant (i32 values sign-extended, as the translator keeps them).
    Const(i64),
    /// A lazy reference to a local.
    Local(u32),
}

impl Av {
    /// Whether the translator (without assumptions) knows the high word is zero.
    #[inline]
    fn zero_high(self) -> bool {
        match self {
            Av::Zx => true,
            Av::Const(c) => (c as u64) >> 32 == 0,
            _ => false,
        }
    }
}

/// What kind of frame is open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Function,
    Block,
    Loop,
    If,
    Else,
}

/// An open frame of the scan (the translator's `Frame`, reduced).
#[derive(Clone, Copy)]
pub(super) struct ScanFrame {
    kind: Kind,
    height: usize,
    params: usize,
    results: usize,
    entered: bool,
    /// A branch to the frame's end label was emitted.
    used: bool,
}

/// The scan's buffers and findings (kept in `ZxLocals`, reused across bodies).
#[derive(Default)]
pub(super) struct ZxScan {
    stack: Vec<Av>,
    frames: Vec<ScanFrame>,
    /// Per local: a declared i64 local every reachable set of which stores a
    /// known-zero high word.
    pub clean: Vec<bool>,
    /// Per local: an operator asks whether its high word is zero.
    pub asked: Vec<bool>,
    /// Clean locals left (the scan stops early at zero).
    left: usize,
    /// The innermost frame's height: valid code never pops below it.
    floor: usize,
}

/// [`EFFECT`] kinds (bits 4-5; bits 0-3 are the operands popped).
mod effect {
    /// One register result.
    pub const REG: u8 = 1;
    /// No result.
    pub const NONE: u8 = 2;
    /// A soft-float library call (registers spilled) with one result.
    pub const CALL: u8 = 3;
}

/// The operators without immediates whose effect on the abstract stack is
/// plain: pop some, push one unknown value (or none); 0 for every other.
const fn effect_of(b: u8) -> u8 {
    use effect::*;
    let (pops, kind) = match b {
        0x1a => (1, NONE),
        0x1b => (3, REG),
        0x45 | 0x67..=0x69 | 0x79..=0x7b | 0xc0..=0xc4 | 0xd1 => (1, REG),
        0x46..=0x4f | 0x6a..=0x78 => (2, REG),
        0x5b..=0x66 | 0x92..=0x97 | 0xa0..=0xa5 => (2, CALL),
        0x8d..=0x91 | 0x9b..=0x9f | 0xa8..=0xab | 0xae..=0xbb => (1, CALL),
        _ => return 0,
    };
    kind << 4 | pops
}

/// [`effect_of`] for every byte.
static EFFECT: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = effect_of(b as u8);
        b += 1;
    }
    t
};

/// The (params, results) counts of a block type at the cursor.
fn block_type(r: &mut Bytes<'_>, env: &Env) -> Option<(usize, usize)> {
    match r.byte()? {
        0x40 => Some((0, 0)),
        // Reference types with a heap type (GC): not supported.
        0x63 | 0x64 => None,
        b if b & 0xc0 == 0x40 => Some((0, 1)),
        _ => {
            r.at -= 1;
            let t = env.types.get(usize::try_from(r.s64()?).ok()?)?;
            Some((t.params.len(), t.results.len()))
        }
    }
}

impl ZxScan {
    /// Scans `code` (the operators of a body whose locals have `types`) for
    /// which of the `candidates` (declared i64 locals the pinning pre-scan found
    /// no set of a nonzero high word for) are clean. Returns whether some clean
    /// local is asked about; `clean` then says which locals to assume.
    pub fn run(
        &mut self,
        code: &[u8],
        types: &[ValType],
        candidates: &[bool],
        sig: &FuncSig,
        env: &Env,
    ) -> bool {
        self.left = candidates.iter().filter(|c| **c).count();
        if self.left == 0 {
            return false;
        }
        self.clean.clear();
        self.clean.extend_from_slice(candidates);
        self.asked.clear();
        self.asked.resize(types.len(), false);
        self.stack.clear();
        self.frames.clear();
        // One allocation each for typical bodies (the buffers live as long as
        // the module's translation).
        self.stack.reserve(32);
        self.frames.reserve(16);
        let complete = self.scan(code, types, sig, env).is_some();
        complete && self.left > 0 && self.clean.iter().zip(&self.asked).any(|(c, a)| *c && *a)
    }

    #[inline(always)]
    fn pop(&mut self) -> Option<Av> {
        if self.stack.len() <= self.floor {
            return None;
        }
        self.stack.pop()
    }

    #[inline(always)]
    fn pops(&mut self, n: usize) -> Option<()> {
        let len = self.stack.len().checked_sub(n)?;
        if len < self.floor {
            return None;
        }
        self.stack.truncate(len);
        Some(())
    }

    /// Pops `n` operands and pushes one register result.
    #[inline(always)]
    fn op(&mut self, n: usize) -> Option<()> {
        self.pops(n)?;
        self.stack.push(Av::Reg);
        Some(())
    }

    /// An operator of [`EFFECT`] class `e` (reachable code).
    #[inline(always)]
    fn simple(&mut self, e: u8) -> Option<()> {
        self.pops((e & 15) as usize)?;
        match e >> 4 {
            effect::REG => self.stack.push(Av::Reg),
            effect::NONE => {}
            _ => {
                self.spill_regs();
                self.stack.push(Av::Reg);
            }
        }
        Some(())
    }

    /// Notes that an operator asks whether `v`'s high word is zero.
    #[inline]
    fn ask(&mut self, v: Av) {
        if let Av::Local(i) = v {
            self.asked[i as usize] = true;
        }
    }

    /// The translator's `spill_all`: every non-constant value to its slot.
    fn spill_all(&mut self) {
        for v in self.stack.iter_mut() {
            if !matches!(v, Av::Const(_)) {
                *v = Av::Mem;
            }
        }
    }

    /// The translator's `spill_regs` (before a call).
    fn spill_regs(&mut self) {
        for v in self.stack.iter_mut() {
            if matches!(v, Av::Reg | Av::Zx) {
                *v = Av::Mem;
            }
        }
    }

    /// A call taking `params` operands and producing `results` (by their types).
    fn call(&mut self, params: usize, results: &[ValType]) -> Option<()> {
        self.pops(params)?;
        self.spill_regs();
        let mut w = 0;
        for t in results {
            w += t.words();
            self.stack
                .push(if w <= REG_WORDS { Av::Reg } else { Av::Mem });
        }
        Some(())
    }

    /// A soft-float library call of `params` operands and one result.
    fn float_call(&mut self, params: usize) -> Option<()> {
        self.pops(params)?;
        self.spill_regs();
        self.stack.push(Av::Reg);
        Some(())
    }

    /// The frame `depth` levels out (`None` past the function frame).
    fn target(&mut self, depth: u32) -> Option<&mut ScanFrame> {
        let n = self.frames.len();
        let i = n.checked_sub(1 + depth as usize)?;
        Some(&mut self.frames[i])
    }

    /// A branch to frame `depth` (its label becomes used).
    fn branch(&mut self, depth: u32) -> Option<Kind> {
        let f = self.target(depth)?;
        if f.kind != Kind::Function {
            f.used = true;
        }
        Some(f.kind)
    }

    /// `local.set`/`local.tee` of local `i`.
    #[inline]
    fn set(&mut self, i: u32, tee: bool, types: &[ValType]) -> Option<()> {
        let ty = *types.get(i as usize)?;
        for v in self.stack.iter_mut() {
            if *v == Av::Local(i) {
                *v = Av::Mem;
            }
        }
        let v = self.pop()?;
        if ty == ValType::I64 {
            self.ask(v);
            if !v.zero_high() && self.clean[i as usize] {
                self.clean[i as usize] = false;
                self.left -= 1;
            }
        }
        if tee {
            self.stack.push(match v {
                Av::Reg | Av::Zx | Av::Const(_) => v,
                _ => Av::Local(i),
            });
        }
        Some(())
    }

    /// An i64 binary operator or comparison (opcode `op`).
    fn i64_bin(&mut self, op: u8) -> Option<()> {
        let b = self.pop()?;
        let a = self.pop()?;
        self.ask(a);
        self.ask(b);
        let (za, zb) = (a.zero_high(), b.zero_high());
        let shift = match b {
            Av::Const(c) => Some(c & 63),
            _ => None,
        };
        let out = match (op, shift) {
            (0x83, _) if za || zb => Av::Zx,
            (0x84 | 0x85, _) if za && zb => Av::Zx,
            (0x87 | 0x88, Some(c)) if za => {
                if c >= 32 {
                    Av::Const(0)
                } else {
                    Av::Zx
                }
            }
            (0x88, Some(c)) if c >= 32 => Av::Zx,
            _ => Av::Reg,
        };
        self.stack.push(out);
        Some(())
    }

    /// Enters a block (0x02), loop (0x03) or if (0x04).
    fn enter(&mut self, op: u8, bt: (usize, usize), reachable: bool) -> Option<()> {
        if op == 0x04 && reachable {
            self.pop()?;
        }
        let parent = self.frames.last().map_or(0, |f| f.height);
        let height = self.stack.len().saturating_sub(bt.0).max(parent);
        if reachable {
            self.spill_all();
            for v in self.stack.get_mut(height..)? {
                *v = Av::Mem;
            }
        }
        let kind = match op {
            0x02 => Kind::Block,
            0x03 => Kind::Loop,
            _ => Kind::If,
        };
        self.frames.push(ScanFrame {
            kind,
            height,
            params: bt.0,
            results: bt.1,
            entered: reachable,
            used: false,
        });
        self.floor = height;
        Some(())
    }

    /// Drops the stack to `height` and pushes `n` values in their slots.
    fn reset(&mut self, height: usize, n: usize) {
        self.stack.truncate(height);
        self.stack.extend(std::iter::repeat_n(Av::Mem, n));
    }

    /// `else`; returns whether the `else` arm is reachable.
    fn else_(&mut self, reachable: bool) -> Option<bool> {
        let f = self.frames.last_mut()?;
        if f.kind != Kind::If {
            return None;
        }
        if f.entered && reachable {
            f.used = true;
        }
        f.kind = Kind::Else;
        let (height, params, entered) = (f.height, f.params, f.entered);
        self.reset(height, params);
        Some(entered)
    }

    /// `end` of a block, loop or if (not the function's); returns whether the
    /// code after it is reachable.
    fn end(&mut self, reachable: bool) -> Option<bool> {
        let f = self.frames.pop()?;
        self.floor = self.frames.last().map_or(0, |f| f.height);
        let joins = match f.kind {
            Kind::Loop => false,
            Kind::If => true,
            _ => f.used,
        };
        if !f.entered || (!joins && !reachable) {
            self.reset(f.height, f.results);
            return Some(reachable);
        }
        if joins {
            self.reset(f.height, f.results);
            return Some(true);
        }
        Some(reachable)
    }

    /// The operator loop (`None`: stop, assume nothing).
    fn scan(&mut self, code: &[u8], types: &[ValType], sig: &FuncSig, env: &Env) -> Option<()> {
        let mut r = Bytes { b: code, at: 0 };
        let mut live = true;
        self.floor = 0;
        self.frames.push(ScanFrame {
            kind: Kind::Function,
            height: 0,
            params: 0,
            results: sig.results.len(),
            entered: true,
            used: false,
        });
        while self.left > 0 {
            let op = r.byte()?;
            let e = EFFECT[op as usize];
            if e != 0 {
                if live {
                    self.simple(e)?;
                }
                continue;
            }
            match op {
                // The most frequent operators first, without a call.
                0x20 if live => {
                    let i = r.u32()?;
                    types.get(i as usize)?;
                    self.stack.push(Av::Local(i));
                }
                0x41 if live => {
                    let c = r.s64()? as i32 as i64;
                    self.stack.push(Av::Const(c));
                }
                0x21 | 0x22 if live => {
                    let i = r.u32()?;
                    self.set(i, op == 0x22, types)?;
                }
                0x02..=0x04 => {
                    let bt = block_type(&mut r, env)?;
                    self.enter(op, bt, live)?;
                }
                0x05 => live = self.else_(live)?,
                0x0b if self.frames.len() == 1 => return Some(()),
                0x0b => live = self.end(live)?,
                _ => self.operator(op, &mut r, &mut live, types, sig, env)?,
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the scan over `code` for a function `(param i64) (local i64 i64)`
    /// whose declared locals are both candidates: (asked and clean, clean).
    fn scan(code: &[u8]) -> (bool, Vec<bool>) {
        let env = Env::default();
        let sig = FuncSig {
            params: vec![ValType::I64],
            results: vec![],
        };
        let types = [ValType::I64; 3];
        let mut s = ZxScan::default();
        let any = s.run(code, &types, &[false, true, true], &sig, &env);
        (any, s.clean.clone())
    }

    // Operator bytes used below.
    const ZX1: [u8; 4] = [0x20, 0x00, 0xa7, 0xad]; // u64::from(wrap(p0))
    const ZX_REG: [u8; 3] = [0x20, 0x00, 0xa7]; // local.get 0; i32.wrap_i64
    const ASK1: [u8; 6] = [0x20, 0x01, 0x20, 0x01, 0x7c, 0x1a]; // l1 + l1; drop

    fn body(parts: &[&[u8]]) -> Vec<u8> {
        let mut v: Vec<u8> = parts.concat();
        v.push(0x0b);
        v
    }

    #[test]
    fn zero_extended_values_keep_a_local_clean() {
        // l1 = u64::from(wrap(p0)); l2 = l1 (a local reads as unknown)
        let code = body(&[&ZX_REG, &[0xad, 0x21, 1, 0x20, 1, 0x21, 2], &ASK1]);
        assert_eq!(scan(&code), (true, vec![false, true, false]));
        // Not asked: nothing to assume.
        let code = body(&[&ZX_REG, &[0xad, 0x21, 1]]);
        assert!(!scan(&code).0);
    }

    #[test]
    fn shifts_ands_and_constants() {
        // l1 = p0 >> 32; l2 = p0 & 0xff
        let code = body(&[
            &[0x20, 0, 0x42, 32, 0x88, 0x21, 1],
            &[0x20, 0, 0x42, 0xff, 0x01, 0x83, 0x21, 2],
            &ASK1,
        ]);
        assert_eq!(scan(&code).1, [false, true, true]);
        // l1 = p0 >> 31; l2 = -1 (high word set)
        let code = body(&[
            &[0x20, 0, 0x42, 31, 0x88, 0x21, 1, 0x42, 0x7f, 0x21, 2],
            &ASK1,
        ]);
        assert_eq!(scan(&code), (false, vec![false, false, false]));
    }

    #[test]
    fn joins_spill_but_unbranched_blocks_keep_values() {
        // Constants stay constants at joins.
        let code = body(&[&[0x41, 7, 0xad, 0x02, 0x40, 0x0b, 0x21, 1], &ASK1]);
        assert!(scan(&code).0);
        // A zero-high value below a block goes to its slot.
        let code = body(&[&ZX1, &[0x02, 0x40, 0x0b, 0x21, 1], &ASK1]);
        assert!(!scan(&code).0);
        // A block result nothing branches to stays where it is...
        let code = body(&[&[0x02, 0x7e], &ZX1, &[0x0b, 0x21, 1], &ASK1]);
        assert!(scan(&code).0);
        // ...but one a branch targets is in its slot.
        let code = body(&[&[0x02, 0x7e], &ZX1, &[0x0c, 0, 0x0b, 0x21, 1], &ASK1]);
        assert!(!scan(&code).0);
    }

    #[test]
    fn unreachable_code_is_skipped() {
        // block; br 0; l1 = -1; end
        let code = body(&[&[0x02, 0x40, 0x0c, 0, 0x42, 0x7f, 0x21, 1, 0x0b], &ASK1]);
        assert!(scan(&code).0);
    }

    #[test]
    fn malformed_bodies_assume_nothing() {
        for code in [
            &[0x21, 1, 0x0b][..],          // stack underflow
            &[0x20, 9, 0x21, 1, 0x0b][..], // no local 9
            &[0x41][..],                   // truncated
            &[0xfd, 0x0c, 0x0b][..],       // SIMD
            &[0x02, 0x40, 0x21, 1][..],    // underflow inside a block, no end
            &[0x0b, 0x0b][..],             // nothing to scan after the end
        ] {
            assert!(!scan(code).0, "{code:02x?}");
        }
    }
}
