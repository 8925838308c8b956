package gitclone

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing/transport/client"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"

	"github.com/patmigrate/patmigrate/secret"
)

// errorBodyMax bounds what is read of a git server's error response: go-git
// reads the whole body into its error, and a server that answers 403 with
// gigabytes would otherwise be held in memory and printed.
const errorBodyMax = 64 << 10

// installHTTP puts patmigrate's HTTP client under go-git's http and https
// transports, once for the process (go-git's table is process-wide).
var installHTTP = sync.OnceFunc(func() {
	c := githttp.NewClient(&http.Client{
		Transport:     cappedErrors{http.DefaultTransport},
		CheckRedirect: noDowngrade,
	})
	client.InstallProtocol("https", c)
	client.InstallProtocol("http", c)
})

// cappedErrors cuts the body of an error response at errorBodyMax. A
// successful response is the pack, as large as the repository.
type cappedErrors struct{ next http.RoundTripper }

func (c cappedErrors) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if err == nil && resp.StatusCode >= 400 {
		resp.Body = limitedBody{io.LimitReader(resp.Body, errorBodyMax), resp.Body}
	}
	return resp, err
}

type limitedBody struct {
	io.Reader
	io.Closer
}

// noDowngrade refuses a redirect from https to http: the request carries
// the credential, which must never travel in clear. (net/http already
// drops it on a redirect to another host.)
func noDowngrade(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if prev := via[len(via)-1]; prev.URL.Scheme == "https" && req.URL.Scheme != "https" {
		return fmt.Errorf("refused a redirect from https to %s", req.URL.Scheme)
	}
	return nil
}

// sendsToken reports whether a token may go to rawURL: over https, or over
// plain http to this machine only (a test's loopback server).
func sendsToken(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return true
	case "http":
		return isLoopback(u.Hostname())
	}
	return false
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// scrub removes from msg every form of the credentials a clone of rawURL
// sent: the URL's userinfo, the token, and the Basic authorization header
// that carries them (a server may echo the request).
func scrub(msg, rawURL, user, token string) string {
	msg = strings.ReplaceAll(msg, rawURL, DisplayURL(rawURL))
	var secrets []string
	if token != "" {
		secrets = append(secrets, token, base64.StdEncoding.EncodeToString([]byte(user+":"+token)))
	}
	if u, err := url.Parse(rawURL); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok && p != "" {
			secrets = append(secrets, p, base64.StdEncoding.EncodeToString([]byte(u.User.Username()+":"+p)))
		}
	}
	for _, s := range secrets {
		msg = strings.ReplaceAll(msg, s, secret.Redact(s))
	}
	return msg
}
