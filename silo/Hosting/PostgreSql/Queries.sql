-- The table Orleans' ADO.NET providers read their queries from at start: every statement they run is a row here,
-- by a key each provider knows. The providers bind parameters and read result columns by name (PostgreSQL folds
-- unquoted names to lower case; Npgsql matches them case-insensitively), so those names are the contract.
-- Applied by PostgreSqlSchema at the first start, idempotently: the tables are created if missing and every query
-- is written again (ON CONFLICT), so a newer build's queries replace an older build's.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) NOT NULL PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);
