// Package catalog parses the catalogue source directory described in
// docs/catalogue-format.md into domain objects. The kiosk loads its embedded
// demo catalogue with it and `hub import` loads an agency's directory, so
// both see exactly the same objects from the same files.
//
// Loading is all or nothing by default: any problem in any file makes Load
// return a *LoadError listing every problem found (with file and line) and
// no Set, so a hub never half-imports a catalogue. Options.KeepGoing skips
// the bad entries instead and returns the rest.
package catalog

import (
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"

	"gongkai/internal/domain"
)

// Well-known file names inside a catalogue directory.
const (
	categoriesFile    = "categories.toml"
	consultationsFile = "consultations.toml"
	eventsFile        = "events.toml"
	calendarFile      = "calendar.toml"
	docsDir           = "docs"
)

// Set is a whole catalogue as parsed from its source directory.
type Set struct {
	Categories    []domain.Category // in file order; Order is the position among siblings, from 0
	Documents     []domain.Document // sorted by ID
	Consultations []domain.Consultation
	Events        []domain.Event
	Calendar      []domain.CalendarYear // sorted by year
	Files         map[string]File       // attachment SHA-256 (lower-case hex) -> where to read it
}

// File says where an attachment's bytes are inside the catalogue's fs.FS,
// so the hub can copy them into its blob store by their SHA-256.
type File struct {
	Path      string // slash-separated path inside the fs.FS
	Size      int64
	MediaType string
}

// Options tunes Load.
type Options struct {
	// KeepGoing skips bad documents (and bad categories, consultations,
	// events and calendar years) and returns them in the Report instead of
	// failing the whole load. A missing or unreadable categories.toml still
	// fails, because without the tree every document would be reported.
	KeepGoing bool
}

// Problem is one thing wrong in the catalogue source, addressed to the staff
// member who maintains it. Message is plain Chinese text.
type Problem struct {
	Path    string // slash-separated path inside the catalogue directory
	Line    int    // 1-based line in that file; 0 when the problem is the whole file
	Message string
}

// Error returns "path:line: message", the form editors and grep understand.
func (p Problem) Error() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Message)
	}
	return fmt.Sprintf("%s: %s", p.Path, p.Message)
}

// Report lists the problems a load found, sorted by file and line. With
// KeepGoing these are the entries that were skipped.
type Report struct {
	Problems []Problem
}

// LoadError is what Load returns when the catalogue has problems and
// KeepGoing is off: nothing was loaded, and Problems says what to fix.
type LoadError struct {
	Problems []Problem
}

// Error lists every problem, one per line.
func (e *LoadError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "目录数据有 %d 处问题，未导入任何内容：", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap lets domain.ErrorCode and domain.ErrorMessage treat a LoadError as
// invalid input with a short Chinese summary, for screens that show staff
// only one line.
func (e *LoadError) Unwrap() error {
	return domain.Errorf(domain.EINVALID, "目录数据有 %d 处问题，未导入任何内容，请按问题清单修改后重试。", len(e.Problems))
}

// Load parses the catalogue source directory rooted at fsys. Without
// opt.KeepGoing any problem returns a *LoadError and a nil Set; the Report
// is returned either way and lists every problem found.
func Load(fsys fs.FS, opt Options) (*Set, *Report, error) {
	l := &loader{fsys: fsys, hashes: map[string]attachmentFile{}}

	cats, tree, ok := l.loadCategories()
	if !ok {
		return l.fail()
	}
	docs := l.loadDocuments(tree)
	docIDs := make(map[string]bool, len(docs))
	for _, d := range docs {
		docIDs[d.doc.ID] = true
	}
	set := &Set{
		Categories:    cats,
		Consultations: l.loadConsultations(docIDs),
		Events:        l.loadEvents(docIDs),
		Calendar:      l.loadCalendar(),
		Files:         map[string]File{},
	}
	for _, d := range docs {
		set.Documents = append(set.Documents, d.doc)
		for _, f := range d.files {
			if _, seen := set.Files[f.sha]; !seen {
				set.Files[f.sha] = f.File
			}
		}
	}
	if len(l.problems) > 0 && !opt.KeepGoing {
		return l.fail()
	}
	return set, l.report(), nil
}

// OpenFile opens an attachment's bytes; the caller closes them.
func OpenFile(fsys fs.FS, f File) (io.ReadCloser, error) {
	file, err := fsys.Open(f.Path)
	if err != nil {
		return nil, fmt.Errorf("open attachment %s: %w", f.Path, err)
	}
	return file, nil
}

// loader carries the state of one Load: the source, the problems found so
// far and the attachments already hashed (several documents may share one).
type loader struct {
	fsys     fs.FS
	problems []Problem
	hashes   map[string]attachmentFile // path -> hashed file
}

func (l *loader) add(path string, line int, format string, args ...any) {
	l.problems = append(l.problems, Problem{Path: path, Line: line, Message: fmt.Sprintf(format, args...)})
}

func (l *loader) report() *Report {
	sort.SliceStable(l.problems, func(i, j int) bool {
		a, b := l.problems[i], l.problems[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line
	})
	return &Report{Problems: l.problems}
}

func (l *loader) fail() (*Set, *Report, error) {
	r := l.report()
	return nil, r, &LoadError{Problems: r.Problems}
}
