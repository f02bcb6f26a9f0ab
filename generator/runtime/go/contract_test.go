package core

// The shared runtime contract (tests/runtime/contracts/*.json in apigen), run against the Go
// core: the same tables the Python and TypeScript runtimes answer. APIGEN_CONTRACTS names the
// folder (default: the repository's).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func contract(t *testing.T, name string, into any) {
	t.Helper()
	dir := os.Getenv("APIGEN_CONTRACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "tests", "runtime", "contracts")
	}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatalf("contract %s: %v", name, err)
	}
	if err := json.Unmarshal(data, into); err != nil {
		t.Fatalf("contract %s: %v", name, err)
	}
}

func TestRetryDecision(t *testing.T) {
	type policy struct {
		MaxAttempts        *int     `json:"max_attempts"`
		Backoff            *float64 `json:"backoff"`
		MaxBackoff         *float64 `json:"max_backoff"`
		RetryNonIdempotent *bool    `json:"retry_non_idempotent"`
	}
	var table struct {
		Policy policy
		Cases  []struct {
			Note       string
			Method     string
			Status     *int
			Attempt    int
			RetryAfter *string `json:"retry_after"`
			ReadOnly   bool    `json:"read_only"`
			Policy     policy
			Expect     *float64
		}
	}
	contract(t, "retry.json", &table)
	if len(table.Cases) < 30 {
		t.Fatalf("only %d retry cases", len(table.Cases))
	}
	for _, c := range table.Cases {
		p := retryPolicy{*table.Policy.MaxAttempts, *table.Policy.Backoff, *table.Policy.MaxBackoff, *table.Policy.RetryNonIdempotent}
		if c.Policy.MaxAttempts != nil {
			p.maxAttempts = *c.Policy.MaxAttempts
		}
		if c.Policy.MaxBackoff != nil {
			p.maxBackoff = *c.Policy.MaxBackoff
		}
		if c.Policy.RetryNonIdempotent != nil {
			p.retryNonIdempotent = *c.Policy.RetryNonIdempotent
		}
		status, advice := 0, ""
		if c.Status != nil {
			status = *c.Status
		}
		if c.RetryAfter != nil {
			advice = *c.RetryAfter
		}
		wait, again := nextDelay(p, c.Attempt, c.Method, status, advice, c.ReadOnly)
		if c.Expect == nil && again || c.Expect != nil && (!again || wait != *c.Expect) {
			t.Errorf("%s: got (%v, %v), want %v", c.Note, wait, again, c.Expect)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	var table struct {
		Now   float64
		Cases []struct {
			Value  *string
			Expect *float64
		}
	}
	contract(t, "retry_after.json", &table)
	for _, c := range table.Cases {
		value := ""
		if c.Value != nil {
			value = *c.Value
		}
		seconds, ok := retryAfterSeconds(value, table.Now)
		if c.Expect == nil && ok || c.Expect != nil && (!ok || seconds != *c.Expect) {
			t.Errorf("%q: got (%v, %v), want %v", value, seconds, ok, c.Expect)
		}
	}
}

func TestPathEncoding(t *testing.T) {
	var table struct {
		Cases []struct {
			Path    string
			Params  map[string]any
			Expect  string
			Refused string
		}
	}
	contract(t, "encoding.json", &table)
	for _, c := range table.Cases {
		params := map[string]string{}
		for k, v := range c.Params {
			params[k] = text(v)
		}
		got, err := buildPath(c.Path, params)
		var refused *InvalidPathParameterError
		switch {
		case c.Refused != "":
			if !errors.As(err, &refused) || refused.Parameter != c.Refused || !errors.Is(err, ErrInvalidArgument) {
				t.Errorf("%s %v: want %s refused, got %q, %v", c.Path, c.Params, c.Refused, got, err)
			}
		case err != nil || got != c.Expect:
			t.Errorf("%s %v: got %q, %v; want %q", c.Path, c.Params, got, err, c.Expect)
		}
	}
}

func TestErrorClasses(t *testing.T) {
	var table struct {
		Cases []struct {
			Status            int
			Error             string
			Body              any
			Detail            []ValidationIssue
			RetryAfter        string   `json:"retry_after"`
			RetryAfterSeconds *float64 `json:"retry_after_seconds"`
		}
	}
	contract(t, "errors.json", &table)
	classes := map[string]error{
		"ApiError": ErrClient, "AuthenticationError": ErrAuthentication, "NotFoundError": ErrNotFound,
		"ConflictError": ErrConflict, "UnprocessableEntityError": ErrUnprocessableEntity,
		"RateLimitError": ErrRateLimit, "ServerError": ErrServer,
	}
	all := []error{ErrAuthentication, ErrNotFound, ErrConflict, ErrUnprocessableEntity, ErrRateLimit, ErrServer}
	for _, c := range table.Cases {
		body, _ := json.Marshal(c.Body)
		var err error = errorFor(c.Status, "GET", "https://x.test/v", body, c.RetryAfter)
		want, ok := classes[c.Error]
		if !ok {
			t.Fatalf("no Go class for %s", c.Error)
		}
		var found *Error
		if !errors.As(err, &found) || found.Status != c.Status || !errors.Is(err, want) {
			t.Errorf("%d: want %s, got %v", c.Status, c.Error, err)
		}
		for _, other := range all {
			if other != want && errors.Is(err, other) {
				t.Errorf("%d: also %v", c.Status, other)
			}
		}
		if c.Status < 500 && !errors.Is(err, ErrClient) {
			t.Errorf("%d: not an ErrClient", c.Status)
		}
		if c.Detail != nil {
			if len(found.Detail) != len(c.Detail) || found.Detail[0].Msg != c.Detail[0].Msg || fmt.Sprint(found.Detail[0].Loc) != fmt.Sprint(c.Detail[0].Loc) {
				t.Errorf("%d: detail %v, want %v", c.Status, found.Detail, c.Detail)
			}
		}
		if c.RetryAfterSeconds != nil && found.RetryAfter != *c.RetryAfterSeconds {
			t.Errorf("%d: retry after %v, want %v", c.Status, found.RetryAfter, *c.RetryAfterSeconds)
		}
	}
}

func testSettings(url string) *settings {
	return &settings{
		regions: map[Region]string{"local": url}, defaultRegion: "local", apiKeyEnv: "APIGEN_NO_SUCH_VARIABLE",
		userAgent: "contract", pathVariables: map[string]string{}, auth: &authSettings{"bearer", "header", "Authorization"},
	}
}

func TestSecrecy(t *testing.T) {
	var table struct {
		Key   string
		Cases []struct{ Status int }
	}
	contract(t, "secrecy.json", &table)
	for _, c := range table.Cases {
		server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(c.Status)
			fmt.Fprintf(w, `{"message": "failed", "url": %q}`, r.URL.String())
		}))
		core, err := newCore(testSettings(server.URL), []Option{WithAPIKey(table.Key), WithMaxRetries(0)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = core.do(context.Background(), &request{method: "GET", path: "/x"}, nil)
		server.Close()
		shown := []string{fmt.Sprint(core), fmt.Sprintf("%+v", core), fmt.Sprintf("%#v", core), fmt.Sprintf("%+v", *core)}
		if err == nil {
			t.Errorf("%d: no error", c.Status)
		} else {
			data, _ := json.Marshal(err)
			shown = append(shown, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), string(data))
		}
		for _, text := range shown {
			if strings.Contains(text, table.Key) {
				t.Errorf("%d: the key shows in %q", c.Status, text)
			}
		}
	}
}

func TestAuth(t *testing.T) {
	var table struct {
		Cases []struct {
			Note        string
			Auth        *struct{ Kind, In, Name string }
			Schemes     map[string]struct{ Kind, In, Name string }
			Scheme      string
			Key         string
			Keys        map[string]string
			Credentials *bool
			Headers     map[string]string
			Query       map[string]string
			Cookie      *string
		}
	}
	contract(t, "auth.json", &table)
	for _, c := range table.Cases {
		var seen *http.Request
		server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seen = r
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, "{}")
		}))
		s := testSettings(server.URL)
		s.auth = nil
		if c.Auth != nil {
			s.auth = &authSettings{c.Auth.Kind, c.Auth.In, c.Auth.Name}
		}
		s.schemes = map[string]authSettings{}
		for name, scheme := range c.Schemes {
			s.schemes[name] = authSettings{scheme.Kind, scheme.In, scheme.Name}
		}
		opts := []Option{}
		if c.Key != "" {
			opts = append(opts, WithAPIKey(c.Key))
		}
		if c.Keys != nil {
			opts = append(opts, WithAPIKeys(c.Keys))
		}
		core, err := newCore(s, opts, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.Note, err)
		}
		r := &request{method: "GET", path: "/x", scheme: c.Scheme, public: c.Credentials != nil && !*c.Credentials}
		r.addQuery("a", "1")
		if _, err := core.do(context.Background(), r, nil); err != nil {
			t.Fatalf("%s: %v", c.Note, err)
		}
		server.Close()
		headers := map[string]string{}
		for _, name := range []string{"authorization", "x-api-key"} {
			if value := seen.Header.Get(name); value != "" {
				headers[name] = value
			}
		}
		query := map[string]string{}
		for k, v := range seen.URL.Query() {
			query[k] = v[0]
		}
		cookie := seen.Header.Get("Cookie")
		if fmt.Sprint(headers) != fmt.Sprint(c.Headers) || fmt.Sprint(query) != fmt.Sprint(c.Query) ||
			(c.Cookie == nil) != (cookie == "") || c.Cookie != nil && *c.Cookie != cookie {
			t.Errorf("%s: headers %v query %v cookie %q", c.Note, headers, query, cookie)
		}
	}
	s := testSettings("http://127.0.0.1:9")
	s.schemes = map[string]authSettings{"token": {"apikey", "query", "t"}}
	if _, err := newCore(s, []Option{WithAPIKey("k"), WithAPIKeys(map[string]string{"tokn": "x"})}, nil); err == nil || !strings.Contains(err.Error(), `"tokn"`) {
		t.Errorf("an unknown scheme: %v", err)
	}
}

func TestScopeAskedOnce(t *testing.T) {
	var table struct {
		ScopePath string `json:"scope_path"`
		Scope     map[string]string
		Calls     int
		Requests  int64
		Expect    map[string]string
	}
	contract(t, "scope.json", &table)
	var asked atomic.Int64
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == table.ScopePath {
			asked.Add(1)
		}
		time.Sleep(20 * time.Millisecond) // slow enough to overlap
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(table.Scope)
	}))
	defer server.Close()
	s := testSettings(server.URL)
	s.scopePath = table.ScopePath
	core, err := newCore(s, []Option{WithAPIKey("k")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	found := make([]string, 2*table.Calls)
	for i := range table.Calls {
		for j, role := range []string{"project", "environment"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				value, err := core.resolve(context.Background(), role)
				if err != nil {
					t.Error(err)
				}
				found[2*i+j] = value
			}()
		}
	}
	wg.Wait()
	if asked.Load() != table.Requests {
		t.Errorf("%d scope requests, want %d", asked.Load(), table.Requests)
	}
	for i, value := range found {
		want := table.Expect[[]string{"project", "environment"}[i%2]]
		if value != want {
			t.Errorf("call %d: %q, want %q", i, value, want)
		}
	}
}
