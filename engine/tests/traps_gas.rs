//! Every trap kind, every load error kind, and the gas metering rules.

mod common;

use common::{machine, program, CountHost, ExitHost, BASE};
use rivet_engine::{Control, Host, LoadError, Machine, Module, Trap, TrapKind};
use rivet_format::program::Isa;
use rivet_format::rv32::{BranchOp, ImmOp, Inst, LoadOp, RegOp, StoreOp};
use std::sync::Arc;

const ECALL: Inst = Inst::Ecall;

fn addi(rd: u8, rs1: u8, imm: i32) -> Inst {
    Inst::Imm {
        op: ImmOp::Addi,
        rd,
        rs1,
        imm,
    }
}

fn trap_of<E: std::fmt::Debug>(r: Result<u32, Trap<E>>) -> Trap<E> {
    r.expect_err("expected a trap")
}

#[test]
fn memory_faults_name_address_size_and_pc() {
    let code = [
        addi(5, 0, 1),
        Inst::Load {
            op: LoadOp::Lw,
            rd: 3,
            rs1: 1,
            offset: 0,
        },
        ECALL,
    ];
    let mut m = machine(&code, 100);
    m.set_reg(1, 0x1_0000 - 2);
    let t = trap_of(m.run(&mut ExitHost));
    assert_eq!(t.pc, BASE + 4);
    assert_eq!(
        t.kind,
        TrapKind::MemoryFault {
            addr: 0xfffe,
            size: 4
        }
    );
    assert_eq!(m.pc(), BASE + 4);
    assert_eq!(m.reg(5), 1, "instructions before the fault ran");
    // Address arithmetic wraps modulo 2^32 (u32::MAX + 1 is address 0) ...
    let code = [
        Inst::Store {
            op: StoreOp::Sh,
            rs1: 1,
            rs2: 0,
            offset: 1,
        },
        ECALL,
    ];
    let mut m = machine(&code, 100);
    m.set_reg(1, u32::MAX);
    assert!(m.run(&mut ExitHost).is_ok());
    // ... but an access never wraps around the end of the address space.
    let mut m = machine(&code, 100);
    m.set_reg(1, u32::MAX - 1);
    let t = trap_of(m.run(&mut ExitHost));
    assert_eq!(
        t.kind,
        TrapKind::MemoryFault {
            addr: u32::MAX,
            size: 2
        }
    );
    let mut m = machine(&code, 100);
    m.set_reg(1, 0xfffc);
    assert!(m.run(&mut ExitHost).is_ok());
    let mut m = machine(&code, 100);
    m.set_reg(1, 0xfffe);
    let t = trap_of(m.run(&mut ExitHost));
    assert_eq!(
        t.kind,
        TrapKind::MemoryFault {
            addr: 0xffff,
            size: 2
        }
    );
    assert_eq!(
        t.to_string(),
        "trap at pc 0x1000: memory fault: 2-byte access at 0xffff"
    );
}

#[test]
fn bad_dynamic_jumps_trap_at_the_jalr() {
    let code = [
        addi(10, 0, 1),
        Inst::Jalr {
            rd: 1,
            rs1: 5,
            offset: 0,
        },
        ECALL,
    ];
    for target in [BASE + 2, BASE + 12, BASE - 4, 0, !1] {
        let mut m = machine(&code, 100);
        m.set_reg(5, target);
        let t = trap_of(m.run(&mut ExitHost));
        assert_eq!(t.pc, BASE + 4);
        assert_eq!(t.kind, TrapKind::MisalignedJump { target });
        assert_eq!(m.reg(1), 0, "no link on a failed jump");
    }
    // jump_to checks too.
    let mut m = machine(&code, 100);
    let t = m.jump_to(BASE + 1).unwrap_err();
    assert_eq!(t.kind, TrapKind::MisalignedJump { target: BASE + 1 });
    assert!(m.jump_to(BASE + 8).is_ok());
    assert_eq!(m.pc(), BASE + 8);
    m.set_reg(10, 3);
    assert_eq!(m.run(&mut ExitHost).unwrap(), 3);
}

#[test]
fn falling_off_the_end_of_the_code_traps() {
    let mut m = machine(&[addi(5, 0, 1)], 100);
    let t = trap_of(m.run(&mut ExitHost));
    assert_eq!(t.kind, TrapKind::MisalignedJump { target: BASE + 4 });
    assert_eq!(t.pc, BASE + 4);
}

#[test]
fn ebreak_and_host_errors_trap() {
    let mut m = machine(&[addi(5, 0, 1), Inst::Ebreak], 100);
    let t = trap_of(m.run(&mut ExitHost));
    assert_eq!((t.pc, t.kind), (BASE + 4, TrapKind::Ebreak));
    let mut m = machine(&[addi(17, 0, 5), ECALL], 100);
    let t = trap_of(m.run(&mut CountHost::default()));
    assert_eq!(t.pc, BASE + 4);
    assert_eq!(t.kind, TrapKind::Host("call 5".to_string()));
    assert_eq!(t.to_string(), "trap at pc 0x1004: host call failed: call 5");
    let inv: Trap<String> = Trap {
        pc: 8,
        kind: TrapKind::InvalidInstruction { word: 0 },
    };
    assert!(inv.to_string().contains("invalid instruction 0x00000000"));
}

fn load_err(isa: Isa, insts: &[Inst]) -> LoadError {
    Module::new(&program(isa, insts)).expect_err("expected a load error")
}

#[test]
fn load_errors_name_the_instruction() {
    let mut p = program(Isa::Rv32im, &[addi(1, 0, 0), ECALL]);
    p.code[1] = 0x0000_0053; // fadd.s
    match Module::new(&p).unwrap_err() {
        LoadError::Decode {
            pc,
            index,
            word,
            reason,
        } => {
            assert_eq!((pc, index, word), (BASE + 4, 1, 0x53));
            assert!(reason.contains("floating"));
        }
        e => panic!("{e}"),
    }
    p.code[1] = 0x4501; // compressed
    assert!(Module::new(&p)
        .unwrap_err()
        .to_string()
        .contains("compressed"));

    let e = load_err(Isa::Rv32em, &[addi(16, 0, 0), ECALL]);
    assert!(
        matches!(
            e,
            LoadError::Rv32eRegister {
                reg: 16,
                index: 0,
                ..
            }
        ),
        "{e}"
    );
    let e = load_err(
        Isa::Rv32em,
        &[
            ECALL,
            Inst::Reg {
                op: RegOp::Add,
                rd: 1,
                rs1: 2,
                rs2: 31,
            },
        ],
    );
    assert!(
        matches!(
            e,
            LoadError::Rv32eRegister {
                reg: 31,
                index: 1,
                ..
            }
        ),
        "{e}"
    );
    assert!(Module::new(&program(Isa::Rv32im, &[addi(31, 0, 0), ECALL])).is_ok());

    let e = load_err(Isa::Rv32im, &[Inst::Jal { rd: 0, offset: 2 }, ECALL]);
    assert!(
        matches!(e, LoadError::BadTarget { target, reason: "not 4-byte aligned", .. } if target == BASE + 2),
        "{e}"
    );
    let e = load_err(
        Isa::Rv32im,
        &[
            ECALL,
            Inst::Branch {
                op: BranchOp::Beq,
                rs1: 0,
                rs2: 0,
                offset: 4,
            },
        ],
    );
    assert!(
        matches!(e, LoadError::BadTarget { target, reason: "outside the code", index: 1, .. } if target == BASE + 8),
        "{e}"
    );
    let e = load_err(Isa::Rv32im, &[Inst::Jal { rd: 1, offset: -4 }]);
    assert!(e.to_string().contains("outside the code"), "{e}");

    let mut p = program(Isa::Rv32im, &[ECALL]);
    p.entry = BASE + 4;
    assert!(matches!(
        Module::new(&p).unwrap_err(),
        LoadError::Structure(_)
    ));
}

/// addi t0,10 | loop: add a0,a0,t0; addi t0,t0,-1; bne t0,x0,loop | ecall
fn loop_program() -> Vec<Inst> {
    vec![
        addi(5, 0, 10),
        Inst::Reg {
            op: RegOp::Add,
            rd: 10,
            rs1: 10,
            rs2: 5,
        },
        addi(5, 5, -1),
        Inst::Branch {
            op: BranchOp::Bne,
            rs1: 5,
            rs2: 0,
            offset: -8,
        },
        ECALL,
    ]
}

/// Blocks: [addi] = 1, [add, addi, bne] = 3 (x10), [ecall] = 10.
const LOOP_GAS: u64 = 1 + 3 * 10 + 10;

#[test]
fn exact_gas_for_a_known_program() {
    let mut m = machine(&loop_program(), 1000);
    assert_eq!(m.run(&mut ExitHost).unwrap(), 55);
    assert_eq!(1000 - m.gas(), LOOP_GAS);
    // Exactly enough gas is enough.
    let mut m = machine(&loop_program(), LOOP_GAS);
    assert_eq!(m.run(&mut ExitHost).unwrap(), 55);
    assert_eq!(m.gas(), 0);
}

#[test]
fn out_of_gas_stops_at_a_block_boundary_and_resumes() {
    // Block A (1) and four loop iterations (12) fit; the fifth iteration does not.
    let mut m = machine(&loop_program(), 15);
    let t = trap_of(m.run(&mut ExitHost));
    assert_eq!((t.pc, t.kind), (BASE + 4, TrapKind::OutOfGas));
    assert_eq!(m.pc(), BASE + 4);
    assert_eq!(m.gas(), 2, "the unpaid block took nothing");
    assert_eq!(m.reg(10), 10 + 9 + 8 + 7);
    assert_eq!(m.reg(5), 6);
    m.set_gas(1000);
    assert_eq!(m.run(&mut ExitHost).unwrap(), 55);
    assert_eq!(
        15 - 2 + (1000 - m.gas()),
        LOOP_GAS,
        "resuming costs nothing extra"
    );
    // Zero gas: nothing runs.
    let mut m = machine(&loop_program(), 0);
    let t = trap_of(m.run(&mut ExitHost));
    assert_eq!((t.pc, t.kind), (BASE, TrapKind::OutOfGas));
    assert_eq!(m.reg(5), 0);
}

#[test]
fn every_budget_gives_the_same_total() {
    // Resuming in slices of any size that pays the largest block (the ecall's 10)
    // uses exactly the same gas as one run.
    for slice in 10..=LOOP_GAS + 1 {
        let mut m = machine(&loop_program(), 0);
        let mut spent = 0;
        let code = loop {
            m.set_gas(slice);
            match m.run(&mut ExitHost) {
                Ok(code) => break code,
                Err(t) => assert_eq!(t.kind, TrapKind::OutOfGas),
            }
            spent += slice - m.gas();
        };
        spent += slice - m.gas();
        assert_eq!((code, spent), (55, LOOP_GAS), "slice {slice}");
    }
}

#[test]
fn infinite_loops_are_bounded_by_gas() {
    let mut m = machine(&[Inst::Jal { rd: 0, offset: 0 }], 100_000);
    let t = trap_of(m.run(&mut ExitHost));
    assert_eq!((t.pc, t.kind), (BASE, TrapKind::OutOfGas));
    assert_eq!(m.gas(), 0);
    // A jalr loop too.
    let mut m2 = machine(
        &[Inst::Jalr {
            rd: 0,
            rs1: 1,
            offset: 0,
        }],
        1001,
    );
    m2.set_reg(1, BASE);
    let t = trap_of(m2.run(&mut ExitHost));
    assert_eq!(t.kind, TrapKind::OutOfGas);
    assert_eq!(m2.gas(), 0);
}

#[test]
fn jumping_into_a_block_pays_for_the_rest_of_it() {
    let code = [
        Inst::Jalr {
            rd: 0,
            rs1: 1,
            offset: 8,
        }, // block: 1
        addi(10, 10, 1), // block: 1 + 1 + 10
        addi(10, 10, 1),
        ECALL,
    ];
    let mut m = machine(&code, 100);
    m.set_reg(1, BASE);
    assert_eq!(m.run(&mut ExitHost).unwrap(), 1);
    assert_eq!(100 - m.gas(), 1 + 11);
    // Not enough for the rest: the jump happened, the partial block is unpaid.
    let mut m = machine(&code, 11);
    m.set_reg(1, BASE);
    let t = trap_of(m.run(&mut ExitHost));
    assert_eq!((t.pc, t.kind), (BASE + 8, TrapKind::OutOfGas));
    assert_eq!(m.gas(), 10);
    m.set_gas(11);
    assert_eq!(m.run(&mut ExitHost).unwrap(), 1);
    assert_eq!(m.gas(), 0);
    // jump_to mid-block from outside also pays only the rest.
    let mut m = machine(&code, 100);
    m.jump_to(BASE + 12).unwrap();
    m.run(&mut ExitHost).unwrap();
    assert_eq!(100 - m.gas(), 10);
}

#[test]
fn long_blocks_are_cut() {
    let n = rivet_engine::module::MAX_BLOCK_LEN + 100;
    let mut code = vec![addi(5, 5, 1); n];
    code.push(ECALL);
    let mut m = machine(&code, 1_000_000);
    m.run(&mut ExitHost).unwrap();
    assert_eq!(1_000_000 - m.gas(), n as u64 + 10);
    let mut m = machine(&code, rivet_engine::module::MAX_BLOCK_LEN as u64);
    let t = trap_of(m.run(&mut ExitHost));
    assert_eq!(t.pc, BASE + 4 * rivet_engine::module::MAX_BLOCK_LEN as u32);
    assert_eq!(m.reg(5), rivet_engine::module::MAX_BLOCK_LEN as u32);
}

/// Charges 5 per call; redirects the first call to `to`.
struct JumpHost {
    to: Option<u32>,
}

impl Host for JumpHost {
    type Error = rivet_engine::OutOfGas;
    fn ecall(&mut self, m: &mut Machine) -> Result<Control, Self::Error> {
        m.charge(5)?;
        if let Some(to) = self.to.take() {
            m.jump_to(to).expect("valid target");
            return Ok(Control::Continue);
        }
        Ok(Control::Exit(m.reg(10)))
    }
}

#[test]
fn host_charges_and_jumps() {
    let code = [ECALL, addi(10, 0, 1), ECALL, addi(10, 0, 2), ECALL];
    let mut m = machine(&code, 1000);
    let mut host = JumpHost {
        to: Some(BASE + 12),
    };
    assert_eq!(m.run(&mut host).unwrap(), 2);
    // ecall 10 + host 5, block [addi, ecall] 11 + host 5.
    assert_eq!(1000 - m.gas(), 31);
    // A host charge that cannot be paid takes nothing and fails the call.
    let mut m = machine(&code, 12);
    let t = trap_of(m.run(&mut JumpHost { to: None }));
    assert_eq!(t.pc, BASE);
    assert!(matches!(
        t.kind,
        TrapKind::Host(rivet_engine::OutOfGas { needed: 5, left: 2 })
    ));
    assert_eq!(m.gas(), 2);
    assert!(m.charge(2).is_ok());
    assert_eq!(m.gas(), 0);
}

#[test]
fn machines_share_a_module() {
    let p = program(Isa::Rv32im, &loop_program());
    let module = Arc::new(Module::new(&p).unwrap());
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let module = module.clone();
            let p = p.clone();
            std::thread::spawn(move || {
                let mut m = Machine::from_program(&p, module, 1000).unwrap();
                (m.run(&mut ExitHost).unwrap(), m.gas())
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), (55, 1000 - LOOP_GAS));
    }
    let other = program(Isa::Rv32im, &[ECALL]);
    assert!(Machine::from_program(&other, module, 10).is_err());
}
