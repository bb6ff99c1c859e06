//! Integration tests of the `cluster` crate: one binary, a module per feature.

mod seeds;
