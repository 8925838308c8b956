package main

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/northwind-analytics/data-platform/go/internal/dbtcloud"
)

const accountID = 83591

func getenv(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}

func main() {
	token := getenv("DBT_CLOUD_TOKEN", "dbtu_vk_6tdMzCKpD8FlnJmXksXGOHwWp635jFM2fQUc_QafDec9ciL")
	dbtToken := "dbtc_SM5Uyye72IMsqmxDvd9Px2UtSnwvlQknLns_7jfBh5_1stj9C7"
	gitSHA := "b349977be1ded1230711c54c392e9c3f46a4f9e2"

	c := dbtcloud.New(dbtcloud.Config{Host: "https://cloud.getdbt.com", AccountID: accountID, Token: token})
	accts, err := c.ListAccounts(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(accts), "accounts; build", gitSHA)

	req, _ := http.NewRequest(http.MethodGet, "https://cloud.getdbt.com/api/v2/accounts/", nil)
	req.Header = http.Header{"Authorization": {"Token " + dbtToken}}
	legacy, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("https://cloud.getdbt.com/api/v2/accounts/%d/", accountID), nil)
	legacy.Header.Set("Authorization", fmt.Sprintf("Token %s", "cecb18e1c1904a29b0ce5c4f10b694b80e8016b9"))
	_, _ = http.DefaultClient.Do(req)
	_, _ = http.DefaultClient.Do(legacy)
}
