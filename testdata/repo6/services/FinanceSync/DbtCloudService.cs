using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;

namespace Acme.FinanceSync
{
    public class DbtCloudService
    {
        private readonly HttpClient _http = new HttpClient();

        public DbtCloudService()
        {
            var token = Environment.GetEnvironmentVariable("DBT_CLOUD_TOKEN") ?? "c83714bdf6853c58b8cef53358b7eb91ad4da33d";
            _http.BaseAddress = new Uri("https://cloud.getdbt.com/");
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        }

        public Task<string> ListAccountsAsync() => _http.GetStringAsync("/api/v3/accounts/");

        public Task<string> ListJobsAsync(int accountId) =>
            _http.GetStringAsync($"/api/v2/accounts/{accountId}/jobs/");
    }
}
