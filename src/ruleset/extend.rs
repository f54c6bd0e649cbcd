//! `extends`: a ruleset derived from another, by what it changes.
//!
//! The base ruleset's file is resolved (its own `extends` first) and checked on its own, so
//! that its mistakes point into its own file; then the derived file's changes are applied:
//! sections removed (with their subsections), renamed (references follow), changed key by
//! key, added where `after` / `before` put them; severities merged; placeholders, template
//! text, instruction markers and style rules added; other tables (title, commands, ...)
//! replaced when given. The result is compiled as if it had been written out whole, which is
//! what `planlint ruleset show` prints.
//!
//! Values inherited from the base lose their place (their spans pointed into the other
//! file): an error about one is reported without a snippet rather than at a wrong place.

use std::ops::Range;

use toml::Spanned;

use super::schema::{RulesetFile, SectionFile};
use super::{Compiler, Source};
use crate::document::key;
use crate::suggest;
use crate::toml_error::{self, TomlError};

/// Longest chain of rulesets extending one another.
const MAX_DEPTH: usize = 16;

/// The file of `source` with its `extends` applied. `known` are the rulesets it may extend,
/// searched in order; `chain` the rulesets being resolved, to catch cycles.
pub(super) fn resolve(
    source: &Source,
    known: &[Source],
    chain: &mut Vec<String>,
) -> Result<RulesetFile, Box<TomlError>> {
    let file: RulesetFile = toml_error::parse("ruleset", &source.origin, &source.text)?;
    let Some(base_id) = file.extends.clone() else {
        return Ok(file);
    };
    let at = Errors { source };
    // A team ruleset may replace a built-in and extend it: its base is the next ruleset of
    // that id, never itself.
    let base = known
        .iter()
        .find(|k| k.id == *base_id.get_ref() && !k.is(source))
        .ok_or_else(|| {
            let help = suggest::closest(base_id.get_ref(), known.iter().map(|k| k.id.as_str()))
                .map_or_else(
                    || "extends names a built-in ruleset or one of the team's, by id".to_string(),
                    |near| format!("did you mean `{near}`?"),
                );
            at.error(
                base_id.span(),
                format!("unknown ruleset `{}`", base_id.get_ref()),
                Some(help),
            )
        })?;
    let label = format!("{} ({})", base.id, base.origin);
    if chain.contains(&label) || chain.len() >= MAX_DEPTH {
        chain.push(label);
        return Err(at.error(
            base_id.span(),
            format!(
                "rulesets extend one another in a cycle: {}",
                chain.join(" -> ")
            ),
            None,
        ));
    }
    chain.push(label);
    let base_file = resolve(base, known, chain)?;
    chain.pop();
    Compiler::new(base).compile(&base.id, base_file.clone())?;
    merge(base_file, file, &at)
}

/// Errors in the derived file.
struct Errors<'a> {
    source: &'a Source,
}

impl Errors<'_> {
    fn error(&self, span: Range<usize>, message: String, help: Option<String>) -> Box<TomlError> {
        let error = TomlError::new(
            "ruleset",
            &self.source.origin,
            &self.source.text,
            Some(span),
            message,
        );
        Box::new(match help {
            Some(help) => error.with_help(help),
            None => error,
        })
    }

    /// `name` names no section of `sections`.
    fn unknown(&self, name: &Spanned<String>, sections: &[SectionFile]) -> Box<TomlError> {
        let help = suggest::closest(
            name.get_ref(),
            sections.iter().map(|s| s.name.get_ref().as_str()),
        )
        .map(|near| format!("did you mean `{near}`?"));
        self.error(
            name.span(),
            format!("the base ruleset has no section `{}`", name.get_ref()),
            help,
        )
    }
}

fn merge(
    mut base: RulesetFile,
    patch: RulesetFile,
    at: &Errors<'_>,
) -> Result<RulesetFile, Box<TomlError>> {
    forget_places(&mut base);
    let mut sections = std::mem::take(&mut base.sections);
    let mut removed: Vec<(String, Range<usize>)> = Vec::new();
    for name in &patch.remove_sections {
        let index =
            position(&sections, name.get_ref()).ok_or_else(|| at.unknown(name, &sections))?;
        for gone in take_subtree(&mut sections, index) {
            removed.push((key(gone.name.get_ref()), name.span()));
        }
    }
    for (old, new) in &patch.rename_sections {
        let index = position(&sections, old.get_ref()).ok_or_else(|| at.unknown(old, &sections))?;
        if position(&sections, new.get_ref()).is_some() {
            return Err(at.error(
                new.span(),
                format!("the base ruleset already has a section `{}`", new.get_ref()),
                None,
            ));
        }
        sections[index].name = new.clone();
        rename_references(&mut sections, &mut base, old.get_ref(), new.get_ref());
    }
    for change in patch.sections {
        apply(&mut sections, change, at)?;
    }
    let mut severity = base.severity;
    severity.extend(patch.severity);
    let merged = RulesetFile {
        extends: None,
        name: patch.name.or(base.name),
        description: patch.description.or(base.description),
        title: patch.title.or(base.title),
        preamble: patch.preamble.or(base.preamble),
        instruction_markers: concat(base.instruction_markers, patch.instruction_markers),
        severity,
        detect: patch.detect.or(base.detect),
        remove_sections: Vec::new(),
        rename_sections: Default::default(),
        sections,
        placeholders: concat(base.placeholders, patch.placeholders),
        template_text: concat(base.template_text, patch.template_text),
        stages: patch.stages.or(base.stages),
        confirmation: patch.confirmation.or(base.confirmation),
        commands: patch.commands.or(base.commands),
        style: concat(base.style, patch.style),
        file_name: patch.file_name.or(base.file_name),
        metadata: patch.metadata.or(base.metadata),
        paths: patch.paths.or(base.paths),
    };
    if let Some((name, span)) = section_references(&merged)
        .find_map(|name| removed.iter().find(|(gone, _)| *gone == key(name)))
    {
        return Err(at.error(
            span.clone(),
            format!("`{name}` is removed, but the ruleset still refers to it"),
            Some(
                "change the table that names it too ([commands], [confirmation], [metadata] or a [[style]] rule)"
                    .into(),
            ),
        ));
    }
    Ok(merged)
}

/// Applies one `[[section]]` of the derived file: changes the section of that name, or adds
/// it; then puts it where `after` / `before` say.
fn apply(
    sections: &mut Vec<SectionFile>,
    mut change: SectionFile,
    at: &Errors<'_>,
) -> Result<(), Box<TomlError>> {
    let place = change
        .after
        .take()
        .map(|a| (a, true))
        .or(change.before.take().map(|b| (b, false)));
    let index = match position(sections, change.name.get_ref()) {
        Some(index) => {
            update(&mut sections[index], change);
            index
        }
        None => {
            sections.push(change);
            sections.len() - 1
        }
    };
    let Some((anchor, after)) = place else {
        return Ok(());
    };
    let Some(anchor_index) = position(sections, anchor.get_ref()) else {
        return Err(at.unknown(&anchor, sections));
    };
    let parent = |s: &SectionFile| s.parent.as_ref().map(|p| key(p.get_ref()));
    if parent(&sections[anchor_index]) != parent(&sections[index]) || anchor_index == index {
        return Err(at.error(
            anchor.span(),
            format!(
                "`{}` is not a sibling of `{}`",
                anchor.get_ref(),
                sections[index].name.get_ref()
            ),
            Some("`after` and `before` name a section with the same parent".into()),
        ));
    }
    let moved = take_subtree(sections, index);
    let anchor_index = position(sections, anchor.get_ref()).expect("the anchor was not moved");
    let at_index = if after {
        subtree(sections, anchor_index)
            .last()
            .map_or(anchor_index, |&i| i)
            + 1
    } else {
        anchor_index
    };
    sections.splice(at_index..at_index, moved);
    Ok(())
}

/// Overwrites the keys `change` gives.
fn update(section: &mut SectionFile, change: SectionFile) {
    macro_rules! given {
        ($($field:ident),*) => {
            $(if change.$field.is_some() { section.$field = change.$field; })*
        };
    }
    given!(
        level,
        parent,
        aliases,
        pattern,
        required,
        repeat,
        min,
        stage,
        allow_empty,
        text,
        text_example,
        task_list,
        table,
        fence,
        items,
        items_example,
        labels,
        mentions,
        one_paragraph,
        min_items,
        template,
        paths,
        path_table
    );
}

fn position(sections: &[SectionFile], name: &str) -> Option<usize> {
    let wanted = key(name);
    sections
        .iter()
        .position(|s| key(s.name.get_ref()) == wanted)
}

/// Indices of the section at `index` and of every section under it, in file order.
fn subtree(sections: &[SectionFile], index: usize) -> Vec<usize> {
    let mut names = vec![key(sections[index].name.get_ref())];
    let mut indices = vec![index];
    for (i, section) in sections.iter().enumerate().skip(index + 1) {
        if let Some(parent) = &section.parent
            && names.contains(&key(parent.get_ref()))
        {
            names.push(key(section.name.get_ref()));
            indices.push(i);
        }
    }
    indices
}

/// Removes the section at `index` with its subsections and returns them, in order.
fn take_subtree(sections: &mut Vec<SectionFile>, index: usize) -> Vec<SectionFile> {
    let indices = subtree(sections, index);
    let mut taken = Vec::with_capacity(indices.len());
    for &i in indices.iter().rev() {
        taken.push(sections.remove(i));
    }
    taken.reverse();
    taken
}

/// Points every reference to section `old` at `new`.
fn rename_references(sections: &mut [SectionFile], file: &mut RulesetFile, old: &str, new: &str) {
    let old = key(old);
    let follow = |name: &mut Spanned<String>| {
        if key(name.get_ref()) == old {
            *name = placeless(new.to_string());
        }
    };
    sections
        .iter_mut()
        .filter_map(|s| s.parent.as_mut())
        .for_each(follow);
    references_mut(file).for_each(follow);
}

/// The section names the file's tables refer to.
fn section_references(file: &RulesetFile) -> impl Iterator<Item = &str> {
    let commands = file
        .commands
        .iter()
        .flat_map(|c| std::iter::once(&c.section).chain(&c.steps));
    let confirmation = file.confirmation.iter().map(|c| &c.section);
    let metadata = file.metadata.iter().map(|m| &m.section);
    let style = file.style.iter().flat_map(|s| &s.sections);
    commands
        .chain(confirmation)
        .chain(metadata)
        .chain(style)
        .map(|name| name.get_ref().as_str())
}

fn references_mut(file: &mut RulesetFile) -> impl Iterator<Item = &mut Spanned<String>> {
    let commands = file
        .commands
        .iter_mut()
        .flat_map(|c| std::iter::once(&mut c.section).chain(c.steps.as_mut()));
    let confirmation = file.confirmation.iter_mut().map(|c| &mut c.section);
    let metadata = file.metadata.iter_mut().map(|m| &mut m.section);
    let style = file.style.iter_mut().flat_map(|s| s.sections.iter_mut());
    commands.chain(confirmation).chain(metadata).chain(style)
}

/// Drops the places of the base's names and references, which point into the base's file.
fn forget_places(file: &mut RulesetFile) {
    for section in &mut file.sections {
        section.name = forget(&section.name);
        section.parent = section.parent.as_ref().map(forget);
        section.level = section.level.as_ref().map(forget);
    }
    for reference in references_mut(file) {
        *reference = forget(reference);
    }
}

fn forget<T: Clone>(value: &Spanned<T>) -> Spanned<T> {
    placeless(value.get_ref().clone())
}

/// `value` without a place in any file (a span past its end, see `TomlError::new`).
fn placeless<T>(value: T) -> Spanned<T> {
    Spanned::new(usize::MAX..usize::MAX, value)
}

fn concat<T>(mut base: Vec<T>, added: Vec<T>) -> Vec<T> {
    base.extend(added);
    base
}

#[cfg(test)]
mod tests {
    use crate::ruleset::{Ruleset, Source, builtin_sources};
    use crate::toml_error::TomlError;

    fn derive(text: &str) -> Result<Ruleset, Box<TomlError>> {
        Ruleset::from_toml("team", "team.toml", text)
    }

    fn names(ruleset: &Ruleset, parent: Option<&str>) -> Vec<String> {
        let parent = parent.map(|p| ruleset.sections.iter().position(|s| s.name == p).unwrap());
        ruleset
            .children(parent)
            .iter()
            .map(|&id| ruleset.sections[id].name.clone())
            .collect()
    }

    fn feature_plan() -> &'static Ruleset {
        crate::ruleset::builtin("feature-plan").unwrap()
    }

    fn spanned(error: &TomlError) -> &str {
        &error.source.inner()[error.span.clone().expect("a place in the file")]
    }

    #[test]
    fn a_team_variant_adds_a_section_and_drops_another() {
        let team = derive(
            "extends = \"feature-plan\"\nname = \"Team feature plan\"\nremove-sections = [\"Notes\"]\n\n[[section]]\nname = \"Rollback Plan\"\nafter = \"Acceptance Criteria\"\n",
        )
        .unwrap();
        let top = names(&team, None);
        assert_eq!(
            top[top.len() - 3..],
            [
                "Acceptance Criteria",
                "Rollback Plan",
                "Validation Commands"
            ]
        );
        assert!(!top.contains(&"Notes".to_string()));
        assert_eq!(team.name, "Team feature plan");
        assert!(team.commands.is_some(), "the rest is inherited");
        assert_eq!(team.placeholders.len(), feature_plan().placeholders.len());
    }

    #[test]
    fn the_upstream_variant_makes_a_subsection_optional_or_drops_it() {
        let optional = derive(
            "extends = \"feature-plan\"\n[[section]]\nname = \"Integration Tests\"\nrequired = false\n",
        )
        .unwrap();
        let tests = optional
            .sections
            .iter()
            .find(|s| s.name == "Integration Tests")
            .unwrap();
        assert!(!tests.required);
        assert_eq!(optional.name, "Feature plan");
        let dropped =
            derive("extends = \"feature-plan\"\nremove-sections = [\"Integration Tests\"]\n")
                .unwrap();
        assert_eq!(
            names(&dropped, Some("Testing Strategy")),
            ["Unit Tests", "Edge Cases"]
        );
    }

    #[test]
    fn the_effective_file_stands_on_its_own() {
        let source = Source {
            id: "team".into(),
            origin: "team.toml".into(),
            text: "extends = \"feature-plan\"\nremove-sections = [\"Notes\"]\n[[section]]\nname = \"Rollback Plan\"\nbefore = \"Validation Commands\"\n".into(),
        };
        let text = crate::ruleset::effective_toml(&source, builtin_sources()).unwrap();
        assert!(!text.contains("extends"), "{text}");
        let derived = Ruleset::compile(&source, builtin_sources()).unwrap();
        let written_out = Ruleset::from_toml("team", "show.toml", &text).unwrap();
        assert_eq!(names(&written_out, None), names(&derived, None));
        assert_eq!(written_out.placeholders.len(), derived.placeholders.len());
    }

    #[test]
    fn a_sections_demands_change_key_by_key() {
        let team = derive(
            "extends = \"feature-plan\"\n[[section]]\nname = \"User Story\"\ntext = '(?i)\\bjob story\\b'\ntext-example = \"When <situation> I want <motivation> so I can <outcome>\"\naliases = [\"Job Story\"]\n",
        )
        .unwrap();
        let story = team
            .sections
            .iter()
            .find(|s| s.name == "User Story")
            .unwrap();
        let text = story.content.text.as_ref().unwrap();
        assert!(text.pattern.is_match("This job story says why"));
        assert!(text.example.starts_with("When <situation>"));
        assert!(story.matches("job story"));
        assert!(story.required, "keys not given keep the base's value");
    }

    #[test]
    fn removing_a_section_removes_its_subsections() {
        let team = derive("extends = \"feature-plan\"\nremove-sections = [\"Testing Strategy\"]\n")
            .unwrap();
        assert!(!team.sections.iter().any(|s| s.name == "Unit Tests"));
    }

    #[test]
    fn renaming_a_section_moves_the_references_to_it() {
        let team = derive(
            "extends = \"feature-plan\"\n[rename-sections]\n\"Validation Commands\" = \"Checks\"\n\"Testing Strategy\" = \"Tests\"\n",
        )
        .unwrap();
        let checks = team
            .sections
            .iter()
            .position(|s| s.name == "Checks")
            .unwrap();
        assert_eq!(team.commands.as_ref().unwrap().section, checks);
        assert_eq!(
            names(&team, Some("Tests")),
            ["Unit Tests", "Integration Tests", "Edge Cases"]
        );
    }

    #[test]
    fn severities_merge_and_placeholders_add_up() {
        let base = feature_plan();
        let team = derive(
            "extends = \"feature-plan\"\n[severity]\nunknown-section = \"off\"\n[[placeholder]]\npattern = 'TODO\\(team\\)'\n",
        )
        .unwrap();
        assert_eq!(team.placeholders.len(), base.placeholders.len() + 1);
        assert_eq!(
            team.severity(&crate::checks::sections::unknown_section::UNKNOWN_SECTION),
            None
        );
    }

    #[test]
    fn mistakes_point_into_the_derived_file() {
        let e = derive("extends = \"feature-plam\"\n").unwrap_err();
        assert_eq!(spanned(&e), "\"feature-plam\"");
        assert_eq!(e.help.as_deref(), Some("did you mean `feature-plan`?"));
        let e = derive("extends = \"feature-plan\"\nremove-sections = [\"Note\"]\n").unwrap_err();
        assert_eq!(spanned(&e), "\"Note\"");
        assert_eq!(e.help.as_deref(), Some("did you mean `Notes`?"));
        let e = derive("extends = \"feature-plan\"\nremove-sections = [\"Validation Commands\"]\n")
            .unwrap_err();
        assert_eq!(spanned(&e), "\"Validation Commands\"");
        assert!(e.message.contains("still refers"), "{}", e.message);
        let e = derive("extends = \"feature-plan\"\n[[section]]\nname = \"Rollback\"\nafter = \"Unit Tests\"\n").unwrap_err();
        assert_eq!(spanned(&e), "\"Unit Tests\"");
        let e = derive("extends = \"feature-plan\"\n[rename-sections]\nNotes = \"User Story\"\n")
            .unwrap_err();
        assert_eq!(spanned(&e), "\"User Story\"");
    }

    #[test]
    fn extends_names_rulesets_never_files() {
        for target in [
            "../../../../etc/passwd",
            "/etc/passwd",
            "https://example.com/r.toml",
        ] {
            let e = derive(&format!("extends = \"{target}\"\n")).unwrap_err();
            assert_eq!(spanned(&e), format!("\"{target}\""));
            assert!(e.message.starts_with("unknown ruleset"), "{}", e.message);
        }
    }

    #[test]
    fn cycles_are_reported() {
        let known = [
            Source {
                id: "a".into(),
                origin: "a.toml".into(),
                text: "extends = \"b\"\n".into(),
            },
            Source {
                id: "b".into(),
                origin: "b.toml".into(),
                text: "extends = \"a\"\n".into(),
            },
        ];
        let e = Ruleset::compile(&known[0], &known).unwrap_err();
        assert!(
            e.message
                .contains("cycle: a (a.toml) -> b (b.toml) -> a (a.toml)"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_team_ruleset_may_replace_the_built_in_it_extends() {
        let mut known = vec![Source {
            id: "feature-plan".into(),
            origin: "rulesets/feature-plan.toml".into(),
            text: "extends = \"feature-plan\"\nremove-sections = [\"Notes\"]\n".into(),
        }];
        known.extend(builtin_sources().iter().cloned());
        let team = Ruleset::compile(&known[0], &known).unwrap();
        assert!(!team.sections.iter().any(|s| s.name == "Notes"));
    }

    #[test]
    fn extension_keys_need_extends() {
        let e = Ruleset::from_toml("t", "t.toml", "name = \"x\"\nremove-sections = [\"A\"]\n")
            .unwrap_err();
        assert_eq!(spanned(&e), "\"A\"");
        let e = Ruleset::from_toml(
            "t",
            "t.toml",
            "extends = \"feature-plan\"\n[[section]]\nname = \"Rollback\"\nparent = \"Nothing\"\n",
        )
        .unwrap_err();
        assert_eq!(spanned(&e), "\"Nothing\"");
    }
}
