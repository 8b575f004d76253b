//! Profiling aid: compiles one module in a loop (`perf record` this), printing the
//! mean time per compile for Rivet, wasmparser validation alone, and wasmi.
//! Usage: `compile_loop FILE.wasm|FILE.wat [ITERATIONS]
//! [rivet|load|module|check|decode|rivet+load|native|validate|wasmi|wasmi-fuel|wasmi-val|all|size|disasm|gas|ophash]`
//! (`wasmi-fuel` is wasmi's eager translation with fuel metering on, as a contract
//! runtime would configure it; `size` prints the number of code words instead, `disasm` the code too, `gas`
//! the gas of one `run(ITERATIONS)` call, `ophash` a fingerprint of the engine module). The load-time modes compile once, outside
//! the loop: `load` is `LoadedPackage::new` (package check + engine `Module::new` +
//! export tables, plus the clone of the package it consumes), `module` the engine's
//! `Module::new` alone, `check` `Package::check` alone, `decode` `Package::decode` of
//! the encoded package (what a runtime given package bytes does before loading), and
//! `rivet+load` compile and `LoadedPackage::new` together (wasm -> runnable), `native`
//! `load` plus building the recompiler's native code (`prepare_native`, which
//! `Runtime::add_package` does on x86-64).

use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: FILE.wasm [N] [what]"))?;
    let n: u32 = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(10_000);
    let what = args.next().unwrap_or_else(|| "all".into());
    // A `.wat` file is assembled first (handy for looking at a reduced test case).
    let wasm = if path.ends_with(".wat") {
        wat::parse_file(&path)?
    } else {
        std::fs::read(&path)?
    };
    let opts = rivet_compiler::CompileOptions::default();
    let mut config = wasmi::Config::default();
    config.compilation_mode(wasmi::CompilationMode::Eager);
    let engine = wasmi::Engine::new(&config);
    let run = |name: &str, f: &mut dyn FnMut()| {
        if what != "all" && what != name {
            return;
        }
        let start = Instant::now();
        for _ in 0..n {
            f();
        }
        let us = start.elapsed().as_secs_f64() * 1e6 / n as f64;
        println!("{name:<10} {us:>9.2} us");
    };
    if what == "gas" {
        // Gas of one `run(n)` call (n = the iteration argument): a deterministic
        // measure of the executed code, since gas is charged per instruction.
        use rivet_runtime::instance::{CoreValue, Instance, LoadedPackage, NoImports};
        let pkg = std::sync::Arc::new(LoadedPackage::new(rivet_compiler::compile(&wasm, &opts)?)?);
        let mut inst = Instance::new(&pkg, &mut NoImports, u64::MAX / 2)?;
        inst.set_gas(u64::MAX / 2);
        let out = inst.invoke("run", &[CoreValue::I32(n as i32)], &mut NoImports)?;
        println!("gas {} result {out:?}", u64::MAX / 2 - inst.gas_left());
        return Ok(());
    }
    if what == "ophash" {
        // A fingerprint of everything `Module::new` builds (ops, pcs, costs, entries,
        // instructions), to check that a load-time change keeps the engine's input.
        use std::hash::{Hash, Hasher};
        let pkg = rivet_compiler::compile(&wasm, &opts)?;
        let module = rivet_engine::Module::new(&pkg.program)?;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        format!("{module:?}").hash(&mut h);
        println!(
            "ophash {:016x} ops {} fused {}",
            h.finish(),
            module.op_count(),
            module.fused_ops()
        );
        return Ok(());
    }
    if what == "size" || what == "disasm" {
        let pkg = rivet_compiler::compile(&wasm, &opts)?;
        if what == "disasm" {
            for (i, w) in pkg.program.code.iter().enumerate() {
                match rivet_format::rv32::Inst::decode(*w) {
                    Ok(inst) => println!("{:6x}: {inst}", 4 * i),
                    Err(e) => println!("{:6x}: {e}", 4 * i),
                }
            }
        }
        println!("code words {}", pkg.program.code.len());
        return Ok(());
    }
    if what != "all" && what != "rivet" && what != "validate" && !what.starts_with("wasmi") {
        return load_modes(&wasm, n, &what, &opts);
    }
    run("rivet", &mut || {
        rivet_compiler::compile(&wasm, &opts).expect("compiles");
    });
    run("validate", &mut || {
        wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::WASM2)
            .validate_all(&wasm)
            .expect("valid");
    });
    run("wasmi", &mut || {
        wasmi::Module::new(&engine, &wasm).expect("wasmi");
    });
    let mut fuel_config = config.clone();
    fuel_config.consume_fuel(true);
    let fuel_engine = wasmi::Engine::new(&fuel_config);
    run("wasmi-fuel", &mut || {
        wasmi::Module::new(&fuel_engine, &wasm).expect("wasmi");
    });
    run("wasmi-val", &mut || {
        wasmi::Module::validate(&engine, &wasm).expect("wasmi validate");
    });
    Ok(())
}

/// The load-time modes (see the module docs): what turns a compiled package into a
/// runnable one, each in a loop of `n`.
fn load_modes(
    wasm: &[u8],
    n: u32,
    what: &str,
    opts: &rivet_compiler::CompileOptions,
) -> anyhow::Result<()> {
    use rivet_runtime::instance::LoadedPackage;
    let pkg = rivet_compiler::compile(wasm, opts)?;
    let bytes = pkg.encode();
    let start = Instant::now();
    for _ in 0..n {
        match what {
            "load" => drop(LoadedPackage::new(pkg.clone())?),
            "module" => drop(rivet_engine::Module::new(&pkg.program)?),
            "check" => pkg.check()?,
            "decode" => drop(rivet_format::package::Package::decode(&bytes)?),
            "rivet+load" => drop(LoadedPackage::new(rivet_compiler::compile(wasm, opts)?)?),
            "native" => {
                let loaded = LoadedPackage::new(pkg.clone())?;
                anyhow::ensure!(loaded.prepare_native(), "no native code on this host");
            }
            other => anyhow::bail!("unknown mode {other:?}"),
        }
    }
    let us = start.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!(
        "{what:<10} {us:>9.2} us ({} code words, {} package bytes)",
        pkg.program.code.len(),
        bytes.len()
    );
    Ok(())
}
