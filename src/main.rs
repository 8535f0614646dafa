use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // the umask is read before any thread starts (files tanba writes get its mode)
    tanba::store::init_new_file_mode();
    let cli = tanba::cli::Cli::parse();
    if tanba::commands::only_prints(&cli) {
        // `tanba queue | head -1`: a closed stdout ends the process as it does `ls`,
        // where println! would panic
        // SAFETY: no other thread runs yet; SIG_DFL is a valid disposition.
        unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
    }
    let result = tanba::commands::run(cli);
    // journals that did not replay cleanly are said once, whatever the command
    for note in tanba::store::take_journal_notes() {
        let _ = writeln!(std::io::stderr(), "tanba: warning: {note}");
    }
    match result {
        Ok(code) => code,
        Err(err) => {
            // stderr may be a terminal that is gone: eprintln! would panic (exit 101)
            let _ = writeln!(std::io::stderr(), "tanba: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
