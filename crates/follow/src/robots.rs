//! `robots.txt` (RFC 9309): the groups that name Chorus, else the `*` groups; `Allow` and
//! `Disallow` rules with `*` and `$`; the longest matching rule decides, `Allow` on a tie.

/// The rules of one site that apply to Chorus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Robots {
    /// `(allow, pattern)`.
    rules: Vec<(bool, String)>,
}

/// Most rules kept from one file (the rest are ignored, as RFC 9309 allows past 500 KiB).
const MAX_RULES: usize = 10_000;

impl Robots {
    /// Everything allowed (no `robots.txt`, or one that names no rule for us).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Everything disallowed (a `robots.txt` that could not be read for a server error:
    /// the site is left alone until it can).
    pub fn disallow_all() -> Robots {
        Robots {
            rules: vec![(false, "/".to_string())],
        }
    }

    /// Reads a `robots.txt` for the crawler named `agent` (its product token, e.g.
    /// `chorus`).
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_ascii_lowercase();
        let mut ours = Vec::new();
        let mut star = Vec::new();
        let mut named_us = false;
        // The user agents of the group being read, and whether its rules began.
        let mut group: Vec<String> = Vec::new();
        let mut in_rules = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if in_rules {
                        group.clear();
                        in_rules = false;
                    }
                    group.push(value.to_ascii_lowercase());
                }
                "allow" | "disallow" => {
                    in_rules = true;
                    if value.is_empty() {
                        // `Disallow:` with nothing allows everything: no rule.
                        continue;
                    }
                    let rule = (key == "allow", value.to_string());
                    let for_us = group
                        .iter()
                        .any(|g| !g.is_empty() && agent.contains(g.as_str()) && g != "*");
                    if for_us {
                        named_us = true;
                        if ours.len() < MAX_RULES {
                            ours.push(rule.clone());
                        }
                    }
                    if group.iter().any(|g| g == "*") && star.len() < MAX_RULES {
                        star.push(rule);
                    }
                }
                _ => {}
            }
        }
        Robots {
            rules: if named_us { ours } else { star },
        }
    }

    /// Whether the path (with its query) may be fetched.
    pub fn allowed(&self, path: &str) -> bool {
        if path == "/robots.txt" {
            return true;
        }
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern, path) {
                let len = pattern.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, *allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Whether a robots.txt pattern (`*` any run, a final `$` the end) matches `path`.
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    if !path.starts_with(first) {
        return false;
    }
    let mut rest = &path[first.len()..];
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return !anchored || rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    if anchored {
        rest.ends_with(last)
    } else {
        rest.contains(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_group_wins_over_the_star_group() {
        let text = "User-agent: *\nDisallow: /\n\nUser-agent: OtherBot\nUser-agent: Chorus\nDisallow: /private\nAllow: /private/ok\n";
        let r = Robots::parse(text, "chorus");
        assert!(r.allowed("/news/1"));
        assert!(!r.allowed("/private/x"));
        assert!(r.allowed("/private/ok/1"));
        assert!(r.allowed("/robots.txt"));
        let star = Robots::parse("User-agent: *\nDisallow: /secret # no\n", "chorus");
        assert!(!star.allowed("/secret/a"));
        assert!(star.allowed("/public"));
    }

    #[test]
    fn wildcards_anchors_and_ties() {
        let r = Robots::parse(
            "user-agent: *\ndisallow: /*.pdf$\ndisallow: /a*b/\nallow: /p\ndisallow: /p\ndisallow:\n",
            "chorus",
        );
        assert!(!r.allowed("/x/y.pdf"));
        assert!(r.allowed("/x/y.pdf?z"));
        assert!(!r.allowed("/a-long-b/c"));
        assert!(r.allowed("/a-long-c/"));
        assert!(r.allowed("/p/q"), "allow wins a tie");
        assert!(Robots::parse("garbage\n\u{0}:\u{ffff}", "chorus").allowed("/"));
        assert!(!Robots::disallow_all().allowed("/"));
        assert!(Robots::allow_all().allowed("/"));
    }
}
