package store

// SetShortLists sets the size of a gram's lists up to which a search
// takes the cover of the fewest grams as it is, and returns a function
// that restores it: 0 makes every phrase whose inner grams occur at all
// take the cheapest cover of all its grams.
func SetShortLists(n int64) (restore func()) {
	old := shortLists
	shortLists = n
	return func() { shortLists = old }
}

// BlockSize is the size from which an index block holds one list and its
// skip table.
const BlockSize = blockSize

// HoldMerges stops the background merger from merging, so that a test
// keeps the segments its syncs made.
func (s *Store) HoldMerges() { s.mergesHeld.Store(true) }

// SetVerifyCost sets what verifying a candidate document is reckoned to
// cost in bytes of list (1: verify whenever a long list would be read)
// and returns a function that restores it.
func SetVerifyCost(n int64) (restore func()) {
	old := verifyDocBytes
	verifyDocBytes = n
	return func() { verifyDocBytes = old }
}

// Verifications returns how many term parts searches have verified
// against document text (verify.go) so far.
func Verifications() int64 { return verifications.Load() }
