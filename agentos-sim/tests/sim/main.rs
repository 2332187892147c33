//! Integration tests of the simulator over real HTTP (one test binary, one module per topic).

mod auth;
mod common;
mod connections;
mod documents;
mod faults;
mod feed;
mod hooks;
mod inputs;
mod log;
mod overlays;
mod resources;
mod schema;
mod sessions;
mod throttle;
mod windows;
