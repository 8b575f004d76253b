//! One module per `rivet` subcommand.

pub mod build;
pub mod call;
pub mod compile;
pub mod demo;
pub mod exec;
pub mod inspect;
pub mod link;
pub mod new;
#[cfg(feature = "wast")]
pub mod wast;
