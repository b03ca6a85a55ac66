package catalog

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"
)

// MaxAttachmentBytes is the largest attachment a document may carry,
// imported from a directory or uploaded in the console: kiosks keep every
// file on their own disk.
const MaxAttachmentBytes = 50 << 20

// MaxAttachmentName is the longest attachment file name, in bytes.
const MaxAttachmentName = 200

// allowedTypes is the list of extensions for messages.
const allowedTypes = "pdf、doc、docx、xls、xlsx、jpg、png、txt、zip、ofd"

// CheckAttachmentName returns what is wrong with an attachment's file
// name, "" when nothing is: a bare name (no folder, no "..", no control
// characters, not hidden) with one of the extensions kiosks can list.
func CheckAttachmentName(name string) string {
	switch {
	case name == "":
		return "没有文件名"
	case strings.ContainsAny(name, `/\`) || name == "." || name == "..":
		return "文件名中不能带路径（/ 或 \\）"
	case strings.HasPrefix(name, "."):
		return "文件名不能以 . 开头"
	case len(name) > MaxAttachmentName:
		return fmt.Sprintf("文件名太长（最多 %d 字节）", MaxAttachmentName)
	case !utf8.ValidString(name) || hasControl(name):
		return "文件名含有控制字符"
	case strings.ContainsAny(name, `:*?"<>|`):
		return "文件名不能含有 : * ? \" < > | 等字符"
	}
	if _, ok := mediaTypes[strings.ToLower(path.Ext(name))]; !ok {
		return "类型不支持（可用：" + allowedTypes + "）"
	}
	return ""
}

// SniffAttachment returns the media type of the attachment called name
// whose size bytes r holds, after checking that the content is what the
// extension says (a PDF starts %PDF-, a .docx is a zip holding
// word/document.xml, a .txt is UTF-8 text and not a web page, …); msg
// says why it is refused otherwise. The name alone is never trusted: an
// .exe renamed .pdf or a page renamed .txt must not reach a kiosk.
func SniffAttachment(name string, r io.ReaderAt, size int64) (mediaType, msg string) {
	ext := strings.ToLower(path.Ext(name))
	mt, ok := mediaTypes[ext]
	if !ok {
		return "", "类型不支持（可用：" + allowedTypes + "）"
	}
	if size > MaxAttachmentBytes {
		return "", fmt.Sprintf("超过 %d MB", MaxAttachmentBytes>>20)
	}
	if size == 0 {
		return "", "是空文件"
	}
	head := make([]byte, min(size, 4096))
	if n, err := r.ReadAt(head, 0); n < len(head) && err != nil {
		return "", "无法读取"
	}
	ok = false
	switch ext {
	case ".pdf":
		ok = bytes.HasPrefix(head, []byte("%PDF-"))
	case ".png":
		ok = bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n"))
	case ".jpg", ".jpeg":
		ok = bytes.HasPrefix(head, []byte("\xff\xd8\xff"))
	case ".doc", ".xls":
		// The Office binary formats are OLE compound files.
		ok = bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"))
	case ".docx":
		ok = zipHolds(r, size, "word/document.xml")
	case ".xlsx":
		ok = zipHolds(r, size, "xl/workbook.xml")
	case ".ofd":
		ok = zipHolds(r, size, "OFD.xml")
	case ".zip":
		ok = zipHolds(r, size, "")
	case ".txt":
		ok = plainText(head, size)
	}
	if !ok {
		return "", "的内容与扩展名 " + ext + " 不符（按文件内容检查，不按文件名）"
	}
	return mt, ""
}

// zipHolds reports whether r is a readable zip archive with an entry
// called want (any entry when want is "").
func zipHolds(r io.ReaderAt, size int64, want string) bool {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return false
	}
	if want == "" {
		return true
	}
	for _, f := range z.File {
		if f.Name == want {
			return true
		}
	}
	return false
}

// plainText reports whether head (the start of a size-byte file) is UTF-8
// text without NUL bytes that a browser would not take for a web page.
func plainText(head []byte, size int64) bool {
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	check := head
	if int64(len(head)) < size {
		// A rune may be cut at the end of the sample.
		for i := 0; i < utf8.UTFMax && len(check) > 0 && !utf8.Valid(check); i++ {
			check = check[:len(check)-1]
		}
	}
	if !utf8.Valid(check) {
		return false
	}
	return strings.HasPrefix(http.DetectContentType(head), "text/plain")
}

// MediaTypeName names a media type for people: what a kiosk shows next to
// an attachment, and the console's preview of it.
func MediaTypeName(mt string) string {
	mt = strings.ToLower(strings.TrimSpace(strings.SplitN(mt, ";", 2)[0]))
	switch mt {
	case "application/pdf":
		return "PDF 文档"
	case "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return "Word 文档"
	case "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return "Excel 表格"
	case "application/zip":
		return "压缩包"
	case "application/ofd":
		return "OFD 版式文件"
	case "text/plain":
		return "文本文件"
	}
	switch {
	case strings.HasPrefix(mt, "image/"):
		return "图片"
	case mt == "":
		return "文件"
	}
	return mt
}

// HumanSize writes a size for people (字节, KB, MB, GB).
func HumanSize(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d 字节", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	case n < 1024*1024*1024:
		return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
	default:
		return fmt.Sprintf("%.1f GB", float64(n)/(1024*1024*1024))
	}
}
