use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};

const DBT_CLOUD_HOST: &str = "https://cloud.getdbt.com";
const GIT_SHA: &str = "984cea45bc70d5c2ffb1ad0f4d2a73470f230993";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("DBT_CLOUD_SERVICE_TOKEN")
        .unwrap_or_else(|_| "dbtc_kZZ3f4_4J3m2TuzaJ7P2WmZQA_tY-i6Kp_gzQD3QTAIawsye_A".to_string());
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, HeaderValue::from_str(&format!("Token {}", token))?);
    let client = reqwest::blocking::Client::builder().default_headers(headers).build()?;
    let body = client
        .get(format!("{}/api/v3/accounts/", DBT_CLOUD_HOST))
        .send()?
        .text()?;
    println!("{body} {GIT_SHA}");
    Ok(())
}
