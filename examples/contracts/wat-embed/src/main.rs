//! `wat-embed OUT.wasm MODULE.wat WORLD WIT...`: assembles `MODULE.wat` and appends
//! the `component-type` section of `WORLD` from the WIT files (dependencies first;
//! `rivet:base` is always available), so the linker sees the contract's interface.

use std::process::ExitCode;

fn run(args: &[String]) -> Result<(), String> {
    let [out, wat, world, wits @ ..] = args else {
        return Err("usage: wat-embed OUT.wasm MODULE.wat WORLD WIT...".into());
    };
    if wits.is_empty() {
        return Err("no WIT files given".into());
    }
    let mut module = wat::parse_file(wat).map_err(|e| format!("{wat}: {e}"))?;
    let texts = wits
        .iter()
        .map(|p| {
            std::fs::read_to_string(p)
                .map(|t| (p.as_str(), t))
                .map_err(|e| format!("{p}: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let sources: Vec<(&str, &str)> = texts.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let (name, data) =
        rivet_linker::embed::world_section(&sources, world).map_err(|e| e.to_string())?;
    append_custom_section(&mut module, &name, &data);
    std::fs::write(out, &module).map_err(|e| format!("{out}: {e}"))
}

/// Appends a custom section (id 0): size, then the length-prefixed name, then data.
fn append_custom_section(module: &mut Vec<u8>, name: &str, data: &[u8]) {
    let mut body = Vec::new();
    leb128(&mut body, name.len() as u64);
    body.extend_from_slice(name.as_bytes());
    body.extend_from_slice(data);
    module.push(0);
    leb128(module, body.len() as u64);
    module.extend_from_slice(&body);
}

fn leb128(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wat-embed: {e}");
            ExitCode::FAILURE
        }
    }
}
