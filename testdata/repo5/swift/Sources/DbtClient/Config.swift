import Foundation

struct DbtCloudConfig {
    let accountId: Int
    let serviceToken: String
    let host: String
}

let prodConfig = DbtCloudConfig(
    accountId: 90177,
    serviceToken: "dbtc_u1cW8nbLA37R5rtpCu6QisUPaduX1k6ufWvLzFiRBr15a7LyLg",
    host: "cloud.getdbt.com"
)

let buildCommit = "2b526635ab951a036185fac7bfe180dba9b6a11a"

func listAccounts() async throws -> Data {
    var req = URLRequest(url: URL(string: "https://cloud.getdbt.com/api/v3/accounts/")!)
    req.setValue("Token c4b0433e681de069da3b65dc6ba6874c11c69a1a", forHTTPHeaderField: "Authorization")
    let (data, _) = try await URLSession.shared.data(for: req)
    return data
}
