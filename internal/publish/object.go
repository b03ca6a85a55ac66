package publish

import (
	"encoding/json"
	"strconv"

	"gongkai/internal/domain"
)

// object is a catalogue object's JSON, as the import makes it.
func object(kind, id string, v any) domain.Object {
	data, err := json.Marshal(v)
	if err != nil {
		// The domain types are plain structs; Marshal cannot fail on them.
		panic("publish: marshal " + kind + " " + id + ": " + err.Error())
	}
	return domain.Object{Kind: kind, ID: id, Data: data}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
