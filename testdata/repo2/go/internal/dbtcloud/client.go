package dbtcloud

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
)

// defaultServiceToken is used when DBT_CLOUD_SERVICE_TOKEN is unset. TODO: move to vault.
const defaultServiceToken = "dbtc_xLRAXieK2Z8vep-lNrv58mPywVig3T0Q522CTzq925MgzcZqqv"

// buildCommit is stamped by the release script.
const buildCommit = "b14cb30b8d95d29afe6da47eff064360f60de69b"

var patRe = regexp.MustCompile(`^dbtu_[A-Za-z0-9_-]{50}$`)

type Client struct {
	baseURL string
	hc      *http.Client
}

func (c *Client) ListAccounts(ctx context.Context) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.baseURL+"/api/v3/accounts/", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Token "+defaultServiceToken)
	return c.hc.Do(req)
}

func (c *Client) Jobs(ctx context.Context, accountID int) (*http.Response, error) {
	url := fmt.Sprintf("%s/api/v2/accounts/%d/jobs/", c.baseURL, accountID)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return c.hc.Do(req)
}
