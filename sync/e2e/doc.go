// Package e2e holds end-to-end tests of submissions: a real hub
// (sync/hub, its SQLite files and HTTP API on a loopback listener) and
// real kiosks (internal/store, sync/outbox, internal/submission and
// sync/client on SQLite files in temporary directories), with faults put
// between them: the hub down, answering 500 or too late, connections cut
// mid-request by a TCP proxy, the hub restarted, and the kiosk process
// killed with SIGKILL while it submits and uploads. It has no code of its
// own outside the tests.
package e2e
