// Real-client suite for Go's database/sql with github.com/lib/pq (Debian golang-github-lib-pq-dev).
// run.sh builds it offline (GOPATH mode against the Debian source tree) and runs it against
// the server named by PGHOST/PGPORT/PGUSER/PGDATABASE.
//
// lib/pq sends a query without arguments as a simple Query and one with arguments through
// an unnamed extended-protocol statement; db.Prepare parses a named statement; pq.CopyIn
// streams COPY ... FROM STDIN.
package main

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/lib/pq"
)

const (
	users = "clients_go_users"
	bulk  = "clients_go_bulk"
)

type suite struct {
	db             *sql.DB
	passed, failed int
}

func (s *suite) check(name string, body func() error) bool {
	if err := body(); err != nil {
		why := err.Error()
		var pqErr *pq.Error
		if errors.As(err, &pqErr) {
			why = fmt.Sprintf("%s (SQLSTATE %s)", why, pqErr.Code)
		}
		fmt.Printf("FAIL %s: %s\n", name, strings.Join(strings.Fields(why), " "))
		s.failed++
		return false
	}
	fmt.Printf("ok %s\n", name)
	s.passed++
	return true
}

func expectEqual(actual, expected interface{}, what string) error {
	if !reflect.DeepEqual(actual, expected) {
		return fmt.Errorf("%s: expected %#v, got %#v", what, expected, actual)
	}
	return nil
}

// expectCode checks that err is a *pq.Error with the given SQLSTATE.
func expectCode(err error, code pq.ErrorCode, what string) error {
	if err == nil {
		return fmt.Errorf("%s: expected SQLSTATE %s, the statement succeeded", what, code)
	}
	var pqErr *pq.Error
	if !errors.As(err, &pqErr) {
		return fmt.Errorf("%s: expected a *pq.Error, got %T: %v", what, err, err)
	}
	return expectEqual(pqErr.Code, code, what+": SQLSTATE")
}

// firstError returns the first non-nil error, so a check can list its steps in order.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *suite) connect() error {
	db, err := sql.Open("postgres", "sslmode=disable") // host, port, user, database: from PG*
	if err != nil {
		return err
	}
	s.db = db
	db.SetMaxOpenConns(4)
	if err := db.Ping(); err != nil {
		return err
	}
	var one int
	if err := db.QueryRow("SELECT 1").Scan(&one); err != nil {
		return err
	}
	return expectEqual(one, 1, "SELECT 1")
}

func (s *suite) createTables() error {
	for _, statement := range []string{
		"DROP TABLE IF EXISTS " + users + ", " + bulk,
		"CREATE TABLE " + users + " (id int PRIMARY KEY, name text NOT NULL, email text)",
		"CREATE TABLE " + bulk + " (id int, label text)",
	} {
		if _, err := s.db.Exec(statement); err != nil {
			return fmt.Errorf("%s: %w", statement, err)
		}
	}
	return nil
}

func (s *suite) execWithParameters() error {
	payload := "'; DROP TABLE " + users + "; --"
	for _, u := range []struct {
		id          int
		name, email interface{}
	}{{1, "Alice", "alice@example.com"}, {2, "Bob", nil}, {3, payload, "o'neil@example.com"}} {
		result, err := s.db.Exec("INSERT INTO "+users+" VALUES ($1, $2, $3)", u.id, u.name, u.email)
		if err != nil {
			return err
		}
		affected, err := result.RowsAffected()
		if err := firstError(err, expectEqual(affected, int64(1), "rows affected")); err != nil {
			return err
		}
	}
	return nil
}

type user struct {
	ID    int
	Name  string
	Email sql.NullString
}

func (s *suite) queryUsers(query string, args ...interface{}) ([]user, error) {
	rows, err := s.db.Query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []user
	for rows.Next() {
		var u user
		if err := rows.Scan(&u.ID, &u.Name, &u.Email); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func (s *suite) queryScan() error {
	all, err := s.queryUsers("SELECT id, name, email FROM " + users + " ORDER BY id")
	if err != nil {
		return err
	}
	expected := []user{
		{1, "Alice", sql.NullString{String: "alice@example.com", Valid: true}},
		{2, "Bob", sql.NullString{}},
		{3, "'; DROP TABLE " + users + "; --", sql.NullString{String: "o'neil@example.com", Valid: true}},
	}
	if err := expectEqual(all, expected, "all users"); err != nil {
		return err
	}
	some, err := s.queryUsers("SELECT id, name, email FROM "+users+" WHERE id > $1 AND name <> $2 ORDER BY id", 1, "Bob")
	return firstError(err, expectEqual(some, expected[2:], "users selected with parameters"))
}

func (s *suite) queryRowNotFound() error {
	var name string
	err := s.db.QueryRow("SELECT name FROM "+users+" WHERE id = $1", 99).Scan(&name)
	return expectEqual(err, sql.ErrNoRows, "error for a missing row")
}

func (s *suite) prepareWithParameter() error {
	stmt, err := s.db.Prepare("SELECT name FROM " + users + " WHERE id = $1")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for id, expected := range map[int]string{1: "Alice", 2: "Bob"} {
		for round := 0; round < 3; round++ {
			var name string
			if err := stmt.QueryRow(id).Scan(&name); err != nil {
				return err
			}
			if err := expectEqual(name, expected, fmt.Sprintf("name of %d", id)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *suite) countWhere(condition string) (int, error) {
	var n int
	err := s.db.QueryRow("SELECT count(*) FROM " + users + " WHERE " + condition).Scan(&n)
	return n, err
}

func (s *suite) transactionCommit() error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if _, err := tx.Exec("INSERT INTO "+users+" VALUES ($1, $2, $3)", 4, "David", "david@example.com"); err != nil {
		return err
	}
	before, err := s.countWhere("id = 4") // another pooled connection, outside the transaction
	if err := firstError(err, expectEqual(before, 0, "row seen outside before Commit")); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	after, err := s.countWhere("id = 4")
	return firstError(err, expectEqual(after, 1, "row seen outside after Commit"))
}

func (s *suite) transactionRollback() error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	if _, err := tx.Exec("DELETE FROM " + users); err != nil {
		tx.Rollback() //nolint:errcheck
		return err
	}
	if err := tx.Rollback(); err != nil {
		return err
	}
	n, err := s.countWhere("true")
	return firstError(err, expectEqual(n, 4, "rows after Rollback"))
}

func bulkLabel(i int) interface{} {
	switch i % 100 {
	case 0:
		return nil
	case 1:
		return fmt.Sprintf("tab\there\\back\nline %d ✓", i)
	default:
		return fmt.Sprintf("row-%d", i)
	}
}

func (s *suite) copyIn() error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck
	stmt, err := tx.Prepare(pq.CopyIn(bulk, "id", "label"))
	if err != nil {
		return err
	}
	for i := 1; i <= 500; i++ {
		if _, err := stmt.Exec(i, bulkLabel(i)); err != nil {
			return err
		}
	}
	if _, err := stmt.Exec(); err != nil { // flushes and ends the COPY
		return err
	}
	if err := stmt.Close(); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	var count, sum, nulls int
	err = s.db.QueryRow("SELECT count(*), sum(id), count(*) FILTER (WHERE label IS NULL) FROM "+bulk).Scan(&count, &sum, &nulls)
	if err := firstError(err, expectEqual([]int{count, sum, nulls}, []int{500, 125250, 5}, "count, sum, NULLs")); err != nil {
		return err
	}
	var label string
	err = s.db.QueryRow("SELECT label FROM "+bulk+" WHERE id = $1", 101).Scan(&label)
	return firstError(err, expectEqual(label, bulkLabel(101), "label with special characters"))
}

func (s *suite) types() error {
	var (
		big   int64
		f     float64
		b     bool
		bytes []byte
		ts    time.Time
		ints  []int64
		text  string
	)
	err := s.db.QueryRow(`SELECT 9223372036854775807::int8, 0.1::float8, true, '\x00ff'::bytea,
		'2001-02-03 04:05:06.5+00'::timestamptz, ARRAY[1, 2, 3]::int8[], $1::text`, "Zoë ✓").
		Scan(&big, &f, &b, &bytes, &ts, pq.Array(&ints), &text)
	if err != nil {
		return err
	}
	return firstError(
		expectEqual(big, int64(9223372036854775807), "int8"),
		expectEqual(f, 0.1, "float8"),
		expectEqual(b, true, "bool"),
		expectEqual(bytes, []byte{0x00, 0xff}, "bytea"),
		expectEqual(ts.UTC().Format(time.RFC3339Nano), "2001-02-03T04:05:06.5Z", "timestamptz"),
		expectEqual(ints, []int64{1, 2, 3}, "int8[]"),
		expectEqual(text, "Zoë ✓", "text parameter"),
	)
}

func (s *suite) errorCodes() error {
	_, err := s.db.Exec("SELEC 1")
	if err := expectCode(err, "42601", "syntax error"); err != nil {
		return err
	}
	var pqErr *pq.Error
	errors.As(err, &pqErr)
	if err := expectEqual(pqErr.Code.Name(), "syntax_error", "error code name"); err != nil {
		return err
	}
	_, err = s.db.Exec("INSERT INTO "+users+" VALUES ($1, 'Again', NULL)", 1)
	if err := expectCode(err, "23505", "duplicate key"); err != nil {
		return err
	}
	_, err = s.db.Exec("SELECT * FROM clients_go_missing")
	if err := expectCode(err, "42P01", "missing table"); err != nil {
		return err
	}
	var n int
	err = s.db.QueryRow("SELECT $1::int", "not a number").Scan(&n)
	if err := expectCode(err, "22P02", "bad parameter"); err != nil {
		return err
	}
	err = s.db.QueryRow("SELECT $1::int + 1", 41).Scan(&n)
	return firstError(err, expectEqual(n, 42, "query after the errors"))
}

func (s *suite) errorInTransaction() error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck
	_, err = tx.Exec("SELECT 1 / 0")
	if err := expectCode(err, "22012", "division by zero"); err != nil {
		return err
	}
	_, err = tx.Exec("SELECT 1")
	if err := expectCode(err, "25P02", "statement in the failed transaction"); err != nil {
		return err
	}
	if err := tx.Rollback(); err != nil {
		return err
	}
	n, err := s.countWhere("true")
	return firstError(err, expectEqual(n, 4, "rows after the failed transaction"))
}

func (s *suite) dropTables() error {
	_, err := s.db.Exec("DROP TABLE " + users + ", " + bulk)
	return firstError(err, s.db.Close())
}

func main() {
	s := &suite{}
	if s.check("connect", s.connect) {
		s.check("create_tables", s.createTables)
		s.check("exec_with_parameters", s.execWithParameters)
		s.check("query_scan", s.queryScan)
		s.check("query_row_not_found", s.queryRowNotFound)
		s.check("prepare_with_parameter", s.prepareWithParameter)
		s.check("transaction_commit", s.transactionCommit)
		s.check("transaction_rollback", s.transactionRollback)
		s.check("copy_in", s.copyIn)
		s.check("types", s.types)
		s.check("error_codes", s.errorCodes)
		s.check("error_in_transaction", s.errorInTransaction)
		s.check("drop_tables", s.dropTables)
	}
	fmt.Printf("%d passed, %d failed\n", s.passed, s.failed)
	if s.failed > 0 || s.passed == 0 {
		os.Exit(1)
	}
}
