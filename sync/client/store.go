package client

import (
	"context"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/store"
)

// StoreCatalogue lets the client sync the kiosk's store.
type StoreCatalogue struct{ Store *store.Store }

// NewStoreCatalogue returns the Catalogue of a kiosk store.
func NewStoreCatalogue(s *store.Store) *StoreCatalogue { return &StoreCatalogue{Store: s} }

// Cursor returns the hub version the store holds. The demo catalogue's
// versions are not the hub's, so a store showing the demo is at 0; the
// first hub page replaces the demo.
func (c *StoreCatalogue) Cursor(ctx context.Context) (int64, error) {
	src, err := c.Store.Meta(ctx, store.MetaSource)
	if err != nil {
		return 0, err
	}
	if src != domain.SourceHub {
		return 0, nil
	}
	return c.Store.Cursor(ctx)
}

// ApplyPage applies one verified page as a hub batch.
func (c *StoreCatalogue) ApplyPage(ctx context.Context, from, to int64, changes []domain.Change, at time.Time) error {
	return c.Store.Apply(ctx, store.ApplyBatch{Source: domain.SourceHub, From: from, To: to, Changes: changes, SyncedAt: at})
}

// ReplaceOnNextPage marks the store's catalogue as one the next hub batch
// replaces, the way the store treats the demo catalogue.
func (c *StoreCatalogue) ReplaceOnNextPage(ctx context.Context) error {
	return c.Store.SetMeta(ctx, store.MetaSource, domain.SourceDemo)
}

// Meta returns a meta value, "" when unset.
func (c *StoreCatalogue) Meta(ctx context.Context, key string) (string, error) {
	return c.Store.Meta(ctx, key)
}

// SetMeta stores a meta value.
func (c *StoreCatalogue) SetMeta(ctx context.Context, key, value string) error {
	return c.Store.SetMeta(ctx, key, value)
}
