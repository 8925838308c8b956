package scanner

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/patmigrate/patmigrate/internal/dbt"
)

// attribution is what a file says about where its credentials belong: every
// dbt Cloud account id and host it mentions, with their lines, and what the
// file is (its usage). A finding that does not carry an account or host in
// its own match takes the nearest one (see nearest).
type attribution struct {
	accounts []mention
	hosts    []mention
	usage    string
}

type mention struct {
	line  int
	value string
	// private mentions belong to what is on their own lines, line to last
	// (the login of a connection URI is its own credential's account; an
	// airflow connections add command's login is that command's).
	private bool
	last    int
}

// accountName matches the names of an account id field: account_id,
// account-id, accountId, DBT_CLOUD_ACCOUNT_ID, dbtCloudAccountId,
// DBT_ACCOUNT_ID, and dbt's with a word between (dbt_cloud_acme_account_id,
// one account per client). A prefix other than dbt's (aws_account_id) is
// not one.
const accountName = `(?:(?:\b|_)dbt[_-]?(?:cloud[_-]?)?(?:[a-z0-9]+[_-])?|\b)account[_-]?id`

// accountPatterns find account ids: sibling fields in any assignment syntax,
// Kubernetes Secret data (base64), name/value pairs, an Airflow connection's
// login, and account-scoped URLs. Eleven digits at most keeps AWS account
// ids (twelve) out.
var accountPatterns = []*regexp.Regexp{
	// NAME = 12345, NAME: 12345, NAME ?= 12345, NAME: int = 12345,
	// ENV.fetch("NAME", "12345"), os.environ["NAME"] = "12345",
	// --account-id 12345, 31000L.
	regexp.MustCompile(`(?i)` + accountName + `\\?["']?\]?(?:\s*:\s*&?[\w.]+(?:\[[\w.]+\])?\s*=|\s*(?::=|=>|[?+]=|[:=>,])|\s)\s*\\?["']?(\d{1,11})L?\b`),
	// A literal fallback of a reference: ${NAME:-12345}, ${NAME:=12345},
	// process.env.NAME ?? 12345, env.NAME || "12345", getenv("NAME") or
	// 12345, System.getenv("NAME") ?: "12345".
	regexp.MustCompile(`(?i)` + accountName + `\\?["']?[\])}]?\s*(?::-|:=|\?\?|\|\||\?:|\bor\b|//|\|\s*default|\.unwrap_or(?:_else)?\(\s*(?:\|[^|]*\|)?|\.(?:getOrElse|orElse|getOrDefault)\()\s*\\?["']?(\d{1,11})L?\b`),
	// A fallback at the end of a chain of calls on the read value:
	// env::var("DBT_CLOUD_ACCOUNT_ID").ok().and_then(|v| v.parse().ok())
	// .unwrap_or(12345), Optional.ofNullable(...).orElse(12345).
	regexp.MustCompile(`(?i)` + accountName + `\\?["']?\)[^\n;]{0,120}?\.(?:unwrap_or(?:_else)?|orElse|getOrElse|getOrDefault)\(\s*(?:\|[^|]*\|\s*)?["']?(\d{1,11})\b`),
	// R's assignment: dbt_account_id <- 12345.
	regexp.MustCompile(`(?i)` + accountName + `\s*<<?-\s*["']?(\d{1,11})L?\b`),
	// A typed declaration: param dbtCloudAccountId string = '12345' (Bicep),
	// NAME int = 12345.
	regexp.MustCompile(`(?i)` + accountName + `\s+[A-Za-z]\w*\??\s*=\s*["']?(\d{1,11})\b`),
	// A declared input or parameter with a default: NAME:\n  default: 12345
	// (GitHub Actions inputs, Tekton and Argo params).
	regexp.MustCompile(`(?i)` + accountName + `["']?\s*:[ \t]*\r?\n(?:[ \t]+[^\n]*\r?\n){0,3}?[ \t]+default\s*:\s*["']?(\d{1,11})\b`),
	// An object for the name whose value field holds the id (Heroku's
	// app.json): "NAME": {"description": "...", "value": "12345"}.
	regexp.MustCompile(`(?i)` + accountName + `["']?\s*:\s*\{[^{}\n]*?["']?value["']?\s*:\s*["']?(\d{1,11})\b`),
	// A Terraform variable's default: variable "dbt_account_id" { ...
	// default = 12345 }.
	regexp.MustCompile(`(?i)variable\s+"[\w-]*account[_-]?id[\w-]*"\s*\{[^{}]*?\bdefault\s*=\s*"?(\d{1,11})\b`),
	// NAME: <base64 of the id>, the whole value (Kubernetes Secret data).
	regexp.MustCompile(`(?im)` + accountName + `["']?\s*:\s*["']?([A-Za-z0-9+/]{4,16}={0,2})["']?\s*$`),
	// name: DBT_CLOUD_ACCOUNT_ID / value: "12345" pairs (Kubernetes env,
	// Azure variables, ECS, XML).
	regexp.MustCompile(`(?i)\b(?:name|key)\\?["']?\s*[:=]\s*\\?["']?(?:dbt[_-]?(?:cloud[_-]?)?)?account[_-]?id\\?["']?[\s,]*-?\s*\\?["']?(?:value|default)\\?["']?\s*[:=]\s*\\?["']?(\d{1,11})\b`),
	// A parameter list entry: - name: dbt-cloud-account-id, a line or two
	// (type: string), then default: "12345" or value: "12345" (Tekton,
	// Argo, Azure).
	regexp.MustCompile(`(?i)\b(?:name|key)\s*:\s*["']?(?:dbt[_-]?(?:cloud[_-]?)?)?account[_-]?id["']?[ \t]*\r?\n(?:[ \t]+[^\n]*\r?\n){0,2}?[ \t]+(?:default|value)\s*:\s*["']?(\d{1,11})\b`),
	loginPattern,
	regexp.MustCompile(`/accounts/(\d{1,11})\b`),
	regexp.MustCompile(`(?i)(?:getdbt|\bdbt)\.com/deploy/(\d{1,11})\b`),
}

// loginPattern is an Airflow connection's login: conn_login: 12345,
// --conn-login 12345, "login": "12345". It is that connection's account: at
// the top level of a file (a dotenv line, a command) it is private to its
// line; inside a block (a connection's YAML item) it is the block's.
var loginPattern = regexp.MustCompile(`(?i)(?:\b|--)(?:conn[-_])?login["']?\s*(?:[:=]|\s)\s*["']?(\d{1,11})\b`)

// uriAccount is the login of an Airflow connection URI: the account of that
// URI's own credential (its rule captures it), not of the file's others.
// It counts for a decoded value, which is the URI alone.
var uriAccount = regexp.MustCompile(`(?i)dbt[-_]cloud://(\d{1,11}):`)

// hostPattern finds dbt Cloud hosts; bare getdbt.com and dbt.com (email
// domains, the marketing site) are not account hosts.
var hostPattern = regexp.MustCompile(`(?i)\b((?:[a-z0-9-]+\.)+(?:getdbt|dbt)\.com)\b`)

// Every account pattern needs one of accountWords, and the host pattern
// needs hostWord: the patterns run only around them (see near).
var (
	accountWords = []string{"account", "login", "deploy"}
	uriWord      = []string{"cloud://"}
	hostWord     = []string{"dbt.com"}
)

// contentWords are the words by which a file's content tells its usage
// (usageOfContent), matched in their own case.
var contentWords = []string{
	"apiVersion:", "kind:", "AIRFLOW_CONN_", "from airflow", "import airflow", "DbtCloudHook",
	"conn_type: dbt_cloud", `"conn_type": "dbt_cloud"`, "dagster", "prefect", "type: dbt-cloud", "datahub",
	"dbtCloudAuthToken", "openmetadata", "OpenMetadata",
}

// attribWords finds every word attribution looks for in one pass over a
// blob: a search per word cost a megabyte file with findings 9 ms, most
// of its attribution, where bytes.Index stopped at each common first byte.
var attribWords = newWordIndex(slices.Concat(accountWords, uriWord, hostWord, contentWords))

// wordIndex is an automaton of words, each its own group, found in any
// ASCII case. It is immutable and safe for concurrent use.
type wordIndex struct {
	words []string
	pf    *prefilter
}

func newWordIndex(words []string) *wordIndex {
	groups := make([][]string, len(words))
	for i, w := range words {
		groups[i] = []string{w}
	}
	return &wordIndex{words: words, pf: newAutomaton(groups)}
}

// wordStarts are the offsets where each word of an index starts in text.
type wordStarts struct {
	text []byte
	at   map[string][]int
}

func (x *wordIndex) find(text []byte) wordStarts {
	ws := wordStarts{text: text, at: map[string][]int{}}
	for _, h := range x.pf.scan(text, nil) {
		for _, g := range x.pf.rulesAt(h.state) {
			w := x.words[g]
			ws.at[w] = append(ws.at[w], h.end-len(w))
		}
	}
	return ws
}

// has reports whether word occurs in the text in its own case.
func (ws wordStarts) has(word string) bool {
	for _, i := range ws.at[word] {
		if string(ws.text[i:i+len(word)]) == word {
			return true
		}
	}
	return false
}

// words returns where attribWords occur in the blob.
func (bs *blobScan) words() wordStarts {
	if bs.wordAt.at == nil {
		bs.wordAt = attribWords.find(bs.doc.text)
	}
	return bs.wordAt
}

func (bs *blobScan) attribution() *attribution {
	if bs.attrib != nil {
		return bs.attrib
	}
	ws := bs.words()
	at := &attribution{usage: usageOf(bs.blob.Path, ws)}
	text := bs.doc.text
	accountText := ws.near(accountWords)
	for _, re := range accountPatterns {
		for _, m := range findAllIn(re, text, accountText) {
			id := string(text[m[2]:m[3]])
			if !isDigits(id) {
				dec, ok := decodeBase64([]byte(id))
				if !ok || !isDigits(string(dec)) || len(dec) > 11 {
					continue
				}
				id = string(dec)
			}
			line := bs.lineOf(bs.doc.orig(m[2], false))
			mt := mention{line: line, value: id}
			if re == loginPattern {
				// A login on a command line (continued with \) is that
				// command's; at the top level of a file, its line's.
				first, last := bs.logicalLines(line)
				if last > first || len(bs.ancestors(line)) == 0 {
					mt.private, mt.line, mt.last = true, first, last
				}
			}
			at.accounts = append(at.accounts, mt)
		}
	}
	for _, m := range findAllIn(uriAccount, text, ws.near(uriWord)) {
		line := bs.lineOf(bs.doc.orig(m[2], false))
		at.accounts = append(at.accounts, mention{line: line, last: line, value: string(text[m[2]:m[3]]), private: true})
	}
	for _, m := range findAllIn(hostPattern, text, ws.near(hostWord)) {
		if h := dbt.AccountHost(string(text[m[2]:m[3]])); h != "" {
			at.hosts = append(at.hosts, mention{line: bs.lineOf(bs.doc.orig(m[2], false)), value: h})
		}
	}
	bs.attrib = at
	return at
}

// logicalLines returns the first and last line of the command line that
// line n is part of: lines joined by a trailing \ (or a PowerShell `).
func (bs *blobScan) logicalLines(n int) (first, last int) {
	continued := func(i int) bool {
		t := bytes.TrimRight(bs.lineBytes(i), " \t")
		return bytes.HasSuffix(t, []byte(`\`)) || bytes.HasSuffix(t, []byte("`"))
	}
	first, last = n, n
	for first > 1 && continued(first-1) {
		first--
	}
	for last < len(bs.lineStarts) && continued(last) {
		last++
	}
	return first, last
}

// nearReach is how far around a required word its pattern may reach.
const nearReach = 512

// near returns the ranges of the text within nearReach bytes of any of
// words (of attribWords, in any case), merged, each widened to
// start after a non-word byte and to end at a line's end where one is
// near. A pattern that needs one of the words finds all its matches in
// them, and on a megabyte line of minified JSON it does not run over the
// whole line.
func (ws wordStarts) near(words []string) []region {
	text := ws.text
	var hits []region
	for _, w := range words {
		for _, i := range ws.at[w] {
			hits = append(hits, region{max(0, i-nearReach), min(len(text), i+len(w)+nearReach)})
		}
	}
	if len(hits) == 0 {
		return nil
	}
	slices.SortFunc(hits, func(a, b region) int { return a.from - b.from })
	out := hits[:1]
	for _, h := range hits[1:] {
		if last := &out[len(out)-1]; h.from <= last.to {
			last.to = max(last.to, h.to)
		} else {
			out = append(out, h)
		}
	}
	for i := range out {
		r := &out[i]
		for n := 0; r.from > 0 && n < 64 && isWordByte(text[r.from-1]); n++ {
			r.from--
		}
		if j := bytes.IndexByte(text[r.to:min(len(text), r.to+nearReach)], '\n'); j >= 0 {
			r.to += j
		}
	}
	return out
}

// findAllIn runs re over each range of text, with match indexes into text.
// Ranges that merged into one are one run, so no match is found twice.
func findAllIn(re *regexp.Regexp, text []byte, rs []region) [][]int {
	var out [][]int
	for _, r := range rs {
		for _, m := range re.FindAllSubmatchIndex(text[r.from:r.to], -1) {
			for i := range m {
				if m[i] >= 0 {
					m[i] += r.from
				}
			}
			out = append(out, m)
		}
	}
	return out
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// decodedAccountPatterns read a decoded value's own account: the login of a
// connection URI first.
var decodedAccountPatterns = append([]*regexp.Regexp{uriAccount}, accountPatterns...)

// firstAccount returns the first plain account id in text, or "".
func firstAccount(text []byte) string {
	for _, re := range decodedAccountPatterns {
		if m := re.FindSubmatch(text); m != nil && isDigits(string(m[1])) {
			return string(m[1])
		}
	}
	return ""
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// nearest picks the mention closest to line. A mention in another item of
// the same YAML list (a line between them starts a "- " item indented less
// than the finding) loses to one in the same item, whatever the distance;
// ties go to the mention above, where configuration usually puts it.
// A call (call) has no credential of its own, so a connection's private
// account (DbtCloudHook(...).list_accounts() on the connection the file
// defines) is its account too.
func (at *attribution) nearest(ms []mention, line int, call bool, bs *blobScan) string {
	best, bestScore := "", -1
	for _, m := range ms {
		if m.private && !call && (line < m.line || line > m.last) || bs.separated(m.line, line) {
			continue
		}
		d := m.line - line
		score := 2 * abs(d)
		if d > 0 {
			score++
		}
		if bs.crossesItem(m.line, line) {
			score += 1 << 20
		}
		if bestScore < 0 || score < bestScore {
			best, bestScore = m.value, score
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// crossesItem reports whether the mention on line a is out of the scope of
// the finding on line b in an indented file: it sits in a block that does
// not enclose b (another job, another list item, a "staging:" block after
// "prod:"). Blocks that only hold settings (env:, variables:, environment:)
// are looked through, so a workflow's variables reach every job, and a
// mention in a block of shared definitions (CircleCI executors, Compose
// x- extensions, GitLab hidden jobs) reaches everything. A mention's own
// list item (- name: DBT_CLOUD_ACCOUNT_ID / value: 12345) is the mention.
func (bs *blobScan) crossesItem(a, b int) bool {
	if a == b {
		return false
	}
	// A YAML document (---) is a file of its own: a mention in another
	// loses to one in the same, and counts when there is none.
	for n := min(a, b) + 1; n < max(a, b); n++ {
		if l := bs.lineBytes(n); bytes.HasPrefix(l, []byte("---")) && len(bytes.TrimSpace(l[3:])) == 0 {
			return true
		}
	}
	of := bs.ancestors(b)
	am := bs.ancestors(a)
	for _, h := range am {
		if sharedBlock.Match(bs.lineBytes(h)) {
			return false
		}
	}
	if len(am) > 0 && itemStart(bs.lineBytes(am[0])) && !itemStart(bs.lineBytes(a)) {
		am = am[1:]
	}
	for _, h := range am {
		switch {
		case slices.Contains(of, h):
			return false
		case !settingsBlock.Match(bs.lineBytes(h)):
			return true
		}
	}
	return false
}

// separated reports whether lines a (a mention) and b lie in different
// requests of an .http file: a request's own account (its request line) is
// not another's. The variables above the first ### apply to all.
func (bs *blobScan) separated(a, b int) bool {
	if !strings.HasSuffix(bs.blob.Path, ".http") && !strings.HasSuffix(bs.blob.Path, ".rest") {
		return false
	}
	request := func(n int) bool { return bytes.HasPrefix(bs.lineBytes(n), []byte("###")) }
	inRequest := false
	for n := 1; n <= a; n++ {
		inRequest = inRequest || request(n)
	}
	if !inRequest {
		return false
	}
	for n := min(a, b) + 1; n <= max(a, b); n++ {
		if request(n) {
			return true
		}
	}
	return false
}

var (
	// settingsBlock opens a block of settings that apply to its parent.
	settingsBlock = regexp.MustCompile(`^\s*(?:- )?["']?(?:variables|vars|env|environment|globals?|defaults?|parameters|params|with|inputs|config|settings)["']?\s*:`)
	// sharedBlock opens definitions that others refer to by name, at the
	// top of the file (CircleCI's executors and commands; Drone's steps
	// have commands: of their own).
	sharedBlock = regexp.MustCompile(`^["']?(?:executors|commands|definitions|aliases|references|anchors|templates|x-[\w-]+|\.[\w-]+)["']?\s*:`)
)

// ancestors returns the lines (1-based) of the headers enclosing line n by
// indentation, innermost first. A list item's first line is the header of
// the lines indented past its dash.
func (bs *blobScan) ancestors(n int) []int {
	if hs, ok := bs.heads[n]; ok {
		return hs
	}
	var hs []int
	cur := blockIndent(bs.lineBytes(n), true)
	for i := n - 1; i >= 1 && cur > 0 && n-i <= headerLines; i-- {
		l := bs.lineBytes(i)
		t := bytes.TrimSpace(l)
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		if in := blockIndent(l, false); in < cur {
			hs = append(hs, i)
			cur = in
		}
	}
	if bs.heads == nil {
		bs.heads = make(map[int][]int)
	}
	bs.heads[n] = hs
	return hs
}

// blockIndent is a line's indent for block structure: its content's column,
// or for a list item, its dash's column as a header and its content's as a
// member (self).
func blockIndent(l []byte, self bool) int {
	content, dash := indent(l)
	if dash >= 0 && !self {
		return dash
	}
	if dash >= 0 {
		return dash // an item line's own block is the list's
	}
	return content
}

func itemStart(l []byte) bool {
	_, dash := indent(l)
	return dash >= 0
}

func indentOf(l []byte) int { return len(l) - len(bytes.TrimLeft(l, " ")) }

// usageOf names the place a file is, which drives the advice between a
// service token (automation) and a personal access token (a person's use).
// The path decides first, then what the content is, then the extension.
func usageOf(p string, ws wordStarts) string {
	base := path.Base(p)
	lower := strings.ToLower(base)
	ext := path.Ext(lower)
	switch {
	case strings.Contains(p, ".github/workflows/") || strings.Contains(p, ".github/actions/") || lower == "action.yml" || lower == "action.yaml":
		return "github-actions"
	case lower == ".gitlab-ci.yml" || strings.HasPrefix(p, ".gitlab/"):
		return "gitlab-ci"
	case strings.Contains(p, ".circleci/"):
		return "circleci"
	case strings.HasPrefix(lower, "azure-pipelines"):
		return "azure-pipelines"
	case lower == "bitbucket-pipelines.yml":
		return "bitbucket-pipelines"
	case lower == "jenkinsfile":
		return "jenkins"
	case lower == "dbt_cloud.yml" || lower == "dbt_cloud.yaml":
		return "dbt-cloud-cli"
	case lower == ".mcp.json" || lower == "mcp.json":
		return "dbt-mcp"
	case ext == ".ipynb":
		return "notebook"
	case ext == ".tf" || ext == ".tfvars" || strings.HasSuffix(lower, ".tf.json") || ext == ".hcl":
		return "terraform"
	case strings.HasPrefix(lower, "pulumi.") && (ext == ".yaml" || ext == ".yml"):
		return "pulumi"
	case lower == "airflow_settings.yaml":
		return "airflow"
	}
	if u := usageOfContent(ext, ws); u != "" {
		return u
	}
	switch {
	case strings.HasPrefix(lower, "dockerfile") || strings.HasSuffix(lower, ".dockerfile") || lower == "containerfile" ||
		strings.HasPrefix(lower, "docker-compose") || strings.HasPrefix(lower, "compose."):
		return "docker"
	case lower == ".env" || strings.HasPrefix(lower, ".env.") || ext == ".env" || lower == ".envrc":
		return "dotenv"
	}
	switch ext {
	case ".py":
		return "python"
	case ".sh", ".bash", ".zsh", ".ksh":
		return "shell"
	case ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx":
		return "javascript"
	case ".yml", ".yaml":
		return "yaml"
	case ".json":
		return "json"
	case ".md", ".rst", ".txt", ".adoc":
		return "docs"
	case ".sql":
		return "sql"
	}
	if text := ws.text; bytes.HasPrefix(text, []byte("#!")) && bytes.Contains(text[:min(len(text), 64)], []byte("sh")) {
		return "shell"
	}
	return "other"
}

// usageOfContent recognises the orchestrators and platforms by what a file
// says, for Python code and YAML/JSON configuration alike.
func usageOfContent(ext string, ws wordStarts) string {
	has := ws.has
	switch {
	case (ext == ".yaml" || ext == ".yml") && has("apiVersion:") && has("kind:"):
		return "kubernetes"
	case has("AIRFLOW_CONN_") || has("from airflow") || has("import airflow") || has("DbtCloudHook") ||
		has("conn_type: dbt_cloud") || has(`"conn_type": "dbt_cloud"`):
		return "airflow"
	case has("dagster"):
		return "dagster"
	case has("prefect"):
		return "prefect"
	case has("type: dbt-cloud") || has("datahub"):
		return "datahub"
	case has("dbtCloudAuthToken") || has("openmetadata") || has("OpenMetadata"):
		return "openmetadata"
	}
	return ""
}
