//! `rivet note list|show`: the notes in the state directory.
//!
//! A note is listed under an account when the account sent it or when its inputs
//! hold the account's id as two consecutive words (`[prefix, suffix]`, the p2id
//! convention of the examples).

mod remote;

use super::state_args::{note_json, print_json, State, StateArgs};
use rivet_state::{AccountId, Note, NoteStatus};
use serde_json::json;
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `rivet note`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// List notes with their status, assets, script and sender.
    ///
    /// Example: rivet note list --account bob --unspent
    List {
        /// Only notes sent by this account or naming it in their inputs.
        #[arg(long)]
        account: Option<String>,
        /// Only notes not consumed yet.
        #[arg(long)]
        unspent: bool,
        #[command(flatten)]
        state: StateArgs,
    },
    /// Show one note.
    ///
    /// Example: rivet note show 3f2a --json
    Show {
        /// Note id or id prefix.
        note: String,
        #[command(flatten)]
        state: StateArgs,
    },
}

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if let Some(r) = remote::run(&args.command, &mut out) {
        return r;
    }
    match args.command {
        Command::List {
            account,
            unspent,
            state,
        } => list(&state, account.as_deref(), unspent, &mut out),
        Command::Show { note, state } => {
            let s = state.open(false)?;
            let (n, status) = s.note(&note)?;
            print_note(&s, &n, status, state.json, &mut out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// True when `note` was sent by `id` or names it in its inputs.
pub fn concerns(note: &Note, id: AccountId) -> bool {
    note.sender == id
        || note
            .inputs
            .windows(2)
            .any(|w| w[0] == id.prefix && w[1] == id.suffix)
}

fn status_text(status: NoteStatus) -> String {
    match status {
        NoteStatus::Unspent => "unspent".into(),
        NoteStatus::Consumed(seq) => format!("consumed by #{seq}"),
    }
}

fn print_note(
    s: &State,
    n: &Note,
    status: NoteStatus,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if json {
        return print_json(out, &note_json(s, n, status, None));
    }
    let assets: Vec<String> = n
        .assets
        .iter()
        .map(|a| super::state_args::asset_text(s, a))
        .collect();
    writeln!(out, "note {} ({})", n.id().to_hex(), status_text(status))?;
    writeln!(out, "  script  {}", n.script.to_hex())?;
    writeln!(out, "  sender  {}", s.label(n.sender))?;
    writeln!(out, "  inputs  {:?}", n.inputs)?;
    writeln!(out, "  assets  {}", assets.join(", "))?;
    Ok(())
}

fn list(
    state: &StateArgs,
    account: Option<&str>,
    unspent: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let s = state.open(false)?;
    let id = account.map(|a| s.account_id(a)).transpose()?;
    let notes: Vec<(Note, NoteStatus)> = s
        .store
        .notes()?
        .into_iter()
        .filter(|(n, st)| {
            (!unspent || *st == NoteStatus::Unspent) && id.is_none_or(|id| concerns(n, id))
        })
        .collect();
    if state.json {
        let v: Vec<_> = notes
            .iter()
            .map(|(n, st)| note_json(&s, n, *st, None))
            .collect();
        return print_json(out, &json!(v)).map(|()| ExitCode::SUCCESS);
    }
    for (n, st) in &notes {
        let assets: Vec<String> = n
            .assets
            .iter()
            .map(|a| super::state_args::asset_text(&s, a))
            .collect();
        writeln!(
            out,
            "{}  {:<16} from {:<10} {}",
            n.id().to_hex(),
            status_text(*st),
            s.label(n.sender),
            assets.join(", ")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rivet_format::CodeHash;
    use rivet_state::Word;

    #[test]
    fn a_note_concerns_its_sender_and_the_id_in_its_inputs() {
        let a = AccountId::new(1, 2);
        let b = AccountId::new(3, 4);
        let n = Note {
            script: CodeHash([0; 32]),
            inputs: vec![9, 3, 4],
            assets: vec![],
            sender: a,
            serial: Word::ZERO,
        };
        assert!(concerns(&n, a) && concerns(&n, b));
        assert!(!concerns(&n, AccountId::new(4, 9)));
    }
}
