//! `rapport`: parses the command line; with no subcommand it opens the desktop app.

use clap::Parser;
use clap::error::ErrorKind;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match rapport::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            // clap's own message repeats what was typed, which may be a name or an email.
            eprintln!(
                "rapport: the command line could not be read ({}): see `rapport --help` or `rapport COMMAND --help`",
                kind(e.kind())
            );
            return ExitCode::from(2);
        }
    };
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

fn kind(k: ErrorKind) -> &'static str {
    match k {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "a value is not valid",
        ErrorKind::UnknownArgument => "an unknown argument",
        ErrorKind::InvalidSubcommand => "an unknown command",
        ErrorKind::MissingRequiredArgument => "a required argument is missing",
        ErrorKind::MissingSubcommand => "a command is missing",
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => "too many or too few values",
        ErrorKind::ArgumentConflict => "two arguments conflict",
        ErrorKind::NoEquals => "an option needs '='",
        _ => "invalid arguments",
    }
}
