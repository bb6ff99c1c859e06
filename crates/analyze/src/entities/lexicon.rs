//! Word lists for entity recognition, written for Chorus.
//!
//! Every list is sorted at first use, so lookups are binary searches and the order in
//! which entries are written here does not matter.

use std::sync::OnceLock;

use model::EntityKind;

/// A gender a first name or a pronoun link suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

fn sorted(list: &'static [&'static str], cell: &'static OnceLock<Vec<&'static str>>) -> &'static [&'static str] {
    cell.get_or_init(|| {
        let mut v = list.to_vec();
        v.sort_unstable();
        v.dedup();
        v
    })
}

fn sorted_pairs(
    list: &'static [(&'static str, &'static str)],
    cell: &'static OnceLock<Vec<(&'static str, &'static str)>>,
) -> &'static [(&'static str, &'static str)] {
    cell.get_or_init(|| {
        let mut v = list.to_vec();
        v.sort_unstable();
        v.dedup_by(|a, b| a.0 == b.0);
        v
    })
}

fn lookup_pair(list: &[(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    list.binary_search_by(|(k, _)| (*k).cmp(key)).ok().map(|i| list[i].1)
}

/// Countries, regions, capitals and large cities, written as they appear in text.
const PLACES: &[&str] = &[
    "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Argentina", "Armenia",
    "Australia", "Austria", "Azerbaijan", "Bahrain", "Bangladesh", "Belarus", "Belgium",
    "Bolivia", "Bosnia", "Botswana", "Brazil", "Bulgaria", "Burma", "Cambodia", "Cameroon",
    "Canada", "Chad", "Chile", "China", "Colombia", "Congo", "Croatia", "Cuba", "Cyprus",
    "Czech Republic", "Czechia", "Denmark", "Ecuador", "Egypt", "England", "Eritrea",
    "Estonia", "Ethiopia", "Finland", "France", "Gaza", "Georgia", "Germany", "Ghana",
    "Greece", "Guatemala", "Haiti", "Honduras", "Hungary", "Iceland", "India", "Indonesia",
    "Iran", "Iraq", "Ireland", "Israel", "Italy", "Jamaica", "Japan", "Jordan", "Kazakhstan",
    "Kenya", "Korea", "Kosovo", "Kuwait", "Kyrgyzstan", "Laos", "Latvia", "Lebanon",
    "Libya", "Lithuania", "Luxembourg", "Macedonia", "Madagascar", "Malaysia", "Mali",
    "Malta", "Mexico", "Moldova", "Monaco", "Mongolia", "Montenegro", "Morocco",
    "Mozambique", "Myanmar", "Namibia", "Nepal", "Netherlands", "New Zealand", "Nicaragua",
    "Niger", "Nigeria", "North Korea", "Norway", "Oman", "Pakistan", "Palestine", "Panama",
    "Paraguay", "Peru", "Philippines", "Poland", "Portugal", "Qatar", "Romania", "Russia",
    "Rwanda", "Saudi Arabia", "Scotland", "Senegal", "Serbia", "Singapore", "Slovakia",
    "Slovenia", "Somalia", "South Africa", "South Korea", "South Sudan", "Spain",
    "Sri Lanka", "Sudan", "Sweden", "Switzerland", "Syria", "Taiwan", "Tajikistan",
    "Tanzania", "Thailand", "Tunisia", "Turkey", "Turkmenistan", "Uganda", "Ukraine",
    "United Arab Emirates", "United Kingdom", "United States", "Uruguay", "Uzbekistan",
    "Venezuela", "Vietnam", "Wales", "Yemen", "Zambia", "Zimbabwe", "Britain",
    "Great Britain", "America", "Europe", "Asia", "Africa", "Antarctica", "Arctic",
    "Middle East", "Latin America", "North America", "South America", "Central Asia",
    "Eastern Europe", "Western Europe", "Balkans", "Baltics", "Caucasus", "Crimea",
    "Donbas", "Donbass", "Siberia", "Kashmir", "Tibet", "Xinjiang", "Hong Kong", "Macau",
    "West Bank", "Sahara", "Sahel", "Scandinavia", "Pacific", "Atlantic", "Mediterranean",
    "Black Sea", "Baltic Sea", "Caribbean", "California", "Texas", "Florida", "New York",
    "Ohio", "Michigan", "Pennsylvania", "Virginia", "Iowa", "Arizona", "Nevada",
    "Wisconsin", "North Carolina", "South Carolina", "Illinois", "Massachusetts",
    "Colorado", "Minnesota", "Alabama", "Louisiana", "Kentucky", "Tennessee", "Missouri",
    "Indiana", "Oregon", "Washington State", "Utah", "Alaska", "Hawaii", "Maryland",
    "New Jersey", "New Hampshire", "Ontario", "Quebec", "Bavaria", "Catalonia",
    // Capitals and large cities.
    "Abu Dhabi", "Accra", "Addis Ababa", "Amman", "Amsterdam", "Ankara", "Athens",
    "Atlanta", "Baghdad", "Baku", "Bangkok", "Barcelona", "Beijing", "Beirut", "Belgrade",
    "Berlin", "Bern", "Boston", "Bratislava", "Brussels", "Bucharest", "Budapest",
    "Buenos Aires", "Cairo", "Canberra", "Caracas", "Chicago", "Copenhagen", "Dakar",
    "Damascus", "Delhi", "Dhaka", "Doha", "Donetsk", "Dubai", "Dublin", "Edinburgh",
    "Frankfurt", "Geneva", "Hamburg", "Hanoi", "Havana", "Helsinki", "Houston", "Istanbul",
    "Jakarta", "Jerusalem", "Johannesburg", "Kabul", "Karachi", "Kharkiv", "Khartoum",
    "Kiev", "Kinshasa", "Kyiv", "Lagos", "Lima", "Lisbon", "London", "Los Angeles",
    "Luhansk", "Madrid", "Manchester", "Manila", "Marseille", "Mexico City", "Miami",
    "Milan", "Minsk", "Montreal", "Moscow", "Mumbai", "Munich", "Nairobi", "Naples",
    "New Delhi", "Nur-Sultan", "Odesa", "Odessa", "Oslo", "Ottawa", "Paris", "Philadelphia",
    "Prague", "Pyongyang", "Riga", "Rio de Janeiro", "Riyadh", "Rome", "San Francisco",
    "Santiago", "Sarajevo", "Seattle", "Seoul", "Sevastopol", "Shanghai", "Sofia",
    "St Petersburg", "St. Petersburg", "Stockholm", "Sydney", "Taipei", "Tallinn",
    "Tashkent", "Tbilisi", "Tehran", "Tel Aviv", "Tirana", "Tokyo", "Toronto", "Tripoli",
    "Tunis", "Vancouver", "Vienna", "Vilnius", "Warsaw", "Washington", "Wellington",
    "Yerevan", "Zagreb", "Zurich", "Davos", "Kaliningrad", "Mariupol", "Lviv", "Aleppo",
    "Mosul", "Gdansk", "Krakow", "Minneapolis", "Detroit", "Dallas", "Denver", "Phoenix",
    "Baltimore", "Cleveland", "Pittsburgh", "Charlotte", "Orlando", "Brooklyn", "Manhattan",
];

/// Other ways of writing a place, mapped to the canonical name.
const PLACE_ALIASES: &[(&str, &str)] = &[
    ("US", "United States"), ("U.S.", "United States"), ("U.S", "United States"),
    ("USA", "United States"), ("U.S.A.", "United States"), ("America", "United States"),
    ("United States of America", "United States"), ("UK", "United Kingdom"),
    ("U.K.", "United Kingdom"), ("Britain", "United Kingdom"),
    ("Great Britain", "United Kingdom"), ("UAE", "United Arab Emirates"),
    ("Kiev", "Kyiv"), ("Odessa", "Odesa"), ("Donbass", "Donbas"), ("Burma", "Myanmar"),
    ("Czechia", "Czech Republic"), ("St. Petersburg", "St Petersburg"),
    ("Russian Federation", "Russia"), ("DPRK", "North Korea"), ("PRC", "China"),
];

/// Adjectives and nouns of nationality, mapped to their country or region.
const DEMONYMS: &[(&str, &str)] = &[
    ("Afghan", "Afghanistan"), ("Albanian", "Albania"), ("Algerian", "Algeria"),
    ("American", "United States"), ("Argentine", "Argentina"), ("Argentinian", "Argentina"),
    ("Armenian", "Armenia"), ("Australian", "Australia"), ("Austrian", "Austria"),
    ("Azerbaijani", "Azerbaijan"), ("Belarusian", "Belarus"), ("Belgian", "Belgium"),
    ("Bolivian", "Bolivia"), ("Bosnian", "Bosnia"), ("Brazilian", "Brazil"),
    ("British", "United Kingdom"), ("Briton", "United Kingdom"), ("Bulgarian", "Bulgaria"),
    ("Canadian", "Canada"), ("Chilean", "Chile"), ("Chinese", "China"),
    ("Colombian", "Colombia"), ("Croatian", "Croatia"), ("Cuban", "Cuba"),
    ("Czech", "Czech Republic"), ("Danish", "Denmark"), ("Dutch", "Netherlands"),
    ("Egyptian", "Egypt"), ("English", "England"), ("Estonian", "Estonia"),
    ("Ethiopian", "Ethiopia"), ("European", "Europe"), ("Finnish", "Finland"),
    ("French", "France"), ("Georgian", "Georgia"), ("German", "Germany"),
    ("Greek", "Greece"), ("Hungarian", "Hungary"), ("Indian", "India"),
    ("Indonesian", "Indonesia"), ("Iranian", "Iran"), ("Iraqi", "Iraq"), ("Irish", "Ireland"),
    ("Israeli", "Israel"), ("Italian", "Italy"), ("Japanese", "Japan"),
    ("Jordanian", "Jordan"), ("Kazakh", "Kazakhstan"), ("Kenyan", "Kenya"),
    ("Korean", "Korea"), ("Kuwaiti", "Kuwait"), ("Latvian", "Latvia"),
    ("Lebanese", "Lebanon"), ("Libyan", "Libya"), ("Lithuanian", "Lithuania"),
    ("Malaysian", "Malaysia"), ("Mexican", "Mexico"), ("Moldovan", "Moldova"),
    ("Mongolian", "Mongolia"), ("Moroccan", "Morocco"), ("Nigerian", "Nigeria"),
    ("Norwegian", "Norway"), ("Pakistani", "Pakistan"), ("Palestinian", "Palestine"),
    ("Peruvian", "Peru"), ("Filipino", "Philippines"), ("Polish", "Poland"),
    ("Portuguese", "Portugal"), ("Qatari", "Qatar"), ("Romanian", "Romania"),
    ("Russian", "Russia"), ("Saudi", "Saudi Arabia"), ("Scottish", "Scotland"),
    ("Serbian", "Serbia"), ("Slovak", "Slovakia"), ("Slovenian", "Slovenia"),
    ("Somali", "Somalia"), ("Spanish", "Spain"), ("Sudanese", "Sudan"),
    ("Swedish", "Sweden"), ("Swiss", "Switzerland"), ("Syrian", "Syria"),
    ("Taiwanese", "Taiwan"), ("Thai", "Thailand"), ("Tunisian", "Tunisia"),
    ("Turkish", "Turkey"), ("Ukrainian", "Ukraine"), ("Venezuelan", "Venezuela"),
    ("Vietnamese", "Vietnam"), ("Welsh", "Wales"), ("Yemeni", "Yemen"),
    ("Soviet", "Soviet Union"), ("African", "Africa"), ("Asian", "Asia"),
    ("Arab", "Arab world"), ("Kurdish", "Kurdistan"), ("Crimean", "Crimea"),
    ("Baltic", "Baltics"), ("Western", "West"), ("Muscovite", "Moscow"),
];

/// Organisations known by name or acronym, mapped to their canonical name.
const ORGANIZATIONS: &[(&str, &str)] = &[
    ("NATO", "NATO"), ("North Atlantic Treaty Organization", "NATO"),
    ("EU", "European Union"), ("European Union", "European Union"),
    ("UN", "United Nations"), ("U.N.", "United Nations"), ("United Nations", "United Nations"),
    ("OSCE", "OSCE"), ("IMF", "International Monetary Fund"),
    ("International Monetary Fund", "International Monetary Fund"), ("WHO", "WHO"),
    ("World Bank", "World Bank"), ("WTO", "WTO"), ("OPEC", "OPEC"), ("G7", "G7"),
    ("G20", "G20"), ("FBI", "FBI"), ("CIA", "CIA"), ("NSA", "NSA"), ("KGB", "KGB"),
    ("FSB", "FSB"), ("Pentagon", "Pentagon"), ("Kremlin", "Kremlin"),
    ("White House", "White House"), ("Congress", "Congress"), ("Senate", "Senate"),
    ("Parliament", "Parliament"), ("Duma", "Duma"), ("Bundestag", "Bundestag"),
    ("Reuters", "Reuters"), ("AP", "Associated Press"), ("Associated Press", "Associated Press"),
    ("AFP", "AFP"), ("Agence France-Presse", "AFP"), ("BBC", "BBC"), ("CNN", "CNN"),
    ("DW", "DW"), ("Interfax", "Interfax"), ("TASS", "TASS"), ("RIA", "RIA Novosti"),
    ("Ria", "RIA Novosti"), ("RIA Novosti", "RIA Novosti"), ("Bloomberg", "Bloomberg"),
    ("Financial Times", "Financial Times"), ("New York Times", "New York Times"),
    ("Washington Post", "Washington Post"), ("Wall Street Journal", "Wall Street Journal"),
    ("Guardian", "Guardian"), ("ABC", "ABC"), ("CBS", "CBS"), ("NBC", "NBC"),
    ("Fox News", "Fox News"), ("Politico", "Politico"), ("Gazprom", "Gazprom"),
    ("Google", "Google"), ("Apple", "Apple"), ("Microsoft", "Microsoft"),
    ("Amazon", "Amazon"), ("Facebook", "Facebook"), ("Twitter", "Twitter"),
    ("Democrats", "Democratic Party"), ("Republicans", "Republican Party"),
    ("GOP", "Republican Party"), ("Democratic Party", "Democratic Party"),
    ("Republican Party", "Republican Party"), ("Taliban", "Taliban"), ("Hamas", "Hamas"),
    ("Hezbollah", "Hezbollah"), ("ISIS", "Islamic State"), ("Islamic State", "Islamic State"),
    ("Red Cross", "Red Cross"), ("Interpol", "Interpol"), ("Europol", "Europol"),
    ("Supreme Court", "Supreme Court"), ("Warsaw Pact", "Warsaw Pact"),
    ("Soviet Union", "Soviet Union"), ("USSR", "Soviet Union"), ("EPA", "EPA"),
    ("NASA", "NASA"), ("UNICEF", "UNICEF"), ("UNESCO", "UNESCO"), ("ASEAN", "ASEAN"),
    ("Nord Stream", "Nord Stream"), ("Downing Street", "Downing Street"),
    ("Elysee", "Elysee"), ("State Department", "State Department"),
    ("Foreign Office", "Foreign Office"), ("Ministry of Defence", "Ministry of Defence"),
];

/// Words that end an organisation's name.
const ORG_SUFFIXES: &[&str] = &[
    "Academy", "Administration", "Agency", "Airlines", "Airways", "Alliance", "Army",
    "Assembly", "Association", "Authority", "Bank", "Bureau", "Cabinet", "Center", "Centre",
    "Channel", "Church", "Club", "Co", "Co.", "Coalition", "College", "Command",
    "Commission", "Committee", "Company", "Congress", "Corp", "Corp.", "Corporation",
    "Council", "Court", "Department", "Directorate", "Federation", "Force", "Forces",
    "Foundation", "Front", "Fund", "Gazette", "Group", "Guard", "Herald", "Holdings",
    "Inc", "Inc.", "Institute", "Journal", "League", "Ltd", "Ltd.", "Media", "Ministry",
    "Mission", "Movement", "Navy", "Network", "News", "Office", "Organisation",
    "Organization", "Parliament", "Partners", "Party", "Police", "Post", "Press", "Radio",
    "Railways", "Reserve", "School", "Senate", "Service", "Services", "Society", "Team",
    "Telegraph", "Television", "Times", "Tribune", "Union", "United", "University",
    "Agencies", "Ministries", "Brigade", "Regiment", "Battalion", "Division", "Squadron",
    "Records", "Studios", "Entertainment", "Motors", "Systems", "Technologies", "Labs",
    "Group", "Observer", "Review", "Magazine", "FC", "Orchestra", "Band", "Choir",
];

/// Words that start an organisation's name ("University of Geneva", "Bank of England").
const ORG_HEADS: &[&str] = &[
    "Academy", "Bank", "Board", "Bureau", "Center", "Centre", "College", "Commission",
    "Committee", "Council", "Court", "Department", "Federation", "Institute", "League",
    "Ministry", "Office", "Organisation", "Organization", "Party", "School", "Union",
    "University", "Association", "Agency", "Church", "House", "Chamber", "Society", "Fund",
];

/// Words that end the name of something that is neither a person, an organisation nor a
/// place: wars, treaties, events, prizes, laws.
const OTHER_SUFFIXES: &[&str] = &[
    "Accord", "Accords", "Act", "Agreement", "Award", "Awards", "Bill", "Championship",
    "Championships", "Conference", "Convention", "Crisis", "Cup", "Day", "Declaration",
    "Doctrine", "Festival", "Forum", "Games", "Olympics", "Plan", "Prize", "Protocol",
    "Revolution", "Summit", "Treaty", "War", "Week", "Album", "Tour", "Trophy", "Series",
    "Show", "Dialogue", "Initiative", "Program", "Programme", "Project",
];

/// Words that end a place's name.
const PLACE_SUFFIXES: &[&str] = &[
    "Avenue", "Bay", "Beach", "Canyon", "City", "County", "Desert", "District", "Falls",
    "Gulf", "Harbor", "Harbour", "Hill", "Hills", "Island", "Islands", "Lake", "Mountain",
    "Mountains", "Ocean", "Oblast", "Park", "Peninsula", "Plaza", "Province", "Region",
    "River", "Road", "Sea", "Square", "Strait", "Street", "Valley", "Village", "Airport",
    "Bridge", "Coast", "Territory", "Republic", "Kingdom", "Emirates", "Stadium",
];

/// Title words that name an office ("President", "Minister").
const TITLE_HEADS: &[&str] = &[
    "Adm", "Adm.", "Admiral", "Adviser", "Advisor", "Ambassador", "Archbishop", "Bishop",
    "Brig", "Capt", "Capt.", "Captain", "Cardinal", "Chair", "Chairman", "Chairwoman",
    "Chancellor", "Chief", "Col", "Col.", "Colonel", "Commander", "Commissioner",
    "Congressman", "Congresswoman", "Councillor", "Councilman", "Councilwoman", "Dame",
    "Director", "Dr", "Dr.", "Duke", "Emperor", "Envoy", "Gen", "Gen.", "General", "Gov",
    "Gov.", "Governor", "Imam", "Judge", "Justice", "King", "Lady", "Lawmaker", "Leader",
    "Lieutenant", "Lord", "Lt", "Lt.", "Maj", "Maj.", "Major", "Marshal", "Mayor", "Minister",
    "Miss", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Mx", "Negotiator", "Pope", "Premier",
    "President", "Presidents", "Prince", "Princess", "Prof", "Prof.", "Professor",
    "Prosecutor", "Queen", "Rabbi", "Rep", "Rep.", "Representative", "Rev", "Rev.",
    "Reverend", "Secretary", "Secretary-General", "Sen", "Sen.", "Senator", "Sergeant",
    "Sgt", "Sgt.", "Sheikh", "Sir", "Speaker", "Spokesman", "Spokesperson", "Spokeswoman",
    "Sultan", "Superintendent", "Supt", "Coach", "Detective", "Officer", "Inspector",
    "Attorney", "CEO", "Chief-of-staff", "Czar", "Tsar", "Manager", "Editor", "Dean",
    "Pastor", "Father", "Sister", "Brother", "Saint", "Ayatollah", "Crown", "Emir",
];

/// Words that qualify an office inside a title ("Deputy", "Foreign", "State").
const TITLE_MODIFIERS: &[&str] = &[
    "Acting", "Assistant", "Associate", "Chief", "Co-chair", "Defence", "Defense",
    "Deputy", "Energy", "Executive", "Finance", "First", "Foreign", "Former", "General",
    "Health", "Home", "Interior", "Justice", "Lead", "Managing", "National", "Prime",
    "Principal", "Security", "Senior", "State", "Trade", "Treasury", "Under", "Vice",
    "Economy", "Education", "Commerce", "Agriculture", "Transport", "Culture", "Labour",
    "Labor", "Environment", "Homeland", "Attorney", "Supreme", "Top", "Grand", "High",
    "Ex", "Then", "Outgoing", "Incoming", "Press", "Army", "Navy", "Staff", "Cabinet",
    "Opposition", "Party", "Majority", "Minority", "Republican", "Democratic", "Democrat",
    "House", "Senate", "Crown",
];

/// Lower-case nouns that, written before a name, say the name is a person.
const PERSON_NOUNS: &[&str] = &[
    "actor", "actress", "adviser", "advisor", "ambassador", "analyst", "author", "boss",
    "brother", "candidate", "ceo", "chairman", "chairwoman", "champion", "chancellor",
    "chief", "coach", "colleague", "columnist", "commander", "commissioner", "counterpart",
    "daughter", "deputy", "diplomat", "director", "economist", "editor", "envoy", "expert",
    "father", "founder", "governor", "husband", "journalist", "judge", "lawmaker", "lawyer",
    "leader", "manager", "mayor", "minister", "mother", "negotiator", "nominee", "official",
    "player", "politician", "president", "professor", "prosecutor", "rapper", "reporter",
    "researcher", "secretary", "senator", "singer", "sister", "son", "speaker", "spokesman",
    "spokesperson", "spokeswoman", "striker", "student", "wife", "writer", "premier",
    "strongman", "activist", "businessman", "businesswoman", "dictator", "monarch",
    "ex-president", "pilot", "officer", "general", "host", "anchor", "commentator",
    "scientist", "historian", "philosopher", "poet", "novelist", "composer", "artist",
    "guitarist", "drummer", "vocalist", "footballer", "midfielder", "defender",
    "goalkeeper", "forward", "pitcher", "boxer", "runner", "driver", "cyclist", "emperor",
];

/// Common first names with their usual gender, for typing people and resolving pronouns.
const FIRST_NAMES: &[(&str, &str)] = &[
    ("Aaron", "m"), ("Abdul", "m"), ("Adam", "m"), ("Adrian", "m"), ("Ahmed", "m"),
    ("Alan", "m"), ("Albert", "m"), ("Alejandro", "m"), ("Aleksandr", "m"), ("Alex", "m"),
    ("Alexander", "m"), ("Alexei", "m"), ("Alexey", "m"), ("Ali", "m"), ("Andrei", "m"),
    ("Andrew", "m"), ("Andrzej", "m"), ("Angus", "m"), ("Anthony", "m"), ("Antonio", "m"),
    ("Antony", "m"), ("Arnold", "m"), ("Arthur", "m"), ("Barack", "m"), ("Ben", "m"),
    ("Benjamin", "m"), ("Bernard", "m"), ("Bernie", "m"), ("Bill", "m"), ("Bob", "m"),
    ("Boris", "m"), ("Brad", "m"), ("Brian", "m"), ("Bruce", "m"), ("Carl", "m"),
    ("Carlos", "m"), ("Charles", "m"), ("Chris", "m"), ("Christian", "m"),
    ("Christopher", "m"), ("Chuck", "m"), ("Colin", "m"), ("Craig", "m"), ("Dan", "m"),
    ("Daniel", "m"), ("Dave", "m"), ("David", "m"), ("Dennis", "m"), ("Dmitry", "m"),
    ("Dmitri", "m"), ("Donald", "m"), ("Douglas", "m"), ("Ed", "m"), ("Edward", "m"),
    ("Elon", "m"), ("Emmanuel", "m"), ("Eric", "m"), ("Frank", "m"), ("Frederick", "m"),
    ("Gary", "m"), ("George", "m"), ("Gerald", "m"), ("Gordon", "m"), ("Greg", "m"),
    ("Gregory", "m"), ("Hans", "m"), ("Harold", "m"), ("Harry", "m"), ("Henry", "m"),
    ("Hugo", "m"), ("Ian", "m"), ("Igor", "m"), ("Isaac", "m"), ("Ivan", "m"),
    ("Jack", "m"), ("Jacob", "m"), ("Jake", "m"), ("James", "m"), ("Jason", "m"),
    ("Jean", "m"), ("Jeff", "m"), ("Jeffrey", "m"), ("Jens", "m"), ("Jeremy", "m"),
    ("Jerry", "m"), ("Jim", "m"), ("Jimmy", "m"), ("Joe", "m"), ("John", "m"),
    ("Jon", "m"), ("Jonathan", "m"), ("Jose", "m"), ("Josep", "m"), ("Joseph", "m"),
    ("Juan", "m"), ("Justin", "m"), ("Keir", "m"), ("Keith", "m"), ("Ken", "m"),
    ("Kenneth", "m"), ("Kevin", "m"), ("Kim", "m"), ("Larry", "m"), ("Lee", "m"),
    ("Leonid", "m"), ("Lloyd", "m"), ("Louis", "m"), ("Luis", "m"), ("Luke", "m"),
    ("Marco", "m"), ("Mark", "m"), ("Martin", "m"), ("Matt", "m"), ("Matthew", "m"),
    ("Max", "m"), ("Michael", "m"), ("Mike", "m"), ("Mikhail", "m"), ("Mitch", "m"),
    ("Mohamed", "m"), ("Mohammed", "m"), ("Muhammad", "m"), ("Nathan", "m"), ("Ned", "m"),
    ("Neil", "m"), ("Nicholas", "m"), ("Nick", "m"), ("Nicolas", "m"), ("Nikolai", "m"),
    ("Olaf", "m"), ("Oleg", "m"), ("Oliver", "m"), ("Pablo", "m"), ("Patrick", "m"),
    ("Paul", "m"), ("Pedro", "m"), ("Pete", "m"), ("Peter", "m"), ("Petro", "m"),
    ("Philip", "m"), ("Pierre", "m"), ("Ralph", "m"), ("Ramzan", "m"), ("Raymond", "m"),
    ("Recep", "m"), ("Richard", "m"), ("Rick", "m"), ("Rishi", "m"), ("Rob", "m"),
    ("Robert", "m"), ("Roger", "m"), ("Ron", "m"), ("Ronald", "m"), ("Rudy", "m"),
    ("Russell", "m"), ("Ryan", "m"), ("Sam", "m"), ("Samuel", "m"), ("Scott", "m"),
    ("Sean", "m"), ("Sebastian", "m"), ("Sergei", "m"), ("Sergey", "m"), ("Simon", "m"),
    ("Stephen", "m"), ("Steve", "m"), ("Steven", "m"), ("Ted", "m"), ("Thomas", "m"),
    ("Tim", "m"), ("Timothy", "m"), ("Tom", "m"), ("Tony", "m"), ("Valery", "m"),
    ("Viktor", "m"), ("Vladimir", "m"), ("Volodymyr", "m"), ("Walter", "m"),
    ("William", "m"), ("Xi", "m"), ("Yury", "m"), ("Yuri", "m"), ("Zbigniew", "m"),
    ("Abigail", "f"), ("Alice", "f"), ("Alexandra", "f"), ("Amanda", "f"), ("Amy", "f"),
    ("Ana", "f"), ("Anastasia", "f"), ("Angela", "f"), ("Ann", "f"), ("Anna", "f"),
    ("Anne", "f"), ("Annalena", "f"), ("Barbara", "f"), ("Betty", "f"), ("Carol", "f"),
    ("Caroline", "f"), ("Catherine", "f"), ("Charlotte", "f"), ("Christine", "f"),
    ("Claire", "f"), ("Diana", "f"), ("Donna", "f"), ("Dorothy", "f"), ("Elena", "f"),
    ("Elizabeth", "f"), ("Ellen", "f"), ("Emily", "f"), ("Emma", "f"), ("Eva", "f"),
    ("Frances", "f"), ("Giorgia", "f"), ("Hannah", "f"), ("Helen", "f"), ("Hillary", "f"),
    ("Ilhan", "f"), ("Irina", "f"), ("Jacinda", "f"), ("Jane", "f"), ("Janet", "f"),
    ("Jen", "f"), ("Jennifer", "f"), ("Jessica", "f"), ("Jill", "f"), ("Joan", "f"),
    ("Julia", "f"), ("Julie", "f"), ("Kamala", "f"), ("Karen", "f"), ("Kate", "f"),
    ("Katherine", "f"), ("Kathleen", "f"), ("Kathryn", "f"), ("Kaja", "f"), ("Kelly", "f"),
    ("Laura", "f"), ("Linda", "f"), ("Lisa", "f"), ("Liz", "f"), ("Madeleine", "f"),
    ("Margaret", "f"), ("Maria", "f"), ("Marie", "f"), ("Marine", "f"), ("Mary", "f"),
    ("Melania", "f"), ("Melissa", "f"), ("Michelle", "f"), ("Nancy", "f"), ("Natalia", "f"),
    ("Nicola", "f"), ("Nikki", "f"), ("Olga", "f"), ("Olena", "f"), ("Patricia", "f"),
    ("Priti", "f"), ("Rachel", "f"), ("Rebecca", "f"), ("Samantha", "f"), ("Sandra", "f"),
    ("Sarah", "f"), ("Sharon", "f"), ("Sophie", "f"), ("Susan", "f"), ("Svetlana", "f"),
    ("Theresa", "f"), ("Tulsi", "f"), ("Ursula", "f"), ("Victoria", "f"), ("Wendy", "f"),
    ("Yulia", "f"), ("Maria", "f"), ("Ivanka", "f"), ("Kellyanne", "f"), ("Huma", "f"),
    ("Nina", "f"), ("Vera", "f"), ("Tatiana", "f"), ("Lucy", "f"), ("Grace", "f"),
];

/// Capitalised words that never name an entity on their own: days, months, and words
/// that are capitalised by convention rather than because they are names.
const NOT_NAMES: &[&str] = &[
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
    "Sep", "Sept", "Oct", "Nov", "Dec", "I", "I'm", "I’m", "I've", "I’ve", "I'd", "I’d",
    "I'll", "I’ll", "OK", "TV", "AM", "PM", "CEST", "GMT", "UTC", "EST", "ET", "Photo",
    "Read", "More", "Share", "Click", "Here", "Subscribe", "Advertisement", "Related",
    "Posts", "Mr", "Mrs", "Ms", "Dr", "Sir", "God",
];

/// Sentence-starting words that are capitalised only because they start a sentence,
/// beyond the stop words of `text`.
const STARTERS: &[&str] = &[
    "according", "across", "after", "although", "amid", "among", "another", "around",
    "asked", "because", "before", "besides", "but", "despite", "during", "earlier",
    "every", "following", "however", "if", "in", "instead", "last", "later", "like",
    "meanwhile", "moreover", "next", "now", "officials", "once", "since", "so", "some",
    "still", "that", "then", "these", "this", "those", "though", "thus", "today",
    "tomorrow", "unless", "unlike", "until", "when", "whether", "while", "with", "within",
    "without", "yesterday", "yet", "asked", "many", "several", "both", "either", "neither",
    "all", "each", "few", "most", "other", "our", "their", "his", "her", "its", "my", "your",
    "we", "they", "he", "she", "it", "you", "there", "here", "what", "who", "why", "how",
    "where", "not", "no", "yes", "also", "even", "just", "only", "perhaps", "maybe",
    "indeed", "nevertheless", "nonetheless", "overall", "ahead", "under", "over", "above",
    "below", "between", "through", "against", "toward", "towards", "as", "at", "by",
    "for", "from", "of", "on", "to", "up", "down", "out", "off", "into", "onto", "upon",
    "an", "a", "the", "and", "or", "nor", "new", "first", "second", "third", "one", "two",
    "three", "four", "five", "ten", "hundreds", "thousands", "millions", "dozens",
];

/// Verbs that, right after a name, say it is someone speaking or acting like a person
/// (used as person evidence when the name is not otherwise known).
const PERSON_VERBS: &[&str] = &[
    "said", "says", "told", "tells", "added", "adds", "wrote", "writes", "asked", "asks",
    "explained", "insisted", "argued", "recalled", "believes", "thinks", "thought",
    "replied", "tweeted", "laughed", "smiled", "admitted", "urged", "warned", "noted",
    "stressed", "emphasised", "emphasized", "repeated", "described", "spoke", "speaks",
    "met", "visited", "called", "announced", "acknowledged", "claimed", "remarked",
    "continued", "concluded", "suggested", "complained", "joked", "sighed", "shouted",
    "whispered", "declared", "agreed", "countered", "conceded", "confirmed", "denied",
];

static PLACES_SORTED: OnceLock<Vec<&str>> = OnceLock::new();
static PLACE_ALIASES_SORTED: OnceLock<Vec<(&str, &str)>> = OnceLock::new();
static DEMONYMS_SORTED: OnceLock<Vec<(&str, &str)>> = OnceLock::new();
static ORGS_SORTED: OnceLock<Vec<(&str, &str)>> = OnceLock::new();
static ORG_SUFFIXES_SORTED: OnceLock<Vec<&str>> = OnceLock::new();
static ORG_HEADS_SORTED: OnceLock<Vec<&str>> = OnceLock::new();
static OTHER_SUFFIXES_SORTED: OnceLock<Vec<&str>> = OnceLock::new();
static PLACE_SUFFIXES_SORTED: OnceLock<Vec<&str>> = OnceLock::new();
static TITLE_HEADS_SORTED: OnceLock<Vec<&str>> = OnceLock::new();
static TITLE_MODIFIERS_SORTED: OnceLock<Vec<&str>> = OnceLock::new();
static PERSON_NOUNS_SORTED: OnceLock<Vec<&str>> = OnceLock::new();
static FIRST_NAMES_SORTED: OnceLock<Vec<(&str, &str)>> = OnceLock::new();
static NOT_NAMES_SORTED: OnceLock<Vec<&str>> = OnceLock::new();
static STARTERS_SORTED: OnceLock<Vec<&str>> = OnceLock::new();
static PERSON_VERBS_SORTED: OnceLock<Vec<&str>> = OnceLock::new();

fn contains(list: &'static [&'static str], cell: &'static OnceLock<Vec<&'static str>>, word: &str) -> bool {
    sorted(list, cell).binary_search(&word).is_ok()
}

/// The canonical name and kind of a name the gazetteers know, written exactly as in text.
pub fn known(name: &str) -> Option<(String, EntityKind)> {
    if let Some(canon) = lookup_pair(sorted_pairs(ORGANIZATIONS, &ORGS_SORTED), name) {
        return Some((canon.to_string(), EntityKind::Organization));
    }
    if let Some(canon) = lookup_pair(sorted_pairs(PLACE_ALIASES, &PLACE_ALIASES_SORTED), name) {
        return Some((canon.to_string(), EntityKind::Place));
    }
    if contains(PLACES, &PLACES_SORTED, name) {
        return Some((name.to_string(), EntityKind::Place));
    }
    // Acronyms written in title case ("Nato") or with dots ("N.A.T.O.").
    let letters: String = name.chars().filter(|c| *c != '.').collect();
    let upper = letters.to_uppercase();
    if upper != name && (2..=6).contains(&letters.chars().count()) && letters.chars().all(char::is_alphabetic) {
        if let Some(canon) = lookup_pair(sorted_pairs(ORGANIZATIONS, &ORGS_SORTED), &upper) {
            if upper.chars().count() >= 4 || name.contains('.') {
                return Some((canon.to_string(), EntityKind::Organization));
            }
        }
        if name.contains('.') {
            if let Some(canon) = lookup_pair(sorted_pairs(PLACE_ALIASES, &PLACE_ALIASES_SORTED), &upper) {
                return Some((canon.to_string(), EntityKind::Place));
            }
        }
    }
    None
}

/// The country or region a demonym ("Russian", "Russians") refers to.
pub fn demonym(word: &str) -> Option<&'static str> {
    let list = sorted_pairs(DEMONYMS, &DEMONYMS_SORTED);
    lookup_pair(list, word).or_else(|| word.strip_suffix('s').and_then(|w| lookup_pair(list, w)))
}

/// True for a word that ends an organisation's name.
pub fn is_org_suffix(word: &str) -> bool {
    contains(ORG_SUFFIXES, &ORG_SUFFIXES_SORTED, word)
}

/// True for a word that starts an organisation's name.
pub fn is_org_head(word: &str) -> bool {
    contains(ORG_HEADS, &ORG_HEADS_SORTED, word)
}

/// True for a word that ends the name of an event, law, treaty or prize.
pub fn is_other_suffix(word: &str) -> bool {
    contains(OTHER_SUFFIXES, &OTHER_SUFFIXES_SORTED, word)
}

/// True for a word that ends a place's name.
pub fn is_place_suffix(word: &str) -> bool {
    contains(PLACE_SUFFIXES, &PLACE_SUFFIXES_SORTED, word)
}

/// True for a capitalised word naming an office.
pub fn is_title_head(word: &str) -> bool {
    contains(TITLE_HEADS, &TITLE_HEADS_SORTED, word)
}

/// True for a capitalised word qualifying an office.
pub fn is_title_modifier(word: &str) -> bool {
    contains(TITLE_MODIFIERS, &TITLE_MODIFIERS_SORTED, word)
}

/// True for a lower-case noun that describes a person ("minister", "spokesman").
pub fn is_person_noun(word: &str) -> bool {
    contains(PERSON_NOUNS, &PERSON_NOUNS_SORTED, word)
}

/// The gender a first name usually goes with, when the list knows the name.
pub fn first_name_gender(word: &str) -> Option<Gender> {
    match lookup_pair(sorted_pairs(FIRST_NAMES, &FIRST_NAMES_SORTED), word)? {
        "f" => Some(Gender::Female),
        _ => Some(Gender::Male),
    }
}

/// True for a capitalised word that is never a name on its own.
pub fn is_not_name(word: &str) -> bool {
    contains(NOT_NAMES, &NOT_NAMES_SORTED, word)
}

/// True for a lower-cased word that starts sentences without being a name.
pub fn is_starter(lower: &str) -> bool {
    contains(STARTERS, &STARTERS_SORTED, lower) || text::is_stopword(lower)
}

/// True for a verb that, right after an unknown name, suggests a person.
pub fn is_person_verb(word: &str) -> bool {
    contains(PERSON_VERBS, &PERSON_VERBS_SORTED, word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_find_written_entries() {
        assert_eq!(known("U.S."), Some(("United States".into(), EntityKind::Place)));
        assert_eq!(known("Nato"), Some(("NATO".into(), EntityKind::Organization)));
        assert_eq!(known("Geneva"), Some(("Geneva".into(), EntityKind::Place)));
        assert_eq!(known("Ryabkov"), None);
        assert_eq!(demonym("Russians"), Some("Russia"));
        assert_eq!(first_name_gender("Wendy"), Some(Gender::Female));
        assert!(is_title_head("Secretary-General"));
        assert!(is_starter("however"));
    }
}
