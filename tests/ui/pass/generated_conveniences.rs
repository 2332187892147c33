//! What a generated client accepts: strings, lists of strings and date-times in the forms a
//! user has them, required inputs of one type named in a struct, paged requests owned or
//! borrowed in `items`/`pages`, `into_items()` on a page's model.

mod api {
    agentos_macros::agentos_api!("spec/agentos.yaml");
}

use agentos_runtime::{Client, DateTime};
use futures_util::StreamExt;

async fn run(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    // A list of strings from an array of `&str`, a `Vec<String>`, any iterator.
    let body = api::models::DiaryAppointmentDetails::default();
    let _ = api::diary::PostAppointment::new(["PRP1"], body.clone());
    let _ = api::diary::PostAppointment::new(vec![String::from("PRP1")], body.clone());
    let _ = api::diary::PostAppointment::new(["PRP1", "PRP2"].iter().copied(), body);
    // Date-times parsed from text, or built from parts with the re-exported `time`.
    let start: DateTime = "2024-05-01T09:00:00".parse()?;
    let _ = api::diary::GetAllocations::new(start, "VIEWING");
    let parts = agentos_runtime::time::macros::datetime!(2024-05-08 9:00);
    let _ = api::diary::GetAllocations::new(parts, String::from("VIEWING"));
    // Required inputs of one type (four strings) are named, in the struct beside the request.
    let _ = api::diary::SearchGuest::new(api::diary::SearchGuestRequired {
        branch_id: "BR1".into(),
        forename: "Ann".into(),
        emailaddress: String::new(),
        surname: "Lee".into(),
    });
    // Borrowed or owned, with a page size of the stream's own.
    let request = api::advertising::GetBranches::new();
    let mut items = client.items(&request).page_size(100);
    while let Some(branch) = items.next().await {
        let _ = branch?;
    }
    let _ = client.pages(request).page_size(10).next().await;
    // A page's model gives its records without `.data.unwrap_or_default()`.
    let page = client.get(&api::diary::GetAppointmentTypes::new()).await?;
    let total: Option<i64> = page.total();
    let types: Vec<api::models::DiaryAppointmentTypeModel> = page.into_items();
    let _ = (total, types);
    Ok(())
}

fn main() {
    let _ = run;
}
