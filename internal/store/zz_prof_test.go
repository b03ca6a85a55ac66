package store_test

import (
	"context"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/store"
)

func TestZZProf(t *testing.T) {
	path := os.Getenv("ZZ_DB")
	if path == "" {
		t.Skip()
	}
	s, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	qs := []string{"县", "学", "教育", "招生", "政务公开", "义务教育", "校园安全", "阳教体办发〔2021〕12号", "学校 安全", "学生资助政策", "营养改善计划"}
	if q := os.Getenv("ZZ_Q"); q != "" {
		qs = strings.Split(q, ",")
	}
	s.Search(context.Background(), domain.SearchFilter{Query: "x", Limit: 20})
	for _, q := range qs {
		var best time.Duration
		var total int
		c0 := cpu()
		const n = 15
		for i := 0; i < n; i++ {
			t0 := time.Now()
			r, err := s.Search(context.Background(), domain.SearchFilter{Query: q, Limit: 20})
			if err != nil {
				t.Fatal(err)
			}
			d := time.Since(t0)
			if i == 0 || d < best {
				best = d
			}
			total = r.Total
		}
		t.Logf("%s: %d hits, best %v, cpu/query %v", q, total, best, (cpu()-c0)/n)
	}
}

func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
