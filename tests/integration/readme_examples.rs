//! Every example in README.md is run and its output compared with what the README shows, so
//! the README cannot drift from what plankit prints.
//!
//! The convention, for whoever writes a README section:
//!
//! - A block fenced ```` ```console ```` holds commands and what they print. A line starting
//!   with `$ ` is a command; the lines after it, up to the next `$ ` line or the closing fence,
//!   are what it prints: its standard output, then its standard error.
//! - Commands run from the repository root with the plankit under test, without colour
//!   (`NO_COLOR=1`) and without `CI` set. A command is split into words as a shell splits it
//!   (quotes, backslashes); a trailing `# comment` is dropped. Only `plankit …` commands run:
//!   no pipes, redirections or other programs.
//! - `…` in the expected output stands for any text, within a line or across lines, so a long
//!   output can be shown in part: `  "type": "object", …` then the line after the elided ones
//!   (spaces before a `…` are part of it).
//! - The command must exit 0, unless the fence says otherwise: ```` ```console exit=1 ````.
//! - A command whose standard error shows progress on a terminal (a bar that clears, which a
//!   test cannot see) is fenced ```` ```console no-stderr ````: standard output alone is
//!   compared. Words combine: ```` ```console exit=1 no-stderr ````.
//! - A block that cannot run in a test (it needs a server, a secret or an edit first) is fenced
//!   ```` ```console no-run ````, and the text around it says what it assumes. Keep them few.
//! - Commands to type without output shown are ```` ```sh ````; files are ```` ```toml ```` and
//!   the like. A `console` block without a `$ ` line is a mistake this test reports.
//!
//! Other Markdown files can be checked the same way by adding them to [`DOCUMENTS`].

use crate::{cli, root};

/// The Markdown files whose examples are checked.
const DOCUMENTS: &[&str] = &["README.md"];

/// One `$ command` and what the README says it prints.
#[derive(Debug)]
struct Example {
    document: &'static str,
    /// 1-based line of the `$ ` line.
    line: usize,
    command: String,
    expected: String,
    exit: i32,
    /// Compare standard output alone (`no-stderr`).
    stdout_only: bool,
}

/// The examples of one document, or the mistakes in its `console` blocks.
fn examples(document: &'static str, text: &str) -> Result<Vec<Example>, String> {
    let mut out: Vec<Example> = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((at, line)) = lines.next() {
        let Some(info) = line.strip_prefix("```console") else { continue };
        let words: Vec<&str> = info.split_whitespace().collect();
        let mut exit = 0;
        let mut run = true;
        let mut stdout_only = false;
        for word in &words {
            match word.strip_prefix("exit=") {
                Some(code) => exit = code.parse().map_err(|_| format!("{document}:{}: bad `{word}`", at + 1))?,
                None if *word == "no-run" => run = false,
                None if *word == "no-stderr" => stdout_only = true,
                None => return Err(format!("{document}:{}: unknown word `{word}` after ```console", at + 1)),
            }
        }
        let mut block: Vec<(usize, &str)> = Vec::new();
        for (i, line) in lines.by_ref() {
            if line.starts_with("```") {
                break;
            }
            block.push((i, line));
        }
        if !block.first().is_some_and(|(_, l)| l.starts_with("$ ")) {
            return Err(format!("{document}:{}: a ```console block must start with a `$ ` command line", at + 1));
        }
        if !run {
            continue;
        }
        for (i, line) in &block {
            let Some(command) = line.strip_prefix("$ ") else {
                if let Some(example) = out.last_mut() {
                    example.expected.push_str(&format!("{line}\n"));
                }
                continue;
            };
            let command = command.split(" #").next().unwrap_or(command).trim().to_owned();
            out.push(Example { document, line: i + 1, command, expected: String::new(), exit, stdout_only });
        }
    }
    Ok(out)
}

/// Whether `actual` is what `expected` shows, `…` standing for any text.
fn matches(expected: &str, actual: &str) -> bool {
    let pattern: Vec<String> = expected.split('…').map(|part| regex::escape(part.trim_end_matches(' '))).collect();
    let pattern = format!("(?s)^{}$", pattern.join(".*?"));
    regex::Regex::new(&pattern).is_ok_and(|re| re.is_match(actual))
}

fn run(example: &Example) -> Result<(), String> {
    let place = format!("{}:{}: `{}`", example.document, example.line, example.command);
    let words = shlex::split(&example.command).ok_or_else(|| format!("{place}: unbalanced quotes"))?;
    let Some(("plankit", args)) = words.split_first().map(|(program, args)| (program.as_str(), args)) else {
        return Err(format!("{place}: only `plankit` commands run; fence the block ```console no-run"));
    };
    let out = cli().env_remove("CI").args(args).output().map_err(|e| format!("{place}: {e}"))?;
    let stderr = if example.stdout_only { Default::default() } else { String::from_utf8_lossy(&out.stderr) };
    let actual = format!("{}{stderr}", String::from_utf8_lossy(&out.stdout));
    let mut problems = Vec::new();
    if out.status.code() != Some(example.exit) {
        problems.push(format!("exits {:?}, the README says {}", out.status.code(), example.exit));
    }
    if !matches(&example.expected, &actual) {
        problems.push(format!("prints something else.\n--- README\n{}--- plankit\n{actual}", example.expected));
    }
    if problems.is_empty() { Ok(()) } else { Err(format!("{place} {}", problems.join("; "))) }
}

#[test]
fn every_readme_example_prints_what_the_readme_shows() {
    let mut failures = Vec::new();
    let mut count = 0;
    for document in DOCUMENTS {
        let text = std::fs::read_to_string(root().join(document)).unwrap();
        match examples(document, &text) {
            Ok(examples) => {
                count += examples.len();
                failures.extend(examples.iter().filter_map(|example| run(example).err()));
            }
            Err(mistake) => failures.push(mistake),
        }
    }
    assert!(failures.is_empty(), "{} of {count} README examples drifted:\n\n{}", failures.len(), failures.join("\n\n"));
    assert!(count >= 5, "only {count} examples found: is the ```console convention still used?");
}

#[test]
fn the_convention_is_read_as_documented() {
    let text = "```console exit=1 no-stderr\n$ plankit lint x.json  # a comment\nerror: …\n1 error\n$ plankit rules\n…\n```\n\
                ```console no-run\n$ curl x\n```\n";
    let found = examples("T.md", text).unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!((found[0].line, found[0].command.as_str(), found[0].exit), (2, "plankit lint x.json", 1));
    assert!(found[0].stdout_only);
    assert_eq!(found[0].expected, "error: …\n1 error\n");
    assert!(matches(&found[0].expected, "error: a\nb\n1 error\n"));
    assert!(!matches(&found[0].expected, "error: a\n2 errors\n"));
    assert!(matches(&found[1].expected, "anything\nat all\n"));
    assert!(matches("\"object\", …\n}\n", "\"object\",\n  \"a\": 1\n}\n"));
    assert!(examples("T.md", "```console\ncargo test\n```\n").is_err());
    assert!(examples("T.md", "```console exit=x\n$ plankit\n```\n").is_err());
}
