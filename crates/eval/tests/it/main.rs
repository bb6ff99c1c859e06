//! Integration tests of the `eval` crate: one binary, a module per feature.

mod datasets;
