package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// Failover between several addresses of one hub (issue 14): a province
// runs several hub processes on one database, behind one or more fronts.
// The kiosk sends to the address that last answered; on a connection
// error or a 5xx answer it tries the others in turn and sticks to the one
// that answers. They must all be the same hub: the pinned key verifies
// every page and feed whichever address served it.

// hubURLs returns every address of the pinned hub: the enrolled one first,
// then Options.HubURLs.
func (c *Client) hubURLs(ctx context.Context) []string {
	pinned, _ := c.cat.Meta(ctx, MetaHubURL)
	var urls []string
	for _, u := range append([]string{pinned}, c.extraURLs...) {
		if u = strings.TrimRight(u, "/"); u != "" && !contains(urls, u) {
			urls = append(urls, u)
		}
	}
	return urls
}

// currentURL is the address requests go to first: the one that last
// answered, else the enrolled one.
func (c *Client) currentURL(ctx context.Context, pinned string) string {
	if cur := c.current.Load(); cur != nil && contains(c.hubURLs(ctx), *cur) {
		return *cur
	}
	return strings.TrimRight(pinned, "/")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// failover is worth trying after resp or err: the hub process could not
// be reached or failed, not the request.
func failover(resp *http.Response, err error) bool {
	if err != nil {
		return errors.Is(err, ErrUnreachable)
	}
	return resp.StatusCode >= 500
}

// do sends req and, when the hub cannot be reached or fails, sends it
// again to the hub's other addresses in turn. A request whose body cannot
// be read again, or sent to no address of the hub (enrolment), goes only
// where it was addressed.
func (c *Client) do(req *http.Request) (*http.Response, error) {
	resp, err := c.send(req)
	if !failover(resp, err) || len(c.extraURLs) == 0 || (req.Body != nil && req.Body != http.NoBody && req.GetBody == nil) {
		return resp, err
	}
	urls := c.hubURLs(req.Context())
	base, rest, ok := splitURL(req.URL, urls)
	if !ok {
		return resp, err
	}
	for _, other := range urls {
		if other == base {
			continue
		}
		u, perr := url.Parse(other + rest)
		if perr != nil {
			continue
		}
		r2 := req.Clone(req.Context())
		r2.URL, r2.Host = u, ""
		if req.GetBody != nil {
			if r2.Body, perr = req.GetBody(); perr != nil {
				break
			}
		}
		c.log.Warn("hub address failed, trying another", "from", base, "to", other, "err", errText(resp, err))
		if resp != nil {
			resp.Body.Close()
		}
		resp, err = c.send(r2)
		if !failover(resp, err) {
			if err == nil {
				c.current.Store(&other)
			}
			return resp, err
		}
		if req.Context().Err() != nil {
			break
		}
	}
	return resp, err
}

// splitURL finds which of urls u is under: that address and the rest.
func splitURL(u *url.URL, urls []string) (string, string, bool) {
	s := u.String()
	for _, base := range urls {
		if strings.HasPrefix(s, base+"/") {
			return base, strings.TrimPrefix(s, base), true
		}
	}
	return "", "", false
}

func errText(resp *http.Response, err error) string {
	if err != nil {
		return err.Error()
	}
	return resp.Status
}
