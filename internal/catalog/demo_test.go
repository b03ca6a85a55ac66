package catalog

import (
	"reflect"
	"testing"
	"time"

	"gongkai/assets"
	"gongkai/internal/calendar/calendartest"
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

	if want := calendartest.HolidaysCN(t); !reflect.DeepEqual(set.Calendar, want) {
		t.Errorf("calendar differs from docs/holidays-cn.md:\n got %v\nwant %v", set.Calendar, want)
	}
}
