package foi

// Template keys besides the outcome codes.
const (
	TemplateRefer      = "refer"      // 不属于本机关: names the responsible agency
	TemplateCorrection = "correction" // 补正申请告知书
	TemplateExtension  = "extension"  // 延期答复告知书
)
