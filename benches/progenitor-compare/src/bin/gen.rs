//! The generator comparison from the command line (`gen help`): which documents progenitor
//! accepts, generated files for the compile-time script, interleaved wall-clock timings and
//! callgrind instruction counts, always ours beside progenitor in one run.

use std::hint::black_box;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use progenitor_compare::docs::{self, Document};
use progenitor_compare::{Result, callers, normalise, ours, theirs};

const HELP: &str = "\
usage: gen COMMAND
  check                       which documents each generator accepts, output sizes
  write ours|progenitor DOC OUT
                              the generated client of DOC (progenitor: of the normalised copy)
  client OUT DOC...           our client of every DOC in one file (one module per document,
                              the models they define alike shared), as a build script makes it
  callers ours|progenitor OUT DOC...
                              a user's crate calling every operation of the DOCs once, through
                              the client of `client OUT DOC...` (ours) or progenitor's clients
                              of each DOC, one module m_<slug> apiece (scripts/compile-time.sh)
  time [--rounds N] [DOC...]  end-to-end wall time, the two generators interleaved round by
                              round (order alternating); medians and ratio ours/progenitor
  callgrind [DOC...]          instructions per stage (valgrind --tool=callgrind), ratio
  once SIDE STAGE DOC         run SIDE (ours|progenitor|none) up to STAGE once (for callgrind)
                              ours: load|lower|emit; progenitor: load|tokens|tokens-text|generate
                              (tokens: generate_tokens alone, what generate_api! costs;
                              tokens-text: and to_string, what an include!d file costs;
                              generate: and syn + prettyplease, as its README's build.rs)
  format [--rounds N] FILE... parse + prettyplease each Rust FILE, interleaved; medians and the
                              ratio to the first FILE (the formatting share of emit, for
                              before/after experiments on patched copies of generated code)
DOC: agentos.yaml, swagger2/diary.yaml, ..., openapi3/free-tier.json, synthetic-N
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["check"] => check(),
        ["write", side, doc, out] => write(side, doc, out),
        ["client", out, names @ ..] => client(out, names),
        ["callers", side, out, names @ ..] => callers(side, out, names),
        ["time", rest @ ..] => time(rest),
        ["callgrind", rest @ ..] => callgrind(rest),
        ["once", side, stage, doc] => once(side, stage, doc),
        ["format", rest @ ..] => format(rest),
        _ => {
            print!("{HELP}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A document with the copy progenitor gets (or why it could not be made).
struct Prepared {
    doc: Document,
    normalised: Result<String>,
}

fn prepare(doc: Document) -> Prepared {
    let normalised = normalise::for_progenitor(&doc).map(|(text, _)| text);
    Prepared { doc, normalised }
}

fn documents(names: &[&str]) -> Result<Vec<Document>> {
    if names.is_empty() {
        Ok(docs::all())
    } else {
        names.iter().map(|n| docs::find(n)).collect()
    }
}

fn lines(text: &str) -> usize {
    text.lines().count()
}

fn check() -> Result<()> {
    println!(
        "| document | operations | ours: lines | progenitor: normalised (ids added, media types dropped) | progenitor: lines |"
    );
    println!("|---|---|---|---|---|");
    for doc in docs::all() {
        let operations = ours::load(&doc.text, &doc.name)
            .map(|d| d.operations().count().to_string())
            .unwrap_or_else(|e| format!("load failed: {e}"));
        let ours_out = ours::end_to_end(&doc.text, &doc.name)
            .map(|code| lines(&code).to_string())
            .unwrap_or_else(|e| format!("fails: {e}"));
        let (changes, theirs_out) = match normalise::for_progenitor(&doc) {
            Ok((json, c)) => (
                format!(
                    "{}{} ids, {} types",
                    if c.converted { "2.0 -> 3.0, " } else { "" },
                    c.operation_ids,
                    c.media_types
                ),
                theirs::end_to_end(&json)
                    .map(|code| lines(&code).to_string())
                    .unwrap_or_else(|e| format!("refused: {}", first_line(&e))),
            ),
            Err(e) => (format!("cannot normalise: {e}"), "-".into()),
        };
        println!(
            "| {} | {operations} | {ours_out} | {changes} | {theirs_out} |",
            doc.name
        );
    }
    Ok(())
}

fn first_line(text: &str) -> &str {
    let line = text.lines().next().unwrap_or_default();
    &line[..line.len().min(160)]
}

fn write(side: &str, name: &str, out: &str) -> Result<()> {
    let doc = docs::find(name)?;
    let code = match side {
        "ours" => ours::end_to_end(&doc.text, &doc.name)?,
        "progenitor" => theirs::end_to_end(&normalise::for_progenitor(&doc)?.0)?,
        _ => return Err(format!("unknown side {side:?}")),
    };
    std::fs::write(out, code).map_err(|e| format!("{out}: {e}"))
}

fn client(out: &str, names: &[&str]) -> Result<()> {
    let mut generator = agentos_codegen::Generator::new();
    for name in names {
        let doc = docs::find(name)?;
        generator = generator.spec_text(&doc.name, &doc.text);
    }
    let code = generator.generate().map_err(|e| e.to_string())?;
    std::fs::write(out, code).map_err(|e| format!("{out}: {e}"))
}

fn callers(side: &str, out: &str, names: &[&str]) -> Result<()> {
    let docs = names
        .iter()
        .map(|n| docs::find(n))
        .collect::<Result<Vec<_>>>()?;
    let code = match side {
        "ours" => callers::ours(&docs)?,
        "progenitor" => callers::progenitor(&docs)?,
        _ => return Err(format!("unknown side {side:?}")),
    };
    std::fs::write(out, code).map_err(|e| format!("{out}: {e}"))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    }
}

fn time(args: &[&str]) -> Result<()> {
    let (rounds, names) = match args {
        ["--rounds", n, rest @ ..] => (n.parse::<usize>().map_err(|e| e.to_string())?, rest),
        rest => (11, rest),
    };
    println!(
        "end to end, text -> formatted Rust; median of {rounds} interleaved rounds (order alternating)"
    );
    println!("| document | ours (ms) | progenitor (ms) | ours / progenitor |");
    println!("|---|---|---|---|");
    for p in documents(names)?.into_iter().map(prepare) {
        let run_ours = || ours::end_to_end(&p.doc.text, &p.doc.name).map(|c| black_box(c.len()));
        let theirs_ok = p
            .normalised
            .as_ref()
            .ok()
            .filter(|json| theirs::end_to_end(json).is_ok());
        // One unmeasured run each: page in code and data.
        run_ours()?;
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for round in 0..rounds {
            let sides: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            for side in sides {
                let start = Instant::now();
                match (side, theirs_ok) {
                    (0, _) => {
                        run_ours()?;
                        a.push(start.elapsed());
                    }
                    (_, Some(json)) => {
                        black_box(theirs::end_to_end(json)?.len());
                        b.push(start.elapsed());
                    }
                    (_, None) => {}
                }
            }
        }
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let ours_ms = ms(median(a));
        if b.is_empty() {
            println!("| {} | {ours_ms:.2} | refused | - |", p.doc.name);
        } else {
            let theirs_ms = ms(median(b));
            println!(
                "| {} | {ours_ms:.2} | {theirs_ms:.2} | {:.3} |",
                p.doc.name,
                ours_ms / theirs_ms
            );
        }
    }
    Ok(())
}

/// Runs one side up to one stage; `none` prepares the inputs only (the baseline).
fn once(side: &str, stage: &str, name: &str) -> Result<()> {
    let p = prepare(docs::find(name)?);
    match (side, stage) {
        ("none", _) => {
            black_box(&p.normalised);
        }
        ("ours", "load") => {
            black_box(ours::load(&p.doc.text, &p.doc.name)?);
        }
        ("ours", "lower") => {
            black_box(ours::lower(&ours::load(&p.doc.text, &p.doc.name)?)?);
        }
        ("ours", "emit") => {
            let api = ours::lower(&ours::load(&p.doc.text, &p.doc.name)?)?;
            black_box(ours::emit(&ours::spec(api, &p.doc.name))?);
        }
        ("progenitor", "load") => {
            black_box(theirs::load(p.normalised.as_ref()?)?);
        }
        ("progenitor", "tokens") => {
            black_box(theirs::tokens(&theirs::load(p.normalised.as_ref()?)?)?);
        }
        ("progenitor", "tokens-text") => {
            black_box(theirs::tokens_text(&theirs::load(p.normalised.as_ref()?)?)?);
        }
        ("progenitor", "generate") => {
            black_box(theirs::end_to_end(p.normalised.as_ref()?)?);
        }
        _ => return Err(format!("unknown side/stage {side}/{stage}")),
    }
    Ok(())
}

/// Instructions executed by `gen once SIDE STAGE DOC` under callgrind.
fn instructions(side: &str, stage: &str, doc: &str) -> Result<u64> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(me)
        .args(["once", side, stage, doc])
        .output()
        .map_err(|e| format!("valgrind: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("{side} {stage} {doc}: {stderr}"));
    }
    stderr
        .lines()
        .find_map(|l| l.split("Collected :").nth(1))
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| format!("no instruction count in: {stderr}"))
}

fn callgrind(names: &[&str]) -> Result<()> {
    println!(
        "instructions (millions) per stage, net of reading and normalising the document (callgrind, one run each)"
    );
    println!(
        "progenitor's paths: tokens = load + generate_tokens (generate_api!); text = and \
         to_string (an include!d file); formatted = and syn + prettyplease (its README's build.rs)"
    );
    println!(
        "| document | ours load | ours lower | ours emit | ours total | progenitor load | progenitor tokens | progenitor text | progenitor formatted | ours / tokens | ours / text | ours / formatted |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for doc in documents(names)? {
        let name = doc.name.as_str();
        let base = instructions("none", "-", name)?;
        let at = |side, stage| instructions(side, stage, name).map(|n| n.saturating_sub(base));
        let (load, lower, emit) = (
            at("ours", "load")?,
            at("ours", "lower")?,
            at("ours", "emit")?,
        );
        let m = |n: u64| n as f64 / 1e6;
        let ours_part = format!(
            "{:.1} | {:.1} | {:.1} | {:.1}",
            m(load),
            m(lower.saturating_sub(load)),
            m(emit.saturating_sub(lower)),
            m(emit)
        );
        let theirs = (|| {
            Ok::<_, String>((
                at("progenitor", "load")?,
                at("progenitor", "tokens")?,
                at("progenitor", "tokens-text")?,
                at("progenitor", "generate")?,
            ))
        })();
        match theirs {
            Ok((tl, tt, ts, tg)) => {
                let r = |theirs: u64| emit as f64 / theirs as f64;
                println!(
                    "| {name} | {ours_part} | {:.1} | {:.1} | {:.1} | {:.1} | {:.3} | {:.3} | {:.3} |",
                    m(tl),
                    m(tt),
                    m(ts),
                    m(tg),
                    r(tt),
                    r(ts),
                    r(tg)
                )
            }
            _ => println!("| {name} | {ours_part} | refused | | | | - | - | - |"),
        }
    }
    Ok(())
}

/// Parses and pretty-prints `text` as emit's last step does.
fn reformat(text: &str) -> Result<usize> {
    let file = syn::parse_file(text).map_err(|e| e.to_string())?;
    Ok(prettyplease::unparse(&file).len())
}

fn format(args: &[&str]) -> Result<()> {
    let (rounds, files) = match args {
        ["--rounds", n, rest @ ..] => (n.parse::<usize>().map_err(|e| e.to_string())?, rest),
        rest => (5, rest),
    };
    let texts = files
        .iter()
        .map(|f| std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}")))
        .collect::<Result<Vec<_>>>()?;
    let mut times = vec![Vec::new(); texts.len()];
    for round in 0..rounds {
        for k in 0..texts.len() {
            let i = (k + round) % texts.len();
            let start = Instant::now();
            black_box(reformat(&texts[i])?);
            times[i].push(start.elapsed());
        }
    }
    println!("parse + prettyplease, median of {rounds} interleaved rounds");
    println!("| file | lines | ms | ratio to the first |");
    println!("|---|---|---|---|");
    let medians: Vec<f64> = times
        .into_iter()
        .map(|t| median(t).as_secs_f64() * 1e3)
        .collect();
    for ((file, text), ms) in files.iter().zip(&texts).zip(&medians) {
        println!(
            "| {file} | {} | {ms:.1} | {:.3} |",
            lines(text),
            ms / medians[0]
        );
    }
    Ok(())
}
