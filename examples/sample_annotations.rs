//! Writes the workspace template shipped in `sample-data/`: `tanba.ron` and the sample
//! annotator's files, built through the library so every offset and hash is right.
//! Run `cargo run --example sample_annotations` after changing a sample article.

use anyhow::{Context, Result, bail};
use std::path::Path;
use tanba::annotation::{DocAnnotations, DocStatus, Op, Origin, Span, SpanState};
use tanba::corpus::{Article, Corpus, load};
use tanba::store::{
    ANNOTATIONS_DIR, SETTINGS_FILE, Settings, atomic_write, doc_to_ron, escape_id, fresh_doc,
    settings_to_ron,
};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const WHO: &str = "sample";
const START: OffsetDateTime = datetime!(2025-03-03 09:00 UTC);

/// A sample document being written, with a clock that ticks a minute per edit.
struct Doc<'a> {
    article: &'a Article,
    doc: DocAnnotations,
    clock: OffsetDateTime,
}

impl<'a> Doc<'a> {
    fn new(corpus: &'a Corpus, id: &str, day: i64) -> Result<Doc<'a>> {
        let article = corpus
            .get(id)
            .with_context(|| format!("no sample article {id}"))?;
        let clock = START + Duration::days(day);
        let mut doc = fresh_doc(article, WHO);
        for span in &mut doc.spans {
            (span.created, span.updated) = (clock, clock);
        }
        Ok(Doc {
            article,
            doc,
            clock,
        })
    }

    fn tick(&mut self) -> OffsetDateTime {
        self.clock += Duration::minutes(1);
        self.clock
    }

    /// Code-point `[start, end)` of the `nth` occurrence of `needle`.
    fn find(&self, needle: &str, nth: usize) -> Result<(usize, usize)> {
        let text = &self.article.text;
        let Some((byte, _)) = text.match_indices(needle).nth(nth) else {
            bail!("{needle:?} (#{nth}) not in {}", self.article.id);
        };
        let start = text[..byte].chars().count();
        Ok((start, start + needle.chars().count()))
    }

    fn apply(&mut self, op: Op, when: OffsetDateTime) -> Result<()> {
        if !self.doc.apply(&op, WHO) {
            bail!("{} does not apply to {}", op.describe(), self.article.id);
        }
        if let Some(entry) = self.doc.log.last_mut() {
            entry.when = when;
        }
        Ok(())
    }

    fn add(&mut self, needle: &str, nth: usize, label: &str, note: Option<&str>) -> Result<()> {
        let (start, end) = self.find(needle, nth)?;
        let mut span = Span::cut(&self.article.text, start, end, label, Origin::Manual, WHO)
            .context("span outside the text")?;
        let when = self.tick();
        (span.created, span.updated) = (when, when);
        span.note = note.map(str::to_string);
        self.apply(Op::Add(span), when)
    }

    /// Reviews a pre-annotation: accepts it, or rejects it with a reason.
    fn review(&mut self, needle: &str, verdict: SpanState, note: Option<&str>) -> Result<()> {
        let (start, end) = self.find(needle, 0)?;
        let old = self
            .doc
            .spans
            .iter()
            .find(|s| s.start == start && s.end == end && s.origin == Origin::Imported)
            .cloned()
            .with_context(|| format!("no pre-annotation on {needle:?}"))?;
        let mut new = old.clone();
        new.state = verdict;
        new.who = WHO.into();
        let when = self.tick();
        new.updated = when;
        new.note = note.map(str::to_string);
        self.apply(Op::Replace { old, new }, when)
    }

    fn status(&mut self, new: DocStatus) -> Result<()> {
        let old = self.doc.status;
        let when = self.tick();
        self.apply(Op::Status { old, new }, when)
    }
}

fn main() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let corpus = load(std::slice::from_ref(&root));
    if let Some(problem) = corpus.problems.first() {
        bail!("sample-data has problems, first: {problem}");
    }
    let settings = Settings::new("sample-data", Vec::new());
    let text = settings_to_ron(&settings);
    atomic_write(&root.join(SETTINGS_FILE), text.as_bytes())?;

    let docs = [
        seed(&corpus)?,
        pavlodar(&corpus)?,
        karaganda(&corpus)?,
        astana(&corpus)?,
        budget(&corpus)?,
    ];
    let dir = root.join(ANNOTATIONS_DIR).join(WHO);
    std::fs::create_dir_all(&dir)?;
    for doc in docs {
        let path = dir.join(format!("{}.ron", escape_id(&doc.article)));
        atomic_write(&path, doc_to_ron(&doc).as_bytes())?;
        println!(
            "{}: {} spans, {}",
            path.display(),
            doc.spans.len(),
            doc.status
        );
    }
    Ok(())
}

fn seed(corpus: &Corpus) -> Result<DocAnnotations> {
    let mut d = Doc::new(corpus, "atyrau-anticorruption-commission.kk", 0)?;
    d.status(DocStatus::InProgress)?;
    d.add("Атырау облысы", 0, "LOCATION", None)?;
    d.add(
        "Махамбет Досмұхамбетовтің",
        0,
        "PERSON",
        Some("genitive ending kept inside the span, as the guidelines ask"),
    )?;
    d.add("Дәстүр порталы", 0, "AGENCY", None)?;
    d.add(
        "Атырау облыстық коммуникациялар қызметіне",
        0,
        "AGENCY",
        None,
    )?;
    d.add("Трансперенси Интернешнл ұйымының", 0, "AGENCY", None)?;
    d.add("2020 жылғы", 0, "DATE", None)?;
    d.add("9 000 респондентпен", 0, "STATISTIC", None)?;
    d.add("1 347 өтінішті", 0, "STATISTIC", None)?;
    d.add("2019 жылмен", 0, "DATE", None)?;
    d.add(
        "2,1% — ға",
        0,
        "STATISTIC",
        Some("the case ending after the dash belongs to 2,1%"),
    )?;
    d.add(
        "ҚР Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігінің",
        0,
        "AGENCY",
        None,
    )?;
    d.add("Қанат Сүлейменов", 0, "PERSON", None)?;
    d.add("Айдос Мамыттың", 0, "PERSON", None)?;
    d.add("9 пайызға", 0, "STATISTIC", None)?;
    d.add("Альфия Әдиева", 0, "PERSON", None)?;
    d.add("72 ақпараттық-насихаттық жұмыс", 0, "STATISTIC", None)?;
    d.add("Махамбет Досмұхамбетов", 1, "PERSON", None)?;
    // page furniture a model might tag; kept as rejected so reviewers see the decision
    d.add("Бөлісу", 0, "AGENCY", None)?;
    let last = d
        .doc
        .spans
        .iter()
        .find(|s| s.text == "Бөлісу")
        .cloned()
        .context("span")?;
    let mut rejected = last.clone();
    rejected.state = SpanState::Rejected;
    rejected.note = Some("the web page's Share button, not an agency".into());
    let when = d.tick();
    rejected.updated = when;
    d.apply(
        Op::Replace {
            old: last,
            new: rejected,
        },
        when,
    )?;
    d.status(DocStatus::Done)?;
    Ok(d.doc)
}

fn pavlodar(corpus: &Corpus) -> Result<DocAnnotations> {
    let mut d = Doc::new(corpus, "pavlodar-harvest.kk", 1)?;
    d.status(DocStatus::InProgress)?;
    d.add(
        "Павлодар облысы ауыл шаруашылығы басқармасының",
        0,
        "AGENCY",
        None,
    )?;
    d.add("Ерлан Қожахметов", 0, "PERSON", None)?;
    d.add("2024 жылғы 15 қазанда", 0, "DATE", None)?;
    d.add("1\u{a0}250\u{a0}000 тонна", 1, "STATISTIC", None)?;
    d.add("12,4% — ға", 0, "STATISTIC", None)?;
    d.add(
        "340 шаруа қожалығы",
        0,
        "STATISTIC",
        Some("count of farms: STATISTIC, not AGENCY"),
    )?;
    Ok(d.doc)
}

fn karaganda(corpus: &Corpus) -> Result<DocAnnotations> {
    let mut d = Doc::new(corpus, "karaganda-mining-safety.ru", 1)?;
    d.status(DocStatus::InProgress)?;
    d.add(
        "Департамент по чрезвычайным ситуациям Карагандинской области",
        0,
        "AGENCY",
        None,
    )?;
    d.add("20 марта 2024 года", 0, "DATE", None)?;
    d.add("Олега Васильченко", 0, "PERSON", None)?;
    d.add("1\u{a0}146 нарушений", 0, "STATISTIC", None)?;
    d.add("3,7%", 0, "STATISTIC", None)?;
    d.add("4\u{a0}200 горняков", 0, "STATISTIC", None)?;
    d.add("Олег Васильченко", 0, "PERSON", None)?;
    d.add(
        "Комитет промышленной безопасности МЧС РК",
        0,
        "AGENCY",
        None,
    )?;
    d.add("Мейрам Есенов", 0, "PERSON", None)?;
    d.add("5,4 млрд тенге", 0, "STATISTIC", None)?;
    d.status(DocStatus::Done)?;
    Ok(d.doc)
}

fn astana(corpus: &Corpus) -> Result<DocAnnotations> {
    let mut d = Doc::new(corpus, "astana-light-rail.en", 2)?;
    d.status(DocStatus::InProgress)?;
    d.add("Astana City Transport Department", 0, "AGENCY", None)?;
    d.add("2 August 2024", 0, "DATE", None)?;
    d.add("120,000 passengers", 1, "STATISTIC", None)?;
    d.add("Dana Mukanova", 0, "PERSON", None)?;
    d.add("8.5%", 0, "STATISTIC", None)?;
    d.add(
        "«Astana LRT» LLP",
        0,
        "AGENCY",
        Some("quotes and legal form included"),
    )?;
    d.add("Timur Akhmetov", 0, "PERSON", None)?;
    d.add("Eurasian Mobility Institute", 0, "AGENCY", None)?;
    d.status(DocStatus::Done)?;
    Ok(d.doc)
}

/// A pre-annotated article under review: right suggestions accepted, a wrong one rejected
/// and replaced, the rest still pending.
fn budget(corpus: &Corpus) -> Result<DocAnnotations> {
    let mut d = Doc::new(corpus, "jsonl-kk-budget", 3)?;
    d.status(DocStatus::InProgress)?;
    d.review("Мадина Абылқасымова", SpanState::Accepted, None)?;
    d.review("103,2%", SpanState::Accepted, None)?;
    d.review(
        "Мемлекеттік кірістер комитеті",
        SpanState::Rejected,
        Some("an agency, not a person"),
    )?;
    d.add("Мемлекеттік кірістер комитеті", 0, "AGENCY", None)?;
    d.add("Қаржы министрлігі", 0, "AGENCY", None)?;
    Ok(d.doc)
}
