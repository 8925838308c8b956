package scanner

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
)

// A call rule with context.base matches an API path; whether it is a call
// to dbt Cloud's endpoint depends on what the URL is built on and on where
// the path ends, which the engine reads here:
//
//   - a literal host before the path (https://api.example.com/api/v2/...)
//     must be a dbt host: one naming dbt, or a loopback test server;
//   - a base the path is joined to (f"{OKTA_ORG}/api/...", ZENDESK +
//     "/api/...", ${BILLING_HOST}/api/..., $DBT_HOST/api/...) must have a
//     name the rule's base pattern accepts: dbt's, or a neutral one (host,
//     base_url, self.api) that leaves the file's context to decide;
//   - with no base (a session's get("/api/v3/accounts/")), the file's
//     context decides, as for any rule;
//   - a path that goes on is not the endpoint: a string continued on the
//     next line ("…/accounts/" \ then "${ID}/jobs/", or Python's implicit
//     concatenation), or a part of a join with more parts after it
//     (path.Join("/api/v2/accounts", id, "jobs")).
var (
	literalHost = regexp.MustCompile(`(?i)(?:https?:)?//([A-Za-z0-9.-]+|\[[0-9a-f:]+\])(?::\d+)?$`)
	shellBase   = regexp.MustCompile(`\$([A-Za-z_]\w*)$`)
	joinedTo    = regexp.MustCompile(`([\w.$:\])]+)\s*(?:\+|\.\.?|&)\s*[fbrFBR$@]?["'\x60]$`)
	fmtVerb     = regexp.MustCompile(`(?:%[sv]|\{\d*\})$`)
	joinCall    = regexp.MustCompile(`(?i)(?:\bjoin\w*|\bpaste0?|\bconcat\w*|\bstr_c|\bfile\.path|\bjoinpath)\s*\([^()]*["'\x60][^"'\x60()]*$`)
	joinOp      = regexp.MustCompile(`^(?:[+&]|\.{1,2})\s*`)
	baseWord    = regexp.MustCompile(`[A-Za-z_][\w.:]*`)
)

// callOnDbt reports whether the API path at text[ms:] is called on dbt
// Cloud as far as the text shows, given base, the rule's pattern for the
// names of a base URL.
func callOnDbt(base *regexp.Regexp, text []byte, ms int) bool {
	ls := bytes.LastIndexByte(text[:ms], '\n') + 1
	before := text[ls:ms]
	if pathGoesOn(text, ms, before) {
		return false
	}
	if uses, ok := constantUses(text, ms, before); ok {
		// A path held in a constant is a call where it is used as one.
		for _, u := range uses {
			if useCalls(base, text, u) {
				return true
			}
		}
		return false
	}
	name, host, ok := urlBase(before)
	switch {
	case !ok:
		// A path alone: the client it is called on may have been given a
		// base URL elsewhere in the file (httpx.Client(base_url=...),
		// axios.create({baseURL: ...})), and that decides.
		if h, found := clientBase(text, before); found {
			return dbtHost(h)
		}
		return true
	case host != "":
		return dbtHost(host)
	}
	return base.MatchString(normalise(name))
}

// prose reports whether offset at of a file is text about code rather
// than code: a Python docstring, or a Markdown document outside its fenced
// code blocks.
func prose(path string, text []byte, at int) bool {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".py":
		return inDocstring(text, at)
	case ".md", ".markdown":
		ls := bytes.LastIndexByte(text[:at], '\n') + 1
		fences := 0
		for _, l := range bytes.Split(text[:ls], []byte("\n")) {
			t := bytes.TrimSpace(l)
			if bytes.HasPrefix(t, []byte("```")) || bytes.HasPrefix(t, []byte("~~~")) {
				fences++
			}
		}
		return fences%2 == 0
	}
	return false
}

// inDocstring reports whether offset at of Python source lies inside a
// triple-quoted string that began on an earlier line (a docstring, prose).
func inDocstring(text []byte, at int) bool {
	ls := bytes.LastIndexByte(text[:at], '\n') + 1
	for _, q := range []string{`"""`, "'''"} {
		if bytes.Count(text[:ls], []byte(q))%2 == 1 {
			return true
		}
	}
	return false
}

// pathConstant is NAME = " right before a path: the path is a constant's
// value.
var pathConstant = regexp.MustCompile(`^\s*(?:(?:export|const|let|var|final|static|private|public|readonly|val)\s+)*([A-Za-z_]\w*)\s*(?::\s*[\w.\[\]]+\s*)?(?::=|=)\s*[fbrFBR]?["'\x60]/?$`)

// joinedBare is a name joined to what follows: BASE + , BASE .. .
var joinedBare = regexp.MustCompile(`([\w.$:\])]+)\s*(?:\+|\.\.)$`)

// constantUses returns where the constant the path at ms is assigned to is
// used later in text (the offsets just past each use of its name), and
// false when the path is no constant's value or the constant is never
// used (it may be exported: the path then counts as written).
func constantUses(text []byte, ms int, before []byte) ([][2]int, bool) {
	m := pathConstant.FindSubmatch(before)
	if m == nil {
		return nil, false
	}
	name := regexp.MustCompile(`\b` + regexp.QuoteMeta(string(m[1])) + `\b`)
	from := lineEnd(text, ms)
	var uses [][2]int
	for _, loc := range name.FindAllIndex(text[from:], -1) {
		uses = append(uses, [2]int{from + loc[0], from + loc[1]})
	}
	return uses, len(uses) > 0
}

// useCalls reports whether the use u of a path constant is a call to dbt
// Cloud's endpoint: the path ends there (no id, no further part after it),
// and what it is joined to is dbt's or neutral.
func useCalls(base *regexp.Regexp, text []byte, u [2]int) bool {
	after := bytes.TrimLeft(text[u[1]:lineEnd(text, u[1])], "} \t")
	if len(after) > 0 && (after[0] == '{' || after[0] == '+' || after[0] == '%' || after[0] == '$' || bytes.HasPrefix(after, []byte(".format")) || bytes.HasPrefix(after, []byte(". "))) {
		return false // an id or another part follows
	}
	ls := bytes.LastIndexByte(text[:u[0]], '\n') + 1
	before := bytes.TrimRight(text[ls:u[0]], "{$ ")
	if m := joinedBare.FindSubmatch(before); m != nil {
		return base.MatchString(normalise(string(m[1]))) // BILLING_HOST + NAME
	}
	name, host, ok := urlBase(before)
	switch {
	case !ok:
		return true
	case host != "":
		return dbtHost(host)
	}
	return base.MatchString(normalise(name))
}

// dbtHost reports whether a literal host is dbt's (one naming dbt) or a
// loopback test server.
func dbtHost(host string) bool {
	h := strings.ToLower(host)
	return strings.Contains(h, "dbt") || h == "localhost" || strings.HasPrefix(h, "127.") || h == "[::1]"
}

var (
	// calledOn is a path literal passed to a client's method: the client.
	calledOn = regexp.MustCompile(`(\w+)\s*\.\s*(?:get|post|put|patch|delete|request|fetch|head)\s*\(\s*[fbrFBR]?["'\x60]/?$`)
	// configuredBase is a base URL given to a client.
	configuredBase = regexp.MustCompile(`(?i)(?:base_?url|base_?uri|baseaddress|prefix_?url)["']?\s*[:=]\s*[^"'\x60\n]*["'\x60]https?://([^/"'\x60\s:]+)`)
)

// clientBase returns the host of the base URL the file gives the client
// that before calls a method of: the assignment of that name, and the
// three lines after it.
func clientBase(text, before []byte) (string, bool) {
	m := calledOn.FindSubmatch(before)
	if m == nil {
		return "", false
	}
	return baseOf(text, string(m[1]))
}

// baseOf returns the host of the base URL the file gives the client named
// client: in its assignment or the three lines after it.
func baseOf(text []byte, client string) (string, bool) {
	assign := regexp.MustCompile(`(?m)\b` + regexp.QuoteMeta(client) + `\s*(?::=|=)[^=]`)
	for _, loc := range assign.FindAllIndex(text, -1) {
		end := loc[1]
		for i := 0; i < 4 && end < len(text); i++ {
			end = lineEnd(text, end) + 1
		}
		if b := configuredBase.FindSubmatch(text[loc[0]:min(end, len(text))]); b != nil {
			return string(b[1]), true
		}
	}
	return "", false
}

// urlBase returns what the URL ending in before is built on: a literal
// host, or the name of a base it is joined to. ok is false when before
// shows neither (a path alone, a %s placeholder).
func urlBase(before []byte) (name, host string, ok bool) {
	before = bytes.TrimSuffix(before, []byte("/"))
	if m := literalHost.FindSubmatch(before); m != nil {
		return "", string(m[1]), true
	}
	if fmtVerb.Match(before) {
		return "", "", false
	}
	if n := len(before); n > 0 && (before[n-1] == '}' || before[n-1] == ')') {
		if inner := enclosed(before); inner != nil {
			if w := baseWord.Find(bytes.TrimLeft(inner, "${( ")); w != nil {
				return string(w), "", true
			}
		}
		return "", "", false
	}
	if m := shellBase.FindSubmatch(before); m != nil {
		return string(m[1]), "", true
	}
	if m := joinedTo.FindSubmatch(before); m != nil {
		return strings.TrimRight(string(m[1]), ")]"), "", true
	}
	return "", "", false
}

// enclosed returns the text inside the brackets that end before, without
// them: {DBT_HOST}, ${{ env.HOST }}, $(DBT_HOST).
func enclosed(before []byte) []byte {
	depth := 0
	for i := len(before) - 1; i >= 0; i-- {
		switch before[i] {
		case '}', ')':
			depth++
		case '{', '(':
			if depth--; depth == 0 {
				return bytes.Trim(before[i+1:len(before)-1], "{} ")
			}
		}
	}
	return nil
}

// pathGoesOn reports whether the path starting at text[ms:] continues past
// its string: on the next line as another string whose text does not start
// a query, or as the next part of a join.
func pathGoesOn(text []byte, ms int, before []byte) bool {
	le := lineEnd(text, ms)
	q := ms
	for q < le && !bytes.ContainsRune([]byte("\"'` \t"), rune(text[q])) {
		q++
	}
	if q == le || text[q] == ' ' || text[q] == '\t' {
		return false // unquoted: the word ends the URL
	}
	after := bytes.TrimSpace(bytes.TrimSuffix(text[q+1:le], []byte("\r")))
	if len(after) > 0 && after[0] == ',' && joinCall.Match(before) {
		return true
	}
	if len(after) > 0 && !bytes.Equal(after, []byte(`\`)) {
		return false
	}
	next := le + 1
	for next < len(text) {
		nl := lineEnd(text, next)
		l := bytes.TrimSpace(text[next:nl])
		if len(l) == 0 {
			next = nl + 1
			continue
		}
		if op := joinOp.Find(l); op != nil {
			// + accountId + "/jobs/" goes on; + "?limit=1" is a query.
			l = l[len(op):]
			if len(l) > 0 && !bytes.ContainsRune([]byte("\"'`fbrFBR$@"), rune(l[0])) {
				return true
			}
		}
		l = bytes.TrimLeft(l, "fbrFBR$@")
		if len(l) < 2 || !bytes.ContainsRune([]byte("\"'`"), rune(l[0])) {
			return false
		}
		return l[1] != '?' && l[1] != l[0]
	}
	return false
}
