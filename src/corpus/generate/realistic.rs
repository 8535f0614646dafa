//! Word forms as real news has them: Kazakh stems with suffix chains (derivation, plural,
//! possessive, case) that follow vowel harmony and consonant assimilation, and Russian
//! stems with their case endings. Stems and chains are both drawn under a Zipf law, and
//! the stem list has an open tail of made-up stems (names, rare words), so the number of
//! distinct forms keeps growing with the corpus as Heaps' law says.

use super::Rng;

/// The stem ranks are open-ended (known stems first, then made-up ones), drawn with
/// P(rank > r) = (1 + r/STEM_SCALE)^-1/2: Zipf with s = 1.5 in the tail, which makes
/// distinct stems grow as N^(2/3) (Heaps' law with beta near 0.67).
const STEM_SCALE: f64 = 25.0;
/// Far beyond any corpus size: a bound only so the rank fits.
const MAX_STEM_RANK: usize = 1 << 40;

/// The known Kazakh stems, most frequent first (the rest of the ranks are made up).
#[rustfmt::skip]
const KAZAKH_STEMS: &[&str] = &[
    "жыл", "ел", "адам", "жұмыс", "мемлекет", "қала", "облыс", "аудан", "өңір", "халық",
    "бала", "мектеп", "ауыл", "жол", "су", "жер", "күн", "ай", "уақыт", "мәселе", "шара",
    "жоба", "қызмет", "азамат", "тұрғын", "бюджет", "әкім", "министр", "сот", "заң",
    "құқық", "тергеу", "іс", "қылмыс", "жемқорлық", "пара", "қаржы", "ақша", "бағдарлама",
    "комиссия", "отырыс", "нәтиже", "деңгей", "сауалнама", "сарапшы", "басшы", "депутат",
    "кеңес", "мәжіліс", "сенат", "партия", "сайлау", "дауыс", "үкімет", "президент",
    "ұйым", "компания", "кәсіпорын", "зауыт", "өнім", "баға", "нарық", "сауда", "банк",
    "несие", "салық", "табыс", "шығын", "төлем", "жалақы", "зейнетақы", "жәрдемақы",
    "денсаулық", "аурухана", "дәрігер", "ем", "дәрі", "вакцина", "індет", "білім",
    "мұғалім", "оқушы", "студент", "университет", "ғылым", "зерттеу", "тіл", "мәдениет",
    "театр", "кітап", "жазушы", "ақын", "ән", "спорт", "жарыс", "чемпионат", "жеңіс",
    "ойыншы", "команда", "құрама", "жаттықтырушы", "мұнай", "газ", "кен", "энергия",
    "электр", "құрылыс", "үй", "пәтер", "көше", "көпір", "көлік", "автобус", "пойыз",
    "әуежай", "ұшақ", "шекара", "әскер", "қауіпсіздік", "полиция", "өрт", "апат", "тасқын",
    "ауа", "климат", "егін", "мал", "шаруа", "фермер", "бидай", "ет", "сүт", "өзен", "көл",
    "тау", "дала", "орман", "ағаш", "хабар", "жаңалық", "ақпарат", "газет", "журналист",
    "сұхбат", "пікір", "сұрақ", "жауап", "шешім", "бұйрық", "ереже", "талап", "өтініш",
    "шағым", "тексеру", "бақылау", "есеп", "көрсеткіш", "өсім", "құлдырау", "даму",
    "реформа", "жоспар", "мақсат", "міндет", "бастама", "келісім", "шарт", "байланыс",
    "қарым", "ынтымақ", "сапар", "кездесу", "жиын", "мереке", "той", "ата", "ана", "әке",
    "қыз", "ұл", "жігіт", "әйел", "ер", "отбасы", "жастар", "зейнеткер", "мүгедек",
    "жетім", "көмек", "қолдау", "демеуші", "қор", "ақы",
];

/// Russian stems by declension: (stem, endings) with endings most frequent first.
const RUSSIAN_STEMS: &[(&str, Class)] = &[
    ("закон", Class::Hard),
    ("суд", Class::Hard),
    ("город", Class::Hard),
    ("район", Class::Hard),
    ("бюджет", Class::Hard),
    ("проект", Class::Hard),
    ("министр", Class::Hard),
    ("депутат", Class::Hard),
    ("аким", Class::Hard),
    ("банк", Class::Hard),
    ("рынок", Class::Hard),
    ("доход", Class::Hard),
    ("налог", Class::Hard),
    ("кредит", Class::Hard),
    ("завод", Class::Hard),
    ("контракт", Class::Hard),
    ("человек", Class::Hard),
    ("житель", Class::Soft),
    ("руководител", Class::Soft),
    ("учител", Class::Soft),
    ("област", Class::SoftFem),
    ("власт", Class::SoftFem),
    ("деятельност", Class::SoftFem),
    ("ответственност", Class::SoftFem),
    ("безопасност", Class::SoftFem),
    ("страна", Class::Fem),
    ("программа", Class::Fem),
    ("проверка", Class::Fem),
    ("школа", Class::Fem),
    ("больница", Class::Fem),
    ("дорога", Class::Fem),
    ("работа", Class::Fem),
    ("цена", Class::Fem),
    ("зарплата", Class::Fem),
    ("пенсия", Class::Fem),
    ("коррупция", Class::Fem),
    ("комиссия", Class::Fem),
    ("полиция", Class::Fem),
    ("реформа", Class::Fem),
    ("государствен", Class::Adj),
    ("национальн", Class::Adj),
    ("областн", Class::Adj),
    ("городск", Class::AdjK),
    ("финансов", Class::Adj),
    ("уголовн", Class::Adj),
    ("нов", Class::Adj),
    ("крупн", Class::Adj),
    ("социальн", Class::Adj),
    ("экономическ", Class::AdjK),
    ("международн", Class::Adj),
    ("дел", Class::Neut),
    ("решени", Class::NeutIe),
    ("заявлени", Class::NeutIe),
    ("расследовани", Class::NeutIe),
    ("строительств", Class::Neut),
    ("правительств", Class::Neut),
    ("министерств", Class::Neut),
    ("образовани", Class::NeutIe),
    ("здравоохранени", Class::NeutIe),
    ("предприяти", Class::NeutIe),
];

#[derive(Debug, Clone, Copy)]
enum Class {
    Hard,
    Soft,
    SoftFem,
    Fem,
    Adj,
    AdjK,
    Neut,
    NeutIe,
}

impl Class {
    /// The case endings (singular and plural), the common ones first. A `Fem` stem ends
    /// in its nominative `а`/`я`, which the endings replace.
    fn endings(self) -> &'static [&'static str] {
        match self {
            Class::Hard => &["", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах"],
            Class::Soft => &["ь", "я", "ю", "ем", "е", "и", "ей", "ям", "ями", "ях"],
            Class::SoftFem => &["ь", "и", "ью", "ей", "ям", "ями", "ях"],
            Class::Fem => &["а", "ы", "е", "у", "ой", "ам", "ами", "ах", "", "ою"],
            Class::Adj => &[
                "ый", "ого", "ому", "ым", "ом", "ая", "ой", "ую", "ые", "ых", "ыми", "ое",
            ],
            Class::AdjK => &[
                "ий", "ого", "ому", "им", "ом", "ая", "ой", "ую", "ие", "их", "ими", "ое",
            ],
            Class::Neut => &["о", "а", "у", "ом", "е", "", "ам", "ами", "ах"],
            Class::NeutIe => &["е", "я", "ю", "ем", "и", "й", "ям", "ями", "ях"],
        }
    }
}

/// A rank in `1..=n` drawn with probability about `1/rank` (Zipf, s = 1).
pub(super) fn zipf(rng: &mut Rng, n: usize) -> usize {
    let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
    let rank = ((n as f64 + 1.0).ln() * u).exp() as usize;
    rank.clamp(1, n)
}

/// A stem rank (1-based) on the open-ended scale described at `STEM_SCALE`.
fn stem_rank(rng: &mut Rng) -> usize {
    let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
    let rank = STEM_SCALE * ((1.0 - u).powi(-2) - 1.0);
    (rank as usize).saturating_add(1).min(MAX_STEM_RANK)
}

/// A Kazakh word form: a stem with a suffix chain.
pub(super) fn kazakh_word(rng: &mut Rng) -> String {
    let rank = stem_rank(rng);
    let mut word = match KAZAKH_STEMS.get(rank - 1) {
        Some(stem) => stem.to_string(),
        None => made_up_kazakh(rank),
    };
    // most running words are bare or carry one suffix; long chains are rarer
    let chain = zipf(rng, 64) - 1;
    if chain & 1 != 0 {
        append(&mut word, &DERIVATION[(chain >> 4) % DERIVATION.len()]);
    }
    if chain & 2 != 0 {
        append(&mut word, &PLURAL);
    }
    let possessive = (chain >> 2) % 5;
    let possessed = possessive > 0 && rng.chance(35);
    if possessed {
        append(&mut word, &POSSESSIVE[possessive - 1]);
    }
    let case = zipf(rng, 8) - 1;
    if case > 0 {
        let third = possessed && possessive == 3;
        let suffix = if third {
            &CASE_AFTER_THIRD[case - 1]
        } else {
            &CASE[case - 1]
        };
        append(&mut word, suffix);
    }
    word
}

/// A Russian word form: a stem with a case ending, or a made-up surname-like form.
pub(super) fn russian_word(rng: &mut Rng) -> String {
    let rank = stem_rank(rng);
    let ending = zipf(rng, 12) - 1;
    match RUSSIAN_STEMS.get(rank - 1) {
        Some(&(stem, class)) => {
            let endings = class.endings();
            let stem = match class {
                Class::Fem => &stem[..stem.len() - 'а'.len_utf8()],
                _ => stem,
            };
            format!("{stem}{}", endings[ending % endings.len()])
        }
        None => {
            let endings = Class::Hard.endings();
            format!(
                "{}{}",
                made_up_russian(rank),
                endings[ending % endings.len()]
            )
        }
    }
}

/// One suffix in its variants: `[back, front]` × consonant class of what it follows.
struct Suffix {
    /// After a vowel.
    vowel: [&'static str; 2],
    /// After a voiced consonant (р й у л з ж м н ң).
    voiced: [&'static str; 2],
    /// After a voiceless consonant.
    voiceless: [&'static str; 2],
    /// After м н ң, when it differs from other voiced consonants.
    nasal: Option<[&'static str; 2]>,
}

const fn suffix(
    vowel: [&'static str; 2],
    voiced: [&'static str; 2],
    voiceless: [&'static str; 2],
) -> Suffix {
    Suffix {
        vowel,
        voiced,
        voiceless,
        nasal: None,
    }
}

const fn nasal(s: Suffix, after_nasal: [&'static str; 2]) -> Suffix {
    Suffix {
        nasal: Some(after_nasal),
        ..s
    }
}

const DERIVATION: [Suffix; 4] = [
    suffix(["лық", "лік"], ["дық", "дік"], ["тық", "тік"]),
    suffix(["шы", "ші"], ["шы", "ші"], ["шы", "ші"]),
    suffix(["сыз", "сіз"], ["сыз", "сіз"], ["сыз", "сіз"]),
    suffix(["лы", "лі"], ["ды", "ді"], ["ты", "ті"]),
];

const PLURAL: Suffix = nasal(
    suffix(["лар", "лер"], ["лар", "лер"], ["тар", "тер"]),
    ["дар", "дер"],
);

/// 1sg, 2sg, 3rd person, 1pl.
const POSSESSIVE: [Suffix; 4] = [
    suffix(["м", "м"], ["ым", "ім"], ["ым", "ім"]),
    suffix(["ң", "ң"], ["ың", "ің"], ["ың", "ің"]),
    suffix(["сы", "сі"], ["ы", "і"], ["ы", "і"]),
    suffix(["мыз", "міз"], ["ымыз", "іміз"], ["ымыз", "іміз"]),
];

/// Genitive, dative, accusative, locative, ablative, instrumental, equative.
const CASE: [Suffix; 7] = [
    nasal(
        suffix(["ның", "нің"], ["дың", "дің"], ["тың", "тің"]),
        ["ның", "нің"],
    ),
    suffix(["ға", "ге"], ["ға", "ге"], ["қа", "ке"]),
    suffix(["ны", "ні"], ["ды", "ді"], ["ты", "ті"]),
    suffix(["да", "де"], ["да", "де"], ["та", "те"]),
    nasal(
        suffix(["дан", "ден"], ["дан", "ден"], ["тан", "тен"]),
        ["нан", "нен"],
    ),
    nasal(
        suffix(["мен", "мен"], ["мен", "мен"], ["пен", "пен"]),
        ["бен", "бен"],
    ),
    suffix(["ша", "ше"], ["ша", "ше"], ["ша", "ше"]),
];

/// The same cases after a 3rd-person possessive, which brings its own `н`.
const CASE_AFTER_THIRD: [Suffix; 7] = [
    suffix(["ның", "нің"], ["ның", "нің"], ["ның", "нің"]),
    suffix(["на", "не"], ["на", "не"], ["на", "не"]),
    suffix(["н", "н"], ["н", "н"], ["н", "н"]),
    suffix(["нда", "нде"], ["нда", "нде"], ["нда", "нде"]),
    suffix(["нан", "нен"], ["нан", "нен"], ["нан", "нен"]),
    suffix(["мен", "мен"], ["мен", "мен"], ["мен", "мен"]),
    suffix(["ша", "ше"], ["ша", "ше"], ["ша", "ше"]),
];

const BACK: &str = "аоұыя";
const FRONT: &str = "әөүіеэи";
const VOWELS: &str = "аоұыяәөүіеэиуюё";

/// Appends `suffix` in the variant the word's last vowel and last sound ask for.
fn append(word: &mut String, suffix: &Suffix) {
    let front = word
        .chars()
        .rev()
        .find(|c| BACK.contains(*c) || FRONT.contains(*c))
        .is_some_and(|c| FRONT.contains(c));
    let harmony = usize::from(front);
    let last = word.chars().next_back().unwrap_or('а');
    let variant = if VOWELS.contains(last) {
        suffix.vowel
    } else if "мнң".contains(last) {
        suffix.nasal.unwrap_or(suffix.voiced)
    } else if "рйлзж".contains(last) {
        suffix.voiced
    } else {
        suffix.voiceless
    };
    word.push_str(variant[harmony]);
}

const KAZAKH_ONSETS: [&str; 16] = [
    "б", "д", "ж", "қ", "т", "с", "м", "н", "ш", "к", "ғ", "ер", "ал", "ес", "ор", "ұл",
];
const KAZAKH_BACK_SYLLABLES: [&str; 12] = [
    "ма", "тау", "сын", "қар", "жан", "бол", "дық", "рақ", "ным", "ғат", "құл", "тыр",
];
const KAZAKH_FRONT_SYLLABLES: [&str; 12] = [
    "ме", "теу", "сін", "кер", "жен", "бөл", "дік", "рек", "нім", "гет", "күл", "тір",
];

/// A made-up Kazakh stem for rank `rank`: syllables of one harmony, the same for a rank.
fn made_up_kazakh(rank: usize) -> String {
    let syllables = if rank.is_multiple_of(3) {
        &KAZAKH_FRONT_SYLLABLES
    } else {
        &KAZAKH_BACK_SYLLABLES
    };
    let mut n = rank;
    let mut word = KAZAKH_ONSETS[n % KAZAKH_ONSETS.len()].to_string();
    n /= KAZAKH_ONSETS.len();
    loop {
        word.push_str(syllables[n % syllables.len()]);
        n /= syllables.len();
        if n == 0 {
            return word;
        }
    }
}

const RUSSIAN_SYLLABLES: [&str; 16] = [
    "ко", "ра", "ми", "ло", "ст", "ен", "ов", "ар", "ни", "ту", "пе", "гр", "да", "ви", "зл", "он",
];

/// A made-up Russian stem (names, rare words) for rank `rank`, ending in a consonant.
fn made_up_russian(rank: usize) -> String {
    let mut n = rank;
    let mut word = String::new();
    loop {
        word.push_str(RUSSIAN_SYLLABLES[n % RUSSIAN_SYLLABLES.len()]);
        n /= RUSSIAN_SYLLABLES.len();
        if n == 0 {
            break;
        }
    }
    word.push_str(["ов", "ин", "ск", "ец"][rank % 4]);
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(stem: &str, suffixes: &[&Suffix]) -> String {
        let mut word = stem.to_string();
        for s in suffixes {
            append(&mut word, s);
        }
        word
    }

    #[test]
    fn kazakh_suffixes_follow_vowel_harmony_and_assimilation() {
        assert_eq!(with("бала", &[&PLURAL]), "балалар");
        assert_eq!(with("мектеп", &[&PLURAL]), "мектептер");
        assert_eq!(with("адам", &[&PLURAL]), "адамдар");
        assert_eq!(with("қала", &[&CASE[0]]), "қаланың");
        assert_eq!(with("мектеп", &[&CASE[1]]), "мектепке");
        assert_eq!(with("үй", &[&CASE[3]]), "үйде");
        assert_eq!(with("жемқорлық", &[&CASE[5]]), "жемқорлықпен");
        assert_eq!(with("адам", &[&CASE[4]]), "адамнан");
        assert_eq!(
            with("бала", &[&PLURAL, &POSSESSIVE[2], &CASE_AFTER_THIRD[1]]),
            "балаларына"
        );
        assert_eq!(with("жұмыс", &[&DERIVATION[1], &PLURAL]), "жұмысшылар");
    }

    #[test]
    fn zipf_ranks_stay_in_range_and_favour_the_head() {
        let mut rng = Rng::new(3, 0);
        let draws: Vec<usize> = (0..10_000).map(|_| zipf(&mut rng, 1000)).collect();
        assert!(draws.iter().all(|r| (1..=1000).contains(r)));
        let head = draws.iter().filter(|&&r| r <= 10).count();
        let tail = draws.iter().filter(|&&r| r > 990).count();
        assert!(head > 10 * tail.max(1), "head {head}, tail {tail}");
    }

    #[test]
    fn made_up_stems_are_distinct_per_rank() {
        let kazakh: std::collections::HashSet<String> = (300..5300).map(made_up_kazakh).collect();
        assert_eq!(kazakh.len(), 5000);
        let russian: std::collections::HashSet<String> = (300..5300).map(made_up_russian).collect();
        assert_eq!(russian.len(), 5000);
    }

    #[test]
    fn russian_forms_use_their_declension() {
        let mut rng = Rng::new(1, 0);
        for _ in 0..200 {
            let word = russian_word(&mut rng);
            assert!(
                word.chars().all(|c| ('а'..='я').contains(&c) || c == 'ё'),
                "{word}"
            );
        }
    }
}
