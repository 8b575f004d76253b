//! `rivet exec` (being written).

/// Arguments of `rivet exec`.
#[derive(clap::Args)]
pub struct Args {
    /// The ELF file to run.
    pub file: std::path::PathBuf,
}

/// Runs the program.
pub fn run(_args: Args) -> anyhow::Result<std::process::ExitCode> {
    anyhow::bail!("rivet exec is not built yet")
}
