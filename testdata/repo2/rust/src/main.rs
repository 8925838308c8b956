use reqwest::blocking::Client;

const DBT_API_KEY: &str = "48731d0a4096302c38b9cdd31696ac00ed4b1be7";
const FALLBACK_TOKEN: &str = "dbtc_sQfPhhIJr84vEsR_gGb4aUTrCIIOo6FxbRp7qoA3wM0GIVj6gU";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = "https://acme.us1.dbt.com";
    let account_id: u64 = 77001;
    let client = Client::new();
    let resp = client.get(format!("{}/api/v2/accounts/", base)).header("Authorization", format!("Token {}", DBT_API_KEY)).send()?;
    println!("{}", resp.text()?);
    let jobs = format!("{}/api/v2/accounts/{}/jobs/", base, account_id);
    let _ = client.get(jobs).header("Authorization", format!("Bearer {}", FALLBACK_TOKEN)).send()?;
    Ok(())
}
