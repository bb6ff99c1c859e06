//! Byte ranges of one body (quotes, entity mentions), indexed so that the questions the
//! brief asks of them per word or per sentence cost a binary search, not a scan.
//!
//! The ranges keep the order they were given in, and every answer is the one a scan in
//! that order would give. When their starts ascend in that order (as the analyzer writes
//! them), answers use the running maximum of the ends; otherwise they fall back to the
//! scan.

/// Byte ranges in their given order, with the running maximum of their ends.
pub(crate) struct Spans {
    starts: Vec<usize>,
    ends: Vec<usize>,
    /// `reach[i]` is the largest end among the first `i + 1` ranges.
    reach: Vec<usize>,
    /// True when the starts never decrease in the given order.
    sorted: bool,
}

impl Spans {
    pub(crate) fn new(spans: impl IntoIterator<Item = (usize, usize)>) -> Spans {
        let (starts, ends): (Vec<usize>, Vec<usize>) = spans.into_iter().unzip();
        let sorted = starts.windows(2).all(|w| w[0] <= w[1]);
        let reach = ends
            .iter()
            .scan(0usize, |max, &e| {
                *max = (*max).max(e);
                Some(*max)
            })
            .collect();
        Spans {
            starts,
            ends,
            reach,
            sorted,
        }
    }

    /// Range `k` as (start, end).
    pub(crate) fn range(&self, k: usize) -> Option<(usize, usize)> {
        Some((*self.starts.get(k)?, *self.ends.get(k)?))
    }

    /// The number of ranges whose start is at most `pos` (all of them when unsorted).
    fn upto(&self, pos: usize) -> usize {
        if self.sorted {
            self.starts.partition_point(|&s| s <= pos)
        } else {
            self.starts.len()
        }
    }

    /// The first range (in the given order) with `start <= pos < end`.
    pub(crate) fn covering(&self, pos: usize) -> Option<usize> {
        if !self.sorted {
            return (0..self.starts.len()).find(|&i| self.starts[i] <= pos && pos < self.ends[i]);
        }
        let upto = self.upto(pos);
        let i = self.reach[..upto].partition_point(|&r| r <= pos);
        (i < upto).then_some(i)
    }

    /// The ranges that may overlap `start..end` (`start < range end`, `range start <
    /// end`), last first; a superset, to be checked by the caller.
    pub(crate) fn overlapping(&self, start: usize, end: usize) -> impl Iterator<Item = usize> + '_ {
        let upto = if self.sorted {
            self.starts.partition_point(|&s| s < end)
        } else {
            self.starts.len()
        };
        let sorted = self.sorted;
        (0..upto)
            .rev()
            .take_while(move |&i| !sorted || self.reach[i] > start)
    }

    /// The ranges that may end in `from..=to`, last first; a superset, to be checked by
    /// the caller.
    pub(crate) fn ending_between(
        &self,
        from: usize,
        to: usize,
    ) -> impl Iterator<Item = usize> + '_ {
        let upto = self.upto(to);
        let sorted = self.sorted;
        (0..upto)
            .rev()
            .take_while(move |&i| !sorted || self.reach[i] >= from)
    }

    /// The ranges starting after `pos` and before `end`, first first; with unsorted
    /// ranges every range, to be checked by the caller.
    pub(crate) fn starting_within(
        &self,
        pos: usize,
        end: usize,
    ) -> impl Iterator<Item = usize> + '_ {
        let (from, to) = if self.sorted {
            (
                self.starts.partition_point(|&s| s <= pos),
                self.starts.partition_point(|&s| s < end),
            )
        } else {
            (0, self.starts.len())
        };
        from..to.max(from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_agree_with_scans() {
        let ranges = [(0, 4), (2, 9), (5, 6), (12, 20), (14, 15), (30, 31)];
        for spans in [Spans::new(ranges), Spans::new(ranges.iter().rev().copied())] {
            let order: Vec<(usize, usize)> = (0..spans.starts.len())
                .map(|i| (spans.starts[i], spans.ends[i]))
                .collect();
            for pos in 0..35 {
                let scan = order.iter().position(|&(s, e)| s <= pos && pos < e);
                assert_eq!(spans.covering(pos), scan, "covering {pos}");
                for end in pos + 1..36 {
                    let mut got: Vec<usize> = spans
                        .overlapping(pos, end)
                        .filter(|&i| order[i].0 < end && pos < order[i].1)
                        .collect();
                    got.sort_unstable();
                    let want: Vec<usize> = (0..order.len())
                        .filter(|&i| order[i].0 < end && pos < order[i].1)
                        .collect();
                    assert_eq!(got, want, "overlapping {pos}..{end}");
                    let mut got: Vec<usize> = spans
                        .ending_between(pos, end)
                        .filter(|&i| pos <= order[i].1 && order[i].1 <= end)
                        .collect();
                    got.sort_unstable();
                    let want: Vec<usize> = (0..order.len())
                        .filter(|&i| pos <= order[i].1 && order[i].1 <= end)
                        .collect();
                    assert_eq!(got, want, "ending {pos}..={end}");
                    let got: Vec<usize> = spans
                        .starting_within(pos, end)
                        .filter(|&i| pos < order[i].0 && order[i].0 < end)
                        .collect();
                    let mut got_sorted = got.clone();
                    got_sorted.sort_unstable();
                    let want: Vec<usize> = (0..order.len())
                        .filter(|&i| pos < order[i].0 && order[i].0 < end)
                        .collect();
                    assert_eq!(got_sorted, want, "starting {pos}..{end}");
                }
            }
        }
    }
}
