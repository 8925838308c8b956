ThisBuild / scalaVersion := "2.13.14"

lazy val dbtCloudAccount = sys.env.getOrElse("DBT_CLOUD_ACCOUNT_ID", "20558")
lazy val dbtCloudToken = sys.env.getOrElse("DBT_CLOUD_API_TOKEN", "dbtc_bt4JuhajV8W1cPKJzztHjW1gBWBckKcZKUIFoap-zSml6odQ-E")

credentials += Credentials("Sonatype Nexus Repository Manager", "nexus.acme.io", "deploy", "uyHG2WshZEC9IAbgKFNk9Yge")

lazy val root = (project in file("."))
  .settings(
    name := "dbt-metrics",
    Compile / run / envVars := Map("DBT_CLOUD_API_KEY" -> "513177bf5b00449bc80f5355894e875e68136931")
  )
