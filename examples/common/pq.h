// A few lines of libpq for the examples: a connection that closes itself and a query
// that returns rows as text or the server's error. Real applications would use their
// own driver (libpqxx, JDBC, psycopg...): Plinth speaks the PostgreSQL protocol.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace pq {

struct Error : std::runtime_error {
  Error(std::string sqlstate_, const std::string& message) : std::runtime_error(message), sqlstate(std::move(sqlstate_)) {}
  std::string sqlstate;
};

using Rows = std::vector<std::vector<std::optional<std::string>>>;

class Connection {
 public:
  // Throws Error when the connection or login fails (the message is libpq's).
  explicit Connection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str()), &PQfinish) {
    if (PQstatus(conn_.get()) != CONNECTION_OK) throw Error("08006", PQerrorMessage(conn_.get()));
  }

  // Runs one statement with text parameters ($1..$n); throws Error with the SQLSTATE.
  Rows query(const std::string& sql, const std::vector<std::optional<std::string>>& params = {}) {
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    std::unique_ptr<PGresult, decltype(&PQclear)> res(
        PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                     nullptr, 0),
        &PQclear);
    ExecStatusType status = PQresultStatus(res.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      const char* state = PQresultErrorField(res.get(), PG_DIAG_SQLSTATE);
      throw Error(state ? state : "", PQresultErrorMessage(res.get()));
    }
    Rows rows;
    for (int r = 0; r < PQntuples(res.get()); r++) {
      auto& row = rows.emplace_back();
      for (int c = 0; c < PQnfields(res.get()); c++)
        row.push_back(PQgetisnull(res.get(), r, c) ? std::nullopt
                                                   : std::optional<std::string>(PQgetvalue(res.get(), r, c)));
    }
    return rows;
  }

  // The first column of the first row (throws when there is none or it is NULL).
  std::string scalar(const std::string& sql, const std::vector<std::optional<std::string>>& params = {}) {
    Rows rows = query(sql, params);
    if (rows.empty() || rows[0].empty() || !rows[0][0]) throw Error("21000", "expected a value from: " + sql);
    return *rows[0][0];
  }

 private:
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
};

}  // namespace pq
