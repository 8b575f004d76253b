//! Keccak-f[1600]: `run(n)` applies the permutation `n` times to a fixed state and returns
//! the XOR of its 25 lanes. Exercises 64-bit arithmetic, which Rivet lowers to register
//! pairs on RV32.
#![no_std]

const RC: [u64; 24] = [
    0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
    0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
    0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
];

const ROTC: [u32; 24] = [
    1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44,
];

const PILN: [usize; 24] = [
    10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1,
];

fn keccak_f(st: &mut [u64; 25]) {
    for rc in RC {
        let mut bc = [0u64; 5];
        for (i, b) in bc.iter_mut().enumerate() {
            *b = st[i] ^ st[i + 5] ^ st[i + 10] ^ st[i + 15] ^ st[i + 20];
        }
        for i in 0..5 {
            let t = bc[(i + 4) % 5] ^ bc[(i + 1) % 5].rotate_left(1);
            for j in (0..25).step_by(5) {
                st[j + i] ^= t;
            }
        }
        let mut t = st[1];
        for (&j, &r) in PILN.iter().zip(ROTC.iter()) {
            let tmp = st[j];
            st[j] = t.rotate_left(r);
            t = tmp;
        }
        for j in (0..25).step_by(5) {
            let row = [st[j], st[j + 1], st[j + 2], st[j + 3], st[j + 4]];
            for i in 0..5 {
                st[j + i] = row[i] ^ (!row[(i + 1) % 5] & row[(i + 2) % 5]);
            }
        }
        st[0] ^= rc;
    }
}

/// Permutes a fixed initial state `n` times and folds the lanes together.
#[no_mangle]
pub extern "C" fn run(n: i32) -> i64 {
    let mut st = [0u64; 25];
    for (i, lane) in st.iter_mut().enumerate() {
        *lane = (i as u64).wrapping_mul(0x0123_4567_89ab_cdef) ^ 0xa5a5_a5a5_5a5a_5a5a;
    }
    for _ in 0..n.max(0) {
        keccak_f(&mut st);
    }
    st.iter().fold(0, |acc, lane| acc ^ lane) as i64
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
