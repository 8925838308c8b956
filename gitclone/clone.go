// Package gitclone clones a repository named by URL into a temporary
// folder for a scan, with only the credentials its caller passes. It is
// used by the command layer: the scanning packages never touch the network.
//
// go-git keeps its transports in one process-wide table; Temp installs an
// in-process file:// transport there once (see inProcessFileTransport), so
// that no git program is ever run.
package gitclone

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/plumbing/transport/server"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// Options adjust a clone.
type Options struct {
	// History clones every commit and tag; otherwise only the last commit.
	History bool
	// Token and Username authenticate over HTTP(S); Username defaults to
	// "x-access-token", which GitHub and GitLab accept. AuthHint is added
	// to an authentication failure's message (where the token comes from).
	Token, Username, AuthHint string
}

// IsRemote reports whether target names a repository to clone rather than
// a local path.
func IsRemote(target string) bool {
	for _, p := range []string{"https://", "http://", "file://", "ssh://", "git://"} {
		// A URL's scheme is case-insensitive (RFC 3986): HTTPS://host is
		// a URL, not a folder named HTTPS:.
		if len(target) >= len(p) && strings.EqualFold(target[:len(p)], p) {
			return true
		}
	}
	return false
}

// DisplayURL is raw without credentials, for reports and messages. It
// works on the text, not on a parsed URL: a URL that does not parse
// (re%zzpo.git, [::1:1) still has its userinfo, and still loses it.
func DisplayURL(raw string) string {
	i := strings.Index(raw, "://")
	if i < 0 {
		return raw
	}
	host := raw[i+3:]
	if j := strings.IndexAny(host, "/?#"); j >= 0 {
		host = host[:j]
	}
	at := strings.LastIndexByte(host, '@')
	if at < 0 {
		return raw
	}
	return raw[:i+3] + raw[i+3+at+1:]
}

// inProcessFileTransport makes file:// clones run inside this process: go-git's
// default file transport executes git-upload-pack when git is installed, and
// patmigrate reads git with go-git only. Protocols are registered
// process-wide in go-git, so this is done once.
var inProcessFileTransport = sync.OnceFunc(func() {
	client.InstallProtocol("file", server.NewClient(fileLoader{}))
})

// fileLoader opens the repository a file:// URL names, a working tree (its
// .git folder) or a bare repository.
type fileLoader struct{}

func (fileLoader) Load(ep *transport.Endpoint) (storer.Storer, error) {
	dir := ep.Path
	if info, err := os.Stat(filepath.Join(dir, ".git")); err == nil && info.IsDir() {
		dir = filepath.Join(dir, ".git")
	}
	fs := osfs.New(dir)
	if _, err := fs.Stat("config"); err != nil {
		return nil, transport.ErrRepositoryNotFound
	}
	return filesystem.NewStorage(fs, cache.NewObjectLRU(loadCache)), nil
}

// loadCache bounds the object cache of a repository served to a file://
// clone.
const loadCache = 4 << 20

// Temp clones the repository at rawURL into a new temporary folder and
// returns the folder and a function that removes it. The caller must call
// cleanup, also on cancellation: the clone holds the repository's secrets on
// disk.
func Temp(ctx context.Context, rawURL string, o Options) (dir string, cleanup func(), err error) {
	inProcessFileTransport()
	installHTTP()
	dir, err = os.MkdirTemp("", "patmigrate-clone-*")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	opts := &git.CloneOptions{URL: rawURL, Tags: git.AllTags}
	if !o.History {
		opts.Tags = git.NoTags
		// The in-process file transport serves no shallow clone
		// ("unsupported capability: shallow"): a file:// clone is a full
		// one, which costs a local copy, not a download.
		if !strings.HasPrefix(strings.ToLower(rawURL), "file://") {
			opts.Depth = 1
		}
	}
	user := cmp.Or(o.Username, "x-access-token")
	if o.Token != "" && sendsToken(rawURL) {
		opts.Auth = &githttp.BasicAuth{Username: user, Password: o.Token}
	}
	if _, err := git.PlainCloneContext(ctx, dir, false, opts); err != nil {
		cleanup()
		// The message may repeat the URL, credentials included.
		msg := scrub(err.Error(), rawURL, user, o.Token)
		if errors.Is(err, transport.ErrAuthenticationRequired) || errors.Is(err, transport.ErrAuthorizationFailed) {
			if o.Token != "" && opts.Auth == nil {
				msg += " (the token is sent over https only, or over http to this machine)"
			}
			msg += o.AuthHint
		}
		return "", nil, fmt.Errorf("clone %s: %s", DisplayURL(rawURL), msg)
	}
	return dir, cleanup, nil
}
