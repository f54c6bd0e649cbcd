//! Every fixture plan, with the rule ids and lines it must produce (none for clean plans).
//! Each defective plan is its format's clean plan with one kind of defect.

use crate::lint_fixture;

/// (fixture, expected (rule, line) pairs in report order).
const EXPECTED: &[(&str, &[(&str, usize)])] = &[
    ("feature-plan/specs/clean.md", &[]),
    (
        "feature-plan/specs/missing-section.md",
        &[("missing-section", 17), ("missing-section", 143)],
    ),
    (
        "feature-plan/specs/section-order.md",
        &[("section-order", 22)],
    ),
    (
        "feature-plan/specs/heading-level.md",
        &[("heading-level", 153), ("heading-level", 181)],
    ),
    (
        "feature-plan/specs/empty-section.md",
        &[("empty-section", 22), ("empty-section", 177)],
    ),
    (
        "feature-plan/specs/duplicate-section.md",
        &[("duplicate-section", 181)],
    ),
    (
        "feature-plan/specs/unknown-section.md",
        &[("unknown-section", 38), ("unknown-section", 157)],
    ),
    (
        "feature-plan/specs/heading-typo.md",
        &[("heading-typo", 153), ("heading-typo", 162)],
    ),
    (
        "feature-plan/specs/title.md",
        &[("title", 5), ("title", 186)],
    ),
    ("feature-plan/specs/preamble.md", &[("preamble", 3)]),
    ("feature-plan/specs/numbering.md", &[("numbering", 118)]),
    (
        "feature-plan/specs/placeholder.md",
        &[("placeholder", 5), ("placeholder", 19), ("placeholder", 23)],
    ),
    ("feature-plan/specs/placeholder-lookalikes.md", &[]),
    (
        "feature-plan/specs/template-text.md",
        &[("template-text", 8)],
    ),
    (
        "feature-plan/specs/section-content.md",
        &[("section-content", 17)],
    ),
    (
        "feature-plan/specs/missing-commands.md",
        &[("missing-commands", 173)],
    ),
    (
        "feature-plan/specs/required-command.md",
        &[("required-command", 173)],
    ),
    (
        "feature-plan/specs/last-step-validates.md",
        &[("last-step-validates", 135)],
    ),
    (
        "feature-plan/specs/tests-in-steps.md",
        &[("tests-in-steps", 88)],
    ),
    ("feature-plan/docs/bookmarks.md", &[("file-name", 5)]),
    (
        "feature-plan/specs/issue-7-adw-1a2b3c4d-sdlc_planner-bookmarks.md",
        &[("metadata", 9)],
    ),
    // Inline suppressions: every form silencing a real finding, and the mistakes reported.
    ("feature-plan/specs/suppressions.md", &[]),
    (
        "feature-plan/specs/invalid-suppression.md",
        &[
            ("invalid-suppression", 17),
            ("invalid-suppression", 155),
            ("invalid-suppression", 183),
        ],
    ),
    (
        "adw-feature/specs/feature-4f9c2a1e-agent-session-tags.md",
        &[],
    ),
    (
        "adw-feature/specs/feature-4f9c2a1e-missing-section.md",
        &[("missing-section", 66), ("missing-section", 119)],
    ),
    (
        "adw-feature/specs/feature-4f9c2a1e-section-order.md",
        &[("section-order", 120)],
    ),
    (
        "adw-feature/specs/feature-4f9c2a1e-heading-level.md",
        &[("heading-level", 132)],
    ),
    (
        "adw-feature/specs/feature-4f9c2a1e-empty-section.md",
        &[("empty-section", 126)],
    ),
    (
        "adw-feature/specs/feature-4f9c2a1e-duplicate-section.md",
        &[("duplicate-section", 132)],
    ),
    (
        "adw-feature/specs/feature-4f9c2a1e-unknown-section.md",
        &[("unknown-section", 132)],
    ),
    (
        "adw-feature/specs/feature-4f9c2a1e-heading-typo.md",
        &[("heading-typo", 13)],
    ),
    (
        "adw-feature/specs/feature-4f9c2a1e-title.md",
        &[("title", 1)],
    ),
    (
        "adw-feature/specs/feature-4f9c2a1e-numbering.md",
        &[("numbering", 67)],
    ),
    (
        "adw-feature/specs/feature-4f9c2a1e-placeholder.md",
        &[("placeholder", 4), ("placeholder", 11)],
    ),
    (
        "adw-feature/specs/feature-4f9c2a1e-template-text.md",
        &[("template-text", 121)],
    ),
    (
        "adw-feature/specs/feature-4f9c2a1e-section-content.md",
        &[("section-content", 103), ("section-content", 104)],
    ),
    (
        "adw-feature/specs/feature-4f9c2a1e-missing-commands.md",
        &[("missing-commands", 111)],
    ),
    (
        "adw-feature/specs/feature-4f9c2a1e-required-command.md",
        &[("required-command", 111)],
    ),
    (
        "adw-feature/specs/agent-session-tags.md",
        &[("file-name", 1)],
    ),
    (
        "adw-feature/specs/feature-4f9c2a1e-metadata.md",
        &[("metadata", 3), ("metadata", 4)],
    ),
    ("staged-spec/clean.md", &[]),
    ("staged-spec/in-progress.md", &[]),
    ("staged-spec/pinned.md", &[]),
    ("staged-spec/missing-section.md", &[("missing-section", 33)]),
    ("staged-spec/section-order.md", &[("section-order", 9)]),
    ("staged-spec/heading-level.md", &[("heading-level", 145)]),
    ("staged-spec/empty-section.md", &[("empty-section", 29)]),
    (
        "staged-spec/duplicate-section.md",
        &[("duplicate-section", 53)],
    ),
    ("staged-spec/heading-typo.md", &[("heading-typo", 23)]),
    ("staged-spec/title.md", &[("title", 1)]),
    ("staged-spec/numbering.md", &[("numbering", 208)]),
    ("staged-spec/placeholder.md", &[("placeholder", 1)]),
    ("staged-spec/template-text.md", &[("template-text", 109)]),
    ("staged-spec/section-content.md", &[("section-content", 53)]),
    ("numbered-plan/clean.md", &[]),
    ("numbered-plan/renumbered.md", &[]),
    (
        "numbered-plan/missing-section.md",
        &[("missing-section", 63)],
    ),
    ("numbered-plan/section-order.md", &[("section-order", 25)]),
    ("numbered-plan/heading-level.md", &[("heading-level", 20)]),
    ("numbered-plan/empty-section.md", &[("empty-section", 48)]),
    (
        "numbered-plan/duplicate-section.md",
        &[("duplicate-section", 99)],
    ),
    ("numbered-plan/heading-typo.md", &[("heading-typo", 40)]),
    ("numbered-plan/title.md", &[("title", 1)]),
    ("numbered-plan/preamble.md", &[("preamble", 1)]),
    (
        "numbered-plan/numbering.md",
        &[("numbering", 48), ("numbering", 122)],
    ),
    (
        "numbered-plan/placeholder.md",
        &[("placeholder", 38), ("placeholder", 67)],
    ),
    ("numbered-plan/template-text.md", &[("template-text", 38)]),
    (
        "numbered-plan/section-content.md",
        &[
            ("section-content", 26),
            ("section-content", 68),
            ("section-content", 101),
            ("section-content", 140),
        ],
    ),
    ("numbered-plan/style.md", &[("style", 187)]),
    ("export-plan/EXPORT/plan_payment-idempotency-keys.md", &[]),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-missing-path.md",
        &[("missing-path", 75), ("missing-path", 79)],
    ),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-new-path-exists.md",
        &[("new-path-exists", 70)],
    ),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-missing-section.md",
        &[("missing-section", 15)],
    ),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-section-order.md",
        &[("section-order", 182)],
    ),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-heading-level.md",
        &[("heading-level", 241)],
    ),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-empty-section.md",
        &[("empty-section", 232)],
    ),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-duplicate-section.md",
        &[("duplicate-section", 15)],
    ),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-heading-typo.md",
        &[("heading-typo", 217)],
    ),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-title.md",
        &[("title", 1)],
    ),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-numbering.md",
        &[("numbering", 54)],
    ),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-placeholder.md",
        &[("placeholder", 1), ("placeholder", 1)],
    ),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-needs-confirmation.md",
        &[("needs-confirmation", 48), ("needs-confirmation", 242)],
    ),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-section-content.md",
        &[
            ("section-content", 3),
            ("section-content", 70),
            ("section-content", 95),
            ("section-content", 211),
        ],
    ),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-missing-commands.md",
        &[("missing-commands", 182)],
    ),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-style.md",
        &[("style", 89), ("style", 239)],
    ),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-file-name.md",
        &[("file-name", 1)],
    ),
    (
        "export-plan/docs/plan_payment-idempotency-keys.md",
        &[("file-name", 1)],
    ),
    (
        "export-plan/EXPORT/plan_payment-idempotency-keys-no-steps.md",
        &[("section-content", 83)],
    ),
    // Bug plans of the feature-plan family.
    (
        "bug-plan/specs/issue-12-adw-5e6f7a8b-sdlc_planner-fix-export-nulls.md",
        &[],
    ),
    (
        "bug-plan/specs/missing-section.md",
        &[("missing-section", 51)],
    ),
    ("bug-plan/specs/section-order.md", &[("section-order", 29)]),
    ("bug-plan/specs/heading-level.md", &[("heading-level", 29)]),
    ("bug-plan/specs/empty-section.md", &[("empty-section", 18)]),
    (
        "bug-plan/specs/duplicate-section.md",
        &[("duplicate-section", 97)],
    ),
    (
        "bug-plan/specs/unknown-section.md",
        &[("unknown-section", 52)],
    ),
    ("bug-plan/specs/heading-typo.md", &[("heading-typo", 29)]),
    ("bug-plan/specs/title.md", &[("title", 1)]),
    ("bug-plan/specs/numbering.md", &[("numbering", 83)]),
    (
        "bug-plan/specs/placeholder.md",
        &[("placeholder", 5), ("placeholder", 16)],
    ),
    ("bug-plan/specs/template-text.md", &[("template-text", 30)]),
    (
        "bug-plan/specs/missing-commands.md",
        &[("missing-commands", 86)],
    ),
    (
        "bug-plan/specs/last-step-validates.md",
        &[("last-step-validates", 83)],
    ),
    (
        "bug-plan/specs/tests-in-steps.md",
        &[("tests-in-steps", 66)],
    ),
    ("bug-plan/specs/missing-path.md", &[("missing-path", 57)]),
    (
        "bug-plan/specs/new-path-exists.md",
        &[("new-path-exists", 63)],
    ),
    ("bug-plan/docs/export-nulls.md", &[("file-name", 1)]),
    (
        "bug-plan/specs/issue-12-adw-5e6f7a8b-sdlc_planner-fix-export-nulls-rerun.md",
        &[("metadata", 5)],
    ),
    // Chore plans of the feature-plan family.
    (
        "chore-plan/specs/issue-31-adw-2c4e6a80-sdlc_planner-row-limit-setting.md",
        &[],
    ),
    (
        "chore-plan/specs/missing-section.md",
        &[("missing-section", 48)],
    ),
    (
        "chore-plan/specs/section-order.md",
        &[("section-order", 15)],
    ),
    ("chore-plan/specs/heading-level.md", &[("heading-level", 8)]),
    ("chore-plan/specs/empty-section.md", &[("empty-section", 8)]),
    (
        "chore-plan/specs/duplicate-section.md",
        &[("duplicate-section", 48)],
    ),
    (
        "chore-plan/specs/unknown-section.md",
        &[("unknown-section", 28)],
    ),
    ("chore-plan/specs/heading-typo.md", &[("heading-typo", 48)]),
    ("chore-plan/specs/title.md", &[("title", 1)]),
    ("chore-plan/specs/numbering.md", &[("numbering", 45)]),
    (
        "chore-plan/specs/placeholder.md",
        &[("placeholder", 4), ("placeholder", 55)],
    ),
    (
        "chore-plan/specs/template-text.md",
        &[("template-text", 18)],
    ),
    (
        "chore-plan/specs/missing-commands.md",
        &[("missing-commands", 48)],
    ),
    (
        "chore-plan/specs/last-step-validates.md",
        &[("last-step-validates", 41)],
    ),
    ("chore-plan/specs/missing-path.md", &[("missing-path", 21)]),
    (
        "chore-plan/specs/new-path-exists.md",
        &[("new-path-exists", 26)],
    ),
    ("chore-plan/docs/row-limit-setting.md", &[("file-name", 1)]),
    (
        "chore-plan/specs/issue-31-adw-NA-sdlc_planner-row-limit-setting.md",
        &[("metadata", 5)],
    ),
    // Patch plans of the feature-plan family.
    (
        "patch-plan/specs/patch/patch-adw-7d8e9f0a-confirm-bookmark-delete.md",
        &[],
    ),
    (
        "patch-plan/specs/patch/patch-adw-7d8e9f0a-missing-section.md",
        &[("missing-section", 32)],
    ),
    (
        "patch-plan/specs/patch/patch-adw-7d8e9f0a-section-order.md",
        &[("section-order", 7)],
    ),
    (
        "patch-plan/specs/patch/patch-adw-7d8e9f0a-heading-level.md",
        &[("heading-level", 32)],
    ),
    (
        "patch-plan/specs/patch/patch-adw-7d8e9f0a-empty-section.md",
        &[("empty-section", 7)],
    ),
    (
        "patch-plan/specs/patch/patch-adw-7d8e9f0a-duplicate-section.md",
        &[("duplicate-section", 40)],
    ),
    (
        "patch-plan/specs/patch/patch-adw-7d8e9f0a-heading-typo.md",
        &[("heading-typo", 18)],
    ),
    (
        "patch-plan/specs/patch/patch-adw-7d8e9f0a-title.md",
        &[("title", 1)],
    ),
    (
        "patch-plan/specs/patch/patch-adw-7d8e9f0a-numbering.md",
        &[("numbering", 29)],
    ),
    (
        "patch-plan/specs/patch/patch-adw-7d8e9f0a-placeholder.md",
        &[("placeholder", 8), ("placeholder", 41)],
    ),
    (
        "patch-plan/specs/patch/patch-adw-7d8e9f0a-template-text.md",
        &[("template-text", 21)],
    ),
    (
        "patch-plan/specs/patch/patch-adw-7d8e9f0a-section-content.md",
        &[("section-content", 7), ("section-content", 41)],
    ),
    (
        "patch-plan/specs/patch/patch-adw-7d8e9f0a-missing-commands.md",
        &[("missing-commands", 32)],
    ),
    (
        "patch-plan/specs/patch/patch-adw-7d8e9f0a-missing-path.md",
        &[("missing-path", 16)],
    ),
    (
        "patch-plan/specs/patch/patch-adw-7d8e9f0a-new-path-exists.md",
        &[("new-path-exists", 19)],
    ),
    (
        "patch-plan/specs/confirm-bookmark-delete.md",
        &[("file-name", 1)],
    ),
    (
        "patch-plan/specs/patch/patch-adw-7d8e9f0a-metadata.md",
        &[("metadata", 4)],
    ),
    // GitHub spec-kit specs (a draft of the earlier template, 013, passes).
    ("spec-kit-spec/specs/001-contact-import/spec.md", &[]),
    ("spec-kit-spec/specs/013-contact-export/spec.md", &[]),
    (
        "spec-kit-spec/specs/002-missing-section/spec.md",
        &[("missing-section", 57)],
    ),
    (
        "spec-kit-spec/specs/003-section-order/spec.md",
        &[("section-order", 64)],
    ),
    (
        "spec-kit-spec/specs/004-heading-level/spec.md",
        &[("heading-level", 66)],
    ),
    (
        "spec-kit-spec/specs/005-empty-section/spec.md",
        &[("empty-section", 86)],
    ),
    (
        "spec-kit-spec/specs/006-duplicate-section/spec.md",
        &[("duplicate-section", 95)],
    ),
    (
        "spec-kit-spec/specs/007-heading-typo/spec.md",
        &[("heading-typo", 66)],
    ),
    ("spec-kit-spec/specs/008-title/spec.md", &[("title", 1)]),
    (
        "spec-kit-spec/specs/009-numbering/spec.md",
        &[("numbering", 30)],
    ),
    (
        "spec-kit-spec/specs/010-preamble/spec.md",
        &[("preamble", 1)],
    ),
    (
        "spec-kit-spec/specs/011-placeholder/spec.md",
        &[("placeholder", 4), ("placeholder", 30)],
    ),
    (
        "spec-kit-spec/specs/012-section-content/spec.md",
        &[("section-content", 77)],
    ),
    (
        "spec-kit-spec/specs/contact-import/spec.md",
        &[("file-name", 1)],
    ),
    // GitHub spec-kit implementation plans.
    ("spec-kit-plan/specs/001-contact-import/plan.md", &[]),
    (
        "spec-kit-plan/specs/002-missing-section/plan.md",
        &[("missing-section", 25)],
    ),
    (
        "spec-kit-plan/specs/003-section-order/plan.md",
        &[("section-order", 6)],
    ),
    (
        "spec-kit-plan/specs/004-heading-level/plan.md",
        &[("heading-level", 25)],
    ),
    (
        "spec-kit-plan/specs/005-empty-section/plan.md",
        &[("empty-section", 6)],
    ),
    (
        "spec-kit-plan/specs/006-duplicate-section/plan.md",
        &[("duplicate-section", 69)],
    ),
    (
        "spec-kit-plan/specs/007-heading-typo/plan.md",
        &[("heading-typo", 25)],
    ),
    ("spec-kit-plan/specs/008-title/plan.md", &[("title", 1)]),
    (
        "spec-kit-plan/specs/009-numbering/plan.md",
        &[("numbering", 33)],
    ),
    (
        "spec-kit-plan/specs/010-preamble/plan.md",
        &[("preamble", 1)],
    ),
    (
        "spec-kit-plan/specs/011-placeholder/plan.md",
        &[("placeholder", 18), ("placeholder", 66)],
    ),
    (
        "spec-kit-plan/specs/012-template-text/plan.md",
        &[("template-text", 6)],
    ),
    (
        "spec-kit-plan/specs/contact-import/plan.md",
        &[("file-name", 1)],
    ),
    // GitHub spec-kit task lists (one of the earlier template, 014, passes).
    ("spec-kit-tasks/specs/001-contact-import/tasks.md", &[]),
    ("spec-kit-tasks/specs/014-contact-export/tasks.md", &[]),
    (
        "spec-kit-tasks/specs/002-missing-section/tasks.md",
        &[("missing-section", 89)],
    ),
    (
        "spec-kit-tasks/specs/003-section-order/tasks.md",
        &[("section-order", 23)],
    ),
    (
        "spec-kit-tasks/specs/004-heading-level/tasks.md",
        &[("heading-level", 19)],
    ),
    (
        "spec-kit-tasks/specs/005-empty-section/tasks.md",
        &[("empty-section", 82)],
    ),
    (
        "spec-kit-tasks/specs/006-duplicate-section/tasks.md",
        &[("duplicate-section", 106)],
    ),
    (
        "spec-kit-tasks/specs/007-heading-typo/tasks.md",
        &[("heading-typo", 89)],
    ),
    ("spec-kit-tasks/specs/008-title/tasks.md", &[("title", 5)]),
    (
        "spec-kit-tasks/specs/009-numbering/tasks.md",
        &[("numbering", 82)],
    ),
    (
        "spec-kit-tasks/specs/010-preamble/tasks.md",
        &[("preamble", 5)],
    ),
    (
        "spec-kit-tasks/specs/011-placeholder/tasks.md",
        &[("placeholder", 27), ("placeholder", 66)],
    ),
    (
        "spec-kit-tasks/specs/012-template-text/tasks.md",
        &[("template-text", 22)],
    ),
    (
        "spec-kit-tasks/specs/013-section-content/tasks.md",
        &[("section-content", 37), ("section-content", 85)],
    ),
    (
        "spec-kit-tasks/specs/contact-import/tasks.md",
        &[("file-name", 5)],
    ),
    // Every path and command case of issue 4, in one plan; tests/it/paths.rs checks the
    // messages.
    (
        "repos/paths/specs/references.md",
        &[
            ("missing-path", 45),
            ("missing-path", 46),
            ("missing-path", 48),
            ("path-out-of-scope", 48),
            ("path-out-of-scope", 49),
            ("path-out-of-scope", 50),
            ("path-out-of-scope", 51),
            ("path-outside-root", 52),
            ("path-outside-root", 53),
            ("path-outside-root", 54),
            ("path-outside-root", 55),
            ("path-outside-root", 56),
            ("path-out-of-scope", 58),
            ("path-out-of-scope", 59),
            ("path-out-of-scope", 59),
            ("path-out-of-scope", 60),
            ("path-out-of-scope", 61),
            ("new-path-exists", 66),
            ("unresolvable-command", 183),
            ("unresolvable-command", 184),
            ("unresolvable-command", 186),
            ("unresolvable-command", 188),
            ("unresolvable-command", 190),
            ("unresolvable-command", 191),
            ("unresolvable-command", 193),
            ("unresolvable-command", 195),
            ("path-outside-root", 196),
        ],
    ),
    // A team's own variants of feature-plan, written only in TOML (fixtures/repos/team/rulesets).
    ("repos/team/specs/team-feature.md", &[]),
    (
        "repos/team/specs/team-feature-missing-section.md",
        &[("missing-section", 169)],
    ),
    ("repos/team/specs/upstream-feature.md", &[]),
    ("unknown-format/meeting-notes.md", &[("unknown-format", 1)]),
    ("unknown-format/bad-pin.md", &[("unknown-format", 1)]),
];

#[test]
fn fixtures_produce_exactly_the_expected_findings() {
    let mut failures = Vec::new();
    for (fixture, expected) in EXPECTED {
        let linted = lint_fixture(fixture);
        let found: Vec<(&str, usize)> = linted
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.rule.id,
                    linted
                        .document
                        .as_ref()
                        .unwrap()
                        .position(d.span.start)
                        .line,
                )
            })
            .collect();
        if found != *expected {
            failures.push(format!(
                "{fixture}:\n  expected {expected:?}\n  found    {found:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn each_fixture_is_detected_as_its_folder_format() {
    for (fixture, _) in EXPECTED {
        let (folder, _) = fixture.split_once('/').unwrap();
        let team = ["team-feature", "upstream-feature"];
        let expected = match folder {
            "unknown-format" => None,
            "repos" if fixture.starts_with("repos/team/") => {
                team.into_iter().find(|id| fixture.contains(id))
            }
            "repos" => Some("feature-plan"),
            format => Some(format),
        };
        assert_eq!(
            lint_fixture(fixture).ruleset.as_deref(),
            expected,
            "{fixture}"
        );
    }
}

#[test]
fn every_fixture_is_listed() {
    let mut listed: Vec<String> = EXPECTED.iter().map(|(f, _)| f.to_string()).collect();
    listed.sort_unstable();
    let mut on_disk = crate::fixture_plans();
    on_disk.sort_unstable();
    assert_eq!(listed, on_disk);
}

/// Every structure rule has a failing fixture in every format where it applies, and every
/// format has a clean plan. (Content rules are format-specific; `every_rule_fails_somewhere`
/// covers them.)
#[test]
fn every_structure_rule_fails_somewhere_in_every_format() {
    let structure = [
        "missing-section",
        "section-order",
        "heading-level",
        "empty-section",
        "duplicate-section",
        "heading-typo",
        "title",
        "numbering",
    ];
    for format in [
        "feature-plan",
        "adw-feature",
        "staged-spec",
        "numbered-plan",
        "export-plan",
        "bug-plan",
        "chore-plan",
        "patch-plan",
        "spec-kit-spec",
        "spec-kit-plan",
        "spec-kit-tasks",
    ] {
        let clean = EXPECTED
            .iter()
            .any(|(f, e)| f.starts_with(format) && e.is_empty());
        assert!(clean, "{format} has no clean plan");
        for rule in structure {
            let covered = EXPECTED
                .iter()
                .any(|(f, e)| f.starts_with(format) && e.iter().any(|(r, _)| *r == rule));
            assert!(covered, "no {format} fixture fails {rule}");
        }
    }
}

/// One message style, as clippy enforces for its lints: a message says what was found, in
/// lower case and without a final period; help says what to do, starting with a verb.
#[test]
fn messages_follow_one_style() {
    const VERBS: &[&str] = &[
        "add", "move", "change", "merge", "rename", "write", "start", "make", "renumber", "pin",
        "did", "use", "replace", "remove", "list", "end", "state", "say", "save", "fill", "give",
        "mark", "check", "point", "keep", "run",
    ];
    for (fixture, _) in EXPECTED {
        for d in lint_fixture(fixture).diagnostics {
            let first = d.message.chars().next().unwrap();
            assert!(
                !first.is_uppercase() && !d.message.ends_with('.'),
                "{fixture}: message {:?}",
                d.message
            );
            let help = d
                .help
                .as_deref()
                .unwrap_or_else(|| panic!("{fixture}: {} has no help", d.rule.id));
            let verb = help.split_whitespace().next().unwrap();
            assert!(
                VERBS.contains(&verb) && !help.ends_with('.'),
                "{fixture}: help {help:?}"
            );
        }
    }
}

/// Every rule that lints plans has a failing fixture; the clean plans are the passing ones.
#[test]
fn every_rule_fails_somewhere() {
    for rule in planlint::rules::all() {
        // Tested where they arise: unreadable files (tests/it/inputs.rs), planlint's own bugs
        // (src/lint.rs).
        if ["invalid-input", "internal-error"].contains(&rule.id) {
            continue;
        }
        let covered = EXPECTED
            .iter()
            .any(|(_, e)| e.iter().any(|(r, _)| *r == rule.id));
        assert!(covered, "no fixture fails {}", rule.id);
    }
}
