//! Scores SYSTEM.jsonl against GOLD.jsonl like score.py.
//!
//! `score GOLD SYSTEM [--text] [--details]`: prints what `score.py --json` prints, or, with
//! `--text`, what score.py prints, and with `--details` the error analysis too.

use std::io::Write;
use std::process::ExitCode;

fn load(path: &str) -> Result<Vec<serde_json::Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    kibaru_eval::read_jsonl(&text).map_err(|e| format!("{path}: {e}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let details = args.iter().any(|a| a == "--details");
    let text = details || args.iter().any(|a| a == "--text");
    if files.len() != 2 {
        eprintln!("usage: score GOLD.jsonl SYSTEM.jsonl [--text] [--details]");
        return ExitCode::from(2);
    }
    let (gold, system) = match (load(files[0]), load(files[1])) {
        (Ok(g), Ok(s)) => (g, s),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("score: {e}");
            return ExitCode::FAILURE;
        }
    };
    let report = kibaru_eval::score(&gold, &system);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = if text {
        report.write_text(&mut out, details)
    } else {
        writeln!(out, "{}", report.to_json())
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("score: {e}");
            ExitCode::FAILURE
        }
    }
}
