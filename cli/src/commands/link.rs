//! `rivet link`: packages in, a checked manifest out, and the resolved graph printed.
//!
//! Each package is named after its file stem in messages and wiring files. All link
//! errors are reported together. [`print_manifest`] (read, validate, print a manifest
//! file) is shared with `rivet inspect`.

use anyhow::Context;
use rivet_format::manifest::Manifest;
use rivet_format::package::Package;
use rivet_linker::{link, render, LinkInput, Wiring};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `rivet link`.
#[derive(clap::Args)]
pub struct Args {
    /// Packages (.rvp) to link; each is named after its file stem.
    #[arg(required = true)]
    pub packages: Vec<PathBuf>,
    /// Wiring file (TOML): explicit provider choices ([[wire]]) and wrappers
    /// ([[interpose]]).
    #[arg(long)]
    pub wiring: Option<PathBuf>,
    /// Where to write the manifest.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Print the resolved graph as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Links the packages, writes the manifest and prints the graph to stdout.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    link_to(args, &mut std::io::stdout().lock())
}

/// [`run`], printing the graph to `out`.
pub fn link_to(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut inputs = Vec::with_capacity(args.packages.len());
    for path in &args.packages {
        inputs.push(load_package(path)?);
    }
    let wiring = match &args.wiring {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading wiring file {}", path.display()))?;
            Some(Wiring::parse(&text).with_context(|| path.display().to_string())?)
        }
        None => None,
    };
    let manifest = link(&inputs, wiring.as_ref()).map_err(|errors| {
        anyhow::anyhow!(
            "{} link error{}:\n{errors}",
            errors.0.len(),
            if errors.0.len() == 1 { "" } else { "s" }
        )
    })?;
    std::fs::write(&args.output, manifest.encode())
        .with_context(|| format!("writing {}", args.output.display()))?;
    // Where the packages are, so `rivet call`/`rivet account new` need only the
    // manifest, from any directory.
    let mut list = String::new();
    for path in &args.packages {
        let abs = path
            .canonicalize()
            .with_context(|| format!("resolving {}", path.display()))?;
        list.push_str(&format!("{}\n", abs.display()));
    }
    let list_path = super::call::packages_list(&args.output);
    std::fs::write(&list_path, list).with_context(|| format!("writing {}", list_path.display()))?;
    // What is printed is read back from disk: the graph shown is the file's.
    print_manifest(&args.output, args.json, out)?;
    Ok(ExitCode::SUCCESS)
}

/// Reads and decodes one package file as a linker input named after its file stem.
pub fn load_package(path: &Path) -> anyhow::Result<LinkInput> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let package =
        Package::decode(&bytes).with_context(|| format!("decoding package {}", path.display()))?;
    let name = path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    Ok(LinkInput::from_package(name, &package))
}

/// Reads and fully validates a manifest file, then prints it as a graph (or as pretty
/// JSON for tools when `json` is set). Shared with `rivet inspect`.
pub fn print_manifest(path: &Path, json: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let manifest = Manifest::decode(&bytes)
        .with_context(|| format!("decoding manifest {}", path.display()))?;
    if json {
        writeln!(out, "{}", render::json_text(&manifest))?;
    } else {
        out.write_all(render::graph_text(&manifest).as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rivet_format::package::CustomSection;

    fn package((name, bytes): (String, Vec<u8>)) -> Package {
        Package::interface_only(vec![CustomSection { name, bytes }])
    }

    const COUNTER: &str = "package demo:counter@1.0.0;
interface api { incr: func(by: u32) -> u64; }
world counter { export api; }
";

    #[test]
    fn links_package_files_and_prints_the_graph() {
        let dir = std::env::temp_dir().join(format!("rivet-link-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let counter =
            rivet_linker::embed::world_section(&[("counter.wit", COUNTER)], "counter").unwrap();
        let caller = rivet_linker::embed::world_section(
            &[
                ("counter.wit", COUNTER),
                (
                    "caller.wit",
                    "package demo:caller@1.0.0;
world caller { import demo:counter/api@1.0.0; export run: func(); }
",
                ),
            ],
            "caller",
        )
        .unwrap();
        let (cp, kp) = (package(counter), package(caller));
        std::fs::write(dir.join("counter.rvp"), cp.encode()).unwrap();
        std::fs::write(dir.join("caller.rvp"), kp.encode()).unwrap();
        let out = dir.join("app.manifest");
        let mut printed = Vec::new();
        let args = Args {
            packages: vec![dir.join("caller.rvp"), dir.join("counter.rvp")],
            wiring: None,
            output: out.clone(),
            json: false,
        };
        link_to(args, &mut printed).unwrap();
        let m = Manifest::decode(&std::fs::read(&out).unwrap()).unwrap();
        m.verify_package(&cp.code_hash(), &cp.encode()).unwrap();
        let mut text = Vec::new();
        print_manifest(&out, false, &mut text).unwrap();
        assert_eq!(text, printed);
        assert_eq!(String::from_utf8(text).unwrap(), render::graph_text(&m));
        let text = String::from_utf8(printed).unwrap();
        assert!(
            text.contains(&format!(
                "    import demo:counter/api@1.0.0 <- counter ({})\n",
                cp.code_hash().short()
            )),
            "{text}"
        );
        let mut json = Vec::new();
        print_manifest(&out, true, &mut json).unwrap();
        let json = String::from_utf8(json).unwrap();
        assert_eq!(json, format!("{}\n", render::json_text(&m)));
        assert!(json.contains(&cp.code_hash().to_hex()), "{json}");

        // A missing provider: every error is reported, nothing is written.
        let lonely = dir.join("lonely.manifest");
        let args = Args {
            packages: vec![dir.join("caller.rvp")],
            wiring: None,
            output: lonely.clone(),
            json: false,
        };
        let e = link_to(args, &mut Vec::new()).unwrap_err();
        assert_eq!(
            format!("{e:#}"),
            "1 link error:\ncaller imports demo:counter/api@1.0.0: no component or host interface provides it"
        );
        assert!(!lonely.exists());
        // A wiring file is read and its mistakes are reported with its path.
        let wiring = dir.join("app.toml");
        std::fs::write(
            &wiring,
            "[[wire]]\nimporter = \"caller\"\ninterface = \"demo:counter/api\"\nprovider = \"nobody\"\n",
        )
        .unwrap();
        let args = Args {
            packages: vec![dir.join("caller.rvp"), dir.join("counter.rvp")],
            wiring: Some(wiring.clone()),
            output: lonely.clone(),
            json: false,
        };
        let e = link_to(args, &mut Vec::new()).unwrap_err();
        assert_eq!(
            format!("{e:#}"),
            "1 link error:\nwiring: no component named `nobody`"
        );
        std::fs::write(&wiring, "[[wire]]\nimporter = 3\n").unwrap();
        let args = Args {
            packages: vec![dir.join("caller.rvp")],
            wiring: Some(wiring.clone()),
            output: lonely.clone(),
            json: false,
        };
        let e = format!("{:#}", link_to(args, &mut Vec::new()).unwrap_err());
        assert!(
            e.starts_with(&format!("{}: wiring: ", wiring.display())),
            "{e}"
        );
        // A corrupted manifest is refused by inspect.
        let mut bytes = std::fs::read(&out).unwrap();
        bytes[8] ^= 1;
        std::fs::write(&out, bytes).unwrap();
        let e = print_manifest(&out, false, &mut Vec::new()).unwrap_err();
        assert!(
            format!("{e:#}").contains("manifest hash does not match"),
            "{e:#}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
