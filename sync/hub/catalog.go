package hub

import (
	"context"
	"io"
	"io/fs"
	"sort"

	"gongkai/internal/catalog"
	"gongkai/internal/domain"
)

// FromCatalog turns a parsed catalogue source directory into a Catalogue
// whose attachments are read from fsys. Documents that are not 主动公开
// stay at the hub: they are left out and named in Withdraw, so one that
// was public before is taken off the kiosks.
func FromCatalog(set *catalog.Set, fsys fs.FS) *Catalogue {
	held := map[string]bool{}
	public := *set
	public.Documents = nil
	for _, d := range set.Documents {
		if d.Disclosure != "" && d.Disclosure != domain.DisclosureProactive {
			held[d.ID] = true
			continue
		}
		public.Documents = append(public.Documents, d)
	}
	changes := public.Changes(1)
	cat := &Catalogue{Objects: make([]domain.Object, len(changes))}
	for i, c := range changes {
		cat.Objects[i] = domain.Object{Kind: c.Kind, ID: c.ID, Data: c.Data}
	}
	for _, d := range set.Documents {
		if held[d.ID] {
			cat.Withdraw = append(cat.Withdraw, ObjectKey{Kind: domain.KindDocument, ID: d.ID})
		}
	}
	// Only the files of documents that leave the hub.
	used := map[string]bool{}
	for _, d := range public.Documents {
		for _, a := range d.Attachments {
			used[a.SHA256] = true
		}
	}
	shas := make([]string, 0, len(set.Files))
	for sha := range set.Files {
		if used[sha] {
			shas = append(shas, sha)
		}
	}
	sort.Strings(shas)
	for _, sha := range shas {
		f := set.Files[sha]
		cat.Files = append(cat.Files, File{
			SHA256: sha, Size: f.Size, MediaType: f.MediaType, Path: f.Path,
			Open: func() (io.ReadCloser, error) { return catalog.OpenFile(fsys, f) },
		})
	}
	return cat
}

// Import loads a parsed catalogue source directory into the hub (see
// ImportCatalogue).
func (h *Hub) Import(ctx context.Context, set *catalog.Set, fsys fs.FS, opt ImportOptions) (*ImportResult, error) {
	return h.ImportCatalogue(ctx, FromCatalog(set, fsys), opt)
}
