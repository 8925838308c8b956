package dbtcloud

import (
	"fmt"
	"net/http"
	"time"
)

type DbtCloudConfig struct {
	Host      string
	AccountID int
	APIKey    string
}

// DefaultConfig is only used by the local smoke test.
var DefaultConfig = DbtCloudConfig{
	Host:      "cloud.getdbt.com",
	AccountID: 61,
	APIKey:    "a423d04fe38ce7c51bb3599b06a7ac78e6469969",
}

type Client struct {
	cfg  DbtCloudConfig
	http *http.Client
}

func New(cfg DbtCloudConfig) *Client {
	return &Client{cfg: cfg, http: &http.Client{Timeout: 30 * time.Second}}
}

func (c *Client) accountURL() string {
	return fmt.Sprintf("https://%s/api/v2/accounts/%d/", c.cfg.Host, c.cfg.AccountID)
}
