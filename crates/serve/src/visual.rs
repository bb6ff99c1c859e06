//! Pictures of a brief for the story page, drawn on the server: a timeline as inline SVG
//! and a coverage grid (who carried what) as an HTML table. Both are pure functions of
//! the brief, deterministic to the byte, with every piece of text escaped; neither needs
//! a script, and both stay readable on a 390 px phone.
//!
//! **The timeline** runs down the page, so that labels read across a phone's width. Time
//! is proportional along the axis, except that a long quiet gap (more than
//! [`BREAK_MIN_DAYS`] days and more than a quarter of the whole span) is cut out of the
//! axis and drawn as a break labelled with its length: a summit months before the story
//! keeps its own place without squashing the week the story happened in. Each event is a
//! marker beside the axis with a short label, its date and the numbers of the sources
//! behind it (as in the story's list of articles), joined to its place on the axis by a
//! leader line; its `<title>` holds the whole text. The axis is as long as the labels
//! stacked end to end; labels that would overlap (many events on one day) are stacked
//! and pushed apart as little as possible, and are measured in ems on the wide side of
//! common fonts so that none runs past the drawing. A date known
//! only to the month or the year sits at the start of that month or year and is drawn
//! hollow; a date inferred from a publication date is drawn dashed. At most
//! [`MAX_EVENTS_DRAWN`] events are drawn (those cited by the most sources); the figure
//! says how many were left out and how many had a date it cannot read.
//!
//! **The coverage grid** has a row per source (at most [`MAX_GRID_ROWS`]; the story page
//! gives it the sources of the page it shows) and a column per shown statement and per
//! figure (at most [`MAX_NUMBER_COLUMNS`]). A cell marks whether the source quotes or
//! reports the statement, or gives the value the source reports for the figure; figures
//! the outlets disagree on are highlighted and come first. It scrolls sideways inside its own box, with
//! the source column held in place.

use std::collections::HashMap;
use std::fmt::Write;

use chrono::{Datelike, NaiveDate};
use model::{Brief, NumberClaim, QuoteKind};

use crate::page::{esc, url_part};

/// Most timeline events drawn; the rest are counted under the figure.
pub const MAX_EVENTS_DRAWN: usize = 40;

/// A gap between events longer than this many days (and than a quarter of the span)
/// becomes a break in the axis.
pub const BREAK_MIN_DAYS: i64 = 21;

/// Most sources that get a row of the coverage grid.
pub const MAX_GRID_ROWS: usize = 60;

/// Most figures that get a column of the coverage grid.
pub const MAX_NUMBER_COLUMNS: usize = 20;

/// The width of the timeline's drawing, in its own units (about CSS pixels on a phone).
const VIEW_W: f64 = 360.0;
/// Where the date labels end, the axis runs, and the event labels start.
const DATE_X: f64 = 70.0;
const AXIS_X: f64 = 80.0;
const MARK_X: f64 = 104.0;
const LABEL_X: f64 = 111.0;
/// Font sizes of event labels, of the line under them and of the dates left of the axis
/// (as in the stylesheet).
const LABEL_PX: f64 = 12.0;
const META_PX: f64 = 10.5;
const DATE_PX: f64 = 10.5;
/// Width of a line of an event label in ems, and lines per label.
const LABEL_EMS: f64 = (VIEW_W - LABEL_X - 4.0) / LABEL_PX;
const LABEL_LINES: usize = 2;
/// Heights of a label line, of the line under it, and the room between two labels.
const LINE_H: f64 = 14.0;
const META_H: f64 = 13.0;
const LABEL_GAP: f64 = 6.0;
/// How far below the top of its label an event's marker sits (mid first line).
const MARK_DY: f64 = LINE_H - 7.0;
/// Height of a date label on the left of the axis.
const DATE_H: f64 = 13.0;
/// Length of the axis given to one break.
const BREAK_H: f64 = 30.0;
/// Room above and below the drawing.
const PAD: f64 = 8.0;
/// Most source numbers written under an event before "+N" (fewer when they do not
/// fit), and in its tooltip.
const MAX_SOURCE_NUMBERS: usize = 8;
const MAX_TITLE_NUMBERS: usize = 30;

/// How precisely a timeline date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Granularity {
    /// `YYYY-MM-DD`.
    Day,
    /// `YYYY-MM`, placed on the first of the month.
    Month,
    /// `YYYY`, placed on the first of January.
    Year,
}

/// Reads a timeline date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`, four-digit year) as the day
/// it is placed on and how precise it is; anything else is `None`.
pub fn parse_date(s: &str) -> Option<(NaiveDate, Granularity)> {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let num = |p: &str| p.parse::<u32>().ok();
    match parts.as_slice() {
        [y] if digits(y, 4) => {
            NaiveDate::from_ymd_opt(num(y)? as i32, 1, 1).map(|d| (d, Granularity::Year))
        }
        [y, m] if digits(y, 4) && digits(m, 2) => {
            NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, 1).map(|d| (d, Granularity::Month))
        }
        [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => {
            NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?).map(|d| (d, Granularity::Day))
        }
        _ => None,
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date as a reader says it, at the precision it is known: "9 Jan 2022", "Jun 2021",
/// "2021".
fn human_date(d: NaiveDate, g: Granularity) -> String {
    let month = MONTHS[d.month0() as usize % 12];
    match g {
        Granularity::Day => format!("{} {month} {}", d.day(), d.year()),
        Granularity::Month => format!("{month} {}", d.year()),
        Granularity::Year => d.year().to_string(),
    }
}

/// The length of a gap in the words of a break label: "+12 days", "+5 weeks",
/// "+6 months", "+3 years".
fn gap_words(days: i64) -> String {
    let (n, unit) = if days < 14 {
        (days, "day")
    } else if days < 63 {
        ((days + 3) / 7, "week")
    } else if days < 730 {
        ((days * 100 + 1522) / 3044, "month")
    } else {
        ((days + 182) / 365, "year")
    };
    format!("+{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// Runs of the sorted distinct `days` between breaks, as (first, last) pairs: a gap is a
/// break when it is longer than [`BREAK_MIN_DAYS`] and than a quarter of the whole span.
pub fn segments(days: &[i64]) -> Vec<(i64, i64)> {
    let (Some(&first), Some(&last)) = (days.first(), days.last()) else {
        return Vec::new();
    };
    let span = last - first;
    let mut out = vec![(first, first)];
    for w in days.windows(2) {
        let gap = w[1] - w[0];
        if gap > BREAK_MIN_DAYS && gap * 4 > span {
            out.push((w[1], w[1]));
        } else if let Some(seg) = out.last_mut() {
            seg.1 = w[1];
        }
    }
    out
}

/// Tops for boxes of `heights` wanted at `ideal` tops (in this order, which they keep),
/// so that no two overlap, none starts above `min_top`, and the boxes move as little as
/// possible: overlapping boxes merge into a block centred on their wishes.
pub fn spread(ideal: &[f64], heights: &[f64], min_top: f64) -> Vec<f64> {
    // A block: its first box, its height, and the sum and count of the tops its boxes
    // ask of the block (a box's wish less the height of the boxes before it).
    struct Block {
        first: usize,
        height: f64,
        wish_sum: f64,
        count: f64,
    }
    impl Block {
        fn top(&self, min_top: f64) -> f64 {
            (self.wish_sum / self.count).max(min_top)
        }
    }
    let mut blocks: Vec<Block> = Vec::new();
    for (i, (&want, &h)) in ideal.iter().zip(heights).enumerate() {
        let mut b = Block {
            first: i,
            height: h,
            wish_sum: want,
            count: 1.0,
        };
        while let Some(prev) = blocks.last() {
            if prev.top(min_top) + prev.height <= b.top(min_top) {
                break;
            }
            let Some(prev) = blocks.pop() else { break };
            b = Block {
                first: prev.first,
                height: prev.height + b.height,
                wish_sum: prev.wish_sum + b.wish_sum - b.count * prev.height,
                count: prev.count + b.count,
            };
        }
        blocks.push(b);
    }
    let mut out = vec![0.0; ideal.len()];
    for b in &blocks {
        let mut y = b.top(min_top);
        let end = blocks
            .iter()
            .find(|n| n.first > b.first)
            .map_or(ideal.len(), |n| n.first);
        for (k, h) in heights.iter().enumerate().take(end).skip(b.first) {
            out[k] = y;
            y += h;
        }
    }
    out
}

/// The width of `c` in ems, on the wide side of common sans-serif faces, so that text
/// measured with it fits whatever font the reader's browser picks.
fn char_ems(c: char) -> f64 {
    match c {
        'i' | 'l' | 'j' | '\'' | '.' | ',' | ':' | ';' | '|' | '!' | 'I' => 0.32,
        ' ' | 'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '"' | '’' | '‘' => 0.42,
        'm' | 'w' => 0.92,
        'M' | 'W' | '@' | '%' | '…' | '—' => 1.0,
        'A'..='Z' => 0.76,
        '0'..='9' | 'a'..='z' => 0.64,
        c if c.is_ascii() => 0.7,
        // Wide scripts (CJK, Hangul) take a whole em; other letters about two thirds.
        c if ('\u{1100}'..='\u{115f}').contains(&c)
            || ('\u{2e80}'..='\u{a4cf}').contains(&c)
            || ('\u{ac00}'..='\u{d7a3}').contains(&c)
            || ('\u{f900}'..='\u{faff}').contains(&c)
            || ('\u{ff00}'..='\u{ff60}').contains(&c) =>
        {
            1.0
        }
        _ => 0.72,
    }
}

/// The width of `s` in ems (see [`char_ems`]).
fn ems(s: &str) -> f64 {
    s.chars().map(char_ems).sum()
}

/// `text` cut at word boundaries into at most [`LABEL_LINES`] lines no wider than
/// [`LABEL_EMS`], the last line ending in "…" when text is left over.
fn label_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut left_over = false;
    for word in text.split_whitespace() {
        let word = fit(word, LABEL_EMS);
        let sep = if line.is_empty() { 0.0 } else { char_ems(' ') };
        if !line.is_empty() && ems(&line) + sep + ems(&word) > LABEL_EMS {
            lines.push(std::mem::take(&mut line));
            if lines.len() == LABEL_LINES {
                left_over = true;
                break;
            }
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if left_over {
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && ems(last) + char_ems('…') > LABEL_EMS {
                last.pop();
            }
            last.push('…');
        }
    }
    lines
}

/// `s` cut to at most `width` ems, with "…" when cut.
fn fit(s: &str, width: f64) -> String {
    if ems(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = char_ems('…');
    for c in s.chars() {
        used += char_ems(c);
        if used > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The 1-based number of every source of the brief, by article id, as in the story's
/// list of articles.
fn source_numbers(brief: &Brief) -> HashMap<&str, usize> {
    let mut out = HashMap::new();
    for (i, s) in brief.sources.iter().enumerate() {
        out.entry(s.article_id.as_str()).or_insert(i + 1);
    }
    out
}

/// The numbers of the sources among `ids`, in order, once each.
fn source_nums(ids: &[String], numbers: &HashMap<&str, usize>) -> Vec<usize> {
    let mut ns: Vec<usize> = ids
        .iter()
        .filter_map(|id| numbers.get(id.as_str()).copied())
        .collect();
    ns.sort_unstable();
    ns.dedup();
    ns
}

/// "1, 3, 4 +2": the first `k` of `ns`, then how many more.
fn number_list(ns: &[usize], k: usize) -> String {
    let k = k.min(ns.len());
    let mut out = ns[..k]
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if ns.len() > k {
        let _ = write!(out, "{}+{}", if k > 0 { " " } else { "" }, ns.len() - k);
    }
    out
}

/// The line under an event's label: its date and as many of its sources as fit.
fn meta_line(date: &str, ns: &[usize]) -> String {
    if ns.is_empty() {
        return date.to_string();
    }
    let room = (VIEW_W - LABEL_X - 4.0) / META_PX;
    (0..=ns.len().min(MAX_SOURCE_NUMBERS))
        .rev()
        .map(|k| format!("{date} · [{}]", number_list(ns, k)))
        .find(|line| ems(line) <= room)
        .unwrap_or_else(|| format!("{date} · [{}]", number_list(ns, 0)))
}

/// One event as drawn.
struct Event<'a> {
    day: i64,
    date: NaiveDate,
    granularity: Granularity,
    inferred: bool,
    expected: bool,
    text: &'a str,
    sources: Vec<usize>,
    lines: Vec<String>,
}

impl Event<'_> {
    fn height(&self) -> f64 {
        self.lines.len() as f64 * LINE_H + META_H + LABEL_GAP
    }
}

/// The story's timeline as a figure: an inline SVG drawing and a caption with its key and
/// what was left out. Empty when the brief has no timeline.
pub fn timeline_svg(brief: &Brief) -> String {
    if brief.timeline.is_empty() {
        return String::new();
    }
    let numbers = source_numbers(brief);
    let mut unreadable = 0usize;
    // (index in the brief, parsed date) of every event that can be placed.
    let mut dated: Vec<(usize, NaiveDate, Granularity)> = Vec::new();
    for (i, t) in brief.timeline.iter().enumerate() {
        match parse_date(t.date.trim()) {
            Some((d, g)) => dated.push((i, d, g)),
            None => unreadable += 1,
        }
    }
    // Past the cap, the events cited by the most sources are drawn (ties: brief order).
    let left_out = dated.len().saturating_sub(MAX_EVENTS_DRAWN);
    if left_out > 0 {
        dated.sort_by_key(|&(i, _, _)| (std::cmp::Reverse(brief.timeline[i].article_ids.len()), i));
        dated.truncate(MAX_EVENTS_DRAWN);
    }
    dated.sort_by_key(|&(i, d, _)| (d, i));
    let events: Vec<Event> = dated
        .iter()
        .map(|&(i, date, granularity)| {
            let t = &brief.timeline[i];
            Event {
                day: i64::from(date.num_days_from_ce()),
                date,
                granularity,
                inferred: t.inferred,
                expected: t.expected,
                text: t.text.trim(),
                sources: source_nums(&t.article_ids, &numbers),
                lines: label_lines(&t.text),
            }
        })
        .collect();

    let mut out = String::from("<figure class=\"tl-fig\">");
    if !events.is_empty() {
        draw_timeline(&mut out, &events);
    }
    out.push_str("<figcaption class=\"legend\">");
    if !events.is_empty() {
        out.push_str(
            "<span><i class=\"k day\"></i>day known</span> \
<span><i class=\"k approx\"></i>month or year only, placed at its start</span> \
<span><i class=\"k inferred\"></i>date inferred from a publication date</span> \
<span><i class=\"k brk\"></i>break: a long gap cut out of the axis</span> \
<span>Numbers are sources, as in the list of articles.</span>",
        );
    }
    if left_out > 0 {
        let _ = write!(
            out,
            " <span class=\"note\">{left_out} more events are not drawn; the list below has them.</span>"
        );
    }
    if unreadable > 0 {
        let _ = write!(
            out,
            " <span class=\"note\">{unreadable} event{} with a date that cannot be placed {} not drawn.</span>",
            if unreadable == 1 { "" } else { "s" },
            if unreadable == 1 { "is" } else { "are" }
        );
    }
    out.push_str("</figcaption></figure>");
    out
}

/// The SVG of `events` (sorted by date, at least one).
fn draw_timeline(out: &mut String, events: &[Event]) {
    let mut days: Vec<i64> = events.iter().map(|e| e.day).collect();
    days.dedup();
    let segs = segments(&days);
    // The axis is as long as the labels stacked end to end, so that evenly spread events
    // sit beside their markers; breaks take a fixed length out of it.
    let labels_h: f64 = events.iter().map(Event::height).sum();
    let breaks = segs.len().saturating_sub(1) as f64;
    let spans: Vec<i64> = segs.iter().map(|&(a, b)| b - a).collect();
    let total_span: i64 = spans.iter().sum();
    let drawn_len = (labels_h - breaks * BREAK_H).max(0.0);
    let mut seg_top = Vec::with_capacity(segs.len());
    let mut seg_len = Vec::with_capacity(segs.len());
    let mut y = PAD + DATE_H / 2.0;
    for &span in &spans {
        let len = if total_span > 0 {
            drawn_len * span as f64 / total_span as f64
        } else {
            0.0
        };
        seg_top.push(y);
        seg_len.push(len);
        y += len + BREAK_H;
    }
    let axis_end = y - BREAK_H;
    let place = |day: i64| -> f64 {
        let s = segs.partition_point(|&(a, _)| a <= day).saturating_sub(1);
        let (a, b) = segs[s];
        if b > a {
            seg_top[s] + seg_len[s] * (day - a) as f64 / (b - a) as f64
        } else {
            seg_top[s]
        }
    };
    let marks: Vec<f64> = events.iter().map(|e| place(e.day)).collect();

    // Event labels, each with its marker level with its day on the axis where there is
    // room (the marker sits MARK_DY below the top of its label).
    let heights: Vec<f64> = events.iter().map(Event::height).collect();
    let wishes: Vec<f64> = marks.iter().map(|m| m - MARK_DY).collect();
    let tops = spread(&wishes, &heights, PAD);

    // Labels left of the axis: a date for each day with events, and each break's length.
    struct Side {
        y: f64,
        text: String,
        class: &'static str,
        granularity: Granularity,
    }
    let mut side: Vec<Side> = Vec::new();
    for (k, e) in events.iter().enumerate() {
        match side.last_mut() {
            Some(prev) if k > 0 && events[k - 1].day == e.day => {
                // The most precise date of the day names it.
                if e.granularity < prev.granularity {
                    prev.text = human_date(e.date, e.granularity);
                    prev.granularity = e.granularity;
                }
            }
            _ => side.push(Side {
                y: marks[k],
                text: human_date(e.date, e.granularity),
                class: "d",
                granularity: e.granularity,
            }),
        }
    }
    // A day in the same year as the date above it is named without the year.
    let mut year: Option<String> = None;
    for l in &mut side {
        let this = l.text.rsplit(' ').next().map(str::to_string);
        if l.granularity == Granularity::Day && year.as_deref() == this.as_deref() {
            let cut = l.text.len() - this.as_deref().map_or(0, |y| y.len() + 1);
            l.text.truncate(cut);
        }
        year = this;
    }
    for s in 1..segs.len() {
        let y = seg_top[s] - BREAK_H / 2.0;
        let at = side.partition_point(|l| l.y <= y);
        side.insert(
            at,
            Side {
                y,
                text: gap_words(segs[s].0 - segs[s - 1].1),
                class: "gap",
                granularity: Granularity::Day,
            },
        );
    }
    let side_tops = spread(
        &side.iter().map(|l| l.y - DATE_H / 2.0).collect::<Vec<_>>(),
        &vec![DATE_H; side.len()],
        PAD,
    );

    let bottom = tops
        .iter()
        .zip(&heights)
        .map(|(t, h)| t + h)
        .chain(side_tops.last().map(|t| t + DATE_H))
        .fold(axis_end, f64::max);
    let height = (bottom + PAD).ceil();
    let _ = write!(
        out,
        "<svg class=\"tl\" viewBox=\"0 0 {VIEW_W} {height}\" width=\"{VIEW_W}\" height=\"{height}\" \
role=\"img\" aria-label=\"Timeline of {} events\" xmlns=\"http://www.w3.org/2000/svg\">",
        events.len()
    );
    // The axis, one line per segment, with the breaks between them.
    for (s, (&top, &len)) in seg_top.iter().zip(&seg_len).enumerate() {
        let _ = write!(
            out,
            "<line class=\"axis\" x1=\"{AXIS_X}\" y1=\"{:.1}\" x2=\"{AXIS_X}\" y2=\"{:.1}\"/>",
            top - 4.0,
            top + len + 4.0
        );
        if s > 0 {
            let mid = top - BREAK_H / 2.0;
            for dy in [-3.0, 3.0] {
                let _ = write!(
                    out,
                    "<line class=\"brk\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
                    AXIS_X - 7.0,
                    mid + dy + 3.0,
                    AXIS_X + 7.0,
                    mid + dy - 3.0
                );
            }
        }
    }
    for (l, top) in side.iter().zip(&side_tops) {
        let _ = write!(
            out,
            "<text class=\"{}\" x=\"{DATE_X}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            l.class,
            top + DATE_H - 3.0,
            esc(&fit(&l.text, (DATE_X - 2.0) / DATE_PX))
        );
    }
    // A dot on the axis for each day: solid when some event of it is known to the day.
    for (k, e) in events.iter().enumerate() {
        if k > 0 && events[k - 1].day == e.day {
            continue;
        }
        let exact = events[k..]
            .iter()
            .take_while(|o| o.day == e.day)
            .any(|o| o.granularity == Granularity::Day);
        let _ = write!(
            out,
            "<circle class=\"tick{}\" cx=\"{AXIS_X}\" cy=\"{:.1}\" r=\"3.5\"/>",
            if exact { "" } else { " approx" },
            marks[k]
        );
    }
    for ((e, &mark), &top) in events.iter().zip(&marks).zip(&tops) {
        let approx = e.granularity != Granularity::Day;
        let class = match (approx, e.inferred) {
            (false, false) => "ev",
            (true, false) => "ev approx",
            (false, true) => "ev inferred",
            (true, true) => "ev approx inferred",
        };
        let first_line = top + LINE_H - 3.0;
        let mid = top + MARK_DY;
        let when = human_date(e.date, e.granularity);
        let what = [
            match e.granularity {
                Granularity::Day => "",
                Granularity::Month => ", month only",
                Granularity::Year => ", year only",
            },
            if e.inferred { ", inferred date" } else { "" },
            if e.expected { ", expected" } else { "" },
        ]
        .concat();
        let _ = write!(
            out,
            "<g class=\"{class}\"><title>{}{}: {}{}</title>\
<path class=\"lead\" d=\"M{AXIS_X} {mark:.1}H{:.1}L{:.1} {mid:.1}\"/>\
<circle class=\"mark\" cx=\"{MARK_X}\" cy=\"{mid:.1}\" r=\"4\"/>",
            esc(&when),
            what,
            esc(e.text),
            if e.sources.is_empty() {
                String::new()
            } else {
                format!(" (sources {})", number_list(&e.sources, MAX_TITLE_NUMBERS))
            },
            AXIS_X + 8.0,
            MARK_X - 5.0,
        );
        let _ = write!(
            out,
            "<text class=\"label\" x=\"{LABEL_X}\" y=\"{first_line:.1}\">"
        );
        for (n, line) in e.lines.iter().enumerate() {
            if n == 0 {
                let _ = write!(out, "<tspan>{}</tspan>", esc(line));
            } else {
                let _ = write!(
                    out,
                    "<tspan x=\"{LABEL_X}\" dy=\"{LINE_H}\">{}</tspan>",
                    esc(line)
                );
            }
        }
        out.push_str("</text>");
        let meta_y = first_line + (e.lines.len().max(1) - 1) as f64 * LINE_H + META_H;
        let _ = write!(
            out,
            "<text class=\"meta\" x=\"{LABEL_X}\" y=\"{meta_y:.1}\">{}</text></g>",
            esc(&meta_line(
                &format!(
                    "{}{when}{}{}",
                    if approx { "~" } else { "" },
                    if e.inferred { " (inferred)" } else { "" },
                    if e.expected { " (expected)" } else { "" },
                ),
                &e.sources
            ))
        );
    }
    out.push_str("</svg>");
}

/// `text` cut to `n` characters, with "…" when cut.
fn short(text: &str, n: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= n {
        text.to_string()
    } else {
        text.chars().take(n.saturating_sub(1)).collect::<String>() + "…"
    }
}

/// The coverage grid of the story: who carried which of the shown statements and which
/// figures, with the value each source reports and the figures outlets disagree on
/// marked. Empty when there is no source or nothing to compare.
pub fn coverage_grid(brief: &Brief) -> String {
    coverage_grid_of(brief, 0, usize::MAX)
}

/// The coverage grid with rows for the sources `offset..offset + limit` only (one page
/// of a long story's articles), numbered as in the whole story's list.
pub fn coverage_grid_of(brief: &Brief, offset: usize, limit: usize) -> String {
    let statements = &brief.statements[..brief.statements.len().min(Brief::STATEMENTS_SHOWN)];
    // Figures the outlets disagree on come first, so that a reader sees them soonest.
    let mut figures: Vec<&NumberClaim> = brief.numbers.iter().filter(|n| !n.agree).collect();
    figures.extend(brief.numbers.iter().filter(|n| n.agree));
    figures.truncate(MAX_NUMBER_COLUMNS);
    let end = offset.saturating_add(limit).min(brief.sources.len());
    let window = brief.sources.get(offset..end).unwrap_or(&[]);
    if window.is_empty() || (statements.is_empty() && figures.is_empty()) {
        return String::new();
    }
    let mut numbers = HashMap::new();
    for (i, s) in window.iter().enumerate() {
        numbers
            .entry(s.article_id.as_str())
            .or_insert(offset + i + 1);
    }
    // Row of each source (by its number), cell by cell: statement cells first.
    let columns = statements.len() + figures.len();
    let mut cells: HashMap<usize, Vec<Cell>> = HashMap::new();
    for (c, s) in statements.iter().enumerate() {
        for q in &s.quotes {
            if let Some(cell) = cell_of(&mut cells, &numbers, &q.article_id, c, columns) {
                match q.kind {
                    QuoteKind::Direct => cell.direct = true,
                    QuoteKind::Indirect => cell.reported = true,
                }
            }
        }
    }
    for (c, n) in figures.iter().enumerate() {
        for v in &n.values {
            for id in &v.article_ids {
                let col = statements.len() + c;
                if let Some(cell) = cell_of(&mut cells, &numbers, id, col, columns) {
                    if !cell.values.contains(&v.text.as_str()) {
                        cell.values.push(v.text.as_str());
                    }
                }
            }
        }
    }
    // Past the cap, the sources that carry the most keep their rows (ties: list order).
    let mut rows: Vec<usize> = (offset + 1..=end).collect();
    let hidden = rows.len().saturating_sub(MAX_GRID_ROWS);
    if hidden > 0 {
        let carried = |n: &usize| {
            cells
                .get(n)
                .map_or(0, |r| r.iter().filter(|c| c.any()).count())
        };
        rows.sort_by_key(|n| (std::cmp::Reverse(carried(n)), *n));
        rows.truncate(MAX_GRID_ROWS);
        rows.sort_unstable();
    }

    let mut out = String::from(
        "<div class=\"grid-scroll\" role=\"region\" aria-label=\"Who carried what\" tabindex=\"0\">\
<table class=\"carry\"><thead><tr><th scope=\"col\" class=\"src\">Source</th>",
    );
    for (c, s) in statements.iter().enumerate() {
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"st\" title=\"{}: {}\"><span>{} {}</span></th>",
            esc(&s.speaker),
            esc(&short(&s.text, 300)),
            c + 1,
            esc(&short(&s.speaker, 22))
        );
    }
    for n in &figures {
        let (class, mark, note) = if !n.agree {
            ("fig differs", "≠ ", ": outlets give different figures")
        } else if n.precision_differs {
            ("fig", "≈ ", ": the figures differ in precision only")
        } else {
            ("fig", "", "")
        };
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"{class}\" title=\"{}{note}\"><span>{mark}{}</span></th>",
            esc(n.shown_what()),
            esc(&short(n.shown_what(), 22))
        );
    }
    out.push_str("</tr></thead><tbody>");
    let empty = vec![Cell::default(); columns];
    for &n in &rows {
        let Some(source) = brief.sources.get(n - 1) else {
            continue;
        };
        let outlet = source.outlet.as_deref().unwrap_or("unknown outlet");
        let _ = write!(
            out,
            "<tr><th scope=\"row\" class=\"src\"><a href=\"/articles/{}\" title=\"{}\">{n} {}</a></th>",
            url_part(&source.article_id),
            esc(&source.title),
            esc(&short(outlet, 20))
        );
        let row = cells.get(&n).unwrap_or(&empty);
        for (c, cell) in row.iter().enumerate() {
            if c < statements.len() {
                let (class, text, how) = match (cell.direct, cell.reported) {
                    (true, _) => ("q", "●", "quotes"),
                    (false, true) => ("q r", "○", "reports"),
                    (false, false) => ("no", "", "does not carry"),
                };
                let _ = write!(
                    out,
                    "<td class=\"{class}\" title=\"{} {how} {}\">{text}</td>",
                    esc(outlet),
                    esc(&statements[c].speaker)
                );
            } else {
                let claim = &figures[c - statements.len()];
                let differs = !claim.agree && !cell.values.is_empty();
                let full = cell.values.join(" / ");
                let _ = write!(
                    out,
                    "<td class=\"{}\"{}>{}</td>",
                    if differs { "v differs" } else { "v" },
                    if full.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", esc(&full))
                    },
                    esc(&short(&full, 28))
                );
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div><p class=\"legend\">● quotes the statement, ○ reports it; \
figures as each source gives them, <em class=\"differs\">marked</em> where outlets give different figures.");
    if hidden > 0 {
        let _ = write!(
            out,
            " <span class=\"note\">{hidden} sources that carry less are not shown.</span>"
        );
    }
    if brief.numbers.len() > figures.len() {
        let _ = write!(
            out,
            " <span class=\"note\">{} more figures are not shown.</span>",
            brief.numbers.len() - figures.len()
        );
    }
    out.push_str("</p>");
    out
}

/// The cell of source `id` (when it is one) in column `col`, its row made on first use.
fn cell_of<'m, 'a>(
    cells: &'m mut HashMap<usize, Vec<Cell<'a>>>,
    numbers: &HashMap<&str, usize>,
    id: &str,
    col: usize,
    columns: usize,
) -> Option<&'m mut Cell<'a>> {
    let &n = numbers.get(id)?;
    cells
        .entry(n)
        .or_insert_with(|| vec![Cell::default(); columns])
        .get_mut(col)
}

/// What one source carries of one column.
#[derive(Debug, Clone, Default)]
struct Cell<'a> {
    direct: bool,
    reported: bool,
    values: Vec<&'a str>,
}

impl Cell<'_> {
    fn any(&self) -> bool {
        self.direct || self.reported || !self.values.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{NumberValue, QuoteRef, Source, Statement, TimelineEntry};

    /// A brief with `n` sources `a1..an`, the odd ones from a named outlet.
    fn brief(n: usize) -> Brief {
        Brief {
            article_ids: (1..=n).map(|i| format!("a{i}")).collect(),
            sources: (1..=n)
                .map(|i| Source {
                    article_id: format!("a{i}"),
                    title: format!("Article {i}"),
                    outlet: (i % 2 == 1).then(|| format!("Outlet {i}")),
                    outlet_inferred: false,
                    published: None,
                    published_inferred: None,
                    duplicate_of: None,
                })
                .collect(),
            ..Brief::sources_only("s", "A story", &[])
        }
    }

    fn entry(date: &str, text: &str, ids: &[&str]) -> TimelineEntry {
        TimelineEntry {
            date: date.into(),
            text: text.into(),
            article_ids: ids.iter().map(|s| s.to_string()).collect(),
            inferred: false,
            expected: false,
        }
    }

    /// The values of attribute `attr` of every `<tag class="class"` in `svg`.
    fn attr_values(svg: &str, start: &str, attr: &str) -> Vec<f64> {
        svg.split(start)
            .skip(1)
            .filter_map(|t| {
                let t = t.split('>').next()?;
                let v = t.split(&format!(" {attr}=\"")).nth(1)?.split('"').next()?;
                v.parse().ok()
            })
            .collect()
    }

    #[test]
    fn dates_parse_at_their_precision_and_odd_ones_do_not() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            parse_date("2022-01-09"),
            Some((d(2022, 1, 9), Granularity::Day))
        );
        assert_eq!(
            parse_date("2021-06"),
            Some((d(2021, 6, 1), Granularity::Month))
        );
        assert_eq!(parse_date("2021"), Some((d(2021, 1, 1), Granularity::Year)));
        for bad in [
            "",
            "soon",
            "2022-13",
            "2022-02-30",
            "22-01-09",
            "2022-1-9",
            "+2022",
            "2022-01-09-1",
            "２０２２",
            "2022-00-10",
            "-2022",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
        assert_eq!(human_date(d(2022, 1, 9), Granularity::Day), "9 Jan 2022");
        assert_eq!(human_date(d(2021, 6, 1), Granularity::Month), "Jun 2021");
        assert_eq!(human_date(d(2021, 1, 1), Granularity::Year), "2021");
        assert_eq!(gap_words(1), "+1 day");
        assert_eq!(gap_words(30), "+4 weeks");
        assert_eq!(gap_words(214), "+7 months");
        assert_eq!(gap_words(1100), "+3 years");
    }

    #[test]
    fn long_gaps_break_the_axis_and_even_spreads_do_not() {
        assert_eq!(segments(&[]), vec![]);
        assert_eq!(segments(&[5]), vec![(5, 5)]);
        assert_eq!(segments(&[0, 1, 3, 4]), vec![(0, 4)]);
        // A summit seven months before a week of talks.
        assert_eq!(segments(&[0, 214, 215, 217, 218]), vec![(0, 0), (214, 218)]);
        // Two years of monthly events: proportional throughout.
        let monthly: Vec<i64> = (0..24).map(|m| m * 30).collect();
        assert_eq!(segments(&monthly), vec![(0, 690)]);
        // Ten days apart is close, however small the rest.
        assert_eq!(segments(&[0, 10, 11]), vec![(0, 11)]);
    }

    #[test]
    fn spread_boxes_never_overlap_and_stay_near_their_wish() {
        // Apart already: unchanged.
        assert_eq!(spread(&[0.0, 50.0], &[10.0, 10.0], 0.0), vec![0.0, 50.0]);
        // Three on one spot: stacked, centred on it.
        assert_eq!(
            spread(&[100.0, 100.0, 100.0], &[10.0, 10.0, 10.0], 0.0),
            vec![90.0, 100.0, 110.0]
        );
        // Never above the top.
        assert_eq!(spread(&[0.0, 0.0], &[10.0, 10.0], 5.0), vec![5.0, 15.0]);
        // A crowd keeps its order and no two boxes overlap.
        let wishes: Vec<f64> = (0..50).map(|i| f64::from(i % 7) * 3.0).collect();
        let heights: Vec<f64> = (0..50).map(|i| 10.0 + f64::from(i % 3)).collect();
        let tops = spread(&wishes, &heights, 0.0);
        for k in 1..tops.len() {
            assert!(
                tops[k] >= tops[k - 1] + heights[k - 1] - 1e-9,
                "{k}: {tops:?}"
            );
        }
        assert!(tops[0] >= 0.0);
        assert_eq!(spread(&[], &[], 0.0), Vec::<f64>::new());
    }

    #[test]
    fn labels_are_cut_at_words_to_fit_the_drawing() {
        assert_eq!(label_lines("Talks began."), vec!["Talks began."]);
        assert_eq!(label_lines("   "), Vec::<String>::new());
        let long = "Russian and US officials met for a working dinner in Geneva on Sunday \
                    before the talks, and they said nothing afterwards at all";
        let lines = label_lines(long);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| ems(l) <= LABEL_EMS), "{lines:?}");
        assert!(lines[0].starts_with("Russian and US officials met"));
        assert!(lines[1].ends_with('…'), "{lines:?}");
        // Wide letters take more room than narrow ones; a word longer than a line is cut.
        let caps = label_lines("MMMMM WWWWW MMMMM WWWWW MMMMM WWWWW MMMMM");
        assert!(caps.iter().all(|l| ems(l) <= LABEL_EMS), "{caps:?}");
        assert!(
            caps[0].chars().count() < lines[0].chars().count(),
            "{caps:?}"
        );
        let url = "x".repeat(100);
        let cut = label_lines(&url);
        assert_eq!(cut.len(), 1);
        assert!(
            ems(&cut[0]) <= LABEL_EMS && cut[0].ends_with('…'),
            "{cut:?}"
        );
        assert!(label_lines(&"国".repeat(60))
            .iter()
            .all(|l| ems(l) <= LABEL_EMS));
        // The line under a label keeps as many source numbers as fit.
        assert_eq!(meta_line("9 Jan 2022", &[]), "9 Jan 2022");
        assert_eq!(meta_line("9 Jan 2022", &[1, 3]), "9 Jan 2022 · [1, 3]");
        let many: Vec<usize> = (1001..1100).collect();
        let meta = meta_line("~Jun 2021 (inferred)", &many);
        assert!(ems(&meta) * META_PX <= VIEW_W - LABEL_X, "{meta}");
        assert!(
            meta.starts_with("~Jun 2021 (inferred) · [1001") && meta.contains(" +"),
            "{meta}"
        );
    }

    #[test]
    fn no_timeline_draws_nothing_and_unreadable_dates_are_counted() {
        assert_eq!(timeline_svg(&brief(2)), "");
        let mut b = brief(2);
        b.timeline = vec![entry("soon", "Later.", &["a1"]), entry("", "Never.", &[])];
        let out = timeline_svg(&b);
        assert!(!out.contains("<svg"), "{out}");
        assert!(out.contains("2 events with a date that cannot be placed are not drawn"));
        b.timeline.push(entry("2022-01-10", "Talks.", &["a2"]));
        let out = timeline_svg(&b);
        assert_eq!(out.matches("<g class=\"ev\"").count(), 1);
        assert!(out.contains("2 events with a date"), "{out}");
    }

    #[test]
    fn one_date_and_one_day_crowds_stack_without_overlap() {
        let mut b = brief(3);
        b.timeline = vec![entry("2022-01-10", "Talks.", &["a1", "a3", "nobody"])];
        let one = timeline_svg(&b);
        assert!(one.contains("<svg class=\"tl\""), "{one}");
        assert!(one.contains("10 Jan 2022 · [1, 3]"), "{one}");
        b.timeline = (0..30)
            .map(|i| {
                entry(
                    "2022-01-10",
                    &format!("Event number {i} of the day."),
                    &["a2"],
                )
            })
            .collect();
        let svg = timeline_svg(&b);
        assert_eq!(svg.matches("<g class=\"ev\"").count(), 30);
        let ys = attr_values(&svg, "<text class=\"label\"", "y");
        assert_eq!(ys.len(), 30);
        for w in ys.windows(2) {
            assert!(w[1] - w[0] >= LINE_H + META_H, "{ys:?}");
        }
        assert!(ys.iter().all(|y| *y > 0.0 && y.is_finite()));
        // One day: one date on the axis.
        assert_eq!(svg.matches("<text class=\"d\"").count(), 1);
    }

    #[test]
    fn coarse_and_inferred_dates_are_marked() {
        let mut b = brief(2);
        b.timeline = vec![
            entry("2021-06", "The summit in Geneva.", &["a1"]),
            entry("2022", "A year of talks.", &["a2"]),
            entry("2022-01-10", "Talks in Geneva.", &["a1", "a2"]),
        ];
        b.timeline[2].inferred = true;
        let svg = timeline_svg(&b);
        assert!(svg.contains("<g class=\"ev approx\"><title>Jun 2021, month only: The summit in Geneva. (sources 1)</title>"), "{svg}");
        assert!(svg.contains(">~Jun 2021 · [1]<"), "{svg}");
        assert!(svg.contains(">~2022 · [2]<"), "{svg}");
        assert!(svg.contains("<g class=\"ev inferred\">"), "{svg}");
        assert!(svg.contains("10 Jan 2022 (inferred) · [1, 2]"), "{svg}");
        assert!(svg.contains("<circle class=\"tick approx\""), "{svg}");
        // The year sits at its start, before the January talks.
        let ticks = attr_values(&svg, "<circle class=\"tick", "cy");
        assert_eq!(ticks.len(), 3);
        assert!(ticks[0] < ticks[1] && ticks[1] < ticks[2], "{ticks:?}");
        // A day with dates of every precision is named by the most precise one.
        b.timeline = vec![
            entry("2022-01-01", "New year.", &["a1"]),
            entry("2022", "The year.", &["a1"]),
            entry("2022-01", "The month.", &["a1"]),
        ];
        let svg = timeline_svg(&b);
        assert_eq!(svg.matches("<text class=\"d\"").count(), 1);
        assert!(
            svg.contains("text-anchor=\"end\">1 Jan 2022</text>"),
            "{svg}"
        );
        assert!(svg.contains("<circle class=\"tick\""), "{svg}");
    }

    #[test]
    fn a_distant_background_event_breaks_the_axis_instead_of_squashing_it() {
        let mut b = brief(2);
        b.timeline = vec![
            entry("2021-06", "The summit.", &["a1"]),
            entry("2022-01-09", "Dinner.", &["a1"]),
            entry("2022-01-10", "Talks in Geneva.", &["a1", "a2"]),
            entry("2022-01-12", "Brussels.", &["a2"]),
            entry("2022-01-13", "Vienna.", &["a2"]),
        ];
        let svg = timeline_svg(&b);
        assert_eq!(svg.matches("<line class=\"axis\"").count(), 2, "{svg}");
        assert_eq!(svg.matches("<line class=\"brk\"").count(), 2);
        assert!(svg.contains(">+7 months</text>"), "{svg}");
        // Dates left of the axis name the year only when it changes.
        for date in [">Jun 2021<", ">9 Jan 2022<", ">10 Jan<", ">13 Jan<"] {
            assert!(svg.contains(date), "{date} in {svg}");
        }
        let ticks = attr_values(&svg, "<circle class=\"tick", "cy");
        assert_eq!(ticks.len(), 5);
        // The four days of talks get most of the axis, in proportion to their days.
        let week = ticks[4] - ticks[1];
        assert!(week > 3.0 * (ticks[1] - ticks[0]), "{ticks:?}");
        let (d1, d3) = (ticks[2] - ticks[1], ticks[4] - ticks[2]);
        assert!((d3 / d1 - 3.0).abs() < 0.05, "{ticks:?}");
    }

    #[test]
    fn hundreds_of_events_are_capped_and_counted() {
        let mut b = brief(3);
        b.timeline = (0..500)
            .map(|i| {
                let ids: &[&str] = if i % 50 == 0 {
                    &["a1", "a2", "a3"]
                } else {
                    &["a1"]
                };
                entry(
                    &format!("2022-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
                    "An event.",
                    ids,
                )
            })
            .collect();
        let svg = timeline_svg(&b);
        assert_eq!(svg.matches("<g class=\"ev").count(), MAX_EVENTS_DRAWN);
        assert!(svg.contains("460 more events are not drawn"), "{svg}");
        // The events with the most sources are among those drawn.
        assert_eq!(svg.matches("· [1, 2, 3]<").count(), 10);
        assert_eq!(svg, timeline_svg(&b), "deterministic");
        // Bounded height: no more than the labels stacked plus breaks.
        let h = attr_values(&svg, "<svg class=\"tl\"", "height")[0];
        assert!(h < MAX_EVENTS_DRAWN as f64 * 60.0, "{h}");
    }

    #[test]
    fn timeline_text_is_escaped() {
        let mut b = brief(1);
        b.sources[0].outlet = Some("<b>Outlet</b>".into());
        b.timeline = vec![entry(
            "2022-01-10",
            "<script>alert('x')</script> & \"quoted\" </title></svg><img src=x onerror=alert(1)>",
            &["a1"],
        )];
        let svg = timeline_svg(&b);
        for raw in ["<script", "<img", "</title></svg>", "'x'", "\"quoted\""] {
            assert!(!svg.contains(raw), "{raw} in {svg}");
        }
        assert!(svg.contains("&lt;script&gt;alert(&#39;x&#39;)"), "{svg}");
        assert_eq!(svg.matches("<svg").count(), 1);
        assert_eq!(svg.matches("</svg>").count(), 1);
    }

    fn statement(speaker: &str, quotes: &[(&str, QuoteKind)]) -> Statement {
        Statement {
            speaker: speaker.into(),
            text: format!("What {speaker} said."),
            quotes: quotes
                .iter()
                .map(|&(id, kind)| QuoteRef {
                    article_id: id.into(),
                    text: "words".into(),
                    kind,
                })
                .collect(),
        }
    }

    fn claim(what: &str, agree: bool, values: &[(&str, &[&str])]) -> NumberClaim {
        NumberClaim {
            what: what.into(),
            label: String::new(),
            agree,
            precision_differs: false,
            values: values
                .iter()
                .map(|&(text, ids)| NumberValue {
                    text: text.into(),
                    value: 0.0,
                    article_ids: ids.iter().map(|s| s.to_string()).collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_grid_shows_who_carried_what_and_where_figures_differ() {
        assert_eq!(coverage_grid(&brief(3)), "", "nothing to compare");
        let mut b = brief(3);
        b.statements = vec![
            statement(
                "Sergei Ryabkov",
                &[("a1", QuoteKind::Direct), ("a3", QuoteKind::Indirect)],
            ),
            statement(
                "Wendy Sherman",
                &[("a2", QuoteKind::Direct), ("elsewhere", QuoteKind::Direct)],
            ),
        ];
        b.numbers = vec![
            claim(
                "troop",
                false,
                &[
                    ("tens of thousands of troops", &["a1"]),
                    ("about 100,000 troops", &["a2", "a3"]),
                ],
            ),
            claim("call", true, &[("two phone calls", &["a1"])]),
        ];
        let grid = coverage_grid(&b);
        let rows: Vec<&str> = grid.split("<tr>").skip(2).collect();
        assert_eq!(rows.len(), 3, "{grid}");
        assert!(rows[0].contains(">1 Outlet 1</a>"), "{}", rows[0]);
        assert!(rows[1].contains(">2 unknown outlet</a>"), "{}", rows[1]);
        assert!(rows[0].contains("<td class=\"q\" title=\"Outlet 1 quotes Sergei Ryabkov\">●</td>"));
        assert!(
            rows[2].contains("<td class=\"q r\" title=\"Outlet 3 reports Sergei Ryabkov\">○</td>")
        );
        assert!(rows[0].contains("<td class=\"v differs\" title=\"tens of thousands of troops\">tens of thousands of troops</td>"), "{}", rows[0]);
        assert!(rows[1].contains(
            "<td class=\"v differs\" title=\"about 100,000 troops\">about 100,000 troops</td>"
        ));
        assert!(rows[0].contains("<td class=\"v\" title=\"two phone calls\">two phone calls</td>"));
        assert!(rows[1].contains("<td class=\"v\"></td>"), "{}", rows[1]);
        assert!(
            grid.contains("<th scope=\"col\" class=\"fig differs\""),
            "{grid}"
        );
        // Differing figures come first, whatever the brief's order.
        b.numbers.reverse();
        assert_eq!(coverage_grid(&b), grid);
        assert!(
            grid.contains("<span>1 Sergei Ryabkov</span>")
                && grid.contains("<span>2 Wendy Sherman</span>")
        );
        // Statements past those shown get no column.
        let mut only = brief(1);
        only.statements = (0..Brief::STATEMENTS_SHOWN + 5)
            .map(|i| statement(&format!("Speaker {i}"), &[("a1", QuoteKind::Direct)]))
            .collect();
        let grid = coverage_grid(&only);
        assert_eq!(
            grid.matches("class=\"st\"").count(),
            Brief::STATEMENTS_SHOWN
        );
    }

    #[test]
    fn a_page_of_the_grid_keeps_the_story_numbers() {
        let mut b = brief(120);
        b.statements = vec![statement(
            "Mara Quell",
            &[("a1", QuoteKind::Direct), ("a60", QuoteKind::Direct)],
        )];
        let page = coverage_grid_of(&b, 50, 50);
        assert_eq!(page.matches("<tr>").count(), 51);
        assert!(page.contains(">51 Outlet 51</a>") && page.contains(">100 unknown outlet</a>"));
        assert!(!page.contains(">1 Outlet 1</a>") && !page.contains(">101 Outlet 101</a>"));
        assert!(page.contains("<td class=\"q\" title=\"unknown outlet quotes Mara Quell\">●</td>"));
        assert_eq!(page.matches("●</td>").count(), 1);
        assert_eq!(coverage_grid_of(&b, 120, 50), "");
        assert_eq!(coverage_grid_of(&b, usize::MAX, usize::MAX), "");
    }

    #[test]
    fn the_grid_escapes_and_caps_its_rows() {
        let mut b = brief(MAX_GRID_ROWS + 15);
        b.sources[0].outlet = Some("<script>x</script>".into());
        b.sources[1].title = "\"><img src=x onerror=alert(1)>".into();
        b.statements = vec![statement(
            "<b>O'Brien</b>",
            &[("a1", QuoteKind::Direct), ("a71", QuoteKind::Direct)],
        )];
        b.numbers = vec![claim("<i>what</i>", false, &[("\"5\" & more", &["a2"])])];
        let grid = coverage_grid(&b);
        for raw in ["<script", "<img", "<b>", "<i>", "O'Brien", "\"5\""] {
            assert!(!grid.contains(raw), "{raw} in grid");
        }
        assert!(
            grid.contains("&lt;b&gt;O&#39;Brien&lt;/b&gt;")
                && grid.contains("&quot;5&quot; &amp; more")
        );
        assert_eq!(grid.matches("<tr>").count(), MAX_GRID_ROWS + 1);
        assert!(
            grid.contains("15 sources that carry less are not shown"),
            "{grid}"
        );
        // The sources that carry something keep their rows, in list order.
        assert!(grid.contains(">71 Outlet 71</a>"));
        assert!(grid.contains(">2 unknown outlet</a>"));
        assert!(!grid.contains(">75 Outlet 75</a>"));
    }
}
