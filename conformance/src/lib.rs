//! Conformance harnesses (being written).
