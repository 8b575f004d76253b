//! Sieve of Eratosthenes: `run(n)` returns `count << 32 | (sum of primes below n) mod 2^32`.
#![no_std]

/// Largest `n` the static sieve buffer holds; larger requests are clamped.
const LIMIT: usize = 1 << 20;

static mut COMPOSITE: [u8; LIMIT] = [0; LIMIT];

/// Counts and sums the primes below `n` (clamped to `0..=LIMIT`).
#[no_mangle]
pub extern "C" fn run(n: i32) -> i64 {
    let n = (n.max(0) as usize).min(LIMIT);
    // SAFETY: single-threaded wasm; the only reference to the buffer lives in this call.
    let sieve = unsafe { &mut *core::ptr::addr_of_mut!(COMPOSITE) };
    let sieve = &mut sieve[..n];
    sieve.fill(0);
    let mut count: u32 = 0;
    let mut sum: u32 = 0;
    let mut i = 2;
    while i < n {
        if sieve[i] == 0 {
            count += 1;
            sum = sum.wrapping_add(i as u32);
            let mut j = i * i;
            while j < n {
                sieve[j] = 1;
                j += i;
            }
        }
        i += 1;
    }
    ((count as i64) << 32) | sum as i64
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
