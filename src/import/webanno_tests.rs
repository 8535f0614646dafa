use super::*;

/// Two sentences, a two-token entity, a stacked one, an emoji (two UTF-16 units), a
/// relation, CRLF line ends, and the tab every token line ends with.
pub const TSV: &str = "#FORMAT=WebAnno TSV 3.3\r
#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\r
#T_RL=webanno.custom.Relation|label|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity\r
\r
\r
#Text=Қасым-Жомарт Тоқаев 😀 Астанада.\r
1-1\t0-12\tҚасым-Жомарт\t*[1]\tPER[1]\t_\t_\t\r
1-2\t13-19\tТоқаев\t*[1]\tPER[1]\t_\t_\t\r
1-3\t20-22\t😀\t_\t_\t_\t_\t\r
1-4\t23-31\tАстанада\t*[2]|*[3]\tLOC[2]|GPE[3]\tlives\t1-1[1_2]\t\r
1-5\t31-32\t.\t_\t_\t_\t_\t\r
\r
#Text=Бота келді\r
2-1\t33-37\tБота\t*\tPER\t_\t_\t\r
2-2\t38-43\tкелді\t_\t_\t_\t_\t\r
";

fn read_at(path: &str, text: &str) -> Read {
    read(Path::new(path), text)
}

#[test]
fn entities_multi_token_and_stacked_come_in_code_points() {
    let read = read_at("project/annotation/news-1.txt/aigerim.tsv", TSV);
    assert_eq!(read.problems, vec![]);
    let doc = &read.found[0];
    assert_eq!(doc.id.as_deref(), Some("news-1.txt"));
    assert_eq!(doc.annotator.as_deref(), Some("aigerim"));
    assert_eq!(doc.text, "Қасым-Жомарт Тоқаев 😀 Астанада.\nБота келді");
    let spans: Vec<_> = doc
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.as_str()))
        .collect();
    assert_eq!(
        spans,
        [
            (0, 19, "PER"),
            (22, 30, "GPE"),
            (22, 30, "LOC"),
            (32, 36, "PER")
        ]
    );
    assert_eq!(crate::text::slice_chars(&doc.text, 32, 36), Some("Бота"));
    // the relation from PER[1] to LOC[2] comes in; none is left to count
    assert_eq!(read.counts.relations, 0);
    let r: Vec<(&str, usize, usize, &str)> = doc
        .relations
        .iter()
        .map(|r| {
            (
                r.label.as_str(),
                r.from.start,
                r.to.start,
                r.to.label.as_str(),
            )
        })
        .collect();
    assert_eq!(r, [("lives", 0, 22, "LOC")]);
}

#[test]
fn where_the_file_sits_names_the_document_and_its_annotator() {
    let curated = read_at("p/curation/news-1.txt/CURATION_USER.tsv", TSV);
    assert_eq!(curated.found[0].annotator.as_deref(), Some("curator"));
    let loose = read_at("exports/news-1.tsv", TSV);
    let (id, who) = (&loose.found[0].id, &loose.found[0].annotator);
    assert_eq!((id.as_deref(), who.as_deref()), (Some("news-1"), None));
    for initial in [
        "p/annotation/news-1.txt/INITIAL_CAS.tsv",
        "copied/news-1.txt/INITIAL_CAS.tsv",
        "INITIAL_CAS.tsv",
    ] {
        let read = read_at(initial, TSV);
        assert!(read.found.is_empty(), "{initial}");
        assert_eq!(read.counts.initial, 1, "{initial}");
    }
}

#[test]
fn malformed_lines_name_their_line_and_the_rest_loads() {
    let bad = TSV
        .replace(
            "1-2\t13-19\tТоқаев\t*[1]\tPER[1]\t_\t_\t",
            "1-2\t13-19\tТоқаев\tPER[1]",
        )
        .replace("1-3\t20-22\t😀", "1-3\t20-22\tX")
        .replace("2-2\t38-43", "2-2\t38-x");
    let read = read_at("a.tsv", &bad);
    let said: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "a.tsv:8: 4 columns, the header's layers make 7",
            "a.tsv:9: token «X» is not what #Text has at 20-22 («😀»)",
            "a.tsv:15: offsets \"38-x\" are not BEGIN-END",
        ]
    );
    // the two-token entity lost its second token: it ends where its first does
    assert_eq!(read.found[0].spans[0].end, 12);
    let not = read_at("b.tsv", "a\tb\n");
    assert!(
        not.problems
            .last()
            .unwrap()
            .message
            .starts_with("not WebAnno TSV 3")
    );
}

#[test]
fn escapes_and_stacks_split_where_the_writer_meant() {
    assert_eq!(split_stack(r"A\|B[1]|C"), [r"A\|B[1]", "C"]);
    assert_eq!(unescape(r"A\|B\_\[x\]\->"), "A|B_[x]->");
}

#[test]
fn escaped_text_labels_with_brackets_and_percent_escaped_folders_come_back() {
    let tsv = "#FORMAT=WebAnno TSV 3.3\n\
        #T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\n\n\n\
        #Text=C:\\\\dir\\tB[2]\n\
        1-1\t0-6\tC:\\dir\t*\tB\\[2\\]\t\n\
        1-2\t7-11\tB[2]\t*[1]|*[2]\tX\\_Y[1]|B\\[2\\][2]\t\n";
    let read = read_at("p/annotation/kk%201/dana.tsv", tsv);
    assert_eq!(read.problems, vec![]);
    let doc = &read.found[0];
    assert_eq!(doc.id.as_deref(), Some("kk 1"));
    assert_eq!(doc.text, "C:\\dir\tB[2]");
    let spans: Vec<_> = doc
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.as_str()))
        .collect();
    assert_eq!(spans, [(0, 6, "B[2]"), (7, 11, "B[2]"), (7, 11, "X_Y")]);
}

#[test]
fn a_zero_width_annotation_is_reported_and_the_rest_loads() {
    let tsv = "#FORMAT=WebAnno TSV 3.3\n\
        #T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\n\n\n\
        #Text=Бота келді\n\
        1-1\t0-4\tБота\t*\tPER\t\n\
        1-1.1\t4-4\t\t*\tLOC\t\n\
        1-2\t5-10\tкелді\t_\t_\t\n";
    let read = read_at("a.tsv", tsv);
    let said: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        ["a.tsv:7: an annotation of no width at 4: not imported (a span covers text)"]
    );
    assert_eq!(read.found[0].spans.len(), 1);
}

#[test]
fn the_identifier_feature_is_the_spans_link() {
    let tsv = TSV
        .replace("\t*[1]\tPER[1]", "\tQ1[1]\tPER[1]")
        .replace("\t*[2]|*[3]\t", "\t*[2]|kb\\_3[3]\t")
        .replace("\t*\tPER\t", "\tQ9\tPER\t");
    let read = read_at("project/annotation/news-1.txt/aigerim.tsv", &tsv);
    assert_eq!(read.problems, vec![]);
    let mut links: Vec<(&str, Option<&str>)> = read.found[0]
        .spans
        .iter()
        .map(|s| (s.label.as_str(), s.kb.as_deref()))
        .collect();
    links.sort();
    assert_eq!(
        links,
        [
            ("GPE", Some("kb_3")),
            ("LOC", None),
            ("PER", Some("Q1")),
            ("PER", Some("Q9"))
        ]
    );
}

#[test]
fn a_relation_to_no_entity_names_its_line() {
    let bad = TSV.replace("1-1[1_2]", "1-5[9_2]");
    let read = read_at("a.tsv", &bad);
    let said: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        ["a.tsv:10: token 1-4: relation «lives» from 1-5[9_2] names no entity there"]
    );
}
