use anyhow::Result;
use std::process::ExitCode;

use super::{Access, Session};
use crate::cli::LabelsArgs;

pub fn run(args: &LabelsArgs) -> Result<ExitCode> {
    let session = Session::open(&args.paths, &args.workspace, Access::Read)?;
    let labels = &session.workspace.settings.labels;
    let width = labels.names().map(|n| n.chars().count()).max().unwrap_or(0);
    for label in &labels.labels {
        println!(
            "{}  {:width$}  {:8}  {}",
            label.key, label.name, label.color, label.description
        );
    }
    Ok(ExitCode::SUCCESS)
}
