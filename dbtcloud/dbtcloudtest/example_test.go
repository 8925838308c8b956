package dbtcloudtest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/patmigrate/patmigrate/dbtcloud/dbtcloudtest"
)

func Example() {
	s := dbtcloudtest.NewServer() // account 1 "Acme Analytics", user 10
	defer s.Close()
	admin := s.AddServiceToken(1, "terraform", dbtcloudtest.Grant{PermissionSet: "account_admin"})
	s.Expect("POST", "/api/v3/accounts/1/users/10/account-apikeys/")

	req, _ := http.NewRequest("POST", s.URL+"/api/v3/accounts/1/users/10/account-apikeys/",
		strings.NewReader(`{"name": "alice laptop"}`))
	req.Header.Set("Authorization", "Token "+admin)
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.Client().Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var env struct {
		Status struct {
			Code int `json:"code"`
		} `json:"status"`
		Data struct {
			ID          int    `json:"id"`
			Name        string `json:"name"`
			TokenString string `json:"token_string"`
		} `json:"data"`
	}
	json.NewDecoder(resp.Body).Decode(&env)
	fmt.Println(resp.StatusCode, env.Status.Code, env.Data.Name, strings.HasPrefix(env.Data.TokenString, "dbtu_"))

	for _, p := range s.PATs(1) {
		fmt.Println(p.ID, p.UserID, p.Name, p.State)
	}
	for _, c := range s.Calls() {
		fmt.Println(c.Method, c.Path, c.Auth, c.Status)
	}
	fmt.Println("unmet:", len(s.Unmet()))
	// Output:
	// 201 201 alice laptop true
	// 2 10 alice laptop 1
	// POST /api/v3/accounts/1/users/10/account-apikeys/ Token 201
	// unmet: 0
}
