package reprint

import (
	"context"
	"database/sql"
	"embed"

	"gongkai/internal/schema"
)

// migrations are this package's own schema steps, numbered NNN_name.sql,
// applied by schema.Migrate under the component name "reprint". They touch
// only reprint_* tables. Before the shared runner the version was kept in
// reprint_schema_version; it is adopted from there once.
//
//go:embed migrations/*.sql
var migrations embed.FS

// migrate applies them; a database whose reprint tables newer software
// wrote is refused with schema.ErrNewer.
func migrate(ctx context.Context, db *sql.DB) error {
	return schema.MigrateFrom(ctx, db, "reprint", migrations, schema.VersionTable("reprint_schema_version"))
}
