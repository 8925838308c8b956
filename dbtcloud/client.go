package dbtcloud

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/patmigrate/patmigrate/secret"
)

// Client calls one dbt Cloud host with one credential. It is safe for
// concurrent use. Construct it with New.
type Client struct {
	host  Host
	token secret.Secret
	http  *http.Client
	// Retries bounds the retries of one request and MaxWait the total time
	// spent waiting between them.
	Retries int
	MaxWait time.Duration
	// sleep waits between retries; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

// Default limits of a Client.
const (
	DefaultTimeout = 30 * time.Second
	DefaultRetries = 4
	DefaultMaxWait = 2 * time.Minute
)

// New returns a Client for host (any form ParseHost takes) and token. httpc
// may be nil for a client with DefaultTimeout.
func New(host string, token secret.Secret, httpc *http.Client) (*Client, error) {
	h, err := ParseHost(host)
	if err != nil {
		return nil, err
	}
	if httpc == nil {
		httpc = &http.Client{Timeout: DefaultTimeout}
	}
	// The API answers where it is asked; a redirect is never followed
	// with the credential. net/http keeps Authorization on a redirect to
	// the same host, http:// included, so an https host that redirects
	// to http on itself would receive it in clear. The redirect is the
	// answer (an error), and nothing is said to work after it.
	c := *httpc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &Client{host: h, token: token, http: &c, Retries: DefaultRetries, MaxWait: DefaultMaxWait, sleep: sleepCtx}, nil
}

// Host returns the client's host.
func (c *Client) Host() Host { return c.host }

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// envelope is the shape of every answer of the API.
type envelope struct {
	Status struct {
		Code             int    `json:"code"`
		IsSuccess        bool   `json:"is_success"`
		UserMessage      string `json:"user_message"`
		DeveloperMessage string `json:"developer_message"`
	} `json:"status"`
	Data  json.RawMessage `json:"data"`
	Extra json.RawMessage `json:"extra"`
}

// pageDecoder is an out of do that also wants the envelope's extra (the
// pagination of a list).
type pageDecoder interface {
	decodePage(data, extra json.RawMessage) error
}

// do sends one API request (body, when not nil, as JSON), retrying as the
// package documents, and decodes the envelope's data into out (when not
// nil). account names the account in errors (0: none).
func (c *Client) do(ctx context.Context, method, path string, account int, body, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return err
		}
	}
	var waited time.Duration
	for attempt := 0; ; attempt++ {
		err := c.once(ctx, method, path, account, payload, out)
		var ae *APIError
		if errors.As(err, &ae) {
			// Whatever the server or a transport said may quote the
			// request, credential included.
			ae.Message = scrub(ae.Message, c.token)
		}
		wait, retry := c.retryAfter(err, method, attempt)
		if !retry || attempt >= c.Retries || waited+wait > c.MaxWait {
			return err
		}
		if err := c.sleep(ctx, wait); err != nil {
			return err
		}
		waited += wait
	}
}

// retryAfter decides whether err is worth another attempt, and when. A
// create (POST) is retried only when the server cannot have acted on it: a
// rate limit, a timeout before it was read, a 503 with Retry-After; a
// retried create must never make two tokens.
func (c *Client) retryAfter(err error, method string, attempt int) (time.Duration, bool) {
	var ae *APIError
	if !errors.As(err, &ae) {
		return 0, false
	}
	switch s := ae.Status; {
	case s == http.StatusTooManyRequests, s == http.StatusRequestTimeout:
	case s == http.StatusServiceUnavailable && ae.RetryAfter > 0:
		// A 503 that says when to come back was refused, not half done.
	case s >= 500 && method != http.MethodPost:
		// A 502 or 504 may come after the backend made the token: only
		// reads are retried on them.
	case s == 0 && method != http.MethodPost: // a network error
	default:
		return 0, false
	}
	if ae.RetryAfter > 0 {
		return ae.RetryAfter, true
	}
	// Exponential backoff from half a second, with full jitter.
	backoff := min(500*time.Millisecond<<attempt, 30*time.Second)
	return backoff/2 + rand.N(backoff/2+1), true
}

// once sends one request.
func (c *Client) once(ctx context.Context, method, path string, account int, payload []byte, out any) error {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.host.BaseURL+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Token "+c.token.Reveal())
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &APIError{Host: c.host.Name, Account: account, Message: "no answer: " + err.Error()}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return &APIError{Status: resp.StatusCode, Host: c.host.Name, Account: account, Message: "reading the answer: " + err.Error()}
	}
	var env envelope
	decodeErr := json.Unmarshal(data, &env)
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return &APIError{Status: resp.StatusCode, Host: c.host.Name, Account: account,
			Message: "a redirect (to " + redirectTarget(resp) + "), not followed with the credential"}
	}
	if resp.StatusCode >= 300 {
		e := &APIError{Status: resp.StatusCode, Host: c.host.Name, Account: account, Message: env.Status.UserMessage,
			RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"))}
		if e.Message == "" {
			e.Message = http.StatusText(resp.StatusCode)
		}
		return e
	}
	if resp.StatusCode == http.StatusNoContent || out == nil {
		return nil
	}
	if decodeErr != nil {
		return &APIError{Status: resp.StatusCode, Host: c.host.Name, Account: account, Message: "the answer is not the API's JSON envelope"}
	}
	decode := func() error { return json.Unmarshal(env.Data, out) }
	if pd, ok := out.(pageDecoder); ok {
		decode = func() error { return pd.decodePage(env.Data, env.Extra) }
	}
	if err := decode(); err != nil {
		return &APIError{Status: resp.StatusCode, Host: c.host.Name, Account: account, Message: "unexpected data: " + err.Error()}
	}
	return nil
}

// redirectTarget names where a redirect points, scheme and host only: its
// path and query are the server's words, and may hold anything.
func redirectTarget(resp *http.Response) string {
	u, err := resp.Location()
	if err != nil {
		return "nowhere it says"
	}
	return u.Scheme + "://" + u.Host
}

// parseRetryAfter reads a Retry-After header: seconds, or an HTTP date.
func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, time.Until(t))
	}
	return 0
}

// scrub removes the credential from an error message.
func scrub(msg string, tok secret.Secret) string {
	if v := tok.Reveal(); v != "" {
		msg = strings.ReplaceAll(msg, v, tok.String())
	}
	return msg
}
