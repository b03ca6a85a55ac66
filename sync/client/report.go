package client

import (
	"context"
	"time"

	"gongkai/sync/protocol"
)

// prepareReport asks the kiosk for its health report (Options.Report) and
// keeps its header for the requests of this sync, with cursor as the
// catalogue version. A slow report never holds a sync up for long.
func (c *Client) prepareReport(ctx context.Context, cursor int64) {
	if c.report == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	r := c.report(ctx)
	r.Catalogue = cursor
	v := protocol.EncodeReport(r)
	c.reportAt.Store(&v)
}
