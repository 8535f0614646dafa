use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = tanba::cli::Cli::parse();
    match tanba::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("tanba: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
