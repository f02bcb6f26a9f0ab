package core

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
)

// page is one page of a list: its items, and whether the answer's page count says it is the
// last one.
type page[T any] struct {
	items []T
	last  bool
}

// pages yields every item of a page-numbered list, page after page (from 1), until a page is
// empty, shorter than perPage (when the caller set one), the last by the page count, the same
// as the one before (a server that repeats a page), or maxPages pages were read (0: no
// limit). An error is yielded once, and ends the iteration.
func pages[T any](ctx context.Context, maxPages int, perPage *int64, fetch func(ctx context.Context, number int64) (page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var previous []byte
		for number := int64(1); maxPages <= 0 || number <= int64(maxPages); number++ {
			found, err := fetch(ctx, number)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			seen, _ := json.Marshal(found.items)
			if len(found.items) == 0 || bytes.Equal(seen, previous) {
				return
			}
			previous = seen
			for _, item := range found.items {
				if !yield(item, nil) {
					return
				}
			}
			if perPage != nil && int64(len(found.items)) < *perPage || found.last {
				return
			}
		}
	}
}
