package accounts

import "gongkai/internal/sqldb"

// Raw gives tests the store's database, to look at what is stored and to
// tamper with it as an intruder would.
func Raw(s *Store) sqldb.Q { return s.db.W() }

// OnPostgres reports whether s is on PostgreSQL.
func OnPostgres(s *Store) bool { return s.db.Postgres() }
