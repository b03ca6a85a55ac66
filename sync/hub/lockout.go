package hub

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientKey returns the address the status page's per-client limit is
// kept under: the request's peer, or, when the peer is one of the trusted
// proxies, the client that proxy reports in X-Forwarded-For (the last
// address there that is not itself a trusted proxy). Anyone else's
// X-Forwarded-For is ignored: it is whatever the client chose to send.
// IPv6 clients are counted by /64, the block one subscriber usually holds.
func clientKey(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	addr = addr.Unmap()
	if isTrusted(addr, trusted) {
		var hops []string
		for _, v := range r.Header.Values("X-Forwarded-For") {
			hops = append(hops, strings.Split(v, ",")...)
		}
		for i := len(hops) - 1; i >= 0; i-- {
			a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break // garbage from further out: the last good hop answers for it
			}
			addr = a.Unmap()
			if !isTrusted(addr, trusted) {
				break
			}
		}
	}
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ParseTrustedProxies reads `hub serve --trusted-proxy`: addresses or
// CIDR blocks separated by commas, e.g. "127.0.0.1,::1" or "10.0.0.0/8".
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("可信代理 %q 不是 IP 地址或网段（例如 127.0.0.1、::1、10.0.0.0/8）", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}
