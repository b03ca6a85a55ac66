package catalog

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"gongkai/assets"
	"gongkai/internal/domain"
)

// TestDemoCatalogLoads holds the embedded demo catalogue to what the
// foundation issue promises, through the same parser `hub import` uses.
func TestDemoCatalogLoads(t *testing.T) {
	set, rep, err := Load(assets.DemoCatalog(), Options{})
	if err != nil {
		t.Fatalf("the demo catalogue does not load:\n%v", err)
	}
	if len(rep.Problems) != 0 {
		t.Fatalf("problems: %v", rep.Problems)
	}

	if got := len(set.Documents); got < 41 {
		t.Errorf("%d documents, want at least 41 (the seed and 40 samples)", got)
	}
	var seed *domain.Document
	samples, interpretations, notValid := 0, 0, 0
	for i, d := range set.Documents {
		if d.DocNo == "阳教体办发〔2021〕12号" {
			seed = &set.Documents[i]
		}
		if d.Sample {
			samples++
		}
		if d.Interprets != "" {
			interpretations++
		}
		if d.Validity != domain.ValidityValid {
			notValid++
		}
	}
	if seed == nil {
		t.Fatal("no seed document 阳教体办发〔2021〕12号")
	}
	if seed.Written != "2021-08-25" || seed.Issuer != "阳谷县教育和体育局" || seed.Sample {
		t.Errorf("seed document: written %s, issuer %s, sample %v", seed.Written, seed.Issuer, seed.Sample)
	}
	kinds := map[string]int{}
	for _, b := range seed.Body {
		kinds[b.Kind]++
	}
	if kinds[domain.BlockHeading] == 0 || kinds[domain.BlockParagraph] == 0 {
		t.Errorf("seed body lacks structure: %v", kinds)
	}
	if samples < 40 {
		t.Errorf("%d documents marked sample, want at least 40", samples)
	}
	if interpretations < 2 {
		t.Errorf("%d 政策解读, want at least 2", interpretations)
	}
	if notValid == 0 {
		t.Errorf("no expired or repealed document")
	}
	if len(set.Consultations) < 1 {
		t.Errorf("no consultation")
	}
	if got := len(set.Events); got < 2 {
		t.Errorf("%d events, want 2", got)
	}

	years := map[int]bool{}
	for _, d := range set.Documents {
		y, _ := time.Parse(domain.DateLayout, d.Published)
		years[y.Year()] = true
	}
	if len(years) < 3 {
		t.Errorf("documents span %d years, want several", len(years))
	}

	if want := demoCalendar(); !reflect.DeepEqual(set.Calendar, want) {
		t.Errorf("calendar differs from holidays-cn.md:\n got %v\nwant %v", set.Calendar, want)
	}
}

// demoCalendar is the 2024-2026 table of ../shared/reference/holidays-cn.md
// with its ranges spelled out.
func demoCalendar() []domain.CalendarYear {
	rows := []struct {
		year      int
		off, work string
	}{
		{2024, "01-01; 02-10..02-17; 04-04..04-06; 05-01..05-05; 06-10; 09-15..09-17; 10-01..10-07",
			"02-04; 02-18; 04-07; 04-28; 05-11; 09-14; 09-29; 10-12"},
		{2025, "01-01; 01-28..02-04; 04-04..04-06; 05-01..05-05; 05-31..06-02; 10-01..10-08",
			"01-26; 02-08; 04-27; 09-28; 10-11"},
		{2026, "01-01..01-03; 02-15..02-23; 04-04..04-06; 05-01..05-05; 06-19..06-21; 09-25..09-27; 10-01..10-07",
			"01-04; 02-14; 02-28; 05-09; 09-20; 10-10"},
	}
	expand := func(year int, spec string) []string {
		out := []string{}
		for _, part := range strings.Split(spec, "; ") {
			from, to, _ := strings.Cut(part, "..")
			if to == "" {
				to = from
			}
			a, _ := time.Parse(domain.DateLayout, time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006-")+from)
			b, _ := time.Parse(domain.DateLayout, time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006-")+to)
			for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
				out = append(out, d.Format(domain.DateLayout))
			}
		}
		return out
	}
	var cal []domain.CalendarYear
	for _, r := range rows {
		cal = append(cal, domain.CalendarYear{Year: r.year, Off: expand(r.year, r.off), Work: expand(r.year, r.work)})
	}
	return cal
}
