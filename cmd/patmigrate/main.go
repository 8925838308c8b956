// Command patmigrate finds deprecated dbt Cloud user API keys, exposed
// tokens and cross-account API calls in repositories, and turns them into a
// migration checklist per dbt Cloud account.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/patmigrate/patmigrate/report"
)

// The collector's settings unless GOMEMLIMIT says otherwise: a soft bound
// on the heap, so that a history scan that inflates a lot of short-lived
// data stays near what is live. GOGC is left at Go's default: at 50 (half
// the slack) a history scan peaked at 62 MB instead of 82, but a small
// heap was collected ten times in one 1 MiB file's scan, a third of its
// time (bench/pathological.sh), and most scans are small.
const memoryLimit = 160 << 20

// The ballast raises the heap size at which the collector first runs: Go has
// no minimum heap setting, and a scan of one file otherwise ran a
// collection every few megabytes, each stopping the world through signals
// to goroutines in the prefilter's loop (a sixth of a 1 MiB file's scan:
// keywords.txt 39 -> 33 ms). Its pages are never touched; it counts toward
// memoryLimit, and lets a history scan's heap grow a little further
// between collections (peak RSS 80-87 -> 104-106 MB, and faster).
const ballastSize = 16 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	ballast := make([]byte, ballastSize)
	ctx, signalled := stopOnSignal(context.Background())
	code := run(ctx, systemStreams(), os.Args[1:])
	if sig, ok := signalled(); ok {
		code = signalExit(sig)
	}
	runtime.KeepAlive(ballast) // live, and counted, until the run ends
	os.Exit(code)
}

// stopGrace is how long a scan has to wind down (workers cancelled,
// temporary clones and partial output files removed) after SIGINT or
// SIGTERM, which is what CI systems and timeout(1) send, before the
// process exits regardless. A second signal exits at once. A clone left
// behind by a hard exit is in a 0700 folder (os.MkdirTemp), readable by
// no other user.
const stopGrace = 900 * time.Millisecond

// stopOnSignal returns a context cancelled by the first SIGINT or SIGTERM,
// and a function that reports which signal, if any, arrived.
func stopOnSignal(parent context.Context) (context.Context, func() (os.Signal, bool)) {
	ctx, cancel := context.WithCancel(parent)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	var got atomic.Value
	go func() {
		sig := <-sigs
		got.Store(sig)
		cancel()
		select {
		case <-sigs:
		case <-time.After(stopGrace):
		}
		os.Exit(signalExit(sig))
	}()
	return ctx, func() (os.Signal, bool) {
		sig, ok := got.Load().(os.Signal)
		return sig, ok
	}
}

// signalExit is the shell's exit status for a process stopped by sig:
// 128 plus its number (130 for SIGINT, 143 for SIGTERM).
func signalExit(sig os.Signal) int {
	if n, ok := sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 130
}

// Exit codes, as the design defines them.
const (
	exitOK         = 0 // nothing at or above --fail-on, and everything was read
	exitFindings   = 1 // findings at or above --fail-on
	exitUsage      = 2 // usage or configuration error: nothing scanned
	exitIncomplete = 3 // something could not be read, and nothing failing was found
)

// exitError carries an exit code through cobra. A zero-message exitError
// sets the code without printing anything (the command already reported).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// run executes one command line and maps its outcome to an exit code, in
// this one place.
func run(ctx context.Context, s *streams, args []string) (code int) {
	s, flush := s.gated(args)
	defer flush()
	// A panic is printed through the gate too, and is an incomplete run.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(s.ErrOut, "patmigrate: internal error: %v\n%s", r, debug.Stack())
			code = exitIncomplete
		}
	}()
	root := newRootCmd(s)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(s.ErrOut, "patmigrate: %s\n", report.Visible(ee.err.Error()))
		}
		return ee.code
	}
	fmt.Fprintf(s.ErrOut, "patmigrate: %s\n", report.Visible(err.Error()))
	if errors.Is(err, context.Canceled) {
		return exitIncomplete
	}
	// Cobra's own errors (unknown flag, wrong arguments) are usage errors.
	return exitUsage
}
