module github.com/northwind-analytics/data-platform/go

go 1.22

require (
	github.com/hashicorp/go-retryablehttp v0.7.5
	github.com/northwind-analytics/dbt-cloud-go v0.0.0-20240311094512-ab2eedbac71e
)

require github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
