//! CSV for auditors' spreadsheets, one row per span, written by the `csv` crate (RFC 4180:
//! CRLF row ends; a field with a comma, quote, CR or LF is quoted and its quotes doubled).
//! UTF-8, no BOM.

use std::borrow::Cow;
use std::io::{self, Write};
use time::format_description::well_known::Rfc3339;

use super::{Item, Tally};
use crate::annotation::Timestamp;

pub const HEADER: [&str; 11] = [
    "article",
    "annotator",
    "label",
    "start",
    "end",
    "text",
    "origin",
    "state",
    "created",
    "updated",
    "note",
];

/// Article text is hostile: a field a spreadsheet would run as a formula (starting with
/// `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`, as OWASP advises; `ron` and `jsonl`
/// keep it exact.
pub fn defuse(field: &str) -> Cow<'_, str> {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{field}"))
    } else {
        Cow::Borrowed(field)
    }
}

/// A CSV writer over `w`: CRLF row ends, quotes only where a field needs them.
fn writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .buffer_capacity(4096)
        .from_writer(w)
}

fn row<W: Write>(out: &mut csv::Writer<W>, fields: &[&str]) -> io::Result<()> {
    out.write_record(fields.iter().map(|f| defuse(f).into_owned()))
        .map_err(io::Error::other)
}

/// One defused row, for callers that write a single line.
pub fn write_row<W: Write>(w: &mut W, fields: &[&str]) -> io::Result<()> {
    let mut out = writer(w);
    row(&mut out, fields)?;
    out.flush()
}

pub fn write_header<W: Write>(w: &mut W) -> io::Result<()> {
    write_row(w, &HEADER)
}

fn rfc3339(t: &Timestamp) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// One row per chosen span of `item` (no header).
pub fn write<W: Write>(w: &mut W, item: &Item, tally: &mut Tally) -> io::Result<()> {
    let mut out = writer(w);
    for span in &item.spans {
        let (start, end) = (span.start.to_string(), span.end.to_string());
        let (created, updated) = (rfc3339(&span.created), rfc3339(&span.updated));
        let origin = span.origin.name();
        row(
            &mut out,
            &[
                &item.article.id,
                item.annotator.unwrap_or(""),
                &span.label,
                &start,
                &end,
                &span.text,
                &origin,
                span.state.into(),
                &created,
                &updated,
                span.note.as_deref().unwrap_or(""),
            ],
        )?;
        tally.wrote(span);
    }
    tally.items += 1;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{DocStatus, SpanState};
    use crate::export::testing::{article, doc_with, item, span};

    /// A small RFC 4180 reader, to check that what we write reads back field for field.
    fn parse(csv: &str) -> Vec<Vec<String>> {
        let mut rows = vec![];
        let mut row = vec![];
        let mut field = String::new();
        let mut chars = csv.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut field)),
                (false, '\r') if chars.peek() == Some(&'\n') => {}
                (false, '\n') => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                (false, c) => field.push(c),
            }
        }
        rows
    }

    #[test]
    fn quotes_only_what_needs_it() {
        let mut out = Vec::new();
        write_row(
            &mut out,
            &["a", "b,c", "say \"hi\"", "two\nlines", "", "=1+1"],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",,'=1+1\r\n"
        );
    }

    #[test]
    fn formulas_from_hostile_text_are_defused() {
        let mut out = Vec::new();
        let cells = [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "a=b",
        ];
        write_row(&mut out, &cells).unwrap();
        assert_eq!(
            parse(&String::from_utf8(out).unwrap())[0],
            [
                "'=HYPERLINK(\"http://x\")",
                "'+1",
                "'-2",
                "'@SUM(A1)",
                "'\tx",
                "a=b"
            ]
        );
    }

    #[test]
    fn one_row_per_span_reads_back_exactly() {
        let text = "«Адалдық алаңы», жобасы\nАтырау";
        let a = article("news,1", text);
        let mut agency = span(text, 0, 15, "AGENCY", SpanState::Accepted);
        agency.note = Some("атауы \"тырнақшада\"".into());
        let spans = vec![agency, span(text, 15, 30, "LOCATION", SpanState::Pending)];
        let doc = doc_with(&a, "aigerim", DocStatus::Done, spans);
        let mut out = Vec::new();
        write_header(&mut out).unwrap();
        write(&mut out, &item(&a, &doc), &mut Tally::default()).unwrap();
        let rows = parse(&String::from_utf8(out).unwrap());
        assert_eq!(rows[0], HEADER);
        assert_eq!(
            rows[1],
            [
                "news,1",
                "aigerim",
                "AGENCY",
                "0",
                "15",
                "«Адалдық алаңы»",
                "manual",
                "accepted",
                "2024-05-06T07:08:09Z",
                "2024-05-06T07:08:09Z",
                "атауы \"тырнақшада\""
            ]
        );
        assert_eq!(rows[2][5], ", жобасы\nАтырау");
        assert_eq!(rows[2][7], "pending");
        assert_eq!(rows.len(), 3);
    }
}
