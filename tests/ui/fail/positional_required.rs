//! Required inputs of one type (four strings) are named in a struct: the positional call, in
//! which two of them could be swapped unnoticed, no longer compiles.

mod api {
    agentos_macros::agentos_api!("spec/agentos.yaml");
}

fn main() {
    let _ = api::diary::SearchGuest::new("BR1", "Lee", "ann@example.com", "Ann");
}
