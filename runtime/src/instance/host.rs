//! The engine host of an instance: serves the reserved `ecall`s of compiled code.
//!
//! * `HALT`: the export returned; the run stops.
//! * `TRAP`: a Wasm trap with its code in `a0` (function index in `a1` for
//!   unsupported functions, named from the debug info).
//! * helper calls (`t0` has [`ecall::HELPER_FLAG`]): operations RV32EM has no short
//!   sequence for, with their operand registers encoded in `t0`.
//! * `IMPORT_BASE + i`: an imported function, forwarded to [`Imports::call`] with the
//!   arguments read per the calling convention and the results written back.
//! * `FOREIGN_BASE + k`: a call through foreign slot `k` (a function of another
//!   instance, see the `foreign` module), forwarded to [`Imports::call_funcref`]
//!   the same way.

use super::foreign::ForeignFunc;
use super::guest::SuspendedGuest;
use super::value::{check, flatten_each, unflatten_values, ValueMismatch};
use super::{CoreValue, ImportFailure, Imports, LoadedPackage};
use rivet_engine::{Control, Host, Machine};
use rivet_format::abi::{call::REG_WORDS, ecall, reg, wasm_reg, Helper, HelperResult, TrapCode};
use rivet_format::gas;
use rivet_format::package::{DataMode, FuncSig, ImportKind, PAGE_SIZE};

/// Why the host stopped the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HostError {
    /// A Wasm trap.
    Trap(TrapCode),
    /// An untranslated function was called; the reason.
    Unsupported(String),
    /// Host work could not be paid for.
    OutOfGas,
    /// An imported function failed.
    Import(ImportFailure),
    /// Compiled code broke the convention (corrupted package).
    Bad(String),
}

/// A malformed core value crossing an import is the import's failure.
impl From<ValueMismatch> for HostError {
    fn from(e: ValueMismatch) -> Self {
        HostError::Import(ImportFailure::new(e))
    }
}

impl std::fmt::Display for HostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HostError::Trap(c) => write!(f, "{c}"),
            HostError::Unsupported(s) => write!(f, "unsupported: {s}"),
            HostError::OutOfGas => f.write_str("out of gas"),
            HostError::Import(s) => write!(f, "import failed: {s}"),
            HostError::Bad(s) => f.write_str(s),
        }
    }
}

/// An embedder's import returned values that do not match its signature.
#[derive(Debug, thiserror::Error)]
#[error("{import} returned wrong results: {error}")]
struct WrongResults {
    import: String,
    error: ValueMismatch,
}

pub(crate) struct InstanceHost<'a> {
    pub pkg: &'a LoadedPackage,
    pub imports: &'a mut dyn Imports,
    pub dropped: &'a mut Vec<bool>,
    pub foreign: &'a mut Vec<ForeignFunc>,
    /// The memory type's maximum (see `Instance::memory_max`).
    pub memory_max: Option<u32>,
}

fn charge(m: &mut Machine, amount: u64) -> Result<(), HostError> {
    m.charge(amount).map_err(|_| HostError::OutOfGas)
}

fn set_pair(m: &mut Machine, lo: u8, hi: u8, v: u64) {
    m.set_reg(lo, v as u32);
    m.set_reg(hi, (v >> 32) as u32);
}

/// The largest linear memory of a package's layout, in bytes.
pub(crate) fn linear_max(layout: &rivet_format::package::Layout) -> u64 {
    layout.max_pages as u64 * PAGE_SIZE as u64
}

/// The current linear memory size: `gp`, clamped to the linear-memory region (a
/// corrupted package could set `gp` to anything).
pub(crate) fn linear_size(pkg: &LoadedPackage, m: &Machine) -> u32 {
    let max = linear_max(&pkg.pkg.layout);
    (m.reg(wasm_reg::MEM_SIZE) as u64)
        .min(max)
        .min(m.memory().size() as u64) as u32
}

/// Checks `[start, start + len)` lies within `size`, without wrapping.
fn in_bounds(start: u32, len: u32, size: u32) -> Result<(), HostError> {
    if start as u64 + len as u64 > size as u64 {
        return Err(HostError::Trap(TrapCode::OutOfBounds));
    }
    Ok(())
}

impl InstanceHost<'_> {
    /// Runs one helper. Bulk-memory ranges are checked before their per-byte gas
    /// is charged: an operation that traps does no work and costs no bytes.
    fn helper(&mut self, m: &mut Machine, op: Helper, r: [u8; 6]) -> Result<(), HostError> {
        charge(m, op.gas())?;
        if let Some(result) = op.eval_registers(|k| m.reg(r[k])) {
            match result.map_err(HostError::Trap)? {
                HelperResult::Word(v) => m.set_reg(r[0], v),
                HelperResult::Pair(v) => set_pair(m, r[0], r[1], v),
            }
            return Ok(());
        }
        let size = linear_size(self.pkg, m);
        match op {
            Helper::TableGrow
            | Helper::TableFill
            | Helper::TableCopy
            | Helper::TableInit
            | Helper::ElemDrop => self.table_helper(m, op, r)?,
            // The bulk-memory helpers (the register helpers returned above).
            _ => self.memory_helper(m, op, r, size)?,
        }
        Ok(())
    }

    /// The bulk-memory helpers (`memory.grow/copy/fill/init`, `data.drop`); `size` is
    /// the linear memory's current size.
    fn memory_helper(
        &mut self,
        m: &mut Machine,
        op: Helper,
        r: [u8; 6],
        size: u32,
    ) -> Result<(), HostError> {
        match op {
            Helper::MemoryGrow => {
                let delta = m.reg(r[1]) as u64;
                let old = size / PAGE_SIZE;
                let new = old as u64 + delta;
                let limit = self.memory_max.unwrap_or(u32::MAX);
                if new > limit.min(self.pkg.pkg.layout.max_pages) as u64 {
                    m.set_reg(r[0], u32::MAX);
                } else {
                    m.set_reg(wasm_reg::MEM_SIZE, (new * PAGE_SIZE as u64) as u32);
                    m.set_reg(r[0], old);
                }
            }
            Helper::MemoryCopy => {
                let (d, s, n) = (m.reg(r[0]), m.reg(r[1]), m.reg(r[2]));
                in_bounds(s, n, size)?;
                in_bounds(d, n, size)?;
                charge(m, gas::copy_cost(n as u64))?;
                // One writable window over both ranges, so only its pages are
                // marked dirty (in bounds: both ranges were checked above).
                let lo = d.min(s);
                let span = d.max(s) - lo + n;
                let (d, s, n) = ((d - lo) as usize, (s - lo) as usize, n as usize);
                m.memory_mut()
                    .slice_mut(lo, span)
                    .map_err(|e| HostError::Bad(e.to_string()))?
                    .copy_within(s..s + n, d);
            }
            Helper::MemoryFill => {
                let (d, v, n) = (m.reg(r[0]), m.reg(r[1]) as u8, m.reg(r[2]));
                in_bounds(d, n, size)?;
                charge(m, gas::copy_cost(n as u64))?;
                m.memory_mut()
                    .slice_mut(d, n)
                    .map_err(|e| HostError::Bad(e.to_string()))?
                    .fill(v);
            }
            Helper::MemoryInit => {
                let seg = m.reg(r[0]) as usize;
                let (d, s, n) = (m.reg(r[1]), m.reg(r[2]), m.reg(r[3]));
                let data = self.pkg.pkg.data.get(seg).ok_or_else(|| {
                    HostError::Bad(format!("memory.init of missing segment {seg}"))
                })?;
                let bytes: &[u8] = if self.dropped.get(seg).copied().unwrap_or(true) {
                    &[]
                } else {
                    &data.bytes
                };
                in_bounds(s, n, bytes.len() as u32)?;
                in_bounds(d, n, size)?;
                charge(m, gas::copy_cost(n as u64))?;
                let (s, len) = (s as usize, n as usize);
                m.memory_mut()
                    .write(d, &bytes[s..s + len])
                    .map_err(|e| HostError::Bad(e.to_string()))?;
            }
            Helper::DataDrop => {
                let seg = m.reg(r[0]) as usize;
                match self.dropped.get_mut(seg) {
                    Some(d) => *d = true,
                    None => {
                        return Err(HostError::Bad(format!(
                            "data.drop of missing segment {seg}"
                        )))
                    }
                }
            }
            _ => return Err(HostError::Bad(format!("{op:?} is not a memory helper"))),
        }
        Ok(())
    }

    fn import(&mut self, m: &mut Machine, number: u32) -> Result<(), HostError> {
        let pkg = self.pkg;
        let index = *pkg
            .calls
            .get(&number)
            .ok_or_else(|| HostError::Bad(format!("unknown ecall number {number:#x}")))?;
        let imp = &pkg.pkg.imports[index];
        let ImportKind::Func { sig, .. } = &imp.kind else {
            return Err(HostError::Bad("import is not a function".into()));
        };
        let label = || format!("{}.{}", imp.module, imp.name);
        self.call_out(m, sig, label, |imports, args, guest| {
            imports.call_import(index, &imp.module, &imp.name, args, guest)
        })
    }

    /// A call through foreign slot `k`: the embedder runs the function.
    fn foreign_call(&mut self, m: &mut Machine, k: u32) -> Result<(), HostError> {
        let slot = self
            .foreign
            .get(k as usize)
            .cloned()
            .ok_or_else(|| HostError::Bad(format!("call through unbound foreign slot {k}")))?;
        let label = || format!("function reference {}", slot.handle);
        self.call_out(m, &slot.sig, label, |imports, args, guest| {
            imports.call_funcref(slot.handle, args, guest)
        })
    }

    /// Reads the arguments of `sig` per the calling convention, runs `call` with the
    /// suspended caller, checks the results (funcrefs included) and writes them back.
    fn call_out(
        &mut self,
        m: &mut Machine,
        sig: &FuncSig,
        label: impl Fn() -> String,
        call: impl FnOnce(
            &mut dyn Imports,
            &[CoreValue],
            &mut dyn super::GuestAccess,
        ) -> Result<Vec<CoreValue>, ImportFailure>,
    ) -> Result<(), HostError> {
        let sp = m.reg(reg::SP);
        let word = |m: &Machine, w: usize| -> Result<u32, HostError> {
            if w < REG_WORDS {
                Ok(m.reg(reg::A0 + w as u8))
            } else {
                m.memory()
                    .read_u32(sp.wrapping_add(4 * (w - REG_WORDS) as u32))
                    .map_err(|e| HostError::Bad(e.to_string()))
            }
        };
        let args = unflatten_values(&sig.params, |w| word(m, w))?;
        let mut guest = SuspendedGuest {
            machine: m,
            pkg: self.pkg,
            dropped: self.dropped,
            foreign: self.foreign,
            memory_max: self.memory_max,
        };
        let results = call(self.imports, &args, &mut guest).map_err(HostError::Import)?;
        let wrong = |error| {
            HostError::Import(ImportFailure::new(WrongResults {
                import: label(),
                error,
            }))
        };
        check(&sig.results, &results).map_err(wrong)?;
        if let Some(f) = super::foreign::invalid_funcref(&self.pkg.pkg, self.foreign, &results) {
            return Err(wrong(ValueMismatch::UnknownFunc(f)));
        }
        flatten_each(&sig.results, &results, |w, v| {
            if w < REG_WORDS {
                m.set_reg(reg::A0 + w as u8, v);
                Ok(())
            } else {
                m.memory_mut()
                    .write_u32(sp.wrapping_add(4 * (w - REG_WORDS) as u32), v)
                    .map_err(|e| HostError::Bad(e.to_string()))
            }
        })
    }

    fn trap(&self, m: &Machine) -> HostError {
        match TrapCode::from_u32(m.reg(reg::A0)) {
            Some(TrapCode::Unsupported) => {
                let f = m.reg(reg::A1);
                let why = self
                    .pkg
                    .pkg
                    .debug
                    .iter()
                    .find(|d| d.index == f)
                    .and_then(|d| d.unsupported.clone())
                    .unwrap_or_else(|| format!("function {f}"));
                HostError::Unsupported(why)
            }
            Some(code) => HostError::Trap(code),
            None => HostError::Bad(format!("unknown trap code {}", m.reg(reg::A0))),
        }
    }
}

impl Host for InstanceHost<'_> {
    type Error = HostError;

    fn ecall(&mut self, m: &mut Machine) -> Result<Control, HostError> {
        let t0 = m.reg(reg::T0);
        match t0 {
            ecall::HALT => Ok(Control::Exit(0)),
            ecall::TRAP => Err(self.trap(m)),
            _ if t0 & ecall::HELPER_FLAG != 0 => {
                let (op, regs) = Helper::decode_word(t0)
                    .ok_or_else(|| HostError::Bad(format!("unknown helper word {t0:#x}")))?;
                self.helper(m, op, regs)?;
                Ok(Control::Continue)
            }
            _ if t0 >= ecall::FOREIGN_BASE => {
                self.foreign_call(m, t0 - ecall::FOREIGN_BASE)?;
                Ok(Control::Continue)
            }
            _ if t0 >= ecall::IMPORT_BASE => {
                self.import(m, t0)?;
                Ok(Control::Continue)
            }
            _ => Err(HostError::Bad(format!("unknown ecall number {t0:#x}"))),
        }
    }
}

/// Marks active segments dropped (they are, once instantiation has applied them),
/// and declarative element segments: data segments first, then element segments.
pub(crate) fn initial_drops(pkg: &rivet_format::package::Package) -> Vec<bool> {
    let data = pkg
        .data
        .iter()
        .map(|d| matches!(d.mode, DataMode::Active(_)));
    let elems = pkg
        .elements
        .iter()
        .map(|e| e.mode != rivet_format::package::ElemMode::Passive);
    data.chain(elems).collect()
}
