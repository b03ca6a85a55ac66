package catalog

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gongkai/internal/domain"
)

// goodFS returns the test catalogue as an in-memory FS with changes
// applied: a "" value deletes the file.
func goodFS(tb testing.TB, changes map[string]string) fstest.MapFS {
	tb.Helper()
	m := fstest.MapFS{}
	src := os.DirFS("testdata/good")
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(src, p)
		m[p] = &fstest.MapFile{Data: b, Mode: 0o644}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	for p, text := range changes {
		if text == "" {
			delete(m, p)
		} else {
			m[p] = &fstest.MapFile{Data: []byte(text), Mode: 0o644}
		}
	}
	return m
}

func TestLoadGood(t *testing.T) {
	set, rep, err := Load(os.DirFS("testdata/good"), Options{})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(rep.Problems) != 0 {
		t.Fatalf("problems: %v", rep.Problems)
	}

	wantCats := []domain.Category{
		{ID: "jg", Name: "机构职能", Order: 0},
		{ID: "zcfg", Name: "政策法规", Order: 1},
		{ID: "zcfg-zcxwj", ParentID: "zcfg", Name: "政策性文件", Order: 0},
		{ID: "zcfg-gfxwj", ParentID: "zcfg", Name: "行政规范性文件", Order: 1},
		{ID: "ywjy", Name: "义务教育", Order: 2},
		{ID: "ywjy-zsgl", ParentID: "ywjy", Name: "招生管理", Order: 0},
		{ID: "ywjy-zsgl-zszc", ParentID: "ywjy-zsgl", Name: "招生政策", Order: 0},
	}
	if !reflect.DeepEqual(set.Categories, wantCats) {
		t.Errorf("categories:\n got %+v\nwant %+v", set.Categories, wantCats)
	}

	const pdfSHA = "71723821ff13fc93d62c75e589f112112350cfa89a1b52ccda92cb12db8aa893"
	const txtSHA = "c56fde6ed358ebb835385bc41a94e3d81bfea7d380f17b482b43c48de4320101"
	pdf := domain.Attachment{Name: "plan.pdf", MediaType: "application/pdf", Size: 27, SHA256: pdfSHA}
	wantDocs := []domain.Document{{
		ID:         "yjt-2021-12",
		Title:      "关于印发《2021年全县教育系统政务公开工作要点》的通知",
		IndexNo:    "11371521004338391X/2021-00012",
		Issuer:     "阳谷县教育和体育局",
		DocNo:      "阳教体办发〔2021〕12号",
		Written:    "2021-08-25",
		Published:  "2021-08-27",
		CategoryID: "zcfg-zcxwj",
		Topic:      "教育",
		Disclosure: domain.DisclosureProactive,
		Validity:   domain.ValidityValid,
		Keywords:   []string{"政务公开", "工作要点"},
		Body: []domain.Block{
			{Kind: domain.BlockHeading, Level: 1, Text: "2021年全县教育系统政务公开工作要点"},
			{Kind: domain.BlockParagraph, Text: "为深入贯彻落实《中华人民共和国政府信息公开条例》，结合我县实际，制定本要点。"},
			{Kind: domain.BlockHeading, Level: 2, Text: "一、重点任务"},
			{Kind: domain.BlockList, Ordered: true, Items: []string{"加强政策解读，做好“三同步”。", "推进 ZWGK 专区建设。"}},
			{Kind: domain.BlockTable, Rows: [][]string{{"事项", "责任单位"}, {"政务公开专区", "办公室"}}},
		},
		Attachments: []domain.Attachment{pdf, {Name: "note.txt", MediaType: "text/plain; charset=utf-8", Size: 13, SHA256: txtSHA}},
	}, {
		ID:         "yjt-2021-12-jd",
		Title:      "《2021年全县教育系统政务公开工作要点》政策解读",
		Published:  "2021-08-27",
		CategoryID: "zcfg-zcxwj",
		Disclosure: domain.DisclosureProactive,
		Validity:   domain.ValidityValid,
		Interprets: "yjt-2021-12",
		Sample:     true,
		Body:       []domain.Block{{Kind: domain.BlockParagraph, Text: "一图读懂工作要点。"}},
	}, {
		ID:          "zs-2026-01",
		Title:       "2026年义务教育学校招生工作实施方案",
		Published:   "2026-03-01",
		CategoryID:  "ywjy-zsgl-zszc",
		Disclosure:  domain.DisclosureOnRequest,
		Validity:    domain.ValidityExpired,
		Sample:      true,
		Body:        []domain.Block{{Kind: domain.BlockList, Items: []string{"招生对象", "报名方式"}}},
		Attachments: []domain.Attachment{pdf},
	}}
	if !reflect.DeepEqual(set.Documents, wantDocs) {
		t.Errorf("documents:\n got %+v\nwant %+v", set.Documents, wantDocs)
	}

	wantFiles := map[string]File{
		pdfSHA: {Path: "files/plan.pdf", Size: 27, MediaType: "application/pdf"},
		txtSHA: {Path: "files/note.txt", Size: 13, MediaType: "text/plain; charset=utf-8"},
	}
	if !reflect.DeepEqual(set.Files, wantFiles) {
		t.Errorf("files:\n got %+v\nwant %+v", set.Files, wantFiles)
	}

	wantCons := []domain.Consultation{{
		ID:      "zj-2026-01",
		Title:   "《阳谷县义务教育学校招生入学办法（征求意见稿）》公开征求意见",
		Summary: "欢迎提出意见。",
		Draft: []domain.Block{
			{Kind: domain.BlockHeading, Level: 1, Text: "第一章 总则"},
			{Kind: domain.BlockParagraph, Text: "第一条 为规范招生入学工作，制定本办法。"},
		},
		Opens:  "2026-11-10",
		Closes: "2026-12-10",
	}}
	if !reflect.DeepEqual(set.Consultations, wantCons) {
		t.Errorf("consultations:\n got %+v\nwant %+v", set.Consultations, wantCons)
	}

	cst := time.FixedZone("CST", 8*3600)
	wantEvents := []domain.Event{{
		ID: "kfr-2026-12", Title: "教育和体育局政府开放日", Description: "参观政务公开专区。",
		Place: "阳谷县教育和体育局一楼政务公开专区",
		Start: time.Date(2026, 12, 18, 9, 0, 0, 0, cst), End: time.Date(2026, 12, 18, 11, 30, 0, 0, cst),
		Capacity: 30, MaxAttendees: 2, Terms: "请携带身份证件。",
	}, {
		ID: "kfr-2026-12b", Title: "招生政策现场解读会", Place: "阳谷县教育和体育局三楼会议室",
		Start: time.Date(2026, 12, 20, 14, 0, 0, 0, cst), End: time.Date(2026, 12, 20, 16, 0, 0, 0, cst),
		Capacity: 0, MaxAttendees: 1,
	}}
	if got, want := len(set.Events), len(wantEvents); got != want {
		t.Fatalf("events: got %d, want %d", got, want)
	}
	for i, e := range set.Events {
		w := wantEvents[i]
		if !e.Start.Equal(w.Start) || !e.End.Equal(w.End) {
			t.Errorf("event %s: times %v..%v, want %v..%v", e.ID, e.Start, e.End, w.Start, w.End)
		}
		if _, off := e.Start.Zone(); off != 8*3600 {
			t.Errorf("event %s: start offset %d, want +08:00 kept", e.ID, off)
		}
		e.Start, e.End, w.Start, w.End = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if !reflect.DeepEqual(e, w) {
			t.Errorf("event:\n got %+v\nwant %+v", e, w)
		}
	}

	wantCal := []domain.CalendarYear{
		{Year: 2025, Off: []string{"2025-01-01"}, Work: []string{}},
		{Year: 2026, Off: []string{"2026-01-01", "2026-01-02", "2026-01-03"}, Work: []string{"2026-01-04"}},
	}
	if !reflect.DeepEqual(set.Calendar, wantCal) {
		t.Errorf("calendar:\n got %+v\nwant %+v", set.Calendar, wantCal)
	}
}

// jd is the interpretation document of the test catalogue with its front
// matter lines replaced, so a case can show the exact line it breaks.
func jd(frontMatter string) string {
	return "+++\n" + frontMatter + "\n+++\n正文。\n"
}

// jdWith is the interpretation's front matter with one line more, line 6
// of its file.
func jdWith(line string) string {
	return jd(`id = "yjt-2021-12-jd"
title = "解读"
published = 2021-08-27
category = "zcfg-zcxwj"
` + line)
}

func TestLoadProblems(t *testing.T) {
	const jdPath = "docs/2021/workplan-jd.md"
	const all = 3 // documents in the good catalogue
	tests := []struct {
		name    string
		changes map[string]string
		path    string
		line    int
		message string // a part of the problem's message
		keep    int    // documents returned with KeepGoing; -1: Load fails even then
	}{{
		name: "malformed front matter",
		changes: map[string]string{jdPath: jd(`id = "yjt-2021-12-jd"
title = "未闭合的标题
published = 2021-08-27
category = "zcfg-zcxwj"`)},
		path: jdPath, line: 3, message: "TOML 格式错误", keep: all - 1,
	}, {
		name:    "no front matter",
		changes: map[string]string{jdPath: "# 标题\n\n正文\n"},
		path:    jdPath, line: 1, message: "+++", keep: all - 1,
	}, {
		name:    "unclosed front matter",
		changes: map[string]string{jdPath: "+++\nid = \"x\"\n正文\n"},
		path:    jdPath, line: 1, message: "+++", keep: all - 1,
	}, {
		name: "unknown category path",
		changes: map[string]string{jdPath: jd(`id = "yjt-2021-12-jd"
title = "解读"
published = 2021-08-27
category = "义务教育/招生"`)},
		path: jdPath, line: 5, message: `未知分类 "义务教育/招生"`, keep: all - 1,
	}, {
		name: "unknown category id",
		changes: map[string]string{jdPath: jd(`id = "yjt-2021-12-jd"
category = "no-such-id"
title = "解读"
published = 2021-08-27`)},
		path: jdPath, line: 3, message: `未知分类 "no-such-id"`, keep: all - 1,
	}, {
		name:    "missing attachment",
		changes: map[string]string{"files/note.txt": ""},
		path:    "docs/2021/workplan.md", line: 12, message: `文件 "yjt-2021-12" 的附件 "../../files/note.txt" 找不到文件 files/note.txt`,
		keep: all - 2, // its interpretation goes with it
	}, {
		name:    "attachment type not offered",
		changes: map[string]string{"files/setup.exe": "MZ", jdPath: jdWith(`attachments = ["../../files/setup.exe"]`)},
		path:    jdPath, line: 6, message: "类型不支持", keep: all - 1,
	}, {
		name:    "attachment outside the catalogue",
		changes: map[string]string{jdPath: jdWith(`attachments = ["../../../secret.pdf"]`)},
		path:    jdPath, line: 6, message: "目录以外", keep: all - 1,
	}, {
		name: "unknown key",
		changes: map[string]string{jdPath: jd(`id = "yjt-2021-12-jd"
titel = "解读"
title = "解读"
published = 2021-08-27
category = "zcfg-zcxwj"`)},
		path: jdPath, line: 3, message: `未知的键 "titel"`, keep: all - 1,
	}, {
		name: "missing required key",
		changes: map[string]string{jdPath: jd(`id = "yjt-2021-12-jd"
published = 2021-08-27
category = "zcfg-zcxwj"`)},
		path: jdPath, line: 1, message: `缺少必填项 "title"`, keep: all - 1,
	}, {
		name: "impossible date",
		changes: map[string]string{jdPath: jd(`id = "yjt-2021-12-jd"
title = "解读"
category = "zcfg-zcxwj"
published = "2021-02-30"`)},
		path: jdPath, line: 5, message: `日期无效："2021-02-30"`, keep: all - 1,
	}, {
		name: "date in the wrong form",
		changes: map[string]string{jdPath: jd(`id = "yjt-2021-12-jd"
title = "解读"
written = "2021/08/25"
published = 2021-08-27
category = "zcfg-zcxwj"`)},
		path: jdPath, line: 4, message: `"written" 日期无效`, keep: all - 1,
	}, {
		name: "date with a time",
		changes: map[string]string{jdPath: jd(`id = "yjt-2021-12-jd"
title = "解读"
published = 2021-08-27T10:00:00
category = "zcfg-zcxwj"`)},
		path: jdPath, line: 4, message: "不要带时间", keep: all - 1,
	}, {
		name: "written after published",
		changes: map[string]string{jdPath: jd(`id = "yjt-2021-12-jd"
title = "解读"
published = 2021-08-27
written = 2021-09-01
category = "zcfg-zcxwj"`)},
		path: jdPath, line: 5, message: "晚于发布日期", keep: all - 1,
	}, {
		name:    "wrong value type",
		changes: map[string]string{jdPath: jdWith(`keywords = "政务公开"`)},
		path:    jdPath, line: 6, message: `"keywords" 应为列表`, keep: all - 1,
	}, {
		name:    "bad disclosure",
		changes: map[string]string{jdPath: jdWith(`disclosure = "公开"`)},
		path:    jdPath, line: 6, message: `公开属性 "公开" 无效`, keep: all - 1,
	}, {
		name: "bad validity",
		changes: map[string]string{jdPath: jd(`id = "yjt-2021-12-jd"
title = "解读"
validity = "有效的"
published = 2021-08-27
category = "zcfg-zcxwj"`)},
		path: jdPath, line: 4, message: `有效性 "有效的" 无效`, keep: all - 1,
	}, {
		name: "duplicate id",
		changes: map[string]string{"docs/zz-copy.md": jd(`title = "副本"
id = "yjt-2021-12-jd"
published = 2021-08-27
category = "zcfg-zcxwj"`)},
		path: "docs/zz-copy.md", line: 3, message: `文件 id "yjt-2021-12-jd" 重复（docs/2021/workplan-jd.md 第 2 行已使用）`, keep: all,
	}, {
		name:    "bad interprets",
		changes: map[string]string{jdPath: jdWith(`interprets = "yjt-2021-99"`)},
		path:    jdPath, line: 6, message: `interprets 指向的文件 id "yjt-2021-99" 不存在`, keep: all - 1,
	}, {
		name:    "not UTF-8",
		changes: map[string]string{jdPath: "+++\nid = \"x\"\ntitle = \"\xbd\xe2\xb6\xc1\"\n+++\n"},
		path:    jdPath, line: 3, message: "UTF-8", keep: all - 1,
	}, {
		name:    "categories.toml missing",
		changes: map[string]string{"categories.toml": ""},
		path:    "categories.toml", line: 0, message: "缺少分类目录文件", keep: -1,
	}, {
		name:    "categories.toml malformed",
		changes: map[string]string{"categories.toml": "[[category]]\nid = \"jg\"\nname = 机构职能\n"},
		path:    "categories.toml", line: 3, message: "TOML 格式错误", keep: -1,
	}, {
		name: "category parent declared after its child",
		changes: map[string]string{"categories.toml": `[[category]]
id = "zcfg-zcxwj"
name = "政策性文件"
parent = "zcfg"

[[category]]
id = "zcfg"
name = "政策法规"

[[category]]
id = "ywjy"
name = "义务教育"
[[category]]
id = "ywjy-zsgl"
name = "招生管理"
parent = "ywjy"
[[category]]
id = "ywjy-zsgl-zszc"
name = "招生政策"
parent = "ywjy-zsgl"
`},
		path: "categories.toml", line: 4, message: `上级分类 "zcfg" 不存在，或写在本分类之后`, keep: 1,
	}, {
		name: "category id not ASCII",
		changes: map[string]string{"categories.toml": `[[category]]
id = "zcfg"
name = "政策法规"

[[category]]
id = "政策性文件"
name = "政策性文件"
parent = "zcfg"
`},
		path: "categories.toml", line: 6, message: "只能用英文字母", keep: 0,
	}, {
		name: "category names repeated among siblings",
		changes: map[string]string{"categories.toml": `[[category]]
id = "zcfg"
name = "政策法规"
[[category]]
id = "zcfg-zcxwj"
name = "政策性文件"
parent = "zcfg"
[[category]]
id = "zcfg-zcxwj-2"
name = "政策性文件"
parent = "zcfg"
[[category]]
id = "ywjy-zsgl-zszc"
name = "招生政策"
`},
		path: "categories.toml", line: 10, message: `同一上级下已有名为 "政策性文件" 的分类`, keep: 2,
	}, {
		name: "category listed as a plain table",
		changes: map[string]string{"categories.toml": `[category]
id = "zcfg"
name = "政策法规"
`},
		path: "categories.toml", line: 1, message: "应写成 [[category]]", keep: 0,
	}, {
		name: "consultation closes before it opens",
		changes: map[string]string{"consultations.toml": `[[consultation]]
id = "zj-1"
title = "征求意见"
opens = 2026-11-10
closes = 2026-11-09
draft = """
草案
"""
`},
		path: "consultations.toml", line: 5, message: "截止日期 2026-11-09 早于开始日期 2026-11-10", keep: all,
	}, {
		name: "consultation key after a multi-line draft",
		changes: map[string]string{"consultations.toml": `[[consultation]]
id = "zj-1"
title = "征求意见"
draft = """
opens = 这一行是草案正文，不是键
"""
opens = 2026-11-10
closes = 2026-11-12
document = "no-such-doc"
`},
		path: "consultations.toml", line: 9, message: `document 指向的文件 id "no-such-doc" 不存在`, keep: all,
	}, {
		name:    "event ends before it starts",
		changes: map[string]string{"events.toml": eventTOML("2026-12-18T09:00:00+08:00", "2026-12-18T08:00:00+08:00", "10")},
		path:    "events.toml", line: 6, message: "结束时间应晚于开始时间", keep: all,
	}, {
		name:    "event time without offset",
		changes: map[string]string{"events.toml": eventTOML("2026-12-18T09:00:00", "2026-12-18T11:00:00+08:00", "10")},
		path:    "events.toml", line: 5, message: "带时区", keep: all,
	}, {
		name:    "event with negative capacity",
		changes: map[string]string{"events.toml": eventTOML("2026-12-18T09:00:00+08:00", "2026-12-18T11:00:00+08:00", "-1")},
		path:    "events.toml", line: 7, message: "不能为负数", keep: all,
	}, {
		name: "calendar date outside its year",
		changes: map[string]string{"calendar.toml": `[[year]]
year = 2026
off = ["2026-01-01"]

[[year]]
year = 2025
off = ["2025-01-01", "2026-01-02"]
`},
		path: "calendar.toml", line: 7, message: "日期 2026-01-02 不在 2025 年内", keep: all,
	}, {
		name: "calendar date both off and work",
		changes: map[string]string{"calendar.toml": `[[year]]
year = 2026
off = [
  "2026-01-01",
  "2026-01-04",
]
work = ["2026-01-04"]
`},
		path: "calendar.toml", line: 7, message: "既在 off（放假）又在 work（调休上班）中", keep: all,
	}, {
		name:    "calendar with an unknown table",
		changes: map[string]string{"calendar.toml": "[[year]]\nyear = 2026\n\n[[years]]\nyear = 2027\n"},
		path:    "calendar.toml", line: 4, message: `未知的键 "years"`, keep: all,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := goodFS(t, tt.changes)

			set, rep, err := Load(fsys, Options{})
			if set != nil {
				t.Errorf("Load returned a set despite problems")
			}
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load error = %v, want a *LoadError", err)
			}
			if got := domain.ErrorCode(err); got != domain.EINVALID {
				t.Errorf("ErrorCode = %q, want %q", got, domain.EINVALID)
			}
			if !reflect.DeepEqual(le.Problems, rep.Problems) {
				t.Errorf("LoadError problems %v differ from the report's %v", le.Problems, rep.Problems)
			}
			if !hasProblem(le.Problems, tt.path, tt.line, tt.message) {
				t.Fatalf("no problem %s:%d: …%s…; got:\n%s", tt.path, tt.line, tt.message, le.Error())
			}
			if !strings.Contains(err.Error(), Problem{Path: tt.path, Line: tt.line}.Error()) {
				t.Errorf("error text does not name %s:%d:\n%s", tt.path, tt.line, err)
			}

			set, rep, err = Load(fsys, Options{KeepGoing: true})
			if tt.keep < 0 {
				if err == nil || set != nil {
					t.Fatalf("KeepGoing: got a set and error %v, want a failure", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("KeepGoing: %v", err)
			}
			if !hasProblem(rep.Problems, tt.path, tt.line, tt.message) {
				t.Errorf("KeepGoing report lacks the problem: %v", rep.Problems)
			}
			if got := len(set.Documents); got != tt.keep {
				t.Errorf("KeepGoing: %d documents, want %d", got, tt.keep)
			}
		})
	}
}

func hasProblem(ps []Problem, path string, line int, message string) bool {
	for _, p := range ps {
		if p.Path == path && p.Line == line && strings.Contains(p.Message, message) {
			return true
		}
	}
	return false
}

// TestKeepGoingReturnsTheRest checks what KeepGoing leaves in: the good
// documents, their attachments only, and every other part of the set.
func TestKeepGoingReturnsTheRest(t *testing.T) {
	fsys := goodFS(t, map[string]string{
		"docs/2021/workplan.md": jd(`id = "yjt-2021-12"
title = "工作要点"
published = 2021-08-27
category = "义务教育/招生"`), // bad category, and it was the only user of note.txt
		"docs/zs/2026-bad.md": jd(`id = "bad"`),
	})
	set, rep, err := Load(fsys, Options{KeepGoing: true})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range set.Documents {
		ids = append(ids, d.ID)
	}
	// The 解读 of the bad document is dropped too: it would dangle.
	if want := []string{"zs-2026-01"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("documents %v, want %v", ids, want)
	}
	if got := len(set.Files); got != 1 {
		t.Errorf("%d files, want only the surviving document's one", got)
	}
	if len(set.Categories) != 7 || len(set.Consultations) != 1 || len(set.Events) != 2 || len(set.Calendar) != 2 {
		t.Errorf("the rest of the set is incomplete: %d categories, %d consultations, %d events, %d years",
			len(set.Categories), len(set.Consultations), len(set.Events), len(set.Calendar))
	}
	// One problem for the bad category, one for the dangling 解读 and two
	// for the document without title, published or category (three keys,
	// reported on line 1 each) — all sorted by path and line.
	for i := 1; i < len(rep.Problems); i++ {
		a, b := rep.Problems[i-1], rep.Problems[i]
		if a.Path > b.Path || (a.Path == b.Path && a.Line > b.Line) {
			t.Errorf("problems not sorted: %v before %v", a, b)
		}
	}
	for _, want := range []struct {
		path    string
		message string
	}{
		{"docs/2021/workplan-jd.md", "interprets"},
		{"docs/2021/workplan.md", "未知分类"},
		{"docs/zs/2026-bad.md", `缺少必填项 "title"`},
		{"docs/zs/2026-bad.md", `缺少必填项 "published"`},
		{"docs/zs/2026-bad.md", `缺少必填项 "category"`},
	} {
		found := false
		for _, p := range rep.Problems {
			found = found || (p.Path == want.path && strings.Contains(p.Message, want.message))
		}
		if !found {
			t.Errorf("no problem in %s about %s: %v", want.path, want.message, rep.Problems)
		}
	}
}

func TestOpenFile(t *testing.T) {
	fsys := os.DirFS("testdata/good")
	set, _, err := Load(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for sha, f := range set.Files {
		rc, err := OpenFile(fsys, f)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(b)) != f.Size {
			t.Errorf("%s: read %d bytes, want %d", f.Path, len(b), f.Size)
		}
		_ = sha
	}
	if _, err := OpenFile(fsys, File{Path: "files/none.pdf"}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("OpenFile of a missing file: %v, want fs.ErrNotExist", err)
	}
}

func TestProblemError(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{Path: "docs/a.md", Line: 5, Message: `未知分类 "义务教育/招生"`}, `docs/a.md:5: 未知分类 "义务教育/招生"`},
		{Problem{Path: "categories.toml", Message: "缺少分类目录文件"}, "categories.toml: 缺少分类目录文件"},
	}
	for _, tt := range tests {
		if got := tt.p.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

// TestEmptyCatalogue: a directory with only a tree (no docs/ folder, none
// of the optional files) is a valid, empty catalogue.
func TestEmptyCatalogue(t *testing.T) {
	fsys := fstest.MapFS{"categories.toml": {Data: []byte("[[category]]\nid = \"a\"\nname = \"甲\"\n")}}
	set, rep, err := Load(fsys, Options{})
	if err != nil || len(rep.Problems) != 0 {
		t.Fatalf("Load: %v %v", err, rep.Problems)
	}
	if len(set.Categories) != 1 || len(set.Documents) != 0 || set.Files == nil {
		t.Errorf("set = %+v", set)
	}
}

// FuzzLoadDocument: no document file, however broken, makes Load panic,
// and every problem names the file and a line inside it.
func FuzzLoadDocument(f *testing.F) {
	good, err := os.ReadFile("testdata/good/docs/2021/workplan.md")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(good))
	f.Add(jd("id = \"x\"\ntitle = \"\"\"\n多行\n\"\"\"\npublished = 2021-02-29\ncategory = 'jg'"))
	f.Add("+++\n[[attachments]]\na.b = 1\n'q' = 2\n+++\n")
	f.Fuzz(func(t *testing.T, src string) {
		fsys := goodFS(t, map[string]string{"docs/fuzz.md": src + " "})
		_, rep, _ := Load(fsys, Options{KeepGoing: true})
		lines := strings.Count(src, "\n") + 1
		for _, p := range rep.Problems {
			if p.Path == "docs/fuzz.md" && (p.Line < 0 || p.Line > lines) {
				t.Fatalf("problem on line %d of a %d-line file: %v", p.Line, lines, p)
			}
		}
	})
}

// eventTOML is an events.toml of one event, e1, from start to end with
// capacity seats (TOML values as written).
func eventTOML(start, end, capacity string) string {
	return fmt.Sprintf("[[event]]\nid = \"e1\"\ntitle = \"开放日\"\nplace = \"一楼\"\nstart = %s\nend = %s\ncapacity = %s\n", start, end, capacity)
}
