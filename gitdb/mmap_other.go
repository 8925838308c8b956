//go:build !unix

package gitdb

import "os"

// mapFile reads the file at path.
func mapFile(path string) (data []byte, done func(), err error) {
	data, err = os.ReadFile(path)
	return data, func() {}, err
}
