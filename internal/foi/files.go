package foi

import (
	"context"
	"path"
	"strings"
	"unicode/utf8"

	"gongkai/internal/domain"
)

// MaxFileBytes is the largest file kept with a case.
const MaxFileBytes = 20 << 20

// AddFile keeps a file with a case: the information provided, a scan of a
// posted application, a third party's answer. Not on an archived case.
func (s *Service) AddFile(ctx context.Context, a Actor, id, name, mediaType string, data []byte) (*File, error) {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if c.Stage == StageArchived {
		return nil, invalidf("案件已归档，只能查看和导出，不能再添加附件")
	}
	if !has(staff, a.Role) {
		return nil, domain.Errorf(domain.EFORBIDDEN, "%s不能添加附件", a.Role)
	}
	name = strings.TrimSpace(path.Base(strings.ReplaceAll(name, `\`, "/")))
	switch {
	case name == "" || name == "." || name == "/":
		return nil, invalidf("请选择要上传的文件")
	case utf8.RuneCountInString(name) > 100:
		return nil, invalidf("文件名最多100字")
	case len(data) == 0:
		return nil, invalidf("文件是空的")
	case len(data) > MaxFileBytes:
		return nil, invalidf("文件超过%d MB", MaxFileBytes>>20)
	}
	if mediaType == "" {
		mediaType = "application/octet-stream"
	}
	f := &File{CaseID: c.ID, Name: name, MediaType: mediaType, By: a.Login, Data: data}
	if err := s.Store.AddFile(ctx, f); err != nil {
		return nil, err
	}
	return f, s.audit(ctx, a, "add_file", c.ID, "添加附件")
}

// Files lists the files kept with a case, without their bytes.
func (s *Service) Files(ctx context.Context, a Actor, id string) ([]File, error) {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return s.Store.Files(ctx, c.ID)
}

// File returns one file of a case with its bytes.
func (s *Service) File(ctx context.Context, a Actor, id string, fileID int64) (*File, error) {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return s.Store.File(ctx, c.ID, fileID)
}
