//! Integration tests of the `dedup` crate: one binary, a module per feature.

mod seeds;
