//! Fuzz and property tests over every reader, stage and the search query path. See the
//! crate documentation (`crates/fuzz/src/lib.rs`) for what runs and the environment
//! variables of longer runs.

mod analyze;
mod corpus;
mod extract;
mod gen;
mod harness;
mod readers;
mod search;

#[global_allocator]
static ALLOCATOR: harness::Counting = harness::Counting;
