package main

import (
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/patmigrate/patmigrate/internal/dbt"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/secret"
)

// streams are the command's standard streams and what is known about the
// terminal. Data goes to Out, status and errors to ErrOut; a terminal changes
// presentation (colour), never content.
type streams struct {
	In          io.Reader
	Out, ErrOut io.Writer
	// OutTTY says Out is a terminal; Color says styling is wanted there.
	OutTTY, Color bool
	Width         int
	// Known are the secrets this run has seen; run puts Out, ErrOut and
	// every report file behind a gate that redacts them (gate).
	Known *secret.Known
	// shapes is the gate's shape check: nil with --show-secrets.
	shapes func(string) string
}

// systemStreams returns the process's streams. Colour needs a terminal and
// no NO_COLOR (https://no-color.org).
func systemStreams() *streams {
	s := &streams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, OutTTY: isTerminal(os.Stdout)}
	_, noColor := os.LookupEnv("NO_COLOR")
	s.Color = s.OutTTY && !noColor && os.Getenv("TERM") != "dumb"
	if w, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && w > 20 {
		s.Width = w
	}
	return s
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// gated returns s with Out and ErrOut behind the output gate, and the
// function that flushes them. Every byte the process writes passes one:
// whatever a message, an error, a report field or a panic holds, a secret
// the run knows (found, from the environment, recovered by verify) and a
// credential's shape leave it redacted, and a URL's userinfo removed.
// --show-secrets keeps the shapes and the found secrets whole (the user
// asked for them); the environment's secrets are redacted all the same.
func (s *streams) gated(args []string) (*streams, func()) {
	g := *s
	if g.Known == nil {
		g.Known = &secret.Known{}
	}
	g.Known.Add(environmentSecrets()...)
	if !showSecrets(args) {
		g.shapes = scanner.RedactTokens
	}
	out := secret.NewGate(s.Out, g.Known, g.shapes)
	errOut := secret.NewGate(s.ErrOut, g.Known, g.shapes)
	g.Out, g.ErrOut = out, errOut
	return &g, func() {
		out.Flush()
		errOut.Flush()
	}
}

// gate returns w behind the output gate of s (a report file).
func (s *streams) gate(w io.Writer) *secret.Gate { return secret.NewGate(w, s.Known, s.shapes) }

// found adds secrets the run came upon to Known, unless --show-secrets
// asked for them whole.
func (s *streams) found(secrets ...secret.Secret) {
	if s.shapes == nil || s.Known == nil {
		return
	}
	for _, v := range secrets {
		// A token's shape is redacted without knowing it: Known stays
		// small (legacy keys), and the gate's work per line with it.
		if sh := dbt.Classify(v.Reveal()); sh != dbt.ShapePAT && sh != dbt.ShapeServiceToken {
			s.Known.Add(v.Reveal())
		}
	}
}

// showSecrets reports whether the command line asks for whole secrets.
// It is read before the flags are parsed, as the gate is set up first.
func showSecrets(args []string) bool {
	return slices.ContainsFunc(args, func(a string) bool { return a == "--show-secrets" || a == "--show-secrets=true" })
}

// secretEnv matches the names of environment variables that hold
// credentials: their values are redacted wherever they would be written.
var secretEnv = regexp.MustCompile(`(?i)token|secret|passw|api_?key|credential`)

// Only values that look like a credential are taken: one that is short,
// holds a space or names a file (GOOGLE_APPLICATION_CREDENTIALS, a
// path) would redact ordinary words and paths everywhere.
func environmentSecrets() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || !secretEnv.MatchString(k) || len(v) < 16 || strings.ContainsAny(v, " \t\n") || strings.ContainsAny(v[:1], "/.~") {
			continue
		}
		if _, err := os.Stat(v); err == nil {
			continue
		}
		out = append(out, v)
	}
	return out
}
