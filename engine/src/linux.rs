//! The Linux-like minimum that standalone programs get (`rivet exec`, the tests).
//!
//! Call numbers are Linux's so that the very same ELF runs under `qemu-riscv32`:
//! 64 = `write(fd, ptr, len)` for fd 1 and 2 (other fds return -9, EBADF; a buffer
//! outside memory returns -14, EFAULT), 93/94 = `exit(code)`; any other number returns
//! -38 (ENOSYS) in `a0`, as Linux does, so programs may probe for calls. The number is
//! read from `a7` on RV32IM (the Linux convention) and from `t0` on RV32EM, which has
//! no `a7`. A write's buffer is bounds-checked first (a bad one costs nothing beyond
//! the call), then [`gas::copy_cost`] of its length is charged before the bytes move.

use crate::error::OutOfGas;
use crate::machine::{Control, Host, Machine};
use rivet_format::abi::{linux, reg};
use rivet_format::gas;
use rivet_format::program::Isa;
use std::io::Write;
use thiserror::Error;

/// Linux `EBADF`, returned (negated) for writes to fds other than 1 and 2.
pub const EBADF: i32 = 9;
/// Linux `EFAULT`, returned (negated) for buffers outside memory.
pub const EFAULT: i32 = 14;
/// Linux `ENOSYS`, returned (negated) for call numbers this host does not implement.
pub const ENOSYS: i32 = 38;

/// Why a Linux-style host call failed.
#[derive(Debug, Error)]
pub enum LinuxError {
    /// The program's output could not be written.
    #[error("writing program output failed: {0}")]
    Io(#[from] std::io::Error),
    /// The write's per-byte gas could not be paid.
    #[error(transparent)]
    OutOfGas(#[from] OutOfGas),
}

/// A host with `write` and `exit`, writing guest output to two sinks.
#[derive(Debug)]
pub struct LinuxHost<O, E> {
    /// Where fd 1 goes.
    pub stdout: O,
    /// Where fd 2 goes.
    pub stderr: E,
    number_reg: u8,
}

impl<O: Write, E: Write> LinuxHost<O, E> {
    /// A host for programs of `isa` (which decides the call-number register).
    pub fn new(isa: Isa, stdout: O, stderr: E) -> Self {
        let number_reg = match isa {
            Isa::Rv32em => reg::T0,
            Isa::Rv32im => reg::A7,
        };
        LinuxHost {
            stdout,
            stderr,
            number_reg,
        }
    }

    fn write(&mut self, m: &mut Machine) -> Result<u32, LinuxError> {
        let (fd, ptr, len) = (m.reg(reg::A0), m.reg(reg::A1), m.reg(reg::A1 + 1));
        let out: &mut dyn Write = match fd {
            1 => &mut self.stdout,
            2 => {
                // Keep stdout and stderr in order when they share a terminal.
                self.stdout.flush()?;
                &mut self.stderr
            }
            _ => return Ok(-EBADF as u32),
        };
        // Bounds first: gas for a length the buffer cannot have is never charged.
        if m.memory().read(ptr, len).is_err() {
            return Ok(-EFAULT as u32);
        }
        m.charge(gas::copy_cost(len as u64))?;
        let bytes = m
            .memory()
            .read(ptr, len)
            .map_err(|_| std::io::Error::other("guest buffer vanished between check and copy"))?;
        out.write_all(bytes)?;
        Ok(len)
    }
}

impl<O: Write, E: Write> Host for LinuxHost<O, E> {
    type Error = LinuxError;

    fn ecall(&mut self, m: &mut Machine) -> Result<Control, LinuxError> {
        let number = m.reg(self.number_reg);
        match number {
            linux::WRITE => {
                let r = self.write(m)?;
                m.set_reg(reg::A0, r);
                Ok(Control::Continue)
            }
            linux::EXIT | linux::EXIT_GROUP => Ok(Control::Exit(m.reg(reg::A0))),
            _ => {
                m.set_reg(reg::A0, -ENOSYS as u32);
                Ok(Control::Continue)
            }
        }
    }
}
