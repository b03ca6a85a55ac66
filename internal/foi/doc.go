// Package foi is the hub's register of 依申请公开 applications (the case
// domain of the agency console): every application from 登记 to 归档, the
// rules of the 《政府信息公开条例》 (2019) that each step must obey, the
// statutory deadlines on the working-day calendar, the letters, and the
// annual report's table 三. It holds no SQL (foi/foisqlite) and no HTTP
// (internal/console); foi/foihub connects it to the hub's submissions.
//
// # Stages
//
//	登记 ─开始审核→ 审核 ─受理→ 办理 ─拟写答复→ 答复 ─审签→ 答复(已签发) ─登记送达→ 送达 ─归档→ 归档
//	登记/审核 ─发出补正告知→ 待补正 ─登记收到补正→ 审核     (Art. 30: once, within 7 working days of receipt)
//	待补正 ─按逾期不补正终止→ 答复 (outcome 6.1)            (only after the time given has passed)
//	办理 ─征求第三方意见→ 征求意见 ─登记第三方意见→ 办理   (Art. 32: those days do not count)
//	审核 ─拟写答复→ 答复                                     (e.g. 不予处理, 不属于本机关)
//	答复(未签发) ─退回→ the stage it was drafted in
//	办理/征求意见: 申请延期 → 批准延期 | 不批准延期           (Art. 33: once, ≤ 20 working days,
//	                                                          approved by another account, a 审核人)
//
// Apply checks every action against these rules, the actor's role and
// 科室, and the case's version, and returns *domain.Error values with
// Chinese messages saying why an action is refused. The console, the
// command line and a replayed form all go through it (Service.Do).
//
// # Deadlines
//
// ComputeDeadline derives the deadline from the case on every read: 20
// working days from the receipt date (Art. 31 per channel) or from the
// corrected application, plus the working days of every consultation
// (up to today while one is open), plus an approved extension. A deadline
// that crosses a year the calendar does not hold is provisional. The
// store keeps the computed due date and clock in columns for the
// register's filters and recomputes them when the calendar changes.
//
// # Service API (the console codes against this)
//
//	Register(ctx, Actor, Registration) (*Case, error)   当面/邮寄/网络/传真 by a 登记员
//	ImportKiosk(ctx) (int, error)                         kiosk applications from the hub, idempotent
//	List(ctx, Actor, Filter) (Page, error)                the 台账; a 承办人 sees only their 科室
//	Get(ctx, Actor, id) (*Case, error)                    id: register or tracking number; EFORBIDDEN
//	Available(ctx, Actor, *Case) []string                 the actions to offer
//	Do(ctx, Actor, id, Action) (*Case, error)             every transition
//	Queue(ctx, Actor) ([]QueueItem, error)                "my cases" with what is due next
//	Applicant(ctx, Actor, id) (*ApplicantView, error)     every case of the case's applicant
//	Letter(ctx, Actor, id) ([]byte, error)                the reply letter (PDF; a draft is marked 草稿)
//	LetterFile(ctx, Actor, id, letterID) (*LetterFile, error)
//	Templates / Template / SaveTemplate / ResetTemplate / PreviewTemplate
//	Settings / SaveSettings                               letterhead, 复议机关, 诉讼法院
//	AddFile / Files / File                                files kept with a case (not once archived)
//	AnnualReport(ctx, year) (*Report, error)              table 三; Report.CSV, Report.XLSX
//	SyncStatus(ctx) error                                 resend public statuses not yet in the feed
//
// foihub.Open(ctx, hub, submissions) returns a Service wired to a hub.
//
// # Storage
//
// The register lives in its own SQLite file, foi.db, in the hub's data
// directory (foisqlite), migrated with store.Migrate under "foi", or, for
// a hub on PostgreSQL, in the hub's database (the same queries over
// internal/sqldb), shared by every hub process. It holds applicants'
// personal data in plain text, because staff search by name; it never
// leaves the hub and nothing of it is logged.
//
// # What the applicant sees
//
// PublicStatusOf maps a kiosk case to the words the kiosk's 办理进度查询
// and the public status page know (已受理, 需补正, 已延期, 已答复, 已办结)
// with the deadline and a fixed phrase; never a name or an internal note.
// Service.Do stores it with the case and SyncStatus sends what has not
// reached the hub's feed yet, so a failed send goes out later.
package foi
