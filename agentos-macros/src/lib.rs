//! Schema-checked endpoint macros (filled in by the macros issue).
