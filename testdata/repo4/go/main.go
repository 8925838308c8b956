package main

import (
	"fmt"
	"net/http"
	"os"
	"path"
)

const dbtCloudBase = "https://cloud.getdbt.com"

func getenv(k, def string) string {
	if v, ok := os.LookupEnv(k); ok {
		return v
	}
	return def
}

var dbtCloudToken = getenv("DBT_CLOUD_TOKEN", "dbtc_7ZZHUVpyQVY3jZZ3gHX6yafmB0jZX6LW-8gWfzDGHqiGhpK-a1")
var buildSHA = getenv("DBT_CLOUD_GIT_SHA", "c6ca158afccb77608778e889e4aec2ca773fd05d")

func listAccounts(base string) (*http.Response, error) {
	req, _ := http.NewRequest("GET", base+"/api/v2/accounts/", nil)
	req.Header.Set("Authorization", fmt.Sprintf("Token %s", dbtCloudToken))
	return http.DefaultClient.Do(req)
}

func account(base, id string) (*http.Response, error) {
	req, _ := http.NewRequest("GET", base+path.Join("/api/v2/accounts", id)+"/", nil)
	req.Header.Set("Authorization", fmt.Sprintf("Bearer %s", "57a90f53511561212d7fbe81d78e7fda44a9d4b8"))
	return http.DefaultClient.Do(req)
}

func main() {
	dbtCloudAPIKey := "8a8b8daae71961d15c7a19f74d2a4a9eecfefb27"
	_ = dbtCloudAPIKey
	listAccounts(dbtCloudBase)
}
