package dbtcloud

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Sentinel errors, matched with errors.Is against an *APIError.
var (
	ErrUnauthorized = errors.New("the credential is not valid")
	ErrForbidden    = errors.New("the credential may not do this")
	ErrNotFound     = errors.New("not found")
	ErrRateLimited  = errors.New("rate limited")
)

// APIError is a request dbt Cloud refused or did not answer. Its message
// names the host and account and says what to do; it never holds the
// credential.
type APIError struct {
	Status     int    // HTTP status; 0 when there was no answer
	Host       string // the dbt Cloud host
	Account    int    // the account the request was for; 0 when none
	Message    string // the API's user_message, or what went wrong
	RetryAfter time.Duration
}

func (e *APIError) Error() string {
	where := "dbt Cloud " + e.Host
	if e.Account != 0 {
		where += fmt.Sprintf(" (account %d)", e.Account)
	}
	switch {
	case e.Status == 0:
		return fmt.Sprintf("%s: %s", where, e.Message)
	case e.Status == http.StatusUnauthorized:
		return fmt.Sprintf("%s: %d %s: the credential does not work (a legacy user API key, or a revoked token); use a service token or a personal access token valid for this account", where, e.Status, e.Message)
	case e.Status == http.StatusForbidden:
		return fmt.Sprintf("%s: %d %s: the credential works but may not do this; use one with the needed permission in this account (a PAT is valid in its own account only)", where, e.Status, e.Message)
	case e.Status == http.StatusTooManyRequests:
		msg := fmt.Sprintf("%s: %d %s: rate limited", where, e.Status, e.Message)
		if e.RetryAfter > 0 {
			msg += fmt.Sprintf("; retry after %s", e.RetryAfter)
		}
		return msg
	}
	return fmt.Sprintf("%s: %d %s", where, e.Status, e.Message)
}

// Is matches the sentinel errors by status.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.Status == http.StatusUnauthorized
	case ErrForbidden:
		return e.Status == http.StatusForbidden
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrRateLimited:
		return e.Status == http.StatusTooManyRequests
	}
	return false
}
