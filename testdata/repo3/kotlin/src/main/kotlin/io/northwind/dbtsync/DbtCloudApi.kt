package io.northwind.dbtsync

import okhttp3.OkHttpClient
import okhttp3.Request

object DbtCloudApi {
    private const val HOST = "https://cloud.getdbt.com"
    const val ACCOUNT_ID = 85290L
    private val token: String = System.getenv("DBT_CLOUD_TOKEN") ?: "dbtc_0YyhlrujSEFKM8bb7RKdc3CsKR1h8NwAp_pdMpI0RGGn_QwP20"
    private val legacyKey = "3c8f2a83ecff53ab4bc2a15d3edd478732f7060d"
    private val client = OkHttpClient()

    fun accounts(): String? {
        val request = Request.Builder()
            .url("$HOST/api/v2/accounts/")
            .header("Authorization", "Token $token")
            .get()
            .build()
        return client.newCall(request).execute().use { it.body?.string() }
    }

    fun jobs(): String? {
        val request = Request.Builder()
            .url("$HOST/api/v2/accounts/$ACCOUNT_ID/jobs/")
            .header("Authorization", "Token $legacyKey")
            .build()
        return client.newCall(request).execute().use { it.body?.string() }
    }
}
