//! The library's cost per run against the physical floor, over the same files and threads.
//!
//! - `floor`: read each plan and drive pulldown-cmark over it (the options and loop of the
//!   shared bench's `mdparse`), nothing else: no linter can do less.
//! - `document`: read each plan and parse it into planlint's `Document` (the section tree and
//!   the blocks the rules read), nothing else: the least any check built on it can cost.
//! - `planlint`: what `planlint check --format compact` does after collecting the files: set
//!   up the project (configuration discovery, a fresh repository index), read, parse, select a
//!   ruleset, run every check with the path checks on, render.
//!
//! The plans are those under `$PLANLINT_BENCH_CORPUS/specs`, linted with that folder as the
//! repository (a corpus from `../shared/bench/gen_corpus.py`); without the variable, the
//! project's own fixtures. Run with `cargo bench --bench lint`; `README.md` (Performance)
//! has the numbers and the whole-binary comparison with other tools.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use divan::Bencher;
use planlint::document::Document;
use planlint::files::{self, Input};
use planlint::lint;
use planlint::project::{Overrides, Project, Projects};
use planlint::report::{self, Format, Style};
use pulldown_cmark::{Event, Options, Parser};
use rayon::prelude::*;

fn main() {
    divan::main();
}

struct Corpus {
    root: PathBuf,
    plans: Vec<Input>,
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let (root, folder) = match std::env::var_os("PLANLINT_BENCH_CORPUS") {
        Some(root) => (PathBuf::from(root), "specs"),
        None => (PathBuf::from(env!("CARGO_MANIFEST_DIR")), "fixtures"),
    };
    let (plans, _) = files::collect(&[folder.to_string()], &root, &mut |_| root.clone());
    assert!(
        !plans.is_empty(),
        "no plans under {}",
        root.join(folder).display()
    );
    Corpus { root, plans }
});

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
}

/// Times `each` over every plan of the corpus, on `threads` threads.
fn per_plan(bencher: Bencher, threads: usize, each: fn(&Path) -> usize) {
    let corpus = &*CORPUS;
    let pool = pool(threads);
    bencher.bench(|| {
        pool.install(|| {
            corpus
                .plans
                .par_iter()
                .map(|p| each(&p.path))
                .sum::<usize>()
        })
    });
}

#[divan::bench(args = [1, 2])]
fn floor(bencher: Bencher, threads: usize) {
    per_plan(bencher, threads, parse);
}

fn parse(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    Parser::new_ext(&text, options)
        .into_offset_iter()
        .filter(|(event, range)| {
            divan::black_box(range);
            matches!(event, Event::Start(_))
        })
        .count()
}

#[divan::bench(args = [1, 2])]
fn document(bencher: Bencher, threads: usize) {
    per_plan(bencher, threads, |path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        Document::parse(&text).sections.len()
    });
}

#[divan::bench(args = [1, 2])]
fn planlint(bencher: Bencher, threads: usize) {
    let corpus = &*CORPUS;
    let pool = pool(threads);
    bencher.bench(|| pool.install(|| lint_corpus(corpus)));
}

/// Bytes of compact report for the whole corpus.
fn lint_corpus(corpus: &Corpus) -> usize {
    let mut projects = Projects::new(Overrides::default(), corpus.root.clone());
    let inputs: Vec<(Input, usize)> = corpus
        .plans
        .iter()
        .filter_map(|plan| {
            let dir = plan.path.parent().unwrap_or(&corpus.root);
            Some((plan.clone(), projects.for_dir(dir)?))
        })
        .collect();
    let linters: Vec<_> = projects.list.iter().map(Project::linter).collect();
    let style = Style::plain(80);
    lint::lint_all(&linters, &inputs, |linted| {
        report::render_file(Format::Compact, style, linted)
            .chunk
            .len()
    })
    .into_iter()
    .sum()
}
