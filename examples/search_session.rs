//! Does what the annotator does for search, without a terminal: loads the corpus, starts
//! the search worker with the workspace's saved index (read, or built and saved), waits
//! until it is ready, then times queries typed a letter at a time. For peak memory:
//! `/usr/bin/time -v target/release/examples/search_session FILE INDEX_DIR [QUERY...]`

use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};
use tanba::annotation::LabelSet;
use tanba::search::{Facts, IndexStore, SearchEvent, SearchOptions, Searcher};

const QUERIES: [&str; 5] = ["атырау", "жемқорлыққа", "Atyrau", "балаларымыздың", "ақ"];

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let (Some(file), Some(dir)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: search_session FILE INDEX_DIR [QUERY...]");
    };
    let typed: Vec<String> = args.map(|a| a.to_string_lossy().into_owned()).collect();
    let queries: Vec<&str> = match typed.is_empty() {
        true => QUERIES.to_vec(),
        false => typed.iter().map(String::as_str).collect(),
    };
    let paths = vec![PathBuf::from(file)];
    let started = Instant::now();
    let corpus = Arc::new(tanba::corpus::load(&paths));
    println!(
        "load: {:.3} s, {} articles",
        started.elapsed().as_secs_f64(),
        corpus.articles.len()
    );
    let (tx, events) = mpsc::channel();
    let store = IndexStore::new(&PathBuf::from(dir), &paths, Default::default());
    let for_facts = Arc::clone(&corpus);
    let searcher = Searcher::start_persistent(
        Arc::clone(&corpus),
        LabelSet::default(),
        move || Facts::from_articles(&for_facts.articles),
        store,
        SearchOptions::default(),
        move |e| {
            let _ = tx.send(e);
        },
    )?;
    let ready = Instant::now();
    loop {
        if let SearchEvent::Indexed {
            words,
            note,
            elapsed,
            ..
        } = events.recv()?
        {
            println!(
                "index ready: {:.3} s ({:.3} s in the worker), {words} words, {}",
                ready.elapsed().as_secs_f64(),
                elapsed.as_secs_f64(),
                note.unwrap_or_else(|| "read from disk".into())
            );
            print_memory("with the index ready");
            break;
        }
    }
    let mut times = Vec::new();
    let mut generation = 0;
    for query in queries {
        // typed a letter at a time, each answered before the next, as a fast typist sees it
        let chars: Vec<char> = query.chars().collect();
        let mut letters = Vec::new();
        for n in 1..=chars.len() {
            generation += 1;
            let text: String = chars[..n].iter().collect();
            let asked = Instant::now();
            searcher.search(generation, &text);
            let hits = loop {
                if let SearchEvent::Results(r) = events.recv()? {
                    break r.hits.len();
                }
            };
            times.push(asked.elapsed());
            letters.push(format!("{:.0}", ms(asked.elapsed())));
            if n == chars.len() {
                println!(
                    "{query}: {hits} hits, {:.1} ms (letter by letter: {} ms)",
                    ms(asked.elapsed()),
                    letters.join(" ")
                );
            }
        }
    }
    times.sort();
    let at = |p: usize| ms(times[(times.len() - 1) * p / 100]);
    println!(
        "{} queries: median {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        times.len(),
        at(50),
        at(90),
        at(100)
    );
    print_memory("after the queries");
    Ok(())
}

/// Resident memory now and at the peak, as the kernel counts them (Linux only).
fn print_memory(when: &str) {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return;
    };
    let kb = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .map_or(String::new(), |v| v.trim().to_string())
    };
    println!(
        "memory {when}: resident {}, peak {}",
        kb("VmRSS:"),
        kb("VmHWM:")
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
