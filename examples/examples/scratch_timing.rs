use agentos_examples::agentos::models;
use agentos_sim::{DEMO_KEY, DatasetSize, Sim, SimConfig, ThrottleConfig};
use std::time::Instant;

#[tokio::main]
async fn main() {
    let sim = Sim::start(SimConfig::default().throttle(ThrottleConfig::unlimited()).dataset(DatasetSize { branches: 20_000, appointments: 30_000, properties: 20_000, tenancies: 20_000, ..DatasetSize::default() })).await.unwrap();
    let http = reqwest::Client::new();
    for path in ["v4/advertising/demo/company/branches", "v2/tier2/demo/diary/appointments", "v2/tier2/demo/lettings/tenancies"] {
        for _ in 0..3 {
            let t = Instant::now();
            let body = http.get(format!("{}/{path}?offset=5000&count=1000", sim.base_url())).header("api_key", DEMO_KEY).send().await.unwrap().bytes().await.unwrap();
            let fetch = t.elapsed();
            let t = Instant::now();
            let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
            let value = t.elapsed();
            let t = Instant::now();
            if path.contains("branches") { let _: models::AdvertisingBranchModelResults = serde_json::from_slice(&body).unwrap(); }
            if path.contains("appointments") { let _: models::DiaryAppointmentModelResults = serde_json::from_slice(&body).unwrap(); }
            if path.contains("tenancies") { let _: models::TenancyModelResults = serde_json::from_slice(&body).unwrap(); }
            let typed = t.elapsed();
            println!("{path}: {} bytes fetch {fetch:?} value {value:?} typed {typed:?} {}", body.len(), v["Data"].as_array().unwrap().len());
        }
    }
}
