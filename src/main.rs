use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // the umask is read before any thread starts (files tanba writes get its mode)
    tanba::store::init_new_file_mode();
    let cli = tanba::cli::Cli::parse();
    match tanba::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("tanba: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
