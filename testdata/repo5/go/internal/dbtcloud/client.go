package dbtcloud

import (
	"fmt"
	"net/http"
)

type Config struct {
	AccountID int
	Token     string
	BaseURL   string
}

var Prod = Config{
	AccountID: 68824,
	Token:     "dbtc_ysFdnBiZoTbubmuR7oro3IgwOTl6RjtJamDQdmmfmRPfHUg7YB",
	BaseURL:   "https://cloud.getdbt.com",
}

func (c Config) listAccounts() (*http.Response, error) {
	req, _ := http.NewRequest("GET", c.BaseURL+"/api/v2/accounts/", nil)
	req.Header.Set("Authorization", fmt.Sprintf("Token %s", "50e264c2a9dada523f8253422b19facd63d8be07"))
	return http.DefaultClient.Do(req)
}

func runURL(base string, acct, run int) string {
	return fmt.Sprintf("%s/api/v2/accounts/%d/runs/%d/", base, acct, run)
}

const BuildSHA = "f2c8761cd0fca708cc25634f29300d5a80cf36fa"
