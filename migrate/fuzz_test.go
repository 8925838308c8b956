package migrate

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzOpenSecrets feeds the secrets file reader (dotenv and JSON) any
// bytes: it never panics, and what it accepts it holds.
func FuzzOpenSecrets(f *testing.F) {
	f.Add([]byte("# account 1, service-token \"ci\" (id 7)\nDBT_CLOUD_TOKEN_1_CI=dbtc_x\n"), false)
	f.Add([]byte(`{"1/ci":{"account_id":1,"type":"service-token","name":"ci","token_id":7,"token":"dbtc_x"}}`), true)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		name := "secrets.env"
		if asJSON {
			name = "secrets.json"
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := OpenSecrets(p)
		if err != nil {
			return
		}
		if s.values == nil {
			t.Fatal("an accepted file with no values map")
		}
	})
}
