//! The pre-decoded operation set the interpreter dispatches on.
//!
//! One [`Op`] is 8 bytes: a one-byte tag, up to three register slots and a 32-bit
//! immediate or op-array index. Everything that can be resolved when the module is
//! built is resolved then:
//!
//! * `rd == x0` becomes the sink slot [`SINK`], so no op tests for x0 at run time;
//! * `auipc` becomes a load of a constant (its pc is known);
//! * static branch and `jal` targets become op-array indices of the target block's
//!   first instruction (just after its [`Op::Charge`]); the jump pays the block's gas
//!   itself (a branch not taken pays the fall-through block the same way), so
//!   leaving a block costs one dispatch, not two;
//! * `jal x0` (a plain jump) and `jal rd` (a call) are separate ops;
//! * `fence` is [`Op::Nop`];
//! * a few hot sequences of two to six instructions inside one block become one fused
//!   op ([`Op::LiPair`], [`Op::AddiBltu`], [`Op::Add64`], ...; see [`crate::fuse`]).
//!   The fused op replaces the first instruction's op only: the others stay in place
//!   right after it, so a dynamic jump into the sequence, tracing and trap pcs see the
//!   original code. A pair op reads the second op's operands from there; an idiom op
//!   ([`Op::Add64`], [`Op::Sub64`], [`Op::Mul64`], [`Op::Rot64`], [`Op::RotV64`],
//!   [`Op::Rot32`], [`Op::LiAdd`], [`Op::Add64Z`], [`Op::AddCarry`], [`Op::MulWide`],
//!   [`Op::Not64`])
//!   carries all of its operands and skips the ops it stands for.

/// Register-file slot that absorbs writes to x0; never read by any op.
pub const SINK: u8 = 32;

/// Number of register slots: x0..x31, the sink, and padding so that any `u8` register
/// index is in bounds (the compiler then elides every bounds check on the file).
pub const REG_SLOTS: usize = 256;

/// One pre-decoded operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // field names follow the RISC-V spec: rd, rs1, rs2, imm
pub enum Op {
    /// Entry of a basic block: pay `cost` gas or stop with out-of-gas.
    Charge {
        cost: u32,
    },
    /// rd = imm (lui, and auipc with its pc folded in).
    Li {
        rd: u8,
        imm: u32,
    },
    Addi {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    Slti {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    Sltiu {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    Xori {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    Ori {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    Andi {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    Slli {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    Srli {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    Srai {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    Add {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Sub {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Sll {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Slt {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Sltu {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Xor {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Srl {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Sra {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Or {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    And {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Mul {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Mulh {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Mulhsu {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Mulhu {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Div {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Divu {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Rem {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Remu {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    Lb {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    Lh {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    Lw {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    Lbu {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    Lhu {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    Sb {
        rs1: u8,
        rs2: u8,
        imm: i32,
    },
    Sh {
        rs1: u8,
        rs2: u8,
        imm: i32,
    },
    Sw {
        rs1: u8,
        rs2: u8,
        imm: i32,
    },
    /// Conditional branches: `target` is the op index of the target block's first
    /// instruction; taking the branch pays that block's gas.
    Beq {
        rs1: u8,
        rs2: u8,
        target: u32,
    },
    Bne {
        rs1: u8,
        rs2: u8,
        target: u32,
    },
    Blt {
        rs1: u8,
        rs2: u8,
        target: u32,
    },
    Bge {
        rs1: u8,
        rs2: u8,
        target: u32,
    },
    Bltu {
        rs1: u8,
        rs2: u8,
        target: u32,
    },
    Bgeu {
        rs1: u8,
        rs2: u8,
        target: u32,
    },
    /// `jal x0`: unconditional jump to op index `target`.
    Jump {
        target: u32,
    },
    /// `jal rd`: link pc + 4 into rd, jump to op index `target`.
    Call {
        rd: u8,
        target: u32,
    },
    /// rd = pc + 4; pc = (rs1 + imm) & !1, looked up in the module's entry table.
    Jalr {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    /// Fused `lui rd, hi; addi rd, rd, lo` (same `rd`): rd = imm, then skip the addi
    /// op that follows (still in place for tracing and dynamic entries).
    LiPair {
        rd: u8,
        imm: u32,
    },
    /// Two constants: `lui rd, hi; addi rd, rd, lo` (folded into `imm`), then a second
    /// `lui` + `addi` pair whose ops stay in place and are read from there (the two
    /// words of an i64 constant): one dispatch for four instructions.
    LiLi {
        rd: u8,
        imm: u32,
    },
    /// Fused `addi rd, rs1, imm` + the `bltu` op that follows it in the same block
    /// (the compiler's linear-memory bounds check): one dispatch for both.
    AddiBltu {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    /// Compare-and-branch pairs: the ALU instruction named first, then the conditional
    /// branch named second (the block's last instruction, still in place; its
    /// operands are read from there), in one dispatch. Both edges pay their block
    /// exactly as the branch alone does.
    AddiBgeu {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    AddiBne {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    AddiBeq {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    SltiuBne {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    SltiuBeq {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    XoriBne {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    XoriBeq {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    AndiBne {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    AndiBeq {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    AddBltu {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    /// A select hammock: this conditional branch (in place of its own op) over a
    /// block of one `addi rd, rs, imm` (two for an i64: `target` is then five ops
    /// on, else four), to the block after it. Both outcomes end at `target`; the
    /// moves are conditional moves and gas is paid
    /// for one or both blocks without a branch on the condition. `cond`: bit 0
    /// negates, bit 1 tests less-than instead of equality, bit 2 makes it signed.
    Select {
        rs1: u8,
        rs2: u8,
        cond: u8,
        target: u32,
    },
    /// Fused `addi` + the `addi` op that follows it.
    AddiAddi {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    /// Fused `xor` + the `xor` op that follows it (an i64 xor's two words).
    XorXor {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    /// Fused `and` + the `and` op that follows it (an i64 and's two words).
    AndAnd {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    /// Fused `xori` + the `xori` op that follows it (an i64 not's two words).
    XoriXori {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    /// Fused `lw` + the `lw` op that follows it.
    LwLw {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    /// Fused `sw` + the `sw` op that follows it.
    SwSw {
        rs1: u8,
        rs2: u8,
        imm: i32,
    },
    /// [`Op::AddiBltu`] whose fall-through block starts with a `lw` (a bounds-checked
    /// load): when the branch is not taken, pays that block's charge and runs the
    /// `lw`, all in one dispatch.
    ChkLw {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    /// [`Op::ChkLw`] for a `sw` (a bounds-checked store).
    ChkSw {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    /// Fused `add` + the `addi` op that follows it.
    AddAddi {
        rd: u8,
        rs1: u8,
        rs2: u8,
    },
    /// Fused `sw` + the `addi` op that follows it.
    SwAddi {
        rs1: u8,
        rs2: u8,
        imm: i32,
    },
    /// Fused `lw` + the `addi` op that follows it.
    LwAddi {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    /// Fused `lw` + the `xor` op that follows it.
    LwXor {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    /// Fused `slli` + the `add` op that follows it (an array element's address).
    SlliAdd {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    /// The compiler's i64 add ([`crate::fuse`]): `add dl, al, bl; sltu t, dl, bl;
    /// add dh, ah, bh; add dh, dh, t`, run in that order, then skip the three ops
    /// after this one (still in place).
    Add64 {
        dl: u8,
        al: u8,
        bl: u8,
        t: u8,
        dh: u8,
        ah: u8,
        bh: u8,
    },
    /// The compiler's i64 sub: `sltu t, al, bl; sub dl, al, bl; sub dh, ah, bh;
    /// sub dh, dh, t`.
    Sub64 {
        t: u8,
        al: u8,
        bl: u8,
        dl: u8,
        dh: u8,
        ah: u8,
        bh: u8,
    },
    /// The compiler's i64 mul: `mul t0, al, bh; mul t1, ah, bl; add t0, t0, t1;
    /// mulhu t1, al, bl; add dh, t0, t1; mul al, al, bl`.
    Mul64 {
        t0: u8,
        t1: u8,
        al: u8,
        ah: u8,
        bl: u8,
        bh: u8,
        dh: u8,
    },
    /// The compiler's i64 rotate by a constant `k` in 1..=31: `slli nh, hi, k;
    /// srli t, lo, 32 - k; or nh, nh, t; slli lo, lo, k; srli t, hi, 32 - k;
    /// or lo, lo, t`.
    Rot64 {
        nh: u8,
        hi: u8,
        lo: u8,
        t: u8,
        k: u8,
    },
    /// The compiler's i32 rotate by a constant `k` in 1..=31: `slli t, a, k;
    /// srli d, a, 32 - k; or d, d, t`.
    Rot32 {
        d: u8,
        a: u8,
        t: u8,
        k: u8,
    },
    /// The compiler's i64 rotate left of the pair `l`, `h` by the amount in `s`
    /// (bits 0..5; the halves were already swapped for bit 5): `xori x, s, 31;
    /// sll a, h, s; srli t, l, 1; srl t, t, x; or a, a, t; sll l, l, s; srli t, h, 1;
    /// srl t, t, x; or l, l, t; addi h, a, 0`.
    RotV64 {
        x: u8,
        s: u8,
        a: u8,
        h: u8,
        t: u8,
        l: u8,
    },
    /// The compiler's i64 add of a value whose high word is known zero (`bh` is x0,
    /// `compiler/src/func/zx64.rs`): `add dl, al, bl; sltu t, dl, bl;
    /// add dh, ah, t`; skips the two in-place ops after this one.
    Add64Z {
        dl: u8,
        al: u8,
        bl: u8,
        t: u8,
        dh: u8,
        ah: u8,
    },
    /// A 32-bit add and its carry out: `add dl, al, bl; sltu t, dl, bl` (the
    /// zero-extended i64 add whose result's high word is the carry, and the low half
    /// of a zero-extended i64 add whose high word is added later).
    AddCarry {
        dl: u8,
        al: u8,
        bl: u8,
        t: u8,
    },
    /// The full 64-bit product of two words: `mulhu h, a, b; mul l, a, b` (the
    /// compiler's i64 mul of two values whose high words are known zero).
    MulWide {
        h: u8,
        a: u8,
        b: u8,
        l: u8,
    },
    /// The i64 not (xor with the constant -1) as the compiler emitted it up to
    /// the tenth round of issue 14: `addi t, x0, -1; xor a, b, t; addi t, x0, -1;
    /// xor c, d, t`. The compiler now emits `xori a, b, -1; xori c, d, -1`, two
    /// plain ops: fusing that form changed the dispatch loop's code layout and
    /// made other workloads 3-8% slower (bench/HISTORY.md, tenth round).
    Not64 {
        t: u8,
        a: u8,
        b: u8,
        c: u8,
        d: u8,
    },
    /// `lui rd, hi`, optionally `addi rd, rd, lo`, then `add rd, rs1, rd` (or
    /// `add rd, rd, rs1`): rd = imm (the folded constant), then rd = rs1 + rd; skips
    /// the `skip` in-place ops after this one (the compiler's address of a global
    /// plus an offset).
    LiAdd {
        rd: u8,
        rs1: u8,
        skip: u8,
        imm: u32,
    },
    /// The compiler's `br_table` dispatch, `slli t, idx, 2; auipc u, 0; add t, t, u;
    /// jalr x0, 12(t)` (the `auipc` lowered to `u = imm`), and the `jal x0` of the
    /// table it lands on: t = (idx << 2) + imm, u = imm, the `jalr` (its in-place op
    /// index is this one's plus 3) and, when the op it enters is a [`Op::Jump`], that
    /// jump, in one dispatch instead of five.
    BrTable {
        t: u8,
        idx: u8,
        u: u8,
        imm: u32,
    },
    /// A `bgeu` that ends its block and, when it falls through, the next block's
    /// first op, an `lbu` (in place two ops on, after the block's charge; see
    /// `crate::fuse_chain`): a one-byte bounds check (`bgeu addr, gp`) and its load
    /// in one dispatch.
    BgeuLbu {
        rs1: u8,
        rs2: u8,
        target: u32,
    },
    /// [`Op::BgeuLbu`] for a `br_table` dispatch ([`Op::BrTable`]): its default
    /// check and the dispatch.
    BgeuTable {
        rs1: u8,
        rs2: u8,
        target: u32,
    },
    /// [`Op::BgeuLbu`] for a `bltu` (the second check of an access at a large
    /// offset: `bltu gp, t0`) and its `lbu`.
    BltuLbu {
        rs1: u8,
        rs2: u8,
        target: u32,
    },
    /// A `bltu` whose next block's first op is an [`Op::BltuLbu`]: the two checks of
    /// an access at a large offset (`bltu t0, addr` for the wrap, `bltu gp, t0`)
    /// and the load.
    Bltu2Lbu {
        rs1: u8,
        rs2: u8,
        target: u32,
    },
    /// [`Op::AddiBgeu`] whose `bgeu` is followed, in the next block, by an `sb`
    /// (the `bgeu` stays a plain op in place): a value, its one-byte store's check
    /// and the store.
    AddiBgeuSb {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    /// [`Op::LiAdd`] followed in its block by a bounds-checked access
    /// ([`Op::ChkLw`], [`Op::ChkSw`], in place `1 + skip` ops on): a load or store
    /// of a static table at an index, the address and the access in one dispatch.
    LiAddChk {
        rd: u8,
        rs1: u8,
        skip: u8,
        imm: u32,
    },
    /// [`Op::SlliAdd`] followed by a bounds-checked access (in place two ops on):
    /// an array element's address and its load or store in one dispatch.
    SlliAddChk {
        rd: u8,
        rs1: u8,
        imm: i32,
    },
    /// fence.
    Nop,
    /// Host call.
    Ecall,
    /// Breakpoint trap.
    Ebreak,
    /// Sentinel after the last instruction: control fell off the end of the code.
    End,
}

const _: () = assert!(std::mem::size_of::<Op>() == 8);

impl Op {
    /// Number of instructions this op may execute: 2 to 10 for fused ops, else 1 (a
    /// charge, which executes none, also reports 1; tracing skips it separately).
    /// True for a fused ALU op + conditional branch ([`Op::AddiBltu`] and the
    /// compare-and-branch pairs): it may move on to the branch's fall-through block,
    /// three ops on.
    pub fn ends_in_branch(&self) -> bool {
        matches!(
            self,
            Op::AddiBltu { .. }
                | Op::AddiBgeu { .. }
                | Op::AddiBne { .. }
                | Op::AddiBeq { .. }
                | Op::SltiuBne { .. }
                | Op::SltiuBeq { .. }
                | Op::XoriBne { .. }
                | Op::XoriBeq { .. }
                | Op::AndiBne { .. }
                | Op::AndiBeq { .. }
                | Op::AddBltu { .. }
        )
    }

    pub fn width(&self) -> usize {
        match self {
            Op::RotV64 { .. } => 10,
            Op::Mul64 { .. } | Op::Rot64 { .. } => 6,
            Op::Rot32 { .. } | Op::Add64Z { .. } => 3,
            Op::LiAdd { skip, .. } => 1 + *skip as usize,
            // The checked access's `addi`, `bltu` and (in the next block) access.
            Op::LiAddChk { skip, .. } => 4 + *skip as usize,
            Op::SlliAddChk { .. } => 5,
            Op::Add64 { .. }
            | Op::Sub64 { .. }
            | Op::LiLi { .. }
            | Op::Not64 { .. }
            | Op::BrTable { .. } => 4,
            Op::ChkLw { .. } | Op::ChkSw { .. } => 3,
            // The branch(es) and the next block's first op, the `addi` before.
            Op::BgeuLbu { .. } | Op::BltuLbu { .. } => 2,
            Op::Bltu2Lbu { .. } | Op::AddiBgeuSb { .. } => 3,
            // The branch, the four ops of the dispatch and its `jal`.
            Op::BgeuTable { .. } => 6,
            Op::LiPair { .. }
            | Op::AddiBltu { .. }
            | Op::AddiBgeu { .. }
            | Op::AddiBne { .. }
            | Op::AddiBeq { .. }
            | Op::SltiuBne { .. }
            | Op::SltiuBeq { .. }
            | Op::XoriBne { .. }
            | Op::XoriBeq { .. }
            | Op::AndiBne { .. }
            | Op::AndiBeq { .. }
            | Op::AddBltu { .. }
            | Op::AddiAddi { .. }
            | Op::XorXor { .. }
            | Op::AndAnd { .. }
            | Op::XoriXori { .. }
            | Op::LwLw { .. }
            | Op::SwSw { .. }
            | Op::AddAddi { .. }
            | Op::SwAddi { .. }
            | Op::LwAddi { .. }
            | Op::LwXor { .. }
            | Op::SlliAdd { .. }
            | Op::AddCarry { .. }
            | Op::MulWide { .. } => 2,
            _ => 1,
        }
    }
}
