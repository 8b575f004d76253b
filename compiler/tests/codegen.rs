//! The emitted instruction sequences: immediates folded, values kept in registers,
//! cheap bounds checks. These pin the code quality the benchmarks rely on.

use rivet_compiler::{compile, CompileOptions};
use rivet_format::package::Package;
use rivet_format::rv32::Inst;

fn package(wat: &str) -> Package {
    compile(&wat::parse_str(wat).unwrap(), &CompileOptions::default()).unwrap()
}

/// The instructions of function `index` after its entry (prologue included).
fn body(pkg: &Package, index: u32) -> Vec<String> {
    let d = pkg.debug.iter().find(|d| d.index == index).unwrap();
    let entry = pkg.functions[index as usize].pc;
    (entry..d.end)
        .step_by(4)
        .map(|pc| {
            Inst::decode(pkg.program.code[(pc / 4) as usize])
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn leaf_parameters_stay_in_argument_registers() {
    let pkg =
        package(r#"(module (func (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))"#);
    let b = body(&pkg, 0);
    println!("{}", b.join("\n"));
    // Prologue: stack check (lui, addi, bltu) and the ra slot (a nop in a leaf);
    // then one add straight from the argument registers, and the return.
    assert_eq!(b[2].split(' ').next(), Some("bltu"));
    assert_eq!(b[3], "addi zero, zero, 0");
    assert_eq!(&b[4..], ["add a0, a0, a1", "jalr zero, 0(ra)"]);
}

#[test]
fn constants_fold_into_immediates() {
    let pkg = package(
        r#"(module (func (param i32) (result i32)
            local.get 0 i32.const 5 i32.add i32.const 3 i32.shl i32.const -7 i32.and
            i32.const 100 i32.lt_s))"#,
    );
    let b = body(&pkg, 0).join("\n");
    println!("{b}");
    for want in [
        "addi t1, a0, 5",
        "slli t1, t1, 3",
        "andi t1, t1, -7",
        "slti a0, t1, 100",
    ] {
        assert!(b.contains(want), "missing {want}");
    }
    assert!(!b.contains("\nadd "), "no register add expected");
}

#[test]
fn zero_offset_bounds_check_is_one_add_and_one_branch() {
    let pkg =
        package(r#"(module (memory 1) (func (param i32) (result i32) local.get 0 i32.load))"#);
    let b = body(&pkg, 0);
    println!("{}", b.join("\n"));
    let at = b
        .iter()
        .position(|s| s.starts_with("lw a0, 0(a0)"))
        .expect("the load");
    assert_eq!(b[at - 2], "addi t0, a0, 4");
    assert!(b[at - 1].starts_with("bltu gp, t0, "), "{}", b[at - 1]);
}

#[test]
fn loop_conditions_fuse_into_branches_and_hot_locals_stay_in_registers() {
    let pkg = package(
        r#"(module (func (param i32) (result i32) (local i32)
            loop
                local.get 1 local.get 0 i32.add local.set 1
                local.get 0 i32.const 1 i32.sub local.tee 0
                i32.const 0 i32.ne br_if 0
            end
            local.get 1))"#,
    );
    let b = body(&pkg, 0);
    println!("{}", b.join("\n"));
    // A leaf: nothing touches memory.
    assert!(
        !b.iter()
            .any(|s| s.starts_with("lw ") || s.starts_with("sw ")),
        "{b:?}"
    );
    assert!(
        b.contains(&"add s0, s0, a0".to_string()),
        "computed in place: {b:?}"
    );
    assert!(
        !b.iter()
            .any(|s| s.starts_with("sltu") || s.starts_with("sltiu")),
        "fused: {b:?}"
    );
    assert!(b.iter().any(|s| s.starts_with("bne ")), "{b:?}");
}

#[test]
fn calls_save_ra_and_pass_arguments_in_registers() {
    let pkg = package(
        r#"(module (func $f (param i32) (result i32) local.get 0)
            (func (param i32) (result i32) local.get 0 i32.const 1 i32.add call $f))"#,
    );
    let b = body(&pkg, 1);
    println!("{}", b.join("\n"));
    assert_eq!(b[3], "sw ra, -4(sp)");
    let call = b
        .iter()
        .position(|s| s.starts_with("jal ra, "))
        .expect("the call");
    assert!(b[call - 1].starts_with("addi sp, sp, -"));
    assert!(b[call + 1].starts_with("addi sp, sp, "));
    assert_eq!(b[call + 2], "lw ra, -4(sp)");
}

#[test]
fn a_tee_of_a_frame_slot_local_proves_its_extent() {
    // Locals 1-4 are hot (a loop) and take the four pinned registers; local 5 lives
    // in a frame slot, so `local.tee 5` leaves a register on the stack. The load's
    // check through that register proves the end for local 5 (the slot cache knows
    // the register holds its slot): the store through `local.get 5` needs none.
    let pkg = package(
        r#"(module (memory 1) (func (param i32) (result i32) (local i32 i32 i32 i32 i32)
            loop
                local.get 1 local.get 2 i32.add local.set 3
                local.get 4 local.get 3 i32.add local.set 4
                local.get 1 local.get 2 i32.xor local.set 1
                local.get 2 i32.const 1 i32.add local.tee 2 local.get 0 i32.ne br_if 0
            end
            local.get 0 local.get 4 i32.add local.tee 5 i64.load
            local.get 5 i32.const 7 i32.store offset=4
            i32.wrap_i64))"#,
    );
    let b = body(&pkg, 0);
    println!("{}", b.join("\n"));
    let checks = b.iter().filter(|s| s.starts_with("bltu gp, ")).count();
    assert_eq!(checks, 1, "only the load is checked");
}

#[test]
fn a_loop_keeps_the_extents_of_locals_its_body_does_not_write() {
    // Local 0 (the base) is checked before the loop up to 16 bytes and never
    // written in it: the accesses through it inside need no check. Local 1 is
    // written in the loop: its access is checked on every iteration.
    let pkg = package(
        r#"(module (memory 1) (func (param i32 i32 i32) (result i32)
            local.get 0 i32.load offset=12 drop
            local.get 1 i32.load drop
            loop
                local.get 0 local.get 0 i32.load offset=4 i32.store offset=8
                local.get 1 i32.load local.set 1
                local.get 2 i32.const 1 i32.sub local.tee 2 br_if 0
            end
            local.get 0 i32.load))"#,
    );
    let b = body(&pkg, 0);
    println!("{}", b.join("\n"));
    let checks = b
        .iter()
        .filter(|s| s.starts_with("bltu gp, ") || s.starts_with("bltu t0, "))
        .count();
    assert_eq!(
        checks, 3,
        "before the loop (local 0, local 1) and local 1 inside"
    );
}

#[test]
fn only_the_branch_that_cannot_reach_takes_the_long_form() {
    // Three forward branches: two over a few instructions, one over ~3000. The
    // far one is an inverted branch over a `jal`; the near ones stay single
    // branches (before, one far branch made every forward branch of the
    // function long).
    let filler = "local.get 1 i32.const 3 i32.mul i32.const 1 i32.add local.set 1\n".repeat(600);
    let pkg = package(&format!(
        r#"(module (func (param i32) (result i32) (local i32)
            block local.get 0 i32.const 1 i32.eq br_if 0 i32.const 5 local.set 1 end
            block
                local.get 0 br_if 0
                {filler}
            end
            block local.get 0 i32.const 2 i32.eq br_if 0 i32.const 9 local.set 1 end
            local.get 1))"#
    ));
    let b = body(&pkg, 0);
    let long: Vec<usize> = (1..b.len())
        .filter(|&k| b[k].starts_with("jal zero, ") && b[k - 1].ends_with(", +8"))
        .collect();
    assert_eq!(long.len(), 1, "one long branch: {long:?}");
    // Conditional branches on the locals (not the stack or bounds checks) that
    // are not followed by a `jal`: the near ones.
    let short: Vec<&String> = (0..b.len())
        .filter(|&k| {
            let op = b[k].split(' ').next().unwrap_or("");
            ["beq", "bne"].contains(&op)
                && !b.get(k + 1).is_some_and(|n| n.starts_with("jal zero, "))
        })
        .map(|k| &b[k])
        .collect();
    assert!(short.len() >= 2, "the near branches stay short: {short:?}");
}
