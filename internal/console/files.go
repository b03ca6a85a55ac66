package console

import (
	"errors"
	"io"
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
	f, hdr, err := r.FormFile("file")
	var data []byte
	switch {
	case errors.Is(err, http.ErrMissingFile):
		err = domain.Errorf(domain.EINVALID, "请选择要上传的文件")
	case err != nil:
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			err = domain.Errorf(domain.EINVALID, "文件超过%d MB", foi.MaxFileBytes>>20)
		} else {
			err = domain.Errorf(domain.EINVALID, "上传未完成，请重新选择文件")
		}
	default:
		defer f.Close()
		if data, err = io.ReadAll(f); err == nil {
			_, err = s.opt.Cases.AddFile(r.Context(), c.actor(), id, hdr.Filename, hdr.Header.Get("Content-Type"), data)
		}
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

// safeTypes are the media types a download keeps; anything else goes out
// as application/octet-stream, and every file is an attachment in a
// sandbox, so an uploaded page can never run in the console's origin.
var safeTypes = map[string]bool{"application/pdf": true, "image/png": true, "image/jpeg": true}

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
	ct := "application/octet-stream"
	if safeTypes[f.MediaType] {
		ct = f.MediaType
	}
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	sendAs(w, f.Name, ct, f.Data)
}
