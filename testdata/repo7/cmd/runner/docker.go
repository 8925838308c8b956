package main

import "github.com/docker/docker/api/types/container"

var cfg = &container.Config{
	Image: "ghcr.io/acme/dbt-runner:1.4.2",
	Env: []string{
		"DBT_CLOUD_ACCOUNT_ID=41030",
		"DBT_TOKEN=dbtu_dtGIwntV_ou7k6QbjcCilsma0_k-eJRfPKN1QVY7j3r2J69FgP",
		"DBT_CLOUD_API_KEY=791965a9d1cd672ed53b9c4ffc5e061278422b87",
		"DBT_CLOUD_GIT_SHA=22ab5e33e220114319793297f374f06878b9285d",
		"GITHUB_SHA=8a3c218dd766f0c42840469a0e3fb208e7c8f325",
	},
}
