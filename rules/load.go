package rules

import (
	"errors"
	"fmt"
	"os"
	"regexp"

	"gopkg.in/yaml.v3"
)

// FileVersion is the only rule file format version this build reads.
const FileVersion = 1

// Parse decodes one rule file strictly: unknown fields, a missing or wrong
// version and malformed rules are errors. name is used in messages only. The
// returned error, if any, is an ErrorList.
//
// Parse checks what a single rule can get wrong on its own; whether the
// merged set is valid (unique ids, compiling regexes) is Compile's job,
// because a user file may hold partial rules that override a default.
func Parse(name string, data []byte) ([]Rule, error) {
	var errs ErrorList
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		errs.add(Pos{File: name}, "", "invalid YAML: %v", err)
		return nil, errs
	}
	if len(doc.Content) == 0 {
		errs.add(Pos{File: name}, "", "empty rule file: want \"version: %d\" and a \"rules:\" list", FileVersion)
		return nil, errs
	}
	root := doc.Content[0]
	at := func(n *yaml.Node) Pos { return Pos{File: name, Line: n.Line, Col: n.Column} }
	if root.Kind != yaml.MappingNode {
		errs.add(at(root), "", "want a mapping with \"version\" and \"rules\"")
		return nil, errs
	}
	var version, list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "version":
			version = v
		case "rules":
			list = v
		default:
			errs.add(at(k), "", "unknown field %q (want version or rules)", k.Value)
		}
	}
	switch {
	case version == nil:
		errs.add(at(root), "", "missing \"version: %d\"", FileVersion)
	case version.Value != fmt.Sprint(FileVersion):
		errs.add(at(version), "", "unsupported version %q (this build reads version %d)", version.Value, FileVersion)
	}
	if list == nil {
		return nil, append(errs, &Error{Pos: at(root), Msg: "missing \"rules:\" list"})
	}
	if list.Kind != yaml.SequenceNode {
		return nil, append(errs, &Error{Pos: at(list), Msg: "\"rules\" must be a list"})
	}
	var out []Rule
	defined := map[string]Pos{}
	for _, n := range list.Content {
		r, ok := parseRule(name, n, &errs)
		if !ok {
			continue
		}
		if prev, dup := defined[r.ID]; dup {
			errs.add(r.Source, r.ID, "duplicate id (first defined at %s)", prev)
			continue
		}
		defined[r.ID] = r.Source
		out = append(out, r)
	}
	return out, errs.Err()
}

var ruleFields = map[string]map[string]bool{
	"rule": set("id", "kind", "severity", "description", "keywords", "pattern", "context",
		"decode", "remediation", "examples", "disabled"),
	"context":  set("near", "lines", "file", "not", "slot", "base"),
	"slot":     set("name", "generic", "scope", "not", "other"),
	"examples": set("match", "nomatch"),
}

func set(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// parseRule decodes one list item, reporting unknown keys itself because
// yaml.v3 applies KnownFields only to whole documents.
func parseRule(file string, n *yaml.Node, errs *ErrorList) (Rule, bool) {
	pos := Pos{File: file, Line: n.Line, Col: n.Column}
	if n.Kind != yaml.MappingNode {
		errs.add(pos, "", "a rule must be a mapping")
		return Rule{}, false
	}
	id := ""
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" {
			id = n.Content[i+1].Value
		}
	}
	ok := checkFields(file, id, "rule", n, errs)
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i].Value; k == "context" || k == "examples" {
			ok = checkFields(file, id, k, n.Content[i+1], errs) && ok
		}
		if k, v := n.Content[i].Value, n.Content[i+1]; k == "context" && v.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(v.Content); j += 2 {
				if v.Content[j].Value == "slot" {
					ok = checkFields(file, id, "slot", v.Content[j+1], errs) && ok
				}
			}
		}
	}
	var r Rule
	if err := n.Decode(&r); err != nil {
		errs.add(pos, id, "%v", err)
		return Rule{}, false
	}
	r.Source = pos
	r.fields = make(map[string]Pos)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		r.fields[k] = Pos{File: file, Line: v.Line, Col: v.Column}
		if k == "context" && v.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(v.Content); j += 2 {
				w := v.Content[j+1]
				r.fields["context."+v.Content[j].Value] = Pos{File: file, Line: w.Line, Col: w.Column}
			}
		}
	}
	if r.ID == "" {
		errs.add(pos, "", "missing id")
		ok = false
	} else if !idPattern.MatchString(r.ID) {
		errs.add(pos, r.ID, "id must be kebab-case (lowercase letters, digits and dashes)")
		ok = false
	}
	return r, ok
}

var idPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

func checkFields(file, id, what string, n *yaml.Node, errs *ErrorList) bool {
	if n.Kind != yaml.MappingNode {
		errs.add(Pos{File: file, Line: n.Line, Col: n.Column}, id, "%s must be a mapping", what)
		return false
	}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !ruleFields[what][k.Value] {
			errs.add(Pos{File: file, Line: k.Line, Col: k.Column}, id, "unknown %s field %q", what, k.Value)
			ok = false
		}
	}
	return ok
}

// ParseFile reads and parses the rule file at path.
func ParseFile(path string) ([]Rule, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	return Parse(path, data)
}

// Merge lays the rules of a user file over base: a rule with a new id is
// added; a rule with an existing id replaces that rule's fields it sets (so
// "severity: high" alone changes only the severity); "disabled: true" turns it
// off. Disabling an id that does not exist is an error: a typo would leave
// the rule on. base is not modified.
func Merge(base, user []Rule) ([]Rule, ErrorList) {
	var errs ErrorList
	out := append([]Rule(nil), base...)
	index := make(map[string]int, len(out))
	for i, r := range out {
		index[r.ID] = i
	}
	for _, u := range user {
		i, ok := index[u.ID]
		switch {
		case ok:
			out[i] = overlay(out[i], u)
		case u.Disabled:
			errs.add(u.Source, u.ID, "disables a rule that does not exist (see \"patmigrate rules list\")")
		default:
			index[u.ID] = len(out)
			out = append(out, u)
		}
	}
	return out, errs
}

func overlay(r, u Rule) Rule {
	r.Source = u.Source
	fields := make(map[string]Pos, len(r.fields)+len(u.fields))
	for k, p := range r.fields {
		fields[k] = p
	}
	for k, p := range u.fields {
		fields[k] = p
	}
	r.fields = fields
	if u.Kind != "" {
		r.Kind = u.Kind
	}
	if u.Severity != "" {
		r.Severity = u.Severity
	}
	if u.Description != "" {
		r.Description = u.Description
	}
	if u.Keywords != nil {
		r.Keywords = u.Keywords
	}
	if u.Pattern != "" {
		r.Pattern = u.Pattern
	}
	if u.Context != (Context{}) {
		r.Context = u.Context
	}
	if u.Decode != nil {
		r.Decode = u.Decode
	}
	if u.Remediation != "" {
		r.Remediation = u.Remediation
	}
	if u.Examples.Match != nil || u.Examples.NoMatch != nil {
		r.Examples = u.Examples
	}
	r.Disabled = u.Disabled
	return r
}

// Load parses the default rule file, lays each user file over it in order,
// and compiles the result. It reports every problem of every file at once
// (a rule that fails to decode does not hide the next rule's unknown kind),
// as an ErrorList. It also returns the ids the user files define or change,
// whose examples the caller should check (the defaults are checked by the
// test suite).
func Load(defaultName string, defaults []byte, userFiles ...string) (set *Set, userIDs []string, err error) {
	return load(defaultName, defaults, len(userFiles), func(i int) ([]Rule, error) { return ParseFile(userFiles[i]) })
}

// File is a rule file's name (for messages) and content, for a file that
// is not on disk: a target's .patmigrate.yaml as it is at a git revision.
type File struct {
	Name string
	Data []byte
}

// LoadFiles is Load with the user files given as their contents.
func LoadFiles(defaultName string, defaults []byte, userFiles []File) (set *Set, userIDs []string, err error) {
	return load(defaultName, defaults, len(userFiles), func(i int) ([]Rule, error) {
		return Parse(userFiles[i].Name, userFiles[i].Data)
	})
}

// load is Load and LoadFiles: the defaults, then n user files in order.
func load(defaultName string, defaults []byte, n int, parse func(i int) ([]Rule, error)) (set *Set, userIDs []string, err error) {
	var errs ErrorList
	collect := func(err error) {
		var l ErrorList
		switch {
		case err == nil:
		case errors.As(err, &l):
			errs = append(errs, l...)
		default:
			errs = append(errs, &Error{Msg: err.Error()})
		}
	}
	merged, err := Parse(defaultName, defaults)
	collect(err)
	for i := range n {
		user, err := parse(i)
		collect(err)
		for _, u := range user {
			userIDs = append(userIDs, u.ID)
		}
		var merr ErrorList
		merged, merr = Merge(merged, user)
		errs = append(errs, merr...)
	}
	set, err = Compile(merged)
	collect(err)
	if len(errs) > 0 {
		errs.Sort()
		return nil, nil, errs
	}
	return set, userIDs, nil
}
