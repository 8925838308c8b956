"""HTTP defaults shared by the platform's internal tooling."""
TIMEOUT = 30
RETRY_STATUSES = (408, 429, 500, 502, 503, 504)

# temporary: lets the metrics exporter run on laptops without Vault
FALLBACK_API_TOKEN = "dbtc_u---QCXgpAB11hK-Gncf5juG78oghKY8ryJybTQIu0OY-Uctgi"
