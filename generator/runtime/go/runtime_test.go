package core

// The Go core's own behaviour beyond the shared tables: pages, checks, nullable fields,
// redirects, retries of writes, and extra object fields.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func collect[T any](seq func(yield func(T, error) bool)) ([]T, error) {
	var out []T
	for item, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, item)
	}
	return out, nil
}

func TestPagesStopRules(t *testing.T) {
	served := func(book [][]int, counts ...bool) func(context.Context, int64) (page[int], error) {
		return func(_ context.Context, n int64) (page[int], error) {
			if int(n) > len(book) {
				return page[int]{}, nil
			}
			last := len(counts) >= int(n) && counts[n-1]
			return page[int]{items: book[n-1], last: last}, nil
		}
	}
	two := int64(2)
	cases := []struct {
		name  string
		fetch func(context.Context, int64) (page[int], error)
		per   *int64
		max   int
		want  string
	}{
		{"empty page ends", served([][]int{{1, 2}, {3, 4}, {}}), nil, 0, "[1 2 3 4]"},
		{"short page ends", served([][]int{{1, 2}, {3}, {9, 9}}), &two, 0, "[1 2 3]"},
		{"repeated page ends", served([][]int{{1, 2}, {1, 2}, {1, 2}}), nil, 0, "[1 2]"},
		{"page count ends", served([][]int{{1, 2}, {3, 4}, {5, 6}}, false, true), nil, 0, "[1 2 3 4]"},
		{"max pages ends", served([][]int{{1, 2}, {3, 4}, {5, 6}}), nil, 2, "[1 2 3 4]"},
	}
	for _, c := range cases {
		got, err := collect(pages(context.Background(), c.max, c.per, c.fetch))
		if err != nil || fmt.Sprint(got) != c.want {
			t.Errorf("%s: %v %v, want %s", c.name, got, err, c.want)
		}
	}
	failing := func(_ context.Context, n int64) (page[int], error) {
		if n == 2 {
			return page[int]{}, errors.New("boom")
		}
		return page[int]{items: []int{1}}, nil
	}
	got, err := collect(pages(context.Background(), 0, nil, failing))
	if err == nil || fmt.Sprint(got) != "[1]" {
		t.Errorf("an error ends the pages: %v %v", got, err)
	}
	count := 0
	for range pages(context.Background(), 0, nil, served([][]int{{1, 2}, {3}})) {
		count++
		break
	}
	if count != 1 {
		t.Errorf("break stops the iteration")
	}
}

func TestCheckQuery(t *testing.T) {
	type user struct {
		Key   string `json:"key"`
		Email string `json:"email,omitempty"`
	}
	query, err := checkQuery(CheckRequest{User: user{Key: "u"}, Action: "read", Resource: "doc:1"}, "default")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(query)
	if string(data) != `{"action":"read","context":{},"resource":{"key":"1","tenant":"default","type":"doc"},"user":{"key":"u"}}` {
		t.Errorf("query %s", data)
	}
	for _, bad := range []CheckRequest{
		{User: "", Action: "read", Resource: "doc"},
		{User: map[string]any{"key": 1}, Action: "read", Resource: "doc"},
		{User: "u", Action: "", Resource: "doc"},
		{User: "u", Action: "read", Resource: "a:b:c"},
		{User: "u", Action: "read", Resource: "doc:"},
		{User: "u", Action: "read", Resource: map[string]any{"key": "x"}},
		{User: "u", Action: "read"},
	} {
		if _, err := checkQuery(bad, ""); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	allow, err := decisions(json.RawMessage(`{"allow":[{"allow":true},{}]}`), 200, "POST", "/u", 2)
	if err != nil || fmt.Sprint(allow) != "[true false]" {
		t.Errorf("decisions %v %v", allow, err)
	}
	for _, bad := range []string{`[]`, `{"allow":"yes"}`} {
		if _, err := decision(json.RawMessage(bad), 200, "POST", "/a"); !errors.Is(err, ErrUnexpectedResponse) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	if _, err := decisions(json.RawMessage(`{"allow":[{"allow":true}]}`), 200, "POST", "/u", 2); !errors.Is(err, ErrUnexpectedResponse) {
		t.Errorf("a short bulk answer: %v", err)
	}
}

func TestNullableAndExtra(t *testing.T) {
	type body struct {
		A Nullable[string] `json:"a,omitzero"`
		B Nullable[int]    `json:"b,omitzero"`
		C Nullable[int]    `json:"c,omitzero"`
		D *string          `json:"d,omitzero"`
		E []int            `json:"e,omitzero"`
	}
	data, _ := json.Marshal(body{B: Null[int](), C: Value(3), D: Ptr("x"), E: []int{}})
	if string(data) != `{"b":null,"c":3,"d":"x","e":[]}` {
		t.Errorf("marshal %s", data)
	}
	var back body
	if err := json.Unmarshal([]byte(`{"b":null,"c":4}`), &back); err != nil || back.A.IsSet() || !back.B.IsNull() {
		t.Errorf("unmarshal %+v %v", back, err)
	}
	if v, ok := back.C.Get(); !ok || v != 4 || back.C.IsZero() {
		t.Errorf("value %v %v", v, ok)
	}
	known := map[string]bool{"a": true}
	extra, err := unmarshalExtra([]byte(`{"a":1,"z":[true]}`), known)
	if err != nil || string(extra["z"]) != "[true]" || len(extra) != 1 {
		t.Errorf("extra %v %v", extra, err)
	}
	data, err = marshalExtra(map[string]int{"a": 1}, map[string]json.RawMessage{"a": json.RawMessage("2"), "z": json.RawMessage("3")})
	if err != nil || string(data) != `{"a":1,"z":3}` {
		t.Errorf("marshal extra %s %v", data, err)
	}
	var strict struct{ A int }
	if decodeStrict([]byte(`{"A":1,"B":2}`), &strict) || !decodeStrict([]byte(`{"A":1}`), &strict) {
		t.Errorf("decodeStrict")
	}
	if v, ok := discriminatorValue([]byte(`{"kind":"x"}`), "kind"); !ok || v != "x" {
		t.Errorf("discriminator %q", v)
	}
	if jsonKind([]byte(" [1]")) != "array" || jsonKind([]byte("1.5")) != "number" || isInteger([]byte("1.5")) || !isInteger([]byte("15")) {
		t.Errorf("kinds")
	}
	if strings.Join(texts([]any{1, 1.5, true, "a", Ptr(2), map[string]int{"k": 1}}), ",") != `1,1.5,true,a,2,{"k":1}` {
		t.Errorf("texts %v", texts([]any{1, 1.5, true, "a"}))
	}
}

func TestWritesAndRedirects(t *testing.T) {
	var hits atomic.Int64
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "http://127.0.0.1:1/elsewhere", http.StatusFound)
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer server.Close()
	core, err := newCore(testSettings(server.URL), []Option{WithAPIKey("k"), WithBackoff(time.Millisecond, time.Millisecond)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = core.do(context.Background(), &request{method: "POST", path: "/w", body: map[string]int{}, hasBody: true}, nil)
	if !errors.Is(err, ErrServer) || hits.Load() != 1 {
		t.Errorf("POST 503: %v after %d requests", err, hits.Load())
	}
	hits.Store(0)
	_, err = core.do(context.Background(), &request{method: "GET", path: "/r"}, nil)
	if !errors.Is(err, ErrServer) || hits.Load() != 3 {
		t.Errorf("GET 503: %v after %d requests", err, hits.Load())
	}
	hits.Store(0)
	_, err = core.do(context.Background(), &request{method: "POST", path: "/r", readOnly: true}, nil)
	if hits.Load() != 3 {
		t.Errorf("read-only POST 503: %v after %d requests", err, hits.Load())
	}
	hits.Store(0)
	_, err = core.do(context.Background(), &request{method: "GET", path: "/moved"}, nil)
	if !errors.Is(err, ErrUnexpectedResponse) || hits.Load() != 1 {
		t.Errorf("a redirect: %v after %d requests", err, hits.Load())
	}
	copied, err := core.with([]Option{WithMaxRetries(0)})
	if err != nil || copied.scope != core.scope || copied.retry.maxAttempts != 1 {
		t.Errorf("with: %v", err)
	}
	hits.Store(0)
	_, err = core.do(context.Background(), &request{method: "GET", path: "/{id}", pathParams: map[string]string{"id": ".."}}, nil)
	var refused *InvalidPathParameterError
	if !errors.As(err, &refused) || hits.Load() != 0 {
		t.Errorf("'..': %v after %d requests", err, hits.Load())
	}
}

func TestDeadline(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
	}))
	defer server.Close()
	core, err := newCore(testSettings(server.URL), []Option{WithAPIKey("k"), WithDeadline(100 * time.Millisecond)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	started := time.Now()
	_, err = core.do(context.Background(), &request{method: "GET", path: "/slow"}, nil)
	if !errors.Is(err, ErrNetwork) || time.Since(started) > 250*time.Millisecond {
		t.Errorf("deadline: %v after %s", err, time.Since(started))
	}
}
