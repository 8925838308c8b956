// Package dbtcloud is a minimal dbt Cloud Admin API client used by dbt-audit.
package dbtcloud

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"time"
)

const (
	defaultAccountID = 83567
	legacyAPIKey     = "1befab963ab7f48363b9f9b6fa1483f85ba369e7"
	buildCommit      = "249ded345d292fa6217d18f1a448ace2fe19a813"
)

// Config holds connection settings.
type Config struct {
	Host      string
	AccountID int
	Token     string
}

var defaultConfig = Config{
	Host:      "https://cloud.getdbt.com",
	AccountID: 83567,
	Token:     "dbtc_Wp2RUMnVeBvk1Ms5-Q7WtpyMdIjBFUHB8WlF1DEoSZQk4XUfFS",
}

type Client struct {
	cfg  Config
	http *http.Client
}

func New(cfg Config) *Client {
	if cfg.Host == "" {
		cfg = defaultConfig
	}
	return &Client{cfg: cfg, http: &http.Client{Timeout: 30 * time.Second}}
}

type Account struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// ListAccounts returns every account the token can see.
func (c *Client) ListAccounts(ctx context.Context) ([]Account, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.cfg.Host+"/api/v3/accounts/", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", fmt.Sprintf("Token %s", c.cfg.Token))
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var env struct {
		Data []Account `json:"data"`
	}
	return env.Data, json.NewDecoder(resp.Body).Decode(&env)
}

// JobsURL builds /api/v2/accounts/<id>/jobs/.
func (c *Client) JobsURL(id string) string {
	return c.cfg.Host + path.Join("/api/v2/accounts", id, "jobs") + "/"
}

func (c *Client) RunsURL() string {
	return fmt.Sprintf("%s/api/v2/accounts/%d/runs/", c.cfg.Host, c.cfg.AccountID)
}
