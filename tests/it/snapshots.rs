//! The rendered human and compact output of every fixture, as reviewed snapshots: a change
//! in a message or a span shows up as a diff. Accept changes with `INSTA_UPDATE=always`.

use planlint::report::{Format, Style, render_file};

use crate::{fixtures_dir, lint_fixture};

#[test]
fn rendered_output_of_every_fixture() {
    let style = Style::plain(80);
    insta::glob!("../../fixtures", "**/*.md", |path| {
        if !crate::is_plan(path) {
            return;
        }
        let relative = path
            .strip_prefix(fixtures_dir())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let linted = lint_fixture(&relative);
        let compact = render_file(Format::Compact, style, &linted).chunk;
        let human = render_file(Format::Human, style, &linted).chunk;
        insta::assert_snapshot!(format!("{compact}\n{human}"));
    });
}
