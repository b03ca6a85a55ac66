package foisqlite_test

import (
	"bytes"
	"context"
	"testing"

	"gongkai/internal/foi"
	"gongkai/internal/foi/foisqlite"
)

// TestCopyTo: a register moved out of foi.db (hub migrate-store) keeps
// every case with its letters and files under the same numbers, its
// templates and settings; a second run copies nothing more; new letters,
// files and cases in the copy are numbered after the copied ones.
func TestCopyTo(t *testing.T) {
	eachBackend(t, func(t *testing.T, bk backend) {
		ctx := context.Background()
		src := newFixture(t, sqlite, "2025-09-29")
		if err := src.svc.SaveSettings(ctx, admin, foi.Settings{Agency: "阳谷县教育和体育局", Phone: "0635-6212345"}); err != nil {
			t.Fatal(err)
		}
		tpl, err := src.svc.Template(ctx, "1")
		if err != nil {
			t.Fatal(err)
		}
		if err := src.svc.SaveTemplate(ctx, admin, foi.Template{Key: "1", Title: tpl.Title, Body: tpl.Body + "\n\n特此告知。"}); err != nil {
			t.Fatal(err)
		}
		a := src.register(t, foi.ChannelPost, "2025-09-26", person("张三", "11010519491231002X"), "学区划分方案")
		src.do(t, registrar, a.ID, foi.Action{Kind: foi.ActReview})
		a = src.do(t, registrar, a.ID, foi.Action{Kind: foi.ActCorrect, Unclear: "请写明街道", Days: 10, Method: "邮寄"})
		src.register(t, foi.ChannelInPerson, "", person("李四", ""), "财政预算")
		kc := kioskCase(t, src, 2, 7, "2025-09-29")
		file, err := src.svc.AddFile(ctx, registrar, a.ID, "扫描件.pdf", "application/pdf", []byte("%PDF-1.4 scan"))
		if err != nil {
			t.Fatal(err)
		}
		letter, err := src.svc.LetterFile(ctx, registrar, a.ID, a.Correspondence[0].LetterID)
		if err != nil {
			t.Fatal(err)
		}

		dst := newFixture(t, bk, "2025-09-29")
		for run, want := range []foisqlite.Copied{{Cases: 3, Letters: 1, Files: 1, Templates: 1}, {}} {
			got, err := src.st.CopyTo(ctx, dst.st)
			if err != nil {
				t.Fatal(err)
			}
			if (got.Meta > 0) != (run == 0) {
				t.Errorf("run %d copied %d settings", run+1, got.Meta)
			}
			if got.Meta = 0; got != want {
				t.Errorf("run %d copied %+v, want %+v", run+1, got, want)
			}
		}
		c, err := dst.svc.Get(ctx, registrar, kc.Tracking)
		if err != nil || c.ID != kc.ID || c.Applicant.Name != "王五" {
			t.Errorf("kiosk case in the copy: %+v %v", c, err)
		}
		l, err := dst.svc.LetterFile(ctx, registrar, a.ID, a.Correspondence[0].LetterID)
		if err != nil || !bytes.Equal(l.PDF, letter.PDF) {
			t.Errorf("letter in the copy: %v", err)
		}
		fc, err := dst.svc.File(ctx, registrar, a.ID, file.ID)
		if err != nil || string(fc.Data) != "%PDF-1.4 scan" || fc.Name != file.Name {
			t.Errorf("file in the copy: %+v %v", fc, err)
		}
		if got, err := dst.svc.Template(ctx, "1"); err != nil || got.Body != tpl.Body+"\n\n特此告知。" {
			t.Errorf("edited template in the copy: %v", err)
		}
		if s, err := dst.svc.Settings(ctx); err != nil || s.Agency != "阳谷县教育和体育局" {
			t.Errorf("settings in the copy: %+v %v", s, err)
		}
		// Work goes on in the copy with fresh numbers.
		f2, err := dst.svc.AddFile(ctx, registrar, a.ID, "补充.pdf", "application/pdf", []byte("%PDF-1.4 more"))
		if err != nil || f2.ID <= file.ID {
			t.Errorf("a new file in the copy: %+v %v", f2, err)
		}
		dst.do(t, registrar, a.ID, foi.Action{Kind: foi.ActCorrected})
		n := dst.register(t, foi.ChannelInPerson, "", person("赵六", ""), "招生计划")
		if n.ID != "2025-00004" {
			t.Errorf("a new case in the copy is %s, want 2025-00004", n.ID)
		}
	})
}
