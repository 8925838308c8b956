package migrate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/patmigrate/patmigrate/dbtcloud"
	"github.com/patmigrate/patmigrate/report"
)

// printer is the dry run of one account: it prints each request a real
// run would send, as dbtcloud builds it, and sends none. It knows no user
// id it would have to look up, and lists no tokens, so decide goes by the
// journal and the secrets file alone.
type printer struct {
	account int
	host    dbtcloud.Host
	opts    Options
	started bool // the account's header is printed
}

var _ runner = (*printer)(nil)

func (p *printer) checkCredential(context.Context) error {
	p.show(dbtcloud.GetAccountRequest(p.account), 0, "check the bootstrap credential")
	return nil
}

func (p *printer) findUser(_ context.Context, email string) (int, error) {
	p.show(dbtcloud.ListUsersRequest(p.account), 0, "every page; find "+email)
	return 0, nil
}

func (p *printer) listServiceTokens(context.Context) ([]dbtcloud.Token, bool, error) {
	p.show(dbtcloud.ListServiceTokensRequest(p.account, true), 0, "every page; "+p.ifListed(report.ServiceToken))
	return nil, false, nil
}

func (p *printer) listPATs(_ context.Context, user int) ([]dbtcloud.Token, bool, error) {
	p.show(dbtcloud.ListPATsRequest(p.account, user), user, "every page; "+p.ifListed(report.PAT))
	return nil, false, nil
}

// ifListed says what becomes of a listed token of kind of a site's name,
// as decide would have it.
func (p *printer) ifListed(kind string) string {
	if ifExists(kind, 0, p.opts.Rotate).step == stepRotatePAT {
		return "rotate those that exist"
	}
	return "skip those that exist"
}

func (p *printer) carryOut(_ context.Context, user int, s report.PlanSite, d decision, o Outcome) Outcome {
	switch d.step {
	case stepRecord:
		o.Result = d.result // the real run journals it, and sends nothing
	case stepRotatePAT:
		p.show(dbtcloud.RotatePATRequest(p.account, user, d.tokenID), user, "")
		o.Result = "would rotate"
	case stepCreatePAT:
		p.show(dbtcloud.CreatePATRequest(p.account, user, s.Name), user, "")
		o.Result = "would create"
	case stepCreateServiceToken:
		p.show(dbtcloud.CreateServiceTokenRequest(p.account, s.Name, grants(s)), user, "")
		o.Result = "would create"
	}
	return o
}

func (p *printer) done(Outcome) {}

// show prints request r, about user (0: none, or one not looked up yet),
// and why it is sent, after the account's header if it is the first.
func (p *printer) show(r dbtcloud.Request, user int, why string) {
	w := p.opts.Out
	if !p.started {
		fmt.Fprintf(w, "account %d on %s:\n", p.account, p.host.Name)
		p.started = true
	}
	path := r.Path
	if r.List {
		path = r.FirstPage() + " ..."
	}
	if user == 0 {
		// The owner is looked up first: its id is not known yet.
		path = strings.Replace(path, "/users/0/", "/users/{user_id}/", 1)
	}
	line := fmt.Sprintf("  %-4s %s%s", r.Method, strings.TrimSuffix(p.host.BaseURL, "/"), path)
	if r.Body != nil {
		line += "  " + bodyText(r.Body)
	}
	if why != "" {
		line += "  (" + why + ")"
	}
	fmt.Fprintln(w, line)
}

// bodyText is a request body as it is sent, JSON, with a space after each
// colon and comma for reading.
func bodyText(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprintf("(%v)", err)
	}
	var b strings.Builder
	in, esc := false, false
	for _, c := range bytes.TrimSpace(buf.Bytes()) {
		b.WriteByte(c)
		switch {
		case esc:
			esc = false
		case in && c == '\\':
			esc = true
		case c == '"':
			in = !in
		case !in && (c == ':' || c == ','):
			b.WriteByte(' ')
		}
	}
	return b.String()
}
