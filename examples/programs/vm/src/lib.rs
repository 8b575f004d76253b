//! A bytecode interpreter: `run(n)` runs a small stack-machine program (a loop of
//! arithmetic, locals and a conditional jump per iteration) for `n` iterations, with a
//! `match` dispatch over opcodes, an operand stack and a locals array.
#![no_std]

/// Opcodes of the toy machine.
const PUSH: u8 = 0; // push imm (next 4 bytes, little-endian)
const LOAD: u8 = 1; // push locals[imm8]
const STORE: u8 = 2; // locals[imm8] = pop
const ADD: u8 = 3;
const SUB: u8 = 4;
const MUL: u8 = 5;
const XOR: u8 = 6;
const SHR: u8 = 7; // a >> (b & 31)
const LT: u8 = 8; // push (a < b) as unsigned
const JNZ: u8 = 9; // pop; if nonzero jump to imm16 (absolute)
const HALT: u8 = 10;
const DUP: u8 = 11;

/// Locals: 0 = i, 1 = n, 2 = x, 3 = acc.
#[rustfmt::skip]
static PROGRAM: [u8; 60] = [
    // loop: x = x * 1103515245 + 12345
    LOAD, 2, PUSH, 0x6d, 0x4e, 0xc6, 0x41, MUL, PUSH, 0x39, 0x30, 0, 0, ADD, STORE, 2,
    // acc = acc ^ (x >> 7) + i
    LOAD, 3, LOAD, 2, PUSH, 7, 0, 0, 0, SHR, XOR, LOAD, 0, ADD, STORE, 3,
    // i = i + 1
    LOAD, 0, PUSH, 1, 0, 0, 0, ADD, DUP, STORE, 0,
    // if i < n goto loop
    LOAD, 1, LT, JNZ, 0, 0,
    // acc - x
    LOAD, 3, LOAD, 2, SUB, STORE, 3, HALT, 0, 0, 0,
];

/// Interprets `code` with the given locals; returns locals[3].
#[inline(never)]
fn interpret(code: &[u8], locals: &mut [u32; 4]) -> u32 {
    let mut stack = [0u32; 16];
    let mut sp = 0usize;
    let mut pc = 0usize;
    let imm32 =
        |pc: usize| u32::from_le_bytes([code[pc], code[pc + 1], code[pc + 2], code[pc + 3]]);
    loop {
        let op = code[pc];
        pc += 1;
        match op {
            PUSH => {
                stack[sp] = imm32(pc);
                sp += 1;
                pc += 4;
            }
            LOAD => {
                stack[sp] = locals[code[pc] as usize & 3];
                sp += 1;
                pc += 1;
            }
            STORE => {
                sp -= 1;
                locals[code[pc] as usize & 3] = stack[sp];
                pc += 1;
            }
            DUP => {
                stack[sp] = stack[sp - 1];
                sp += 1;
            }
            JNZ => {
                sp -= 1;
                if stack[sp] != 0 {
                    pc = u16::from_le_bytes([code[pc], code[pc + 1]]) as usize;
                } else {
                    pc += 2;
                }
            }
            HALT => return locals[3],
            _ => {
                sp -= 1;
                let b = stack[sp];
                let a = stack[sp - 1];
                stack[sp - 1] = match op {
                    ADD => a.wrapping_add(b),
                    SUB => a.wrapping_sub(b),
                    MUL => a.wrapping_mul(b),
                    XOR => a ^ b,
                    SHR => a >> (b & 31),
                    LT => (a < b) as u32,
                    _ => return u32::MAX,
                };
            }
        }
    }
}

/// Runs the toy program for `n` iterations (at least one).
#[no_mangle]
pub extern "C" fn run(n: i32) -> i64 {
    let mut locals = [0, n.max(1) as u32, 0x1234_5678, 0];
    interpret(&PROGRAM, &mut locals) as i64
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
