package kioskcli

import (
	"context"
	"fmt"
	"os"
	"testing"

	"fyne.io/fyne/v2/lang"
)

// asKiosk, set in a test's child process, makes this test binary the
// kiosk command: "main" runs Main on the arguments, "locale" prints the
// locale Fyne settled on. Tests start it with kioskProcess.
const asKiosk = "GONGKAI_TEST_AS_KIOSK"

func TestMain(m *testing.M) {
	switch os.Getenv(asKiosk) {
	case "main":
		os.Exit(Main(context.Background(), os.Args[1:], StdEnv()))
	case "locale":
		fmt.Println(lang.SystemLocale())
		os.Exit(0)
	}
	os.Exit(m.Run())
}
