// Package domain holds the kiosk's and the hub's shared vocabulary: the
// disclosure catalogue (categories, documents, consultations, events, the
// working-day calendar), the change records that carry it from the hub to a
// kiosk, and the errors that every layer reports.
//
// The JSON form of these types is the wire form (see sync/protocol) and the
// form the kiosk's SQLite cache stores, so nothing needs reshaping between
// the hub, a USB bundle and the local store.
package domain

import "time"

// DateLayout is the layout of every calendar date in the catalogue.
const DateLayout = "2006-01-02"

// Disclosure attributes (公开属性).
const (
	DisclosureProactive = "主动公开"
	DisclosureOnRequest = "依申请公开"
	DisclosureNone      = "不予公开"
)

// Validity values (有效性).
const (
	ValidityValid    = "有效"
	ValidityExpired  = "失效"
	ValidityRepealed = "废止"
)

// Category is one node of the catalogue tree. The tree is data the hub
// serves, not code: another agency brings its own.
type Category struct {
	ID       string `json:"id"`
	ParentID string `json:"parent_id,omitempty"`
	Name     string `json:"name"`
	Order    int    `json:"order"`
}

// Document is one published item of government information with the
// metadata Chinese disclosure portals show.
type Document struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	IndexNo     string       `json:"index_no,omitempty"`  // 索引号
	Issuer      string       `json:"issuer,omitempty"`    // 发布机构
	DocNo       string       `json:"doc_no,omitempty"`    // 文号
	Written     string       `json:"written,omitempty"`   // 成文日期 YYYY-MM-DD
	Published   string       `json:"published,omitempty"` // 发布日期 YYYY-MM-DD
	CategoryID  string       `json:"category_id"`
	Topic       string       `json:"topic,omitempty"`      // 主题分类
	Disclosure  string       `json:"disclosure,omitempty"` // 公开属性
	Validity    string       `json:"validity,omitempty"`   // 有效性
	Keywords    []string     `json:"keywords,omitempty"`   // 关键词
	Interprets  string       `json:"interprets,omitempty"` // id of the document this 解读 explains
	Sample      bool         `json:"sample,omitempty"`     // written for the demo (示例)
	Body        []Block      `json:"body,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Block kinds of a structured document body.
const (
	BlockHeading   = "heading"
	BlockParagraph = "paragraph"
	BlockList      = "list"
	BlockTable     = "table"
)

// Block is one element of a document's structured body.
type Block struct {
	Kind    string     `json:"kind"`
	Level   int        `json:"level,omitempty"`   // heading level, 1-6
	Text    string     `json:"text,omitempty"`    // heading or paragraph text
	Ordered bool       `json:"ordered,omitempty"` // list numbering
	Items   []string   `json:"items,omitempty"`   // list items
	Rows    [][]string `json:"rows,omitempty"`    // table rows; the first row is the header
}

// Attachment describes a file attached to a document. The file itself
// travels by its SHA-256 and is verified before it becomes visible.
type Attachment struct {
	Name      string `json:"name"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"` // lower-case hex
}

// Consultation is an open call for public comment (意见征集) on a draft.
type Consultation struct {
	ID         string  `json:"id"`
	Title      string  `json:"title"`
	Summary    string  `json:"summary,omitempty"`
	DocumentID string  `json:"document_id,omitempty"` // the draft, when published as a document
	Draft      []Block `json:"draft,omitempty"`
	Opens      string  `json:"opens"`  // first day comments are taken, YYYY-MM-DD
	Closes     string  `json:"closes"` // last day comments are taken, YYYY-MM-DD
	// Questions are what the agency asks the public in particular.
	Questions []string `json:"questions,omitempty"`
	// FeedbackID is the document reporting the comments received and how
	// they were taken up (公众意见反馈情况), once published.
	FeedbackID string `json:"feedback_id,omitempty"`
}

// Event is a public event visitors can sign up for (政府开放日 and the like).
type Event struct {
	ID           string    `json:"id"`
	Title        string    `json:"title"`
	Description  string    `json:"description,omitempty"`
	Place        string    `json:"place"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
	Capacity     int       `json:"capacity"`
	MaxAttendees int       `json:"max_attendees,omitempty"` // per sign-up; 0 or 1 means one person
	Terms        string    `json:"terms,omitempty"`         // registration terms to accept
	// FeedbackID is the document with the 意见建议 collected at the event
	// and the agency's response, once published.
	FeedbackID string `json:"feedback_id,omitempty"`
}

// CalendarYear lists one year's statutory holidays (off) and make-up
// working days (work). Any other date is a working day Monday to Friday.
type CalendarYear struct {
	Year int      `json:"year"`
	Off  []string `json:"off"`  // YYYY-MM-DD
	Work []string `json:"work"` // YYYY-MM-DD
}
