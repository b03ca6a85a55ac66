package kioskcli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"gongkai/internal/domain"
	"gongkai/internal/store"
)

func init() {
	Register(&Command{
		Name:    "search",
		Usage:   "search --data DIR [--config FILE] [--json] [--limit N] [--offset N] [--category ID] [--year N] [--validity V] QUERY...",
		Summary: "search the local catalogue cache (for staff and scripts)",
		Run:     runSearch,
	})
}

// searchResult is one result in --json output.
type searchResult struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	DocNo      string `json:"doc_no"`
	Published  string `json:"published"`
	Issuer     string `json:"issuer,omitempty"`
	Validity   string `json:"validity,omitempty"`
	CategoryID string `json:"category_id"`
	Snippet    string `json:"snippet"` // matches marked 【】
}

func runSearch(ctx context.Context, env *Env, args []string) error {
	c := newCall(env, "search", anyArgs)
	asJSON := c.Bool("json", false, "print a JSON array (id, title, doc_no, published, snippet, ...)")
	limit := c.Int("limit", 20, "results to print (1-500)")
	offset := c.Int("offset", 0, "results to skip")
	category := c.String("category", "", "only this category id and its subcategories")
	year := c.Int("year", 0, "only documents published in this year")
	validity := c.String("validity", "", "only documents with this validity: 有效, 失效 or 废止")
	query := func() string { return strings.TrimSpace(strings.Join(c.Args(), " ")) }
	c.Require(func() bool { return query() != "" }, "请在选项之后给出要搜索的词，例如：kiosk search --data DIR 招生政策")
	c.Require(func() bool { return *limit >= 1 && *limit <= store.MaxPageSize }, fmt.Sprintf("--limit 应在 1 到 %d 之间", store.MaxPageSize))
	c.Require(func() bool { return *offset >= 0 }, "--offset 不能为负数")
	c.Require(func() bool { return *year >= 0 && *year <= 9999 }, "--year 应是四位年份，例如 2024")
	c.Require(func() bool {
		return *validity == "" || *validity == domain.ValidityValid || *validity == domain.ValidityExpired || *validity == domain.ValidityRepealed
	}, "--validity 只能是 有效、失效 或 废止")
	k, err := c.openKiosk(ctx, args)
	if err != nil {
		return err
	}
	defer k.Close()
	for _, n := range k.Notices() {
		fmt.Fprintln(env.Stderr, "注意："+n)
	}
	res, err := k.Store.Search(ctx, domain.SearchFilter{Query: query(), CategoryID: *category, Year: *year,
		Validity: *validity, Offset: *offset, Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
		return printSearchJSON(env.Stdout, res)
	}
	printSearch(env.Stdout, res, *offset)
	return nil
}

func printSearchJSON(w io.Writer, res *domain.SearchResult) error {
	out := make([]searchResult, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, searchResult{ID: h.ID, Title: h.Title, DocNo: h.DocNo, Published: h.Published, Issuer: h.Issuer,
			Validity: h.Validity, CategoryID: h.CategoryID, Snippet: markSpans(h.Snippet)})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func printSearch(w io.Writer, res *domain.SearchResult, offset int) {
	if res.Total == 0 {
		fmt.Fprintln(w, "没有找到相关文件。")
		return
	}
	if len(res.Hits) == 0 {
		fmt.Fprintf(w, "共找到 %d 条，此页之后没有更多结果。\n", res.Total)
		return
	}
	fmt.Fprintf(w, "共找到 %d 条，显示第 %d–%d 条：\n", res.Total, offset+1, offset+len(res.Hits))
	for i, h := range res.Hits {
		fmt.Fprintf(w, "\n%d. %s\n", offset+i+1, h.Title)
		var meta []string
		if h.DocNo != "" {
			meta = append(meta, "文号："+h.DocNo)
		}
		if h.Published != "" {
			meta = append(meta, "发布日期："+h.Published)
		}
		if h.Validity != "" {
			meta = append(meta, "有效性："+h.Validity)
		}
		meta = append(meta, "编号："+h.ID)
		fmt.Fprintf(w, "   %s\n", strings.Join(meta, "  "))
		if s := markSpans(h.Snippet); s != "" {
			fmt.Fprintf(w, "   %s\n", s)
		}
	}
}

// markSpans renders a snippet with matches in 【】 on one line.
func markSpans(spans []domain.Span) string {
	var b strings.Builder
	for _, s := range spans {
		t := strings.Join(strings.Fields(s.Text), " ")
		if strings.HasPrefix(s.Text, " ") && b.Len() > 0 {
			t = " " + t
		}
		if strings.HasSuffix(s.Text, " ") && t != "" {
			t += " "
		}
		if s.Hit {
			b.WriteString("【" + t + "】")
		} else {
			b.WriteString(t)
		}
	}
	return strings.TrimSpace(b.String())
}
