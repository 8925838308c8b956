// Package scanner is the engine: it runs a compiled rule set over the blobs
// of a source (package source) and returns findings, sorted, with what
// could not be read. Per blob it finds every rule's keywords in one pass
// (the prefilter), runs each rule's pattern only around them, looks inside
// decoded views (a notebook's cells, base64 values), checks the rules'
// context conditions, resolves overlapping claims, and attributes each
// finding to a dbt Cloud account, host and usage. Findings of history are
// reduced to the commit that first introduced each one.
//
// It reads nothing itself, knows no output format and never touches the
// network. What silences a finding is decided elsewhere (package suppress),
// through Options.Silenced for inline comments.
package scanner
