import okhttp3.OkHttpClient
import okhttp3.Request

object DbtCloudApi {
    private val dbtCloudToken = System.getenv("DBT_CLOUD_TOKEN") ?: "dbtu_YzzYWOzLrxCzsrfgkGWDBTSCbGI-ly1nmixnLkiaFOgfhcdjKN"
    private val client = OkHttpClient()

    fun listAccounts(): String? {
        val request = Request.Builder()
            .url("https://au.dbt.com/api/v3/accounts/")
            .header("Authorization", "Token $dbtCloudToken")
            .build()
        return client.newCall(request).execute().body?.string()
    }
}

data class DbtCloudSettings(val accountId: Long, val apiKey: String)

val emea = DbtCloudSettings(accountId = 3387, apiKey = "267b08fdfc41413c7160ccade904946c1f1ab8e1")
val buildInfo = mapOf("gitSha" to "534e7390b6bdeb21aa77a6950bca4b12e4852b17")
