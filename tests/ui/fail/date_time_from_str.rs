//! Text where a constructor wants a date-time: the error says to `.parse()` it (or to build one
//! from parts with the re-exported `time`).

mod api {
    agentos_macros::agentos_api!("spec/agentos.yaml");
}

fn main() {
    let _ = api::diary::GetAllocations::new("2024-05-01T09:00:00", "VIEWING");
}
