TAGS      ?= sqlite_fts5
TESTTAGS  ?= ci sqlite_fts5

.PHONY: build run test unit bench generate vet clean deb deb-amd64 test-packages

# -buildvcs=true stamps the git revision beside FyneApp.toml's version
# (kiosk --version, the staff screen), whatever GOFLAGS says.
build:
	go build -buildvcs=true -tags "$(TAGS)" -o bin/kiosk ./cmd/kiosk
	go build -buildvcs=true -tags "$(TAGS)" -o bin/hub ./cmd/hub

run:
	bash scripts/run-kiosk.sh --windowed

# The Debian packages gongkai-kiosk and gongkai-hub for amd64 and arm64, in
# dist/ (arm64 is cross-compiled with cgo; scripts/setup-cross-arm64.sh
# installs the toolchain when missing), then checks the arm64 binaries
# (file, readelf, a run under qemu-user). packaging/ holds the units, the
# maintainer scripts and the configuration files.
deb:
	mkdir -p dist
	bash scripts/build-deb.sh --arch amd64 --arch arm64 | tee dist/.last-build
	bash scripts/check-arm64.sh $$(grep '_arm64\.deb$$' dist/.last-build)

deb-amd64:
	bash scripts/build-deb.sh --arch amd64

# Build, inspect, install and upgrade the packages on this machine (needs root).
test-packages:
	bash scripts/test-packages.sh

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
