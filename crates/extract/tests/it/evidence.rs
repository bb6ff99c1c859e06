//! Publication dates and outlets read from the text, on invented articles: what a line's
//! position says outweighs what a date or a name in running prose says.

use chrono::NaiveDate;
use extract::{extract, ExtractConfig};
use model::{Article, Format};

use crate::raw;

fn text(content: &str) -> Article {
    extract(&raw("t", Format::Text, content), &ExtractConfig::default()).expect("an article")
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn a_publication_line_above_the_title_dates_the_article_not_a_background_date() {
    let a = text(
        "Published Monday, Nov. 19, 2018\n\n\
         Singer Ada Lorne takes the Harbour Prize\n\n\
         The singer Ada Lorne won the Harbour Prize on Monday night in Kelmouth.\n\n\
         Her first album, released on November 23, 1993, sold poorly at first.\n\n\
         She will tour again from March 16.",
    );
    assert_eq!(a.title, "Singer Ada Lorne takes the Harbour Prize");
    assert_eq!(a.published, day(2018, 11, 19));
    assert!(!a.body.contains("Published"), "{}", a.body);
}

#[test]
fn a_yearless_dateline_takes_its_year_from_the_article_and_its_wire_tag_is_the_outlet() {
    let a = text(
        "Envoys meet again in Ostrava\n\n\
         OSTRAVA, April 7. /NORTH-WIRE/. Envoys of the two river states met again on Sunday, \
         the ministry said.\n\n\
         The talks follow the treaty the two states signed on March 1, 2014, which expires \
         this year.",
    );
    assert_eq!(a.published, day(2014, 4, 7));
    assert_eq!(a.outlet.as_deref(), Some("NORTH-WIRE"));
    assert!(a.outlet_inferred);
    // Without a full date anywhere, the year stays unknown and the article undated.
    let a = text(
        "Envoys meet again in Ostrava\n\n\
         OSTRAVA, April 7. /NORTH-WIRE/. Envoys of the two river states met again on Sunday.",
    );
    assert_eq!(a.published, None);
}

#[test]
fn a_header_date_beats_a_dateline_and_an_update_stamp() {
    let a = text(
        "Ferry fares rise\n\n\
         Updated 10:41 AM, March 5, 2026\n\n\
         Posted on March 3, 2026\n\n\
         KELMOUTH, March 2 (Reuters) - Ferry fares will rise by a tenth from May, the operator \
         said on Monday.",
    );
    assert_eq!(a.published, day(2026, 3, 3));
    assert_eq!(a.outlet.as_deref(), Some("Reuters"));
    // The update stamp alone is still a date.
    let a = text(
        "Ferry fares rise\n\n\
         Updated 10:41 AM, March 5, 2026\n\n\
         Ferry fares will rise by a tenth from May, the operator said on Monday.",
    );
    assert_eq!(a.published, day(2026, 3, 5));
}

#[test]
fn wire_names_in_running_text_are_not_outlets() {
    let a = text(
        "Mayor resigns\n\n\
         The mayor of Kelmouth resigned on Tuesday, she told the Associated Press.\n\n\
         \"It was time,\" she said in an interview with Reuters later that day.",
    );
    assert_eq!(a.outlet, None);
    assert!(!a.outlet_inferred);
}

#[test]
fn credits_and_bylines_name_outlets_and_metadata_wins() {
    let a = text(
        "Mayor resigns\n\n\
         By: Kelmouth Daily Business Desk\n\n\
         The mayor of Kelmouth resigned on Tuesday after nine years in office.",
    );
    assert_eq!(a.outlet.as_deref(), Some("Kelmouth Daily"));
    assert!(a.outlet_inferred);
    let a = text(
        "Mayor resigns\n\n\
         The mayor leaves the town hall on Tuesday. Photo / AP\n\n\
         The mayor of Kelmouth resigned on Tuesday after nine years in office.",
    );
    assert_eq!(a.outlet.as_deref(), Some("AP"));
    // Credits naming two agencies name no outlet.
    let a = text(
        "Mayor resigns\n\n\
         The mayor leaves the town hall on Tuesday. Photo / AP\n\n\
         The mayor of Kelmouth resigned on Tuesday after nine years in office.\n\n\
         Her deputy arrives at the council. Photo / Reuters\n\n\
         The council will choose a successor in May.",
    );
    assert_eq!(a.outlet, None);
    let mut doc = raw(
        "t",
        Format::Text,
        "Mayor resigns\n\nBy: Kelmouth Daily\n\nThe mayor of Kelmouth resigned on Tuesday.",
    );
    doc.outlet = Some("Coast Radio".into());
    let a = extract(&doc, &ExtractConfig::default()).expect("an article");
    assert_eq!(a.outlet.as_deref(), Some("Coast Radio"));
    assert!(!a.outlet_inferred);
}

#[test]
fn a_byline_with_a_publication_stamp_dates_the_article_and_prose_does_not() {
    let a = text(
        "Ferry fares rise\n\n\
         By Jane Doe | Published Nov. 19, 2018 | 4 min read\n\n\
         Ferry fares will rise by a tenth from May, the operator said on Monday.",
    );
    assert_eq!(a.published, day(2018, 11, 19));
    let a = text(
        "Ferry fares rise\n\n\
         The fare table, published on 3 May 2019, was replaced by the operator.\n\n\
         Ferry fares will rise by a tenth from May, the operator said on Monday.",
    );
    assert_eq!(a.published, None);
}
