//! `rivet`: compile, link, inspect and run Rivet contracts and programs.
//!
//! Each subcommand lives in its own module under `commands/`; this file only parses
//! the command line and maps the outcome to an exit status.
//!
//! Exit status (every command): 0 success; 1 a guest trapped or refused (a call's
//! trap, a transaction's refusal: nothing committed, a replay that differs); 2 bad
//! input or a failed step (arguments, files, link or compile errors); 3 a missing
//! toolchain (`rivet build`, `rivet demo`). `rivet exec` passes the guest's own
//! exit status through and uses 125 for a trap. A closed stdout (`| head`) ends the
//! command quietly with status 0.

use clap::Parser;
use std::process::ExitCode;

mod commands;

/// Rivet: WebAssembly Component Model interfaces, executed on a RISC-V engine.
#[derive(Parser)]
#[command(name = "rivet", version, about, long_about = None)]
enum Cli {
    /// Compile a Wasm core module into a package (.rvp).
    #[command(
        after_help = "Example: rivet compile target/contracts/p2id.wasm -o p2id.rvp   (or a .wat text file)"
    )]
    Compile(commands::compile::Args),
    /// Describe a package (exports, imports, sizes, hash; --disasm for the code).
    #[command(
        after_help = "Example: rivet inspect p2id.rvp --json        rivet inspect app.manifest"
    )]
    Inspect(commands::inspect::Args),
    /// Run a standalone RV32 ELF program with a Linux-like minimum (write, exit).
    #[command(after_help = "Example: rivet exec hello.elf --gas 1000000 --trace")]
    Exec(commands::exec::Args),
    /// Link packages into a manifest: resolve and check every import ahead of time.
    #[command(
        after_help = "Example: rivet link *.rvp -o app.manifest    (records the package locations in app.manifest.packages)"
    )]
    Link(commands::link::Args),
    /// Call a component's exported function under a manifest (WAVE arguments/results).
    #[command(
        after_help = "Example: rivet call app.manifest adder-wat rivet:adder/adder#add 2 -1",
        allow_negative_numbers = true
    )]
    Call(commands::call::Args),
    /// Run WebAssembly spec test scripts (.wast) through the compiler and engine.
    #[cfg(feature = "wast")]
    #[command(
        after_help = "Example: rivet wast conformance/testsuite/wasm-spec/i32.wast --verbose"
    )]
    Wast(commands::wast::Args),
    /// Build a Rust contract crate to wasm32 and compile it to a package (.rvp).
    #[command(
        after_help = "Example: rivet build my-account    (from any directory; prints the code hash)"
    )]
    Build(commands::build::Args),
    /// Scaffold a contract crate: an account component or a note script.
    #[command(
        after_help = "Example: rivet new account my-account    (kinds: account, note, tx-script, component, c)"
    )]
    New(commands::new::Args),
    /// Accounts in the state directory: new, show, list, call (a read-only view).
    Account(commands::account::Args),
    /// Transactions: exec (run and commit), log, show, replay (re-execute and check), export (proof bundle).
    Tx(commands::tx::Args),
    /// Notes in the state directory: list, show.
    Note(commands::note::Args),
    /// The state root and the number of committed transactions.
    #[command(after_help = "Example: rivet status --json")]
    Status(commands::commit::StatusArgs),
    /// Check a transaction bundle without a store: proofs against the root you trust, re-execution, the new root.
    #[command(
        after_help = "Example: rivet verify tx.bundle --root 3f2a...   (the tx's old_root from `rivet tx show ID --json`)"
    )]
    Verify(commands::commit::VerifyArgs),
    /// Build, link and run the examples end to end: mint, transfer, a refusal, state kept in .rivet/.
    #[command(after_help = "Example: rivet demo --state /tmp/demo --reset")]
    Demo(commands::demo::Args),
    /// Serve the state directory over HTTP: JSON API under /v1/, explorer page at /.
    #[command(after_help = "Example: rivet node --state .rivet --listen 127.0.0.1:7370")]
    Node(commands::node::Args),
}

/// True when `err` (or its cause) is a write to a closed pipe.
fn broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn main() -> ExitCode {
    // `rivet build` runs cargo with rivet as the contract crate's rustc wrapper.
    if let Some(code) = commands::build::rustc_wrapper() {
        return code;
    }
    // `println!` panics on a closed stdout; that is the reader leaving, not an error.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.contains("failed printing to stdout") && msg.contains("Broken pipe") {
            std::process::exit(0);
        }
        default_hook(info);
    }));
    let result = match Cli::parse() {
        Cli::Compile(args) => commands::compile::run(args),
        Cli::Inspect(args) => commands::inspect::run(args),
        Cli::Exec(args) => commands::exec::run(args),
        Cli::Link(args) => commands::link::run(args),
        Cli::Call(args) => commands::call::run(args),
        #[cfg(feature = "wast")]
        Cli::Wast(args) => commands::wast::run(args),
        Cli::Build(args) => commands::build::run(args),
        Cli::New(args) => commands::new::run(args),
        Cli::Demo(args) => commands::demo::run(args),
        Cli::Account(args) => commands::account::run(args),
        Cli::Tx(args) => commands::tx::run(args),
        Cli::Note(args) => commands::note::run(args),
        Cli::Status(args) => commands::commit::status(args),
        Cli::Verify(args) => commands::commit::verify(args),
        Cli::Node(args) => commands::node::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) if broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
