//! Instantiation: imports checked, memory built, globals, table and segments
//! applied in the spec's order (elements, then data), then the start function.

use super::host::initial_drops;
use super::{CallError, Imports, Instance, InstanceError, LoadedPackage};
use rivet_engine::{Machine, Memory};
use rivet_format::abi::{wasm_reg, TrapCode};
use rivet_format::package::{ConstInit, Package, PAGE_SIZE};
use std::sync::Arc;

fn trap(code: TrapCode) -> InstanceError {
    InstanceError::Uninstantiable(CallError::Trap(code))
}

pub(super) fn instantiate(
    loaded: &Arc<LoadedPackage>,
    imports: &mut dyn Imports,
    gas: u64,
) -> Result<Instance, InstanceError> {
    let pkg = &loaded.pkg;
    let mut memory = Memory::new(pkg.program.memory_size);
    let mut foreign = Vec::new();
    let (pages, memory_max) =
        super::linking::resolve_imports(pkg, &mut memory, &mut foreign, imports)?;
    super::tables::init_tables(pkg, &mut memory, &mut foreign, imports)?;
    for (i, g) in pkg.globals.iter().enumerate() {
        let addr = pkg.global_addr(i as u32);
        match g.init {
            ConstInit::Const(v) => write_u64(&mut memory, addr, v)?,
            ConstInit::Global(src) if src as usize == i => {}
            ConstInit::Global(src) => {
                let v = read_u64(&memory, pkg.global_addr(src))?;
                write_u64(&mut memory, addr, v)?;
            }
        }
    }
    let mem_size = pages * PAGE_SIZE;
    let applied = apply_segments(pkg, &mut memory, mem_size);
    let mut machine = Machine::new(loaded.module.clone(), memory, gas);
    machine.set_reg(wasm_reg::MEM_SIZE, mem_size);
    let mut inst = Instance {
        pkg: loaded.clone(),
        machine,
        dropped: initial_drops(pkg),
        foreign,
        memory_max,
    };
    let started = applied.and_then(|()| match pkg.start {
        Some(start) => {
            let f = &pkg.functions[start as usize];
            let (pc, sig) = (f.pc, f.sig.clone());
            inst.call_pc(pc, &sig, &[], imports)
                .map(|_| ())
                .map_err(InstanceError::Uninstantiable)
        }
        None => Ok(()),
    });
    if let Err(e) = started {
        // Wasm 2.0: what the segments and the start function wrote before the trap
        // stays written, which matters for imported (shared) items.
        imports.instantiation_trapped(inst);
        return Err(e);
    }
    Ok(inst)
}

/// Applies the active element, then data segments, in order; the first that does not
/// fit traps (after the earlier ones were written).
fn apply_segments(pkg: &Package, memory: &mut Memory, mem_size: u32) -> Result<(), InstanceError> {
    let eval = |memory: &Memory, c: ConstInit| -> Result<u32, InstanceError> {
        Ok(match c {
            ConstInit::Const(v) => v as u32,
            ConstInit::Global(g) => read_u64(memory, pkg.global_addr(g))? as u32,
        })
    };
    super::tables::apply_elements(pkg, memory, eval)?;
    for d in &pkg.data {
        if let rivet_format::package::DataMode::Active(off) = d.mode {
            let off = eval(memory, off)?;
            if off as u64 + d.bytes.len() as u64 > mem_size as u64 {
                return Err(trap(TrapCode::OutOfBounds));
            }
            memory
                .write(off, &d.bytes)
                .map_err(|e| InstanceError::Uninstantiable(CallError::Engine(e.to_string())))?;
        }
    }
    Ok(())
}

fn engine_err(e: impl std::fmt::Display) -> InstanceError {
    InstanceError::Uninstantiable(CallError::Engine(e.to_string()))
}

pub(super) fn write_u64(m: &mut Memory, addr: u32, v: u64) -> Result<(), InstanceError> {
    m.write(addr, &v.to_le_bytes()).map_err(engine_err)
}

fn read_u64(m: &Memory, addr: u32) -> Result<u64, InstanceError> {
    let b = m.read(addr, 8).map_err(engine_err)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(b);
    Ok(u64::from_le_bytes(a))
}
