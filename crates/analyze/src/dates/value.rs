//! Resolved time values, their TimeML spelling and the arithmetic of relative expressions.

use chrono::{Datelike, Days, Months, NaiveDate};

/// A calendar unit that relative expressions count in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

/// A resolved time value at the granularity the text gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Value {
    /// One day.
    Day(NaiveDate),
    /// The ISO week holding this date; `weekend` selects its Saturday and Sunday.
    Week { day: NaiveDate, weekend: bool },
    /// A calendar month.
    Month(i32, u32),
    /// A calendar quarter, 1 to 4.
    Quarter(i32, u32),
    /// A half year, 1 or 2.
    Half(i32, u32),
    /// A season of a year: 0 winter, 1 spring, 2 summer, 3 fall.
    Season(i32, u32),
    /// A calendar year.
    Year(i32),
    /// A decade, by its first three digits (199 for the 1990s).
    Decade(i32),
    /// A century, by its first two digits (19 for the 20th century).
    Century(i32),
    /// A reference to the present, the past or the future, as TimeML spells it.
    Ref(&'static str),
}

/// TimeML's codes of the seasons, in the order of [`Value::Season`].
const SEASONS: [&str; 4] = ["WI", "SP", "SU", "FA"];

impl Value {
    /// The TimeML spelling: `2022-01-09`, `2022-W02`, `2022-01`, `2022-Q1`, `2022-SU`,
    /// `2022`, `199`, `PRESENT_REF`.
    pub(super) fn render(self) -> String {
        match self {
            Value::Day(d) => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            Value::Week { day, weekend } => {
                let week = day.iso_week();
                let suffix = if weekend { "-WE" } else { "" };
                format!("{:04}-W{:02}{suffix}", week.year(), week.week())
            }
            Value::Month(y, m) => format!("{y:04}-{m:02}"),
            Value::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Value::Half(y, h) => format!("{y:04}-H{h}"),
            Value::Season(y, s) => {
                format!(
                    "{y:04}-{}",
                    SEASONS.get(s as usize).copied().unwrap_or("XX")
                )
            }
            Value::Year(y) => format!("{y:04}"),
            Value::Decade(d) => format!("{d:03}"),
            Value::Century(c) => format!("{c:02}"),
            Value::Ref(name) => name.to_string(),
        }
    }

    /// Whether later anaphoric expressions ("a year earlier", "that day") may lean on it.
    pub(super) fn is_reference(self) -> bool {
        !matches!(self, Value::Ref(_) | Value::Decade(_) | Value::Century(_))
    }

    /// The year the value lies in.
    fn year(self) -> Option<i32> {
        match self {
            Value::Day(d) => Some(d.year()),
            Value::Week { day, .. } => Some(day.iso_week().year()),
            Value::Month(y, _)
            | Value::Quarter(y, _)
            | Value::Half(y, _)
            | Value::Season(y, _)
            | Value::Year(y) => Some(y),
            Value::Decade(_) | Value::Century(_) | Value::Ref(_) => None,
        }
    }

    /// The value moved by `n` units, keeping its own granularity; `None` when the unit is
    /// finer than the value ("the previous day" of a month).
    pub(super) fn shift(self, unit: Unit, n: i32) -> Option<Value> {
        if unit == Unit::Year {
            return match self {
                Value::Day(d) => add_months(d, n.checked_mul(12)?).map(Value::Day),
                Value::Week { day, weekend } => Some(Value::Week {
                    day: add_days(day, i64::from(n) * 364)?,
                    weekend,
                }),
                Value::Month(y, m) => Some(Value::Month(y.checked_add(n)?, m)),
                Value::Quarter(y, q) => Some(Value::Quarter(y.checked_add(n)?, q)),
                Value::Half(y, h) => Some(Value::Half(y.checked_add(n)?, h)),
                Value::Season(y, s) => Some(Value::Season(y.checked_add(n)?, s)),
                Value::Year(y) => Some(Value::Year(y.checked_add(n)?)),
                Value::Decade(_) | Value::Century(_) | Value::Ref(_) => None,
            };
        }
        match (self, unit) {
            (Value::Day(d), Unit::Day) => add_days(d, i64::from(n)).map(Value::Day),
            (Value::Day(d), Unit::Week) => add_days(d, 7 * i64::from(n)).map(Value::Day),
            (Value::Day(d), Unit::Month) => add_months(d, n).map(Value::Day),
            (Value::Week { day, weekend }, Unit::Week) => Some(Value::Week {
                day: add_days(day, 7 * i64::from(n))?,
                weekend,
            }),
            (Value::Month(y, m), Unit::Month) => {
                let index = i64::from(y) * 12 + i64::from(m) - 1 + i64::from(n);
                let y = i32::try_from(index.div_euclid(12)).ok()?;
                let m = u32::try_from(index.rem_euclid(12) + 1).ok()?;
                Some(Value::Month(y, m))
            }
            (Value::Quarter(y, q), Unit::Quarter) => {
                let (y, q) = quarter_from_index(quarter_index(y, q) + i64::from(n))?;
                Some(Value::Quarter(y, q))
            }
            _ => None,
        }
    }

    /// The unit of time holding the value ("that week" of a day is its week); `None` when
    /// the value is coarser than the unit.
    pub(super) fn within(self, unit: Unit) -> Option<Value> {
        match (self, unit) {
            (Value::Day(d), Unit::Day) => Some(Value::Day(d)),
            (Value::Day(d), Unit::Week) => Some(Value::Week {
                day: d,
                weekend: false,
            }),
            (Value::Week { day, .. }, Unit::Week) => Some(Value::Week {
                day,
                weekend: false,
            }),
            (Value::Day(d), Unit::Month) => Some(Value::Month(d.year(), d.month())),
            (Value::Month(y, m), Unit::Month) => Some(Value::Month(y, m)),
            (Value::Day(d), Unit::Quarter) => Some(Value::Quarter(d.year(), quarter_of(d))),
            (Value::Month(y, m), Unit::Quarter) => Some(Value::Quarter(y, (m - 1) / 3 + 1)),
            (Value::Quarter(y, q), Unit::Quarter) => Some(Value::Quarter(y, q)),
            (_, Unit::Year) => self.year().map(Value::Year),
            _ => None,
        }
    }
}

/// The quarter, 1 to 4, a date lies in.
pub(super) fn quarter_of(d: NaiveDate) -> u32 {
    (d.month() - 1) / 3 + 1
}

/// Quarters counted from year 0, so that quarters can be compared and subtracted.
pub(super) fn quarter_index(year: i32, quarter: u32) -> i64 {
    i64::from(year) * 4 + i64::from(quarter) - 1
}

fn quarter_from_index(index: i64) -> Option<(i32, u32)> {
    let y = i32::try_from(index.div_euclid(4)).ok()?;
    let q = u32::try_from(index.rem_euclid(4) + 1).ok()?;
    Some((y, q))
}

/// The season holding a date, as `(year, season)`: December belongs to the winter of the
/// next year, so "the winter of 2022" runs from December 2021 to February 2022.
pub(super) fn season_of(d: NaiveDate) -> (i32, u32) {
    match d.month() {
        12 => (d.year() + 1, 0),
        1 | 2 => (d.year(), 0),
        m => (d.year(), (m - 3) / 3 + 1),
    }
}

pub(super) fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

pub(super) fn add_months(d: NaiveDate, n: i32) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_months(Months::new(n.unsigned_abs()))
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs()))
    }
}
