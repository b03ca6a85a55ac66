// Package gongkai is the repository's root. It embeds FyneApp.toml, the
// app's metadata that `fyne package` reads (name, id, version, build
// number), so that the binaries report the very version that is packaged
// (package internal/version reads it).
package gongkai

import _ "embed" // FyneAppTOML

// FyneAppTOML is FyneApp.toml as it was when the binary was built.
//
//go:embed FyneApp.toml
var FyneAppTOML []byte
