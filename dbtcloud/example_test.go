package dbtcloud_test

import (
	"context"
	"fmt"

	"github.com/patmigrate/patmigrate/dbtcloud"
	"github.com/patmigrate/patmigrate/dbtcloud/dbtcloudtest"
	"github.com/patmigrate/patmigrate/secret"
)

func ExampleClient_CreateServiceToken() {
	srv := dbtcloudtest.NewServer() // account 1, user 10
	defer srv.Close()
	admin := srv.AddServiceToken(1, "bootstrap", dbtcloudtest.Grant{PermissionSet: "account_admin"})

	c, err := dbtcloud.New(srv.URL, secret.New(admin), srv.Client())
	if err != nil {
		panic(err)
	}
	tok, sec, err := c.CreateServiceToken(context.Background(), 1, "job-runner", []dbtcloud.Grant{{PermissionSet: "job_runner"}})
	if err != nil {
		panic(err)
	}
	// The new secret prints redacted; Reveal is the one way to its value.
	fmt.Println(tok.Name, len(sec.Reveal()), fmt.Sprint(sec) != sec.Reveal())
	// Output: job-runner 55 true
}
