package foi

// Template keys besides the outcome codes.
const (
	TemplateRefer      = "refer"      // 不属于本机关: names the responsible agency
	TemplateCorrection = "correction" // 补正申请告知书
	TemplateExtension  = "extension"  // 延期答复告知书
)

// Template is the text of one kind of letter: a reply for an outcome code
// (Key "1", "3.4", …), the 不属于本机关 reply (TemplateRefer), or a notice
// (TemplateCorrection, TemplateExtension). Body is paragraphs separated by
// blank lines with placeholders such as {{受理编号}}; the agency edits it.
type Template struct {
	Key       string `json:"key"`
	Title     string `json:"title"`
	Body      string `json:"body"`
	Updated   string `json:"updated,omitempty"` // RFC 3339; "" for a default
	UpdatedBy string `json:"updated_by,omitempty"`
	Default   bool   `json:"default,omitempty"` // the built-in text, not edited
}
