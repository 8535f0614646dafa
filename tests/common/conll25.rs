//! A small CoNLL IOB2 file with 25 labels (KazNERD's shape: no `-DOCSTART-`, named
//! `.txt`), built here so no dataset is committed.

/// The five default labels and twenty of KazNERD's, PERCENTAGE beside PERSON.
pub use tanba::store::testing::LABELS25 as LABELS;

/// One sentence per label (two tokens tagged with it), a sentence without entities every
/// fifth, and the issue's `20 , 7 пайызы` as a PERCENTAGE; a blank line after each.
pub fn conll25() -> String {
    let mut out = String::new();
    for (i, label) in LABELS.iter().enumerate() {
        if i % 5 == 4 {
            out += "Бүгін O\nжаңалық O\nжоқ O\n. O\n\n";
        }
        if *label == "PERCENTAGE" {
            out += "Өсім O\n20 B-PERCENTAGE\n, I-PERCENTAGE\n7 I-PERCENTAGE\nпайызы I-PERCENTAGE\n. O\n\n";
            continue;
        }
        out += &format!(
            "Сөйлем O\n{i} O\nбойынша O\nсөз{i} B-{label}\nтүбір{i} I-{label}\nболды O\n. O\n\n"
        );
    }
    out
}
