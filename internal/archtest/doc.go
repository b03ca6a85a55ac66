// Package archtest holds tests of the code's shape rather than its
// behaviour (see docs/architecture.md): the kiosk–hub wire contract is
// declared only in sync/protocol, the screens under internal/ui reach no
// database, process, system call or network themselves, and DEVELOPERS.md's
// package table lists every package. It has no code of its own.
package archtest
