package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"path"
)

func getenv(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}

func main() {
	baseURL := getenv("DBT_CLOUD_URL", "https://cloud.getdbt.com")
	apiKey := getenv("DBT_CLOUD_API_KEY", "036d31f0c19ec8fd11a0f0dd24ead1a2465e184d")
	accountID := getenv("DBT_CLOUD_ACCOUNT_ID", "5567")

	// account-scoped runs endpoint
	runsPath := path.Join("/api/v2/accounts", accountID, "runs")
	log.Printf("polling %s%s", baseURL, runsPath)

	req, err := http.NewRequest("GET", baseURL+"/api/v2/accounts/", nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Authorization", fmt.Sprintf("Token %s", apiKey))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	fmt.Println(resp.Status)
}
