//! The zero-high pre-scan's operators other than block structure (see the
//! parent module for the rules).

use super::{Av, Kind, ZxScan, REG_WORDS};
use crate::env::Env;
use crate::func::pins::Bytes;
use rivet_format::package::{ConstInit, FuncSig, ValType};

impl ZxScan {
    /// One operator other than block structure: its immediates are read even in
    /// unreachable code, its effect applied only in reachable code.
    pub(super) fn operator(
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
            _ => self.data_op(op, r, go)?,
        }
        Some(())
    }

    /// [`Self::operator`] for memory access, constants and the rest (`go`:
    /// reachable code).
    fn data_op(&mut self, op: u8, r: &mut Bytes<'_>, go: bool) -> Option<()> {
        match op {
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
