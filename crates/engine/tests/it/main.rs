//! Whole-pipeline tests: the golden analysis of the sample corpus, its hand-made gold
//! file, the real seed articles in `../shared/data`, and the store's behaviour
//! (`stores`, cases written once for both stores, run here on SQLite by `sqlite`; the
//! shared store's tests run them on PostgreSQL).

mod concurrent;
mod corpus_gold;
mod golden;
mod seeds;
mod sqlite;
mod stores;

pub use stores::{analyze, repo, shared_data};
