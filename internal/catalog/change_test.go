package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"gongkai/internal/domain"
)

func TestChanges(t *testing.T) {
	set, _, err := Load(os.DirFS("testdata/good"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	changes := set.Changes(101)

	var got []string
	for i, c := range changes {
		if want := int64(101 + i); c.Version != want {
			t.Errorf("change %d: version %d, want %d", i, c.Version, want)
		}
		if c.Deleted {
			t.Errorf("change %d is a deletion", i)
		}
		got = append(got, c.Kind+" "+c.ID)
	}
	want := []string{
		"calendar 2025", "calendar 2026",
		"category jg", "category zcfg", "category zcfg-zcxwj", "category zcfg-gfxwj",
		"category ywjy", "category ywjy-zsgl", "category ywjy-zsgl-zszc",
		"document yjt-2021-12", "document yjt-2021-12-jd", "document zs-2026-01",
		"consultation zj-2026-01",
		"event kfr-2026-12", "event kfr-2026-12b",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes:\n got %q\nwant %q", got, want)
	}

	// Data is the object's JSON: it decodes back to the same object.
	for _, c := range changes {
		if c.Kind != domain.KindDocument {
			continue
		}
		var d domain.Document
		if err := json.Unmarshal(c.Data, &d); err != nil {
			t.Fatal(err)
		}
		for _, w := range set.Documents {
			if w.ID == d.ID && !reflect.DeepEqual(w, d) {
				t.Errorf("document %s does not round-trip:\n got %+v\nwant %+v", d.ID, d, w)
			}
		}
	}
	// Events keep their offset in the JSON, whatever the machine's zone.
	for _, c := range changes {
		if c.ID == "kfr-2026-12" && !bytes.Contains(c.Data, []byte(`"start":"2026-12-18T09:00:00+08:00"`)) {
			t.Errorf("event JSON %s lacks its +08:00 start", c.Data)
		}
	}
}

// TestChangesDeterministic: loading the same source twice (and from a
// different fs.FS implementation) gives byte-identical change records, so
// the hub can tell an unchanged re-import from a real update.
func TestChangesDeterministic(t *testing.T) {
	encode := func(set *Set) []byte {
		b, err := json.Marshal(set.Changes(1))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, _, err := Load(os.DirFS("testdata/good"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := Load(goodFS(t, nil), Options{})
	if err != nil {
		t.Fatal(err)
	}
	first := encode(a)
	for i := 0; i < 5; i++ {
		if again := encode(a); !bytes.Equal(first, again) {
			t.Fatalf("Changes differ between calls")
		}
	}
	if other := encode(b); !bytes.Equal(first, other) {
		t.Fatalf("Changes differ between two loads of the same catalogue:\n%s\n%s", first, other)
	}
}

// TestChangesParentsFirst: however the tree is deep, no category change
// comes before its parent's.
func TestChangesParentsFirst(t *testing.T) {
	var cats strings.Builder
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&cats, "[[category]]\nid = \"c%d\"\nname = \"分类%d\"\n", i, i)
		if i > 0 {
			fmt.Fprintf(&cats, "parent = \"c%d\"\n", (i-1)/3)
		}
	}
	set, _, err := Load(fstest.MapFS{"categories.toml": {Data: []byte(cats.String())}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{"": true}
	for _, c := range set.Changes(1) {
		var cat domain.Category
		if err := json.Unmarshal(c.Data, &cat); err != nil {
			t.Fatal(err)
		}
		if !seen[cat.ParentID] {
			t.Errorf("category %s comes before its parent %s", cat.ID, cat.ParentID)
		}
		seen[cat.ID] = true
	}
}

// BenchmarkLoad loads a generated catalogue of 1,000 documents of a few
// kilobytes each, the way `hub import` would, to give an import rate.
func BenchmarkLoad(b *testing.B) {
	fsys := goodFS(b, nil)
	body := strings.Repeat("## 一、总体要求\n\n　　坚持以人民为中心的发展思想，全面推进基层政务公开标准化规范化工作，\n进一步提升政务公开质量和实效。\n\n1. 加强组织领导。\n2. 强化监督考核。\n\n", 10)
	const n = 1000
	for i := 0; i < n; i++ {
		fsys[fmt.Sprintf("docs/gen/%04d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(`+++
id = "gen-%04d"
title = "生成的文件第%d号"
doc_no = "阳教体发〔2024〕%d号"
published = 2024-05-01
category = "义务教育/招生管理/招生政策"
keywords = ["招生", "政务公开"]
attachments = ["../../files/plan.pdf"]
+++
%s`, i, i, i, body))}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		set, _, err := Load(fsys, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(set.Documents) != n+3 {
			b.Fatalf("%d documents", len(set.Documents))
		}
		set.Changes(1)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
}
