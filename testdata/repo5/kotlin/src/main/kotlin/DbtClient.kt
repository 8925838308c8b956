package com.acme.dbt

import org.springframework.http.HttpEntity
import org.springframework.http.HttpHeaders
import org.springframework.http.HttpMethod
import org.springframework.stereotype.Service
import org.springframework.web.client.RestTemplate

@Service
class DbtClient(private val rest: RestTemplate) {
    private val dbtCloudToken = System.getenv("DBT_CLOUD_TOKEN") ?: "dbtu_ZEeMVTB4gGrEb6QmBZGYNL0L_qMps9L0eV17C8mKryQTmJLSNx"

    fun accounts(): String? {
        val headers = HttpHeaders().apply { set("Authorization", "Token $dbtCloudToken") }
        return rest.exchange("https://cloud.getdbt.com/api/v3/accounts/", HttpMethod.GET, HttpEntity<Void>(headers), String::class.java).body
    }

    fun account(id: Long): String? =
        rest.getForObject("https://cloud.getdbt.com/api/v3/accounts/{id}/", String::class.java, id)
}
