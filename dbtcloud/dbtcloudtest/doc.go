// Package dbtcloudtest provides an in-process fake of the dbt Cloud Admin API
// for tests, in the manner of net/http/httptest.
//
// A Server answers the documented v2/v3 endpoints that patmigrate uses:
// listing accounts (only the token's own account, as account-scoped tokens
// do), getting an account, listing an account's users, listing, creating,
// rotating and deleting a user's personal access tokens (PATs), and listing and
// creating service tokens with permission grants. Every response body is the
// API's envelope {"status": {...}, "data": ..., "extra": {...}}; a legacy
// 40-hex user API key always gets 401 "Invalid token.".
//
// NewServer works with zero setup: it has account 1 "Acme Analytics" with
// user 10 (alice@example.com). Credentials are added with AddPAT and
// AddServiceToken, which return the secret to send.
//
// Faults are injected with FailNext, RateLimitNext, SlowNext, MalformedNext
// and DropNext; calls that must come are declared with Expect and checked with
// Unmet; Calls lists every request received, with secrets redacted.
//
// All methods of Server are safe for concurrent use.
package dbtcloudtest
