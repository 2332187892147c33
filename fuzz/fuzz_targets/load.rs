//! Bytes -> the whole generator: load (JSON or YAML, any dialect), then lower and render what
//! loads. Nothing may panic, hang or run out of memory; every failure is a `Result`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(code) = agentos_codegen::Generator::new()
        .spec_text("fuzz.yaml", &text)
        .generate()
    {
        // What renders is one `@generated` file.
        assert!(code.starts_with("// @generated"));
    }
});
