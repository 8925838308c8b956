using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Threading.Tasks;

namespace Northwind.DbtSync
{
    public sealed class DbtCloudClient
    {
        private const long AccountId = 86644;
        private readonly HttpClient _http;

        public DbtCloudClient()
        {
            _http = new HttpClient { BaseAddress = new Uri("https://cloud.getdbt.com/") };
            _http.DefaultRequestHeaders.Authorization =
                new AuthenticationHeaderValue("Token", "dbtu_Bi1oo9r0A3rEtL_huPjbgb4CvrjFOsmuOtH2WGG8nDq2_I-x7O");
        }

        public Task<Envelope?> ListAccountsAsync() =>
            _http.GetFromJsonAsync<Envelope>("api/v3/accounts/");

        public Task<Envelope?> ListJobsAsync() =>
            _http.GetFromJsonAsync<Envelope>($"api/v2/accounts/{AccountId}/jobs/");

        public static string LegacyHeader() => string.Format("Token {0}", "bd36cfefb07817313292ca0aa55e87e60e23ae68");
    }

    public sealed record Envelope(object Status, object Data);
}
