"""Runtime settings for dbt-sync, read from the environment (prefix DBT_CLOUD_)."""
from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class DbtCloudSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DBT_CLOUD_", env_file=".env")

    account_id: int = 81276
    host: str = "cloud.getdbt.com"
    # TODO: drop once every consumer reads service_token
    api_key: str = "7df8f2bb459a362d84b783f67f38bcf6078d6f7d"
    service_token: SecretStr = SecretStr("dbtc_WmuKIC9RqBsokoPzi4fjxmU1xuWbRB3IvNvaJJD4DQBqRyF7Nk")
    git_sha: str = "b1fe738e2c199dd0cc827559dea144f7087adce5"
    request_timeout: float = 30.0


class SentrySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SENTRY_")

    dsn: str = ""
    release: str = "d59a346d64bc3eb128213ba0d5fa21cd48d16171"


settings = DbtCloudSettings()
