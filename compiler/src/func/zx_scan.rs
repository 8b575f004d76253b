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

use super::pins::Bytes;
use crate::env::Env;
use rivet_format::abi::call::REG_WORDS;
use rivet_format::package::{ConstInit, FuncSig, ValType};

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
            for v in &mut self.stack[height..] {
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

impl ZxScan {
    /// One operator other than block structure: its immediates are read even in
    /// unreachable code, its effect applied only in reachable code.
    fn operator(
        &mut self,
        op: u8,
        r: &mut Bytes<'_>,
        live: &mut bool,
        types: &[ValType],
        sig: &FuncSig,
        env: &Env,
    ) -> Option<()> {
        let go = *live;
        match op {
            0x00 | 0x0f => *live = false,
            0x01 => {}
            0x0c => {
                let d = r.u32()?;
                if go {
                    self.branch(d)?;
                    *live = false;
                }
            }
            0x0d => {
                let d = r.u32()?;
                if go {
                    self.pop()?;
                    let kind = self.branch(d)?;
                    if kind == Kind::Function && sig.result_words() > REG_WORDS {
                        self.spill_all();
                    }
                }
            }
            0x0e => {
                let n = r.u32()?;
                if go {
                    self.pop()?;
                    self.spill_all();
                }
                for _ in 0..=n {
                    let d = r.u32()?;
                    if go {
                        self.branch(d)?;
                    }
                }
                *live &= !go;
            }
            0x10 => {
                let f = env.funcs.get(r.u32()? as usize)?;
                if go {
                    self.call(f.sig.params.len(), &f.sig.results)?;
                }
            }
            0x11 => {
                let t = env.types.get(r.u32()? as usize)?;
                r.skip_leb()?;
                if go {
                    self.pop()?;
                    self.call(t.params.len(), &t.results)?;
                }
            }
            0x1c => {
                for _ in 0..r.u32()? {
                    r.byte()?;
                }
                if go {
                    self.op(3)?;
                }
            }
            0x20..=0x22 => {
                let i = r.u32()?;
                if go {
                    match op {
                        0x20 => {
                            types.get(i as usize)?;
                            self.stack.push(Av::Local(i));
                        }
                        _ => self.set(i, op == 0x22, types)?,
                    }
                }
            }
            0x23 => {
                let g = env.globals.get(r.u32()? as usize)?;
                if go {
                    self.stack.push(match g.init {
                        ConstInit::Const(bits) if !g.mutable => Av::Const(if g.ty.words() == 1 {
                            bits as u32 as i32 as i64
                        } else {
                            bits as i64
                        }),
                        _ => Av::Reg,
                    });
                }
            }
            0x24..=0x26 | 0x3f | 0x40 | 0xd2 => {
                let x = r.u32()?;
                if go {
                    match op {
                        0x24 => self.pops(1)?,
                        0x25 | 0x40 => self.op(1)?,
                        0x26 => self.pops(2)?,
                        0x3f => self.stack.push(Av::Reg),
                        _ => self.stack.push(Av::Const(x as i64 + 1)),
                    }
                }
            }
            0x28..=0x3e => {
                // memarg: alignment flags (bit 6: a memory index follows), offset.
                if r.u32()? & 0x40 != 0 {
                    r.skip_leb()?;
                }
                r.skip_leb()?;
                if go {
                    match op {
                        0x31 | 0x33 | 0x35 => {
                            self.pop()?;
                            self.stack.push(Av::Zx);
                        }
                        0x28..=0x35 => self.op(1)?,
                        _ => self.pops(2)?,
                    }
                }
            }
            0x41..=0x44 => {
                let c = match op {
                    0x41 => r.s64()? as i32 as i64,
                    0x42 => r.s64()?,
                    0x43 => {
                        let at = r.at;
                        r.skip(4)?;
                        u32::from_le_bytes(r.b[at..at + 4].try_into().ok()?) as i32 as i64
                    }
                    _ => {
                        let at = r.at;
                        r.skip(8)?;
                        u64::from_le_bytes(r.b[at..at + 8].try_into().ok()?) as i64
                    }
                };
                if go {
                    self.stack.push(Av::Const(c));
                }
            }
            0xd0 => {
                if !matches!(r.byte()?, 0x6f | 0x70) {
                    return None;
                }
                if go {
                    self.stack.push(Av::Const(0));
                }
            }
            0xfc => {
                let sub = r.u32()?;
                let imms = match sub {
                    0..=7 => 0,
                    9 | 11 | 13 | 15..=17 => 1,
                    8 | 10 | 12 | 14 => 2,
                    _ => return None,
                };
                for _ in 0..imms {
                    r.skip_leb()?;
                }
                if go {
                    match sub {
                        0..=7 => self.float_call(1)?,
                        9 | 13 => {}
                        15 => self.op(2)?,
                        16 => self.stack.push(Av::Reg),
                        _ => self.pops(3)?,
                    }
                }
            }
            _ if go => self.numeric(op)?,
            0x50..=0x5a | 0x7c..=0x8c | 0x98..=0x9a | 0xa6 | 0xa7 | 0xac | 0xad | 0xbc..=0xbf => {}
            _ => return None,
        }
        Some(())
    }

    /// The operators without immediates (reachable code).
    fn numeric(&mut self, op: u8) -> Option<()> {
        const SIGN32: u64 = 0x8000_0000;
        const SIGN64: u64 = 1 << 63;
        match op {
            0x50 => {
                let v = self.pop()?;
                self.ask(v);
                self.stack.push(Av::Reg);
            }
            0x51..=0x5a | 0x7c..=0x8a => self.i64_bin(op)?,
            // Sign operations, folded on constants as the translator does.
            0x8b | 0x8c | 0x99 | 0x9a => {
                let v = self.pop()?;
                self.stack.push(match (op, v) {
                    (0x8b, Av::Const(c)) => Av::Const((c as u64 & !SIGN32) as u32 as i32 as i64),
                    (0x8c, Av::Const(c)) => Av::Const((c as u64 ^ SIGN32) as u32 as i32 as i64),
                    (0x99, Av::Const(c)) => Av::Const((c as u64 & !SIGN64) as i64),
                    (0x9a, Av::Const(c)) => Av::Const((c as u64 ^ SIGN64) as i64),
                    _ => Av::Reg,
                });
            }
            0x98 | 0xa6 => {
                let s = self.pop()?;
                let v = self.pop()?;
                let sign = if op == 0x98 { SIGN32 } else { SIGN64 };
                self.stack.push(match (v, s) {
                    (Av::Const(c), Av::Const(s)) => {
                        let bits = (c as u64 & !sign) | (s as u64 & sign);
                        Av::Const(if op == 0x98 {
                            bits as u32 as i32 as i64
                        } else {
                            bits as i64
                        })
                    }
                    _ => Av::Reg,
                });
            }
            // Conversions between i32 and i64, folded on constants.
            0xa7 | 0xac | 0xad => {
                let v = self.pop()?;
                self.stack.push(match (op, v) {
                    (0xad, Av::Const(c)) => Av::Const(c as i32 as u32 as i64),
                    (_, Av::Const(c)) => Av::Const(c as i32 as i64),
                    (0xad, _) => Av::Zx,
                    _ => Av::Reg,
                });
            }
            // Reinterpretations keep the value where it is.
            0xbc..=0xbf => {
                self.stack.last()?;
            }
            _ => return None,
        }
        Some(())
    }
}
