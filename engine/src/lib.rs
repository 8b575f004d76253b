//! The Rivet RISC-V engine (being written).
