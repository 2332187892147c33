//! The agentOS client generator (filled in by the codegen issue).
