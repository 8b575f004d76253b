//! One module per `rivet` subcommand.

pub mod exec;
