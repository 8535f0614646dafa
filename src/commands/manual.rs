//! `tanba completions SHELL` and `tanba man`: generated from the clap definitions, so
//! they never fall behind the commands and options.

use clap::CommandFactory;
use std::io::Write;
use std::process::ExitCode;

use crate::cli::Cli;

pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut Cli::command(), "tanba", &mut out);
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// tanba(1), then a page per subcommand (tanba-search(1), ...), which the first one names.
pub fn man() -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let mut cli = Cli::command();
    cli.build();
    let source = format!("tanba {}", env!("CARGO_PKG_VERSION"));
    clap_mangen::Man::new(cli.clone())
        .source(&source)
        .render(&mut out)?;
    for sub in cli.get_subcommands().filter(|s| s.get_name() != "help") {
        // built, a subcommand is displayed as `tanba-search` and used as `tanba search`
        clap_mangen::Man::new(sub.clone())
            .source(&source)
            .render(&mut out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
