//! The words of a document, for naming the operations that have no operationId.
//!
//! agentOS's paths run words together in lower case (`/diary/appointmenttypes`,
//! `/sales/salesinstructions`) while its schemas, properties and parameters spell the same words
//! in camel or Pascal case (`DiaryAppointmentTypeModel`, `appointmentTypesToSearch`,
//! `SalesInstructionModel`). The [`Vocabulary`] gathers those spelt words, and splits a
//! run-together segment into them (`appointmenttypes` -> `appointment`, `types`), so that
//! names keep their words (`GetDiaryAppointmentTypes`, not `GetDiaryAppointmenttypes`). A
//! segment it cannot split whole stays one word.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr};

use super::naming::snake_case;

/// Words shorter than this are not taken from the document: too many runs would split into
/// them by accident.
const MIN_WORD: usize = 3;

/// The words a document spells out (lower case).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vocabulary {
    words: BTreeSet<String>,
}

impl Vocabulary {
    /// The words of a document's schema names, property names, parameter names and
    /// operationIds.
    pub fn of(doc: &OpenAPI) -> Self {
        let mut names: Vec<&str> = Vec::new();
        if let Some(components) = &doc.components {
            for (name, schema) in &components.schemas {
                names.push(name);
                if let ReferenceOr::Item(schema) = schema {
                    names.extend(property_names(schema));
                }
            }
        }
        for (_, _, op) in doc.operations() {
            names.extend(op.operation_id.as_deref());
            for param in &op.parameters {
                if let ReferenceOr::Item(param) = param {
                    names.push(&param.parameter_data_ref().name);
                }
            }
        }
        Self::from_names(names)
    }

    /// The words of these identifiers (split at case changes, underscores and digits).
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let words = names
            .into_iter()
            .flat_map(|name| {
                snake_case(name)
                    .split('_')
                    .filter(|w| w.len() >= MIN_WORD && w.bytes().all(|b| b.is_ascii_lowercase()))
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        Vocabulary { words }
    }

    /// Whether `text` is a word, or a word's plural (`types`, `branches`, `properties`).
    fn is_word(&self, text: &str) -> bool {
        self.words.contains(text)
            || text
                .strip_suffix('s')
                .is_some_and(|stem| self.words.contains(stem))
            || text
                .strip_suffix("es")
                .is_some_and(|stem| self.words.contains(stem))
            || text
                .strip_suffix("ies")
                .is_some_and(|stem| self.words.contains(&format!("{stem}y")))
    }

    /// The words of one path segment: split at case changes and separators as written, and a
    /// lower-case run split into the fewest words of the vocabulary that make it up whole
    /// (`salesinstructions` -> `sales`, `instructions`); otherwise the run as one word.
    pub fn split(&self, segment: &str) -> Vec<String> {
        snake_case(segment)
            .split('_')
            .filter(|w| !w.is_empty())
            .flat_map(|run| self.split_run(run))
            .collect()
    }

    fn split_run(&self, run: &str) -> Vec<String> {
        if self.is_word(run) || !run.is_ascii() {
            return vec![run.to_owned()];
        }
        // best[i]: the fewest words covering run[..i], with where the last one starts.
        let n = run.len();
        let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
        best[0] = Some((0, 0));
        for end in 1..=n {
            for start in (0..end).rev() {
                let Some((words, _)) = best[start] else {
                    continue;
                };
                if end - start >= MIN_WORD
                    && self.is_word(&run[start..end])
                    && best[end].is_none_or(|(fewest, _)| words + 1 < fewest)
                {
                    best[end] = Some((words + 1, start));
                }
            }
        }
        if best[n].is_none() {
            return vec![run.to_owned()];
        }
        let mut words = Vec::new();
        let mut end = n;
        while end > 0 {
            let Some((_, start)) = best[end] else {
                break;
            };
            words.push(run[start..end].to_owned());
            end = start;
        }
        words.reverse();
        words
    }
}

/// The property names of a schema (one level).
fn property_names(schema: &openapiv3::Schema) -> Vec<&str> {
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) => {
            object.properties.keys().map(String::as_str).collect()
        }
        openapiv3::SchemaKind::Any(any) => any.properties.keys().map(String::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Whether two words are one word, one the plural of the other or both alike
/// (`staff`/`staff`, `property`/`properties`, `photos`/`photo`).
pub fn same_word(a: &str, b: &str) -> bool {
    let singular = |w: &str| -> String {
        if let Some(stem) = w.strip_suffix("ies") {
            format!("{stem}y")
        } else if let Some(stem) = w
            .strip_suffix("es")
            .filter(|s| s.ends_with(['s', 'x', 'h']))
        {
            stem.to_owned()
        } else if let Some(stem) = w.strip_suffix('s').filter(|s| !s.ends_with('s')) {
            stem.to_owned()
        } else {
            w.to_owned()
        }
    };
    a == b || singular(a) == singular(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_into_the_documents_words_or_stay_whole() {
        let vocabulary = Vocabulary::from_names([
            "DiaryAppointmentTypeModel",
            "SalesInstructionModel",
            "appointmentTypesToSearch",
            "PropertyModel",
        ]);
        let split = |s: &str| vocabulary.split(s);
        assert_eq!(split("appointmenttypes"), ["appointment", "types"]);
        assert_eq!(split("salesinstructions"), ["sales", "instructions"]);
        assert_eq!(split("properties"), ["properties"]);
        assert_eq!(split("advertisedbetweendates"), ["advertisedbetweendates"]);
        assert_eq!(split("guestSearch"), ["guest", "search"]);
        assert_eq!(split("eer"), ["eer"]);
        assert_eq!(
            Vocabulary::default().split("appointmenttypes"),
            ["appointmenttypes"]
        );
    }

    #[test]
    fn plurals_and_singulars_are_the_same_word() {
        for (a, b) in [
            ("staff", "staff"),
            ("property", "properties"),
            ("branch", "branches"),
            ("photos", "photo"),
            ("area", "areas"),
            ("address", "addresses"),
        ] {
            assert!(same_word(a, b), "{a} {b}");
        }
        for (a, b) in [
            ("lettings", "tenancies"),
            ("diary", "appointment"),
            ("sales", "reports"),
        ] {
            assert!(!same_word(a, b), "{a} {b}");
        }
    }
}
