use std::env;

const DBT_CLOUD_TOKEN_ENV: &str = "DBT_CLOUD_TOKEN";
const MANIFEST_SHA1: &str = "a256ab392924500616f7a370d4e6875e05b232ee";

fn main() {
    let api_key = env::var("DBT_CLOUD_API_KEY").unwrap_or_else(|_| "229e9b1ce07cef79b7ba3c85ad5a238764665a33".to_string());
    let token = env::var(DBT_CLOUD_TOKEN_ENV).unwrap_or_default();
    let resp = ureq::get("https://cloud.getdbt.com/api/v2/whoami/")
        .set("Authorization", &format!("Token {}", if token.is_empty() { &api_key } else { &token }))
        .call();
    println!("{:?} {}", resp.map(|r| r.status()), MANIFEST_SHA1);
}
