//! Unit tests: every trap ([`traps`]), layout rules ([`layout`]), round trips of every
//! type kind and resource hooks ([`round_trips`]), function-level spilling and WIT
//! conversion ([`functions`]). The helpers here are shared by all of them.

mod functions;
mod layout;
mod round_trips;
mod traps;

use super::*;

const MEM: usize = 65536;
const HEAP: u32 = 0x1000;

fn mem() -> BumpMemory {
    BumpMemory::new(MEM, HEAP)
}

fn s(x: &str) -> String {
    x.to_string()
}

fn b(v: Val) -> Option<Box<Val>> {
    Some(Box::new(v))
}

fn enum_n(n: usize) -> Type {
    Type::enum_(None, (0..n).map(|i| format!("c{i}")).collect()).unwrap()
}

fn flags_n(n: usize) -> Type {
    Type::flags(None, (0..n).map(|i| format!("l{i}")).collect()).unwrap()
}

fn load_bytes(ty: &Type, at: u32, bytes: &[u8]) -> Result<Val, CabiError> {
    let mut m = mem();
    m.bytes[at as usize..at as usize + bytes.len()].copy_from_slice(bytes);
    load(&mut Cx::new(&mut m, &mut NoResources), ty, at)
}

fn lift_in(m: &mut BumpMemory, ty: &Type, flat: &[FlatValue]) -> Result<Val, CabiError> {
    let mut it = FlatIter::new(flat);
    let v = lift_flat(&mut Cx::new(m, &mut NoResources), ty, &mut it)?;
    it.finish()?;
    Ok(v)
}

fn lift(ty: &Type, flat: &[FlatValue]) -> Result<Val, CabiError> {
    lift_in(&mut mem(), ty, flat)
}

/// A string / list `(ptr, len)` pair in memory at 0x100, then loaded.
fn load_pair(ty: &Type, ptr: u32, len: u32, mut m: BumpMemory) -> Result<Val, CabiError> {
    m.bytes[0x100..0x104].copy_from_slice(&ptr.to_le_bytes());
    m.bytes[0x104..0x108].copy_from_slice(&len.to_le_bytes());
    load(&mut Cx::new(&mut m, &mut NoResources), ty, 0x100)
}
