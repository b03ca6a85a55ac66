// Package publish is the agency's publishing desk behind the console
// (issue 12): documents written with every field of the catalogue format,
// checked by the same rules as the directory import (internal/catalog),
// previewed, published into the hub's signed catalogue as a new version
// that kiosks pick up on their next sync, and withdrawn; the 三同步 check
// that every 行政规范性文件 and 政策性文件 has its 政策解读; consultations
// and events as catalogue objects, with the 公众意见反馈情况 published as a
// document linked to them.
//
// The hub's catalogue (sync/hub, through the Catalogue interface) is the
// truth for what kiosks have. The desk's own Store keeps what is not on
// the kiosks: drafts (new documents, and changes to published ones not yet
// published), withdrawn documents with the reason, documents whose 公开属性
// is not 主动公开 (they never leave the hub), and the reasons recorded for
// a policy document published without its 解读.
//
// Who may do what is decided here, not by the pages: anyone working in
// the console but 前台 writes drafts; a 审核人 or 管理员 publishes and
// withdraws. Every change is audited through Auditor. The package holds no
// SQL (publish/pubsqlite) and no HTTP (internal/console).
package publish
