package staff

import (
	"context"
	"database/sql"
	"embed"

	"gongkai/internal/schema"
)

// migrations are this package's own schema steps, numbered NNN_name.sql,
// applied by schema.Migrate under the component name "staff". They touch
// only staff_* tables. Before the shared runner the version was kept in
// staff_schema_version; it is adopted from there once.
//
//go:embed migrations/*.sql
var migrations embed.FS

// ErrNewerSchema reports a database whose staff tables were written by
// newer software; running on would risk an audit log this version cannot
// chain correctly.
var ErrNewerSchema = schema.ErrNewer

func migrate(ctx context.Context, db *sql.DB) error {
	return schema.MigrateFrom(ctx, db, "staff", migrations, schema.VersionTable("staff_schema_version"))
}
