package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/calendar"
	"gongkai/internal/console/browsertest"
	"gongkai/internal/domain"
	"gongkai/internal/password"
	"gongkai/internal/staff"
	"gongkai/internal/testclock"
	"gongkai/sync/client"
	"gongkai/sync/protocol"
)

// The kiosk PINs of the test: ten digits, so no timestamp, hash or random
// token in the hub's files holds one by chance.
const (
	zhangPIN  = "3819570264"
	liPIN     = "6028417395"
	sharedPIN = "2468103579"
)

// TestFrontDeskKioskPINs: a 管理员 sets the kiosk PINs of two 前台 accounts
// in the console of a real `hub serve` (HTTP forms with the session and
// its CSRF token); an enrolled kiosk that used the shared PIN syncs and
// from then on takes 工号 + own PIN only: Zhang's PIN opens staff mode for
// 0123 and not for Li's 0456, the shared PIN no longer works, the kiosk's
// audit log names 0123. The page on the wire carries a hash that verifies
// the PIN and never the PIN; Zhang disabled in the console cannot log in
// after the next sync. The PINs are nowhere in the hub's files or logs.
func TestFrontDeskKioskPINs(t *testing.T) {
	ctx := context.Background()
	clk := testclock.New(time.Date(2026, 3, 2, 10, 0, 0, 0, calendar.Beijing))
	srv, code := servedHub(t, clk, []consoleAccount{
		{login: "admin", role: "管理员", name: "王管理"},
		{login: "zhang", role: "前台", name: "张前台"},
		{login: "li", role: "前台", name: "李前台"},
	})
	dir := srv.Dir

	// The kiosk, enrolled before any PIN was set, uses the shared PIN.
	k := enrolKiosk(t, clk, srv.APIURL, code)
	wire := &recorder{rt: &http.Transport{DisableCompression: true}}
	k.useHTTP(&http.Client{Transport: wire, Timeout: 10 * time.Second}, client.UplinkOptions{})
	st, err := staff.Open(ctx, k.st.DB(), k.st, staff.Options{Now: clk.Now, Params: password.FastParams, Roster: k.st})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetPIN(ctx, sharedPIN); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Login(ctx, "0123", sharedPIN); err != nil {
		t.Fatalf("shared PIN before the staff list: %v", err)
	}
	st.End(ctx, staff.EndSignOut)

	// The administrator sets both PINs in the console.
	admin := browsertest.NewForm(t, srv.ConsoleURL)
	admin.Login("admin", consolePW)
	for _, u := range []struct{ login, no, pin string }{{"zhang", "0123", zhangPIN}, {"li", "0456", liPIN}} {
		admin.Get("/users/" + u.login)
		if a := admin.Post("/users/"+u.login+"/kiosk-pin", url.Values{"staff_no": {u.no}, "pin": {u.pin}, "again": {u.pin}}); a.Location() != "/users/"+u.login+"?done=kiosk-pin" {
			t.Fatalf("set %s's kiosk PIN = %d → %q\n%s", u.login, a.Status, a.Location(), a.Body)
		}
	}

	if _, err := k.cl.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if s, _ := st.Status(ctx); !s.Roster || s.Members != 2 {
		t.Fatalf("after the sync: %+v", s)
	}
	sess, err := st.Login(ctx, "0123", zhangPIN)
	if err != nil || sess.Name != "张前台" {
		t.Fatalf("0123 with Zhang's PIN: %+v, %v", sess, err)
	}
	st.End(ctx, staff.EndSignOut)
	if _, err := st.Login(ctx, "0456", zhangPIN); domain.ErrorCode(err) != domain.EAUTH {
		t.Errorf("0456 with Zhang's PIN: %v", err)
	}
	for _, id := range []string{"0123", "9999"} {
		if _, err := st.Login(ctx, id, sharedPIN); domain.ErrorCode(err) != domain.EAUTH {
			t.Errorf("%s with the shared PIN after the sync: %v", id, err)
		}
	}
	if _, err := st.Login(ctx, "0456", liPIN); err != nil {
		t.Errorf("0456 with Li's PIN: %v", err)
	}
	st.End(ctx, staff.EndSignOut)
	entries, err := st.Recent(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	logged := false
	for _, e := range entries {
		logged = logged || e.StaffID == "0123" && e.Action == staff.ActionLogin && e.Detail == "本人终端密码"
	}
	if !logged {
		t.Errorf("the kiosk's audit log does not record 0123 logging in with their own PIN: %+v", entries)
	}

	// On the wire: signed pages whose staff hashes verify the PINs.
	pages := wire.pages(t, k.hub.SignKey)
	hashes := map[string]string{}
	for _, p := range pages {
		for _, c := range p.Changes {
			if c.Kind == domain.KindStaff && !c.Deleted {
				m, err := protocol.StaffMemberOf(c)
				if err != nil {
					t.Fatal(err)
				}
				hashes[m.ID] = m.PINHash
			}
		}
	}
	for id, pin := range map[string]string{"0123": zhangPIN, "0456": liPIN} {
		if ok, _, err := password.Match(pin, hashes[id]); !ok || err != nil {
			t.Errorf("the hash sent for %s does not verify its PIN (%q, %v)", id, hashes[id], err)
		}
	}

	// Zhang's account disabled: refused after the next sync.
	admin.Get("/users/zhang")
	if a := admin.Post("/users/zhang/disable", nil); a.Location() != "/users/zhang?done=disabled" {
		t.Fatalf("disable → %q", a.Location())
	}
	if _, err := st.Login(ctx, "0123", zhangPIN); err != nil {
		t.Errorf("before the kiosk syncs the change, Zhang still logs in: %v", err)
	}
	st.End(ctx, staff.EndSignOut)
	if _, err := k.cl.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Login(ctx, "0123", zhangPIN); domain.ErrorCode(err) != domain.EAUTH {
		t.Errorf("a disabled account's PIN after the sync: %v", err)
	}
	if _, err := st.Login(ctx, "0456", liPIN); err != nil {
		t.Errorf("Li after Zhang was disabled: %v", err)
	}

	// The PINs themselves: not on the wire, not in the logs, not in any
	// file of the hub.
	for _, pin := range []string{zhangPIN, liPIN} {
		if wire.holds(pin) {
			t.Errorf("PIN %s went over the wire", pin)
		}
		if logs := srv.Logs.String(); strings.Contains(logs, pin) || strings.Contains(logs, "$argon2id$") {
			t.Errorf("the hub's log holds PIN %s or a hash", pin)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue // a directory
		}
		for _, pin := range []string{zhangPIN, liPIN} {
			if bytes.Contains(b, []byte(pin)) {
				t.Errorf("%s holds PIN %s", filepath.Base(f), pin)
			}
		}
	}
}

// recorder keeps every /v1/changes answer as received, gzip undone.
type recorder struct {
	rt http.RoundTripper
	mu sync.Mutex
	// bodies and sigs are the page payloads and their signatures.
	bodies [][]byte
	sigs   []string
	all    [][]byte // every response body
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.rt.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	plain := body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		if zr, err := gzip.NewReader(bytes.NewReader(body)); err == nil {
			plain, _ = io.ReadAll(zr)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.all = append(r.all, plain)
	if req.URL.Path == "/v1/changes" && resp.StatusCode == http.StatusOK {
		r.bodies = append(r.bodies, plain)
		r.sigs = append(r.sigs, resp.Header.Get(protocol.HeaderSignature))
	}
	return resp, nil
}

// pages verifies and decodes the recorded pages.
func (r *recorder) pages(t *testing.T, key []byte) []*protocol.Page {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*protocol.Page
	for i, b := range r.bodies {
		sig, err := base64.StdEncoding.DecodeString(r.sigs[i])
		if err != nil {
			t.Fatal(err)
		}
		p, err := protocol.VerifyPage(key, b, sig)
		if err != nil {
			t.Fatalf("recorded page %d: %v", i, err)
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		t.Fatal("no page went over the wire")
	}
	return out
}

func (r *recorder) holds(s string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, b := range r.all {
		if bytes.Contains(b, []byte(s)) {
			return true
		}
	}
	return false
}
