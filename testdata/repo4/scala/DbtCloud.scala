import sttp.client3._

object DbtCloud {
  val dbtCloudApiToken: String = sys.env.getOrElse("DBT_CLOUD_API_TOKEN", "dbtc_yTcUlH52hWyPa74MsWjTWmkXQ3Y50GZyRtw2cYmzsyBfuP2PNG")
  private val backend = HttpClientSyncBackend()

  def accounts(): String =
    basicRequest
      .get(uri"https://cloud.getdbt.com/api/v2/accounts/")
      .header("Authorization", s"Token $dbtCloudApiToken")
      .send(backend)
      .body
      .fold(identity, identity)

  def runs(accountId: Long): String =
    basicRequest
      .get(uri"https://cloud.getdbt.com/api/v2/accounts/$accountId/runs/")
      .header("Authorization", "Bearer " + "dbtu_-AlQ7e8Sp6xGoy8MP2LlfxrtEvQMQS1YjgKpKX07F4x81VibE3")
      .send(backend)
      .body
      .fold(identity, identity)
}
