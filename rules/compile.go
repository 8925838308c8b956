package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Compiled is a validated rule, ready to run. It is immutable.
type Compiled struct {
	Rule
	Regexp *regexp.Regexp
	// Group indexes into Regexp's submatches, -1 when the pattern has no
	// such group.
	SecretGroup, AccountGroup, HostGroup int
	Near, File, Not, Base                *regexp.Regexp
	Base64                               bool // Decode holds "base64"
	Index                                int  // position in Set.Rules, for bitsets
	// SecretRun, when not nil, must be In a text for the pattern to find a
	// secret there; EncodedRun is the same for its base64 form.
	SecretRun, EncodedRun *Run
	// ValueRun holds every run of either: one pass over a text finds
	// where a secret, plain or encoded, may be.
	ValueRun *Run
	// Fixed, when not nil, is the run the pattern is, whole: \b(?P<secret>
	// C{n})\b. A run of it exactly Fixed.Min long between non-word bytes
	// is a match (see fixedValue).
	Fixed *Run
	// Literals must all be in a text for the pattern to match there.
	Literals []Literal
	// Anchored says the pattern asserts a line's or the text's start, so it
	// runs only from a real line start.
	Anchored bool
	// Slot is the compiled context.slot, nil when the rule has none.
	Slot *SlotVocabulary
}

// SlotVocabulary is a compiled Slot; all but Name may be nil.
type SlotVocabulary struct {
	Name, Generic, Scope, Not, Other *regexp.Regexp
}

// Set is an immutable, compiled rule set, safe for concurrent use.
type Set struct {
	rules []*Compiled
	byID  map[string]*Compiled
}

// minKeyword is the shortest keyword accepted: a shorter one occurs almost
// everywhere and would make the prefilter pointless.
const minKeyword = 3

// Compile validates rules and compiles the enabled ones, in order. Every
// problem is reported, as an ErrorList naming the rule and where it was
// defined.
func Compile(rs []Rule) (*Set, error) {
	var errs ErrorList
	s := &Set{byID: make(map[string]*Compiled)}
	seen := make(map[string]Pos)
	for _, r := range rs {
		if prev, dup := seen[r.ID]; dup {
			errs.add(r.Source, r.ID, "duplicate id (first defined at %s)", prev)
			continue
		}
		seen[r.ID] = r.Source
		if r.Disabled {
			continue
		}
		c, ok := compile(r, &errs)
		if !ok {
			continue
		}
		c.Index = len(s.rules)
		s.rules = append(s.rules, c)
		s.byID[c.ID] = c
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

func compile(r Rule, errs *ErrorList) (*Compiled, bool) {
	n := len(*errs)
	bad := func(field, format string, args ...any) { errs.add(r.at(field), r.ID, format, args...) }
	if !r.Kind.valid() {
		bad("kind", "unknown kind %q (want one of %s)", r.Kind, joinKinds())
	}
	if r.Severity == "" {
		r.Severity = r.Kind.DefaultSeverity()
	} else if r.Severity.Rank() == 0 {
		bad("severity", "unknown severity %q (want critical, high, warning or info)", r.Severity)
	}
	if len(r.Keywords) == 0 {
		bad("keywords", "no keywords: a rule runs only where one of its keywords occurs")
	}
	kws := make([]string, 0, len(r.Keywords))
	for _, k := range r.Keywords {
		if len(k) < minKeyword {
			bad("keywords", "keyword %q is shorter than %d characters", k, minKeyword)
		}
		kws = append(kws, strings.ToLower(k))
	}
	r.Keywords = kws
	if r.Remediation == "" {
		bad("remediation", "no remediation: say what the person should do")
	}
	if len(r.Examples.Match) == 0 || len(r.Examples.NoMatch) == 0 {
		bad("examples", "needs at least one match and one nomatch example")
	}
	if r.Context.Lines < 0 {
		bad("context.lines", "context.lines must not be negative")
	}
	c := &Compiled{Rule: r, SecretGroup: -1, AccountGroup: -1, HostGroup: -1}
	for _, d := range r.Decode {
		if !slices.Contains(decoders(), d) {
			bad("decode", "unknown decoder %q (want one of %s)", d, strings.Join(decoders(), ", "))
		}
		c.Base64 = c.Base64 || d == "base64"
	}
	var err error
	if r.Pattern == "" {
		bad("pattern", "no pattern")
	} else if c.Regexp, err = regexp.Compile(r.Pattern); err != nil {
		bad("pattern", "pattern: %v", err)
	} else {
		c.SecretGroup = c.Regexp.SubexpIndex("secret")
		c.AccountGroup = c.Regexp.SubexpIndex("account")
		c.HostGroup = c.Regexp.SubexpIndex("host")
		if r.Kind.NeedsSecret() && c.SecretGroup < 0 {
			bad("pattern", "kind %s needs a named group (?P<secret>...) in the pattern", r.Kind)
		}
		c.Literals = requiredLiterals(r.Pattern)
		c.Anchored = anchored(r.Pattern)
		if c.SecretRun = secretRun(r.Pattern); c.SecretRun != nil {
			c.EncodedRun = c.SecretRun.base64Run()
			c.ValueRun = c.SecretRun.union(c.EncodedRun)
			c.Fixed = fixedValue(r.Pattern)
		}
	}
	for _, f := range []struct {
		name, expr string
		dst        **regexp.Regexp
	}{{"context.near", r.Context.Near, &c.Near}, {"context.file", r.Context.File, &c.File}, {"context.not", r.Context.Not, &c.Not}, {"context.base", r.Context.Base, &c.Base}} {
		if f.expr == "" {
			continue
		}
		if *f.dst, err = regexp.Compile(f.expr); err != nil {
			bad(f.name, "%s: %v", f.name, err)
		}
	}
	if r.Context.Slot != (Slot{}) {
		c.Slot = compileSlot(r, bad)
	}
	return c, len(*errs) == n
}

func compileSlot(r Rule, bad func(field, format string, args ...any)) *SlotVocabulary {
	sl := r.Context.Slot
	if !r.Kind.NeedsSecret() {
		bad("context.slot", "context.slot binds a credential value: kind %s has none", r.Kind)
	}
	if sl.Name == "" {
		bad("context.slot.name", "context.slot needs a name pattern")
	}
	if (sl.Generic == "") != (sl.Scope == "") {
		bad("context.slot", "context.slot.generic and context.slot.scope go together")
	}
	v := &SlotVocabulary{}
	for _, f := range []struct {
		name, expr string
		dst        **regexp.Regexp
	}{{"name", sl.Name, &v.Name}, {"generic", sl.Generic, &v.Generic}, {"scope", sl.Scope, &v.Scope}, {"not", sl.Not, &v.Not}, {"other", sl.Other, &v.Other}} {
		if f.expr == "" {
			continue
		}
		var err error
		if *f.dst, err = regexp.Compile(f.expr); err != nil {
			bad("context.slot."+f.name, "context.slot.%s: %v", f.name, err)
		}
	}
	return v
}

func joinKinds() string {
	kinds := Kinds()
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// Rules returns the enabled rules in definition order. The slice must not be
// modified.
func (s *Set) Rules() []*Compiled { return s.rules }

// Lookup returns the enabled rule with the given id, or nil.
func (s *Set) Lookup(id string) *Compiled { return s.byID[id] }

// A Matcher runs one rule over a text the way the scanner runs it over a
// file. The scanner provides it; taking it as an interface keeps this package
// free of scanning.
type Matcher interface {
	Matches(r *Compiled, text []byte) bool
}

// Check runs every rule's examples through m: each match example must produce
// a finding of its rule and no nomatch example may. minExamples, when
// positive, is the least number of each a rule must carry. ids, when given,
// limits the check to those rules.
func (s *Set) Check(m Matcher, minExamples int, ids ...string) ErrorList {
	var errs ErrorList
	for _, r := range s.rules {
		if len(ids) > 0 && !slices.Contains(ids, r.ID) {
			continue
		}
		if n := minExamples; n > 0 && (len(r.Examples.Match) < n || len(r.Examples.NoMatch) < n) {
			errs.add(r.Source, r.ID, "has %d match and %d nomatch examples, want at least %d of each",
				len(r.Examples.Match), len(r.Examples.NoMatch), n)
		}
		for _, ex := range r.Examples.Match {
			if !m.Matches(r, []byte(ex)) {
				errs.add(r.Source, r.ID, "match example does not match: %s", quote(ex))
			}
		}
		for _, ex := range r.Examples.NoMatch {
			if m.Matches(r, []byte(ex)) {
				errs.add(r.Source, r.ID, "nomatch example matches: %s", quote(ex))
			}
		}
	}
	return errs
}

// quote shortens an example for a message; examples hold fake secrets only.
func quote(s string) string {
	const max = 120
	if len(s) > max {
		s = s[:max] + "..."
	}
	return fmt.Sprintf("%q", s)
}
