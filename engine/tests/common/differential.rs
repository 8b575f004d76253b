//! The native-vs-interpreter harness of `tests/jit.rs`: run a program twice (once
//! interpreted, once as native code) from the same state and snapshot everything a
//! caller can observe, plus the instruction edge values the cases are built from.

use rivet_engine::{Control, Host, Isa, Machine, Memory, Module, Program, Trap, TrapKind};
use rivet_format::rv32::{ImmOp, Inst};
use std::sync::Arc;

pub const NATIVE: bool = cfg!(all(target_arch = "x86_64", target_os = "linux"));

/// A host whose action is chosen by `t0` (x5), so random code exercises all of
/// them: continue, exit, write memory, change registers (x1..x15 and a high one),
/// charge gas, `jump_to`, `set_gas`, replace memory (a new size), fail. It logs the
/// machine state it sees at every call.
#[derive(Default)]
pub struct ScriptHost {
    pub log: Vec<(u32, [u32; 32], u64)>,
}

impl Host for ScriptHost {
    type Error = String;
    fn ecall(&mut self, m: &mut Machine) -> Result<Control, String> {
        self.log.push((m.pc(), m.regs(), m.gas()));
        // set_gas could otherwise refill a loop forever.
        if self.log.len() > 300 {
            return Err("too many calls".into());
        }
        let (a0, a1) = (m.reg(10), m.reg(11));
        match m.reg(5) % 10 {
            0 => Ok(Control::Continue),
            1 => Ok(Control::Exit(a0)),
            2 => {
                let bytes: Vec<u8> = (0..a1 % 9).map(|k| k as u8 ^ a0 as u8).collect();
                m.memory_mut()
                    .write(a0, &bytes)
                    .map_err(|e| e.to_string())?;
                Ok(Control::Continue)
            }
            3 => {
                for r in 1..16 {
                    m.set_reg(r, m.reg(r).wrapping_mul(3).wrapping_add(r as u32));
                }
                m.set_reg(20, a1 ^ 0x5555);
                Ok(Control::Continue)
            }
            4 => {
                m.charge(a0 as u64 % 64).map_err(|e| e.to_string())?;
                Ok(Control::Continue)
            }
            5 => {
                m.jump_to(a0).map_err(|t| t.to_string())?;
                Ok(Control::Continue)
            }
            6 => {
                m.set_gas(a0 as u64 % 500);
                Ok(Control::Continue)
            }
            7 => {
                // A different memory (another size): native code must reload it.
                let mut mem = Memory::new(a1 % 0x2000);
                let _ = mem.write(0, &a0.to_le_bytes());
                *m.memory_mut() = mem;
                Ok(Control::Continue)
            }
            8 => {
                // jump_to an arbitrary pc (often invalid) but keep going if refused.
                let _ = m.jump_to(m.module().code_base().wrapping_add(a1 % 64));
                Ok(Control::Continue)
            }
            _ => Err(format!("call {a0}")),
        }
    }
}

/// Everything observable after one `run`.
#[derive(Debug)]
pub struct Snapshot {
    pub result: Result<u32, Trap<String>>,
    pub regs: [u32; 32],
    pub pc: u32,
    pub gas: u64,
    pub memory: Memory,
    pub dirty: Vec<u32>,
}

impl Snapshot {
    /// True if `native` (a run on native code) matches this interpreter run: all
    /// equal, except that native code may mark more dirty pages (pages near the
    /// values of sp that stores through it could reach, see the engine's
    /// `jit::stack`); it marks every page the interpreter marks.
    pub fn matched_by(&self, native: &Snapshot) -> bool {
        self.result == native.result
            && self.regs == native.regs
            && self.pc == native.pc
            && self.gas == native.gas
            && self.memory == native.memory
            && self.dirty.iter().all(|p| native.dirty.contains(p))
    }
}

pub fn snapshot(m: &Machine, result: Result<u32, Trap<String>>) -> Snapshot {
    Snapshot {
        result,
        regs: m.regs(),
        pc: m.pc(),
        gas: m.gas(),
        memory: m.memory().clone(),
        dirty: m.memory().dirty_pages().collect(),
    }
}

/// Runs `m` with `host`, resuming after out-of-gas with each of `topups` in turn;
/// returns the snapshot after every run.
pub fn run_all<H: Host<Error = String>>(
    m: &mut Machine,
    host: &mut H,
    topups: &[u64],
) -> Vec<Snapshot> {
    let mut out = Vec::new();
    let mut topups = topups.iter();
    loop {
        let r = m.run(host);
        let oog = matches!(&r, Err(t) if t.kind == TrapKind::OutOfGas);
        out.push(snapshot(m, r));
        match topups.next() {
            Some(&g) if oog => m.set_gas(g),
            _ => return out,
        }
    }
}

/// Sets up a machine: `init` may set registers and memory.
pub fn machine(
    p: &Program,
    module: &Arc<Module>,
    gas: u64,
    jit: bool,
    init: &dyn Fn(&mut Machine),
) -> Machine {
    let mut m = Machine::from_program(p, Arc::clone(module), gas).expect("machine");
    m.set_jit(jit);
    init(&mut m);
    m.memory_mut().clear_dirty();
    m
}

/// Runs `p` interpreted and native from the same state; panics on any difference.
/// Returns the interpreter's snapshots.
pub fn compare(
    p: &Program,
    gas: u64,
    topups: &[u64],
    init: &dyn Fn(&mut Machine),
) -> Vec<Snapshot> {
    let module = Arc::new(Module::new(p).expect("valid program"));
    let mut slow = machine(p, &module, gas, false, init);
    let mut fast = machine(p, &module, gas, true, init);
    assert!(!slow.jit_active());
    assert_eq!(
        fast.jit_active(),
        NATIVE,
        "native code is available on x86-64 Linux"
    );
    let (mut h1, mut h2) = (ScriptHost::default(), ScriptHost::default());
    let a = run_all(&mut slow, &mut h1, topups);
    let b = run_all(&mut fast, &mut h2, topups);
    let same = a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| x.matched_by(y));
    if !same || h1.log != h2.log {
        let code: Vec<String> = (0..module.len())
            .map(|i| {
                let pc = module.code_base() + 4 * i as u32;
                format!("{pc:#x}: {}", module.inst_at(pc).unwrap())
            })
            .collect();
        panic!(
            "interpreter and native code differ\ncode:\n{}\ninterpreter: {a:#?}\nnative: {b:#?}\nhost logs equal: {}",
            code.join("\n"),
            h1.log == h2.log
        );
    }
    a
}

pub fn program(isa: Isa, insts: &[Inst], memory_size: u32) -> Program {
    Program {
        isa,
        code_base: 0x1000,
        code: insts.iter().map(|i| i.encode()).collect(),
        entry: 0x1000,
        memory_size,
        stack_top: memory_size & !15,
        data: vec![],
    }
}

pub const EDGES: [u32; 14] = [
    0,
    1,
    2,
    3,
    31,
    32,
    33,
    0x7fff_ffff,
    0x8000_0000,
    0x8000_0001,
    0xffff_ffff,
    0xffff_fffe,
    0x1234_5678,
    0xdead_beef,
];

/// Filler that makes x1..x8 the most used registers, so that x20..x22 stay in the
/// register file (memory operands) while x1..x6 are pinned to host registers.
pub fn filler() -> Vec<Inst> {
    (0..4)
        .flat_map(|_| {
            (1..=8).map(|r| Inst::Imm {
                op: ImmOp::Addi,
                rd: r,
                rs1: r,
                imm: 0,
            })
        })
        .collect()
}

/// Register triples (rd, rs1, rs2): distinct, aliased, x0, pinned and unpinned.
pub const TRIPLES: [(u8, u8, u8); 9] = [
    (7, 5, 6),
    (5, 5, 6),
    (6, 5, 6),
    (5, 5, 5),
    (0, 5, 6),
    (7, 0, 6),
    (7, 5, 0),
    (22, 20, 21),
    (3, 20, 4),
];
