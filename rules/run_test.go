package rules

import (
	"math/rand/v2"
	"testing"
)

// TestRunIndexAgreesWithAByteLoop checks Index's skipping search against
// the plain loop on random texts of hex and other bytes, every run length
// around Min.
func TestRunIndexAgreesWithAByteLoop(t *testing.T) {
	r := &Run{Min: 40}
	for _, c := range []byte("0123456789abcdef") {
		r.class[c] = true
	}
	naive := func(text []byte) (int, int) {
		n := 0
		for i, c := range text {
			if !r.class[c] {
				n = 0
				continue
			}
			if n++; n == r.Min {
				end := i + 1
				for end < len(text) && r.class[text[end]] {
					end++
				}
				return i + 1 - n, end
			}
		}
		return -1, -1
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		text := make([]byte, rng.IntN(200))
		for j := range text {
			if rng.IntN(60) == 0 {
				text[j] = 'x'
			} else {
				text[j] = "0123456789abcdef"[rng.IntN(16)]
			}
		}
		if i%2 == 0 { // runs of every length near Min
			for j := 0; j < len(text); j += 35 + rng.IntN(10) {
				text[j] = '-'
			}
		}
		ws, we := naive(text)
		if gs, ge := r.Index(text); gs != ws || ge != we {
			t.Fatalf("Index(%q) = %d, %d, want %d, %d", text, gs, ge, ws, we)
		}
	}
}
