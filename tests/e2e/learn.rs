//! The model learns while the annotator works: four articles accepted and marked done
//! (24 spans, over the threshold config.ron lowers to 20) make it learn in the
//! background; the next articles get its spans, drawn with the model's mark, names it
//! was never shown among them; the model is written where `tanba suggest --model` looks.

use crate::common::{Home, Tui, s};
use tanba::learn::sample;

#[test]
fn marking_articles_done_makes_the_models_spans_appear_in_the_next() {
    let home = Home::new();
    let config = home.config().join("tanba");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.ron"),
        "(annotator: Some(\"tester\"), learn_after: Some(20))\n",
    )
    .unwrap();
    let corpus = home.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("cities.conll"), sample::conll(4, 2)).unwrap();
    let ws = home.path().join("ws");
    let mut tui = Tui::spawn_sized(&home, &[s(&corpus), "--workspace", s(&ws)], 120, 30);
    tui.wait_for("Articles 6");
    tui.send("\r");
    for _ in 0..4 {
        tui.send("Ad");
    }
    let screen = tui.wait_for("learned from 24 spans");
    assert!(screen.contains("F1"), "{screen}");
    // the article opened before the model came gets its spans when it comes
    let screen = tui.wait_for("6 suggestions from the model");
    assert!(screen.contains("Семей]LOC*"), "{screen}");
    // and so does the next one opened
    tui.send("J");
    let screen = tui.wait_until("the model's spans in the next article", |s| {
        s.contains("6 suggestions from the model") && s.contains("Түркістан]LOC*")
    });
    assert!(screen.contains("]PER*"), "{screen}");
    tui.send("q");
    assert!(tui.wait_exit().success());
    assert!(ws.join(tanba::learn::MODEL_FILE).is_file());
}

#[test]
fn a_model_given_with_dash_dash_model_suggests_on_the_article_opened() {
    let home = Home::new();
    let taught = home.path().join("taught");
    std::fs::create_dir_all(&taught).unwrap();
    std::fs::write(taught.join("cities.conll"), sample::conll(6, 0)).unwrap();
    let model = home.path().join("cities.model");
    let ws = home.path().join("ws-taught");
    let out = crate::common::run(
        home.path(),
        &[
            "train",
            s(&taught),
            "--workspace",
            s(&ws),
            "--include-pending",
            "-o",
            s(&model),
        ],
    );
    crate::common::ok(&out);
    let fresh = home.path().join("fresh");
    std::fs::create_dir_all(&fresh).unwrap();
    std::fs::write(fresh.join("new.conll"), sample::conll(0, 2)).unwrap();
    let ws = home.path().join("ws-fresh");
    let args = [s(&fresh), "--workspace", s(&ws), "--model", s(&model)];
    let mut tui = Tui::spawn_sized(
        &home,
        &[&args[..], &["--annotator", "tester"]].concat(),
        120,
        30,
    );
    tui.wait_for("Articles 2");
    tui.send("\r");
    let screen = tui.wait_for("6 suggestions from the model");
    assert!(screen.contains("Семей]LOC*"), "{screen}");
    tui.send("q");
    assert!(tui.wait_exit().success());
}
