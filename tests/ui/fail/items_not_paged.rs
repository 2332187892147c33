//! A request that is not paged given to `client.items(..)`, borrowed or owned: one sentence
//! saying so (a paged one is accepted either way: see `ui/pass/paged_generated.rs`).

use agentos_runtime::Client;

mod api {
    agentos_macros::agentos_api!("spec/agentos.yaml");
}

fn misuse(client: &Client) {
    let request = api::tier1::GetCompany::new();
    let _ = client.items(&request);
    let _ = client.pages(request);
}

fn main() {
    let _ = misuse;
}
