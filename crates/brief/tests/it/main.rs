//! Integration tests of the brief crate: one module per part of the brief.

mod dating;
mod fixtures;
mod golden;
mod parts;
mod positions;
mod scale;
mod seeds;
