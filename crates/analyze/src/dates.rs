//! Time expressions resolved against the publication date.

use chrono::NaiveDate;
use model::DateMention;

/// Time expressions of a body, in text order, resolved against `published`.
pub fn find(_body: &str, _published: Option<NaiveDate>) -> Vec<DateMention> {
    Vec::new()
}
