//! `structured-output/link-mismatch`

use serde_json::Value;

use crate::plan::Plan;
use crate::plan::find_structured::{Link, Resource, gitops_reference, links};
use crate::plan::structured_output::is_uuid;
use crate::rules::{Check, FileContext, Finding, Findings, declare_rule};
use crate::text::quote;

declare_rule! {
    /// A structured output's `assistantIds` and the assistants' `artifactPlan.structuredOutputIds` disagree, or a link names an output the run does not define.
    ///
    /// ## What it checks
    /// Over every file of one `plankit lint` run (a folder of structured-output files beside
    /// assistant files, as Vapi's gitops layout keeps them), and inside one file: when a
    /// structured output lists an assistant in `assistantIds` and that assistant (by its `id`)
    /// is in the run, the assistant's `artifactPlan.structuredOutputIds` names the output, and
    /// the other way round when the output writes `assistantIds`. When the run defines
    /// structured outputs with ids, every `structuredOutputIds` entry names one of them
    /// (reference vapi-structured-outputs-and-retell.md §1.9). In Vapi's gitops YAML, where
    /// a link names a resource file (`structuredOutputs/call-summary.yml` is `call-summary`,
    /// `assistants/billing/desk.md` is `billing/desk`), a name that no file of the run has is
    /// reported too: gitops drops it at push time with only a console warning. UUIDs there
    /// pass through gitops unchanged and may name resources kept elsewhere.
    ///
    /// ## Why it matters
    /// The two lists describe the same link separately and nothing keeps them in step: Vapi
    /// accepts the mismatch and its dashboard shows one side. Which side triggers extraction is
    /// not published (§2 Q16); the docs link through `artifactPlan.structuredOutputIds`.
    ///
    /// ## Example
    /// ```json
    /// [ { "id": "a1b2c3d4-e5f6-4890-abcd-ef1234567890", "model": {}, "artifactPlan": { "structuredOutputIds": [] } },
    ///   { "id": "550e8400-e29b-41d4-a716-446655440001", "name": "CSAT", "type": "ai", "schema": { "type": "integer" },
    ///     "assistantIds": ["a1b2c3d4-e5f6-4890-abcd-ef1234567890"] } ]
    /// ```
    ///
    /// ## How to fix
    /// Add the output's id to the assistant's `artifactPlan.structuredOutputIds`, or remove the
    /// assistant from the output's `assistantIds`.
    pub static RULE = "structured-output/link-mismatch", Warning, Check::File(check);
}

/// A saved structured output defined in a file.
#[derive(Debug, Clone)]
pub struct Definition {
    /// JSON Pointer of the output.
    pub pointer: String,
    /// Its `id`.
    pub id: String,
    /// Its name, for messages.
    pub name: Option<String>,
    /// `assistantIds` as written (pointer of each entry, id), or `None` when absent.
    pub assistant_ids: Option<Vec<(String, String)>>,
}

/// What one file holds of structured-output links.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    /// The saved outputs it defines (those with an `id`, or a gitops file's output).
    pub definitions: Vec<Definition>,
    /// Its `artifactPlan.structuredOutputIds` lists.
    pub links: Vec<Link>,
    /// The gitops assistant this file is, by its resource id.
    pub assistant: Option<String>,
    /// Read from gitops YAML: links name resource files.
    pub by_name: bool,
}

impl Inventory {
    /// The inventory of a parsed file and its plans; `resource` when the file is a gitops
    /// resource, whose id is its path and whose links name other files.
    pub fn of(root: &Value, plans: &[Plan], resource: Option<&Resource>) -> Inventory {
        let mut definitions = Vec::new();
        let clean = |id: &str| if resource.is_some() { gitops_reference(id).to_owned() } else { id.to_owned() };
        for part in plans.iter().flat_map(|plan| &plan.parts) {
            let Some(definition) = part.kind.structured_output() else { continue };
            // a gitops output file is the output its path names (it writes no `id`)
            let file_id =
                resource.filter(|r| r.folder == "structuredOutputs" && part.pointer.is_empty()).map(|r| r.id.clone());
            let Some(id) = definition.id.clone().or(file_id) else { continue };
            let object = root.pointer(&part.pointer).and_then(Value::as_object);
            let assistant_ids = object.and_then(|o| crate::plan::keys::get(o, "assistantIds")).and_then(|(key, v)| {
                let list = crate::json::child_pointer(&part.pointer, key);
                v.as_array().map(|ids| {
                    ids.iter()
                        .enumerate()
                        .filter_map(|(i, id)| id.as_str().map(|id| (format!("{list}/{i}"), clean(id))))
                        .collect()
                })
            });
            definitions.push(Definition {
                pointer: part.pointer.clone(),
                id,
                name: definition.name.clone(),
                assistant_ids,
            });
        }
        let assistant = resource.filter(|r| r.folder == "assistants").map(|r| r.id.clone());
        let mut links = links(root);
        if resource.is_some() {
            for link in &mut links {
                for (_, id) in &mut link.ids {
                    *id = clean(id);
                }
                // the assistant a gitops file is holds the top-level `artifactPlan`
                if link.assistant_id.is_none() && link.pointer.matches('/').count() == 2 {
                    link.assistant_id.clone_from(&assistant);
                }
            }
        }
        Inventory { definitions, links, assistant, by_name: resource.is_some() }
    }

    /// Whether the file takes part in links at all.
    pub fn is_empty(&self) -> bool {
        self.definitions.is_empty() && self.links.is_empty() && self.assistant.is_none()
    }
}

/// The mismatches over the files of a run: `(file index, finding, whether another file is
/// involved)`, the finding placed in that file.
pub fn mismatches(files: &[Inventory]) -> Vec<(usize, Finding, bool)> {
    let mut found = Vec::new();
    let any_definitions = files.iter().any(|f| !f.definitions.is_empty());
    let any_assistant_file = files.iter().any(|f| f.assistant.is_some());
    for (file, inventory) in files.iter().enumerate() {
        for definition in &inventory.definitions {
            let label = definition.name.as_deref().map_or_else(|| quote(&definition.id), quote);
            for (pointer, assistant) in definition.assistant_ids.iter().flatten() {
                if inventory.by_name
                    && any_assistant_file
                    && !is_uuid(assistant)
                    && !files.iter().any(|f| f.assistant.as_deref() == Some(assistant.as_str()))
                {
                    let ids = files.iter().filter_map(|f| f.assistant.as_deref());
                    let near = crate::text::suggest(assistant, ids);
                    let finding = no_file(pointer, assistant, near, "assistant", "assistants", "`.md`, `.yaml`");
                    found.push((file, finding, files.len() > 1));
                    continue;
                }
                let holders: Vec<(usize, &Link)> = files
                    .iter()
                    .enumerate()
                    .flat_map(|(i, f)| f.links.iter().map(move |l| (i, l)))
                    .filter(|(_, link)| link.assistant_id.as_deref() == Some(assistant.as_str()))
                    .collect();
                if !holders.is_empty()
                    && !holders.iter().any(|(_, link)| link.ids.iter().any(|(_, id)| *id == definition.id))
                {
                    let other = holders.iter().any(|(i, _)| *i != file);
                    found.push((
                        file,
                        Finding::new(
                            &RULE,
                            pointer.clone(),
                            format!(
                                "{label} lists assistant {}, whose `artifactPlan.structuredOutputIds` does not name it",
                                quote(assistant)
                            ),
                        )
                        .label("the two sides of this link disagree")
                        .help(format!(
                            "add {} to that assistant's `artifactPlan.structuredOutputIds`, or remove it here",
                            quote(&definition.id)
                        )),
                        other,
                    ));
                }
            }
        }
        for link in &inventory.links {
            for (pointer, id) in &link.ids {
                let defined: Vec<(usize, &Definition)> = files
                    .iter()
                    .enumerate()
                    .flat_map(|(i, f)| f.definitions.iter().map(move |d| (i, d)))
                    .filter(|(_, d)| d.id == *id)
                    .collect();
                if defined.is_empty() {
                    if inventory.by_name {
                        // a UUID passes through gitops as written; a name must be a file's
                        if any_definitions && !is_uuid(id) {
                            let ids = files.iter().flat_map(|f| &f.definitions).map(|d| d.id.as_str());
                            let near = crate::text::suggest(id, ids);
                            let finding =
                                no_file(pointer, id, near, "structured output", "structuredOutputs", "`.yaml`");
                            found.push((file, finding, files.len() > 1));
                        }
                    } else if any_definitions {
                        found.push((
                            file,
                            Finding::new(
                                &RULE,
                                pointer.clone(),
                                format!("no structured output linted here has id {}", quote(id)),
                            )
                            .label("not defined in the files given")
                            .help("lint the folder of structured-output files with this one, or correct the id"),
                            files.len() > 1,
                        ));
                    }
                    continue;
                }
                let Some(assistant) = &link.assistant_id else { continue };
                for (i, definition) in defined {
                    let Some(assistant_ids) = &definition.assistant_ids else { continue };
                    if !assistant_ids.iter().any(|(_, a)| a == assistant) {
                        let name = definition.name.as_deref().map_or_else(|| quote(id), quote);
                        found.push((
                            file,
                            Finding::new(
                                &RULE,
                                pointer.clone(),
                                format!(
                                    "structured output {name} does not list this assistant ({}) in its `assistantIds`",
                                    quote(assistant)
                                ),
                            )
                            .label("the two sides of this link disagree")
                            .help("add the assistant's id to the output's `assistantIds`, or remove the link here"),
                            i != file,
                        ));
                    }
                }
            }
        }
    }
    found
}

/// A gitops reference that no resource file of the run has.
fn no_file(pointer: &str, id: &str, near: Option<&str>, what: &str, folder: &str, others: &str) -> Finding {
    let help = match near {
        Some(near) => format!("did you mean {}? (`{folder}/{near}.yml`)", quote(near)),
        None => format!(
            "gitops resolves this to the {what} in `{folder}/{id}.yml` (or {others}) and drops it when there is none; correct the name or lint the folder that holds it"
        ),
    };
    Finding::new(&RULE, pointer.to_owned(), format!("no {what} file linted here has the resource id {}", quote(id)))
        .label("no such file")
        .help(help)
}

fn check(file: &FileContext<'_>, out: &mut Findings) {
    let resource = Resource::of(file.source, file.document);
    let inventory = Inventory::of(file.document.value(), file.plans, resource.as_ref());
    if inventory.definitions.is_empty() || inventory.links.is_empty() {
        return;
    }
    for (_, finding, _) in mismatches(&[inventory]) {
        out.push(finding);
    }
}
