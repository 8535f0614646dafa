//! An external model in the loop: one command, articles in as JSON lines on its stdin,
//! answers out as JSON lines on its stdout in the form tanba imports.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

/// How much of the command's stderr is kept to show when it fails.
const STDERR_KEEP: usize = 16 * 1024;

/// One answer line: an article id and the spans proposed for it, in code points.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub id: String,
    pub spans: Vec<Proposed>,
}

/// A span a model proposes: `[start, end)` in code points, a label, and the model's score
/// when it gives one.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposed {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub confidence: Option<f64>,
}

impl Proposed {
    /// The note a suggestion keeps: `confidence 0.93`, the score as the model wrote it.
    pub fn note(&self) -> Option<String> {
        self.confidence.map(|c| format!("confidence {c}"))
    }
}

/// The JSON line sent for one article.
pub fn request_line(id: &str, text: &str) -> String {
    serde_json::json!({ "id": id, "text": text }).to_string()
}

/// Reads `{"id": .., "label": [[start, end, "LABEL"], ..]}`, each span with an optional
/// score as a fourth item (`[2, 8, "GPE", 0.93]`); spans may also be objects with start,
/// end, label and `score` or `confidence`, under `label`, `entities` or `spans`.
pub fn parse_answer(line: &str) -> Result<Answer, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Object(mut object) = value else {
        return Err("expected a JSON object with \"id\" and \"label\"".into());
    };
    let id = match object.remove("id") {
        Some(Value::String(id)) => id,
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => return Err(format!("\"id\" must be a string, found {other}")),
        None => return Err("no \"id\" field".into()),
    };
    let field = ["label", "entities", "spans"]
        .into_iter()
        .find_map(|f| object.remove(f));
    let items = match field {
        Some(Value::Array(items)) => items,
        Some(other) => return Err(format!("\"label\" must be a list of spans, found {other}")),
        None => Vec::new(),
    };
    let spans = items
        .iter()
        .map(parse_span)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Answer { id, spans })
}

fn parse_span(item: &Value) -> Result<Proposed, String> {
    let (parts, score) = match item {
        Value::Array(a) if a.len() == 3 || a.len() == 4 => {
            ((a[0].as_u64(), a[1].as_u64(), a[2].as_str()), a.get(3))
        }
        Value::Object(o) => (
            (
                o.get("start").and_then(Value::as_u64),
                o.get("end").and_then(Value::as_u64),
                o.get("label").and_then(Value::as_str),
            ),
            o.get("score").or_else(|| o.get("confidence")),
        ),
        _ => ((None, None, None), None),
    };
    let confidence = match score {
        None => None,
        Some(v) => match v.as_f64().filter(|c| c.is_finite()) {
            Some(c) => Some(c),
            None => return Err(format!("{item}: the score {v} is not a number")),
        },
    };
    match parts {
        (Some(s), Some(e), Some(l)) if !l.trim().is_empty() => Ok(Proposed {
            start: s as usize,
            end: e as usize,
            label: l.into(),
            confidence,
        }),
        _ => Err(format!(
            "{item} is not a span: expected [start, end, \"LABEL\"] or [start, end, \
             \"LABEL\", score]"
        )),
    }
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunEnd {
    /// Answer lines read (blank ones included), whatever happened after.
    pub lines: usize,
    /// Why the run stopped early or failed: exit status, silence, a read error.
    pub failure: Option<String>,
    /// The end of what the command wrote to stderr.
    pub stderr: String,
}

/// Runs `command` with `sh -c`, writes `requests` (one JSON line each) to its stdin and
/// calls `on_line` with each line it prints (1-based number, text) as it comes. A command
/// silent for `silence` is killed; what was read so far has been handed over already.
pub fn run(
    command: &str,
    requests: Vec<String>,
    silence: Duration,
    mut on_line: impl FnMut(usize, &str),
) -> std::io::Result<RunEnd> {
    let mut child = spawn(command)?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // the writer runs apart, so a model that answers before reading everything never blocks us
    std::thread::spawn(move || {
        for line in requests {
            if writeln!(stdin, "{line}").is_err() {
                return; // the command stopped reading; its exit status says why
            }
        }
    });
    let (err_tx, err_rx) = channel();
    let mut stderr = child.stderr.take().expect("stderr is piped");
    std::thread::spawn(move || {
        let mut all = Vec::new();
        let _ = stderr.read_to_end(&mut all);
        let _ = err_tx.send(all);
    });
    let (tx, rx) = channel();
    let stdout = child.stdout.take().expect("stdout is piped");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let mut end = RunEnd {
        lines: 0,
        failure: None,
        stderr: String::new(),
    };
    loop {
        match rx.recv_timeout(silence) {
            Ok(Ok(line)) => {
                end.lines += 1;
                on_line(end.lines, &line);
            }
            Ok(Err(e)) => {
                end.failure = Some(format!("reading its output: {e}"));
                kill(&mut child);
                break;
            }
            Err(RecvTimeoutError::Timeout) => {
                end.failure = Some(format!("sent nothing for {} s", silence.as_secs()));
                kill(&mut child);
                break;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    let status = child.wait()?;
    if end.failure.is_none() && !status.success() {
        end.failure = Some(format!("exited with {status}"));
    }
    // a grandchild may still hold stderr open: wait a little, not forever
    let all = err_rx
        .recv_timeout(Duration::from_secs(2))
        .unwrap_or_default();
    let tail = &all[all.len().saturating_sub(STDERR_KEEP)..];
    // the command's output is hostile text like any other: no raw escapes on our terminal
    let tail = String::from_utf8_lossy(tail);
    let lines: Vec<_> = tail.lines().map(crate::text::sanitize).collect();
    end.stderr = lines.join("\n");
    Ok(end)
}

fn spawn(command: &str) -> std::io::Result<Child> {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(command)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // its own process group, so a kill reaches the pipeline sh started, not sh alone
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    cmd.spawn()
}

fn kill(child: &mut Child) {
    #[cfg(unix)]
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals the group we created in `spawn`.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_parse_in_the_import_form() {
        let a = parse_answer(r#"{"id": "a1", "label": [[0, 6, "LOCATION"]]}"#).unwrap();
        assert_eq!(a.id, "a1");
        let location = Proposed {
            start: 0,
            end: 6,
            label: "LOCATION".into(),
            confidence: None,
        };
        assert_eq!(a.spans, [location]);
        let b = parse_answer(r#"{"id": 7, "entities": [{"start": 1, "end": 2, "label": "X"}]}"#)
            .unwrap();
        assert_eq!((b.id.as_str(), b.spans.len()), ("7", 1));
        assert_eq!(parse_answer(r#"{"id": "a"}"#).unwrap().spans, []);
        assert!(parse_answer("{oops").unwrap_err().contains("not JSON"));
        assert!(parse_answer(r#"{"label": []}"#).unwrap_err().contains("id"));
        assert!(parse_answer(r#"{"id": "a", "label": [[0, "x", "L"]]}"#).is_err());
        assert!(parse_answer(r#"{"id": "a", "label": [[0, 1, " "]]}"#).is_err());
    }

    #[test]
    fn a_score_as_fourth_item_is_the_confidence() {
        let a =
            parse_answer(r#"{"id": "a", "label": [[2, 8, "GPE", 0.93], [9, 10, "X"]]}"#).unwrap();
        assert_eq!(a.spans[0].confidence, Some(0.93));
        assert_eq!(a.spans[0].note().as_deref(), Some("confidence 0.93"));
        assert_eq!((a.spans[1].confidence, a.spans[1].note()), (None, None));
        let o = parse_answer(
            r#"{"id": "a", "spans": [{"start": 0, "end": 1, "label": "X", "score": 1}]}"#,
        )
        .unwrap();
        assert_eq!(o.spans[0].note().as_deref(), Some("confidence 1"));
        let bad = parse_answer(r#"{"id": "a", "label": [[2, 8, "GPE", "high"]]}"#);
        assert!(bad.unwrap_err().contains("not a number"));
        assert!(parse_answer(r#"{"id": "a", "label": [[2, 8, "GPE", 0.9, 1]]}"#).is_err());
    }

    #[test]
    fn requests_are_one_json_line_each() {
        let line = request_line("a", "бір\nекі \"үш\"");
        assert!(!line.contains('\n'));
        let back: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(back["text"], "бір\nекі \"үш\"");
    }

    #[test]
    fn a_run_hands_over_lines_and_reports_the_exit_status() {
        let mut seen = Vec::new();
        let end = run(
            "while read -r line; do echo \"got\"; done; echo oops >&2; exit 3",
            vec!["{}".into(), "{}".into()],
            Duration::from_secs(20),
            |n, l| seen.push((n, l.to_string())),
        )
        .unwrap();
        assert_eq!(seen, [(1, "got".to_string()), (2, "got".to_string())]);
        assert_eq!(end.lines, 2);
        assert!(end.failure.unwrap().contains('3'));
        assert_eq!(end.stderr.trim(), "oops");
    }

    #[test]
    fn a_silent_command_is_stopped_keeping_what_it_sent() {
        let mut seen = Vec::new();
        let end = run(
            "echo first; echo waiting >&2; sleep 30",
            Vec::new(),
            Duration::from_millis(300),
            |_, l| seen.push(l.to_string()),
        )
        .unwrap();
        assert_eq!(seen, ["first"]);
        assert!(end.failure.unwrap().contains("sent nothing"));
        assert_eq!(end.stderr.trim(), "waiting");
    }
}
