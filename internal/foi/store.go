package foi

import (
	"context"

	"gongkai/internal/calendar"
)

// Store keeps cases, their letters and files, the letter templates and a
// few settings. foisqlite.Store implements it on SQLite (foi.db in the
// hub's data directory) and on PostgreSQL (the hub's database). Errors a person may see are *domain.Error:
// ENOTFOUND for a missing case, ECONFLICT for a lost update.
type Store interface {
	// Create stores a new case, assigning c.ID (the register number
	// YYYY-NNNNN by receipt year). A kiosk case whose tracking number is
	// stored already is an ECONFLICT error and nothing is written.
	Create(ctx context.Context, c *Case, idx Index) error
	// Update stores c when the stored version is c.Version-1 (ECONFLICT
	// otherwise), together with the letters this change issued: each
	// letter's LetterID is set in c.Correspondence.
	Update(ctx context.Context, c *Case, idx Index, letters []LetterFile) error
	// Case returns a case by register number or tracking number.
	Case(ctx context.Context, id string) (*Case, error)
	// List returns one page of cases matching q, and how many match.
	List(ctx context.Context, q Query) ([]*Case, int, error)
	// ByApplicant returns every case of one applicant (Applicant.Key),
	// oldest first.
	ByApplicant(ctx context.Context, key string) ([]*Case, error)
	// Trackings reports which of the tracking numbers are registered.
	Trackings(ctx context.Context, trk []string) (map[string]bool, error)
	// OpenCases returns the cases whose index depends on the calendar or
	// the day: every case not yet answered.
	OpenCases(ctx context.Context) ([]*Case, error)
	// SetIndex rewrites a case's computed columns (after a calendar change).
	SetIndex(ctx context.Context, id string, idx Index) error
	// Unsent returns the cases whose public status has not reached the
	// kiosk feed: Index.Publish differs from what SetPublished recorded.
	Unsent(ctx context.Context) ([]Unsent, error)
	// SetPublished records that publish reached the kiosk feed.
	SetPublished(ctx context.Context, id, publish string) error
	// ReportItems returns what the annual report counts of every case
	// received up to to and not answered before from.
	ReportItems(ctx context.Context, from, to calendar.Date) ([]ReportItem, error)

	Letter(ctx context.Context, caseID string, id int64) (*LetterFile, error)
	AddFile(ctx context.Context, f *File) error
	Files(ctx context.Context, caseID string) ([]File, error) // without their bytes
	File(ctx context.Context, caseID string, id int64) (*File, error)

	// Templates returns the templates the agency has edited.
	Templates(ctx context.Context) ([]Template, error)
	SaveTemplate(ctx context.Context, t Template) error
	DeleteTemplate(ctx context.Context, key string) error

	Meta(ctx context.Context, key string) (string, error) // "" when unset
	SetMeta(ctx context.Context, key, value string) error
}

// Index is what the service computes for a case to store alongside it, so
// the register can filter and sort on it in SQL.
type Index struct {
	Due     calendar.Date // the reply deadline; while stopped for 补正, the correction's
	Clock   string
	Publish string // the public status for the kiosk's feed (JSON); "" none
}

// Unsent is a public status waiting to reach the kiosk feed.
type Unsent struct {
	ID, Tracking, Publish string
}

// Filter narrows the register (台账).
type Filter struct {
	Stage     Stage  `json:"stage,omitempty"`
	Dept      string `json:"dept,omitempty"`
	Handler   string `json:"handler,omitempty"` // login
	Year      int    `json:"year,omitempty"`    // receipt year
	Channel   string `json:"channel,omitempty"`
	Overdue   bool   `json:"overdue,omitempty"`
	DueSoon   bool   `json:"due_soon,omitempty"` // due within DueSoonDays working days
	Open      bool   `json:"open,omitempty"`     // not yet answered
	Text      string `json:"text,omitempty"`     // register or tracking number, applicant name, requested information
	Applicant string `json:"applicant,omitempty"`
	Sort      string `json:"sort,omitempty"` // "" newest first; SortDue most urgent first
	Offset    int    `json:"offset,omitempty"`
	Limit     int    `json:"limit,omitempty"` // 0: DefaultLimit
}

// Sort orders.
const (
	SortReceived = ""
	SortDue      = "due"
)

// Page sizes of the register.
const (
	DefaultLimit = 50
	MaxLimit     = 10000 // an export takes everything matching, up to this
)

// Query is a Filter with the dates the service worked out for it.
type Query struct {
	Filter
	Today  calendar.Date // overdue: due before this
	SoonBy calendar.Date // due soon: due from Today up to this
}

// Page is one page of the register.
type Page struct {
	Cases  []*Case
	Total  int
	Offset int
	Limit  int
}

// ReportItem is one case as the annual report sees it.
type ReportItem struct {
	Category string
	Received calendar.Date
	Signed   calendar.Date // zero: not answered
	Outcome  string
}

// LetterFile is a rendered letter kept with a case.
type LetterFile struct {
	ID     int64
	CaseID string
	N      int // the correspondence entry it belongs to
	Kind   string
	Title  string
	PDF    []byte
}

// File is a document kept with a case: what was provided to the
// applicant, a scanned postal application, a third party's answer.
type File struct {
	ID        int64
	CaseID    string
	Name      string
	MediaType string
	Size      int
	Added     string // RFC 3339
	By        string
	Data      []byte `json:"-"`
}
