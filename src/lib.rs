//! tanba: a terminal annotator for named entities in news articles.
//!
//! The core (`corpus`, `annotation`, `store`, `search`, `export`, `text`, `textnav`,
//! `dashboard`, `sync`, `learn`) never touches the terminal; `tui` is the only layer that does.

pub mod action;
pub mod agree;
pub mod annotation;
pub mod assign;
pub mod cli;
pub mod commands;
pub mod config;
pub mod corpus;
pub mod dashboard;
pub mod desk;
pub mod export;
pub mod import;
pub mod keymap;
pub mod layout;
pub mod learn;
pub mod lint;
pub mod search;
pub mod store;
pub mod suggest;
pub mod sync;
pub mod text;
pub mod textnav;
pub mod tui;
pub mod wordbreak;
