//! The core conventions between compiled code, the runtime and the host.
//!
//! Host calls use `ecall` with the call number in `t0` (x5), arguments in `a0..a5`
//! (x10..x15) and results in `a0`/`a1`, so the same convention works on RV32E, which
//! has no `a6`/`a7`. Standalone RV32IM ELF programs use the Linux convention instead
//! (number in `a7`) so that they run unchanged under `qemu-riscv32`; see [`linux`].

/// Register numbers with a fixed role.
pub mod reg {
    /// Hard-wired zero.
    pub const ZERO: u8 = 0;
    /// Return address.
    pub const RA: u8 = 1;
    /// Stack pointer.
    pub const SP: u8 = 2;
    /// Host-call number in the contract profile.
    pub const T0: u8 = 5;
    /// First argument / result register.
    pub const A0: u8 = 10;
    /// Second argument / result register.
    pub const A1: u8 = 11;
    /// Last argument register available on RV32E.
    pub const A5: u8 = 15;
    /// Linux syscall-number register (RV32I only).
    pub const A7: u8 = 17;
}

/// The Linux-like minimum that standalone programs (`rivet exec`) get, with Linux's
/// own call numbers so that the very same ELF runs under `qemu-riscv32`.
pub mod linux {
    /// `write(fd, ptr, len)`: fd 1 (stdout) or 2 (stderr); returns bytes written.
    pub const WRITE: u32 = 64;
    /// `exit(code)`: ends the program with that exit status.
    pub const EXIT: u32 = 93;
    /// `exit_group(code)`: the same as exit for a single-threaded program.
    pub const EXIT_GROUP: u32 = 94;
}
