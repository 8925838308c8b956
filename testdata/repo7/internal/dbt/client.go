package dbt

import (
	"fmt"
	"net/http"

	"github.com/acme/dbtcloud"
	"github.com/acme/ghclient"
)

var prodCfg = dbtcloud.Config{
	AccountID: 72001,
	HostURL:   "https://cloud.getdbt.com/api",
	Token:     "bd25d4208b868431d0e0a3005156b6acb24f74a2",
}

var ghCfg = ghclient.Config{
	Owner: "acme",
	Token: "413020fba3d9d2a6923cad803df1b1893658690e",
}

func ListAccounts() (*http.Request, error) {
	req, err := http.NewRequest(http.MethodGet,
		"https://cloud.getdbt.com/api/v2/accounts/", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization",
		fmt.Sprintf("Bearer %s", "dbtc_-iYaYEjalyYjVt6UtWCXXdOWQ1twtaPCIoqu4ha-oWBdMt1-LN"))
	return req, nil
}

func Commit() (*http.Request, error) {
	req, err := http.NewRequest(http.MethodGet,
		"https://api.github.com/repos/acme/analytics/commits/main", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization",
		fmt.Sprintf("Bearer %s", "fe82d1af757ca4c1818c0608307bf6079ce68752"))
	return req, nil
}
