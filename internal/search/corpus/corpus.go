// Package corpus generates realistic synthetic disclosure documents for
// search tests and benchmarks: titles of 10-40 characters, 文号, dates
// spread over years, and structured bodies of 1,000-5,000 characters drawn
// from a word-frequency distribution, so that the index sees the skewed
// character statistics of real Chinese text rather than uniform noise.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"unicode/utf8"

	"gongkai/internal/domain"
)

// Vocabulary is a list of words with sampling weights.
type Vocabulary struct {
	words []string
	cum   []float64
}

// NewVocabulary returns a vocabulary that samples words[i] with
// probability proportional to weights[i].
func NewVocabulary(words []string, weights []float64) *Vocabulary {
	v := &Vocabulary{words: make([]string, 0, len(words)), cum: make([]float64, 0, len(words))}
	total := 0.0
	for i, w := range words {
		if weights[i] <= 0 || w == "" {
			continue
		}
		total += weights[i]
		v.words = append(v.words, w)
		v.cum = append(v.cum, total)
	}
	return v
}

// Len returns the number of words.
func (v *Vocabulary) Len() int { return len(v.words) }

// Word samples one word.
func (v *Vocabulary) Word(r *rand.Rand) string {
	x := r.Float64() * v.cum[len(v.cum)-1]
	return v.words[sort.SearchFloat64s(v.cum, x)]
}

// Generator makes documents. Document(i) depends only on Seed and i, so a
// benchmark can regenerate any document without keeping it.
//
// Real documents are each about something: a few of the agency's terms
// recur in one document and are absent from most others. So each
// document draws a topic of TopicWords domain words, and its domain words
// come from the topic, except for a few from the whole domain vocabulary.
type Generator struct {
	General    *Vocabulary // general Chinese words by frequency
	Domain     *Vocabulary // the agency's own vocabulary
	DomainRate float64     // share of words that are domain words (default 0.15)
	TopicWords int         // domain words in a document's topic (default 6)
	Categories []string    // category ids to spread documents over
	Seed       uint64
}

// doc is the state of the document being generated.
type doc struct {
	r     *rand.Rand
	topic []string
}

// New returns a generator over the built-in vocabularies and the given
// category ids.
func New(seed uint64, categories []string) *Generator {
	return &Generator{General: Builtin(), Domain: DomainWords(), Categories: categories, Seed: seed}
}

var (
	titlePrefixes = []string{"关于", "关于印发", "关于做好", "关于开展", "关于进一步加强", "关于公布", ""}
	titleSuffixes = []string{"的通知", "的公告", "的实施意见", "工作方案", "的批复", "情况报告", "的公示", "实施细则", "工作要点", "的函"}
	docPrefixes   = []string{"阳教体发", "阳教体办发", "阳政办发", "阳教字", "阳教体函"}
	validities    = []string{domain.ValidityValid, domain.ValidityValid, domain.ValidityValid, domain.ValidityValid,
		domain.ValidityValid, domain.ValidityValid, domain.ValidityValid, domain.ValidityValid, domain.ValidityExpired, domain.ValidityRepealed}
	sentenceEnds = []string{"。", "。", "。", "；", "！"}
	clauseEnds   = []string{"，", "，", "，", "、", "：", "，"}
	ordinals     = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
)

func (g *Generator) newDoc(i int) *doc {
	d := &doc{r: rand.New(rand.NewPCG(g.Seed, uint64(i)*0x9E3779B97F4A7C15+1))}
	n := g.TopicWords
	if n == 0 {
		n = 6
	}
	for k := 0; k < n && g.Domain != nil; k++ {
		d.topic = append(d.topic, g.Domain.Word(d.r))
	}
	return d
}

func (g *Generator) word(d *doc) string {
	rate := g.DomainRate
	if rate == 0 {
		rate = 0.15
	}
	if len(d.topic) > 0 && d.r.Float64() < rate {
		if d.r.IntN(20) == 0 {
			return g.Domain.Word(d.r)
		}
		return d.topic[d.r.IntN(len(d.topic))]
	}
	return g.General.Word(d.r)
}

// words appends words until the text has at least n runes.
func (g *Generator) words(d *doc, b *strings.Builder, n int) {
	for k := 0; k < n; {
		w := g.word(d)
		b.WriteString(w)
		k += utf8.RuneCountInString(w)
	}
}

// sentence returns one sentence of clauses of 4-18 characters.
func (g *Generator) sentence(d *doc) string {
	r := d.r
	var b strings.Builder
	clauses := 1 + r.IntN(4)
	for c := 0; c < clauses; c++ {
		g.words(d, &b, 4+r.IntN(15))
		if c < clauses-1 {
			b.WriteString(clauseEnds[r.IntN(len(clauseEnds))])
		}
	}
	if r.IntN(12) == 0 {
		fmt.Fprintf(&b, "（%s〔%d〕%d号）", docPrefixes[r.IntN(len(docPrefixes))], 2010+r.IntN(17), 1+r.IntN(60))
	}
	b.WriteString(sentenceEnds[r.IntN(len(sentenceEnds))])
	return b.String()
}

// Title returns a title of 10-40 characters.
func (g *Generator) title(d *doc, year int) string {
	r := d.r
	for {
		var b strings.Builder
		b.WriteString(titlePrefixes[r.IntN(len(titlePrefixes))])
		if r.IntN(3) == 0 {
			fmt.Fprintf(&b, "%d年", year)
		}
		g.words(d, &b, 4+r.IntN(20))
		b.WriteString(titleSuffixes[r.IntN(len(titleSuffixes))])
		t := b.String()
		if n := utf8.RuneCountInString(t); n >= 10 && n <= 40 {
			return t
		}
	}
}

// Document returns document number i.
func (g *Generator) Document(i int) domain.Document {
	gd := g.newDoc(i)
	r := gd.r
	year := 2012 + r.IntN(15)
	month, day := 1+r.IntN(12), 1+r.IntN(28)
	written := fmt.Sprintf("%04d-%02d-%02d", year, month, day)
	pubDay := day + r.IntN(3)
	d := domain.Document{
		ID:         fmt.Sprintf("gen-%07d", i),
		Title:      g.title(gd, year),
		IndexNo:    fmt.Sprintf("11371521004338386X/%04d-%05d", year, 1+r.IntN(99999)),
		Issuer:     "阳谷县教育和体育局",
		Written:    written,
		Published:  fmt.Sprintf("%04d-%02d-%02d", year, month, pubDay),
		Topic:      "教育",
		Disclosure: domain.DisclosureProactive,
		Validity:   validities[r.IntN(len(validities))],
	}
	if len(g.Categories) > 0 {
		d.CategoryID = g.Categories[r.IntN(len(g.Categories))]
	}
	if r.IntN(3) > 0 {
		d.DocNo = fmt.Sprintf("%s〔%d〕%d号", docPrefixes[r.IntN(len(docPrefixes))], year, 1+r.IntN(80))
	}
	for k := 1 + r.IntN(3); k > 0 && len(gd.topic) > 0; k-- {
		d.Keywords = append(d.Keywords, gd.topic[r.IntN(len(gd.topic))])
	}
	target := 1000 + r.IntN(4001)
	size := 0
	add := func(bl domain.Block) {
		d.Body = append(d.Body, bl)
		size += utf8.RuneCountInString(bl.Text)
		for _, it := range bl.Items {
			size += utf8.RuneCountInString(it)
		}
	}
	section := 0
	for size < target {
		switch k := r.IntN(10); {
		case k == 0 && section < len(ordinals):
			var b strings.Builder
			b.WriteString(ordinals[section] + "、")
			g.words(gd, &b, 6+r.IntN(10))
			section++
			add(domain.Block{Kind: domain.BlockHeading, Level: 2, Text: b.String()})
		case k == 1:
			items := make([]string, 2+r.IntN(4))
			for j := range items {
				items[j] = g.sentence(gd)
			}
			add(domain.Block{Kind: domain.BlockList, Ordered: r.IntN(2) == 0, Items: items})
		default:
			var b strings.Builder
			for s := 2 + r.IntN(6); s > 0; s-- {
				b.WriteString(g.sentence(gd))
			}
			add(domain.Block{Kind: domain.BlockParagraph, Text: b.String()})
		}
	}
	return d
}
