//! Sorting: `run(n)` sorts `n` pseudo-random words and returns a position-weighted checksum.
#![no_std]

/// Largest `n` the static buffer holds; larger requests are clamped.
const LIMIT: usize = 1 << 16;

static mut DATA: [u32; LIMIT] = [0; LIMIT];

/// Fills the buffer from a xorshift32 stream, sorts it, and folds it into a checksum.
#[no_mangle]
pub extern "C" fn run(n: i32) -> i64 {
    let n = (n.max(0) as usize).min(LIMIT);
    // SAFETY: single-threaded wasm; the only reference to the buffer lives in this call.
    let data = unsafe { &mut *core::ptr::addr_of_mut!(DATA) };
    let data = &mut data[..n];
    let mut x: u32 = 0x9e37_79b9;
    for slot in data.iter_mut() {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *slot = x;
    }
    data.sort_unstable();
    let mut sum: u64 = 0;
    let mut sorted = true;
    for (i, pair) in data.windows(2).enumerate() {
        sorted &= pair[0] <= pair[1];
        sum = sum.wrapping_add((pair[0] as u64).wrapping_mul(i as u64 + 1));
    }
    if !sorted {
        return -1;
    }
    sum as i64
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
