//! One module per `rivet` subcommand.

pub mod account;
pub mod build;
pub mod build_c;
pub mod call;
pub mod commit;
pub mod compile;
pub mod demo;
pub mod exec;
pub mod inspect;
pub mod keystore;
pub mod link;
pub mod new;
pub mod node;
pub mod note;
pub mod remote;
pub mod state_args;
pub mod templates;
pub mod tx;
#[cfg(feature = "wast")]
pub mod wast;
