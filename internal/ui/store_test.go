package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gongkai/internal/config"
	"gongkai/internal/kiosk"
)

// These tests drive the screens over the real kiosk: a data directory
// opened by internal/kiosk, its SQLite store (FTS search) and the embedded
// demo catalogue loaded into it, as on a fresh machine.

func openKiosk(t *testing.T) *kiosk.Kiosk {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	k, err := kiosk.Open(t.Context(), cfg, kiosk.Options{})
	if err != nil {
		t.Fatalf("kiosk.Open: %v", err)
	}
	t.Cleanup(func() { k.Close() })
	return k
}

func TestRealStoreHomeToDocumentAndBack(t *testing.T) {
	k := openKiosk(t)
	a, w, _ := newTestApp(t, k.Store, hd)
	a.deps.Notices = k.Notices
	a.RefreshStatus()
	if got := a.Header().StateText(); got != "演示数据" {
		t.Errorf("header state = %q", got)
	}
	if got := a.banner.Text(); got != "" {
		t.Errorf("staff banner on a fresh kiosk: %q", got)
	}

	tapOn(w, a.Tile(TileBrowse))
	tapOn(w, categoryRowNamed(t, w, "政策法规"))
	tapOn(w, categoryRowNamed(t, w, "政策性文件"))
	list := current[*DocumentListScreen](t, a)
	var seed *docRow
	for _, r := range docRows(w) {
		if strings.Contains(r.Text(), "阳教体办发〔2021〕12号") {
			seed = r
		}
	}
	if seed == nil {
		t.Fatalf("seed document not listed among %d under 政策性文件", list.Total())
	}
	tapOn(w, seed)
	doc := current[*DocumentScreen](t, a)
	if d := doc.Document(); d == nil || d.Written != "2021-08-25" || d.Issuer != "阳谷县教育和体育局" || len(d.Body) < 10 {
		t.Fatalf("seed document = %+v", d)
	}
	tapOn(w, a.nav.back)
	if a.Current() != Screen(list) {
		t.Fatalf("返回 went to %T", a.Current())
	}
	tapOn(w, a.nav.home)
	if a.Depth() != 1 {
		t.Fatalf("首页 left depth %d", a.Depth())
	}
}

func TestRealStoreSearchToDocument(t *testing.T) {
	k := openKiosk(t)
	a, w, _ := newTestApp(t, k.Store, hd)
	tests := []struct {
		query string
		want  string // 文号 of a document that must be among the first rows
	}{
		{"阳教体办发〔2021〕12号", "阳教体办发〔2021〕12号"},
		{"阳教体办发[2021]12号", "阳教体办发〔2021〕12号"},
		{"政务公开", ""},
		{"招生", ""},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			a.Home()
			tapOn(w, a.Tile(TileSearch))
			s := current[*SearchScreen](t, a)
			test.Type(s.Entry, tt.query)
			tapOn(w, s.Button)
			if s.Results() == 0 {
				t.Fatalf("no results; info %q", s.Info())
			}
			rows := docRows(w)
			if tt.want != "" && !strings.Contains(rows[0].Text(), tt.want) {
				t.Errorf("first row %q, want %s", rows[0].Text(), tt.want)
			}
			hit := false
			for _, r := range rows {
				for _, seg := range r.snippet.Segments {
					hit = hit || seg.(*widget.TextSegment).Style.ColorName == ColorNameHit
				}
			}
			if !hit && tt.want == "" {
				t.Error("no highlighted match in any snippet")
			}
			first := rows[0]
			tapOn(w, first)
			d := current[*DocumentScreen](t, a).Document()
			if d == nil || !strings.HasPrefix(first.Text(), d.Title) {
				t.Errorf("tapping %q opened %+v", first.Text(), d)
			}
		})
	}
}

func TestRealStoreInterpretationsBothWays(t *testing.T) {
	k := openKiosk(t)
	a, w, _ := newTestApp(t, k.Store, hd)
	readings, err := k.Store.Interpretations(t.Context(), "yjt-2021-12")
	if err != nil || len(readings) == 0 {
		t.Fatalf("the seed document has no 解读 in the store (%v)", err)
	}
	a.Push(NewDocumentScreen(a, "yjt-2021-12"))
	tapOn(w, current[*DocumentScreen](t, a).Link(readings[0].ID))
	r := current[*DocumentScreen](t, a)
	if r.Document().ID != readings[0].ID {
		t.Fatalf("opened %s", r.Document().ID)
	}
	back := r.Link("yjt-2021-12")
	if back == nil {
		t.Fatal("the 解读 does not link back to the seed document")
	}
	tapOn(w, back)
	if got := current[*DocumentScreen](t, a).Document().ID; got != "yjt-2021-12" {
		t.Errorf("解读的文件 opened %s", got)
	}
}

// TestRealStoreCorruptDatabaseTellsStaff starts on a data directory whose
// database is garbage: the kiosk moves it aside and starts from the demo
// catalogue, and the staff banner says what happened.
func TestRealStoreCorruptDatabaseTellsStaff(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, kiosk.DBName), []byte(strings.Repeat("not a database ", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.DataDir = dir
	k, err := kiosk.Open(t.Context(), cfg, kiosk.Options{})
	if err != nil {
		t.Fatalf("kiosk.Open on a corrupt database: %v", err)
	}
	t.Cleanup(func() { k.Close() })
	a, w, _ := newTestApp(t, k.Store, hd)
	a.deps.Notices = k.Notices
	a.RefreshStatus()
	if got := a.banner.Text(); !strings.Contains(got, "工作人员") || !strings.Contains(got, "损坏") {
		t.Errorf("staff banner = %q", got)
	}
	if got := a.Header().StateText(); got != "演示数据" {
		t.Errorf("header state = %q", got)
	}
	tapOn(w, a.Tile(TileBrowse))
	if rows := current[*CategoryScreen](t, a).Rows(); len(rows) < 10 {
		t.Errorf("the demo catalogue is not browsable: %v", rows)
	}
}
