package catalog

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"gongkai/internal/domain"
)

// documentKeys are the front-matter keys of a document, in the order the
// format document lists them.
var documentKeys = []string{
	"id", "title", "index_no", "issuer", "doc_no", "written", "published", "category", "topic",
	"disclosure", "validity", "keywords", "interprets", "attachments", "sample",
}

// mediaTypes maps the attachment extensions a kiosk can list to their
// media types. Anything else (an .exe, a .html) is refused rather than
// offered to visitors.
var mediaTypes = map[string]string{
	".pdf":  "application/pdf",
	".doc":  "application/msword",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":  "application/vnd.ms-excel",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".png":  "image/png",
	".txt":  "text/plain; charset=utf-8",
	".zip":  "application/zip",
	".ofd":  "application/ofd",
}

// parsedDocument is a document that passed its own checks, with what the
// cross-document checks need: where it came from and its attachments.
type parsedDocument struct {
	doc       domain.Document
	path      string
	idLine    int
	interLine int // line of the interprets key
	files     []hashedFile
}

type hashedFile struct {
	File
	sha string
}

// attachmentFile is a hashed attachment, or why it could not be read.
type attachmentFile struct {
	hashedFile
	err     error
	refused string // why the content is not accepted (SniffAttachment)
}

// loadDocuments parses every docs/**/*.md file, then checks what spans
// documents (duplicate ids, interprets links). Bad documents are reported
// and left out; the rest come back sorted by id.
func (l *loader) loadDocuments(tree categoryTree) []parsedDocument {
	var docs []parsedDocument
	err := fs.WalkDir(l.fsys, docsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == docsDir && errors.Is(err, fs.ErrNotExist) {
				return nil // a catalogue without documents is allowed
			}
			l.add(p, 0, "无法读取：%v", err)
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") && p != docsDir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !strings.EqualFold(path.Ext(p), ".md") {
			return nil
		}
		if doc, ok := l.loadDocument(p, tree); ok {
			docs = append(docs, doc)
		}
		return nil
	})
	if err != nil {
		l.add(docsDir, 0, "无法读取文件夹：%v", err)
	}

	// Duplicate ids: the first file (in path order) keeps the id.
	byID := map[string]parsedDocument{}
	unique := docs[:0]
	for _, d := range docs {
		if first, dup := byID[d.doc.ID]; dup {
			l.add(d.path, d.idLine, "文件 id %q 重复（%s 第 %d 行已使用）", d.doc.ID, first.path, first.idLine)
			continue
		}
		byID[d.doc.ID] = d
		unique = append(unique, d)
	}
	docs = unique

	// An interpretation must point at a document that is in the set; drop
	// dangling ones until none is left (a 解读 of a dropped 解读 goes too).
	for changed := true; changed; {
		changed = false
		kept := docs[:0]
		for _, d := range docs {
			target := d.doc.Interprets
			if _, ok := byID[target]; target != "" && !ok {
				l.add(d.path, d.interLine, "interprets 指向的文件 id %q 不存在（或该文件有错误未导入）", target)
				delete(byID, d.doc.ID)
				changed = true
				continue
			}
			kept = append(kept, d)
		}
		docs = kept
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].doc.ID < docs[j].doc.ID })
	return docs
}

// loadDocument parses one document file; ok is false when it had problems.
func (l *loader) loadDocument(p string, tree categoryTree) (parsedDocument, bool) {
	src, err := fs.ReadFile(l.fsys, p)
	if err != nil {
		l.add(p, 0, "无法读取：%v", err)
		return parsedDocument{}, false
	}
	if !l.checkUTF8(p, 0, src) {
		return parsedDocument{}, false
	}
	fm, fmOffset, body, ok := splitFrontMatter(string(src))
	if !ok {
		l.add(p, 1, "文件应以 +++ 行开头，后接 TOML 元数据，再以一行 +++ 结束（见 docs/catalogue-format.md）")
		return parsedDocument{}, false
	}
	t, ok := l.decodeTOML(p, fmOffset, fm)
	if !ok {
		return parsedDocument{}, false
	}
	f := l.topFields(t)
	f.unknown(documentKeys...)
	d := domain.Document{
		ID:         f.id("id"),
		Title:      f.str("title", true),
		IndexNo:    f.str("index_no", false),
		Issuer:     f.str("issuer", false),
		DocNo:      f.str("doc_no", false),
		Written:    f.date("written", false),
		Published:  f.date("published", true),
		Topic:      f.str("topic", false),
		Disclosure: f.str("disclosure", false),
		Validity:   f.str("validity", false),
		Keywords:   f.strs("keywords"),
		Interprets: f.str("interprets", false),
		Sample:     f.boolean("sample"),
	}
	if cat := f.str("category", true); cat != "" {
		if d.CategoryID = tree.resolve(cat); d.CategoryID == "" {
			f.problem("category", "未知分类 %q（应为 categories.toml 中的分类 id，或从顶层起的分类名称路径，如 \"义务教育/招生管理/招生政策\"）", cat)
		}
	}
	for _, p := range CheckDocument(&d, Refs{}) {
		// The loader's own problem for a key (a missing or mistyped value,
		// an unknown category) already says it, with the line.
		if !f.reported(p.Key) {
			f.problem(p.Key, "%s", p.Message)
		}
	}
	var files []hashedFile
	for _, rel := range f.strs("attachments") {
		hf, msg := l.attachment(path.Dir(p), rel)
		if msg != "" {
			f.problem("attachments", "文件 %q 的附件 %q %s", d.ID, rel, msg)
			continue
		}
		files = append(files, hf)
		d.Attachments = append(d.Attachments, domain.Attachment{
			Name: path.Base(hf.Path), MediaType: hf.MediaType, Size: hf.Size, SHA256: hf.sha,
		})
	}
	d.Body = ParseBody(body)
	if f.bad {
		return parsedDocument{}, false
	}
	return parsedDocument{doc: d, path: p, idLine: f.line("id"), interLine: f.line("interprets"), files: files}, true
}

// splitFrontMatter cuts a document into its TOML front matter and Markdown
// body. offset is the file line just before the front matter's first line,
// so a TOML line number plus offset is the file's line number.
func splitFrontMatter(src string) (fm string, offset int, body string, ok bool) {
	src = strings.TrimPrefix(src, "\ufeff")
	lines := strings.Split(src, "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "+++" {
		return "", 0, "", false
	}
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "+++" {
			return strings.Join(lines[1:i], "\n"), 1, strings.Join(lines[i+1:], "\n"), true
		}
	}
	return "", 0, "", false
}

// attachment hashes the file at rel (relative to dir) once per Load; msg
// says what is wrong with it.
func (l *loader) attachment(dir, rel string) (hf hashedFile, msg string) {
	if strings.Contains(rel, `\`) {
		return hf, "路径应使用 '/' 分隔"
	}
	if path.IsAbs(rel) {
		return hf, "应为相对于本文件所在文件夹的路径"
	}
	p := path.Join(dir, rel)
	if !fs.ValidPath(p) {
		return hf, "指向了目录以外的位置"
	}
	if msg := CheckAttachmentName(path.Base(p)); msg != "" {
		return hf, msg
	}
	af, seen := l.hashes[p]
	if !seen {
		af = hashFile(l.fsys, p)
		l.hashes[p] = af
	}
	if errors.Is(af.err, fs.ErrNotExist) {
		return hf, "找不到文件 " + p
	} else if af.refused != "" {
		return hf, af.refused
	} else if af.err != nil {
		return hf, "无法读取：" + af.err.Error()
	}
	return af.hashedFile, ""
}

// hashFile checks the content of the attachment at p against its name
// (SniffAttachment, as the console's uploads) and hashes it.
func hashFile(fsys fs.FS, p string) attachmentFile {
	file, err := fsys.Open(p)
	if err != nil {
		return attachmentFile{err: err}
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return attachmentFile{err: err}
	}
	if st.IsDir() {
		return attachmentFile{err: errors.New("这是文件夹，不是文件")}
	}
	if st.Size() > MaxAttachmentBytes {
		return attachmentFile{refused: fmt.Sprintf("超过 %d MB", MaxAttachmentBytes>>20)}
	}
	ra, ok := file.(io.ReaderAt)
	if !ok {
		data, err := io.ReadAll(io.LimitReader(file, MaxAttachmentBytes+1))
		if err != nil {
			return attachmentFile{err: err}
		}
		ra = bytes.NewReader(data)
	}
	mt, msg := SniffAttachment(path.Base(p), ra, st.Size())
	if msg != "" {
		return attachmentFile{refused: msg}
	}
	h := sha256.New()
	n, err := io.Copy(h, io.NewSectionReader(ra, 0, st.Size()))
	if err != nil {
		return attachmentFile{err: err}
	}
	return attachmentFile{hashedFile: hashedFile{
		File: File{Path: p, Size: n, MediaType: mt},
		sha:  hex.EncodeToString(h.Sum(nil)),
	}}
}

// checkUTF8 reports the first line that is not valid UTF-8: exports from
// older portals are often GBK, which would otherwise show as garbage.
func (l *loader) checkUTF8(p string, offset int, src []byte) bool {
	if utf8.Valid(src) {
		return true
	}
	line := 1
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line++
		}
		src = src[size:]
	}
	l.add(p, offset+line, "不是有效的 UTF-8 文本（可能是 GBK 编码，请另存为 UTF-8）")
	return false
}
