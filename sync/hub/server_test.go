package hub

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"gongkai/sync/protocol"
)

// apiHub starts a hub with the base catalogue and one enrolled kiosk on a
// loopback listener and returns its URL and the kiosk's bearer credential.
func apiHub(t *testing.T) (*Hub, *clock, string, *protocol.EnrollResponse) {
	return apiHubOn(t, storeMakers[0])
}

// apiHubOn is apiHub with st's stores.
func apiHubOn(t *testing.T, st storeMaker) (*Hub, *clock, string, *protocol.EnrollResponse) {
	t.Helper()
	ctx := context.Background()
	h, clk := st.init(t)
	mustImport(t, h, baseCatalogue(t), false)
	srv := httptest.NewServer(NewServer(h, ServerOptions{}))
	t.Cleanup(srv.Close)
	code, _, err := h.NewEnrollCode(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(protocol.EnrollRequest{Protocol: protocol.Version, Code: code})
	resp := do(t, "POST", srv.URL+"/v1/enroll", "", bytes.NewReader(body), nil)
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("enrol: %s", resp.Status)
	}
	var er protocol.EnrollResponse
	if err := json.NewDecoder(resp.Body).Decode(&er); err != nil {
		t.Fatal(err)
	}
	return h, clk, srv.URL, &er
}

func do(t *testing.T, method, url, bearer string, body io.Reader, hdr map[string]string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(method, url, body)
	req.Header.Set(protocol.HeaderProtocol, protocol.Version)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	for k, v := range hdr {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func errCode(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	var e protocol.ErrorBody
	json.NewDecoder(resp.Body).Decode(&e)
	return e.Code
}

func TestAPIRefuses(t *testing.T) { eachStore(t, testAPIRefuses) }

func testAPIRefuses(t *testing.T, st storeMaker) {
	h, clk, url, er := apiHubOn(t, st)
	cred := er.KioskID + "." + er.Token
	code2, _, _ := h.NewEnrollCode(context.Background(), "")
	r2, _ := h.Enroll(context.Background(), code2)
	if _, err := h.Store.Revoke(context.Background(), r2.KioskID, clk.Now()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		method     string
		path, cred string
		hdr        map[string]string
		body       string
		status     int
		code       string
	}{
		{"no credential", "GET", "/v1/changes", "", nil, "", 401, protocol.CodeAuth},
		{"unknown kiosk", "GET", "/v1/changes", "kiosk-0000000000000000.abc", nil, "", 401, protocol.CodeAuth},
		{"wrong token", "GET", "/v1/status", er.KioskID + ".abc", nil, "", 401, protocol.CodeAuth},
		{"revoked kiosk", "GET", "/v1/changes", r2.KioskID + "." + r2.Token, nil, "", 401, protocol.CodeRevoked},
		{"revoked kiosk attachment", "GET", "/v1/attachments/" + strings.Repeat("0", 64), r2.KioskID + "." + r2.Token, nil, "", 401, protocol.CodeRevoked},
		{"missing protocol header", "GET", "/v1/changes", cred, map[string]string{protocol.HeaderProtocol: ""}, "", 400, protocol.CodeVersion},
		{"unknown protocol", "GET", "/v1/changes", cred, map[string]string{protocol.HeaderProtocol: "gongkai-sync/9"}, "", 400, protocol.CodeVersion},
		{"unknown protocol in enrolment", "POST", "/v1/enroll", "", nil, `{"protocol":"gongkai-sync/9","code":"x"}`, 400, protocol.CodeVersion},
		{"bad since", "GET", "/v1/changes?since=-1", cred, nil, "", 400, protocol.CodeBadRequest},
		{"kiosk ahead of hub", "GET", "/v1/changes?since=99", cred, nil, "", 409, protocol.CodeAhead},
		{"no such attachment", "GET", "/v1/attachments/" + strings.Repeat("0", 64), cred, nil, "", 404, protocol.CodeNotFound},
		{"used code", "POST", "/v1/enroll", "", nil, `{"code":"` + code2 + `"}`, 403, protocol.CodeEnroll},
		{"huge enrolment body", "POST", "/v1/enroll", "", nil, `{"code":"` + strings.Repeat("A", 100<<10) + `"}`, 400, protocol.CodeBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := do(t, tt.method, url+tt.path, tt.cred, strings.NewReader(tt.body), tt.hdr)
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if got := errCode(t, resp); got != tt.code {
				t.Errorf("error code = %q, want %q", got, tt.code)
			}
			if resp.Header.Get(protocol.HeaderProtocol) != protocol.Version {
				t.Errorf("response lacks the protocol header")
			}
		})
	}
}

func TestAPIServesSignedPages(t *testing.T) { eachStore(t, testAPIServesSignedPages) }

func testAPIServesSignedPages(t *testing.T, st storeMaker) {
	h, _, url, er := apiHubOn(t, st)
	cred := er.KioskID + "." + er.Token
	pub, err := protocol.DecodePublicKey(er.SignKey)
	if err != nil || !pub.Equal(h.Keys.SignPublic()) {
		t.Fatalf("enrolment gave key %v, %v", er.SignKey, err)
	}
	for _, gz := range []bool{true, false} {
		hdr := map[string]string{protocol.HeaderCatalogue: "1"}
		if gz {
			hdr["Accept-Encoding"] = "gzip"
		}
		resp := do(t, "GET", url+"/v1/changes?since=1&limit=1", cred, nil, hdr)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("changes: %s %s", resp.Status, body)
		}
		if got := resp.Header.Get("Content-Encoding") == "gzip"; got != gz {
			t.Fatalf("gzip = %v, asked %v", got, gz)
		}
		if gz {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			body, _ = io.ReadAll(zr)
		}
		sig, _ := base64.StdEncoding.DecodeString(resp.Header.Get(protocol.HeaderSignature))
		p, err := protocol.VerifyPage(pub, body, sig)
		if err != nil {
			t.Fatal(err)
		}
		if p.From != 1 || p.To != 2 || !p.More || len(p.Changes) != 1 || p.Changes[0].ID != "d1" {
			t.Errorf("page = from %d to %d more %v %d changes", p.From, p.To, p.More, len(p.Changes))
		}
	}
	k, _ := h.Store.Kiosk(context.Background(), er.KioskID)
	if k.Version != 1 || k.LastSeen.IsZero() {
		t.Errorf("hub recorded version %d, last seen %v", k.Version, k.LastSeen)
	}

	att := baseCatalogue(t).Files[0]
	resp := do(t, "GET", url+"/v1/attachments/"+att.SHA256, cred, nil, nil)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != "工作计划全文" {
		t.Errorf("attachment = %s %q", resp.Status, b)
	}
	resp = do(t, "GET", url+"/v1/status", cred, nil, nil)
	var status protocol.Status
	json.NewDecoder(resp.Body).Decode(&status)
	resp.Body.Close()
	if status.Head != 3 || status.KioskNo != 1 || status.KeyID != h.Keys.KeyID() {
		t.Errorf("status = %+v", status)
	}
}

func TestAPIHandleAddsAuthenticatedEndpoints(t *testing.T) {
	h, _ := mustInit(t)
	s := NewServer(h, ServerOptions{})
	s.Handle("POST /v1/submissions", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k, _ := KioskFrom(r.Context())
		io.WriteString(w, k.ID)
	}))
	srv := httptest.NewServer(s)
	defer srv.Close()
	resp := do(t, "POST", srv.URL+"/v1/submissions", "kiosk-00.x", nil, nil)
	if got := errCode(t, resp); resp.StatusCode != 401 || got != protocol.CodeAuth {
		t.Errorf("unauthenticated submission = %d %s", resp.StatusCode, got)
	}
}

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{"": false, "gzip": true, "br, gzip;q=0.5": true, "gzip;q=0": false, "identity": false, "*": true, "GZIP": true} {
		if got := acceptsGzip(h); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", h, got, want)
		}
	}
}

func TestAPILimitsBodies(t *testing.T) {
	h, _, _, er := apiHub(t)
	s := NewServer(h, ServerOptions{MaxBodyBytes: 1000})
	var got error
	s.Handle("POST /v1/echo", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, got = io.ReadAll(r.Body)
	}))
	s.HandleLimited("POST /v1/big", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, got = io.ReadAll(r.Body)
	}), 1<<20)
	srv := httptest.NewServer(s)
	defer srv.Close()
	cred := er.KioskID + "." + er.Token
	for _, tt := range []struct {
		path string
		ok   bool
	}{{"/v1/echo", false}, {"/v1/big", true}} {
		resp := do(t, "POST", srv.URL+tt.path, cred, strings.NewReader(strings.Repeat("x", 5000)), nil)
		resp.Body.Close()
		if (got == nil) != tt.ok {
			t.Errorf("%s: reading a 5000-byte body = %v", tt.path, got)
		}
	}
}

// TestAPIRecordsGoodReports: a health report sent with a request is
// recorded when it is new, a malformed one is served around and left out,
// and a repeat is not decoded or written again.
func TestAPIRecordsGoodReports(t *testing.T) {
	h, _, url, er := apiHub(t)
	cred := er.KioskID + "." + er.Token
	send := func(report string) {
		t.Helper()
		resp := do(t, "GET", url+"/v1/changes?since=1&limit=1", cred, nil, map[string]string{protocol.HeaderReport: report})
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("a page with report %q: %s", report, resp.Status)
		}
	}
	report := func() *protocol.KioskReport {
		t.Helper()
		k, err := h.Store.Kiosk(context.Background(), er.KioskID)
		if err != nil {
			t.Fatal(err)
		}
		return k.Report
	}
	send("not base64!")
	if r := report(); r != nil {
		t.Fatalf("a malformed report was recorded: %+v", r)
	}
	good := protocol.EncodeReport(protocol.KioskReport{App: "1.5.0", Queue: 4, Printer: protocol.PrinterReady})
	send(good)
	if r := report(); r == nil || r.App != "1.5.0" || r.Queue != 4 {
		t.Fatalf("report recorded = %+v", r)
	}
	send(protocol.EncodeReport(protocol.KioskReport{Queue: -1}))
	send(good)
	if r := report(); r == nil || r.App != "1.5.0" || r.Queue != 4 {
		t.Fatalf("after a malformed one, report = %+v", r)
	}
}
