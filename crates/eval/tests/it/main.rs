//! Integration tests of the `eval` crate: one binary, a module per feature. Each runs an
//! evaluation on a small slice of `../shared/data` and holds it to a floor a little under
//! today's score, so regressions show in CI; all skip when the data is absent.

mod aliases;
mod analysis;
mod datasets;
mod extract;

use std::path::PathBuf;

/// A file or folder of the shared data, `None` (with a message) when it is absent.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(relative);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("Skipping: {} is absent.", path.display());
        None
    }
}
