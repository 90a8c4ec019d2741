//! ajuda: a static-site generator for localized DocFX-style knowledge bases.
//!
//! The build is a pipeline of stages, each a function from the previous stages' values:
//! [`load`] → [`parse`] → [`assemble`] → [`resolve`] → [`render`] + [`template`] →
//! anchor check ([`check::check_anchors`]) → [`extras`] → [`output`]. [`pipeline::build`]
//! runs them in order.

// Diagnostics travel in `Err` on cold paths only (a file that cannot be written, a template that
// fails); boxing them everywhere would only add noise.
#![allow(clippy::result_large_err)]
// Functions fit on a screen (80 lines, clippy.toml); one that reads better whole says why.
#![warn(clippy::too_many_lines)]

pub mod address;
pub mod assemble;
pub mod check;
pub mod config;
pub mod ctx;
pub mod diag;
pub mod discovery;
pub mod docfx;
pub mod external;
pub mod extras;
pub mod faq_ld;
pub mod feeds;
pub mod flows;
pub mod frontmatter;
pub mod fsx;
pub mod home;
pub mod image_size;
pub mod l10n;
pub mod listing;
pub mod load;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod nav;
pub mod output;
pub mod parse;
pub mod paths;
pub mod pipeline;
pub mod publish;
pub mod related;
pub mod render;
pub mod report;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod similar;
pub mod template;
pub mod theme;
pub mod toc;
