//! `peers`: Rivet's recompiler and interpreter against wasmi and wasmtime, in one run, on
//! the same `.wasm` files (the no_std programs of `examples/programs/`, built by
//! `scripts/build-wasm-programs.sh`).
//!
//! Each workload is one `run(n) -> i64` call on a live instance. Rivet always meters gas;
//! wasmi and wasmtime run without fuel (their fastest configuration), which is what the
//! goals of issue 14 are measured against. Both also run a second time with fuel
//! metering on (`consume_fuel`, the deterministic bound a contract runtime needs; the
//! right-hand columns), so the cost of metering is seen apart from the rest. wasmtime compiles
//! with cranelift before anything is timed; Rivet's native code is built by
//! `LoadedPackage::prepare_native` before timing too. The interpreter is measured in a
//! child process of this binary started with `RIVET_JIT=0` (the engine reads that switch
//! once per process, and the runtime's `Instance` has no per-instance switch), so one
//! invocation still produces every column.
//!
//! Every engine's checksum and Rivet's gas (recompiler and interpreter) must agree, or
//! the run fails. Each figure is the thread's CPU time (descheduling on the shared
//! machine left out), minimum over `--reps` repetitions, engines interleaved per
//! repetition: the minimum is the least disturbed sample. Usage: `peers [--reps N] [--dir target/wasm-programs]
//! [--only NAME]`.

mod floats;

use anyhow::{bail, ensure, Context, Result};
use rivet_compiler::CompileOptions;
use rivet_runtime::instance::{CoreValue, Instance, LoadedPackage, NoImports};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// (program, argument of `run`), sized to take a few milliseconds natively.
const WORKLOADS: &[(&str, i32)] = &[
    ("sieve", 1_000_000),
    ("sort", 50_000),
    ("sha256", 5_000),
    ("keccak", 2_000),
    ("fib", 27),
    ("vm", 200_000),
    ("bignum", 2_000),
    ("hash64", 1_000),
];

/// Gas given to every Rivet call (never runs out on these workloads).
const GAS: u64 = u64::MAX / 2;

struct Options {
    reps: usize,
    dir: PathBuf,
    only: Option<String>,
    child: bool,
}

fn parse_args() -> Result<Options> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut opts = Options {
        reps: 5,
        dir: root.join("target/wasm-programs"),
        only: None,
        child: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--reps" => {
                opts.reps = args.next().context("--reps needs a value")?.parse()?;
                ensure!(opts.reps > 0, "--reps must be at least 1");
            }
            "--dir" => opts.dir = args.next().context("--dir needs a value")?.into(),
            "--only" => opts.only = Some(args.next().context("--only needs a name")?),
            "--interp-child" => opts.child = true,
            "--bench" => {}
            other => {
                bail!("unknown argument {other:?} (expected --reps N, --dir PATH, --only NAME)")
            }
        }
    }
    Ok(opts)
}

fn workloads(opts: &Options) -> Vec<(&'static str, i32)> {
    // The float workloads run only when named, so the default geometric means stay
    // those of the integer workloads.
    let floats = floats::WORKLOADS.iter().filter(|_| opts.only.is_some());
    WORKLOADS
        .iter()
        .chain(floats)
        .copied()
        .filter(|(name, _)| opts.only.as_deref().is_none_or(|o| o == *name))
        .collect()
}

fn read_wasm(opts: &Options, name: &str) -> Result<Vec<u8>> {
    let path = opts.dir.join(format!("{name}.wasm"));
    std::fs::read(&path).with_context(|| {
        format!(
            "{}: run scripts/build-wasm-programs.sh first",
            path.display()
        )
    })
}

/// A Rivet instance of one program, on whichever engine this process selected.
struct Rivet {
    instance: Instance,
}

impl Rivet {
    fn new(wasm: &[u8], native: bool) -> Result<Self> {
        let pkg = rivet_compiler::compile(wasm, &CompileOptions::default())
            .map_err(|e| anyhow::anyhow!("rivet compile: {e}"))?;
        let pkg = Arc::new(LoadedPackage::new(pkg)?);
        if native {
            ensure!(pkg.prepare_native(), "no native code on this host");
        }
        let instance = Instance::new(&pkg, &mut NoImports, GAS)?;
        Ok(Self { instance })
    }

    /// Runs once: (checksum, gas used, time).
    fn run(&mut self, n: i32) -> Result<(i64, u64, Duration)> {
        self.instance.set_gas(GAS);
        let start = now();
        let out = self
            .instance
            .invoke("run", &[CoreValue::I32(n)], &mut NoImports)?;
        let t = now() - start;
        match out.as_slice() {
            [CoreValue::I64(v)] => Ok((*v, GAS - self.instance.gas_left(), t)),
            other => bail!("run returned {other:?}"),
        }
    }
}

struct Wasmi {
    store: wasmi::Store<()>,
    func: wasmi::TypedFunc<i32, i64>,
}

impl Wasmi {
    /// An instance of `wasm`, metering fuel when `fuel` (with [`GAS`] of it, which
    /// these workloads never use up).
    fn new(wasm: &[u8], fuel: bool) -> Result<Self> {
        let mut config = wasmi::Config::default();
        config.compilation_mode(wasmi::CompilationMode::Eager);
        config.consume_fuel(fuel);
        let engine = wasmi::Engine::new(&config);
        let module = wasmi::Module::new(&engine, wasm)?;
        let mut store = wasmi::Store::new(&engine, ());
        if fuel {
            store.set_fuel(GAS)?;
        }
        let instance =
            wasmi::Linker::<()>::new(&engine).instantiate_and_start(&mut store, &module)?;
        let func = instance.get_typed_func::<i32, i64>(&store, "run")?;
        Ok(Self { store, func })
    }

    fn run(&mut self, n: i32) -> Result<(i64, Duration)> {
        let start = now();
        let v = self.func.call(&mut self.store, n)?;
        Ok((v, now() - start))
    }
}

/// wasmtime's error type does not implement `std::error::Error` in this build.
fn wt(e: wasmtime::Error) -> anyhow::Error {
    anyhow::anyhow!("wasmtime: {e:?}")
}

struct Wasmtime {
    store: wasmtime::Store<()>,
    func: wasmtime::TypedFunc<i32, i64>,
}

impl Wasmtime {
    /// As [`Wasmi::new`]: fuel metering when `fuel`.
    fn new(wasm: &[u8], fuel: bool) -> Result<Self> {
        let mut config = wasmtime::Config::new();
        config.consume_fuel(fuel);
        let engine = wasmtime::Engine::new(&config).map_err(wt)?;
        let module = wasmtime::Module::new(&engine, wasm).map_err(wt)?; // cranelift, untimed
        let mut store = wasmtime::Store::new(&engine, ());
        if fuel {
            store.set_fuel(GAS).map_err(wt)?;
        }
        let instance = wasmtime::Instance::new(&mut store, &module, &[]).map_err(wt)?;
        let func = instance
            .get_typed_func::<i32, i64>(&mut store, "run")
            .map_err(wt)?;
        Ok(Self { store, func })
    }

    fn run(&mut self, n: i32) -> Result<(i64, Duration)> {
        let start = now();
        let v = self.func.call(&mut self.store, n).map_err(wt)?;
        Ok((v, now() - start))
    }
}

/// The child's job: time the interpreter on every workload, one line each.
fn interp_child(opts: &Options) -> Result<()> {
    ensure!(
        std::env::var("RIVET_JIT").as_deref() == Ok("0"),
        "--interp-child needs RIVET_JIT=0"
    );
    for (name, n) in workloads(opts) {
        let mut rivet = Rivet::new(&read_wasm(opts, name)?, false)?;
        let mut best = Duration::MAX;
        let (mut sum, mut gas) = (0, 0);
        for _ in 0..opts.reps {
            let (s, g, t) = rivet.run(n)?;
            (sum, gas, best) = (s, g, best.min(t));
        }
        println!("{name} {sum} {gas} {}", best.as_nanos());
    }
    Ok(())
}

/// Interpreter results from the child: name -> (checksum, gas, time).
fn interp_results(opts: &Options) -> Result<Vec<(String, i64, u64, Duration)>> {
    let mut cmd = Command::new(std::env::current_exe()?);
    cmd.env("RIVET_JIT", "0")
        .arg("--interp-child")
        .arg("--reps")
        .arg(opts.reps.to_string())
        .arg("--dir")
        .arg(&opts.dir);
    if let Some(only) = &opts.only {
        cmd.arg("--only").arg(only);
    }
    let out = cmd.output()?;
    ensure!(
        out.status.success(),
        "interpreter child failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rows = Vec::new();
    for line in String::from_utf8(out.stdout)?.lines() {
        let f: Vec<&str> = line.split(' ').collect();
        ensure!(f.len() == 4, "bad child line {line:?}");
        let nanos: u64 = f[3].parse()?;
        rows.push((
            f[0].to_string(),
            f[1].parse()?,
            f[2].parse()?,
            Duration::from_nanos(nanos),
        ));
    }
    Ok(rows)
}

/// The clock every figure is read from: this thread's CPU time where Linux provides it
/// (time the thread was descheduled on the shared machine does not count), else the
/// wall clock since the first call.
fn now() -> Duration {
    static START: OnceLock<Instant> = OnceLock::new();
    thread_cpu_ns()
        .map(Duration::from_nanos)
        .unwrap_or_else(|| START.get_or_init(Instant::now).elapsed())
}

/// This thread's CPU time in ns (`CLOCK_THREAD_CPUTIME_ID`).
#[cfg(target_os = "linux")]
fn thread_cpu_ns() -> Option<u64> {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut ts = Timespec { sec: 0, nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let r = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (r == 0).then(|| ts.sec as u64 * 1_000_000_000 + ts.nsec as u64)
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu_ns() -> Option<u64> {
    None
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn geo(v: &[f64]) -> f64 {
    (v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp()
}

fn main() -> Result<()> {
    let opts = parse_args()?;
    if opts.child {
        return interp_child(&opts);
    }
    let interp = interp_results(&opts)?;
    println!(
        "{:<8} {:>6} {:>12} | {:>9} {:>9} {:>9} {:>9} | {:>8} {:>8} {:>8} | {:>9} {:>9} | {:>8} {:>8}",
        "program",
        "bytes",
        "rivet gas",
        "rivet jit",
        "wasmtime",
        "interp",
        "wasmi",
        "jit/wt",
        "int/wi",
        "jit/wi",
        "wt+fuel",
        "wi+fuel",
        "jit/wt+f",
        "int/wi+f"
    );
    let mut ratios: [Vec<f64>; 5] = Default::default();
    for (name, n) in workloads(&opts) {
        let wasm = read_wasm(&opts, name)?;
        let mut rivet = Rivet::new(&wasm, true)?;
        let mut wi = Wasmi::new(&wasm, false)?;
        let mut wt = Wasmtime::new(&wasm, false)?;
        let mut wi_fuel = Wasmi::new(&wasm, true)?;
        let mut wt_fuel = Wasmtime::new(&wasm, true)?;
        // Rivet native, wasmtime, wasmi, wasmtime with fuel, wasmi with fuel.
        let mut best = [Duration::MAX; 5];
        let (mut gas, mut sum) = (0, 0);
        for _ in 0..opts.reps {
            let (a, g, t) = rivet.run(n)?;
            let (b, u) = wi.run(n)?;
            let (c, v) = wt.run(n)?;
            let (d, w) = wt_fuel.run(n)?;
            let (e, x) = wi_fuel.run(n)?;
            ensure!(
                [b, c, d, e] == [a; 4],
                "{name}({n}): checksums differ: rivet {a}, wasmi {b}, wasmtime {c}, \
                 wasmtime with fuel {d}, wasmi with fuel {e}"
            );
            (sum, gas) = (a, g);
            for (best, t) in best.iter_mut().zip([t, v, u, w, x]) {
                *best = (*best).min(t);
            }
        }
        let (_, _, t_int) = interp_row(&interp, name, sum, gas)?;
        let [t_jit, t_wt, t_wi, t_wt_fuel, t_wi_fuel] = best;
        let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
        let r = [
            ratio(t_jit, t_wt),
            ratio(t_int, t_wi),
            ratio(t_jit, t_wi),
            ratio(t_jit, t_wt_fuel),
            ratio(t_int, t_wi_fuel),
        ];
        println!(
            "{name:<8} {:>6} {gas:>12} | {:>7.2}ms {:>7.2}ms {:>7.2}ms {:>7.2}ms | {:>8.2} {:>8.2} {:>8.2} | {:>7.2}ms {:>7.2}ms | {:>8.2} {:>8.2}",
            wasm.len(),
            ms(t_jit),
            ms(t_wt),
            ms(t_int),
            ms(t_wi),
            r[0],
            r[1],
            r[2],
            ms(t_wt_fuel),
            ms(t_wi_fuel),
            r[3],
            r[4]
        );
        for (v, r) in ratios.iter_mut().zip(r) {
            v.push(r);
        }
    }
    let g = ratios.map(|v| geo(&v));
    println!(
        "geometric means: recompiler/wasmtime {:.2} (goal <= 1.5), interpreter/wasmi {:.2} (goal <= 1.0), recompiler/wasmi {:.2}",
        g[0], g[1], g[2]
    );
    println!(
        "against the peers metering fuel: recompiler/wasmtime+fuel {:.2}, interpreter/wasmi+fuel {:.2}",
        g[3], g[4]
    );
    Ok(())
}

/// The child's row for `name`, checked against the recompiler's checksum and gas.
fn interp_row(
    rows: &[(String, i64, u64, Duration)],
    name: &str,
    sum: i64,
    gas: u64,
) -> Result<(i64, u64, Duration)> {
    let row = rows
        .iter()
        .find(|r| r.0 == name)
        .with_context(|| format!("{name}: no interpreter result"))?;
    ensure!(
        row.1 == sum && row.2 == gas,
        "{name}: interpreter gave checksum {} gas {}, recompiler {sum} gas {gas}",
        row.1,
        row.2
    );
    Ok((row.1, row.2, row.3))
}
