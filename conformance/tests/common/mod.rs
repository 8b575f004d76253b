//! Code shared by the integration tests (each test binary uses a part of it).

pub mod differential;
pub mod generated;
pub mod programs;
