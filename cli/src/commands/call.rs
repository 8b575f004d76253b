//! `rivet call`: run one exported function of a linked component.
//!
//! `rivet call MANIFEST COMPONENT FUNC ARGS...` loads the manifest and the packages it
//! names (given with `--package`, or every `.rvp` file next to the manifest), parses
//! each argument as WAVE text of the function's parameter type, runs the call in a
//! fresh call tree and prints the result in WAVE, the gas used and, with `--witness`,
//! every advice entry (hash, size and leading bytes). COMPONENT is a component name or
//! a code-hash prefix; FUNC is `iface#func` (the interface version may be left out).

use anyhow::{bail, Context};
use rivet_format::manifest::Manifest;
use rivet_runtime::cabi::{wave, FuncType, Val};
use rivet_runtime::component::{
    CallConfig, CallFailure, CallOutcome, CallTrap, Caller, Event, Limits, Runtime, Trapped,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `rivet call`.
#[derive(clap::Args)]
pub struct Args {
    /// The manifest written by `rivet link`.
    pub manifest: PathBuf,
    /// Component name or code-hash prefix.
    pub component: String,
    /// The function: `ns:pkg/iface#func` (`@version` optional).
    pub function: String,
    /// Arguments in WAVE syntax, one per parameter.
    pub args: Vec<String>,
    /// Packages (.rvp); by default every .rvp file in the manifest's directory.
    #[arg(short, long = "package")]
    pub packages: Vec<PathBuf>,
    /// Gas for the whole call tree.
    #[arg(long, default_value_t = CallConfig::default().gas)]
    pub gas: u64,
    /// Most advice bytes the call may produce.
    #[arg(long, default_value_t = Limits::default().max_advice_bytes)]
    pub max_advice: u64,
    /// Print the advice map (the call's witness).
    #[arg(long)]
    pub witness: bool,
    /// Print the call trace (calls, returns, resource drops).
    #[arg(long)]
    pub trace: bool,
    /// Print results, gas and (with --witness) the advice as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs the call and prints to stdout.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    call_to(args, &mut std::io::stdout().lock())
}

/// The file next to a manifest listing its package files (written by `rivet link`).
pub fn packages_list(manifest: &Path) -> PathBuf {
    let mut name = manifest.as_os_str().to_owned();
    name.push(".packages");
    PathBuf::from(name)
}

/// The package files for `manifest`: `explicit` if given; else those listed in
/// `<MANIFEST>.packages` (absolute paths, written by `rivet link`), so the manifest
/// alone finds them from any directory; else every `.rvp` file next to it.
pub fn package_paths(manifest: &Path, explicit: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    if !explicit.is_empty() {
        return Ok(explicit.to_vec());
    }
    let list = packages_list(manifest);
    if let Ok(text) = std::fs::read_to_string(&list) {
        let dir = manifest.parent().unwrap_or(Path::new("."));
        return Ok(text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| dir.join(l.trim()))
            .collect());
    }
    let dir = manifest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rvp"))
        .collect();
    out.sort();
    Ok(out)
}

/// Parses one WAVE argument per parameter of `function`; an error names the
/// parameter, its WIT type and the text that does not fit it.
pub fn parse_args(function: &str, ty: &FuncType, texts: &[&str]) -> anyhow::Result<Vec<Val>> {
    let params: Vec<String> = ty
        .params
        .iter()
        .map(|(n, t)| format!("{n}: {}", wave::type_to_string(t)))
        .collect();
    if texts.len() != ty.params.len() {
        bail!(
            "{function} takes {} argument{} ({}), got {}",
            ty.params.len(),
            if ty.params.len() == 1 { "" } else { "s" },
            params.join(", "),
            texts.len()
        );
    }
    ty.params
        .iter()
        .zip(texts)
        .enumerate()
        .map(|(i, ((name, t), text))| {
            wave::parse(t, text).map_err(|e| {
                let msg = match e {
                    wave::WaveError::Parse { message, .. } => message,
                    other => other.to_string(),
                };
                anyhow::anyhow!(
                    "{function}: argument {i} `{name}` of type {}: cannot read `{text}` ({msg})",
                    wave::type_to_string(t)
                )
            })
        })
        .collect()
}

/// [`run`], printing to `out`. A trap is reported on stderr with exit status 1.
pub fn call_to(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.manifest)
        .with_context(|| format!("reading {}", args.manifest.display()))?;
    let manifest = Manifest::decode(&bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.manifest.display()))?;
    let runtime = Runtime::new();
    for path in package_paths(&args.manifest, &args.packages)? {
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        runtime
            .add_package_bytes(&bytes)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    let app = runtime.prepare(&manifest)?;
    let comp = app.component(&args.component)?;
    let Some(func) = comp.export(&args.function) else {
        let mut names: Vec<&String> = comp.exports.iter().map(|e| &e.key).collect();
        names.sort();
        bail!(
            "{} exports no function {} (exports: {})",
            comp.name,
            args.function,
            names
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    let texts: Vec<&str> = args.args.iter().map(String::as_str).collect();
    let vals = parse_args(&func.key, &func.ty, &texts)?;
    let config = CallConfig {
        gas: args.gas,
        limits: Limits {
            max_advice_bytes: args.max_advice,
            ..Limits::default()
        },
    };
    let key = func.key.clone();
    let name = comp.name.clone();
    let outcome = match app.call(&name, &key, &vals, &config, &mut Default::default()) {
        Ok(o) => o,
        Err(CallFailure::Trapped(failed)) => {
            print_trapped(&failed, &args, out)?;
            return Ok(ExitCode::from(1));
        }
        Err(other) => return Err(other.into()),
    };
    if args.json {
        let results: Vec<String> = outcome
            .results
            .iter()
            .map(|v| wave::print(v).unwrap_or_else(|e| format!("<{e}>")))
            .collect();
        let w = &outcome.witness;
        let advice: Vec<_> = w
            .advice
            .iter()
            .map(|(h, b)| serde_json::json!({"hash": h.to_hex(), "bytes": b.len()}))
            .collect();
        let mut v = serde_json::json!({"results": results, "gas_used": outcome.gas_used});
        if args.trace {
            v["trace"] = trace_json(&outcome.trace);
        }
        if args.witness {
            v["witness"] = serde_json::json!({"args": w.args.to_hex(), "results": w.results.map(|h| h.to_hex()), "advice": advice});
        }
        writeln!(out, "{v}")?;
        return Ok(ExitCode::SUCCESS);
    }
    print_text(&outcome, &args, out)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints results, gas and, as asked, the trace and the witness as text.
fn print_text(outcome: &CallOutcome, args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    for v in &outcome.results {
        writeln!(
            out,
            "{}",
            wave::print(v).unwrap_or_else(|e| format!("<{e}>"))
        )?;
    }
    writeln!(out, "gas used: {}", outcome.gas_used)?;
    if args.trace {
        print_trace(&outcome.trace, out)?;
    }
    if args.witness {
        let w = &outcome.witness;
        writeln!(
            out,
            "witness: {} entries, {} bytes (args {}, result {})",
            w.advice.len(),
            w.advice.total_bytes(),
            w.args.short(),
            w.results
                .map(|h| h.short())
                .unwrap_or_else(|| "none".into())
        )?;
        for (hash, bytes) in w.advice.iter() {
            let shown: String = bytes.iter().take(32).map(|b| format!("{b:02x}")).collect();
            let more = if bytes.len() > 32 { "…" } else { "" };
            writeln!(out, "  {hash} {:>8} bytes  {shown}{more}", bytes.len())?;
        }
    }
    Ok(())
}

/// A trapped call: the trap on stderr; the gas it used (of how much, and whether the
/// budget ran out) and the trace up to the trap on stdout, as text or JSON.
fn print_trapped(failed: &Trapped, args: &Args, out: &mut dyn Write) -> anyhow::Result<()> {
    let left = failed.gas_limit.saturating_sub(failed.gas_used);
    let out_of_gas = matches!(
        failed.trap,
        CallTrap::OutOfGas { .. } | CallTrap::HostOutOfGas { .. }
    );
    if args.json {
        let v = serde_json::json!({
            "trapped": true,
            "trap": failed.trap.to_string(),
            "out_of_gas": out_of_gas,
            "gas_used": failed.gas_used,
            "gas_limit": failed.gas_limit,
            "gas_left": left,
            "trace": trace_json(&failed.trace),
        });
        writeln!(out, "{v}")?;
    } else {
        let state = match &failed.trap {
            CallTrap::HostOutOfGas { what, needed, .. } => {
                format!("budget exhausted: {left} left, {what} needed {needed}")
            }
            CallTrap::OutOfGas { .. } => {
                format!("budget exhausted: {left} left, too little for the next block")
            }
            _ => format!("{left} left"),
        };
        writeln!(
            out,
            "gas used: {} of {} ({state})",
            failed.gas_used, failed.gas_limit
        )?;
        if !failed.trace.is_empty() {
            writeln!(out, "trace up to the trap:")?;
            print_trace(&failed.trace, out)?;
        }
    }
    eprintln!("trap: {}", failed.trap);
    Ok(())
}

/// The trace as JSON objects (`{"event": "call" | "return" | "drop", ...}`).
fn trace_json(trace: &[Event]) -> serde_json::Value {
    trace
        .iter()
        .map(|e| match e {
            Event::Call {
                depth,
                caller,
                site,
            } => serde_json::json!({
                "event": "call", "depth": depth, "component": &*site.component,
                "function": &*site.function,
                "caller": match caller {
                    Caller::Host => "host".to_string(),
                    Caller::Component(h) => h.to_hex(),
                },
            }),
            Event::Return { depth, site } => serde_json::json!({
                "event": "return", "depth": depth, "component": &*site.component,
                "function": &*site.function,
            }),
            Event::Drop {
                component,
                resource,
                rep,
                destructor,
            } => serde_json::json!({
                "event": "drop", "component": &**component, "resource": resource,
                "rep": rep, "destructor": destructor,
            }),
        })
        .collect()
}

/// The trace as indented text, one event a line.
fn print_trace(trace: &[Event], out: &mut dyn Write) -> anyhow::Result<()> {
    for e in trace {
        match e {
            Event::Call { depth, site, .. } => writeln!(
                out,
                "{:indent$}call {} {}",
                "",
                site.component,
                site.function,
                indent = 2 * *depth as usize
            )?,
            Event::Return { depth, site } => writeln!(
                out,
                "{:indent$}return {} {}",
                "",
                site.component,
                site.function,
                indent = 2 * *depth as usize
            )?,
            Event::Drop {
                component,
                resource,
                rep,
                destructor,
            } => writeln!(
                out,
                "  drop {resource} rep {rep:#x} in {component}{}",
                if *destructor { " (destructor ran)" } else { "" }
            )?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(module (memory 1) (func (param i32 i32) (result i32) local.get 0 local.get 1
    /// i32.add) (export "memory" ..) (export "t:p/i@1.0.0#add" (func 0)))` plus its world.
    fn adder() -> Vec<u8> {
        let mut wasm = vec![0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
        wasm.extend([1, 7, 1, 0x60, 2, 0x7f, 0x7f, 1, 0x7f]);
        wasm.extend([3, 2, 1, 0]);
        wasm.extend([5, 3, 1, 0, 1]);
        wasm.extend([7, 0x1c, 2, 6]);
        wasm.extend(b"memory");
        wasm.extend([2, 0, 15]);
        wasm.extend(b"t:p/i@1.0.0#add");
        wasm.extend([0, 0]);
        wasm.extend([10, 9, 1, 7, 0, 0x20, 0, 0x20, 1, 0x6a, 0x0b]);
        let wit = "package t:p@1.0.0;\ninterface i { add: func(a: u32, b: u32) -> u32; }\nworld w { export i; }\n";
        let (name, data) = rivet_linker::embed::world_section(&[("p.wit", wit)], "w").unwrap();
        let mut payload = vec![name.len() as u8];
        payload.extend(name.as_bytes());
        payload.extend(&data);
        wasm.push(0);
        let mut n = payload.len();
        loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            wasm.push(if n == 0 { b } else { b | 0x80 });
            if n == 0 {
                break;
            }
        }
        wasm.extend(payload);
        wasm
    }

    #[test]
    fn calls_with_wave_arguments_and_prints_the_witness() {
        let dir = std::env::temp_dir().join(format!("rivet-call-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pkg = rivet_compiler::compile(&adder(), &Default::default()).unwrap();
        std::fs::write(dir.join("adder.rvp"), pkg.encode()).unwrap();
        let input = rivet_linker::LinkInput::from_package("adder", &pkg);
        let manifest = rivet_linker::link(&[input], None).unwrap();
        std::fs::write(dir.join("app.manifest"), manifest.encode()).unwrap();
        let args = |a: &str, b: &str| Args {
            manifest: dir.join("app.manifest"),
            component: "adder".into(),
            function: "t:p/i#add".into(),
            args: vec![a.into(), b.into()],
            packages: vec![],
            gas: 1_000_000,
            max_advice: 1 << 20,
            witness: true,
            trace: false,
            json: false,
        };
        let mut out = Vec::new();
        let code = call_to(args("2", "40"), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(code, ExitCode::SUCCESS);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "42");
        assert!(lines[1].starts_with("gas used: "), "{text}");
        assert!(
            lines[2].starts_with("witness: 2 entries, 12 bytes"),
            "{text}"
        );
        assert!(
            text.contains("02000000") && text.contains("2a000000"),
            "{text}"
        );
        // A malformed argument is an error naming the argument, its type and text.
        let e = call_to(args("2", "x"), &mut Vec::new()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t:p/i@1.0.0#add: argument 1 `b` of type u32: cannot read `x`"),
            "{e}"
        );
        let e = call_to(args("2", "-1"), &mut Vec::new()).unwrap_err();
        assert!(e.to_string().contains("cannot read `-1`"), "{e}");
        // --json: results and gas.
        let mut out = Vec::new();
        let mut a = args("2", "40");
        a.json = true;
        call_to(a, &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["results"][0], "42");
        assert!(v["gas_used"].as_u64().unwrap() > 0);
        assert_eq!(v["witness"]["advice"].as_array().unwrap().len(), 2);
        std::fs::remove_dir_all(&dir).ok();
    }
}
