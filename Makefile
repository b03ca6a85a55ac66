TAGS      ?= sqlite_fts5
TESTTAGS  ?= ci sqlite_fts5

.PHONY: build run test unit bench generate vet clean

build:
	go build -tags "$(TAGS)" -o bin/kiosk ./cmd/kiosk
	go build -tags "$(TAGS)" -o bin/hub ./cmd/hub

run:
	bash scripts/run-kiosk.sh --windowed

# Everything, as CI runs it (installs packages, starts Xvfb and cupsd).
test:
	bash scripts/test-all.sh

# Unit and headless tests only, on a machine that already has the packages.
unit:
	go test -tags "$(TESTTAGS)" ./...

vet:
	go vet -tags "$(TESTTAGS)" ./...

generate:
	go generate ./...

bench:
	go test -tags "$(TESTTAGS)" -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin dist
