//! `tanba stats --json` carries the dashboard's figures; `--chart` draws them as text.

use crate::common::run as tanba;
use std::path::{Path, PathBuf};
use tanba::annotation::{DocAnnotations, DocStatus, Op, Origin, Span};
use tanba::store::Workspace;

const KK: &str = "Атырау облысы әкімі Махамбет Досмұхамбетов\nКомиссия 9 000 адамнан сұрады.";

fn team(home: &Path) -> (PathBuf, PathBuf) {
    let corpus = home.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("kk.txt"), KK).unwrap();
    std::fs::write(corpus.join("en.txt"), "Atyrau news\nNothing here.").unwrap();
    let root = home.join("ws");
    let ws = Workspace::open_or_create(&root, std::slice::from_ref(&corpus)).unwrap();
    for (who, spans, status) in [
        (
            "aigerim",
            vec![
                (0, 6, "LOCATION"),
                (20, 42, "PERSON"),
                (52, 57, "STATISTIC"),
            ],
            DocStatus::Done,
        ),
        (
            "dana",
            vec![(0, 6, "LOCATION"), (20, 28, "PERSON")],
            DocStatus::InProgress,
        ),
    ] {
        let mut doc = DocAnnotations::new("kk", who, KK);
        for (start, end, label) in spans {
            doc.apply(
                &Op::Add(Span::cut(KK, start, end, label, Origin::Manual, who).unwrap()),
                who,
            );
        }
        doc.status = status;
        ws.save_doc(who, &doc).unwrap();
    }
    (corpus, root)
}

#[test]
fn stats_json_has_progress_per_label_throughput_and_agreement() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    let out = tanba(
        home.path(),
        &[
            "stats",
            corpus.to_str().unwrap(),
            "--workspace",
            ws.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["progress"]["aigerim"]["done"], 1);
    assert_eq!(json["progress"]["aigerim"]["todo"], 1, "en has no file");
    assert_eq!(json["progress"]["dana"]["in_progress"], 1);
    let team = json["per_label"]["team"].as_array().unwrap();
    assert_eq!(team[0]["label"], "PERSON");
    assert_eq!(team[0]["spans"], 2);
    assert_eq!(json["per_label"]["annotators"]["dana"][3]["spans"], 1);
    let days = json["throughput"]["aigerim"]["per_day"].as_array().unwrap();
    assert_eq!(days.len(), tanba::dashboard::DAYS);
    let tagged: u64 = days.iter().map(|d| d["spans"].as_u64().unwrap()).sum();
    assert_eq!(tagged, 3, "three tags in aigerim's log");
    let pair = &json["agreement"][0];
    assert_eq!(
        (pair["a"].as_str(), pair["b"].as_str()),
        (Some("aigerim"), Some("dana"))
    );
    assert_eq!(pair["matched"], 1);
    // the old fields stay
    assert_eq!(json["annotators"]["aigerim"]["spans"], 3);
}

#[test]
fn stats_chart_prints_the_dashboard_as_plain_text_when_piped() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    let out = tanba(
        home.path(),
        &[
            "stats",
            corpus.to_str().unwrap(),
            "--workspace",
            ws.to_str().unwrap(),
            "--chart",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\x1b'), "{text}");
    for needle in [
        "Dashboard · 2 annotators · 2 articles",
        "Progress",
        "aigerim",
        "dana",
        "PER",
        "Agreement",
        "aigerim/dana",
        "0.40",
    ] {
        assert!(text.contains(needle), "{needle}:\n{text}");
    }
    let out = tanba(
        home.path(),
        &["stats", corpus.to_str().unwrap(), "--chart", "--json"],
    );
    assert_eq!(out.status.code(), Some(2), "--chart and --json do not mix");
}

#[test]
fn the_dashboard_counts_the_corpus_articles_before_anyone_works() {
    let home = tempfile::tempdir().unwrap();
    let corpus = home.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("kk.txt"), KK).unwrap();
    std::fs::write(corpus.join("en.txt"), "Atyrau news\nNothing here.").unwrap();
    let out = tanba(home.path(), &["stats", corpus.to_str().unwrap(), "--chart"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("Dashboard · 0 annotators · 2 articles"),
        "{text}"
    );
    assert!(text.contains("nobody has annotated yet"), "{text}");
    let out = tanba(home.path(), &["stats", corpus.to_str().unwrap(), "--json"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches("\"articles\"").count(), 1, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["articles"], 2, "{json}");
    std::fs::remove_file(corpus.join("en.txt")).unwrap();
    let out = tanba(home.path(), &["stats", corpus.to_str().unwrap(), "--chart"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let title = text.lines().next().unwrap_or_default().trim_end();
    assert!(
        title.ends_with("Dashboard · 0 annotators · 1 article"),
        "{text}"
    );
    let out = tanba(home.path(), &["stats", corpus.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    let said = "corpus     1 article, 10 words, 0 pre-annotated spans, 0 problems";
    assert!(text.contains(said), "{text}");
}

#[test]
fn stats_with_25_labels_fits_80_columns_one_row_per_label() {
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    let (c, w) = (corpus.to_str().unwrap(), ws.to_str().unwrap());
    let mut add = vec!["labels", "add"];
    add.extend(&crate::common::conll25::LABELS[5..]);
    add.extend(["--workspace", w]);
    crate::common::ok(&tanba(home.path(), &add));
    let out = crate::common::ok(&tanba(home.path(), &["stats", c, "--workspace", w]));
    let wide: Vec<&str> = out
        .lines()
        .filter(|l| l.chars().count() > 80 && !l.starts_with("workspace"))
        .collect();
    assert!(wide.is_empty(), "wider than 80 columns: {wide:#?}\n{out}");
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with("workspace"))
        .collect();
    let from = rows
        .iter()
        .position(|l| l.starts_with("annotator"))
        .unwrap();
    let expected = "\
annotator  spans  pending  rejected  todo  in_progress  done  skipped  flagged
aigerim        3        0         0     1            0     1        0        0
dana           2        0         0     1            1     0        0        0
all            5        0         0     2            1     1        0        0

label          aigerim  dana  all
PERSON               1     1    2
AGENCY               0     0    0";
    assert_eq!(rows[from..from + 8].join("\n"), expected, "{out}");
    for label in crate::common::conll25::LABELS {
        let row = rows
            .iter()
            .find(|l| l.split_whitespace().next() == Some(label));
        assert!(row.is_some(), "{label} has a row:\n{out}");
    }
}

#[test]
fn stats_chart_piped_is_80_columns_or_columns_wide() {
    use unicode_width::UnicodeWidthStr;
    let home = tempfile::tempdir().unwrap();
    let (corpus, ws) = team(home.path());
    let widest = |env: &str| {
        let script = format!(
            "{env} \"$0\" stats '{}' --workspace '{}' --chart",
            corpus.display(),
            ws.display()
        );
        let out = crate::common::run_sh(home.path(), &script);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        text.lines().map(|l| l.width()).max().unwrap()
    };
    assert_eq!(widest("env -u COLUMNS"), 80);
    assert_eq!(widest("env COLUMNS=64"), 64);
}
