//! A crate that generates its agentOS client in `build.rs`.
