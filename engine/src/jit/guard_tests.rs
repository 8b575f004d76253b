//! Guarded accesses (memory in a guard-page reservation, faults caught by the
//! signal handler) against the interpreter at every memory boundary, and faults
//! that are not guest accesses still crashing the process.

use super::build_with_pins;
use super::signal;
use super::test_support::program_of;
use crate::machine::{Control, Host, Machine};
use crate::module::Module;
use rivet_format::program::{DataSegment, Isa, Program};
use rivet_format::rv32::{Inst, LoadOp, StoreOp};
use std::sync::Arc;

struct Continue;

impl Host for Continue {
    type Error = ();
    fn ecall(&mut self, _: &mut Machine) -> Result<Control, ()> {
        Ok(Control::Continue)
    }
}

/// Memory sizes (whole pages: only those are reserved).
const SIZES: [u32; 2] = [0x1000, 0x3000];
/// For the crash test.
const SIZE: u32 = 0x2000;

/// Accesses of every width through `x2` (pinned or not) and through `x6`, which
/// is loaded from address 0 just before (so native code reads it from `rcx`),
/// with offsets `off` and `off2`; the value stored is sometimes the base itself and
/// one load overwrites its base.
fn program(size: u32, off: i32, off2: i32) -> Program {
    use Inst::*;
    let load = |op, rd, rs1, offset| Load {
        op,
        rd,
        rs1,
        offset,
    };
    let store = |op, rs1, rs2, offset| Store {
        op,
        rs1,
        rs2,
        offset,
    };
    let code = [
        load(LoadOp::Lw, 6, 0, 0),
        load(LoadOp::Lbu, 5, 6, off),
        store(StoreOp::Sw, 6, 7, off2),
        load(LoadOp::Lh, 8, 2, off),
        store(StoreOp::Sh, 2, 8, off2),
        load(LoadOp::Lw, 9, 2, off2),
        store(StoreOp::Sb, 2, 9, off),
        load(LoadOp::Lb, 10, 2, off2),
        store(StoreOp::Sw, 2, 2, off),
        load(LoadOp::Lhu, 2, 2, off2),
        load(LoadOp::Lw, 0, 6, off),
        Ebreak,
    ];
    let data = vec![DataSegment {
        addr: 4,
        bytes: (0..size - 4).map(|b| (b as u8).wrapping_mul(37)).collect(),
    }];
    program_of(Isa::Rv32em, &code, size, data)
}

fn observe(m: &Machine, r: &Result<u32, crate::Trap<()>>) -> (String, Vec<u8>) {
    (
        format!("{r:?} {:?} {:#x} {}", m.regs(), m.pc(), m.gas()),
        m.memory().bytes().to_vec(),
    )
}

/// The pages native code may mark besides those the interpreter marked: for each
/// value sp had, `page(sp + lo)` and the pages above it that a marking can reach
/// (`lo` the lowest offset of a store through sp, a marking site's own lowest
/// offset being up to 4095 higher, and the four pages above that marked too, see
/// `super::stack`), inside the dirty map.
fn sp_pages(sps: &[u32], lo: i32, size: u32) -> Vec<u32> {
    use crate::memory::{DIRTY_GRANULE, DIRTY_SHIFT, GRANULES_PER_REACH};
    let pages = size.div_ceil(DIRTY_GRANULE);
    let wrap = (1u32 << (32 - DIRTY_SHIFT)) - 1;
    sps.iter()
        .map(|&sp| sp.wrapping_add(lo as u32) >> DIRTY_SHIFT)
        .flat_map(|k| (0..2 * GRANULES_PER_REACH - 1).map(move |j| (k + j) & wrap))
        .filter(|&p| p < pages)
        .collect()
}

#[test]
fn guarded_accesses_fault_and_wrap_like_the_interpreter() {
    if !super::enabled_by_default() {
        // RIVET_JIT=0: memories are not reserved, there is nothing to test.
        return;
    }
    assert!(signal::installed(), "the fault handler installs");
    let pinnings: [&[u8]; 4] = [&[], &[2], &[2, 5, 7, 8, 9, 10], &[6, 2, 7]];
    let (mut faults, mut wraps, mut runs) = (0, 0, 0);
    let offsets = [(0, 3), (-1, 2047), (2047, -2048), (-2048, 1), (4, -4)];
    for (size, (off, off2)) in SIZES.iter().flat_map(|&s| offsets.map(|o| (s, o))) {
        let p = program(size, off, off2);
        let module = Arc::new(Module::new(&p).unwrap());
        let codes: Vec<_> = pinnings
            .iter()
            .map(|pins| build_with_pins(&module, pins).expect("native code"))
            .collect();
        // Bases around the end of memory, 0 (wrapping below 0 or above 2^32) and an
        // inner page boundary.
        let bases = [size, 0, 0x1000].into_iter().flat_map(|t| {
            (-10i32..=10).map(move |k| t.wrapping_sub(off as u32).wrapping_add(k as u32))
        });
        for base in bases {
            for entry in 0..12u32 {
                for gas in [4, 1000] {
                    let start = |m: &mut Machine| {
                        m.set_reg(2, base);
                        m.set_reg(7, 0x0102_0304);
                        m.memory_mut().write_u32(0, base.wrapping_add(7)).unwrap();
                        m.memory_mut().clear_dirty();
                        m.jump_to(0x400 + 4 * entry).unwrap();
                    };
                    let mut slow = Machine::from_program(&p, module.clone(), gas).unwrap();
                    slow.set_jit(false);
                    start(&mut slow);
                    let r = slow.run(&mut Continue);
                    if let Err(t) = &r {
                        if let crate::TrapKind::MemoryFault { addr, .. } = t.kind {
                            faults += 1;
                            wraps += (addr >= 0xffff_f000) as u32;
                        }
                    }
                    let expected = observe(&slow, &r);
                    for (pins, code) in pinnings.iter().zip(&codes) {
                        let mut fast = Machine::from_program(&p, module.clone(), gas).unwrap();
                        assert!(fast.memory().reservation().is_some(), "guarded memory");
                        start(&mut fast);
                        let r = fast.exec_native(Some(code), &mut Continue);
                        let got = observe(&fast, &r);
                        let what = || {
                            format!(
                                "size {size:#x}, off {off}/{off2}, base {base:#x}, entry {entry}, \
                                 gas {gas}, pins {pins:?}"
                            )
                        };
                        assert!(got == expected, "{}: {} vs {}", what(), got.0, expected.0);
                        super::test_support::assert_dirty_covers(&fast, &slow, &what);
                        let extra = sp_pages(&[base, fast.regs()[2]], off.min(off2), size);
                        for page in fast.memory().dirty_pages() {
                            assert!(
                                extra.contains(&page)
                                    || slow.memory().dirty_pages().any(|p| p == page),
                                "{}: page {page} marked, not written, not near sp",
                                what()
                            );
                        }
                        runs += 1;
                    }
                }
            }
        }
    }
    // Both outcomes at every edge: accesses that run, faults below 0 (wrapped).
    assert!(
        faults > 1000 && wraps > 100 && runs > 10_000,
        "{faults} {wraps} {runs}"
    );
}

/// Environment variable telling a child process which foreign fault to make.
const CRASH: &str = "RIVET_GUARD_CRASH_CHILD";

/// Faults of host code (not a guest access of native code) must still kill the
/// process with `SIGSEGV`, even inside a memory reservation and while the handler
/// is installed: checked in a child process (this same test binary).
#[test]
fn foreign_faults_still_crash() {
    if let Ok(mode) = std::env::var(CRASH) {
        assert!(signal::installed());
        let mem = crate::memory::Memory::new(SIZE);
        let target = match mode.as_str() {
            // Host code reading a guard page of a reservation.
            "reservation" => mem.bytes().as_ptr().wrapping_add(SIZE as usize + 64),
            // An unrelated bad address.
            _ => 16 as *const u8,
        };
        // SAFETY: none: this must fault and kill the child.
        let v = unsafe { std::ptr::read_volatile(target) };
        // Unreachable if the fault kills the process; exits 0 (a test failure
        // below) otherwise.
        std::process::exit(i32::from(v == 255));
    }
    if !super::enabled_by_default() {
        return;
    }
    use std::os::unix::process::ExitStatusExt;
    let exe = std::env::current_exe().unwrap();
    for mode in ["reservation", "null"] {
        let out = std::process::Command::new(&exe)
            .args(["--exact", "jit::guard_tests::foreign_faults_still_crash"])
            .args(["--test-threads", "1", "--nocapture"])
            .env(CRASH, mode)
            .output()
            .unwrap();
        assert_eq!(
            out.status.signal(),
            Some(libc::SIGSEGV),
            "{mode}: {:?} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
