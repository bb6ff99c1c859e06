//! Pathological bodies for the scaling tests and the `stress` example: each generator
//! builds about `bytes` bytes of text, deterministic for a given size, that is dense in
//! what one analysis step looks at (dates, numbers, quotation marks, names, cues), or
//! shaped to stress sentence and paragraph splitting.

/// A small deterministic generator (a linear congruential one), so that names, numbers
/// and dates vary without a dependency and every run builds the same text.
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "vir", "men", "dra", "sol", "ten", "bar", "gu", "rin", "mo", "zel", "tas", "ber",
    "ni", "quo", "ham", "let", "ov", "ski",
];

const FIRST_NAMES: &[&str] = &[
    "Anna", "John", "Maria", "Sergei", "Fatima", "Pierre", "Mary", "David", "Olga", "James",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Sept.",
    "Dec.",
];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A capitalised made-up word ("Kolavir"), different from call to call.
pub fn surname(rng: &mut Lcg) -> String {
    let mut out = String::new();
    for _ in 0..2 + rng.below(2) {
        out.push_str(rng.pick(SYLLABLES));
    }
    let mut chars = out.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn fill(bytes: usize, seed: u64, mut piece: impl FnMut(&mut Lcg, &mut String)) -> String {
    let mut rng = Lcg::new(seed);
    let mut out = String::with_capacity(bytes + 256);
    while out.len() < bytes {
        piece(&mut rng, &mut out);
    }
    out
}

/// Sentences packed with dates of every shape, in long paragraphs.
pub fn dense_dates(bytes: usize) -> String {
    fill(bytes, 1, |rng, out| {
        let y = 1990 + rng.below(40);
        let d = 1 + rng.below(28);
        let m = rng.pick(MONTHS);
        let w = rng.pick(WEEKDAYS);
        let piece = match rng.below(6) {
            0 => format!("On {m} {d}, {y}, and last {w} the talks met, "),
            1 => format!(
                "{d} {m} {y} and {y}-0{}-{d:02} were set, ",
                1 + rng.below(9)
            ),
            2 => format!(
                "in {y}, since {}, a year earlier, the previous day, ",
                y - 3
            ),
            3 => format!("yesterday, {w} evening, three days ago, next month, "),
            4 => format!("the third quarter of {y}, Q2 {y}, the 1990s, this summer, "),
            _ => format!(
                "{}/{d}/{y} and later that week it will rise, ",
                1 + rng.below(12)
            ),
        };
        out.push_str(&piece);
        if rng.below(400) == 0 {
            out.push_str("\n\n");
        }
    })
}

/// Figures of every shape: digits, words, money, percentages, fractions, ranges.
pub fn dense_numbers(bytes: usize) -> String {
    fill(bytes, 2, |rng, out| {
        let n = rng.below(100_000);
        let piece = match rng.below(9) {
            0 => format!("{n} troops, "),
            8 => format!("{}, {}, {}, ", 1900 + rng.below(200), rng.below(10_000), n),
            1 => format!(
                "about {},{:03} people and ",
                1 + rng.below(999),
                rng.below(1000)
            ),
            2 => format!("${}.{} billion, ", rng.below(100), rng.below(10)),
            3 => format!("{}.{}% of voters, ", rng.below(100), rng.below(10)),
            4 => format!(
                "5-1/2 miles and 7 {}/{} tons, ",
                1 + rng.below(3),
                4 + rng.below(4)
            ),
            5 => format!(
                "tens of thousands of protesters, {} to {} cars, ",
                n,
                n + 10
            ),
            6 => "two hundred thousand million people, a dozen eggs, ".to_string(),
            _ => format!("{n} {} {n} ", n + 1),
        };
        out.push_str(&piece);
        if rng.below(400) == 0 {
            out.push_str("were counted.\n\n");
        }
    })
}

/// Quotation marks of every style, nested, unbalanced and never closed, with cues.
pub fn nested_quotes(bytes: usize) -> String {
    fill(bytes, 3, |rng, out| {
        let name = surname(rng);
        let piece = match rng.below(8) {
            0 => format!("“We said ‘never’ and “they” said ‘no’,” {name} said. "),
            1 => format!("\"It is 'done' \"and\" 'over',\" said {name}, \"really\" "),
            2 => "“open and never closed ".to_string(),
            3 => "'' doubled '' apostrophes ' and ' singles ".to_string(),
            4 => format!("«Guillemets» and „low” marks, {name} told reporters: “a "),
            5 => "” ” ” closing first “ “ “ ".to_string(),
            6 => format!("He called it a “disaster,” {name} added, ‘quite’ "),
            _ => "\" \" ' ' “ ” ‘ ’ ".to_string(),
        };
        out.push_str(&piece);
        if rng.below(600) == 0 {
            out.push_str("\n\n");
        }
    })
}

/// Very many short paragraphs, some of them transcript lines or lone quotes.
pub fn short_paragraphs(bytes: usize) -> String {
    fill(bytes, 4, |rng, out| {
        let name = surname(rng);
        let piece = match rng.below(6) {
            0 => format!("{}: We will see about that now.\n\n", name.to_uppercase()),
            1 => format!("“It works,” {name} said.\n\n"),
            2 => "“Nothing more to add here today.”\n\n".to_string(),
            3 => format!("He said the plan by {name} was good.\n\n"),
            4 => "Short one.\n\n".to_string(),
            _ => format!(
                "{} {name}: words and more words here.\n\n",
                rng.pick(FIRST_NAMES)
            ),
        };
        out.push_str(&piece);
    })
}

/// One paragraph with no sentence end: commas, cues, names and clauses run on.
pub fn huge_sentence(bytes: usize) -> String {
    fill(bytes, 5, |rng, out| {
        let name = surname(rng);
        let piece = match rng.below(6) {
            0 => format!(
                "{} {name} said that the plan was good, ",
                rng.pick(FIRST_NAMES)
            ),
            1 => "according to officials, the talks were hard and he noted that ".to_string(),
            2 => format!("adding that {name} wants a wall, she argued, "),
            3 => "the minister said the deal, the senator told reporters that ".to_string(),
            4 => format!("a poll shows {name} far ahead and records show that "),
            _ => "they say, and it was in the morning; or not - ".to_string(),
        };
        out.push_str(&piece);
    })
}

/// Capitalised names of people, organisations and places, with acronyms and titles.
pub fn many_names(bytes: usize) -> String {
    fill(bytes, 6, |rng, out| {
        let (a, b) = (surname(rng), surname(rng));
        let first = rng.pick(FIRST_NAMES);
        let piece = match rng.below(7) {
            0 => format!("{first} {a} met {b} of the {a} {b} Corporation in {b}ville. "),
            1 => format!("Deputy Foreign Minister {first} {a} said. {a} said. "),
            2 => format!(
                "The {a} {b} Organization ({}) and {} said. ",
                acronym(&a, &b),
                acronym(&a, &b)
            ),
            3 => format!("{a} and {b} and {first} of {a} {b} {a} {b} {a} {b} Bank, "),
            4 => format!("Mr. {a} told {first} {b}'s {a}-led group in the U.S. "),
            5 => format!("{a} Inc. said {b}. {b} said {a}. "),
            _ => format!("President Vice Deputy Acting Senior {a} {b} "),
        };
        out.push_str(&piece);
        if rng.below(30) == 0 {
            out.push_str("\n\n");
        }
    })
}

fn acronym(a: &str, b: &str) -> String {
    let initial = |w: &str| w.chars().next().unwrap_or('X').to_ascii_uppercase();
    format!("{}{}O", initial(a), initial(b))
}

/// Reporting verbs and "said" cues, pronouns and descriptions in every order.
pub fn said_cues(bytes: usize) -> String {
    fill(bytes, 7, |rng, out| {
        let name = surname(rng);
        let first = rng.pick(FIRST_NAMES);
        let piece = match rng.below(8) {
            0 => format!("{first} {name} said the talks were hard. "),
            1 => "He said that she said that they said it was over. ".to_string(),
            2 => "The minister said the plan would work, officials said. ".to_string(),
            3 => format!("According to {name}, the deal is done, he added. "),
            4 => "She told reporters that the spokesman warned of delays. ".to_string(),
            5 => format!("“It will pass,” said {first} {name}, a lawyer who said so. "),
            6 => "The senator said, the governor said, the judge said. ".to_string(),
            _ => format!("Police say {name} blasted the plan, and he noted that it failed. "),
        };
        out.push_str(&piece);
        if rng.below(25) == 0 {
            out.push_str("\n\n");
        }
    })
}

/// Long runs of punctuation, dots, dashes and symbols, with a few words between.
pub fn punctuation(bytes: usize) -> String {
    fill(bytes, 8, |rng, out| {
        let piece = match rng.below(6) {
            0 => ".".repeat(1 + rng.below(200)),
            1 => "!?".repeat(1 + rng.below(100)),
            2 => "—,;:()[]".repeat(1 + rng.below(30)),
            3 => "A.B.C.D.E.F.G.H.".repeat(1 + rng.below(20)),
            4 => " word. Word ".to_string(),
            _ => "$%&*#@/\\".repeat(1 + rng.below(30)),
        };
        out.push_str(&piece);
    })
}

/// A generator: about this many bytes of one pathological kind.
pub type Generator = fn(usize) -> String;

/// Every pathological kind, by name.
pub const KINDS: &[(&str, Generator)] = &[
    ("dates", dense_dates),
    ("numbers", dense_numbers),
    ("quotes", nested_quotes),
    ("paragraphs", short_paragraphs),
    ("sentence", huge_sentence),
    ("names", many_names),
    ("cues", said_cues),
    ("punctuation", punctuation),
];
