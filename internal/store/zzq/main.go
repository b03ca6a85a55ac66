package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"gongkai/internal/domain"
	"gongkai/internal/store"
)

func main() {
	ctx := context.Background()
	s, err := store.Open(ctx, os.Args[1])
	if err != nil {
		panic(err)
	}
	qs := os.Args[2:]
	s.Search(ctx, domain.SearchFilter{Query: "x"})
	f, _ := os.Create("/tmp/q.prof")
	pprof.StartCPUProfile(f)
	for _, q := range qs {
		t0 := time.Now()
		for i := 0; i < 10; i++ {
			s.Search(ctx, domain.SearchFilter{Query: q})
		}
		fmt.Println(q, time.Since(t0)/10)
	}
	pprof.StopCPUProfile()
}
