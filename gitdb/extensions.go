package gitdb

import (
	"strings"

	"github.com/go-git/go-git/v5/config"
	format "github.com/go-git/go-git/v5/plumbing/format/config"
)

// readOnlyExtensions are the repository extensions that change nothing for
// a reader: worktreeConfig (a per-worktree config file, which sparse
// checkouts turn on), preciousObjects (objects must not be pruned) and
// partialClone (some blobs may be missing: they are read errors). go-git
// refuses them all ("unknown extension"); git reads such repositories.
var readOnlyExtensions = map[string]bool{
	"worktreeconfig": true, "preciousobjects": true, "partialclone": true, "noop": true, "noop-v1": true,
}

// Config is the repository's configuration without the read-only
// extensions, so that go-git's check passes them and still names any
// other as unknown.
func (b *borrowing) Config() (*config.Config, error) {
	cfg, err := b.Storage.Config()
	if err != nil || cfg.Raw == nil || !cfg.Raw.HasSection("extensions") {
		return cfg, err
	}
	sec := cfg.Raw.Section("extensions")
	var kept []*format.Option
	for _, o := range sec.Options {
		if !readOnlyExtensions[strings.ToLower(o.Key)] {
			kept = append(kept, o)
		}
	}
	sec.Options = kept
	return cfg, nil
}

// PartialClone reports whether the repository is a partial clone
// (extensions.partialClone: git clone --filter), whose missing blobs git
// fetches on demand and patmigrate cannot read.
func (g *Repo) PartialClone() bool {
	cfg, err := g.primary.Config()
	if err != nil || cfg.Raw == nil || !cfg.Raw.HasSection("extensions") {
		return false
	}
	for _, o := range cfg.Raw.Section("extensions").Options {
		if strings.EqualFold(o.Key, "partialClone") && o.Value != "" {
			return true
		}
	}
	return false
}
