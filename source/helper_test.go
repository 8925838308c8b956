package source_test

// Keys the tests plant: random-looking, distinct, never real.
const (
	keyA = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	keyB = "8d1e5c3a9b7f2e4d6c8a0b1f3e5d7c9a2b4f6e8d"
)
