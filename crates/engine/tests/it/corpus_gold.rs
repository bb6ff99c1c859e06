//! The sample corpus against its hand-made truth (`corpus/gold.json`): every stage's
//! result on the articles we wrote, checked item by item.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use model::{Analysis, AnalyzedArticle, QuoteKind};
use serde_json::Value;

use crate::{analyze, repo};

fn fixture() -> &'static (Analysis, Value) {
    static FIXTURE: OnceLock<(Analysis, Value)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let analysis = analyze(&[repo().join("corpus/sample")]);
        let gold = std::fs::read_to_string(repo().join("corpus/gold.json")).unwrap();
        (analysis, serde_json::from_str(&gold).unwrap())
    })
}

fn article<'a>(analysis: &'a Analysis, id: &str) -> &'a AnalyzedArticle {
    analysis
        .articles
        .iter()
        .find(|a| a.article.id == id)
        .unwrap_or_else(|| panic!("no article {id}"))
}

fn items<'a>(gold: &'a Value, key: &str) -> &'a Vec<Value> {
    gold[key]
        .as_array()
        .unwrap_or_else(|| panic!("gold.json has no {key}"))
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("gold item lacks {key}: {v}"))
}

fn ids(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn stories_match_gold_exactly() {
    let (analysis, gold) = fixture();
    let want: BTreeSet<BTreeSet<String>> = items(gold, "stories")
        .iter()
        .map(|s| ids(&s["article_ids"]))
        .collect();
    let got: BTreeSet<BTreeSet<String>> = analysis
        .stories
        .iter()
        .map(|s| s.article_ids.iter().cloned().collect())
        .collect();
    assert_eq!(got, want);
}

#[test]
fn duplicates_match_gold_exactly() {
    let (analysis, gold) = fixture();
    let want: BTreeMap<String, String> = items(gold, "duplicates")
        .iter()
        .map(|d| (s(d, "article_id").into(), s(d, "duplicate_of").into()))
        .collect();
    let got: BTreeMap<String, String> = analysis
        .articles
        .iter()
        .filter_map(|a| a.duplicate_of.clone().map(|d| (a.article.id.clone(), d)))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn metadata_matches_gold() {
    let (analysis, gold) = fixture();
    let mut wrong = Vec::new();
    for p in items(gold, "published") {
        let a = article(analysis, s(p, "article_id"));
        let got = a.article.published.map(|d| d.to_string());
        if got.as_deref() != Some(s(p, "date")) {
            wrong.push(format!(
                "{}: published {got:?}, want {}",
                a.article.id,
                s(p, "date")
            ));
        }
    }
    for t in items(gold, "titles") {
        let a = article(analysis, s(t, "article_id"));
        if a.article.title != s(t, "title") {
            wrong.push(format!(
                "{}: title {:?}, want {:?}",
                a.article.id,
                a.article.title,
                s(t, "title")
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn boilerplate_never_survives() {
    let (analysis, gold) = fixture();
    let survivors: Vec<String> = items(gold, "boilerplate")
        .iter()
        .filter(|b| {
            article(analysis, s(b, "article_id"))
                .article
                .body
                .contains(s(b, "text"))
        })
        .map(|b| format!("{}: {:?}", s(b, "article_id"), s(b, "text")))
        .collect();
    assert!(
        survivors.is_empty(),
        "boilerplate left in bodies: {survivors:#?}"
    );
}

#[test]
fn shared_passages_are_found() {
    let (analysis, gold) = fixture();
    for p in items(gold, "shared_passages") {
        let want = ids(&p["article_ids"]);
        let found = analysis
            .stories
            .iter()
            .flat_map(|s| &s.shared_passages)
            .any(|sp| {
                sp.text.contains(s(p, "starts_with"))
                    && want.is_subset(&sp.article_ids.iter().cloned().collect())
            });
        assert!(
            found,
            "shared passage {:?} not reported for {want:?}",
            s(p, "starts_with")
        );
    }
}

/// Share of gold quotes found with the right speaker; every miss is printed.
#[test]
fn quotes_have_the_right_speakers() {
    let (analysis, gold) = fixture();
    let quotes = items(gold, "quotes");
    let mut misses = Vec::new();
    for q in quotes {
        let a = article(analysis, s(q, "article_id"));
        let prefix = s(q, "starts_with");
        let kind = if s(q, "kind") == "direct" {
            QuoteKind::Direct
        } else {
            QuoteKind::Indirect
        };
        let found =
            a.annotations.quotes.iter().find(|x| {
                x.text.contains(prefix) || prefix.starts_with(&x.text) && x.text.len() > 20
            });
        match found {
            Some(x) if x.speaker.as_deref() == Some(s(q, "speaker")) && x.kind == kind => {}
            Some(x) => misses.push(format!(
                "{}: {prefix:?} -> {:?} {:?}, want {} {:?}",
                a.article.id,
                x.speaker,
                x.kind,
                s(q, "speaker"),
                kind
            )),
            None => misses.push(format!("{}: {prefix:?} not found", a.article.id)),
        }
    }
    let direct_misses = misses.iter().filter(|m| !m.contains("Indirect")).count();
    let found = quotes.len() - misses.len();
    eprintln!(
        "quotes with the right speaker and kind: {found}/{}; misses: {misses:#?}",
        quotes.len()
    );
    let direct = quotes.iter().filter(|q| s(q, "kind") == "direct").count();
    assert!(
        direct_misses * 10 <= direct,
        "more than 10% of direct quotes missed: {misses:#?}"
    );
    assert!(
        found * 10 >= quotes.len() * 8,
        "fewer than 80% of quotes right: {misses:#?}"
    );
}

#[test]
fn statements_group_across_outlets() {
    let (analysis, gold) = fixture();
    for st in items(gold, "statements") {
        let want = ids(&st["article_ids"]);
        let found = analysis
            .stories
            .iter()
            .flat_map(|s| &s.statements)
            .any(|x| {
                x.speaker == s(st, "speaker")
                    && want.is_subset(&x.quotes.iter().map(|q| q.article_id.clone()).collect())
            });
        assert!(
            found,
            "statement of {} not grouped across {want:?} ({})",
            s(st, "speaker"),
            s(st, "note")
        );
    }
}

#[test]
fn relative_dates_resolve() {
    let (analysis, gold) = fixture();
    let dates = items(gold, "dates");
    let mut misses = Vec::new();
    for d in dates {
        let a = article(analysis, s(d, "article_id"));
        let text = s(d, "text");
        let ok = a.annotations.dates.iter().any(|m| {
            (text.contains(m.text.as_str()) || m.text.contains(text.trim_start_matches("on ")))
                && m.value.as_deref() == Some(s(d, "value"))
        });
        if !ok {
            let seen: Vec<_> = a
                .annotations
                .dates
                .iter()
                .filter(|m| s(d, "text").contains(m.text.as_str()) || m.text.contains(s(d, "text")))
                .map(|m| (&m.text, &m.value))
                .collect();
            misses.push(format!(
                "{}: {:?} want {} got {seen:?}",
                a.article.id,
                s(d, "text"),
                s(d, "value")
            ));
        }
    }
    eprintln!(
        "dates resolved: {}/{}; misses: {misses:#?}",
        dates.len() - misses.len(),
        dates.len()
    );
    assert!(
        misses.len() * 10 <= dates.len(),
        "more than 10% of dates wrong: {misses:#?}"
    );
}

#[test]
fn numbers_compare_across_outlets() {
    let (analysis, gold) = fixture();
    for n in items(gold, "numbers") {
        let want = ids(&n["article_ids"]);
        let agree = n["agree"].as_bool().unwrap();
        let claim = analysis.stories.iter().flat_map(|s| &s.numbers).find(|c| {
            c.what == s(n, "what")
                && want
                    .iter()
                    .all(|id| c.values.iter().any(|v| v.article_ids.contains(id)))
        });
        let claim = claim.unwrap_or_else(|| panic!("no {} claim across {want:?}", s(n, "what")));
        assert_eq!(claim.agree, agree, "{} claim: {claim:?}", s(n, "what"));
    }
}
