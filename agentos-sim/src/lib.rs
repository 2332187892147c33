//! A local agentOS simulator (filled in by the foundation issue).
