package main

import (
	"io"
	"os"
	"strconv"
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
