package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Error classes, for errors.Is: every *Error unwraps to the class of its status (and, for a
// 4xx, to ErrClient too), a failure without an answer to ErrNetwork.
var (
	ErrClient              = errors.New("client error (4xx)")
	ErrAuthentication      = errors.New("authentication failed (401 or 403)")
	ErrNotFound            = errors.New("not found (404)")
	ErrConflict            = errors.New("conflict (409)")
	ErrUnprocessableEntity = errors.New("unprocessable entity (422)")
	ErrRateLimit           = errors.New("rate limited (429)")
	ErrServer              = errors.New("server error (5xx)")
	ErrNetwork             = errors.New("no usable answer (network, timeout or deadline)")
	ErrUnexpectedResponse  = errors.New("unexpected answer")
	ErrResponseTooLarge    = errors.New("answer too large")
	ErrInvalidArgument     = errors.New("invalid argument")
	errorClassByStatus     = map[int]error{401: ErrAuthentication, 403: ErrAuthentication, 404: ErrNotFound, 409: ErrConflict, 422: ErrUnprocessableEntity, 429: ErrRateLimit}
)

// ValidationIssue is one problem a 422 answer's `detail` lists.
type ValidationIssue struct {
	Loc  []any  `json:"loc"`
	Msg  string `json:"msg"`
	Type string `json:"type"`
}

// Error is every failure of a call that was sent: an error answer (Status its HTTP status), or
// no usable answer (Status 0: the connection failed, an attempt timed out, the deadline
// passed). Use errors.As to read it and errors.Is with the Err* classes to branch on it. It
// never holds the API key.
type Error struct {
	Status int
	Method string
	// URL is the request's URL without its query.
	URL string
	// Body is the answer's body as received (JSON, or text), at most 2,000 bytes of a
	// non-JSON one.
	Body []byte
	// ErrorCode and Title are the answer's own `error_code` and `title` fields, when it has them.
	ErrorCode string
	Title     string
	// Detail lists a 422 answer's validation problems.
	Detail []ValidationIssue
	// RetryAfter is a 429 answer's advice in seconds (-1: none).
	RetryAfter float64
	// Reason says why an answer was unusable (network failures, unexpected answers).
	Reason string
	class  error
	text   string
}

func (e *Error) Error() string { return e.text }

// Unwrap gives the error's classes (errors.Is(err, ErrNotFound)).
func (e *Error) Unwrap() []error {
	if e.Status >= 400 && e.Status < 500 && e.class != ErrClient {
		return []error{e.class, ErrClient}
	}
	return []error{e.class}
}

func summarize(body []byte) string {
	var found map[string]any
	if json.Unmarshal(body, &found) == nil {
		for _, key := range []string{"message", "detail", "title", "error"} {
			switch value := found[key].(type) {
			case string:
				return cut(value, 300)
			case []any:
				if len(value) > 0 {
					if first, ok := value[0].(map[string]any); ok {
						return cut(fmt.Sprint(first["msg"]), 300)
					}
				}
			}
		}
		return ""
	}
	var text string
	if json.Unmarshal(body, &text) == nil {
		return cut(text, 300)
	}
	return ""
}

func cut(text string, limit int) string {
	if len(text) <= limit {
		return text
	}
	return text[:limit]
}

// errorFor is the error of an error answer (status >= 400).
func errorFor(status int, method, url string, body []byte, retryAfter string) *Error {
	class, ok := errorClassByStatus[status]
	if !ok {
		class = ErrClient
		if status >= 500 {
			class = ErrServer
		}
	}
	e := &Error{Status: status, Method: method, URL: url, Body: body, RetryAfter: -1, class: class}
	var fields struct {
		ErrorCode any `json:"error_code"`
		Title     any `json:"title"`
		Detail    any `json:"detail"`
	}
	if json.Unmarshal(body, &fields) == nil {
		e.ErrorCode, _ = fields.ErrorCode.(string)
		e.Title, _ = fields.Title.(string)
		if status == 422 {
			items, _ := fields.Detail.([]any)
			for _, item := range items {
				found, ok := item.(map[string]any)
				if !ok {
					continue
				}
				issue := ValidationIssue{Loc: []any{}}
				loc, _ := found["loc"].([]any)
				for _, part := range loc {
					switch part.(type) {
					case string, float64:
						issue.Loc = append(issue.Loc, part)
					}
				}
				issue.Msg, _ = found["msg"].(string)
				issue.Type, _ = found["type"].(string)
				e.Detail = append(e.Detail, issue)
			}
		}
	}
	if status == 429 {
		if seconds, ok := retryAfterSeconds(retryAfter, nowSeconds()); ok {
			e.RetryAfter = seconds
		}
	}
	e.text = fmt.Sprintf("%s %s failed with HTTP %d", method, url, status)
	if summary := summarize(body); summary != "" {
		e.text += ": " + summary
	}
	return e
}

func networkError(method, url, reason string) *Error {
	return &Error{Method: method, URL: url, RetryAfter: -1, Reason: reason, class: ErrNetwork,
		text: fmt.Sprintf("%s %s: %s", method, url, reason)}
}

func unexpected(status int, method, url string, body []byte, reason string) *Error {
	return &Error{Status: status, Method: method, URL: url, Body: clip(body), RetryAfter: -1,
		Reason: reason, class: ErrUnexpectedResponse,
		text: fmt.Sprintf("%s %s: HTTP %d answer: %s", method, url, status, reason)}
}

func clip(body []byte) []byte {
	if len(body) > 2000 {
		return body[:2000]
	}
	return body
}

// InvalidPathParameterError refuses a path parameter that would address another endpoint
// ("", "." or ".."): returned before anything is sent.
type InvalidPathParameterError struct {
	Parameter string
	Value     string
}

func (e *InvalidPathParameterError) Error() string {
	shown := strconv.Quote(e.Value)
	if e.Value == "" {
		shown = "an empty string"
	}
	return fmt.Sprintf("path parameter %q cannot be %s: it would address another endpoint", e.Parameter, shown)
}

// Unwrap makes it an ErrInvalidArgument.
func (e *InvalidPathParameterError) Unwrap() error { return ErrInvalidArgument }

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidArgument}, args...)...)
}

// pathSegment is one path parameter, percent-encoded; "", "." and ".." refused.
func pathSegment(name, value string) (string, error) {
	if value == "" || value == "." || value == ".." {
		return "", &InvalidPathParameterError{Parameter: name, Value: value}
	}
	return encode(value), nil
}

// encode is RFC 3986 percent-encoding of everything but A-Z a-z 0-9 - _ . ~.
func encode(value string) string {
	var out strings.Builder
	for i := 0; i < len(value); i++ {
		c := value[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			out.WriteByte(c)
		} else {
			fmt.Fprintf(&out, "%%%02X", c)
		}
	}
	return out.String()
}
