package dbtcloudtest

import (
	"encoding/json"
	"net/http"
)

// status is the "status" object of the API's envelope.
type status struct {
	Code             int    `json:"code"`
	IsSuccess        bool   `json:"is_success"`
	UserMessage      string `json:"user_message"`
	DeveloperMessage string `json:"developer_message"`
}

// envelope is the body of every response.
type envelope struct {
	Status status         `json:"status"`
	Data   any            `json:"data"`
	Extra  map[string]any `json:"extra"`
}

// authFailure is the body of a 401: the API answers an authentication failure
// with status and data only, no extra.
type authFailure struct {
	Status status `json:"status"`
	Data   any    `json:"data"`
}

func writeJSON(w http.ResponseWriter, code int, body any) {
	b, err := json.Marshal(body)
	if err != nil {
		panic("dbtcloudtest: " + err.Error()) // the server's own values always marshal
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	w.Write(append(b, '\n'))
}

// writeData answers success with data and extra.
func writeData(w http.ResponseWriter, code int, data any, extra map[string]any) {
	if extra == nil {
		extra = map[string]any{}
	}
	writeJSON(w, code, envelope{Status: status{Code: code, IsSuccess: true}, Data: data, Extra: extra})
}

// writeError answers an error in the envelope; data may be nil or a map of
// field errors.
func writeError(w http.ResponseWriter, code int, userMsg, devMsg string, data any) {
	writeJSON(w, code, envelope{
		Status: status{Code: code, UserMessage: userMsg, DeveloperMessage: devMsg},
		Data:   data,
		Extra:  map[string]any{},
	})
}

// writeUnauthorized answers 401 with the API's body for a bad or dead token.
func writeUnauthorized(w http.ResponseWriter, msg string) {
	w.Header().Set("WWW-Authenticate", "Token")
	writeJSON(w, http.StatusUnauthorized, authFailure{Status: status{Code: http.StatusUnauthorized, UserMessage: msg}})
}

// invalid answers 400 for a request body that fails validation.
func invalid(w http.ResponseWriter, field, problem string) {
	writeError(w, http.StatusBadRequest,
		"The request was invalid. Please double check the provided data and try again.",
		field+": "+problem, map[string][]string{field: {problem}})
}
