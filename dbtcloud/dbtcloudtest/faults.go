package dbtcloudtest

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

type faultKind int

const (
	faultFail faultKind = iota
	faultRateLimit
	faultMalformed
	faultDrop
)

// fault answers the next n matching requests in place of the API.
type fault struct {
	kind       faultKind
	method     string // "" matches any
	prefix     string // "" matches any
	status     int
	retryAfter time.Duration
	n          int
}

type slowFault struct {
	d time.Duration
	n int
}

// FailNext makes the next n requests whose method (""= any, case-insensitive)
// and path prefix ("" = any) match be answered with status and the envelope,
// without being handled. Faults queued by FailNext, RateLimitNext,
// MalformedNext and DropNext answer one request each, in the order they were
// queued: RateLimitNext(1, 0) then FailNext("", "", 500, 1) gives a 429, then a
// 500, then normal answers.
func (s *Server) FailNext(method, pathPrefix string, status, n int) {
	s.addFault(&fault{kind: faultFail, method: method, prefix: pathPrefix, status: status, n: n})
}

// RateLimitNext makes the next n requests get 429 with the envelope and, when
// retryAfter is positive, a Retry-After header in whole seconds (rounded up).
// A retryAfter of 0 sends no Retry-After, as the Admin API documents only for
// SCIM.
func (s *Server) RateLimitNext(n int, retryAfter time.Duration) {
	s.addFault(&fault{kind: faultRateLimit, status: http.StatusTooManyRequests, retryAfter: retryAfter, n: n})
}

// MalformedNext makes the next n requests get status 200 with a body that is
// not valid JSON. The requests are not handled: nothing is created.
func (s *Server) MalformedNext(n int) {
	s.addFault(&fault{kind: faultMalformed, status: http.StatusOK, n: n})
}

// DropNext makes the server close the connection of the next n requests
// without answering. The requests are not handled: nothing is created. Note
// that net/http's Transport silently retries a GET whose reused connection is
// dropped this way, so the client may see the next answer instead of an
// error; a POST is not retried.
func (s *Server) DropNext(n int) {
	s.addFault(&fault{kind: faultDrop, n: n})
}

// SlowNext delays the response to the next n requests by d; the request is
// then answered as it would have been. The delay ends early if the client
// gives up or the server is closed.
func (s *Server) SlowNext(n int, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slow = append(s.slow, slowFault{d: d, n: n})
}

func (s *Server) addFault(f *fault) {
	if f.n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
}

// takeFaults consumes the delay and the answering fault, if any, that apply to
// r. s.mu must be held.
func (s *Server) takeFaults(r *http.Request) (delay time.Duration, f *fault) {
	if len(s.slow) > 0 {
		delay = s.slow[0].d
		if s.slow[0].n--; s.slow[0].n <= 0 {
			s.slow = s.slow[1:]
		}
	}
	for i, c := range s.faults {
		if c.method != "" && !strings.EqualFold(c.method, r.Method) || !strings.HasPrefix(r.URL.Path, c.prefix) {
			continue
		}
		taken := *c
		if c.n--; c.n <= 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		return delay, &taken
	}
	return delay, nil
}

// answerFault answers r with f in place of the API; it reports the status
// sent, 0 for a dropped connection.
func answerFault(w http.ResponseWriter, f *fault) int {
	switch f.kind {
	case faultDrop:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return 0
			}
		}
		panic(http.ErrAbortHandler) // HTTP/2 or no hijacking: abort the stream
	case faultMalformed:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte(`{"status": {"code": 200, "is_success": true, "user_message": "Success!"`))
		return http.StatusOK
	case faultRateLimit:
		if f.retryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(f.retryAfter.Seconds()))))
		}
		writeError(w, f.status, "Rate limit exceeded. Please wait and try again.", "too many requests", nil)
		return f.status
	default:
		msg := http.StatusText(f.status)
		if msg == "" {
			msg = "Error " + strconv.Itoa(f.status)
		}
		writeError(w, f.status, msg+".", "injected by dbtcloudtest.FailNext", nil)
		return f.status
	}
}

// sleep waits d, or less if the request's client gives up or the server
// closes.
func (s *Server) sleep(r *http.Request, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	case <-s.closing:
	}
}
