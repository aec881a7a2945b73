# tests/pg.sh: a throwaway PostgreSQL cluster for the tests of the
# PostgreSQL backend (SPEC §15, §17).  Sourced after tests/lib.sh:
#
#	pg_start            initdb and start a server on a unix socket in a
#	                    temporary folder (listen_addresses=''), as an
#	                    unprivileged user; stopped when the test exits.
#	                    Sets PG_SOCK, PG_CONN (conninfo of the database
#	                    postgres, role margin) and MARGIN_TEST_PG.
#	pg_db NAME          create database NAME; sets DB to its conninfo, so
#	                    that m() and ui() use it.
#	pg_sql SQL          run SQL on the database postgres (psql).
#	pg_psql NAME ARGS   psql on database NAME, the same way.
#	pg_server start|stop|restart
#	                    start, stop (-m fast) or restart the server.
#
# A machine without the server (Debian's postgresql) fails the test: CI
# installs it (.ci/run), and a backend untested is a backend broken.

pg_bindir() {
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	d=$(command -v initdb 2>/dev/null) && { dirname "$d"; return 0; }
	return 1
}

# as_pg CMD...: run CMD as the cluster's owner (the server refuses root).
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	local bin
	bin=$(pg_bindir) || fail "no PostgreSQL server (initdb): install postgresql"
	command -v psql >/dev/null 2>&1 || fail "no psql: install postgresql-client"
	PG_DIR=$(mktemp -d)
	chmod 755 "$PG_DIR"
	mkdir "$PG_DIR/data" "$PG_DIR/sock"
	if [ "$(id -u)" = 0 ]; then
		chown nobody:nogroup "$PG_DIR/data" "$PG_DIR/sock"
	fi
	(cd / && as_pg "$bin/initdb" -D "$PG_DIR/data" -A trust -U margin \
		-E UTF8 --locale=C.UTF-8 --no-sync) > "$PG_DIR/initdb.log" 2>&1 ||
		fail "initdb failed: $(tail -3 "$PG_DIR/initdb.log")"
	PG_BIN=$bin
	PG_SOCK="$PG_DIR/sock"
	at_exit pg_stop
	pg_server start
	PG_CONN="host=$PG_SOCK user=margin dbname=postgres"
	MARGIN_TEST_PG=$PG_CONN
	export MARGIN_TEST_PG PG_SOCK
}

# pg_server start|stop|restart: the server of pg_start started, stopped
# (-m fast: its connections are ended) or both, waiting until it is done.
pg_server() {
	(cd / && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_SOCK/log" \
		-w -t 120 -m fast -o "-k $PG_SOCK -c listen_addresses='' \
		-c fsync=off -c max_connections=100" "$1") \
		> "$PG_DIR/ctl.log" 2>&1 ||
		fail "pg_ctl $1 failed: $(tail -3 "$PG_SOCK/log")"
}

pg_stop() {
	[ -n "${PG_DIR:-}" ] || return 0
	(cd / && as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w \
		stop) > /dev/null 2>&1
	rm -rf "$PG_DIR"
	PG_DIR=""
}

# pg_psql NAME ARGS...: psql on database NAME of the cluster, quiet,
# stopping at the first error, rows unaligned.
pg_psql() {
	local name=$1
	shift
	psql -X -q -v ON_ERROR_STOP=1 -At -h "$PG_SOCK" -U margin -d "$name" \
		"$@"
}

pg_sql() {
	pg_psql postgres -c "$1"
}

pg_db() {
	pg_sql "CREATE DATABASE $1" || fail "CREATE DATABASE $1 failed"
	DB="host=$PG_SOCK user=margin dbname=$1"
}
