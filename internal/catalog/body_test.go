package catalog

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"gongkai/internal/domain"
)

func h(level int, text string) domain.Block {
	return domain.Block{Kind: domain.BlockHeading, Level: level, Text: text}
}
func para(text string) domain.Block   { return domain.Block{Kind: domain.BlockParagraph, Text: text} }
func ul(items ...string) domain.Block { return domain.Block{Kind: domain.BlockList, Items: items} }
func ol(items ...string) domain.Block {
	return domain.Block{Kind: domain.BlockList, Ordered: true, Items: items}
}
func table(rows ...[]string) domain.Block { return domain.Block{Kind: domain.BlockTable, Rows: rows} }

func TestParseBody(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []domain.Block
	}{
		{"empty", "", nil},
		{"blank lines only", "\n  \n\t\n　　\n", nil},
		{"headings", "# 一\n## 二 ##\n###### 六\n####### 七\n#无空格", []domain.Block{
			h(1, "一"), h(2, "二"), h(6, "六"), para("####### 七#无空格"),
		}},
		{"heading closes a paragraph", "第一段\n# 标题\n第二段", []domain.Block{
			para("第一段"), h(1, "标题"), para("第二段"),
		}},
		{"empty heading is dropped", "#\n## ##\n正文", []domain.Block{para("正文")}},
		{"setext headings", "总则\n===\n\n附则\n---\n", []domain.Block{h(1, "总则"), h(2, "附则")}},
		{"CJK paragraph joins without spaces", "　　为进一步\n做好政务公开工作，\n  现将有关事项通知如下：\n", []domain.Block{
			para("为进一步做好政务公开工作，现将有关事项通知如下："),
		}},
		{"Latin words join with a space", "Open Government\nInformation\n2021年\nOGI\n（试行）\nrules", []domain.Block{
			para("Open Government Information 2021年OGI（试行）rules"),
		}},
		{"blank line ends a paragraph", "甲\n\n乙\r\n\r\n丙", []domain.Block{para("甲"), para("乙"), para("丙")}},
		{"emphasis and code are dropped", "**加粗**、*斜体*、`代码 **原样**`、**“双减”**政策", []domain.Block{
			para("加粗、斜体、代码 **原样**、“双减”政策"),
		}},
		{"lone asterisks and escapes stay", `5 * 3 = 15，a*b，\*不是强调\*，C:\路径，` + "``` 未闭合", []domain.Block{
			para(`5 * 3 = 15，a*b，*不是强调*，C:\路径，` + "``` 未闭合"),
		}},
		{"unordered list", "- 甲\n* 乙\n+ 丙", []domain.Block{ul("甲", "乙", "丙")}},
		{"ordered list with continuation lines", "1. 加强组织\n   领导，\n明确责任。\n2) 强化\n   **监督**\n10. 第十", []domain.Block{
			ol("加强组织领导，明确责任。", "强化监督", "第十"),
		}},
		{"loose list stays one list", "1. 甲\n\n2. 乙\n\n   乙的第二段\n\n正文", []domain.Block{
			ol("甲", "乙乙的第二段"), para("正文"),
		}},
		{"nested lists flatten with markers", "- 招生对象\n  1. 适龄儿童\n  2. 随迁子女\n    - 需提供居住证\n- 报名方式\n\n1. 一\n   1. 一之一\n   - 要点", []domain.Block{
			ul("招生对象", "1. 适龄儿童", "2. 随迁子女", "· 需提供居住证", "报名方式"),
			ol("一", "1. 一之一", "· 要点"),
		}},
		{"list kind change starts a new list", "- 甲\n1. 乙\n- 丙", []domain.Block{ul("甲"), ol("乙"), ul("丙")}},
		{"only item 1 interrupts a paragraph", "截至\n2021. 年度数据\n1. 第一项", []domain.Block{
			para("截至2021. 年度数据"), ol("第一项"),
		}},
		{"bullet interrupts a paragraph", "说明如下：\n- 第一\n- 第二", []domain.Block{para("说明如下："), ul("第一", "第二")}},
		{"not list markers", "-无空格\n1.无空格\n一、总体要求\n（一）工作目标", []domain.Block{
			para("-无空格1.无空格一、总体要求（一）工作目标"),
		}},
		{"empty items are dropped", "-\n- 甲\n-", []domain.Block{ul("甲")}},
		{"pipe table", "| 事项 | 时限 |\n|:---|---:|\n| 受理 | 当场 |\n| 答复 | 20个工作日 |", []domain.Block{
			table([]string{"事项", "时限"}, []string{"受理", "当场"}, []string{"答复", "20个工作日"}),
		}},
		{"table without outer pipes, escaped pipe, ragged rows", "名称 | 说明\n--- | ---\na \\| b | **c**\n只有一格\n多 | 余 | 格\n\n后文", []domain.Block{
			table([]string{"名称", "说明"}, []string{"a | b", "c"}),
			para("只有一格多 | 余 | 格"),
			para("后文"),
		}},
		{"table rows padded and cut", "|甲|乙|\n|-|-|\n|1|\n|1|2|3|", []domain.Block{
			table([]string{"甲", "乙"}, []string{"1", ""}, []string{"1", "2"}),
		}},
		{"table interrupts a paragraph and a list", "说明\n|甲|\n|---|\n|1|\n- 项\n|乙|\n|--|", []domain.Block{
			para("说明"), table([]string{"甲"}, []string{"1"}), ul("项"), table([]string{"乙"}),
		}},
		{"mismatched delimiter is text", "|甲|乙|\n|---|\n", []domain.Block{para("|甲|乙| |---|")}},
		{"thematic break ends blocks", "甲\n\n***\n- 乙\n- - -\n丙", []domain.Block{para("甲"), ul("乙"), para("丙")}},
		{"fenced code keeps lines", "```text\n  a  *b*\n\n# 不是标题\n```\n后文", []domain.Block{
			para("  a  *b*\n\n# 不是标题"), para("后文"),
		}},
		{"unclosed fence runs to the end", "~~~\n甲\n乙", []domain.Block{para("甲\n乙")}},
		{"block quote becomes a paragraph", "> 引用\n> 第二行\n>\n> 新段", []domain.Block{para("引用第二行"), para("新段")}},
		{"indented code is plain text", "    缩进的文字\n    第二行", []domain.Block{para("缩进的文字第二行")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseBody(tt.src)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseBody(%q)\n got %#v\nwant %#v", tt.src, got, tt.want)
			}
		})
	}
}

// FuzzParseBody checks that no input panics and that output is tidy:
// valid UTF-8 when the input was, known kinds, no empty text or items,
// tables with a header and equal-width rows.
func FuzzParseBody(f *testing.F) {
	for _, s := range []string{
		"# 标题\n\n段落\n- 甲\n  1. 乙\n|a|b|\n|-|-|\n|1|2|\n",
		"```\ncode\n```\n> q\n***\n===\n---\n",
		"**“双减”**`x` \\| \\* * ` ``",
		"1) a\n\n   b\n2. c\n\t- d\n|\n|-\n",
		"\r\n\r+ \t#\t##\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		blocks := ParseBody(src)
		valid := utf8.ValidString(src)
		check := func(s string) {
			if valid && !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 %q from %q", s, src)
			}
		}
		for _, b := range blocks {
			switch b.Kind {
			case domain.BlockHeading:
				if b.Level < 1 || b.Level > 6 || b.Text == "" {
					t.Fatalf("bad heading %#v from %q", b, src)
				}
				check(b.Text)
			case domain.BlockParagraph:
				if strings.TrimSpace(b.Text) == "" {
					t.Fatalf("empty paragraph from %q", src)
				}
				check(b.Text)
			case domain.BlockList:
				if len(b.Items) == 0 {
					t.Fatalf("empty list from %q", src)
				}
				for _, it := range b.Items {
					if it == "" {
						t.Fatalf("empty item from %q", src)
					}
					check(it)
				}
			case domain.BlockTable:
				if len(b.Rows) == 0 {
					t.Fatalf("table without header from %q", src)
				}
				for _, r := range b.Rows {
					if len(r) != len(b.Rows[0]) {
						t.Fatalf("ragged table %#v from %q", b.Rows, src)
					}
					for _, c := range r {
						check(c)
					}
				}
			default:
				t.Fatalf("unknown kind %q from %q", b.Kind, src)
			}
		}
	})
}

func BenchmarkParseBody(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 20; i++ {
		sb.WriteString("## 一、总体要求\n\n　　坚持以人民为中心的发展思想，**全面推进**基层政务公开标准化规范化工作，\n")
		sb.WriteString("进一步提升政务公开质量和实效，更好地保障人民群众的知情权、参与权、表达权和监督权。\n\n")
		sb.WriteString("1. 加强组织领导，\n   明确工作责任。\n2. 强化监督考核。\n\n| 事项 | 责任单位 | 时限 |\n|---|---|---|\n| 政务公开专区 | 办公室 | 长期 |\n\n")
	}
	src := sb.String()
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ParseBody(src)
	}
}
