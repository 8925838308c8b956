package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/patmigrate/patmigrate/githook"
)

type hookOptions struct {
	Dir string // the repository
}

func newHookCmd(s *streams, install, uninstall func(*streams, *hookOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hook",
		Short: "Install or remove the git pre-commit hook",
		Long: `The pre-commit hook runs "patmigrate scan --staged" before each commit and blocks a commit that
adds a dbt Cloud credential. It respects core.hooksPath and keeps an existing pre-commit hook, which
runs first. With the pre-commit framework, use the "patmigrate" hook of .pre-commit-hooks.yaml instead.`,
		Example: "  patmigrate hook install\n  patmigrate hook uninstall",
	}
	opts := &hookOptions{}
	installCmd := &cobra.Command{
		Use:     "install",
		Short:   "Install the pre-commit hook in the repository",
		Example: "  patmigrate hook install\n  patmigrate hook install --repo ~/src/data-platform",
		Args:    cobra.NoArgs,
		RunE:    func(*cobra.Command, []string) error { return install(s, opts) },
	}
	uninstallCmd := &cobra.Command{
		Use:     "uninstall",
		Short:   "Remove the pre-commit hook, restoring the one it chained",
		Example: "  patmigrate hook uninstall",
		Args:    cobra.NoArgs,
		RunE:    func(*cobra.Command, []string) error { return uninstall(s, opts) },
	}
	for _, c := range []*cobra.Command{installCmd, uninstallCmd} {
		c.Flags().StringVar(&opts.Dir, "repo", ".", "the repository (`DIR`)")
		cmd.AddCommand(c)
	}
	return cmd
}

func installHook(s *streams, opts *hookOptions) error {
	command := hookCommand()
	path, changed, err := githook.Install(opts.Dir, command)
	if err != nil {
		return usageError("hook install: %v", err)
	}
	if _, err := exec.LookPath(command); err != nil && !filepath.IsAbs(command) {
		fmt.Fprintf(s.ErrOut, "patmigrate: warning: %q is not on PATH, so the hook cannot run it: install it with\n"+
			"  go install github.com/patmigrate/patmigrate/cmd/patmigrate@latest\n", command)
	}
	if changed {
		fmt.Fprintf(s.Out, "installed %s\n", path)
	} else {
		fmt.Fprintf(s.Out, "already installed: %s\n", path)
	}
	return nil
}

func uninstallHook(s *streams, opts *hookOptions) error {
	path, changed, err := githook.Uninstall(opts.Dir)
	if err != nil {
		return usageError("hook uninstall: %v", err)
	}
	if changed {
		fmt.Fprintf(s.Out, "removed patmigrate from %s\n", path)
	} else {
		fmt.Fprintf(s.Out, "no patmigrate hook in %s\n", filepath.Dir(path))
	}
	return nil
}

// hookCommand is what the hook runs: this binary's path, unless it is a
// temporary build (go run), which would be gone by the next commit.
func hookCommand() string {
	exe, err := os.Executable()
	if err != nil || strings.HasPrefix(exe, os.TempDir()) || strings.Contains(exe, "go-build") {
		return "patmigrate"
	}
	return exe
}
