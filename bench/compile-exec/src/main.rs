//! `compile-exec`: Rivet vs wasmi, side by side, on the real programs of
//! `examples/programs/` (built by `scripts/build-wasm-programs.sh`).
//!
//! * compile: `rivet_compiler::compile` + `LoadedPackage::new` (which decodes the code
//!   for the engine; the "(compile)" column is `compile` alone, and its ratio to wasmi
//!   is the "cc/w" column) vs wasmi's `Module::new` with eager translation. The
//!   "(validate)" column is wasmparser's validation alone (`Validator::validate_all`
//!   with the Wasm 2.0 features Rivet validates with): both compilers validate with
//!   wasmparser, so it is the floor under either.
//! * execute: one `run(n)` call on a live instance, Rivet (gas metered, as always) vs
//!   wasmi without fuel and wasmi with fuel metering.
//!
//! Every figure is the median of `--runs` repetitions (compile: 5x as many); ratios are
//! Rivet / wasmi, so below 1.0 means Rivet is faster. Both engines' results are checked
//! equal before anything is timed. Usage:
//! `compile-exec [--runs N] [--dir target/wasm-programs]`.

use anyhow::{bail, Context, Result};
use rivet_compiler::CompileOptions;
use rivet_runtime::instance::{CoreValue, Instance, LoadedPackage, NoImports};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// (program, argument of `run`).
const WORKLOADS: &[(&str, i32)] = &[
    ("sieve", 1_000_000),
    ("sort", 50_000),
    ("sha256", 5_000),
    ("keccak", 2_000),
    ("fib", 27),
    ("nbody", 1_000),
    ("floatfmt", 500),
];

struct Options {
    runs: usize,
    dir: PathBuf,
}

fn parse_args() -> Result<Options> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut opts = Options {
        runs: 11,
        dir: root.join("target/wasm-programs"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => {
                opts.runs = args.next().context("--runs needs a value")?.parse()?;
                if opts.runs == 0 {
                    bail!("--runs must be at least 1");
                }
            }
            "--dir" => opts.dir = args.next().context("--dir needs a value")?.into(),
            "--bench" => {} // passed by `cargo bench`
            other => bail!("unknown argument {other:?} (expected --runs N, --dir PATH)"),
        }
    }
    Ok(opts)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> Result<T>) -> Result<(Duration, T)> {
    let mut samples = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f()?;
        samples.push(start.elapsed());
        last = Some(out);
    }
    Ok((median(samples), last.expect("runs >= 1")))
}

fn rivet_compile(wasm: &[u8]) -> Result<Arc<LoadedPackage>> {
    let pkg = rivet_compiler::compile(wasm, &CompileOptions::default())
        .map_err(|e| anyhow::anyhow!("rivet compile: {e}"))?;
    Ok(Arc::new(LoadedPackage::new(pkg)?))
}

fn wasmi_engine(fuel: bool) -> wasmi::Engine {
    let mut config = wasmi::Config::default();
    config
        .compilation_mode(wasmi::CompilationMode::Eager)
        .consume_fuel(fuel);
    wasmi::Engine::new(&config)
}

struct WasmiRun {
    store: wasmi::Store<()>,
    func: wasmi::TypedFunc<i32, i64>,
    fuel: bool,
}

impl WasmiRun {
    fn new(engine: &wasmi::Engine, wasm: &[u8], fuel: bool) -> Result<Self> {
        let module = wasmi::Module::new(engine, wasm)?;
        let mut store = wasmi::Store::new(engine, ());
        if fuel {
            store.set_fuel(u64::MAX)?;
        }
        let instance =
            wasmi::Linker::<()>::new(engine).instantiate_and_start(&mut store, &module)?;
        let func = instance.get_typed_func::<i32, i64>(&store, "run")?;
        Ok(Self { store, func, fuel })
    }

    fn run(&mut self, n: i32) -> Result<i64> {
        if self.fuel {
            self.store.set_fuel(u64::MAX)?;
        }
        Ok(self.func.call(&mut self.store, n)?)
    }
}

fn rivet_run(instance: &mut Instance, n: i32) -> Result<i64> {
    instance.set_gas(u64::MAX / 2);
    match instance
        .invoke("run", &[CoreValue::I32(n)], &mut NoImports)?
        .as_slice()
    {
        [CoreValue::I64(v)] => Ok(*v),
        other => bail!("run returned {other:?}"),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> Result<()> {
    let opts = parse_args()?;
    let engine = wasmi_engine(false);
    let fuel_engine = wasmi_engine(true);
    println!(
        "{:<8} {:>7} | {:>10} {:>10} {:>10} {:>10} {:>6} {:>6} | {:>10} {:>10} {:>6} {:>11} {:>6}",
        "program",
        "bytes",
        "rivet cc",
        "(compile)",
        "(validate)",
        "wasmi cc",
        "ratio",
        "cc/w",
        "rivet run",
        "wasmi run",
        "ratio",
        "wasmi+fuel",
        "ratio"
    );
    let (mut cc_ratios, mut run_ratios, mut fuel_ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut compile_ratios, mut validate_ratios) = (Vec::new(), Vec::new());
    for &(name, n) in WORKLOADS {
        let path = opts.dir.join(format!("{name}.wasm"));
        let wasm = std::fs::read(&path).with_context(|| {
            format!(
                "{}: run scripts/build-wasm-programs.sh first",
                path.display()
            )
        })?;

        let compile_runs = opts.runs * 5;
        let (rivet_cc, pkg) = time(compile_runs, || rivet_compile(&wasm))?;
        let (translate_only, _) = time(compile_runs, || {
            rivet_compiler::compile(&wasm, &CompileOptions::default())
                .map_err(|e| anyhow::anyhow!("rivet compile: {e}"))
        })?;
        let (validate_only, _) = time(compile_runs, || {
            Ok(
                wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::WASM2)
                    .validate_all(&wasm)?,
            )
        })?;
        let (wasmi_cc, _) = time(compile_runs, || Ok(wasmi::Module::new(&engine, &wasm)?))?;
        let compile_ratio = translate_only.as_secs_f64() / wasmi_cc.as_secs_f64();
        compile_ratios.push(compile_ratio);
        validate_ratios.push(validate_only.as_secs_f64() / wasmi_cc.as_secs_f64());

        let mut instance = Instance::new(&pkg, &mut NoImports, u64::MAX / 2)?;
        let mut plain = WasmiRun::new(&engine, &wasm, false)?;
        let mut fueled = WasmiRun::new(&fuel_engine, &wasm, true)?;
        let expected = plain.run(n)?;
        if fueled.run(n)? != expected {
            bail!("{name}({n}): wasmi with and without fuel disagree");
        }
        // A wrong result makes the timing meaningless: report it and go on.
        match rivet_run(&mut instance, n) {
            Ok(ours) if ours == expected => {}
            outcome => {
                println!(
                    "{name:<8} {:>7} | {:>8.3}ms {:>8.3}ms {:>8.3}ms {:>8.3}ms {:>6.2} {:>6.2} | not timed: rivet gives {outcome:?}, wasmi Ok({expected})",
                    wasm.len(),
                    ms(rivet_cc),
                    ms(translate_only),
                    ms(validate_only),
                    ms(wasmi_cc),
                    rivet_cc.as_secs_f64() / wasmi_cc.as_secs_f64(),
                    compile_ratio
                );
                cc_ratios.push(rivet_cc.as_secs_f64() / wasmi_cc.as_secs_f64());
                continue;
            }
        }
        let (rivet_t, _) = time(opts.runs, || rivet_run(&mut instance, n))?;
        let (wasmi_t, _) = time(opts.runs, || plain.run(n))?;
        let (fuel_t, _) = time(opts.runs, || fueled.run(n))?;

        let cc = rivet_cc.as_secs_f64() / wasmi_cc.as_secs_f64();
        let run = rivet_t.as_secs_f64() / wasmi_t.as_secs_f64();
        let fuel = rivet_t.as_secs_f64() / fuel_t.as_secs_f64();
        println!(
            "{:<8} {:>7} | {:>8.3}ms {:>8.3}ms {:>8.3}ms {:>8.3}ms {:>6.2} {:>6.2} | {:>8.2}ms {:>8.2}ms {:>6.2} {:>9.2}ms {:>6.2}",
            name,
            wasm.len(),
            ms(rivet_cc),
            ms(translate_only),
            ms(validate_only),
            ms(wasmi_cc),
            cc,
            compile_ratio,
            ms(rivet_t),
            ms(wasmi_t),
            run,
            ms(fuel_t),
            fuel
        );
        cc_ratios.push(cc);
        run_ratios.push(run);
        fuel_ratios.push(fuel);
    }
    let geo = |v: &[f64]| {
        if v.is_empty() {
            f64::NAN
        } else {
            (v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp()
        }
    };
    println!(
        "geometric mean ratios (rivet/wasmi): compile {:.2} (goal <= 0.50), execute {:.2} vs wasmi, {:.2} vs wasmi+fuel (goal <= 1.00)",
        geo(&cc_ratios),
        geo(&run_ratios),
        geo(&fuel_ratios)
    );
    println!(
        "  compile alone (no LoadedPackage::new) {:.2}; wasmparser validation alone {:.2} (the floor)",
        geo(&compile_ratios),
        geo(&validate_ratios)
    );
    Ok(())
}
