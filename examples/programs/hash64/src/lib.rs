//! 64-bit-heavy hashing: `run(n)` hashes a 4 KiB buffer `n` times with an xxHash64-style
//! function (64-bit multiplies, rotates, xors, four lanes), feeding each digest back in.
#![no_std]

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;
const P4: u64 = 0x85EB_CA77_C2B2_AE63;

/// Words in the hashed buffer (4 KiB).
const WORDS: usize = 512;

static mut BUF: [u64; WORDS] = [0; WORDS];

#[inline(always)]
fn round(acc: u64, input: u64) -> u64 {
    acc.wrapping_add(input.wrapping_mul(P2))
        .rotate_left(31)
        .wrapping_mul(P1)
}

/// One xxHash64-style digest of `buf` with `seed`.
#[inline(never)]
fn hash(buf: &[u64; WORDS], seed: u64) -> u64 {
    let mut v = [
        seed.wrapping_add(P1).wrapping_add(P2),
        seed.wrapping_add(P2),
        seed,
        seed.wrapping_sub(P1),
    ];
    for chunk in buf.chunks_exact(4) {
        for lane in 0..4 {
            v[lane] = round(v[lane], chunk[lane]);
        }
    }
    let mut h = v[0]
        .rotate_left(1)
        .wrapping_add(v[1].rotate_left(7))
        .wrapping_add(v[2].rotate_left(12))
        .wrapping_add(v[3].rotate_left(18));
    for lane in v {
        h = (h ^ round(0, lane)).wrapping_mul(P1).wrapping_add(P4);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(P2);
    h ^= h >> 29;
    h = h.wrapping_mul(P3);
    h ^ (h >> 32)
}

/// Fills the buffer from a splitmix64 stream, then chains `n` digests (clamped to
/// `0..=100000`), folding each into one buffer word.
#[no_mangle]
pub extern "C" fn run(n: i32) -> i64 {
    // SAFETY: single-threaded wasm; the only reference to the buffer lives in this call.
    let buf = unsafe { &mut *core::ptr::addr_of_mut!(BUF) };
    let mut s = 0x0123_4567_89ab_cdefu64;
    for w in buf.iter_mut() {
        s = s.wrapping_add(P1);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        *w = z ^ (z >> 31);
    }
    let mut h = 0u64;
    for i in 0..n.clamp(0, 100_000) as usize {
        h = hash(buf, h);
        buf[i % WORDS] ^= h;
    }
    h as i64
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
