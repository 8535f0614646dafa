//! Which articles and spans go into an export, and how flat formats flatten nesting.

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use super::{Item, Skip, Tally};
use crate::annotation::{DocAnnotations, DocStatus, Span, SpanState};
use crate::corpus::{Article, Corpus};
use crate::store::{DocKey, PendingDocs, pending_doc};
use crate::text::Cursor;

/// The user's filters. `None` admits everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub include_pending: bool,
    pub labels: Option<BTreeSet<String>>,
    pub statuses: Option<Vec<DocStatus>>,
    pub annotator: Option<String>,
}

impl Selection {
    pub fn admits_status(&self, status: DocStatus) -> bool {
        self.statuses.as_ref().is_none_or(|s| s.contains(&status))
    }

    pub fn admits_annotator(&self, name: &str) -> bool {
        self.annotator.as_deref().is_none_or(|a| a == name)
    }

    pub fn admits_label(&self, label: &str) -> bool {
        self.labels.as_ref().is_none_or(|l| l.contains(label))
    }

    /// The spans of `doc` to export, in (start, end, label) order; every other span is
    /// counted in `tally` with its reason. Rejected spans never export; pending ones only
    /// when asked; a span whose stored text no longer matches `text` never does.
    pub fn choose<'d>(
        &self,
        doc: &'d DocAnnotations,
        text: &str,
        tally: &mut Tally,
    ) -> Vec<&'d Span> {
        self.choose_checked(doc, Some(text), tally)
    }

    /// `choose`; `text: None` skips the drift check, for documents just cut from the text.
    fn choose_checked<'d>(
        &self,
        doc: &'d DocAnnotations,
        text: Option<&str>,
        tally: &mut Tally,
    ) -> Vec<&'d Span> {
        if doc.spans.is_empty() {
            return Vec::new(); // most articles of a big export: spare the text scan
        }
        let mut cursor = text.map(Cursor::new);
        let mut drifted = |span: &Span| match &mut cursor {
            Some(cursor) => {
                span.start >= span.end
                    || cursor.slice(span.start, span.end) != Some(span.text.as_str())
            }
            None => false,
        };
        let mut chosen = Vec::with_capacity(doc.spans.len());
        for span in &doc.spans {
            let why = match span.state {
                SpanState::Rejected => Some(Skip::Rejected),
                SpanState::Pending if !self.include_pending => Some(Skip::Pending),
                _ if !self.admits_label(&span.label) => Some(Skip::OtherLabel),
                _ if span.flagged => Some(Skip::Flagged),
                _ if drifted(span) => Some(Skip::Drifted),
                _ => None,
            };
            match why {
                Some(why) => tally.skip(why),
                None => chosen.push(span),
            }
        }
        chosen.sort_by(|a, b| a.key().cmp(&b.key()));
        chosen
    }
}

/// One (article, annotator) pair to export.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub article: &'a Article,
    /// `None` when nobody selected annotated the article: its pre-annotations are
    /// exported, from a pending document made only when the entry is written.
    pub doc: Option<&'a DocAnnotations>,
}

impl Entry<'_> {
    pub fn annotated(&self) -> bool {
        self.doc.is_some()
    }

    /// Calls `f` with the entry's item: the spans `selection` chooses, every other one
    /// counted in `tally`. A pending document is made in `pending`, which the next
    /// entry reuses, so a big export never holds 100,000s of them at once.
    pub fn with_item<R>(
        &self,
        selection: &Selection,
        pending: &mut PendingDocs,
        tally: &mut Tally,
        f: impl FnOnce(&Item<'_>, &mut Tally) -> R,
    ) -> R {
        match self.doc {
            Some(doc) => {
                let spans = selection.choose(doc, &self.article.text, tally);
                f(&self.item(doc, spans), tally)
            }
            None => {
                let doc = pending.fill(self.article, "");
                // its spans were just cut from the text: nothing can have drifted
                let spans = selection.choose_checked(doc, None, tally);
                f(&self.item(doc, spans), tally)
            }
        }
    }

    fn item<'i>(&self, doc: &'i DocAnnotations, spans: Vec<&'i Span>) -> Item<'i>
    where
        Self: 'i,
    {
        Item {
            article: self.article,
            annotator: self.doc.map(|d| d.annotator.as_str()),
            doc,
            spans,
        }
    }
}

/// The entries of an export, and the articles left out.
#[derive(Debug, Clone, Default)]
pub struct Plan<'a> {
    pub entries: Vec<Entry<'a>>,
    /// Articles no selected annotator has a file for (exported only with pending spans).
    pub unannotated: usize,
    /// Annotated documents whose status the selection does not admit.
    pub other_status: usize,
    /// Articles exported once per annotator, because several annotated them.
    pub multi_annotator_articles: usize,
    /// The pending documents of unannotated entries, in entry order, once `items` made them.
    pending: OnceLock<Vec<DocAnnotations>>,
}

/// Pairs every article of `corpus` (in corpus order) with each selected annotator's
/// document (in name order). An article no selected annotator has a file for is exported
/// from its pre-annotations (status todo, annotator none) only with `include_pending`,
/// since without review its missing entities would teach a model that there are none.
pub fn plan<'a>(
    corpus: &'a Corpus,
    docs: &'a BTreeMap<DocKey, DocAnnotations>,
    selection: &Selection,
) -> Plan<'a> {
    plan_articles(&corpus.articles, docs, selection)
}

/// `plan` for some articles of a corpus (a part of it as it is read), `docs` theirs.
pub fn plan_articles<'a>(
    articles: &'a [Article],
    docs: &'a BTreeMap<DocKey, DocAnnotations>,
    selection: &Selection,
) -> Plan<'a> {
    let mut by_article: HashMap<&str, Vec<&DocAnnotations>> = HashMap::new();
    for (key, doc) in docs {
        if selection.admits_annotator(&key.annotator) {
            by_article
                .entry(key.article.as_str())
                .or_default()
                .push(doc);
        }
    }
    let parts: Vec<Plan<'a>> = articles
        .par_chunks(PLAN_CHUNK)
        .map(|articles| {
            let mut out = Plan {
                entries: Vec::with_capacity(articles.len()),
                ..Plan::default()
            };
            for article in articles {
                plan_article(
                    &mut out,
                    article,
                    by_article.get(article.id.as_str()),
                    selection,
                );
            }
            out
        })
        .collect();
    let mut out = Plan::default();
    out.entries
        .reserve(parts.iter().map(|p| p.entries.len()).sum());
    for part in parts {
        out.entries.extend(part.entries);
        out.unannotated += part.unannotated;
        out.other_status += part.other_status;
        out.multi_annotator_articles += part.multi_annotator_articles;
    }
    out
}

/// Articles per unit of parallel work while planning and choosing spans.
const PLAN_CHUNK: usize = 1024;

/// Adds one article's entries (or the reason it has none) to `out`.
fn plan_article<'a>(
    out: &mut Plan<'a>,
    article: &'a Article,
    found: Option<&Vec<&'a DocAnnotations>>,
    selection: &Selection,
) {
    match found {
        Some(found) => {
            let admitted: Vec<_> = found
                .iter()
                .filter(|d| selection.admits_status(d.status))
                .collect();
            out.other_status += found.len() - admitted.len();
            if admitted.len() > 1 {
                out.multi_annotator_articles += 1;
            }
            out.entries.extend(admitted.into_iter().map(|doc| Entry {
                article,
                doc: Some(*doc),
            }));
        }
        None if selection.include_pending && selection.admits_status(DocStatus::Todo) => {
            out.entries.push(Entry { article, doc: None });
        }
        None => out.unannotated += 1,
    }
}

/// What a plan holds and leaves out, in numbers: for the summary, and summed over the
/// parts of an as-read export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanCounts {
    /// Articles with at least one entry.
    pub articles: usize,
    pub unannotated: usize,
    pub other_status: usize,
    pub multi_annotator_articles: usize,
}

impl std::ops::AddAssign for PlanCounts {
    fn add_assign(&mut self, other: PlanCounts) {
        self.articles += other.articles;
        self.unannotated += other.unannotated;
        self.other_status += other.other_status;
        self.multi_annotator_articles += other.multi_annotator_articles;
    }
}

impl Plan<'_> {
    pub fn counts(&self) -> PlanCounts {
        PlanCounts {
            // an article's entries (one per annotator) come together
            articles: self
                .entries
                .chunk_by(|a, b| std::ptr::eq(a.article, b.article))
                .count(),
            unannotated: self.unannotated,
            other_status: self.other_status,
            multi_annotator_articles: self.multi_annotator_articles,
        }
    }

    /// Every item at once, with the spans chosen from each entry: for the formats that
    /// need them together (RON, CSV, brat). The line formats take one entry at a time.
    pub fn items(&self, selection: &Selection, tally: &mut Tally) -> Vec<Item<'_>> {
        let pending = self.pending.get_or_init(|| {
            let unannotated: Vec<_> = self.entries.iter().filter(|e| e.doc.is_none()).collect();
            unannotated
                .par_iter()
                .map(|e| pending_doc(e.article, ""))
                .collect()
        });
        let mut next_pending = pending.iter();
        let docs: Vec<&DocAnnotations> = self
            .entries
            .iter()
            .filter_map(|e| e.doc.or_else(|| next_pending.next()))
            .collect();
        let parts: Vec<(Vec<Item<'_>>, Tally)> = self
            .entries
            .par_chunks(PLAN_CHUNK)
            .zip(docs.par_chunks(PLAN_CHUNK))
            .map(|(entries, docs)| {
                let mut part = Tally::default();
                let items = entries
                    .iter()
                    .zip(docs)
                    .map(|(e, doc)| {
                        let text = e.annotated().then_some(e.article.text.as_str());
                        e.item(doc, selection.choose_checked(doc, text, &mut part))
                    })
                    .collect();
                (items, part)
            })
            .collect();
        let mut items = Vec::with_capacity(self.entries.len());
        for (part, counted) in parts {
            items.extend(part);
            tally.merge(counted);
        }
        items
    }
}

/// Which span a flat format keeps where spans nest or overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Nested {
    /// The longest span wins; ties go to the earlier one.
    #[default]
    Outermost,
    /// The shortest span wins; ties go to the earlier one.
    Innermost,
}

/// Spans that do not overlap, in (start, end, label) order; each dropped span is counted
/// in `tally` (outranked, nested, overlap or same range). The one rule: greedy by
/// standing first (`Span::standing`: accepted before pending, a person's or an import's
/// before tanba's or a model's), then by length, so among equals with `Outermost` a span
/// that encloses another always wins, and with `Innermost` always loses.
pub fn flatten<'s>(spans: &[&'s Span], nested: Nested, tally: &mut Tally) -> Vec<&'s Span> {
    if spans.windows(2).all(|w| w[0].end <= w[1].start) {
        return spans.to_vec(); // the usual case: already flat and sorted
    }
    let mut order: Vec<&Span> = spans.to_vec();
    order.sort_by(|a, b| {
        let by_len = match nested {
            Nested::Outermost => b.len().cmp(&a.len()),
            Nested::Innermost => a.len().cmp(&b.len()),
        };
        a.standing()
            .cmp(&b.standing())
            .then(by_len)
            .then_with(|| a.key().cmp(&b.key()))
    });
    // kept spans by start; they never overlap, so the one starting last before a span's
    // end is the only one that can collide with it
    let mut kept: BTreeMap<usize, &Span> = BTreeMap::new();
    for span in order {
        let collision = kept
            .range(..span.end)
            .next_back()
            .map(|(_, k)| *k)
            .filter(|k| k.end > span.start);
        match collision {
            None => {
                kept.insert(span.start, span);
            }
            Some(k) if k.standing() < span.standing() => tally.skip(Skip::Outranked),
            Some(k) if (k.start, k.end) == (span.start, span.end) => tally.skip(Skip::SameRange),
            Some(k) if k.encloses(span) || span.encloses(k) => tally.skip(Skip::Nested),
            Some(_) => tally.skip(Skip::Overlap),
        }
    }
    kept.into_values().collect()
}

/// Flat formats split fields at whitespace, so a label must have none.
pub fn label_fits_flat(label: &str) -> bool {
    // most labels are printable ASCII: decided from the bytes, not the characters
    !label.is_empty()
        && (label.bytes().all(|b| b.is_ascii_graphic())
            || !label.chars().any(super::tokens::is_separator))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Origin;
    use crate::export::testing::{article, doc_with, span};

    #[test]
    fn a_flat_label_has_no_whitespace_of_any_kind() {
        for fits in ["PERSON", "B-ORG", "ДАТА", "ұйым", "STAT_2", "😀"] {
            assert!(label_fits_flat(fits), "{fits:?}");
        }
        for spaced in [
            "",
            "MY LABEL",
            "a\tb",
            "ДАТА\u{a0}2",
            "x\u{2028}",
            "a\u{1f}b",
        ] {
            assert!(!label_fits_flat(spaced), "{spaced:?}");
        }
    }

    fn ranges(spans: &[&Span]) -> Vec<(usize, usize, String)> {
        spans
            .iter()
            .map(|s| (s.start, s.end, s.label.clone()))
            .collect()
    }

    #[test]
    fn rejected_never_pending_only_when_asked_and_labels_filter() {
        let a = article("a", "Қанат Сүлейменов Атырауда 2,1%");
        let mut spans = vec![
            span(&a.text, 0, 16, "PERSON", SpanState::Accepted),
            span(&a.text, 17, 25, "LOCATION", SpanState::Pending),
            span(&a.text, 26, 30, "STATISTIC", SpanState::Rejected),
        ];
        spans[1].note = Some("маңызды".into());
        let doc = doc_with(&a, "aigerim", DocStatus::Done, spans);
        let mut tally = Tally::default();
        let chosen = Selection::default().choose(&doc, &a.text, &mut tally);
        assert_eq!(ranges(&chosen), [(0, 16, "PERSON".into())]);
        assert_eq!(tally.skipped[&Skip::Rejected], 1);
        assert_eq!(tally.skipped[&Skip::Pending], 1);
        let pending = Selection {
            include_pending: true,
            labels: Some(["LOCATION".to_string()].into()),
            ..Selection::default()
        };
        let mut tally = Tally::default();
        let chosen = pending.choose(&doc, &a.text, &mut tally);
        assert_eq!(ranges(&chosen), [(17, 25, "LOCATION".into())]);
        assert_eq!(tally.skipped[&Skip::OtherLabel], 1);
        assert_eq!(tally.skipped[&Skip::Rejected], 1);
    }

    #[test]
    fn drifted_and_flagged_spans_are_counted_not_exported() {
        let a = article("a", "Атырау облысы");
        let mut drifted = span(&a.text, 0, 6, "LOCATION", SpanState::Accepted);
        drifted.text = "Ақтөбе".into();
        let mut flagged = span(&a.text, 7, 13, "LOCATION", SpanState::Accepted);
        flagged.flagged = true;
        let doc = doc_with(&a, "x", DocStatus::Done, vec![drifted, flagged]);
        let mut tally = Tally::default();
        assert!(
            Selection::default()
                .choose(&doc, &a.text, &mut tally)
                .is_empty()
        );
        assert_eq!(tally.skipped[&Skip::Drifted], 1);
        assert_eq!(tally.skipped[&Skip::Flagged], 1);
    }

    #[test]
    fn flattening_keeps_outermost_or_innermost_and_counts_the_rest() {
        let text = "ҚР Атырау облысы бойынша департаменті";
        let agency = span(text, 0, 37, "AGENCY", SpanState::Accepted);
        let region = span(text, 3, 16, "LOCATION", SpanState::Accepted);
        let city = span(text, 3, 9, "LOCATION", SpanState::Accepted);
        let city_as_person = span(text, 3, 9, "PERSON", SpanState::Accepted);
        let crossing = span(text, 10, 24, "DATE", SpanState::Accepted);
        let all = [&agency, &city, &city_as_person, &region, &crossing];
        let mut tally = Tally::default();
        let kept = flatten(&all, Nested::Outermost, &mut tally);
        assert_eq!(ranges(&kept), [(0, 37, "AGENCY".into())]);
        assert_eq!(tally.skipped[&Skip::Nested], 4);
        let mut tally = Tally::default();
        let kept = flatten(&all, Nested::Innermost, &mut tally);
        // LOCATION "Атырау" wins its range over PERSON by label order, "облысы бойынша"
        // (DATE) fits beside it; the region and the agency enclose a kept span
        assert_eq!(
            ranges(&kept),
            [(3, 9, "LOCATION".into()), (10, 24, "DATE".into())]
        );
        assert_eq!(tally.skipped[&Skip::SameRange], 1);
        assert_eq!(tally.skipped[&Skip::Nested], 2);
        let mut tally = Tally::default();
        let kept = flatten(&[&region, &crossing], Nested::Outermost, &mut tally);
        assert_eq!(ranges(&kept), [(10, 24, "DATE".into())]);
        assert_eq!(tally.skipped[&Skip::Overlap], 1);
    }

    #[test]
    fn flattening_keeps_accepted_over_pending_and_an_import_over_a_model() {
        let text = "Атырау облысы бойынша департаменті";
        let with = |start, end, label, state, origin: Origin| {
            let mut s = span(text, start, end, label, state);
            s.origin = origin;
            s
        };
        let model = Origin::Model("spacy".into());
        // the model's longer span and rival label lose to the import under them
        let imported = with(0, 6, "LOCATION", SpanState::Pending, Origin::Imported);
        let model_wider = with(0, 13, "GPE", SpanState::Pending, model.clone());
        let model_same = with(0, 6, "ORG", SpanState::Pending, model.clone());
        let model_free = with(14, 21, "DATE", SpanState::Pending, model.clone());
        let all = [&imported, &model_same, &model_wider, &model_free];
        let mut tally = Tally::default();
        let kept = flatten(&all, Nested::Outermost, &mut tally);
        assert_eq!(
            ranges(&kept),
            [(0, 6, "LOCATION".into()), (14, 21, "DATE".into())]
        );
        assert_eq!(tally.skipped[&Skip::Outranked], 2);
        assert_eq!(tally.skipped.len(), 1);
        // an accepted span wins over a pending one, whoever made either
        let accepted = with(7, 13, "AGENCY", SpanState::Accepted, model);
        let pending = with(0, 21, "AGENCY", SpanState::Pending, Origin::Manual);
        let mut tally = Tally::default();
        let kept = flatten(&[&pending, &accepted], Nested::Outermost, &mut tally);
        assert_eq!(ranges(&kept), [(7, 13, "AGENCY".into())]);
        assert_eq!(tally.skipped[&Skip::Outranked], 1);
    }

    #[test]
    fn unannotated_articles_export_only_with_pending_and_status_todo() {
        let mut a = article("a", "Атырау облысы");
        a.imported.push(crate::corpus::ImportedSpan {
            start: 0,
            end: 6,
            label: "LOCATION".into(),
            note: None,
        });
        let b = article("b", "Ақтөбе");
        let corpus = Corpus {
            articles: vec![a.clone(), b.clone()],
            problems: vec![],
        };
        let mut docs = BTreeMap::new();
        for who in ["dana", "aigerim"] {
            let key = DocKey {
                annotator: who.into(),
                article: "b".into(),
            };
            docs.insert(key, doc_with(&b, who, DocStatus::Done, vec![]));
        }
        let plain = plan(&corpus, &docs, &Selection::default());
        assert_eq!(plain.unannotated, 1);
        assert_eq!(plain.multi_annotator_articles, 1);
        let order: Vec<_> = plain
            .entries
            .iter()
            .map(|e| e.doc.map(|d| d.annotator.as_str()))
            .collect();
        assert_eq!(order, [Some("aigerim"), Some("dana")]);
        let pending = Selection {
            include_pending: true,
            ..Selection::default()
        };
        let with = plan(&corpus, &docs, &pending);
        assert_eq!(with.entries.len(), 3);
        assert!(!with.entries[0].annotated());
        let mut tally = Tally::default();
        let items = with.items(&pending, &mut tally);
        assert_eq!(items[0].annotator, None);
        assert_eq!(ranges(&items[0].spans), [(0, 6, "LOCATION".into())]);
        let done_only = Selection {
            include_pending: true,
            statuses: Some(vec![DocStatus::Done]),
            annotator: Some("dana".into()),
            ..Selection::default()
        };
        let only = plan(&corpus, &docs, &done_only);
        assert_eq!(only.entries.len(), 1);
        assert_eq!(
            only.entries[0].doc.map(|d| d.annotator.as_str()),
            Some("dana")
        );
        assert_eq!(only.unannotated, 1);
    }
}
