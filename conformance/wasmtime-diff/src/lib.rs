//! See tests/kitchen.rs: the differential test lives in the test target.
