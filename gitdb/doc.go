// Package gitdb reads git's on-disk formats for speed and exactness: a
// repository's refs (branches, tags, the stash and its reflog), the commit
// graph walked parents first, what each commit introduced, HEAD's blobs, the
// staging index and its difference from HEAD, and blobs read out of pack
// files in pack order, loose objects and unreachable ones.
//
// It knows objects, paths and commits only: nothing of the content's
// provenance as a scan reports it, of rules or of findings. It never runs
// git and never writes to a repository; go-git is used where it is fast
// enough and the formats are read directly where it is not (see Repo).
package gitdb
