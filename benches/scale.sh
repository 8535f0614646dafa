#!/bin/sh
# Whole-process figures for the README's "Performance and scale" table: generates the
# corpora, then times each command with /usr/bin/time (wall seconds, peak memory).
#
#   benches/scale.sh                 realistic 10k and 100k, basic 100k, lint vs verify
#   benches/scale.sh 10000 300000    realistic corpora of these sizes (basic 100k too)
#
# Corpora, indexes and the workspace data dir go under $TANBA_SCALE_DIR (default
# /tmp/tanba-scale); nothing is written in the repository. Times depend on the machine and
# on what else runs on it: run it on an idle machine, or say that it was not.
set -eu

DIR=${TANBA_SCALE_DIR:-/tmp/tanba-scale}
SIZES=${*:-10000 100000}
mkdir -p "$DIR"
cargo build --release --features generate --bin tanba --example gen_corpus --example search_session
BIN=target/release
TANBA=$BIN/tanba
# the default workspace (and so the search index) lands here, never in the user's data
export XDG_DATA_HOME="$DIR/data"

# run LABEL COMMAND...: prints the wall time and peak memory of COMMAND
run() {
    label=$1
    shift
    if ! /usr/bin/time -f "%e %M %U %S" -o "$DIR/time.out" "$@" >"$DIR/stdout.out" 2>"$DIR/stderr.out"; then
        echo "$label: failed"
        cat "$DIR/stderr.out"
        return 1
    fi
    read -r secs kb user sys <"$DIR/time.out"
    # CPU time (user + system) beside the wall time: on a loaded machine it moves far less
    printf '%-44s %7.2f s %7d MB  CPU %6.2f s\n' "$label" "$secs" $((kb / 1024)) \
        "$(echo "$user $sys" | awk '{ print $1 + $2 }')"
    LAST_SECS=$secs
}

corpus() { # corpus VOCABULARY ARTICLES -> path
    file="$DIR/$1-$2.jsonl"
    if [ ! -s "$file" ]; then
        $BIN/examples/gen_corpus --vocabulary "$1" --articles "$2" --out "$file" --count-forms \
            2>"$DIR/forms-$1-$2.txt"
    fi
    echo "$file"
}

size_mb() {
    echo $(($(wc -c <"$1") / 1000000))
}

for n in $SIZES; do
    file=$(corpus realistic "$n")
    echo "== realistic, $n articles: $(size_mb "$file") MB, $(cat "$DIR/forms-realistic-$n.txt")"
    rm -rf "$XDG_DATA_HOME"
    run "validate (load)" $TANBA validate "$file"
    run "stats" $TANBA stats "$file"
    run "search, first run (builds the index)" $TANBA search "$file" атырау
    for q in атырау Atyrau жемкорлык балаларымыздың; do
        run "search $q (index read)" $TANBA search "$file" "$q"
    done
    rm -rf "$DIR/session-index-$n"
    run "annotator search session (builds the index)" $BIN/examples/search_session "$file" "$DIR/session-index-$n"
    cat "$DIR/stdout.out"
    run "annotator search session (index read)" $BIN/examples/search_session "$file" "$DIR/session-index-$n"
    cat "$DIR/stdout.out"
done

file=$(corpus basic 100000)
echo "== basic, 100000 articles: $(size_mb "$file") MB, $(cat "$DIR/forms-basic-100000.txt")"
# three rounds: the export ratios are to the load of the same round; `sync` before each
# command, so that none pays for writing out the last one's output (spaCy's is 1.8 GB)
for round in 1 2 3; do
    echo "-- round $round"
    sync
    run "validate (load)" $TANBA validate "$file"
    load_secs=$LAST_SECS
    if [ "$round" = 1 ]; then
        run "stats" $TANBA stats "$file"
    fi
    for format in jsonl conll spacy; do
        # -f spacy writes JSON lines: a .spacy file is a binary DocBin
        out="$DIR/out.$format"
        [ "$format" = spacy ] && out="$DIR/out.spacy.jsonl"
        rm -f "$out"
        sync
        run "export -f $format --include-pending -o FILE" \
            $TANBA export "$file" -f "$format" --include-pending -o "$out"
        echo "  ($(size_mb "$out") MB written; $(echo "$LAST_SECS $load_secs" |
            awk '{ printf "%.2f", $1 / $2 }')x the load)"
    done
done
sync
run "cp of the spacy output (its size)" cp "$DIR/out.spacy.jsonl" "$DIR/copy.spacy.jsonl"
rm -f "$DIR"/out.* "$DIR/copy.spacy.jsonl"

# lint against verify on one workspace: realistic 100k articles, every other one annotated
# by `bench` (50,000 files, gen_corpus --workspace); the issue asks lint <= 2x verify
lint_file="$DIR/lint-corpus.jsonl"
lint_ws="$DIR/lint-ws"
if [ ! -d "$lint_ws/annotations/bench" ]; then
    rm -rf "$lint_ws"
    $BIN/examples/gen_corpus --vocabulary realistic --articles 100000 --out "$lint_file" \
        --workspace "$lint_ws"
fi
echo "== lint vs verify: 100000 articles, $(ls "$lint_ws/annotations/bench" | wc -l) annotation files"
# cpu LABEL COMMAND...: as run, with the CPU seconds (user + system) too
cpu() {
    label=$1
    shift
    # exit 1 is a finding (or a drifted span), not a failure; time says so on a line first
    /usr/bin/time -f "%e %U %S" -o "$DIR/time.out" "$@" >"$DIR/stdout.out" 2>"$DIR/stderr.out" || true
    secs=$(tail -n 1 "$DIR/time.out" | awk '{ print $1 }')
    printf '%-44s %7.2f s wall %7.2f s CPU\n' "$label" "$secs" \
        "$(tail -n 1 "$DIR/time.out" | awk '{ print $2 + $3 }')"
    LAST_SECS=$secs
}
for round in 1 2 3; do
    cpu "verify" $TANBA verify "$lint_file" --workspace "$lint_ws"
    verify_secs=$LAST_SECS
    cpu "lint --json" $TANBA lint "$lint_file" --workspace "$lint_ws" --json
    echo "  ($(echo "$LAST_SECS $verify_secs" | awk '{ printf "%.2f", $1 / $2 }')x verify)"
done
