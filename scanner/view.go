package scanner

import (
	"bytes"
	"encoding/base64"
	"sort"
	"unicode/utf8"
)

// A view is text derived from a blob (a notebook with its JSON string escapes
// undone, a line with its base64 values decoded) that rules run over, plus
// the map back to offsets in the blob. Views never add or remove newlines, so
// a line number in a view is the line number in the blob.
type view struct {
	text []byte
	segs []seg // the transformed spans, in order; text between them is copied
	src  *view // the view this one was derived from; nil for the blob itself
	off  int   // where text[0] sits in src
}

// seg maps the view span [v, vEnd) to the span [o, oEnd) of the parent.
type seg struct{ v, vEnd, o, oEnd int }

// orig maps an offset in v to an offset in the blob. end says the offset is
// the exclusive end of a span, which decides where it lands when it falls
// inside a transformed span: a match that starts or ends inside a decoded
// value covers the whole encoded value.
func (v *view) orig(off int, end bool) int {
	o := v.parent(off, end)
	if v.src != nil {
		return v.src.orig(o, end)
	}
	return o
}

// parent maps an offset in v to one in the view v was derived from (the blob,
// for a view of the blob itself).
func (v *view) parent(off int, end bool) int {
	i := sort.Search(len(v.segs), func(i int) bool { return v.segs[i].vEnd > off || (end && v.segs[i].vEnd >= off) })
	if i < len(v.segs) && (off > v.segs[i].v || (!end && off == v.segs[i].v)) {
		if end {
			return v.off + v.segs[i].oEnd
		}
		return v.off + v.segs[i].o
	}
	if i > 0 {
		p := v.segs[i-1]
		return v.off + p.oEnd + off - p.vEnd
	}
	return v.off + off
}

// decodedAt returns the transformed span of v holding offset off (a
// decoded value), or nil.
func (v *view) decodedAt(off int) []byte {
	i := sort.Search(len(v.segs), func(i int) bool { return v.segs[i].vEnd > off })
	if i < len(v.segs) && v.segs[i].v <= off {
		return v.text[v.segs[i].v:v.segs[i].vEnd]
	}
	return nil
}

// notebookView undoes JSON string escapes on every line of an .ipynb file, so
// that `"KEY = \"value\"\n"` in a cell's source reads as `"KEY = "value" "`
// to the rules. Escaped newlines become spaces to keep line numbers.
func notebookView(data []byte) *view {
	if bytes.IndexByte(data, '\\') < 0 {
		return &view{text: data}
	}
	out := make([]byte, 0, len(data))
	var segs []seg
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c != '\\' || i+1 == len(data) {
			out = append(out, c)
			continue
		}
		start, n := i, 2
		var r rune = -1
		switch data[i+1] {
		case '"', '\\', '/':
			r = rune(data[i+1])
		case 'n', 't', 'r':
			r = ' '
		case 'u':
			if i+6 <= len(data) {
				if v, ok := hex4(data[i+2 : i+6]); ok && v != '\n' && v != '\r' {
					r, n = v, 6
				}
			}
		}
		if r < 0 {
			out = append(out, c)
			continue
		}
		vs := len(out)
		out = utf8.AppendRune(out, r)
		segs = append(segs, seg{v: vs, vEnd: len(out), o: start, oEnd: start + n})
		i += n - 1
	}
	return &view{text: out, segs: segs}
}

func hex4(b []byte) (rune, bool) {
	var v rune
	for _, c := range b {
		switch {
		case '0' <= c && c <= '9':
			v = v<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			v = v<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			v = v<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}

// minBase64 is the shortest encoded value worth decoding: 16 characters hold
// 12 bytes, shorter than any credential.
const minBase64 = 16

// base64View returns text[from:to] of v with every base64 value that decodes
// to printable text replaced by the decoded text, or nil when there is none.
// This is how Kubernetes Secret data (`DBT_CLOUD_API_KEY: MDEy...`) is seen
// by the rules: the key name stays as context next to the decoded value.
func base64View(v *view, from, to int) *view {
	text := v.text[from:to]
	var out []byte
	var segs []seg
	last := 0
	for i := 0; i < len(text); {
		if !isBase64(text[i]) || (i > 0 && isBase64(text[i-1])) {
			i++
			continue
		}
		j := i
		for j < len(text) && isBase64(text[j]) {
			j++
		}
		k := j
		for k < len(text) && k-j < 2 && text[k] == '=' {
			k++
		}
		dec, ok := decodeBase64(text[i:k])
		if k-i < minBase64 || !ok {
			i = k
			continue
		}
		out = append(out, text[last:i]...)
		vs := len(out)
		out = append(out, dec...)
		segs = append(segs, seg{v: vs, vEnd: len(out), o: i, oEnd: k})
		last, i = k, k
	}
	if segs == nil {
		return nil
	}
	out = append(out, text[last:]...)
	return &view{text: out, segs: segs, src: v, off: from}
}

func isBase64(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_'
}

// decodeBase64 accepts standard and URL alphabets, padded or not, and only
// results that are printable ASCII text (line breaks become spaces):
// anything else is not a credential and would garble the line.
func decodeBase64(s []byte) ([]byte, bool) {
	str := string(bytes.TrimRight(s, "="))
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		dec, err := enc.DecodeString(str)
		if err != nil {
			continue
		}
		dec = bytes.TrimRight(dec, "\r\n")
		for i, c := range dec {
			switch {
			case c == '\n' || c == '\r' || c == '\t':
				// A whole file encoded (a dbt_cloud.yml in a Secret) reads
				// as one line: the view never adds newlines.
				dec[i] = ' '
			case c < 0x20 || c > 0x7e:
				return nil, false
			}
		}
		return dec, len(dec) > 0
	}
	return nil, false
}
