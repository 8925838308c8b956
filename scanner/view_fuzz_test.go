package scanner

import "testing"

// FuzzViews checks the derived views on any bytes: a notebook's unescaped
// text and a line's base64-decoded one keep every newline, and map each of
// their offsets into the blob, in order.
func FuzzViews(f *testing.F) {
	f.Add([]byte(`{"source": ["DBT_CLOUD_API_KEY = \"x\"\n", "\u0041"]}`))
	f.Add([]byte("data:\n  token: M2Y5YzJhN2UxYjRkNmY4YTBjMmU0YjZkOGYwYTFjM2U1YjdkOWYxYQ==\n"))
	f.Add([]byte("\\u000a\\\\\\"))
	f.Fuzz(func(t *testing.T, data []byte) {
		views := []*view{notebookView(data)}
		if v := base64View(&view{text: data}, 0, len(data)); v != nil {
			views = append(views, v)
		}
		for _, v := range views {
			if count(v.text, '\n') != count(data, '\n') {
				t.Fatalf("a view changed the number of lines: %q -> %q", data, v.text)
			}
			last := 0
			for off := 0; off <= len(v.text); off++ {
				o := v.orig(off, false)
				if o < last || o > len(data) {
					t.Fatalf("offset %d maps to %d (previous %d, blob %d bytes)", off, o, last, len(data))
				}
				last = o
			}
		}
		_ = decodeUTF16(data, true)
		_ = decodeUTF16(data, false)
	})
}

func count(b []byte, c byte) int {
	n := 0
	for _, x := range b {
		if x == c {
			n++
		}
	}
	return n
}
