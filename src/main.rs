//! `rapport`: parses the command line; with no subcommand it opens the desktop app.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = rapport::cli::Cli::parse();
    match rapport::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            // One clear sentence per cause; errors never carry personal data.
            let mut msg = e.to_string();
            for cause in e.chain().skip(1) {
                msg.push_str(": ");
                msg.push_str(&cause.to_string());
            }
            eprintln!("rapport: {msg}");
            ExitCode::FAILURE
        }
    }
}
