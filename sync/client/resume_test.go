package client

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"gongkai/internal/domain"
	"gongkai/internal/must"
)

// TestHubKilledMidSyncResumes kills the hub while it is sending the 8th
// page of a 10,000-document first sync, restarts it on the same data and
// address, and checks that the kiosk resumes from its cursor and ends with
// exactly the hub's catalogue.
func TestHubKilledMidSyncResumes(t *testing.T) {
	ctx := context.Background()
	th := startHub(t)
	th.load(10000, "招生", false)
	k := enrolledKiosk(t, th)

	const killAt = 8
	th.setWrap(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/v1/changes" || th.pages.Load() != killAt {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			body := rec.Body.Bytes()
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(rec.Code)
			w.Write(body[:len(body)/2])
			w.(http.Flusher).Flush()
			th.kill() // the hub dies with half a page sent
			panic(http.ErrAbortHandler)
		})
	})
	_, err := k.SyncOnce(ctx)
	if err == nil {
		t.Fatal("sync went through a killed hub")
	}
	cut := must.Call(t, k.cat.Cursor)
	if want := int64((killAt - 1) * 500); cut != want {
		t.Fatalf("after the kill the kiosk is at %d, want %d (every whole page applied, the cut one not)", cut, want)
	}
	if _, err := k.SyncOnce(ctx); err == nil {
		t.Fatal("sync succeeded while the hub is down")
	}

	th.setWrap(nil)
	th.restart()
	before := th.pages.Load()
	th.mu.Lock()
	first := len(th.since)
	th.mu.Unlock()
	res, err := k.SyncOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	th.mu.Lock()
	resumedFrom := th.since[first]
	th.mu.Unlock()
	if resumedFrom != cut || res.From != cut {
		t.Errorf("after the restart the kiosk asked since %d, want its cursor %d", resumedFrom, cut)
	}
	if got, want := th.pages.Load()-before, int64(14); got != want {
		t.Errorf("resuming took %d page requests, want %d (the pages left, not all 21)", got, want)
	}
	if got, want := k.cat.Digest(t), th.digest(); got != want {
		t.Fatalf("kiosk digest %s != hub digest %s after resuming", got, want)
	}
}

// TestLongOfflineKioskCatchesUp lets a kiosk fall 10,000 changes behind
// (updates, new documents and withdrawals) and syncs it once.
func TestLongOfflineKioskCatchesUp(t *testing.T) {
	ctx := context.Background()
	th := startHub(t)
	th.load(3000, "旧标题", false)
	k := enrolledKiosk(t, th)
	if _, err := k.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	// 8,000 documents of which the first 3,000 change title, then 2,000
	// of them are withdrawn: 10,000 changes in all.
	objs, files, _ := catalogue(t, 8000, "新标题")
	th.importObjects(objs, files, false)
	res := th.importObjects(append(objs[:1:1], objs[2001:]...), files, true)
	head, _ := th.Hub.Store.Head(ctx)
	if head-3001 != 10000 || res.Deleted != 2000 {
		t.Fatalf("hub moved %d versions (%+v), want 10,000", head-3001, res)
	}
	r, err := k.SyncOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Each document's latest change is all that travels.
	if r.To != head || r.Changes != 8000 {
		t.Errorf("catch-up = %+v, want to %d with 8,000 changes", r, head)
	}
	if got, want := k.cat.Digest(t), th.digest(); got != want {
		t.Fatalf("kiosk digest %s != hub digest %s", got, want)
	}
	if k.cat.Get(t, domain.KindDocument, fmt.Sprintf("d%05d", 1)) != nil {
		t.Error("a withdrawn document is still on the kiosk")
	}
}
