package core

import (
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// retryPolicy is when a request is sent again, as the shared runtime contract says
// (tests/runtime/contracts/retry.json in apigen): 429 and 408 for every method; 5xx (500, 502,
// 503, 504) and network errors only for GET, HEAD, OPTIONS, PUT and DELETE, a read-only POST,
// or any method with retryNonIdempotent. The wait is the server's Retry-After when it sends one,
// else backoff * 2^attempt, both capped at maxBackoff; at most maxAttempts requests in all.
type retryPolicy struct {
	maxAttempts        int
	backoff            float64 // seconds
	maxBackoff         float64 // seconds
	retryNonIdempotent bool
}

var defaultRetry = retryPolicy{maxAttempts: 3, backoff: 0.5, maxBackoff: 30, retryNonIdempotent: false}

var (
	idempotent         = map[string]bool{"GET": true, "HEAD": true, "OPTIONS": true, "PUT": true, "DELETE": true}
	anyMethodStatuses  = map[int]bool{408: true, 429: true}
	idempotentStatuses = map[int]bool{500: true, 502: true, 503: true, 504: true}
	digits             = regexp.MustCompile(`^[0-9]+$`)
	monthName          = regexp.MustCompile(`[A-Za-z]{3}`)
	timeOfDay          = regexp.MustCompile(`[0-9]{1,2}:[0-9]{2}:[0-9]{2}`)
)

// nextDelay is the one retry decision: seconds to wait before sending again, and whether to.
// status 0 means a network error; attempt counts from 0.
func nextDelay(policy retryPolicy, attempt int, method string, status int, retryAfter string, readOnly bool) (float64, bool) {
	if attempt >= policy.maxAttempts-1 {
		return 0, false
	}
	repeatable := idempotent[strings.ToUpper(method)] || readOnly || policy.retryNonIdempotent
	retry := repeatable
	if status != 0 {
		retry = anyMethodStatuses[status] || repeatable && idempotentStatuses[status]
	}
	if !retry {
		return 0, false
	}
	wait, advised := retryAfterSeconds(retryAfter, nowSeconds())
	if !advised {
		wait = policy.backoff * math.Pow(2, float64(attempt))
	}
	return math.Max(0, math.Min(wait, policy.maxBackoff)), true
}

func nowSeconds() float64 { return float64(time.Now().UnixNano()) / 1e9 }

// retryAfterSeconds reads a Retry-After value (delta-seconds or an HTTP date) at `now`.
func retryAfterSeconds(value string, now float64) (float64, bool) {
	text := strings.TrimSpace(value)
	if text == "" {
		return 0, false
	}
	if digits.MatchString(text) {
		seconds, err := strconv.ParseFloat(text, 64)
		return seconds, err == nil
	}
	if !monthName.MatchString(text) || !timeOfDay.MatchString(text) {
		return 0, false
	}
	when, err := http.ParseTime(text)
	if err != nil {
		return 0, false
	}
	return math.Max(0, float64(when.UnixNano())/1e9-now), true
}
