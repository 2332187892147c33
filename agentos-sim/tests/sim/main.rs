//! Integration tests of the simulator over real HTTP (one test binary, one module per topic).

mod appointments;
mod auth;
mod common;
mod faults;
mod inputs;
mod log;
mod schema;
mod throttle;
