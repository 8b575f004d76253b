//! One module per `rivet` subcommand.

pub mod exec;
pub mod link;
pub mod wast;
