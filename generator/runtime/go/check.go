package core

import (
	"encoding/json"
	"fmt"
	"strings"
)

// CheckRequest is one check of BulkCheck: the arguments Check takes.
type CheckRequest struct {
	// User is a user key (a string) or a user object with a non-empty "key".
	User any
	// Action is what the user would do, e.g. "read".
	Action string
	// Resource is "type", "type:key" or a resource object with a non-empty "type".
	Resource any
	// Context is passed to the decision as is (nil: none).
	Context map[string]any
}

// asObject is a value as a JSON object (a struct or a map), or nil.
func asObject(value any) map[string]any {
	data, err := json.Marshal(value)
	if err != nil {
		return nil
	}
	var out map[string]any
	if json.Unmarshal(data, &out) != nil {
		return nil
	}
	return out
}

// checkQuery is one decision's query; bad input is an ErrInvalidArgument (nothing is sent).
func checkQuery(query CheckRequest, defaultTenant string) (map[string]any, error) {
	var who map[string]any
	if key, ok := query.User.(string); ok {
		who = map[string]any{"key": key}
	} else if query.User != nil {
		who = asObject(query.User)
	}
	if key, ok := who["key"].(string); !ok || key == "" {
		return nil, invalid("check: the user is a key or an object with a non-empty string 'key'")
	}
	if query.Action == "" {
		return nil, invalid("check: the action is a non-empty string")
	}
	var what map[string]any
	if text, ok := query.Resource.(string); ok {
		parts := strings.Split(text, ":")
		if len(parts) > 2 || parts[0] == "" || len(parts) == 2 && parts[1] == "" {
			return nil, invalid("check: %q is not a resource 'type' or 'type:key'", text)
		}
		what = map[string]any{"type": parts[0]}
		if len(parts) == 2 {
			what["key"] = parts[1]
		}
	} else if query.Resource != nil {
		what = asObject(query.Resource)
	}
	if kind, ok := what["type"].(string); !ok || kind == "" {
		return nil, invalid("check: the resource is 'type[:key]' or an object with a string 'type'")
	}
	if tenant, _ := what["tenant"].(string); defaultTenant != "" && tenant == "" {
		what["tenant"] = defaultTenant
	}
	context := query.Context
	if context == nil {
		context = map[string]any{}
	}
	return map[string]any{"user": who, "action": query.Action, "resource": what, "context": context}, nil
}

// decision is a decision answer's `allow` (absent: false, the spec's default).
func decision(answer json.RawMessage, status int, method, url string) (bool, error) {
	var fields map[string]json.RawMessage
	if json.Unmarshal(answer, &fields) != nil || fields == nil {
		return false, unexpected(status, method, url, answer, "not a decision object")
	}
	raw, ok := fields["allow"]
	if !ok {
		return false, nil
	}
	var allow bool
	if json.Unmarshal(raw, &allow) != nil {
		return false, unexpected(status, method, url, answer, "'allow' is not a boolean")
	}
	return allow, nil
}

// decisions is a bulk decision answer ({"allow": [decision, ...]}, one per query, in order).
func decisions(answer json.RawMessage, status int, method, url string, count int) ([]bool, error) {
	var fields struct {
		Allow []json.RawMessage `json:"allow"`
	}
	if json.Unmarshal(answer, &fields) != nil || len(fields.Allow) != count {
		return nil, unexpected(status, method, url, answer, fmt.Sprintf("not a list of %d decision(s)", count))
	}
	out := make([]bool, count)
	for i, item := range fields.Allow {
		allow, err := decision(item, status, method, url)
		if err != nil {
			return nil, err
		}
		out[i] = allow
	}
	return out, nil
}
