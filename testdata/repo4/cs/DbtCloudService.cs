using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;

public class DbtCloudService
{
    private readonly HttpClient _client = new HttpClient
    {
        BaseAddress = new Uri("https://cloud.getdbt.com/")
    };

    public DbtCloudService()
    {
        var dbtCloudToken = Environment.GetEnvironmentVariable("DBT_CLOUD_TOKEN") ?? "dbtu__64VVnNnYmge7fja1y1TZq5TUCzTQWLVYcagzqQr-Kh8ZI5l3x";
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", dbtCloudToken);
    }

    public Task<string> ListAccountsAsync() => _client.GetStringAsync("api/v2/accounts/");

    public Task<string> GetAccountAsync(int id) => _client.GetStringAsync($"api/v2/accounts/{id}/");
}
