// Package locale settles the message locale of the kiosk's process before
// Fyne reads it, so that a locale Fyne cannot parse (LANG=C.UTF-8, usual
// on a server or over SSH) neither prints "Fyne error: Error parsing user
// locale C" on every command nor leaves the app in English: the kiosk
// falls back to Simplified Chinese, quietly.
//
// Fyne's lang package reads the locale in its own package initialiser,
// which runs in every program that links Fyne, whatever the command. This
// package's init must run first. It does, by the Go specification's order
// of package initialisation (packages sorted by import path, each
// initialised as soon as its imports are): this package imports only os
// and strings, and "gongkai/internal/locale" sorts before "log" and
// "text/template", which fyne.io/fyne/v2/lang imports and which import os
// and strings themselves. Keep this package's imports to those two.
//
// Only the process's own environment changes, and only when Fyne could
// not use it: LANGUAGE is set to zh_CN, and a bare C or POSIX (which makes
// Fyne skip LANGUAGE) becomes C.UTF-8, the same locale with UTF-8. The
// CUPS tools the kiosk runs are given LC_ALL=C explicitly, so nothing
// they print changes.
package locale

import (
	"os"
	"strings"
)

// Fallback is the language used when the environment names none Fyne can
// use.
const Fallback = "zh_CN"

func init() {
	for k, v := range Settle(os.Getenv) {
		os.Setenv(k, v)
	}
}

// Settle returns the environment variables to set so that Fyne reads a
// language it can parse: none when the environment already names one,
// else LANGUAGE=Fallback (and the C locale's variable as C.UTF-8). It
// reads the variables as Fyne's locale library does: the first set of
// LC_ALL, LC_MESSAGES and LANG, then LANGUAGE unless that was C or POSIX.
func Settle(getenv func(string) string) map[string]string {
	name, loc := "", ""
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			name, loc = k, v
			break
		}
	}
	set := map[string]string{}
	if loc == "C" || loc == "POSIX" {
		set[name] = "C.UTF-8" // the library ignores LANGUAGE under a bare C
		loc = "C.UTF-8"
	}
	langs := getenv("LANGUAGE")
	switch {
	case langs != "":
		if allParse(langs) {
			return set
		}
	case parses(loc):
		return set
	}
	set["LANGUAGE"] = Fallback
	return set
}

// allParse reports whether every entry of a LANGUAGE list parses.
func allParse(list string) bool {
	for _, l := range strings.Split(list, ":") {
		if !parses(l) {
			return false
		}
	}
	return true
}

// parses reports whether a POSIX locale name (ll[_CC][.charset][@mod])
// gives a language tag Fyne accepts: a language of 2, 3 or 5 to 8 letters
// and an optional region of 2 letters or 3 digits.
func parses(loc string) bool {
	loc, _, _ = strings.Cut(loc, ".")
	loc, _, _ = strings.Cut(loc, "@")
	lang, region, _ := strings.Cut(strings.ReplaceAll(loc, "-", "_"), "_")
	if n := len(lang); n < 2 || n == 4 || n > 8 || !all(lang, isLetter) {
		return false
	}
	switch {
	case region == "":
		return true
	case len(region) == 2:
		return all(region, isLetter)
	case len(region) == 3:
		return all(region, isDigit)
	}
	return false
}

func all(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
