//! ajuda: a static-site generator for localized DocFX-style knowledge bases.
//!
//! The build is a pipeline of stages, each a function from the previous stages' values:
//! `load` → `parse` → `assemble` → [`resolve`] → `render` + `template` → anchor check
//! (`check`) → `extras` → [`output`]. [`pipeline::build`] runs them in order; `serve` is the
//! same loop plus invalidation.
//!
//! # Public surface
//!
//! What the `ajuda` binary, the tests, the examples and the fuzz targets use; everything else is
//! `pub(crate)` (`unreachable_pub` keeps it so, and dead code shows):
//! - build: [`config::Config::load`], [`pipeline::build`] with [`pipeline::Options`], its
//!   [`pipeline::Report`] printed by [`report`]; [`diag`] for what a build found;
//! - [`serve`]: the preview server's parts, wired by the binary;
//! - [`l10n`]: translation status over a loaded [`model::Site`];
//! - [`scaffold::init`];
//! - for benchmarks and fuzzing, the pure parts: [`markdown::render`], [`frontmatter`], [`toc`],
//!   [`paths`], [`address::page_url`], [`fsx::normalize_text`], [`theme::ui_strings`].

// Diagnostics travel in `Err` on cold paths only (a file that cannot be written, a template that
// fails); boxing them everywhere would only add noise.
#![allow(clippy::result_large_err)]
// Functions fit on a screen (80 lines, clippy.toml); one that reads better whole says why.
#![warn(clippy::too_many_lines)]
// The public surface is what the binary, tests, examples and fuzz targets use; the rest is
// `pub(crate)`, so dead code shows.
#![warn(unreachable_pub)]

pub mod address;
pub mod config;
pub mod diag;
pub mod external;
pub mod frontmatter;
pub mod fsx;
pub mod l10n;
pub mod markdown;
pub mod model;
pub mod output;
pub mod paths;
pub mod pipeline;
pub mod report;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod theme;
pub mod toc;

mod assemble;
mod check;
mod ctx;
mod discovery;
mod docfx;
mod extras;
mod faq_ld;
mod feeds;
mod flows;
mod home;
mod image_size;
mod listing;
mod load;
mod messages;
mod nav;
mod parse;
mod publish;
mod related;
mod render;
mod search;
mod similar;
mod template;
