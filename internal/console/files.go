package console

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"

	"gongkai/internal/accounts"
	"gongkai/internal/domain"
	"gongkai/internal/foi"
)

// ActionFile is the audit log's word for a file taken out of the console.
const ActionFile accounts.Action = "下载附件"

// addFile keeps an uploaded file with a case (the information provided,
// a scanned letter, a third party's answer).
func (s *Server) addFile(w http.ResponseWriter, r *http.Request, c *call) {
	id := r.PathValue("id")
	data, hdr, err := uploaded(r, foi.MaxFileBytes, "请选择要上传的文件", fmt.Sprintf("文件超过%d MB", foi.MaxFileBytes>>20))
	if err == nil {
		_, err = s.opt.Cases.AddFile(r.Context(), c.actor(), id, hdr.Filename, hdr.Header.Get("Content-Type"), data)
	}
	if err != nil {
		v, verr := s.caseView(r, c, id)
		if verr != nil {
			s.fail(w, r, c, verr)
			return
		}
		s.formError(w, r, c, err, "case", v)
		return
	}
	redirect(w, r, "/cases/"+url.PathEscape(id)+"?done=file#files")
}

// uploaded reads the file a form sent as "file": at most limit bytes and
// one more, so that the service sees one too large and says so. No file,
// a body beyond its limit or an upload cut off is a domain.Error, in the
// words of the page (missing, tooBig).
func uploaded(r *http.Request, limit int64, missing, tooBig string) ([]byte, *multipart.FileHeader, error) {
	f, hdr, err := r.FormFile("file")
	switch {
	case errors.Is(err, http.ErrMissingFile):
		return nil, nil, &domain.Error{Code: domain.EINVALID, Message: missing}
	case err != nil:
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			return nil, nil, &domain.Error{Code: domain.EINVALID, Message: tooBig}
		}
		return nil, nil, domain.Errorf(domain.EINVALID, "上传未完成，请重新选择文件")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	return data, hdr, err
}

// safeTypes are the media types a download keeps; anything else goes out
// as application/octet-stream, and every file is an attachment in a
// sandbox, so an uploaded page can never run in the console's origin.
var safeTypes = map[string]bool{"application/pdf": true, "image/png": true, "image/jpeg": true}

// sendUploaded hands out a file someone uploaded, for staff to check.
func sendUploaded(w http.ResponseWriter, name, mediaType string, data []byte) {
	ct := "application/octet-stream"
	if safeTypes[mediaType] {
		ct = mediaType
	}
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	sendAs(w, name, ct, data)
}

func (s *Server) filePage(w http.ResponseWriter, r *http.Request, c *call) {
	fileID, _ := strconv.ParseInt(r.PathValue("file"), 10, 64)
	f, err := s.opt.Cases.File(r.Context(), c.actor(), r.PathValue("id"), fileID)
	if err != nil {
		s.fail(w, r, c, err)
		return
	}
	if err := s.acc.Record(r.Context(), c.login(), ActionFile, "案件 "+f.CaseID+"；附件 "+strconv.FormatInt(f.ID, 10)); err != nil {
		s.fail(w, r, c, err)
		return
	}
	sendUploaded(w, f.Name, f.MediaType, f.Data)
}
