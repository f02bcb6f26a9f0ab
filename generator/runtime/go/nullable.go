package core

//lint:file-ignore U1000 the runtime serves every generated client: an API uses the parts it needs

import (
	"bytes"
	"encoding/json"
)

// Nullable is a field the schema lets be null, in three states: unset (the zero value: not
// sent), null (Null) and a value (Value). An optional field of another type is a pointer.
type Nullable[T any] struct {
	value T
	state uint8 // 0 unset, 1 null, 2 a value
}

// Null is a Nullable sent as JSON null.
func Null[T any]() Nullable[T] { return Nullable[T]{state: 1} }

// Value is a Nullable holding v.
func Value[T any](v T) Nullable[T] { return Nullable[T]{value: v, state: 2} }

// Get returns the value and whether there is one (false when unset or null).
func (n Nullable[T]) Get() (T, bool) { return n.value, n.state == 2 }

// IsNull reports whether it is null.
func (n Nullable[T]) IsNull() bool { return n.state == 1 }

// IsSet reports whether it is null or a value.
func (n Nullable[T]) IsSet() bool { return n.state != 0 }

// IsZero reports whether it is unset (encoding/json's omitzero leaves it out).
func (n Nullable[T]) IsZero() bool { return n.state == 0 }

// MarshalJSON writes null, or the value.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.state != 2 {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON reads null, or a value.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		*n = Nullable[T]{state: 1}
		return nil
	}
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*n = Nullable[T]{value: v, state: 2}
	return nil
}

// Ptr returns a pointer to v, for an optional field or parameter: Ptr("admin").
func Ptr[T any](v T) *T { return &v }

// decodeStrict decodes data into v refusing unknown fields: how a union without a
// discriminator tells its object variants apart.
func decodeStrict(data []byte, v any) bool {
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.DisallowUnknownFields()
	if decoder.Decode(v) != nil {
		return false
	}
	_, err := decoder.Token()
	return err != nil // nothing after the value
}

// jsonKind is the kind of a JSON value: object, array, string, number, boolean or null.
func jsonKind(data []byte) string {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return ""
	}
	switch trimmed[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// isInteger reports whether a JSON number has no fraction or exponent.
func isInteger(data []byte) bool {
	return !bytes.ContainsAny(bytes.TrimSpace(data), ".eE")
}

// discriminatorValue is an object's string property `name`, if it has one.
func discriminatorValue(data []byte, name string) (string, bool) {
	var fields map[string]json.RawMessage
	if json.Unmarshal(data, &fields) != nil {
		return "", false
	}
	var value string
	if raw, ok := fields[name]; ok && json.Unmarshal(raw, &value) == nil {
		return value, true
	}
	return "", false
}

// marshalExtra writes an object's known fields (`known`, marshalled) and the extra ones beside
// them (a schema's additionalProperties), the known ones winning.
func marshalExtra(known any, extra map[string]json.RawMessage) ([]byte, error) {
	data, err := json.Marshal(known)
	if err != nil || len(extra) == 0 {
		return data, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return nil, err
	}
	for key, value := range extra {
		if _, ok := fields[key]; !ok {
			fields[key] = value
		}
	}
	return json.Marshal(fields)
}

// unmarshalExtra returns an object's fields not named in `known` (nil when none).
func unmarshalExtra(data []byte, known map[string]bool) (map[string]json.RawMessage, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return nil, err
	}
	var extra map[string]json.RawMessage
	for key, value := range fields {
		if !known[key] {
			if extra == nil {
				extra = map[string]json.RawMessage{}
			}
			extra[key] = value
		}
	}
	return extra, nil
}
