//! The Rivet compiler (being written).
