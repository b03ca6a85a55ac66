package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// HelpItem is one line of a 使用帮助 page: a picture (the icon the visitor
// sees on the screen for it) and what to do, in plain words.
type HelpItem struct {
	Icon fyne.Resource
	Text string
}

// Helper is a screen with its own 使用帮助: what can be done on it.
type Helper interface {
	Help() []HelpItem
}

// generalHelp is what every help page ends with: moving around, the
// display settings, speech, the keypad, staff, and the kiosk forgetting.
func (a *App) generalHelp() []HelpItem {
	wait := fmt.Sprintf("%d 分钟", int(a.idle.After.Round(time.Minute).Minutes()))
	return []HelpItem{
		{theme.NavigateBackIcon(), "点“返回”回到上一页，点“首页”回到首页。"},
		{theme.CheckButtonCheckedIcon(), "字太小看不清：点右上角“大字模式”，每点一次字放大一级（1.5 倍、2 倍），再点回到标准字。"},
		{theme.VisibilityIcon(), "看不清颜色：点“高对比度”，页面变为黑底白字、黄色按钮。"},
		{theme.SettingsIcon(), "字很大时，“大字模式”和“高对比度”收在右上角的“显示设置”里：点“显示设置”即可看到。"},
		{theme.VolumeUpIcon(), "想听读：点页面顶部的“语音播报”，终端会读出页面内容；再点一次立即停止。"},
		{theme.ComputerIcon(), "使用小键盘：按 2、8 上下移动，按 4、6 前后移动，按 5 或确认键选择，按 0 再听一遍。"},
		{theme.AccountIcon(), "需要帮助：在填写表格时点“呼叫工作人员”，或直接到服务窗口咨询。"},
		{theme.HistoryIcon(), "用完不必退出：" + wait + "无人操作后，终端会回到首页并清除您查阅和填写的内容。"},
	}
}

// ShowHelp opens 使用帮助 for the screen shown.
func (a *App) ShowHelp() {
	if _, already := a.Current().(*HelpScreen); already {
		return
	}
	a.Push(NewHelpScreen(a, a.Current()))
}

// HelpScreen is the 使用帮助 page for the screen it was opened from.
type HelpScreen struct {
	app   *App
	of    string // the title of the screen it helps with
	items []HelpItem
}

// NewHelpScreen returns the help for screen s.
func NewHelpScreen(a *App, s Screen) *HelpScreen {
	h := &HelpScreen{app: a, of: s.Title()}
	if hp, ok := s.(Helper); ok {
		h.items = hp.Help()
	}
	return h
}

// Title is the screen's title.
func (h *HelpScreen) Title() string { return "使用帮助" }

// Build lists the screen's help, then the general help, each line with
// its picture.
func (h *HelpScreen) Build() fyne.CanvasObject {
	col := container.NewVBox(sectionTitle("“" + h.of + "”页面怎么用"))
	if len(h.items) == 0 {
		col.Add(wrappedText("这一页可以浏览查看。下面是本终端的通用操作方法。", theme.SizeNameText, theme.ColorNameForeground))
	}
	for _, it := range h.items {
		col.Add(helpLine(it))
	}
	col.Add(widget.NewSeparator())
	col.Add(sectionTitle("通用操作"))
	for _, it := range h.app.generalHelp() {
		col.Add(helpLine(it))
	}
	back := widget.NewButtonWithIcon("看完了，返回", theme.NavigateBackIcon(), h.app.Handle(h.app.Back))
	back.Importance = widget.HighImportance
	col.Add(container.NewHBox(back))
	return h.app.NewTouchScroll(container.NewPadded(readable(col)))
}

// helpLine is a picture beside its words.
func helpLine(it HelpItem) fyne.CanvasObject {
	icon := widget.NewIcon(theme.NewColoredResource(it.Icon, theme.ColorNamePrimary))
	pic := container.New(AtLeast(64, 64), icon)
	return container.NewBorder(nil, nil, container.NewVBox(pic), nil,
		NewParagraph(it.Text, theme.SizeNameText, theme.ColorNameForeground))
}

// Speech reads the help.
func (h *HelpScreen) Speech() []string {
	out := []string{sentence("“" + h.of + "”页面怎么用")}
	for _, it := range h.items {
		out = append(out, it.Text)
	}
	out = append(out, "通用操作。")
	for _, it := range h.app.generalHelp() {
		out = append(out, it.Text)
	}
	return out
}

// Help explains the home screen.
func (h *HomeScreen) Help() []HelpItem {
	names := make([]string, len(h.app.tiles))
	for i, t := range h.app.tiles {
		names[i] = t.Name
	}
	return []HelpItem{
		{theme.GridIcon(), "首页的每个方块是一项服务：" + strings.Join(names, "、") + "。用手指点一下方块就能进入。"},
		{theme.SearchIcon(), "找某一份文件，点“搜索”，输入标题里的字或文号。"},
		{theme.DocumentCreateIcon(), "要申请公开政府信息，点“依申请公开”，按步骤填写后会打印回执。"},
	}
}

// Help explains a level of the catalogue.
func (s *CategoryScreen) Help() []HelpItem {
	return []HelpItem{
		{theme.FolderOpenIcon(), "每一行是一个类别，右边的数字是其中的文件数。点一行进入，直到看到文件列表。"},
		{theme.MoveDownIcon(), "类别多时用手指按住屏幕上下拖动。"},
	}
}

// Help explains a list of documents.
func (s *DocumentListScreen) Help() []HelpItem {
	return []HelpItem{
		{theme.DocumentIcon(), "每一行是一份文件：标题、文号、发布日期和发布机构。点一行打开全文。"},
		{theme.MoveDownIcon(), "用手指按住列表上下拖动，可以看到更早的文件。"},
	}
}

// Help explains a document.
func (s *DocumentScreen) Help() []HelpItem {
	items := []HelpItem{
		{theme.DocumentIcon(), "上方是文件的标题和索引号、文号、发布日期等信息，下方是全文。"},
		{theme.MoveDownIcon(), "用手指按住全文上下拖动阅读。"},
		{theme.InfoIcon(), "标有“已废止”“已失效”的文件仅供查阅；标有“示例”的是演示用文件。"},
	}
	if s.PrintButton != nil {
		items = append(items, HelpItem{theme.DocumentPrintIcon(), "需要纸质文件，点“打印本文件”，到打印机处取件。"})
	}
	return items
}

// Help explains the search.
func (s *SearchScreen) Help() []HelpItem {
	return []HelpItem{
		{theme.SearchIcon(), "在上方的框里输入标题中的字、文号或关键词，例如“招生”，然后点“搜索”。"},
		{theme.ComputerIcon(), "输入汉字：在屏幕键盘上按拼音，例如 zhaosheng，再点选“招生”。"},
		{theme.ListIcon(), "可以按类别、发布年份和有效性缩小范围。点结果的标题查看全文。"},
	}
}
