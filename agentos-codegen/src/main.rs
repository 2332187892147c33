//! The `agentos-codegen` command line: `generate`, `check` and `list`.
//!
//! Exit codes: 0 success; 1 `check` found the file stale; 2 bad input (an unreadable or invalid
//! document, with its JSON pointer, or a usage error). Errors are one line on stderr, never a
//! backtrace.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use agentos_codegen::Generator;
use agentos_codegen::catalog::{self, rust_path};
use agentos_codegen::ir::{Spec, TypeRef};
use agentos_codegen::text::one_line;
use clap::{Parser, Subcommand};

/// Generates typed agentOS clients (Rust, on agentos-runtime) from OpenAPI/Swagger documents.
#[derive(Debug, Parser)]
#[command(name = "agentos-codegen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generates the client code (to stdout, or to FILE with -o).
    Generate {
        /// The document(s): JSON or YAML, Swagger 2.0 or OpenAPI 3.0/3.1. Several documents
        /// give one module each.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Writes the code to this file (only when it changed) instead of stdout. The file is
        /// replaced, never written in place; a symbolic link is refused.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        options: OptionsArg,
    },
    /// Exits with 1 when FILE is not what `generate SPEC` would write (a drift check for
    /// committed code).
    Check {
        /// The document.
        spec: PathBuf,
        /// The committed generated file.
        file: PathBuf,
        #[command(flatten)]
        options: OptionsArg,
    },
    /// Prints the operations: method, path, the Rust path a user writes (from the module the
    /// generated file is included in), error statuses, paging. `--json` prints everything a
    /// tool needs to drive the generated client instead.
    List {
        /// The document(s), as `generate` takes them (several give one module each).
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// Prints a JSON array, one object per operation (the fields are in the
        /// `agentos_codegen::catalog` docs).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        options: OptionsArg,
    },
}

/// The generator's options, as a build script or the macros give them.
#[derive(Debug, clap::Args)]
struct OptionsArg {
    /// A YAML or JSON file of generator options (status policy; see the
    /// `agentos_codegen::options` docs).
    #[arg(long, value_name = "FILE")]
    options: Option<PathBuf>,
    /// An OpenAPI Overlay 1.0 file applied to the documents, after the options file's own;
    /// repeat for more.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
}

impl OptionsArg {
    /// The one generator every command runs: these documents, with these options.
    fn generator(&self, specs: &[PathBuf]) -> Result<Generator, String> {
        let generator = specs.iter().fold(Generator::new(), Generator::spec);
        let generator = match &self.options {
            Some(path) => generator.options_file(path).map_err(|e| e.to_string())?,
            None => generator,
        };
        Ok(self.overlays.iter().fold(generator, Generator::overlay))
    }
}

/// Bad input: exit code 2.
const BAD_INPUT: u8 = 2;
/// `check` found a stale file: exit code 1.
const STALE: u8 = 1;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate {
            specs,
            output,
            options,
        } => options
            .generator(&specs)
            .and_then(|g| generate(&g, &specs, output.as_deref())),
        Command::Check {
            spec,
            file,
            options,
        } => options
            .generator(std::slice::from_ref(&spec))
            .and_then(|g| check(&g, &spec, &file)),
        Command::List {
            specs,
            json,
            options,
        } => options
            .generator(&specs)
            .and_then(|g| if json { list_json(&g) } else { list(&g) }),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(BAD_INPUT)
        }
    }
}

fn warn(specs: &[Spec]) {
    for spec in specs {
        for warning in &spec.api.warnings {
            eprintln!("warning: {}: {warning}", one_line(&spec.origin));
        }
    }
}

/// Whether `output` is one of the `inputs` (following symlinks): writing it would destroy the
/// document being read.
fn overwrites_an_input(output: &Path, inputs: &[PathBuf]) -> bool {
    // The output may not exist yet: then its directory, resolved, and its name identify it.
    let resolved = |path: &Path| {
        std::fs::canonicalize(path).ok().or_else(|| {
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
            let dir = std::fs::canonicalize(parent.unwrap_or(Path::new("."))).ok()?;
            Some(dir.join(path.file_name()?))
        })
    };
    let Some(output) = resolved(output) else {
        return false;
    };
    inputs
        .iter()
        .any(|input| resolved(input).as_ref() == Some(&output))
}

fn generate(
    generator: &Generator,
    specs: &[PathBuf],
    output: Option<&Path>,
) -> Result<ExitCode, String> {
    if let Some(path) = output
        && overwrites_an_input(path, specs)
    {
        return Err(format!(
            "{}: the output is one of the documents read (directly or through a link): choose \
             another file for -o",
            one_line(&path.display().to_string())
        ));
    }
    let generated = generator.run().map_err(|e| e.to_string())?;
    warn(generated.specs());
    match output {
        Some(path) => {
            generated.write_to(path).map_err(|e| e.to_string())?;
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = stdout.write_all(generated.code().as_bytes());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn check(generator: &Generator, spec: &Path, file: &Path) -> Result<ExitCode, String> {
    let generated = generator.run().map_err(|e| e.to_string())?;
    let code = generated.code();
    let committed = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("{} is stale: it does not exist", file.display());
            eprintln!("{}", regenerate_hint(spec, file));
            return Ok(ExitCode::from(STALE));
        }
        Err(e) => return Err(format!("{}: {e}", file.display())),
    };
    if committed == code {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "{} is stale: {}",
        file.display(),
        first_difference(code, &committed)
    );
    eprintln!("{}", regenerate_hint(spec, file));
    Ok(ExitCode::from(STALE))
}

fn regenerate_hint(spec: &Path, file: &Path) -> String {
    format!(
        "regenerate it with: agentos-codegen generate {} -o {}",
        spec.display(),
        file.display()
    )
}

/// Where two texts first differ, as a short hint.
fn first_difference(expected: &str, found: &str) -> String {
    let mut expected_lines = expected.lines();
    let mut found_lines = found.lines();
    let mut line = 1;
    loop {
        match (expected_lines.next(), found_lines.next()) {
            (Some(e), Some(f)) if e == f => line += 1,
            (Some(e), Some(f)) => {
                return format!(
                    "line {line} differs\n  expected: {}\n  found:    {}",
                    clip(e),
                    clip(f)
                );
            }
            (Some(e), None) => {
                return format!("it ends at line {line}; expected more: {}", clip(e));
            }
            (None, Some(f)) => {
                return format!("line {line} should not be there: {}", clip(f));
            }
            (None, None) => return "only line endings differ".to_owned(),
        }
    }
}

fn clip(line: &str) -> String {
    const MAX: usize = 100;
    if line.chars().count() > MAX {
        let head: String = line.chars().take(MAX).collect();
        format!("{head}…")
    } else {
        line.to_owned()
    }
}

fn list(generator: &Generator) -> Result<ExitCode, String> {
    let specs = generator.lower().map_err(|e| e.to_string())?;
    warn(&specs);
    let mut rows = vec![[
        "METHOD".to_owned(),
        "PATH".to_owned(),
        "RUST PATH".to_owned(),
        "STATUSES".to_owned(),
        "PAGED".to_owned(),
    ]];
    for spec in &specs {
        for (group, op) in spec.api.operations() {
            let statuses: Vec<String> = op
                .errors
                .statuses
                .iter()
                .map(|s| s.code.to_string())
                .collect();
            let paged = match &op.paging {
                Some(p) if p.location == agentos_codegen::ir::ParamLocation::Path => {
                    format!("yes, in the path ({})", item_name(&p.item))
                }
                Some(p) => format!("yes ({})", item_name(&p.item)),
                None => "no".to_owned(),
            };
            rows.push([
                op.method.to_string(),
                op.path.clone(),
                rust_path(spec, group, op),
                statuses.join(","),
                paged,
            ]);
        }
    }
    let mut widths = [0usize; 5];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut stdout = std::io::stdout().lock();
    for row in &rows {
        let mut line = String::new();
        for (i, (cell, width)) in row.iter().zip(widths).enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<width$}  "));
            }
        }
        if writeln!(stdout, "{}", line.trim_end()).is_err() {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list_json(generator: &Generator) -> Result<ExitCode, String> {
    let specs = generator.lower().map_err(|e| e.to_string())?;
    warn(&specs);
    let text =
        serde_json::to_string_pretty(&catalog::operations(&specs)).map_err(|e| e.to_string())?;
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}");
    Ok(ExitCode::SUCCESS)
}

fn item_name(item: &TypeRef) -> String {
    item.display_name()
}
