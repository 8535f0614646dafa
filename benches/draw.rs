//! Drawing cost: a frame at 120x40 with a 50 KB article, the bytes one word move sends
//! to the terminal, opening, drawing and tagging a 10 MB article, and the word move while
//! the model retrains (in its low-priority pool, as the annotator runs it, and on a
//! plain thread for comparison). `cargo bench --bench draw`; the byte counts are printed
//! before the timings.

use criterion::{BatchSize, Criterion};
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use tanba::annotation::{DocAnnotations, LabelSet};
use tanba::corpus::{Article, Corpus, SourceRef};
use tanba::keymap::Keymap;
use tanba::tui::draw::render;
use tanba::tui::terminal::Screen;
use tanba::tui::{Action, App, Colors, DocStore, draw};

const SEED: &str = include_str!("../sample-data/atyrau-anticorruption-commission.kk.txt");

/// Loads fresh documents and copies each save, as the real store does on the input path.
struct NullStore;

impl DocStore for NullStore {
    fn load(&self, article: &Article) -> Result<DocAnnotations, String> {
        Ok(tanba::store::fresh_doc(article, "bench"))
    }
    fn save(&self, doc: &DocAnnotations) {
        black_box(doc.clone());
    }
    fn flush(&self, _: Duration) -> bool {
        true
    }
}

fn article_of(bytes: usize) -> Article {
    let mut text = String::with_capacity(bytes + SEED.len());
    while text.len() < bytes {
        text.push_str(SEED);
        text.push('\n');
    }
    Article {
        id: "big".into(),
        title: "big".into(),
        text,
        source: SourceRef::new("big.txt", 1),
        meta: Default::default(),
        tokens: None,
        imported: Vec::new(),
        relations: Vec::new(),
        doc_labels: Vec::new(),
        links: Vec::new(),
    }
}

/// An app on one article of about `bytes`, text focused, a few entities tagged, sized.
fn app_of(bytes: usize, width: u16, height: u16) -> App {
    let corpus = Arc::new(Corpus {
        articles: vec![article_of(bytes)],
        problems: Vec::new(),
    });
    let mut app = App::new(
        corpus,
        LabelSet::default(),
        "bench",
        Keymap::default_keymap(),
        Box::new(NullStore),
    );
    app.resize(width, height);
    app.update(Action::SwitchPane);
    for action in [
        Action::WordNext,
        Action::Label(4),
        Action::WordNext,
        Action::WordNext,
        Action::Label(2),
    ] {
        app.update(action);
    }
    app
}

/// Bytes sent to the terminal for one word move, over many moves: (mean, max).
fn word_move_bytes(app: &mut App) -> (usize, usize) {
    let mut screen = Screen::headless(std::io::sink(), 120, 40).unwrap();
    screen.draw(|f| draw(app, f, Colors::Basic)).unwrap();
    let (mut total, mut max, moves) = (0, 0, 200);
    for _ in 0..moves {
        app.update(Action::WordNext);
        screen.draw(|f| draw(app, f, Colors::Basic)).unwrap();
        total += screen.last_frame_bytes;
        max = max.max(screen.last_frame_bytes);
    }
    (total / moves, max)
}

fn benches(c: &mut Criterion) {
    let mut app = app_of(50_000, 120, 40);
    let area = Rect::new(0, 0, 120, 40);
    c.bench_function(
        "draw 120x40, 50 KB article (whole frame into a buffer)",
        |b| {
            let mut buf = Buffer::empty(area);
            b.iter(|| {
                buf.reset();
                render(black_box(&app), area, &mut buf, Colors::Basic);
            })
        },
    );
    c.bench_function("word move + frame to the terminal, 120x40, 50 KB", |b| {
        let mut screen = Screen::headless(std::io::sink(), 120, 40).unwrap();
        b.iter(|| {
            app.update(Action::WordNext);
            screen.draw(|f| draw(&app, f, Colors::Basic)).unwrap();
        })
    });

    let mut group = c.benchmark_group("10 MB article");
    group.sample_size(10);
    group.bench_function("open", |b| {
        b.iter(|| black_box(app_of(10_000_000, 120, 40)))
    });
    let mut big = app_of(10_000_000, 120, 40);
    group.bench_function("draw a frame (120x40)", |b| {
        let mut buf = Buffer::empty(area);
        b.iter(|| {
            buf.reset();
            render(&big, area, &mut buf, Colors::Basic);
        })
    });
    group.bench_function("G then g (cursor and scroll)", |b| {
        b.iter_batched(
            || (),
            |_| {
                big.update(Action::Bottom);
                big.update(Action::Top);
            },
            BatchSize::SmallInput,
        )
    });
    big.update(Action::Bottom);
    group.bench_function("tag a word at the end, undo it", |b| {
        b.iter(|| {
            big.update(Action::WordPrev);
            big.update(Action::Label(4));
            big.update(Action::Undo);
        })
    });
    group.finish();
}

/// What an annotator feels on a 10 MB article, timed once each (no warm cache).
fn one_shot_10mb() {
    let t = std::time::Instant::now();
    let mut big = app_of(10_000_000, 120, 40);
    let open = t.elapsed();
    let mut screen = Screen::headless(std::io::sink(), 120, 40).unwrap();
    let t = std::time::Instant::now();
    screen.draw(|f| draw(&big, f, Colors::Basic)).unwrap();
    let first_frame = t.elapsed();
    let t = std::time::Instant::now();
    big.update(Action::Bottom);
    screen.draw(|f| draw(&big, f, Colors::Basic)).unwrap();
    let to_end = t.elapsed();
    let t = std::time::Instant::now();
    big.update(Action::WordPrev);
    big.update(Action::Label(4));
    screen.draw(|f| draw(&big, f, Colors::Basic)).unwrap();
    let tag = t.elapsed();
    println!(
        "10 MB article, once: open {open:.1?}, first frame {first_frame:.1?}, \
         G and frame {to_end:.1?}, tag a word there and frame {tag:.1?}"
    );
}

/// A retraining job on 300 generated articles, as the annotator starts one.
fn retrain_job() -> tanba::learn::retrain::Job {
    use tanba::annotation::{Origin, Span};
    let corpus = Arc::new(Corpus {
        articles: tanba::learn::sample::corpus(300, 0),
        problems: Vec::new(),
    });
    let articles = corpus
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let spans = a.imported.iter().filter_map(|s| {
                Span::cut(&a.text, s.start, s.end, &s.label, Origin::Manual, "bench")
            });
            (i, spans.collect())
        })
        .collect();
    tanba::learn::retrain::Job {
        corpus,
        articles,
        save_to: None,
        options: Default::default(),
        stop: Default::default(),
    }
}

/// The word move of `benches` while retrainings run one after another on another thread.
fn while_retraining(c: &mut Criterion, pooled: bool) {
    let job = Arc::new(retrain_job());
    let quit = Arc::new(AtomicBool::new(false));
    let learner = {
        let (job, quit) = (Arc::clone(&job), Arc::clone(&quit));
        std::thread::spawn(move || {
            while !quit.load(Ordering::Relaxed) {
                if pooled {
                    tanba::learn::retrain::in_background(|| {
                        black_box(tanba::learn::retrain::run(&job))
                    });
                } else {
                    black_box(tanba::learn::retrain::run(&job));
                }
            }
        })
    };
    let mut app = app_of(50_000, 120, 40);
    let name = if pooled {
        "word move + frame while retraining (low-priority pool)"
    } else {
        "word move + frame while retraining (plain thread, all cores)"
    };
    c.bench_function(name, |b| {
        let mut screen = Screen::headless(std::io::sink(), 120, 40).unwrap();
        b.iter(|| {
            app.update(Action::WordNext);
            screen.draw(|f| draw(&app, f, Colors::Basic)).unwrap();
        })
    });
    quit.store(true, Ordering::Relaxed);
    let _ = learner.join();
}

fn main() {
    let mut app = app_of(50_000, 120, 40);
    let (mean, max) = word_move_bytes(&mut app);
    println!("bytes written per word move at 120x40 (50 KB article): mean {mean}, max {max}");
    one_shot_10mb();
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion);
    while_retraining(&mut criterion, true);
    while_retraining(&mut criterion, false);
    criterion.final_summary();
}
