use std::env;

fn main() {
    let token = env::var("DBT_CLOUD_TOKEN").unwrap_or_else(|_| "2b102644769caa63dce667e9d31f82a65fa205af".to_string());
    let account_id: u64 = env::var("DBT_CLOUD_ACCOUNT_ID").ok().and_then(|v| v.parse().ok()).unwrap_or(33022);
    let sha = env::var("DBT_CLOUD_GIT_SHA").unwrap_or_else(|_| "0742bd2e9f2daf0cddeefd7c4c50109378d84366".to_string());
    let client = reqwest::blocking::Client::new();
    let all = client
        .get("https://cloud.getdbt.com/api/v3/accounts/")
        .header("Authorization", format!("Token {}", token))
        .send();
    let one = client
        .get(format!("https://cloud.getdbt.com/api/v3/accounts/{}/", account_id))
        .header("Authorization", format!("Token {}", token))
        .send();
    println!("{:?} {:?} {}", all, one, sha);
}
