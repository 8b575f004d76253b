//! Recursion: `run(n)` computes the `n`th Fibonacci number the exponential way.
#![no_std]

/// Naive doubly recursive Fibonacci; `n` is clamped to `0..=60` to bound run time.
#[no_mangle]
pub extern "C" fn run(n: i32) -> i64 {
    fib(n.clamp(0, 60) as u32) as i64
}

#[inline(never)]
fn fib(n: u32) -> u64 {
    if n < 2 {
        n as u64
    } else {
        fib(n - 1).wrapping_add(fib(n - 2))
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
