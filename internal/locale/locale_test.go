package locale

import (
	"fmt"
	"testing"
)

func TestSettle(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want map[string]string
	}{
		// Fyne reads a language here: nothing changes.
		{map[string]string{"LANG": "zh_CN.UTF-8"}, nil},
		{map[string]string{"LANG": "en_US.UTF-8"}, nil},
		{map[string]string{"LC_ALL": "de_DE@euro", "LANG": "C.UTF-8"}, nil},
		{map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "en_GB:en"}, nil},
		{map[string]string{"LANG": "es_419.UTF-8"}, nil},
		// Fyne cannot parse it, or reads none: Simplified Chinese.
		{map[string]string{"LANG": "C.UTF-8"}, map[string]string{"LANGUAGE": Fallback}},
		{map[string]string{"LC_ALL": "C.utf8", "LANG": "zh_CN.UTF-8"}, map[string]string{"LANGUAGE": Fallback}},
		{map[string]string{}, map[string]string{"LANGUAGE": Fallback}},
		{map[string]string{"LANG": "zh_CN.UTF-8", "LANGUAGE": "C"}, map[string]string{"LANGUAGE": Fallback}},
		{map[string]string{"LANG": "x"}, map[string]string{"LANGUAGE": Fallback}},
		// A bare C or POSIX makes Fyne skip LANGUAGE: it becomes C.UTF-8.
		{map[string]string{"LANG": "C"}, map[string]string{"LANG": "C.UTF-8", "LANGUAGE": Fallback}},
		{map[string]string{"LC_ALL": "POSIX", "LANGUAGE": "en"}, map[string]string{"LC_ALL": "C.UTF-8"}},
		{map[string]string{"LC_MESSAGES": "C", "LANG": "zh_CN.UTF-8"}, map[string]string{"LC_MESSAGES": "C.UTF-8", "LANGUAGE": Fallback}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.env), func(t *testing.T) {
			got := Settle(func(k string) string { return tt.env[k] })
			if fmt.Sprint(got) != fmt.Sprint(tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("Settle = %v, want %v", got, tt.want)
			}
		})
	}
}
