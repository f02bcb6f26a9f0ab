package core

import (
	"net/http"
	"time"
)

// Region is one of the API's regions (WithRegion); the generated package names each.
type Region string

// Option configures a client (New) or a copy of one (Client.With).
type Option func(*options)

type options struct {
	apiKey             *string
	apiKeys            map[string]string
	region             *Region
	baseURL            *string
	httpClient         *http.Client
	project            *string
	environment        *string
	maxRetries         *int
	timeout            time.Duration
	deadline           time.Duration
	backoff            time.Duration
	maxBackoff         time.Duration
	retryNonIdempotent *bool
	maxPages           int
	maxResponseBytes   int64
}

// WithAPIKey sets the API key (default: the API key environment variable).
func WithAPIKey(key string) Option { return func(o *options) { o.apiKey = &key } }

// WithAPIKeys sets the keys of the operations whose security scheme is not the API's own, by
// scheme name (default: the API key).
func WithAPIKeys(keys map[string]string) Option {
	return func(o *options) {
		o.apiKeys = map[string]string{}
		for name, key := range keys {
			o.apiKeys[name] = key
		}
	}
}

// WithRegion picks one of the API's regions; WithBaseURL wins over it.
func WithRegion(region Region) Option { return func(o *options) { o.region = &region } }

// WithBaseURL sets the base URL (a local server, a proxy, a PDP).
func WithBaseURL(url string) Option { return func(o *options) { o.baseURL = &url } }

// WithHTTPClient sends requests with this client (its transport, proxy and TLS settings). The
// client never follows a redirect whatever its CheckRedirect says: the key would go along.
func WithHTTPClient(client *http.Client) Option { return func(o *options) { o.httpClient = client } }

// WithProject sets the project every call's project path parameter names (default: the API
// key's own, asked once); client.With(WithProject(p)) is a copy for another project.
func WithProject(project string) Option { return func(o *options) { o.project = &project } }

// WithEnvironment sets the environment every call's environment path parameter names
// (default: the API key's own, asked once).
func WithEnvironment(environment string) Option {
	return func(o *options) { o.environment = &environment }
}

// WithMaxRetries sets how many times a call may be sent again (default 2: three attempts).
func WithMaxRetries(retries int) Option { return func(o *options) { o.maxRetries = &retries } }

// WithTimeout bounds each attempt, its body included (default 30 s).
func WithTimeout(timeout time.Duration) Option { return func(o *options) { o.timeout = timeout } }

// WithDeadline bounds a call across its retries (default 120 s): no attempt starts, and none
// runs, past it. A context's own deadline applies as well.
func WithDeadline(deadline time.Duration) Option {
	return func(o *options) { o.deadline = deadline }
}

// WithBackoff sets the first wait before a retry (default 500 ms, doubled per attempt) and the
// longest wait (default 30 s; a server's Retry-After is capped by it too).
func WithBackoff(first, longest time.Duration) Option {
	return func(o *options) { o.backoff, o.maxBackoff = first, longest }
}

// WithRetryNonIdempotent lets a POST or PATCH be sent again after a 5xx or a network error
// (default false: the server may have acted).
func WithRetryNonIdempotent(retry bool) Option {
	return func(o *options) { o.retryNonIdempotent = &retry }
}

// WithMaxPages bounds how many pages an iterator reads (default 0: until the last page).
func WithMaxPages(pages int) Option { return func(o *options) { o.maxPages = pages } }

// WithMaxResponseBytes bounds an answer's body (default 50 MiB); a larger one is an error.
func WithMaxResponseBytes(limit int64) Option {
	return func(o *options) { o.maxResponseBytes = limit }
}
