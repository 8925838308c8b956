// Package dbt holds the facts about dbt Cloud that several parts of
// patmigrate need and must agree on (DBT-CLOUD-FACTS §1 and §3): what each
// kind of credential looks like, and which host names serve an account's
// API. It is a leaf: it imports nothing of the project, reads nothing and
// calls nothing.
package dbt

import "strings"

// The credential shapes (§1). A legacy user API key is 40 lowercase hex
// characters with no prefix; a personal access token (PAT) and a service
// token are a prefix and TokenBodyLen characters of TokenChars.
const (
	LegacyKeyLen       = 40
	TokenBodyLen       = 50
	PATPrefix          = "dbtu_"
	ServiceTokenPrefix = "dbtc_"
)

// The shapes spelled in RE2, for code that looks for credentials inside
// text (redaction, scrubbing) and picks its own repetition count.
const (
	LegacyKeyChars = `[0-9a-f]`
	TokenPrefixes  = `dbt[uc]_`
	TokenChars     = `[A-Za-z0-9_-]`
)

// Shape is what a credential value looks like.
type Shape string

// The shapes Classify tells apart.
const (
	ShapeLegacyUserKey Shape = "legacy-user-key"
	ShapePAT           Shape = "pat"
	ShapeServiceToken  Shape = "service-token"
	ShapeUnrecognised  Shape = "unrecognised"
)

// Classify reports the shape of v exactly as it is (no trimming). A bare
// 40-hex string is a legacy user key only because the caller knows v is a
// dbt credential.
func Classify(v string) Shape {
	switch {
	case len(v) == LegacyKeyLen && all(v, isLowerHex):
		return ShapeLegacyUserKey
	case isToken(v, PATPrefix):
		return ShapePAT
	case isToken(v, ServiceTokenPrefix):
		return ShapeServiceToken
	}
	return ShapeUnrecognised
}

func isToken(v, prefix string) bool {
	body, ok := strings.CutPrefix(v, prefix)
	return ok && len(body) == TokenBodyLen && all(body, isTokenChar)
}

func all(s string, f func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !f(s[i]) {
			return false
		}
	}
	return true
}

func isLowerHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' }

func isTokenChar(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '-'
}
