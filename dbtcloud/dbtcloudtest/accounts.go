package dbtcloudtest

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

// timeFormat is how the API writes timestamps.
const timeFormat = "2006-01-02 15:04:05.000000+00:00"

type accountData struct {
	ID        int    `json:"id"`
	Name      string `json:"name"`
	State     int    `json:"state"`
	Plan      string `json:"plan"`
	CreatedAt string `json:"created_at"`
}

type userData struct {
	ID        int    `json:"id"`
	Email     string `json:"email"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	IsActive  bool   `json:"is_active"`
}

func accountJSON(a *account) accountData {
	return accountData{ID: a.id, Name: a.name, State: stateActive, Plan: "enterprise", CreatedAt: a.created.Format(timeFormat)}
}

// listAccounts answers with the token's own account only, as the API does for
// account-scoped tokens. s.mu must be held.
func (s *Server) listAccounts(w http.ResponseWriter, r *http.Request, tok *token) {
	all := []accountData{accountJSON(s.accounts[tok.accountID])}
	writePage(w, r, all)
}

// listUsers answers with the users of the token's account. s.mu must be held.
func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, tok *token) {
	var all []userData
	for _, u := range s.accounts[tok.accountID].users {
		all = append(all, userData{ID: u.id, Email: u.email, IsActive: true})
	}
	slices.SortFunc(all, func(a, b userData) int { return a.ID - b.ID })
	writePage(w, r, all)
}

// writePage answers with the page of all that the query's offset and limit
// (at most 100, the API's maximum) select, and the pagination in extra.
func writePage[T any](w http.ResponseWriter, r *http.Request, all []T) {
	q := r.URL.Query()
	offset, limit := 0, 100
	for _, p := range []struct {
		name string
		dst  *int
	}{{"offset", &offset}, {"limit", &limit}} {
		name, dst := p.name, p.dst
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				invalid(w, name, "A valid non-negative integer is required.")
				return
			}
			*dst = n
		}
	}
	if limit == 0 || limit > 100 {
		limit = 100
	}
	page := []T{}
	if offset < len(all) {
		page = all[offset:min(offset+limit, len(all))]
	}
	writeData(w, http.StatusOK, page, map[string]any{
		"filters":    map[string]any{"offset": offset, "limit": limit},
		"order_by":   "id",
		"pagination": map[string]int{"count": len(page), "total_count": len(all)},
	})
}

func formatTime(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format(timeFormat)
	return &s
}
