using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;

public class DbtCloudClient
{
    private const string AccountId = "40961";
    private readonly HttpClient _http = new HttpClient { BaseAddress = new Uri("https://cloud.getdbt.com") };

    public DbtCloudClient(string token)
    {
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
    }

    public Task<string> ListAccountsAsync() => _http.GetStringAsync("/api/v3/accounts/");

    public Task<string> GetJobAsync(int jobId) => _http.GetStringAsync($"/api/v2/accounts/{AccountId}/jobs/{jobId}/");

    public static DbtCloudClient Default() =>
        new DbtCloudClient(Environment.GetEnvironmentVariable("DBT_CLOUD_SERVICE_TOKEN") ?? "dbtc_0jviW_XTS8eeX7hXC0VM53SDr1cHT1cqL3ual_IS7NJ0hfcahx");
}
