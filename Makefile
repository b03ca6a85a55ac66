TAGS      ?= sqlite_fts5
TESTTAGS  ?= ci sqlite_fts5

.PHONY: build run test unit bench generate vet clean

# -buildvcs=true stamps the git revision beside FyneApp.toml's version
# (kiosk --version, the staff screen), whatever GOFLAGS says.
build:
	go build -buildvcs=true -tags "$(TAGS)" -o bin/kiosk ./cmd/kiosk
	go build -buildvcs=true -tags "$(TAGS)" -o bin/hub ./cmd/hub

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
