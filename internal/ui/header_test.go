package ui

import (
	"errors"
	"testing"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/ui/uitest"
)

// TestStateText checks what the header says about the catalogue and the
// sync: visitors learn whether the kiosk is current, never why a sync
// failed.
func TestStateText(t *testing.T) {
	now := testStart
	interval := 5 * time.Minute
	hub := domain.CatalogueState{Source: domain.SourceHub, Version: 120, LastSync: now.Add(-10 * time.Minute)}
	tests := []struct {
		name  string
		state domain.CatalogueState
		err   error
		sync  *SyncStatus
		want  string
	}{
		{"demo", domain.CatalogueState{Source: domain.SourceDemo}, nil, nil, "演示数据"},
		{"demo while enrolled", domain.CatalogueState{Source: domain.SourceDemo}, nil, &SyncStatus{Enrolled: true}, "演示数据"},
		{"empty", domain.CatalogueState{Source: domain.SourceEmpty}, nil, nil, "目录尚未载入"},
		{"empty, enrolled", domain.CatalogueState{Source: domain.SourceEmpty}, nil, &SyncStatus{Enrolled: true, Network: true}, "尚未同步"},
		{"unreadable", hub, errors.New("disk"), nil, "目录状态暂不可用"},
		{"no worker", hub, nil, nil, "最后同步 今天 09:20"},
		{"online", hub, nil, &SyncStatus{Enrolled: true, Network: true, Tried: true, Online: true, LastSync: now.Add(-time.Minute), Version: 121},
			"在线 · 最后同步 今天 09:29"}, // no 目录版本 for visitors (issue 13)
		{"first try not made yet", hub, nil, &SyncStatus{Enrolled: true, Network: true, LastSync: hub.LastSync, Version: 120},
			"最后同步 今天 09:20"},
		{"hub unreachable", hub, nil, &SyncStatus{Enrolled: true, Network: true, Tried: true, LastSync: hub.LastSync, Version: 120},
			"离线 · 最后同步 今天 09:20"},
		{"stale though online", domain.CatalogueState{Source: domain.SourceHub, Version: 7, LastSync: now.Add(-26 * time.Hour)}, nil,
			&SyncStatus{Enrolled: true, Network: true, Tried: true, Online: true, Version: 7}, "离线 · 最后同步 03-15 07:30"},
		{"USB only", hub, nil, &SyncStatus{Enrolled: true, Tried: true, LastSync: hub.LastSync}, "最后同步 今天 09:20"},
		{"bundle imported after the worker's last pass", hub, nil, &SyncStatus{Enrolled: true, Network: true, Tried: true, Online: true, LastSync: now.Add(-time.Hour), Version: 100},
			"在线 · 最后同步 今天 09:20"},
		{"never synced", domain.CatalogueState{Source: domain.SourceHub}, nil, &SyncStatus{Enrolled: true, Network: true, Tried: true}, "尚未同步"},
		{"last year", domain.CatalogueState{Source: domain.SourceHub, LastSync: time.Date(2025, 12, 30, 8, 0, 0, 0, now.Location())}, nil, nil,
			"离线 · 最后同步 2025-12-30 08:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stateText(tt.state, tt.err, tt.sync, now, interval); got != tt.want {
				t.Errorf("stateText = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestHeaderFollowsSync checks that a status change reported by the sync
// worker (SyncChanged, from its goroutine) reaches the header.
func TestHeaderFollowsSync(t *testing.T) {
	cat := uitest.MustCatalogue(t, 0)
	cat.Status = domain.CatalogueState{Source: domain.SourceHub, Version: 3, LastSync: testStart.Add(-2 * time.Minute)}
	a, _, _ := newTestApp(t, cat, hd)
	queue := make(chan func(), 4)
	a.deps.Do = func(f func()) { queue <- f }
	st := SyncStatus{Enrolled: true, Network: true}
	a.deps.Sync = func() SyncStatus { return st }
	a.RefreshStatus()
	if got := a.Header().StateText(); got != "最后同步 今天 09:28" {
		t.Errorf("before the first try: %q", got)
	}
	st.Tried = true // the hub did not answer
	a.SyncChanged()
	(<-queue)()
	if got := a.Header().StateText(); got != "离线 · 最后同步 今天 09:28" {
		t.Errorf("hub unreachable: %q", got)
	}
	st.Online, st.LastSync, st.Version = true, testStart, 4
	cat.Status.Version, cat.Status.LastSync = 4, testStart
	a.SyncChanged()
	(<-queue)()
	if got := a.Header().StateText(); got != "在线 · 最后同步 今天 09:30" {
		t.Errorf("after a sync: %q", got)
	}
}
