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
// whose attachments are read from fsys.
func FromCatalog(set *catalog.Set, fsys fs.FS) *Catalogue {
	changes := set.Changes(1)
	cat := &Catalogue{Objects: make([]domain.Object, len(changes))}
	for i, c := range changes {
		cat.Objects[i] = domain.Object{Kind: c.Kind, ID: c.ID, Data: c.Data}
	}
	shas := make([]string, 0, len(set.Files))
	for sha := range set.Files {
		shas = append(shas, sha)
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
