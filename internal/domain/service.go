package domain

import (
	"context"
	"time"
)

// DocumentSummary is what lists and search results show of a document.
type DocumentSummary struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	DocNo      string `json:"doc_no,omitempty"`
	Issuer     string `json:"issuer,omitempty"`
	Published  string `json:"published,omitempty"`
	Validity   string `json:"validity,omitempty"`
	CategoryID string `json:"category_id"`
	Interprets string `json:"interprets,omitempty"`
	Sample     bool   `json:"sample,omitempty"`
}

// CategoryNode is a category with its subtree and the number of documents
// in the category and all its descendants.
type CategoryNode struct {
	Category
	Count    int             `json:"count"`
	Children []*CategoryNode `json:"children,omitempty"`
}

// DocumentFilter selects documents for browsing a category.
type DocumentFilter struct {
	CategoryID string // "" for all; includes the subtree
	Offset     int
	Limit      int // 0 means a default page size
}

// SearchFilter is a visitor's search. Query is free text as typed; nothing
// in it can make a search fail.
type SearchFilter struct {
	Query      string
	CategoryID string // "" for all; includes the subtree
	Year       int    // publication year; 0 for any
	Validity   string // "" for any
	Offset     int
	Limit      int // 0 means a default page size
}

// Span is a piece of text, marked when it matched the query.
type Span struct {
	Text string `json:"text"`
	Hit  bool   `json:"hit,omitempty"`
}

// SearchHit is one search result with a snippet of matched text.
type SearchHit struct {
	DocumentSummary
	Snippet []Span `json:"snippet,omitempty"`
}

// SearchResult is one page of search hits and the total count.
type SearchResult struct {
	Hits  []SearchHit `json:"hits"`
	Total int         `json:"total"`
}

// Catalogue sources.
const (
	SourceEmpty = "empty" // nothing loaded yet
	SourceDemo  = "demo"  // the embedded demo catalogue
	SourceHub   = "hub"   // synced from the agency's hub (network or USB)
)

// CatalogueState tells what the kiosk is showing and how fresh it is.
type CatalogueState struct {
	Source    string    `json:"source"`
	Version   int64     `json:"version"`
	LastSync  time.Time `json:"last_sync,omitzero"` // last successful sync; zero if never
	Documents int       `json:"documents"`
}

// CatalogueService is the read side of the catalogue that screens and
// command-line tools use. The kiosk's SQLite store implements it.
type CatalogueService interface {
	State(ctx context.Context) (CatalogueState, error)
	Categories(ctx context.Context) ([]*CategoryNode, error)
	Documents(ctx context.Context, f DocumentFilter) ([]DocumentSummary, int, error)
	Document(ctx context.Context, id string) (*Document, error)
	// Interpretations returns the 解读 that explain document id; the reverse
	// link is the document's own Interprets field.
	Interpretations(ctx context.Context, id string) ([]DocumentSummary, error)
	Search(ctx context.Context, f SearchFilter) (*SearchResult, error)
	Years(ctx context.Context) ([]int, error)
	Consultations(ctx context.Context) ([]Consultation, error)
	Events(ctx context.Context) ([]Event, error)
}
