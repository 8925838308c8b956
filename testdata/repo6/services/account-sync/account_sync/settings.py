from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_prefix="")

    dbt_cloud_host: str = "cloud.getdbt.com"
    dbt_cloud_account_id: int = 88120
    dbt_cloud_api_key: str = "4432d5640e82cdbcaea92de82a7398974df56e05"
    git_sha: str = "b2d35e98f1dbcd4d81ade0c3ecdb5d94166aed8a"
    sentry_dsn: str = ""


settings = Settings()
