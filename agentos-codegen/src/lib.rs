//! The agentOS client generator.

pub mod emit;
pub mod ir;
pub mod lower;
pub mod load;
