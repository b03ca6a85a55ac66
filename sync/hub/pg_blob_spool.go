package hub

import (
	"bytes"
	"io"
	"os"
)

// spoolInMemory is the most bytes of a blob PutBlob keeps in memory to
// write again; a larger one is spooled to a temporary file.
const spoolInMemory = blobChunk

// rewound is a blob's source that can be read again from its start.
type rewound struct {
	r      io.ReadSeeker
	start  int64
	failed bool // a read of r failed: the source's fault, not the database's
}

// rewindable makes r readable again from where it is now: r itself when
// it seeks (a file, an upload the HTTP server spooled), else its first
// size+1 bytes (enough to tell a source that is too long) read into
// memory when size is small, or into a temporary file in dir ("": the
// system's), removed by done. done must be called on every path.
func rewindable(r io.Reader, size int64, dir string) (src *rewound, done func(), err error) {
	if rs, ok := r.(io.ReadSeeker); ok {
		if at, err := rs.Seek(0, io.SeekCurrent); err == nil {
			return &rewound{r: rs, start: at}, func() {}, nil
		}
	}
	limited := io.LimitReader(r, size+1)
	if size < spoolInMemory {
		b, err := io.ReadAll(limited)
		if err != nil {
			return nil, nil, err
		}
		return &rewound{r: bytes.NewReader(b)}, func() {}, nil
	}
	f, err := os.CreateTemp(dir, ".blob-*.part")
	if err != nil {
		return nil, nil, err
	}
	done = func() {
		f.Close()
		os.Remove(f.Name())
	}
	if _, err := io.Copy(f, limited); err != nil {
		done()
		return nil, nil, err
	}
	return &rewound{r: f}, done, nil
}

// rewind goes back to the start.
func (s *rewound) rewind() error {
	s.failed = false
	_, err := s.r.Seek(s.start, io.SeekStart)
	return err
}

func (s *rewound) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF {
		s.failed = true
	}
	return n, err
}
