package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"

	"gongkai/internal/pgdb"
)

// scratchDatabase makes a database of its own on the PostgreSQL server
// of base and returns its URL and a function that drops it.
func scratchDatabase(ctx context.Context, base string) (string, func(), error) {
	if !pgdb.IsURL(base) {
		return "", nil, fmt.Errorf("-db %q is not a postgres:// URL", base)
	}
	admin, err := pgdb.Open(ctx, base)
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "benchsync_" + hex.EncodeToString(b)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create database %s: %w", name, err)
	}
	u, err := url.Parse(base)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		if _, err := admin.Exec(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			fmt.Printf("benchsync: drop database %s: %v\n", name, err)
		}
		admin.Close()
	}
	return u.String(), drop, nil
}

// benchStore is a hub store to measure: SQLite files, or a PostgreSQL
// database.
type benchStore struct{ name, url string }

// benchStores returns SQLite and, with -db, a scratch PostgreSQL database
// (dropped by the returned function).
func benchStores(ctx context.Context, o options) ([]benchStore, func(), error) {
	stores := []benchStore{{"SQLite", ""}}
	if o.db == "" {
		return stores, func() {}, nil
	}
	url, drop, err := scratchDatabase(ctx, o.db)
	if err != nil {
		return nil, nil, err
	}
	return append(stores, benchStore{"PostgreSQL", url}), drop, nil
}
