//! Every provider profile, one file each. Adding a provider is adding a file here and a line
//! to [`PROFILES`]; the checks, rule names, `plankit targets` and the README table follow.

mod anthropic;
mod azure_openai;
mod deepseek;
mod gemini;
mod gemini_json_schema;
mod groq;
mod mistral;
pub(crate) mod openai_strict;
mod portable;
mod xai;

use crate::provider::profile::Profile;

/// Every profile, in the order targets are listed.
pub static PROFILES: &[&Profile] = &[
    &openai_strict::PROFILE,
    &azure_openai::PROFILE,
    &anthropic::PROFILE,
    &gemini::PROFILE,
    &gemini_json_schema::PROFILE,
    &xai::PROFILE,
    &groq::PROFILE,
    &mistral::PROFILE,
    &deepseek::PROFILE,
    &portable::PROFILE,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::profile::{Requirement, Support};

    /// `portable` stands for every target but `gemini` (`responseSchema`), whose ban on
    /// `additionalProperties` no strict target can live with.
    fn members() -> impl Iterator<Item = &'static Profile> {
        PROFILES.iter().copied().filter(|p| !["portable", "gemini"].contains(&p.target))
    }

    fn at_least(portable: Support, other: Support) -> bool {
        portable.strictness() >= other.strictness()
    }

    fn requires(portable: Requirement, other: Requirement) -> bool {
        portable.is_required() || !other.is_required()
    }

    fn no_looser(portable: Option<usize>, other: Option<usize>) -> bool {
        match (portable, other) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(p), Some(o)) => p <= o,
        }
    }

    #[test]
    fn portable_is_at_least_as_strict_as_every_target() {
        let portable = &portable::PROFILE;
        for other in members() {
            let name = other.target;
            for keyword in crate::schema::KEYWORDS {
                let (p, o) = (portable.keywords.support(keyword), other.keywords.support(keyword));
                let annotation = portable.keywords.annotations.contains(keyword) && !o.is_rejected();
                assert!(annotation || at_least(p, o), "portable is looser than {name} on `{keyword}`");
            }
            // where portable rejects `format` (or `pattern`) itself, their values do not matter
            if let Some(formats) = &other.formats
                && !portable.keywords.support("format").is_rejected()
            {
                assert!(formats.otherwise.severity().is_none(), "portable must restrict formats like {name}");
            }
            if !portable.keywords.support("pattern").is_rejected() {
                assert!(at_least(portable.regex_features, other.regex_features), "{name}: regex");
            }
            for limit in other.value_limits {
                for keyword in limit.keywords {
                    assert!(
                        portable.keywords.support(keyword).is_rejected(),
                        "portable must reject `{keyword}` like {name}"
                    );
                }
            }
            for (what, p, o) in [
                ("root object", portable.root_object, other.root_object),
                ("additionalProperties", portable.additional_properties_false, other.additional_properties_false),
                ("required", portable.all_required, other.all_required),
                ("items", portable.array_items, other.array_items),
                ("properties", portable.object_properties, other.object_properties),
                ("json", portable.prompt.mentions_json, other.prompt.mentions_json),
                ("schema", portable.prompt.includes_schema, other.prompt.includes_schema),
            ] {
                assert!(requires(p, o), "portable is looser than {name} on {what}");
            }
            for (what, p, o) in [
                ("root union", portable.root_union, other.root_union),
                ("tuple items", portable.tuple_items, other.tuple_items),
                ("type arrays", portable.type_arrays, other.type_arrays),
                ("$ref siblings", portable.ref_siblings, other.ref_siblings),
                ("recursion", portable.recursion, other.recursion),
                ("boolean schemas", portable.boolean_schemas, other.boolean_schemas),
            ] {
                assert!(at_least(p, o), "portable is looser than {name} on {what}");
            }
            if let Some(types) = &other.enum_types {
                let allowed = portable.enum_types.as_ref().map(|t| t.allowed).unwrap_or(&[]);
                assert!(allowed.iter().all(|t| types.allowed.contains(t)), "portable enum types vs {name}");
            }
            let (pl, ol) = (&portable.limits, &other.limits);
            let max = |l: Option<crate::provider::profile::Limit>| l.map(|l| l.max);
            assert!(no_looser(max(pl.depth), max(ol.depth)), "{name}: depth");
            assert!(no_looser(max(pl.properties), max(ol.properties)), "{name}: properties");
            assert!(no_looser(max(pl.enum_values), max(ol.enum_values)), "{name}: enum values");
            assert!(no_looser(max(pl.string_chars), max(ol.string_chars)), "{name}: string budget");
            assert!(no_looser(max(pl.optional_properties), max(ol.optional_properties)), "{name}: optional");
            assert!(no_looser(max(pl.union_properties), max(ol.union_properties)), "{name}: unions");
        }
    }

    #[test]
    fn every_profile_is_dated_and_sourced() {
        for profile in PROFILES {
            assert!(profile.checked.len() == 10 && profile.checked.starts_with("20"), "{}", profile.target);
            assert!(!profile.source.is_empty() && !profile.provider.is_empty(), "{}", profile.target);
        }
        let mut names: Vec<_> = PROFILES.iter().map(|p| p.target).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), PROFILES.len(), "target names are unique");
    }
}
