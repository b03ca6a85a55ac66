package printertest

import (
	"time"

	"gongkai/internal/receipt"
	"gongkai/sync/protocol"
)

var beijing = time.FixedZone("CST", 8*3600)

// Application is a typical 政府信息公开申请 receipt: a provisional deadline,
// a masked summary and a status QR code. The receipt renderers' tests and
// the printers' tests print it.
func Application() receipt.Receipt {
	deadline := time.Date(2026, 12, 23, 0, 0, 0, 0, beijing)
	return receipt.Receipt{
		Agency:           "阳谷县教育和体育局",
		Kind:             protocol.KindApplication,
		Title:            "政府信息公开申请",
		Tracking:         "0012-261125-0042-7",
		VerificationCode: "7KQ2MX",
		Received:         time.Date(2026, 11, 25, 14, 32, 0, 0, beijing),
		Deadline:         &deadline,
		Provisional:      true,
		Notes:            []string{receipt.NoteCorrection},
		Summary: []receipt.Line{
			{Label: "申请人", Value: receipt.MaskName("欧阳娜娜")},
			{Label: "联系电话", Value: receipt.MaskPhone("13800138000")},
			{Label: "所需信息", Value: "关于印发《阳谷县2021年义务教育招生工作方案》的通知（阳教体办发〔2021〕12号）及相关附件"},
			{Label: "获取方式", Value: "纸质，现场领取"},
		},
		HowToCheck: "凭受理编号和查询码，可在本机“办理进度查询”或手机扫描下方二维码查询办理进度。",
		StatusURL:  receipt.StatusURL("https://gk.yanggu.gov.cn/", "0012-261125-0042-7", "7KQ2MX"),
	}
}
