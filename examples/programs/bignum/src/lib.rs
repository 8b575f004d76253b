//! Multi-precision arithmetic: `run(n)` computes `n`! as a 2048-bit number by schoolbook
//! multiplication of 32-bit limbs (64-bit products, carries), then squares it modulo
//! 2^2048 a few times; returns a fold of the limbs.
#![no_std]

/// Limbs of 32 bits in every number (2048 bits).
const LIMBS: usize = 64;

static mut A: [u32; LIMBS] = [0; LIMBS];
static mut B: [u32; LIMBS] = [0; LIMBS];

/// `dst = x * y mod 2^(32*LIMBS)`, schoolbook with 64-bit partial products.
#[inline(never)]
fn mul(dst: &mut [u32; LIMBS], x: &[u32; LIMBS], y: &[u32; LIMBS]) {
    let mut acc = [0u32; LIMBS];
    for i in 0..LIMBS {
        let xi = x[i] as u64;
        if xi == 0 {
            continue;
        }
        let mut carry = 0u64;
        for j in 0..LIMBS - i {
            let t = xi * y[j] as u64 + acc[i + j] as u64 + carry;
            acc[i + j] = t as u32;
            carry = t >> 32;
        }
    }
    *dst = acc;
}

/// `x *= small`, returning nothing (wraps modulo 2^(32*LIMBS)).
#[inline(never)]
fn mul_small(x: &mut [u32; LIMBS], small: u32) {
    let mut carry = 0u64;
    for limb in x.iter_mut() {
        let t = *limb as u64 * small as u64 + carry;
        *limb = t as u32;
        carry = t >> 32;
    }
}

/// `x += y` with carry propagation across all limbs.
#[inline(never)]
fn add(x: &mut [u32; LIMBS], y: &[u32; LIMBS]) {
    let mut carry = 0u64;
    for i in 0..LIMBS {
        let t = x[i] as u64 + y[i] as u64 + carry;
        x[i] = t as u32;
        carry = t >> 32;
    }
}

/// Factorial of `n` (clamped to `1..=5000`), then `n / 8` rounds of square-and-add.
#[no_mangle]
pub extern "C" fn run(n: i32) -> i64 {
    let n = n.clamp(1, 5000) as u32;
    // SAFETY: single-threaded wasm; the only references to the buffers live in this call.
    let (a, b) = unsafe {
        (
            &mut *core::ptr::addr_of_mut!(A),
            &mut *core::ptr::addr_of_mut!(B),
        )
    };
    *a = [0; LIMBS];
    a[0] = 1;
    for k in 1..=n {
        mul_small(a, k | 1);
    }
    for r in 0..n / 8 {
        let sq = *a;
        mul(b, &sq, &sq);
        b[0] ^= r | 1;
        add(a, b);
    }
    let mut h = 0u64;
    for (i, limb) in a.iter().enumerate() {
        h = h.rotate_left(7) ^ (*limb as u64).wrapping_mul(i as u64 + 1);
    }
    h as i64
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
