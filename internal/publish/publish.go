package publish

import (
	"context"
	"io"
	"time"

	"gongkai/internal/catalog"
	"gongkai/internal/domain"
	"gongkai/internal/validate"
	"gongkai/internal/wallclock"
)

// Roles as the console's accounts name them.
const (
	RoleRegistrar = "登记员"
	RoleHandler   = "承办人"
	RoleReviewer  = "审核人"
	RoleAdmin     = "管理员"
	RoleFrontDesk = "前台"
)

// Actor is the member of staff acting.
type Actor struct{ Login, Name, Role string }

// mayWrite: everyone in the console but the front desk writes drafts.
func (a Actor) mayWrite() bool {
	return a.Role == RoleRegistrar || a.Role == RoleHandler || a.Role == RoleReviewer || a.Role == RoleAdmin
}

// mayPublish: publishing is the reviewer's (or the administrator's) act,
// the second pair of eyes before anything reaches the public.
func (a Actor) mayPublish() bool { return a.Role == RoleReviewer || a.Role == RoleAdmin }

var (
	errWrite   = &domain.Error{Code: domain.EFORBIDDEN, Message: "前台账号不能编辑公开内容。"}
	errPublish = &domain.Error{Code: domain.EFORBIDDEN, Message: "只有审核人或管理员可以发布或撤回公开内容。"}
	errAssign  = &domain.Error{Code: domain.EFORBIDDEN, Message: "只有登记员、审核人或管理员可以分派。"}
)

// Key names one catalogue object.
type Key struct{ Kind, ID string }

// Published says what a publication did to the hub's catalogue.
type Published struct {
	From, To int64 // the catalogue version before and after
}

// Catalogue is the hub's catalogue as the desk uses it (publish/pubhub
// over sync/hub). Publish makes a new signed version exactly as a
// directory import does.
type Catalogue interface {
	// Objects returns every live object.
	Objects(ctx context.Context) ([]domain.Object, error)
	// Object returns one live object; ok is false when there is none.
	Object(ctx context.Context, kind, id string) (o domain.Object, ok bool, err error)
	// Publish writes objects (their attachments already put) and withdraws
	// the live objects of withdraw, in one transaction.
	Publish(ctx context.Context, objects []domain.Object, withdraw []Key) (Published, error)
	// PutFile stores an attachment's bytes under their SHA-256; nothing
	// reaches a kiosk until a published document names it.
	PutFile(ctx context.Context, sha string, size int64, r io.Reader) error
	// OpenFile opens stored bytes.
	OpenFile(ctx context.Context, sha string) (io.ReadSeekCloser, error)
}

// Auditor records what staff did (the console's audit log).
type Auditor interface {
	Audit(ctx context.Context, a Actor, action, target, detail string) error
}

// Service is the publishing desk.
type Service struct {
	Catalogue Catalogue
	Store     Store
	Inbox     Inbox            // the kiosks' feedback; nil leaves comments out
	Seats     Seats            // the hub's sign-ups and seat rules
	Audit     Auditor          // nil records nothing (tests)
	Now       func() time.Time // wallclock.Now when nil
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return wallclock.Now()
	}
	return s.Now()
}

func (s *Service) audit(ctx context.Context, a Actor, action, target, detail string) error {
	if s.Audit == nil {
		return nil
	}
	return s.Audit.Audit(ctx, a, action, target, detail)
}

// fieldErrors turns the catalogue's rule problems into the form errors
// pages show next to each field.
func fieldErrors(ps []catalog.FieldProblem) error {
	fe := validate.FieldErrors{}
	for _, p := range ps {
		fe.Add(p.Key, domain.Errorf(domain.EINVALID, "%s", p.Message))
	}
	return fe.Err()
}

func invalidf(format string, args ...any) error {
	return domain.Errorf(domain.EINVALID, format, args...)
}

// lookup loads the desk and the catalogue and finds id in them with get
// ((*snapshot).consultation, .event, .entry, .existing); ENOTFOUND names
// it as what (文件, 活动, 意见征集) when get does not find it.
func lookup[T any](ctx context.Context, s *Service, get func(*snapshot, string) (T, bool), what, id string) (*snapshot, T, error) {
	var zero T
	sn, err := s.load(ctx)
	if err != nil {
		return nil, zero, err
	}
	v, ok := get(sn, id)
	if !ok {
		return nil, zero, notFound(what + " " + id)
	}
	return sn, v, nil
}

// each loads the desk and the catalogue and makes a view of each of the
// objects of one kind (of), in their order; the first error stops it.
func each[T, V any](ctx context.Context, s *Service, of func(*snapshot) []T, view func(*snapshot, T) (V, error)) ([]V, error) {
	sn, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	var out []V
	for _, x := range of(sn) {
		v, err := view(sn, x)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// saveLinked saves a draft document (Save) written for the object kind/id
// (a consultation's 反馈情况, an event's 意见建议及回应) and links it to it.
func (s *Service) saveLinked(ctx context.Context, a Actor, in Input, kind, id string) (*Entry, error) {
	e, err := s.Save(ctx, a, in)
	if err != nil {
		return nil, err
	}
	if err := s.Store.PutLink(ctx, e.Doc.ID, kind, id); err != nil {
		return nil, err
	}
	return e, nil
}

func notFound(what string) error {
	return domain.Errorf(domain.ENOTFOUND, "没有找到%s，可能已被删除。", what)
}

// isNotFound reports a domain not-found error.
func isNotFound(err error) bool { return domain.ErrorCode(err) == domain.ENOTFOUND }
