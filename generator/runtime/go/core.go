// Package core is the runtime of apigen's generated Go clients: auth, retries, errors, the
// key's scope, pages and checks. apigen copies it into each generated module (renaming the
// package); the per-API values arrive as a settings value from the generated code. Standard
// library only.
package core

//lint:file-ignore U1000 the runtime serves every generated client: an API uses the parts it needs

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// authSettings is a security scheme as the client sends it: kind bearer, basic (the key is
// user:password) or apikey, in a header, the query or a cookie of that name.
type authSettings struct {
	kind, in, name string
}

// settings are the per-API values the generated code passes in.
type settings struct {
	regions       map[Region]string
	defaultRegion Region
	apiKeyEnv     string
	apiURLEnv     string
	userAgent     string
	pathVariables map[string]string // role -> its path parameter, for error messages
	scopePath     string            // answers the key's { project_id, environment_id }; "" none
	auth          *authSettings     // nil: the API takes no credentials
	schemes       map[string]authSettings
}

const maxResponseBytes = 50 << 20

// placed is where a scheme puts a key; built once, read on every request.
type placed struct {
	headers map[string]string
	query   [][2]string
	cookie  string
}

func place(auth *authSettings, key string) placed {
	out := placed{headers: map[string]string{}}
	if auth == nil || key == "" {
		return out
	}
	switch {
	case auth.kind == "apikey" && auth.in == "query":
		out.query = [][2]string{{auth.name, key}}
	case auth.kind == "apikey" && auth.in == "cookie":
		out.cookie = auth.name + "=" + encode(key)
	case auth.kind == "bearer":
		out.headers["Authorization"] = "Bearer " + key
	case auth.kind == "basic":
		out.headers["Authorization"] = "Basic " + base64.StdEncoding.EncodeToString([]byte(key))
	default:
		out.headers[auth.name] = key
	}
	return out
}

// credentials holds the key where the schemes put it, and the headers of a request that adds
// none of its own (built once). A function, so that no formatting of the client (fmt's %v,
// %+v, %#v) can print it.
type credentials func() (placed, map[string]placed, http.Header)

// scopeCache is the key's own project and environment, asked once per client (and its copies)
// however many calls ask at the same time; a failed lookup is asked again by the next call.
type scopeCache struct {
	mu      sync.Mutex
	value   map[string]any
	pending *scopeCall
}

type scopeCall struct {
	done  chan struct{}
	value map[string]any
	err   error
}

type core struct {
	baseURL     string
	settings    *settings
	retry       retryPolicy
	http        *http.Client
	credentials credentials
	timeout     time.Duration
	deadline    time.Duration
	maxBytes    int64
	maxPages    int
	project     string
	environment string
	scope       *scopeCache
	options     []Option
}

func newCore(s *settings, opts []Option, scope *scopeCache) (*core, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.apiKey != nil && *o.apiKey != "" && s.auth == nil && len(s.schemes) == 0 {
		return nil, errors.New("WithAPIKey: this API's spec declares no security scheme, so the key would not be sent; regenerate the client with add_security in apigen.toml (or --auth)")
	}
	key := os.Getenv(s.apiKeyEnv)
	if o.apiKey != nil {
		key = *o.apiKey
	}
	if key == "" && s.auth != nil {
		return nil, fmt.Errorf("no API key: use WithAPIKey or set %s", s.apiKeyEnv)
	}
	if err := sendable(key, "the API key"); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(o.apiKeys))
	for name := range o.apiKeys {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, ok := s.schemes[name]; !ok {
			known := make([]string, 0, len(s.schemes))
			for k := range s.schemes {
				known = append(known, k)
			}
			sort.Strings(known)
			list := strings.Join(known, ", ")
			if list == "" {
				list = "none"
			}
			return nil, fmt.Errorf("WithAPIKeys: no security scheme %q; known: %s", name, list)
		}
		if err := sendable(o.apiKeys[name], fmt.Sprintf("the key of %q", name)); err != nil {
			return nil, err
		}
	}
	base := ""
	switch {
	case o.baseURL != nil:
		base = *o.baseURL
	case o.region == nil && s.apiURLEnv != "" && os.Getenv(s.apiURLEnv) != "":
		base = os.Getenv(s.apiURLEnv)
	default:
		region := s.defaultRegion
		if o.region != nil {
			region = *o.region
		}
		found, ok := s.regions[region]
		if !ok {
			known := make([]string, 0, len(s.regions))
			for k := range s.regions {
				known = append(known, string(k))
			}
			sort.Strings(known)
			return nil, fmt.Errorf("unknown region %q; known: %s", region, strings.Join(known, ", "))
		}
		base = found
	}
	policy := defaultRetry
	if o.maxRetries != nil {
		if *o.maxRetries < 0 {
			return nil, errors.New("WithMaxRetries: a negative number of retries")
		}
		policy.maxAttempts = *o.maxRetries + 1
	}
	if o.backoff > 0 {
		policy.backoff = o.backoff.Seconds()
	}
	if o.maxBackoff > 0 {
		policy.maxBackoff = o.maxBackoff.Seconds()
	}
	if o.retryNonIdempotent != nil {
		policy.retryNonIdempotent = *o.retryNonIdempotent
	}
	client := http.Client{}
	if o.httpClient != nil {
		client = *o.httpClient
	}
	// a redirect is an answer, never followed: the key would go wherever the server sends it
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	own := place(s.auth, key)
	schemes := map[string]placed{}
	for name, scheme := range s.schemes {
		schemeKey := key
		if given := o.apiKeys[name]; given != "" {
			schemeKey = given
		}
		schemes[name] = place(&scheme, schemeKey)
	}
	plain := http.Header{}
	plain.Set("Accept", "application/json")
	plain.Set("User-Agent", s.userAgent)
	for name, value := range own.headers {
		plain.Set(name, value)
	}
	if own.cookie != "" {
		plain.Set("Cookie", own.cookie)
	}
	c := &core{
		baseURL:     strings.TrimRight(base, "/"),
		settings:    s,
		retry:       policy,
		http:        &client,
		credentials: func() (placed, map[string]placed, http.Header) { return own, schemes, plain },
		timeout:     30 * time.Second,
		deadline:    120 * time.Second,
		maxBytes:    maxResponseBytes,
		maxPages:    o.maxPages,
		scope:       scope,
		options:     opts,
	}
	if o.timeout > 0 {
		c.timeout = o.timeout
	}
	if o.deadline > 0 {
		c.deadline = o.deadline
	}
	if o.maxResponseBytes > 0 {
		c.maxBytes = o.maxResponseBytes
	}
	if o.project != nil {
		c.project = *o.project
	}
	if o.environment != nil {
		c.environment = *o.environment
	}
	if c.scope == nil {
		c.scope = &scopeCache{}
	}
	return c, nil
}

// with is a copy with more options, sharing the key's scope.
func (c *core) with(opts []Option) (*core, error) {
	return newCore(c.settings, append(append([]Option{}, c.options...), opts...), c.scope)
}

// sendable refuses a key no header can carry (a line break: often a key read from a file with
// its trailing newline), naming the setting and never the key.
func sendable(key, where string) error {
	for _, r := range key {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("%s holds a line break or another control character, which no request can carry (read from a file? strip its trailing newline)", where)
		}
	}
	return nil
}

// request is one call, as a generated method describes it.
type request struct {
	method     string
	path       string // a template with {name} placeholders
	pathParams map[string]string
	query      [][2]string
	headers    [][2]string
	cookies    [][2]string
	body       any
	hasBody    bool
	expectJSON bool
	readOnly   bool // a POST that only reads: retried like a GET
	public     bool // the operation takes no credentials
	scheme     string
}

func (r *request) addQuery(name string, values ...string) {
	for _, v := range values {
		r.query = append(r.query, [2]string{name, v})
	}
}

// Response is an answer's status and headers, beside the decoded body.
type Response struct {
	Status int
	Header http.Header
}

// text is a parameter's value as it goes into a URL, a header or a cookie.
func text(value any) string {
	v := reflect.ValueOf(value)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'f', -1, 64)
	}
	data, err := json.Marshal(v.Interface())
	if err != nil {
		return fmt.Sprint(v.Interface())
	}
	return string(data)
}

// texts is each item of a list parameter as text.
func texts[T any](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = text(v)
	}
	return out
}

func buildPath(path string, params map[string]string) (string, error) {
	var out strings.Builder
	for {
		start := strings.IndexByte(path, '{')
		if start < 0 {
			out.WriteString(path)
			return out.String(), nil
		}
		end := strings.IndexByte(path[start:], '}')
		if end < 0 {
			out.WriteString(path)
			return out.String(), nil
		}
		name := path[start+1 : start+end]
		segment, err := pathSegment(name, params[name])
		if err != nil {
			return "", err
		}
		out.WriteString(path[:start])
		out.WriteString(segment)
		path = path[start+end+1:]
	}
}

func buildQuery(pairs [][2]string) string {
	parts := make([]string, 0, len(pairs))
	for _, pair := range pairs {
		parts = append(parts, encode(pair[0])+"="+encode(pair[1]))
	}
	if len(parts) == 0 {
		return ""
	}
	return "?" + strings.Join(parts, "&")
}

// do sends a request (again, as the retry policy allows) and decodes a success answer's JSON
// body into out (nil: not decoded).
func (c *core) do(ctx context.Context, r *request, out any) (*Response, error) {
	method := strings.ToUpper(r.method)
	own, schemes, plain := c.credentials()
	keyed := own
	if r.scheme != "" {
		found, ok := schemes[r.scheme]
		if !ok {
			return nil, fmt.Errorf("no security scheme %s", r.scheme)
		}
		keyed = found
	}
	path, err := buildPath(r.path, r.pathParams)
	if err != nil {
		return nil, err
	}
	query := r.query
	if !r.public {
		query = append(append([][2]string{}, query...), keyed.query...)
	}
	url := c.baseURL + path + buildQuery(query)
	where := c.baseURL + path
	// a request of the API's own scheme with no headers, cookies or body of its own sends the
	// headers built once (never changed: a request's headers are only read)
	header := plain
	if len(r.headers) > 0 || len(r.cookies) > 0 || r.hasBody || r.public || r.scheme != "" {
		header = http.Header{}
		header.Set("Accept", "application/json")
		header.Set("User-Agent", c.settings.userAgent)
		for _, pair := range r.headers {
			header.Set(pair[0], pair[1])
		}
		var jar []string
		for _, pair := range r.cookies {
			jar = append(jar, pair[0]+"="+encode(pair[1]))
		}
		if !r.public {
			for name, value := range keyed.headers {
				header.Set(name, value)
			}
			if keyed.cookie != "" {
				jar = append(jar, keyed.cookie)
			}
		}
		if len(jar) > 0 {
			header.Set("Cookie", strings.Join(jar, "; "))
		}
	}
	var body []byte
	if r.hasBody {
		body, err = json.Marshal(r.body)
		if err != nil {
			return nil, invalid("the body cannot be encoded as JSON: %v", err)
		}
		header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	until := start.Add(c.deadline)
	inTime := func(wait float64, ok bool) (time.Duration, bool) {
		pause := time.Duration(wait * float64(time.Second))
		return pause, ok && time.Since(start)+pause < c.deadline
	}
	for attempt := 0; ; attempt++ {
		status, answerHeader, data, err := c.attempt(ctx, method, url, where, header, body, until)
		var wait time.Duration
		var again bool
		if err != nil {
			var failure *Error
			if !errors.As(err, &failure) || failure.Status != 0 || ctx.Err() != nil || failure.Reason == deadlinePassed {
				return nil, err
			}
			if wait, again = inTime(nextDelay(c.retry, attempt, method, 0, "", r.readOnly)); !again {
				return nil, err
			}
		} else {
			wait, again = inTime(nextDelay(c.retry, attempt, method, status, answerHeader.Get("Retry-After"), r.readOnly))
			if !again {
				return c.result(method, where, status, answerHeader, data, r.expectJSON, out)
			}
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, networkError(method, where, "the context ended: "+ctx.Err().Error())
		case <-timer.C:
		}
	}
}

const deadlinePassed = "the call's deadline passed"

func (c *core) attempt(ctx context.Context, method, url, where string, header http.Header, body []byte, until time.Time) (int, http.Header, []byte, error) {
	if ctx.Err() != nil {
		return 0, nil, nil, networkError(method, where, "the context ended: "+ctx.Err().Error())
	}
	limit := c.timeout
	short := false
	if left := time.Until(until); left < limit {
		limit, short = left, true
	}
	if limit <= 0 {
		return 0, nil, nil, networkError(method, where, deadlinePassed)
	}
	attemptCtx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(attemptCtx, method, url, reader)
	if err != nil {
		return 0, nil, nil, invalid("the request cannot be made: %v", err)
	}
	req.Header = header
	resp, err := c.http.Do(req)
	if err == nil {
		defer resp.Body.Close()
		size := int64(512)
		if resp.ContentLength > 0 && resp.ContentLength <= c.maxBytes {
			size = resp.ContentLength + 1 // one read past the end sees io.EOF
		}
		buffer := bytes.NewBuffer(make([]byte, 0, size))
		_, err = buffer.ReadFrom(io.LimitReader(resp.Body, c.maxBytes+1))
		data := buffer.Bytes()
		if err == nil && int64(len(data)) > c.maxBytes {
			return 0, nil, nil, &Error{Status: resp.StatusCode, Method: method, URL: where, RetryAfter: -1,
				class: ErrResponseTooLarge, Reason: "too large",
				text: fmt.Sprintf("%s %s: answer larger than %d bytes", method, where, c.maxBytes)}
		}
		if err == nil {
			return resp.StatusCode, resp.Header, data, nil
		}
	}
	switch {
	case ctx.Err() != nil:
		return 0, nil, nil, networkError(method, where, "the context ended: "+ctx.Err().Error())
	case attemptCtx.Err() != nil && short:
		return 0, nil, nil, networkError(method, where, deadlinePassed)
	case attemptCtx.Err() != nil:
		return 0, nil, nil, networkError(method, where, fmt.Sprintf("timed out after %s", c.timeout))
	}
	return 0, nil, nil, networkError(method, where, describe(err))
}

// describe is a transport error without the URL (which may hold a query key).
func describe(err error) string {
	var urlError interface{ Unwrap() error }
	if errors.As(err, &urlError) {
		if inner := urlError.Unwrap(); inner != nil {
			return inner.Error()
		}
	}
	return err.Error()
}

// result is a final answer: an error for a 3xx (never followed) or an error status; else the
// body decoded into out. With expectJSON a success answer without JSON is an error.
func (c *core) result(method, where string, status int, header http.Header, data []byte, expectJSON bool, out any) (*Response, error) {
	kind := header.Get("Content-Type")
	if kind == "" {
		kind = "application/json"
	}
	if status >= 300 && status < 400 {
		return nil, unexpected(status, method, where, data, "a redirect, which the client does not follow (the key stays with the base URL)")
	}
	if status >= 400 {
		return nil, errorFor(status, method, where, data, header.Get("Retry-After"))
	}
	answer := &Response{Status: status, Header: header}
	if expectJSON && status != 204 && (len(data) == 0 || !strings.Contains(kind, "json")) {
		what := "an empty body"
		if len(data) > 0 {
			what = "a " + strings.TrimSpace(strings.Split(kind, ";")[0]) + " body"
		}
		return nil, unexpected(status, method, where, data, what+", not JSON")
	}
	if out != nil && len(data) > 0 && strings.Contains(kind, "json") {
		if err := json.Unmarshal(data, out); err != nil {
			return nil, unexpected(status, method, where, data, "not the declared type ("+err.Error()+")")
		}
	}
	return answer, nil
}

// resolve is a project or environment path parameter: the client's (WithProject,
// WithEnvironment), else the key's own scope (asked once).
func (c *core) resolve(ctx context.Context, role string) (string, error) {
	if role == "project" && c.project != "" {
		return c.project, nil
	}
	if role == "environment" && c.environment != "" {
		return c.environment, nil
	}
	wire := c.settings.pathVariables[role]
	if wire == "" {
		wire = role
	}
	option := "WithProject"
	if role == "environment" {
		option = "WithEnvironment"
	}
	if c.settings.scopePath == "" {
		return "", invalid("%s not given: use %s; the API cannot say the key's scope", wire, option)
	}
	scope, err := c.keyScope(ctx)
	if err != nil {
		return "", err
	}
	found, _ := scope[role+"_id"].(string)
	if found == "" {
		return "", invalid("%s not given: use %s; the API key's scope has no %s (a key of a wider scope)", wire, option, role)
	}
	return found, nil
}

func (c *core) keyScope(ctx context.Context) (map[string]any, error) {
	cache := c.scope
	cache.mu.Lock()
	if cache.value != nil {
		defer cache.mu.Unlock()
		return cache.value, nil
	}
	call := cache.pending
	if call == nil {
		call = &scopeCall{done: make(chan struct{})}
		cache.pending = call
		cache.mu.Unlock()
		var found map[string]any
		_, call.err = c.do(ctx, &request{method: "GET", path: c.settings.scopePath, expectJSON: true}, &found)
		call.value = found
		if call.value == nil {
			call.value = map[string]any{}
		}
		cache.mu.Lock()
		cache.pending = nil
		if call.err == nil {
			cache.value = call.value
		}
		cache.mu.Unlock()
		close(call.done)
	} else {
		cache.mu.Unlock()
		select {
		case <-call.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if call.err != nil {
		return nil, call.err
	}
	return call.value, nil
}
