//! Float formatting and parsing: `run(n)` prints `n` f64 and f32 values with
//! `core::fmt` (shortest round-trip `{}`, `{:e}` and fixed `{:.k}`: Grisu/Dragon
//! digit generation), parses the text back with `str::parse` (dec2flt), checks the
//! round trip and returns an FNV-1a hash of all the text and bits.
#![no_std]

use core::fmt::Write;

/// A fixed buffer `core::fmt` writes into.
struct Buf {
    bytes: [u8; 128],
    len: usize,
}

impl Write for Buf {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len + s.len();
        if end > self.bytes.len() {
            return Err(core::fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl Buf {
    fn text(&self) -> &str {
        core::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

fn fnv(h: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(h, |h, b| (h ^ *b as u64).wrapping_mul(0x100_0000_01b3))
}

/// A spread of magnitudes: xorshift bits reinterpreted, with the exponent limited.
fn value(seed: &mut u64) -> f64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    let exp = (*seed >> 52) % 160 + 943; // about 1e-24 .. 1e24
    f64::from_bits((*seed & 0x800f_ffff_ffff_ffff) | exp << 52)
}

#[no_mangle]
pub extern "C" fn run(n: i32) -> i64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for i in 0..n.max(0) {
        let x = value(&mut seed);
        let y = x as f32;
        let mut b = Buf {
            bytes: [0; 128],
            len: 0,
        };
        let _ = match i % 4 {
            0 => write!(b, "{x}|{y}"),
            1 => write!(b, "{x:e}|{y:e}"),
            2 => write!(b, "{x:.6}|{y:.3}", x = x % 1e9, y = y % 1e6),
            _ => write!(b, "{x:?}|{:.17}", x * 1e-3),
        };
        h = fnv(h, b.text().as_bytes());
        // Round trip of the shortest representation.
        let mut s = Buf {
            bytes: [0; 128],
            len: 0,
        };
        let _ = write!(s, "{x}");
        let back: f64 = s.text().parse().unwrap_or(f64::NAN);
        h = fnv(h, &back.to_bits().to_le_bytes());
        if back.to_bits() != x.to_bits() {
            h ^= 0xdead;
        }
        let back32: f32 = b
            .text()
            .split('|')
            .nth(1)
            .and_then(|t| t.parse().ok())
            .unwrap_or(0.5);
        h = fnv(h, &back32.to_bits().to_le_bytes());
    }
    h as i64
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
