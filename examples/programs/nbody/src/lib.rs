//! Floating point: `run(n)` advances the five-body Jovian system of the Computer
//! Language Benchmarks Game `n` steps (f64 add/mul/div/sqrt, f32 conversions) and
//! returns a checksum of the final energy and positions' bits.
#![no_std]

const PI: f64 = 3.141592653589793;
const SOLAR_MASS: f64 = 4.0 * PI * PI;
const DAYS_PER_YEAR: f64 = 365.24;

#[derive(Clone, Copy)]
struct Body {
    pos: [f64; 3],
    vel: [f64; 3],
    mass: f64,
}

fn bodies() -> [Body; 5] {
    let b = |pos: [f64; 3], vel: [f64; 3], mass: f64| Body {
        pos,
        vel: [
            vel[0] * DAYS_PER_YEAR,
            vel[1] * DAYS_PER_YEAR,
            vel[2] * DAYS_PER_YEAR,
        ],
        mass: mass * SOLAR_MASS,
    };
    [
        b([0.0; 3], [0.0; 3], 1.0),
        b(
            [
                4.84143144246472090e+00,
                -1.16032004402742839e+00,
                -1.03622044471123109e-01,
            ],
            [
                1.66007664274403694e-03,
                7.69901118419740425e-03,
                -6.90460016972063023e-05,
            ],
            9.54791938424326609e-04,
        ),
        b(
            [
                8.34336671824457987e+00,
                4.12479856412430479e+00,
                -4.03523417114321381e-01,
            ],
            [
                -2.76742510726862411e-03,
                4.99852801234917238e-03,
                2.30417297573763929e-05,
            ],
            2.85885980666130812e-04,
        ),
        b(
            [
                1.28943695621391310e+01,
                -1.51111514016986312e+01,
                -2.23307578892655734e-01,
            ],
            [
                2.96460137564761618e-03,
                2.37847173959480950e-03,
                -2.96589568540237556e-05,
            ],
            4.36624404335156298e-05,
        ),
        b(
            [
                1.53796971148509165e+01,
                -2.59193146099879641e+01,
                1.79258772950371181e-01,
            ],
            [
                2.68067772490389322e-03,
                1.62824170038242295e-03,
                -9.51592254519715870e-05,
            ],
            5.15138902046611451e-05,
        ),
    ]
}

fn offset_momentum(b: &mut [Body; 5]) {
    let mut p = [0.0f64; 3];
    for x in b.iter() {
        for k in 0..3 {
            p[k] += x.vel[k] * x.mass;
        }
    }
    for k in 0..3 {
        b[0].vel[k] = -p[k] / SOLAR_MASS;
    }
}

fn energy(b: &[Body; 5]) -> f64 {
    let mut e = 0.0;
    for i in 0..5 {
        let v = b[i].vel;
        e += 0.5 * b[i].mass * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        for j in i + 1..5 {
            let d: [f64; 3] = core::array::from_fn(|k| b[i].pos[k] - b[j].pos[k]);
            e -= b[i].mass * b[j].mass / sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        }
    }
    e
}

/// `f64::sqrt` is not in `core` (and the Wasm intrinsic is unstable): Newton's
/// iteration from a halved-exponent guess, for the positive distances used here.
fn sqrt(x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let mut y = f64::from_bits((x.to_bits() >> 1) + 0x1ff8_0000_0000_0000);
    for _ in 0..6 {
        y = 0.5 * (y + x / y);
    }
    y
}

fn advance(b: &mut [Body; 5], dt: f64) {
    for i in 0..5 {
        for j in i + 1..5 {
            let d: [f64; 3] = core::array::from_fn(|k| b[i].pos[k] - b[j].pos[k]);
            let d2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
            let mag = dt / (d2 * sqrt(d2));
            let (mi, mj) = (b[i].mass * mag, b[j].mass * mag);
            for k in 0..3 {
                b[i].vel[k] -= d[k] * mj;
                b[j].vel[k] += d[k] * mi;
            }
        }
    }
    for x in b.iter_mut() {
        for k in 0..3 {
            x.pos[k] += dt * x.vel[k];
        }
    }
}

/// Energy before and after `n` steps, and every position (also rounded to f32),
/// folded into one checksum of bit patterns.
#[no_mangle]
pub extern "C" fn run(n: i32) -> i64 {
    let mut b = bodies();
    offset_momentum(&mut b);
    let e0 = energy(&b);
    for _ in 0..n.max(0) {
        advance(&mut b, 0.01);
    }
    let mut h = e0.to_bits() ^ energy(&b).to_bits().rotate_left(17);
    for x in b.iter() {
        for k in 0..3 {
            h = h.rotate_left(5) ^ x.pos[k].to_bits();
            h = h.wrapping_mul(0x100_0000_01b3) ^ (x.pos[k] as f32).to_bits() as u64;
        }
    }
    h as i64
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
