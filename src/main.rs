use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // the umask is read before any thread starts (files tanba writes get its mode)
    tanba::store::init_new_file_mode();
    let cli = tanba::cli::Cli::parse();
    match tanba::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // stderr may be a terminal that is gone: eprintln! would panic (exit 101)
            let _ = writeln!(std::io::stderr(), "tanba: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
