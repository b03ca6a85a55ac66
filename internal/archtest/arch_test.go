package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// notWire are JSON types in the packages on either end of the API that are
// not part of it, each with the reason.
var notWire = map[string]string{
	"internal/submission.Application": "a payload, sealed inside Submission.Payload; both ends use internal/submission's type",
	"internal/submission.Feedback":    "a payload, sealed inside Submission.Payload; both ends use internal/submission's type",
	"internal/submission.Signup":      "a payload, sealed inside Submission.Payload; both ends use internal/submission's type",
	"internal/submission.Cancel":      "a payload, sealed inside Submission.Payload; both ends use internal/submission's type",
	"internal/submission.Input":       "the input file of `kiosk submit`",
	"internal/submission.Result":      "what the visitor is told and the receipt prints, on the kiosk",
	"sync/hub.StaffEntry":             "the output of `hub submissions` for staff at the hub",
	"sync/hub.pageBucket":             "the index of a bucket file on the hub's page shelf (pages/), read only by the hub",
	"sync/hub.shelfPage":              "one page's entry in a page shelf bucket's index, read only by the hub",
	"sync/outbox.Entry":               "the kiosk's queue listing for staff (`kiosk queue --json`)",
	"sync/outbox.Status":              "what a status look-up shows on the kiosk (`kiosk status --json`), read from the queue",
}

// wireScope tells whether the package at dir (slash-separated, relative to
// the repository) is on either end of the kiosk–hub API, where a wire type
// could be declared: every package under sync/ but sync/protocol, and
// internal/submission.
func wireScope(dir string) bool {
	return strings.HasPrefix(dir, "sync/") && dir != "sync/protocol" || dir == "internal/submission"
}

// TestWireTypesOnlyInProtocol fails when a package other than sync/protocol
// declares a struct with json tags that is a kiosk–hub wire type.
func TestWireTypesOnlyInProtocol(t *testing.T) {
	found := map[string]bool{}
	for _, p := range packages(t) {
		if !wireScope(p.dir) {
			continue
		}
		for _, f := range p.files {
			for _, name := range jsonStructs(f.file, p.fset) {
				found[p.dir+"."+name] = true
			}
		}
	}
	allowed := map[string]bool{}
	for name := range notWire {
		allowed[name] = true
	}
	for _, name := range slices.Sorted(maps.Keys(found)) {
		if !allowed[name] {
			t.Errorf("%s declares a JSON type: a kiosk–hub wire type belongs in sync/protocol "+
				"(if it is not part of the API, add it to notWire with the reason)", name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(allowed)) {
		if !found[name] {
			t.Errorf("%s is listed in this test but no longer declared: delete its line", name)
		}
	}
}

// jsonStructs names the struct types in f with a json tag on a field; an
// anonymous one is named by its position.
func jsonStructs(f *ast.File, fset *token.FileSet) []string {
	var names []string
	named := map[*ast.StructType]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSpec); ok {
			if st, ok := ts.Type.(*ast.StructType); ok {
				named[st] = true
				if hasJSONTag(st) {
					names = append(names, ts.Name.Name)
				}
			}
		}
		return true
	})
	ast.Inspect(f, func(n ast.Node) bool {
		if st, ok := n.(*ast.StructType); ok && !named[st] && hasJSONTag(st) {
			pos := fset.Position(st.Pos())
			names = append(names, "(anonymous struct at "+filepath.Base(pos.Filename)+":"+strconv.Itoa(pos.Line)+")")
		}
		return true
	})
	return names
}

func hasJSONTag(st *ast.StructType) bool {
	for _, field := range st.Fields.List {
		if field.Tag == nil {
			continue
		}
		tag, err := strconv.Unquote(field.Tag.Value)
		if err != nil {
			continue
		}
		if _, ok := reflect.StructTag(tag).Lookup("json"); ok {
			return true
		}
	}
	return false
}

// uiForbidden are the imports that would let a screen reach a database,
// run a program, make system calls or talk HTTP itself, rather than call a
// service the command line can share.
var uiForbidden = []string{"database/sql", "os/exec", "syscall", "golang.org/x/sys/unix", "net/http"}

// TestUIImportsNoSystem fails when a non-test file under internal/ui
// imports database/sql, os/exec, syscall (or x/sys/unix) or net/http.
func TestUIImportsNoSystem(t *testing.T) {
	for _, p := range packages(t) {
		if p.dir != "internal/ui" && !strings.HasPrefix(p.dir, "internal/ui/") {
			continue
		}
		for _, f := range p.files {
			for _, imp := range f.file.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if slices.Contains(uiForbidden, path) {
					t.Errorf("%s imports %s: the UI only displays and collects; put this behind a service the UI and the CLI share", f.path, path)
				}
			}
		}
	}
}

// TestDevelopersTableListsEveryPackage fails when DEVELOPERS.md's "Layout"
// table misses a package of the module or names a path that does not
// exist.
func TestDevelopersTableListsEveryPackage(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root(t), "DEVELOPERS.md"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	code := regexp.MustCompile("`([^`]+)`")
	for _, line := range strings.Split(string(b), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 || !strings.HasPrefix(strings.TrimSpace(line), "|") {
			continue
		}
		// The paths come before any parenthesis: "`fyneapp.go` (package
		// `gongkai`)" lists the root; a file lists its directory.
		paths, _, _ := strings.Cut(cells[1], "(")
		for _, m := range code.FindAllStringSubmatch(paths, -1) {
			path := strings.TrimSuffix(m[1], "/")
			if strings.HasSuffix(path, ".go") {
				path = filepath.ToSlash(filepath.Dir(path))
			}
			listed[path] = true
		}
	}
	dirs := map[string]bool{}
	for _, p := range packages(t) {
		dirs[p.pkgDir()] = true
	}
	for _, dir := range slices.Sorted(maps.Keys(dirs)) {
		if !listed[dir] {
			t.Errorf("DEVELOPERS.md's package table does not list %s", dir)
		}
	}
	for _, path := range slices.Sorted(maps.Keys(listed)) {
		if dirs[path] {
			continue
		}
		// Rows may name the repo's other parts (packaging/, scripts);
		// they must exist, so a renamed one is noticed too.
		if _, err := os.Stat(filepath.Join(root(t), filepath.FromSlash(path))); err != nil {
			t.Errorf("DEVELOPERS.md's package table lists %s, which is neither a package nor a path in the repo", path)
		}
	}
}

// pkg is one directory of Go files (test files count towards the
// directory being a package, but are not parsed into files).
type pkg struct {
	dir   string // slash-separated, relative to the repository; "" is its root
	fset  *token.FileSet
	files []parsedFile
}

type parsedFile struct {
	path string // slash-separated, relative to the repository
	file *ast.File
}

// pkgDir is dir as DEVELOPERS.md names it: "." for the root.
func (p pkg) pkgDir() string {
	if p.dir == "" {
		return "."
	}
	return p.dir
}

// packages parses every non-test Go file of the module, by directory,
// skipping testdata, hidden directories and nested modules.
func packages(t *testing.T) []pkg {
	t.Helper()
	top := root(t)
	byDir := map[string]*pkg{}
	err := filepath.WalkDir(top, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != top && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			// Another module (third_party's forks) is not this one's packages.
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && path != top {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, err := filepath.Rel(top, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		dir := filepath.ToSlash(filepath.Dir(rel))
		if dir == "." {
			dir = ""
		}
		p := byDir[dir]
		if p == nil {
			p = &pkg{dir: dir, fset: token.NewFileSet()}
			byDir[dir] = p
		}
		if strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(p.fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		p.files = append(p.files, parsedFile{path: rel, file: f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]pkg, 0, len(byDir))
	for _, dir := range slices.Sorted(maps.Keys(byDir)) {
		out = append(out, *byDir[dir])
	}
	return out
}

// root is the repository's top directory.
func root(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test's source file")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// hubHTTP are sync/hub's files that speak HTTP: the server, its handlers
// and the status page. The rules (submissions, seats, statuses, the feed)
// are in other files.
var hubHTTP = []string{"handlers.go", "lockout.go", "server.go", "statuspage.go", "submission_http.go"}

// TestHubRulesHoldNoSQLOrHTTP fails when a file of sync/hub other than its
// SQLite stores (sqlite*.go) imports database/sql, one other than its
// PostgreSQL stores (pg_*.go) imports pgx, or one other than
// hubHTTP imports net/http: the rules reach storage only through the
// store interfaces (Store, SubmissionStore), so a second store leaves
// them untouched, and the kiosk API, the console and the CLI share them.
func TestHubRulesHoldNoSQLOrHTTP(t *testing.T) {
	for _, p := range packages(t) {
		if p.dir != "sync/hub" {
			continue
		}
		for _, f := range p.files {
			name := path.Base(f.path)
			for _, imp := range f.file.Imports {
				switch v, _ := strconv.Unquote(imp.Path.Value); {
				case v == "database/sql" && !strings.HasPrefix(name, "sqlite"):
					t.Errorf("%s imports database/sql: SQL belongs in the SQLite store (sqlite*.go) behind SubmissionStore or Store", f.path)
				case strings.HasPrefix(v, "github.com/jackc/pgx") && !strings.HasPrefix(name, "pg_"):
					t.Errorf("%s imports %s: SQL belongs in the PostgreSQL store (pg_*.go) behind SubmissionStore or Store", f.path, v)
				case v == "net/http" && !slices.Contains(hubHTTP, name):
					t.Errorf("%s imports net/http: HTTP belongs in the handlers (%s)", f.path, strings.Join(hubHTTP, ", "))
				}
			}
		}
	}
}
