package scanner

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"

	"github.com/patmigrate/patmigrate/rules"
)

// The credential-slot binder. A rule with context.slot describes only the
// shape of a value (forty lowercase hex characters); the binder reads the
// syntax around each value to find the slot it is bound to, and the rule's
// vocabulary decides whether that slot is a dbt credential. The syntax is
// the engine's, the same for every language and format, so a binding
// written a little differently is not a blind spot:
//
//   - a header: "Token <v>", "Bearer <v>", or assembled in code ("Token " +
//     "<v>", paste("Token", "<v>"), Sprintf("Token %s", "<v>"));
//   - a literal fallback inside a reference: ${NAME:-<v>}, ${NAME:=<v>},
//     process.env.NAME || "<v>", ?? "<v>", ?: "<v>", or "<v>";
//   - a call argument after the name: getenv("NAME", "<v>"),
//     ENV.fetch("NAME", "<v>"), Sys.getenv("NAME", unset = "<v>");
//   - an element: <NAME><v></NAME>;
//   - an assignment: NAME = <v>, NAME: <v>, "NAME": "<v>", NAME := <v>,
//     'NAME' => '<v>', NAME: Type = <v>, os.environ["NAME"] = <v>, a
//     keyword argument, --flag=<v>, NAME=<v> as a command's argument;
//   - a flag or a word before the value: --api-token <v>, ENV NAME <v>,
//     password <v>;
//   - the value alone under its name (a YAML block scalar).
//
// When the name only carries the value (value, default, --body, --value,
// unset), the slot's name is its partner: the name or key field beside it
// (Kubernetes env lists, ECS and Postman objects, XML attributes), the
// secret's name in the command (gh secret set NAME --body <v>, aws ssm
// put-parameter --name /dbt/token --value <v>), or the key of the block
// that holds it (Heroku app.json, a Terraform variable's default).
//
// A generic name (token, api_key, password) is a dbt slot only in a dbt
// scope: an enclosing block, object or section (YAML and JSON parents, INI
// and TOML sections, a Terraform provider block, a class or object), the
// sibling fields of its block (an Airflow connection whose conn_type is
// dbt_cloud), the call it is passed to (DbtCloudHook(...)), the command it
// is part of, or the file's path. A value passed on a command line is in
// that command's scope only: the line above may configure another tool.
type binder struct {
	voc     *rules.SlotVocabulary
	text    []byte
	path    string
	classes map[string]nameClass // the blob's names, judged (see class)
	lines   *lineIndex           // text's lines; nil searches instead
}

// lineStart returns the offset where the line holding off starts.
func (b binder) lineStart(off int) int {
	if b.lines != nil {
		return b.lines.start(off)
	}
	return bytes.LastIndexByte(b.text[:off], '\n') + 1
}

// lineEnd returns the offset of the newline ending the line holding off.
func (b binder) lineEnd(off int) int {
	if b.lines != nil {
		return b.lines.end(off)
	}
	return lineEnd(b.text, off)
}

// Scope bounds: siblingLines around the value are read as its block;
// headers are looked for up to headerLines above it (and brackets up to
// bracketBytes back), which keeps the cost per value bounded.
const (
	siblingLines = 12
	headerLines  = 400
	bracketBytes = 8 << 10
	// preBytes is how much of the line before a value its binding may
	// take: the patterns are anchored at the value, and a minified line
	// would otherwise cost its length per value.
	preBytes = 160
	// statementBytes bounds how far back a call's start is looked for.
	statementBytes = 1 << 10
	// assignBytes is how much of it an assignment's name and operator
	// may take.
	assignBytes = 96
)

// scope is how far the context of a name reaches.
type scope int

const (
	scopeBlock   scope = iota // the structure around the value, and the path
	scopeCommand              // the command line the value is an argument of
	scopeNear                 // a header: the block, and the lines around it
)

var (
	// headerPrefix is a value inside an Authorization header's string.
	headerPrefix = newTail(`(?i)\b(?:token|bearer)(?:[ \t]+|%20)$`)
	// headerJoin is a value joined to a separate "Token " string: +, a
	// comma (paste, Sprintf, String.format), %, PHP's and Lua's dots, VB's
	// &, or "Token {}".format(.
	headerJoin = newTail(`(?i)["'](?:token|bearer)[ \t]*(?:%[sv]|\{\d*\})?[ \t]*["']\s*(?:[+,%&]|\.{1,2}|\.\s*format\s*\()\s*$`)
	// joinOnly is a line that so far holds only a join operator.
	joinOnly = regexp.MustCompile(`^\s*(?:[+,&]|\.{1,2})$`)
	// shellDefault is ${NAME:-, ${NAME:=, ${NAME-, ${NAME=.
	shellDefault = newTail(`\$\{([A-Za-z_]\w*):?[-=]$`)
	// orElse is a literal after a reference: ||, ??, ?:, or, //.
	// Rust's unwrap_or("lit"), unwrap_or_else(|_| "lit"), Scala's
	// getOrElse("lit") and Java's orElse("lit") too.
	orElse = regexp.MustCompile(`(?:\|\||\?\?|\?:|\bor\b|//|\b(?:unwrap_or(?:_else)?|get_?or_?else|or_?else|getOrDefault)\(\s*(?:\|[^|]*\|\s*)?)\s*$`)
	// lastName is the last name in an expression: process.env.NAME,
	// System.getenv("NAME"), ENV["NAME"], $NAME.
	lastName = newTail(`([A-Za-z_][\w-]*)["'\])}\s.]*$`)
	// argAfter is a value after a call's earlier argument, optionally as a
	// keyword argument: ("NAME", <v>, ("NAME", unset = <v>.
	argAfter = regexp.MustCompile(`["']([^"'\n]+)["']\s*,\s*(?:([A-Za-z_]\w*)\s*[=:]\s*)?$`)
	// element is <NAME> right before the value.
	element = newTail(`<([A-Za-z_][\w.:-]*)(?:\s[^<>]*)?>$`)
	// assignment is NAME and an operator right before the value: =, :,
	// :=, =>, ?=, +=, <-, with an optional closing quote or bracket after
	// the name and an optional type annotation (NAME: Final[str] =). The
	// annotation needs a space after its colon and holds none, or
	// dbtcloud:token: would read as dbtcloud typed token.
	assignment = newTail(`([\w.$@/-]*[\w])\\?["'\x60]?\]?\s*(?::[ \t]+[\w.\[\]<>?&*]+[ \t]*)?(?::=|=>|->|[?+]=|<<?-|=|:)\s*$`)
	// spaced is a flag or word right before the value, with no operator.
	spaced = newTail(`(?:^|[\s"'(\[{,])(-{1,2}[\w-]+|:?[A-Za-z_][\w.-]*)[ \t]+$`)
	// blockIntro ends a line whose value follows on the next: NAME: |,
	// NAME: >-, NAME:, NAME =.
	blockIntro = newTail(`[:=][ \t]*(?:[|>][-+]?\d*)?[ \t]*$`)
	// condAssign is NAME = a conditional expression, up to one of its
	// branches.
	condAssign = regexp.MustCompile(`^\s*(?:\$|(?:let|const|var|my|local|val|private val)\s+)?([A-Za-z_][\w.]*)\s*(?::\s*\w+\s*)?=\s*(?:if\b.*\belse\b|.*\bif\b.*\belse\b|[^=]*\?[^:]*:)[^"'\x60]*["'\x60]$`)
	// clientAtStart is the object a statement starts with (gh.Headers...).
	clientAtStart = regexp.MustCompile(`^\s*(?:\$|this\.|self\.)?([A-Za-z_]\w*)\s*\.`)
	// urlHost is a URL's host.
	urlHost = regexp.MustCompile(`(?i)https?://([a-z0-9.-]+)`)
	// csvName is the first cell of a CSV or TSV row, before the value.
	csvName = regexp.MustCompile(`^\s*"?([^",\t]+)"?\s*[,\t]\s*$`)
	// typeField is a field that says what a block is (conn_type: postgres).
	typeField = regexp.MustCompile(`(?i)^\s*(?:- )?["']?(?:conn_?)?type["']?\s*[:=]`)
	// structural is a key that holds a value's settings, not its name.
	structural = regexp.MustCompile(`(?i)^(?:properties|spec|data|stringData|config|configuration|attributes|parameters|params|settings|options|inputs|with|env|environment|secret|secrets|values)$`)
	// partnerField is a name or key field beside a value field.
	partnerField = regexp.MustCompile(`(?i)(?:^|[^\w-])(?:name|key|variable|env|parameter|secret[_-]?name|secret[_-]?id)\\?["']?\s*[:=]\s*\\?["']?([\w./:@-]+)`)
	// dataKey is a line that opens a block under a key (sink:, "prod": {).
	dataKey = regexp.MustCompile(`^\s*(?:- )?["']?[\w.-]+["']?\s*:\s*[{\[]?\s*$`)
	// inlineBlock is a key whose value is an inline object or list.
	inlineBlock = regexp.MustCompile(`^\s*(?:- )?["']?[\w .-]+["']?\s*[:=]\s*[{\[]`)
	// metadata is the key of a Kubernetes object's metadata.
	metadata = regexp.MustCompile(`^\s*metadata:\s*$`)
	// section is an INI or TOML section header.
	section = regexp.MustCompile(`^\[\[?[^\[\]\n]+\]\]?\s*$`)
	// exported are words that make NAME=<v> a variable, not an argument.
	exported = newTail(`(?i)(?:^|\s)(?:export|set|setx|env|local|declare|readonly|typeset|-e|--env|arg)\s*["']?$`)
)

// carriers are names that only carry a value; the slot's name is their
// partner. Normalised.
var carriers = map[string]bool{
	"value": true, "default": true, "unset": true, "fallback": true, "body": true, "b": true,
	"secret_string": true, "string_value": true, "data": true, "content": true, "val": true,
}

// bound reports whether the value text[s:e] is bound to a dbt credential
// slot.
func (b binder) bound(s int) bool {
	ls := b.lineStart(s)
	pre := trimOpenQuote(b.text[max(ls, s-preBytes):s])
	if strings.HasSuffix(b.path, ".csv") || strings.HasSuffix(b.path, ".tsv") {
		if m := csvName.FindSubmatch(pre); m != nil {
			return b.says(string(m[1]), s, scopeBlock) // name,value,... rows
		}
	}
	// Every form ends in a few possible bytes; checking the last one first
	// keeps most values (a digest beside "sha") from running the patterns.
	t := bytes.TrimRight(pre, " \t")
	if op := bytes.TrimLeft(t, " \t"); len(op) <= 2 && (len(op) == 0 || joinOnly.Match(op)) {
		// "Token " on the line above, joined to the value on this one. The
		// line is copied: appending to a slice of the text would write
		// into it.
		if pl, ok := b.prevLine(ls); ok && (containsFold(pl, "token") || containsFold(pl, "bearer")) {
			joined := append(bytes.TrimRight(pl, " \t+")[:0:0], bytes.TrimRight(pl, " \t+")...)
			if headerJoin.Match(append(joined, " + "...)) {
				return b.header(s)
			}
		}
	}
	if len(t) == 0 {
		// The value alone on its line: a block scalar under its name.
		if pl, ok := b.prevLine(ls); ok && endsIntro(pl) && blockIntro.Match(pl) {
			pre = bytes.TrimRight(pl, " \t|>-+0123456789")
			if m := assignment.FindSubmatchIndex(append(pre[:len(pre):len(pre)], ' ')); m != nil {
				return b.name(string(pre[m[2]:m[3]]), pre[:m[2]], s, false)
			}
		}
		return false
	}
	last, spacedOut := t[len(t)-1], len(t) < len(pre)
	if (spacedOut && endsWithFold(t, "token", "bearer") || last == '0') && headerPrefix.Match(pre) || strings.IndexByte("+,%&.(", last) >= 0 && headerJoin.Match(pre) {
		return b.header(s)
	}
	if last == '-' || last == '=' {
		if m := shellDefault.FindSubmatch(pre); m != nil {
			return b.says(string(m[1]), s, scopeBlock)
		}
	}
	if endsWithFold(t, "||", "??", "?:", "or", "//", "(", "|") {
		if loc := orElse.FindIndex(pre); loc != nil {
			if m := lastName.FindSubmatch(pre[:loc[0]]); m != nil {
				return b.says(string(m[1]), s, scopeBlock)
			}
			return false
		}
	}
	if (last == ',' || last == '=' || last == ':') && bytes.IndexByte(pre, ',') >= 0 {
		if m := findArgAfter(pre); m != nil {
			if kw := string(m[2]); kw != "" && !carriers[normalise(kw)] {
				return b.says(kw, s, scopeBlock)
			}
			return b.says(string(m[1]), s, scopeBlock)
		}
	}
	if last == '>' {
		if m := element.FindSubmatch(pre); m != nil {
			return b.says(string(m[1]), s, scopeBlock)
		}
	}
	if strings.IndexByte("=:>-", last) >= 0 {
		// The pattern runs over the end of pre only: it is anchored at the
		// value, and Go's regexp would try every start of a long line.
		off := max(0, len(pre)-assignBytes)
		if m := findAssignment(pre[off:]); m != nil && !comparison(pre, off+m[1]) {
			at, end := off+m[2], off+m[3]
			return b.name(string(pre[at:end]), pre[:at], s, inCommand(b.logicalPrefix(ls, pre[:at]), pre[at:]))
		}
	}
	if spacedOut {
		if m := spaced.FindSubmatchIndex(pre); m != nil {
			// A keyword (:api-key "<v>" in EDN) is a field, not a flag.
			return b.name(string(pre[m[2]:m[3]]), pre[:m[2]], s, pre[m[2]] != ':')
		}
	}
	return b.piped(s) || b.conditional(s)
}

// findArgAfter is argAfter.FindSubmatch(pre), run from the one place a
// match can start (the pattern's [^"'\n] defeats tailPattern's cut): its
// comma is pre's last, as nothing after it may be one; its closing quote is
// the last byte before that comma that is not a space; and its opening
// quote is the quote or newline before that.
func findArgAfter(pre []byte) [][]byte {
	c := bytes.LastIndexByte(pre, ',')
	q := c - 1
	for q >= 0 && isSpace(pre[q]) {
		q--
	}
	if q < 0 || pre[q] != '"' && pre[q] != '\'' {
		return nil
	}
	o := bytes.LastIndexAny(pre[:q], "\"'\n")
	if o < 0 || pre[o] == '\n' {
		return nil
	}
	return argAfter.FindSubmatch(pre[o:])
}

// assignmentAt is assignment anchored at the start of its input.
var assignmentAt = regexp.MustCompile(`^(?:` + assignment.re.String() + `)`)

// nameByte is the class of assignment's name, [\w.$@/-].
func nameByte(c byte) bool { return isWordByte(c) || strings.IndexByte(".$@/-", c) >= 0 }

// findAssignment is assignment.FindSubmatchIndex(pre), tried only where a
// match can start: at the first byte of a run of name bytes. A match that
// started inside such a run would also match from its first byte, with
// the name grown to cover it, so the leftmost match starts at one. On a
// line of many values the unanchored search tried every byte (a tenth of
// the scan of a line of 500 key pairs). TestFindAssignment compares the two.
func findAssignment(pre []byte) []int {
	for r := 0; r < len(pre); r++ {
		if !nameByte(pre[r]) || r > 0 && nameByte(pre[r-1]) || !operatorAfterName(pre, r) {
			continue
		}
		if m := assignmentAt.FindSubmatchIndex(pre[r:]); m != nil {
			for i := range m {
				if m[i] >= 0 {
					m[i] += r
				}
			}
			return m
		}
	}
	return nil
}

// operatorAfterName reports whether the run of name bytes at r can be an
// assignment's name: after one of its word bytes (where the name may end)
// come the optional closing backslash, quote and bracket, spaces, then the
// first byte of a type annotation or an operator. A value's run followed
// by a space and another word (a line of KEY=<v> pairs) cannot, and is
// not handed to the expression.
func operatorAfterName(pre []byte, r int) bool {
	for p := r; p < len(pre) && nameByte(pre[p]); p++ {
		if !isWordByte(pre[p]) {
			continue
		}
		j := p + 1
		if j < len(pre) && pre[j] == '\\' {
			j++
		}
		if j < len(pre) && strings.IndexByte("\"'`", pre[j]) >= 0 {
			j++
		}
		if j < len(pre) && pre[j] == ']' {
			j++
		}
		for j < len(pre) && isSpace(pre[j]) {
			j++
		}
		if j < len(pre) && strings.IndexByte(":=-<?+", pre[j]) >= 0 {
			return true
		}
	}
	return false
}

// isSpace is regexp's \s.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// conditional binds a value that is one branch of a conditional assigned
// to a name: $Key = if ($env:KEY) { $env:KEY } else { '<v>' }, key =
// os.environ["KEY"] if present else "<v>", key = env ? env : "<v>".
func (b binder) conditional(s int) bool {
	pre := b.text[b.lineStart(s):s]
	if !bytes.Contains(pre, []byte("else")) && bytes.IndexByte(pre, '?') < 0 {
		return false
	}
	m := condAssign.FindSubmatch(pre)
	return m != nil && b.says(string(m[1]), s, scopeBlock)
}

// piped binds a value written into a command through a pipe: printf '%s'
// '<v>' | gcloud secrets versions add dbt-cloud-api-key --data-file=-. The
// secret's name is a word of the command after the pipe.
func (b binder) piped(s int) bool {
	line := bytes.TrimLeft(b.text[b.lineStart(s):s], " \t")
	if !bytes.HasPrefix(line, []byte("echo ")) && !bytes.HasPrefix(line, []byte("printf ")) {
		return false // only those write their argument to a pipe
	}
	i := bytes.IndexByte(b.text[s:b.lineEnd(s)], '|')
	if i < 0 {
		return false
	}
	for _, w := range strings.Fields(string(b.text[s+i+1 : b.lineEnd(s)])) {
		if w = strings.Trim(w, `"'`); w != "" && w[0] != '-' && w[0] != '$' && b.names(w) {
			return true
		}
	}
	return false
}

// header judges a value sent in an Authorization header: it is dbt's when
// the request is, which a URL on its line says first (a header beside
// api.github.com is GitHub's), then one in its own block (an nginx
// location's proxy_pass), then the scopes and lines around it.
func (b binder) header(s int) bool {
	if b.voc.Scope == nil {
		return false // a header names no slot: only a scope can say it is dbt's
	}
	hostsSay := func(lines ...[]byte) (dbt, any bool) {
		for _, l := range lines {
			for _, h := range urlHost.FindAllSubmatch(l, -1) {
				any = true
				dbt = dbt || b.voc.Scope.Match(h[1])
			}
		}
		return dbt, any
	}
	if dbt, any := hostsSay(b.logicalLine(s), b.statement(s), b.httpRequest(s)); any {
		return dbt
	}
	// A header set on a client (gh.DefaultRequestHeaders.Authorization =,
	// session.headers[...] =) goes where that client's base URL points.
	if m := clientAtStart.FindSubmatch(b.text[b.lineStart(s):s]); m != nil {
		if h, ok := baseOf(b.text, string(m[1])); ok {
			return b.voc.Scope.MatchString(h)
		}
	}
	st := b.structure(s)
	if dbt, any := hostsSay(append(st.siblingsAbove[:st.own:st.own], st.siblingsBelow[:st.ownBelow]...)...); any {
		return dbt
	}
	return b.inScopeOf(s, scopeNear, st)
}

// parentLine returns the nearest line above the value's, within
// siblingLines, that is indented less and opens a block (ends in {, [, (
// or :), or nil: the key of the map the value is an entry of.
func (b binder) parentLine(s int) []byte {
	ls := b.lineStart(s)
	in, _ := indent(b.text[ls:b.lineEnd(s)])
	l := b.keyAbove(ls, in)
	if t := bytes.TrimRight(l, " \t\r"); len(t) > 0 && strings.IndexByte("{[(:", t[len(t)-1]) >= 0 {
		return l
	}
	return nil
}

// statement returns the text of the call the value is an argument of,
// from its outermost parenthesis still open within statementBytes: the URL of
// requests.get("https://api.github.com/...", headers={...}) is in it.
func (b binder) statement(s int) []byte {
	from, depth := -1, 0
	for i := s - 1; i >= max(0, s-statementBytes); i-- {
		switch b.text[i] {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			if depth > 0 {
				depth--
			} else if b.text[i] == '(' {
				from = i // a call; a block ({) is not one statement
			}
		}
	}
	if from < 0 {
		return nil
	}
	return b.text[b.lineStart(from):s]
}

// httpRequest returns, in an .http file, the request the line at s is in:
// from its request line (after ###) to s.
func (b binder) httpRequest(s int) []byte {
	if !strings.HasSuffix(b.path, ".http") && !strings.HasSuffix(b.path, ".rest") {
		return nil
	}
	ls := b.lineStart(s)
	for at := ls; ; {
		l, ok := b.prevLine(at)
		if !ok || bytes.HasPrefix(l, []byte("###")) {
			return b.text[at:s]
		}
		at -= len(l) + 1
	}
}

// name judges the slot name n written after before on the value's line,
// resolving a carrier to its partner. command says the value is a command's
// argument.
func (b binder) name(n string, before []byte, s int, command bool) bool {
	sc := scopeBlock
	if command {
		sc = scopeCommand
	}
	if !carriers[normalise(n)] {
		if b.says(n, s, sc) {
			return true
		}
		// An entry of a map of credentials: dbt_tokens = { staging = <v> }.
		if b.class(n) == otherName && !command {
			if h := b.parentLine(s); h != nil {
				if m := lastName.FindSubmatch(bytes.TrimRight(h, " \t:={([")); m != nil {
					return b.names(string(m[1]))
				}
			}
		}
		return false
	}
	ps, words := b.partners(before, s, command)
	for _, p := range ps {
		// A command's words are not names: "secret" in gh secret set
		// NAME is the command's, so only a dbt credential name counts.
		if words && b.names(p) || !words && b.says(p, s, sc) {
			return true
		}
	}
	return false
}

// afterClosed returns what follows the last closing brace of t: a field
// before it is a closed object's, not a partner ([{"name": "A", "value":
// "x"}, {"value": <v>}]), and cutting there keeps a minified line's
// earlier objects out of the search.
func afterClosed(t []byte) []byte { return t[bytes.LastIndexByte(t, '}')+1:] }

// names reports whether name says dbt credential on its own.
func (b binder) names(name string) bool { return b.class(name) == dbtName }

// says reports whether name is a dbt credential slot for the value at s.
func (b binder) says(name string, s int, sc scope) bool {
	switch b.class(name) {
	case dbtName:
		return true
	case genericName:
		return b.inScope(s, sc)
	}
	return false
}

// A nameClass is what the vocabulary makes of a name.
type nameClass uint8

const (
	otherName   nameClass = iota + 1
	dbtName               // says dbt credential on its own
	genericName           // a credential, dbt's in a dbt scope
)

// class judges name, once per name and blob: a file of many values
// repeats few names.
func (b binder) class(name string) nameClass {
	if c, ok := b.classes[name]; ok {
		return c
	}
	n := normalise(name)
	c := otherName
	switch {
	case n == "" || b.voc.Not != nil && b.voc.Not.MatchString(n):
	case b.voc.Other != nil && b.voc.Other.MatchString(n):
		// Another system's credential, however dbt the rest of the name
		// reads (DBT_ENV_SECRET_SNOWFLAKE_TOKEN).
	case b.voc.Name.MatchString(n):
		c = dbtName
	case b.voc.Generic != nil && b.voc.Generic.MatchString(n):
		c = genericName
	}
	if b.classes != nil {
		b.classes[name] = c
	}
	return c
}

// partners returns the names a carrier's value may belong to. The nearest
// name or key field decides alone: one earlier on the line, else the
// nearest among the block's earlier siblings, else the key of the block
// holding the value. A flag's value may belong to any word of its command
// (gh secret set NAME --body <v>, aws ssm put-parameter --name P --value
// <v>).
func (b binder) partners(before []byte, s int, command bool) (names []string, words bool) {
	if ms := partnerField.FindAllSubmatch(afterClosed(before), -1); ms != nil {
		return []string{string(ms[len(ms)-1][1])}, false
	}
	if command {
		var out []string
		for _, w := range strings.Fields(string(b.logicalLine(s))) {
			if w = strings.Trim(w, `"'`); w != "" && w[0] != '-' && w[0] != '$' {
				out = append(out, w)
			}
		}
		return out, true
	}
	st := b.structure(s)
	if !b.openedOnLine(s) {
		// Above first (- name: X / value: <v>), then below (- value: <v>
		// / name: X).
		for _, l := range append(st.siblingsAbove[:st.own:st.own], st.siblingsBelow[:st.ownBelow]...) {
			if m := partnerField.FindSubmatch(l); m != nil {
				return []string{string(m[1])}, false
			}
		}
	}
	if h := b.innerHeader(s, st); h != nil {
		if ms := partnerField.FindAllSubmatch(afterClosed(h), -1); ms != nil {
			return []string{string(ms[len(ms)-1][1])}, false
		}
		if m := lastName.FindSubmatch(bytes.TrimRight(h, " \t:={([")); m != nil {
			if !structural.MatchString(string(m[1])) {
				return []string{string(m[1])}, false
			}
			// properties: { value: <v> } names nothing: the object it is
			// in does (Bicep's name: 'dbt-cloud-api-key' beside it).
			for _, l := range st.siblingsAbove[st.own:] {
				if m := partnerField.FindSubmatch(l); m != nil {
					return []string{string(m[1])}, false
				}
			}
		}
	}
	return nil, false
}

// inScope reports whether a scope of the value at s says dbt Cloud.
func (b binder) inScope(s int, sc scope) bool {
	if b.voc.Scope == nil {
		return false
	}
	return b.inScopeOf(s, sc, b.structure(s))
}

// inScopeOf is inScope with the value's structure already read.
func (b binder) inScopeOf(s int, sc scope, st structure) bool {
	brackets := b.brackets(s)
	if b.voc.Other != nil && b.other(s, st, brackets) {
		return false // another system's credential, in a dbt file
	}
	if b.voc.Scope.Match(b.logicalLine(s)) {
		return true
	}
	if sc == scopeCommand {
		return false
	}
	// Keys nest a name: dbt: then cloud: then token: is dbt.cloud.token.
	if b.voc.Scope.MatchString(keyPath(st.headers)) {
		return true
	}
	for _, ls := range [][][]byte{st.headers, st.siblingsAbove, st.siblingsBelow, brackets} {
		for _, l := range ls {
			if b.voc.Scope.Match(l) {
				return true
			}
		}
	}
	// The path speaks for a value only outside named data: under a key or
	// section that names something else ([datadog], sink:), it does not.
	if !st.keyed && b.voc.Scope.MatchString(b.path) {
		return true
	}
	// At the top level of a script, the code around the value is its
	// scope: API_KEY = "<v>" above the functions that call dbt Cloud.
	top := len(st.headers) == 0 && len(brackets) == 0
	return (sc == scopeNear || top) && b.voc.Scope.Match(linesAround(b.text, s, siblingLines))
}

// other reports whether the value's own context names another system: the
// text before it on its line (GitHubCredentials(token=, github:token:,
// <github apiKey=, jdbc:snowflake://...&token=), the header of the block
// holding it and every block around it (a dbtcloud_snowflake_credential
// resource, a snowflake: key), or a type field beside it (conn_type:
// postgres).
func (b binder) other(s int, st structure, brackets [][]byte) bool {
	ls := b.lineStart(s)
	if b.voc.Other.Match(b.text[ls:s]) {
		return true
	}
	for _, ls := range [][][]byte{st.headers, brackets} {
		for _, l := range ls {
			if b.voc.Other.Match(l) {
				return true
			}
		}
	}
	for _, l := range append(st.siblingsAbove[:st.own:st.own], st.siblingsBelow[:st.ownBelow]...) {
		if typeField.Match(l) && b.voc.Other.Match(l) {
			return true
		}
	}
	return false
}

// keyPath joins the keys of headers, outermost first, with dots.
func keyPath(headers [][]byte) string {
	keys := make([]string, 0, len(headers))
	for i := len(headers) - 1; i >= 0; i-- {
		h := bytes.TrimLeft(headers[i], " \t-")
		if j := bytes.IndexAny(h, ":={"); j > 0 {
			keys = append(keys, strings.Trim(string(h[:j]), ` "'`))
		}
	}
	return strings.Join(keys, ".")
}

// structure is the indentation structure around a value: its block's
// sibling lines within siblingLines (not those of other list items or of
// deeper blocks) and the headers of its enclosing blocks, nearest first.
type structure struct {
	headers, siblingsAbove, siblingsBelow [][]byte
	keyed                                 bool // a header is a data key or a section
	own                                   int  // siblingsAbove[:own] are the value's block's
	ownBelow                              int  // and siblingsBelow[:ownBelow]
}

func (b binder) structure(s int) structure {
	var st structure
	ls := b.lineStart(s)
	line := b.text[ls:b.lineEnd(s)]
	cur, dash := indent(line)
	if dash >= 0 {
		cur = dash - 1 // the value's own line starts a list item
	}
	// Upward: siblings (indent == cur) and headers (indent < cur).
	at := ls
	for n := 0; n < headerLines && cur >= 0; n++ {
		l, ok := b.prevLine(at)
		if !ok {
			break
		}
		at -= len(l) + 1
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		if section.Match(l) {
			st.headers = append(st.headers, l)
			st.keyed = true
			break
		}
		in, d := indent(l)
		near := n < siblingLines
		switch {
		case comment(l):
			if near {
				st.siblingsAbove = append(st.siblingsAbove, l)
			}
		case in > cur:
			// A child of an earlier sibling belongs to that sibling, except
			// a Kubernetes object's metadata, which names the object.
			if near && metadata.Match(b.keyAbove(at, in)) {
				st.siblingsAbove = append(st.siblingsAbove, l)
			}
		case in == cur:
			if near && !opener(l) {
				st.siblingsAbove = append(st.siblingsAbove, l)
			}
			if d >= 0 {
				cur = d - 1 // lines above belong to other items
			}
		default:
			if len(st.headers) == 0 {
				st.own = len(st.siblingsAbove)
			}
			st.headers = append(st.headers, l)
			st.keyed = st.keyed || dataKey.Match(l)
			if cur = in; d >= 0 {
				cur = d - 1
			}
		}
	}
	if len(st.headers) == 0 {
		st.own = len(st.siblingsAbove)
	}
	// Downward, within siblingLines: siblings, and siblings of the
	// headers, up to the next item of the value's list.
	cur, dash = indent(line)
	start := cur
	st.ownBelow = -1
	at = b.lineEnd(s)
	for n := 0; n < siblingLines && at < len(b.text); n++ {
		next := b.lineEnd(at + 1)
		l := b.text[at+1 : next]
		at = next
		if len(bytes.TrimSpace(l)) == 0 || comment(l) {
			continue
		}
		if section.Match(l) {
			break
		}
		in, d := indent(l)
		if in > cur {
			continue
		}
		if d >= 0 && (dash >= 0 && d <= dash || in == cur) {
			break // the next item of a list the value is in
		}
		if in < start && st.ownBelow < 0 {
			st.ownBelow = len(st.siblingsBelow)
		}
		if !opener(l) {
			st.siblingsBelow = append(st.siblingsBelow, l)
		}
		cur = in
	}
	if st.ownBelow < 0 {
		st.ownBelow = len(st.siblingsBelow)
	}
	return st
}

// innerHeader returns the header of the innermost block holding the value
// at s: an object opened earlier on its line, else the nearest enclosing
// bracket or indentation header.
func (b binder) innerHeader(s int, st structure) []byte {
	if h, ok := b.lineOpener(s); ok {
		return h
	}
	if bs := b.brackets(s); len(bs) > 0 && len(st.headers) == 0 {
		return bs[0]
	}
	if len(st.headers) > 0 {
		return st.headers[0]
	}
	return nil
}

// openedOnLine reports whether the value at s is inside a bracket opened
// earlier on its own line ({"name": "X", "value": <v>}).
func (b binder) openedOnLine(s int) bool {
	_, ok := b.lineOpener(s)
	return ok
}

// lineOpener returns the text before the innermost bracket opened earlier
// on the value's line and not closed before it.
func (b binder) lineOpener(s int) ([]byte, bool) {
	ls := b.lineStart(s)
	depth := 0
	for i := s - 1; i >= ls; i-- {
		switch b.text[i] {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			if depth--; depth < 0 {
				return b.text[ls:i], true
			}
		}
	}
	return nil, false
}

// brackets returns the text before each unclosed opening bracket enclosing
// s (within bracketBytes), innermost first: the line up to the bracket, or
// the line above when the bracket opens its line.
func (b binder) brackets(s int) [][]byte {
	var out [][]byte
	depth := 0
	stop := max(0, s-bracketBytes)
	for i := s - 1; i >= stop; i-- {
		switch b.text[i] {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			if depth > 0 {
				depth--
				continue
			}
			ls := b.lineStart(i)
			h := b.text[ls:i]
			if len(bytes.TrimSpace(h)) == 0 {
				if pl, ok := b.prevLine(ls); ok {
					h = pl
				}
			}
			out = append(out, h)
		}
	}
	return out
}

// logicalLine returns the logical line holding s: its line, joined with
// the lines it continues and those continuing it (a trailing \ or `).
func (b binder) logicalLine(s int) []byte {
	ls := b.lineStart(s)
	out := b.logicalPrefix(ls, nil)
	for at := ls; at < len(b.text); {
		le := b.lineEnd(at)
		l := bytes.TrimRight(b.text[at:le], " \t\r")
		more := bytes.HasSuffix(l, []byte(`\`)) || bytes.HasSuffix(l, []byte("`"))
		if more {
			l = l[:len(l)-1]
		}
		out = append(append(out, l...), ' ')
		if !more || le == len(b.text) {
			return out
		}
		at = le + 1
	}
	return out
}

// logicalPrefix returns the text of the logical line before the value:
// before, preceded by the lines it continues (a trailing \ or `).
func (b binder) logicalPrefix(ls int, before []byte) []byte {
	out := before
	for at := ls; ; {
		l, ok := b.prevLine(at)
		if !ok {
			return out
		}
		t := bytes.TrimRight(l, " \t\r")
		if !bytes.HasSuffix(t, []byte(`\`)) && !bytes.HasSuffix(t, []byte("`")) {
			return out
		}
		at -= len(l) + 1
		joined := make([]byte, 0, len(t)+len(out))
		out = append(append(append(joined, t[:len(t)-1]...), ' '), out...)
	}
}

// prevLine returns the line before the one starting at ls, without its
// newline (nor a CR).
func (b binder) prevLine(ls int) ([]byte, bool) {
	if ls == 0 {
		return nil, false
	}
	from := b.lineStart(ls - 1)
	return bytes.TrimSuffix(b.text[from:ls-1], []byte("\r")), true
}

// inCommand reports whether an assignment NAME=<v> is an argument of a
// command (vault kv put path token=<v>) rather than a variable: words
// precede it on its logical line, it has no spaces around "=", and it is
// not exported (export NAME=, ENV NAME=, docker -e NAME=).
func inCommand(prefix, assign []byte) bool {
	p := bytes.TrimSpace(prefix)
	if len(p) == 0 || bytes.ContainsAny(assign, " \t") {
		return false
	}
	switch p[len(p)-1] {
	case '{', '(', '[', ',', ';', '&', '|', '"', '\'':
		return exported.Match(p)
	}
	return !exported.Match(p)
}

// comparison reports whether the operator ending at end is part of ==, !=,
// <= or >=: a comparison binds nothing.
func comparison(pre []byte, end int) bool {
	op := bytes.TrimRight(pre[:end], " \t")
	if len(op) < 2 || op[len(op)-1] != '=' {
		return false
	}
	switch op[len(op)-2] {
	case '=', '!', '<', '>':
		return true
	}
	return false
}

// trimOpenQuote drops the value's opening quote (and a JSON escape).
func trimOpenQuote(pre []byte) []byte {
	if n := len(pre); n > 0 && (pre[n-1] == '"' || pre[n-1] == '\'' || pre[n-1] == '`') {
		pre = pre[:n-1]
		return bytes.TrimSuffix(pre, []byte(`\`))
	}
	return pre
}

// indent returns a line's content indent (past a "- " list marker) and the
// column of that marker, or -1.
func indent(l []byte) (content, dash int) {
	i := 0
	for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
		i++
	}
	if i < len(l) && l[i] == '-' && (i+1 == len(l) || l[i+1] == ' ') {
		j := i + 1
		for j < len(l) && l[j] == ' ' {
			j++
		}
		return j, i
	}
	return i, -1
}

// containsFold reports whether t holds the lower-case ASCII word in any
// case.
func containsFold(t []byte, lower string) bool {
	return rules.Literal{Text: lower, Fold: true}.In(t)
}

// endsIntro reports whether line can end as blockIntro does (NAME:, NAME
// =, NAME: |, NAME: >-2): a check before the pattern.
func endsIntro(line []byte) bool {
	t := bytes.TrimRight(line, " \t\r")
	return len(t) > 0 && strings.IndexByte(":=|>-+0123456789", t[len(t)-1]) >= 0
}

// endsWithFold reports whether t ends with one of the ASCII suffixes, in
// any case.
func endsWithFold(t []byte, suffixes ...string) bool {
	for _, x := range suffixes {
		if len(t) >= len(x) && bytes.EqualFold(t[len(t)-len(x):], []byte(x)) {
			return true
		}
	}
	return false
}

// opener reports whether a line opens a block of its own (dbtCloud:,
// "Build": {, provider "x" {): as a sibling it names its own subtree, not
// the value's scope.
func opener(l []byte) bool {
	t := bytes.TrimRight(l, " \t\r")
	if len(t) == 0 {
		return false
	}
	switch t[len(t)-1] {
	case ':', '{', '[', '(':
		return true
	}
	return inlineBlock.Match(t)
}

// comment reports whether a line is only a comment.
func comment(l []byte) bool {
	t := bytes.TrimLeft(l, " \t")
	for _, p := range []string{"#", "//", "--", ";", "/*", "*", "<!--", "REM ", "rem "} {
		if bytes.HasPrefix(t, []byte(p)) {
			return !(p == "--" && len(t) > 2 && t[2] != ' ') // --flag is not a comment
		}
	}
	return false
}

// normalise turns a name into its words in lower case joined by "_":
// DbtCloudToken, dbt-cloud.token and DBT_CLOUD_TOKEN read dbt_cloud_token.
func normalise(name string) string {
	var b strings.Builder
	rs := []rune(name)
	sep := false
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			sep = b.Len() > 0
			continue
		}
		if i > 0 && unicode.IsUpper(r) && b.Len() > 0 {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				sep = true
			}
		}
		if sep {
			b.WriteByte('_')
			sep = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// keyAbove returns the nearest line above the one starting at ls indented
// less than in, within siblingLines: the key a line's block hangs from.
func (b binder) keyAbove(ls, in int) []byte {
	for n := 0; n < siblingLines; n++ {
		l, ok := b.prevLine(ls)
		if !ok {
			return nil
		}
		ls -= len(l) + 1
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		if i, _ := indent(l); i < in {
			return l
		}
	}
	return nil
}
