/*
 * db_pg_sql.c: the store's SQL, written in SQLite's dialect, in
 * PostgreSQL's.  The store's statements keep to what the two share, and
 * this turns the few places where SQLite's words differ:
 *
 *   ?N and ?            $N (the server's parameters); $N::text in
 *                       "?N IS NULL", where the server could not tell
 *                       its type
 *   a IS NOT b          a IS DISTINCT FROM b (and IS, IS NOT DISTINCT
 *                       FROM), unless b is NULL, TRUE or FALSE
 *   end, symmetric      quoted: column names PostgreSQL reserves
 *   max(a, b), min      greatest(a, b), least: the scalar forms
 *   group_concat(       string_agg(
 *   json_object(        json_build_object(
 *   json_each(X)        json_array_elements_text(X::json) AS je(value)
 *   INSERT OR IGNORE    INSERT ... ON CONFLICT DO NOTHING
 *   INSERT INTO t       ... RETURNING id, for the tables with an id, so
 *                       that db_last_id() has the id it gave
 *
 * Statements whose meaning needs more than words (JSON, FTS5, dates)
 * have a text of their own for PostgreSQL, given by the store.  String
 * literals and quoted names pass through untouched.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_pg.h"
#include "margin/util.h"

/* The tables whose rows have an integer id that an INSERT gives. */
static const char *const dbpg_id_tables[] = {
	"articles", "spans", "article_tags", "labels", "entities",
	"relations", "relation_labels", "gazetteers", "models", "history",
};

static int
dbpg_is_word(int c)
{
	return isalnum(c) || c == '_';
}

/* The word at p (len bytes) is w, in any case. */
static int
dbpg_word_is(const char *p, size_t len, const char *w)
{
	return strlen(w) == len && strncasecmp(p, w, len) == 0;
}

/* The next word after p, skipping white space: its start and length. */
static const char *
dbpg_next_word(const char *p, size_t *len)
{
	const char	*q;

	while (isspace((unsigned char)*p))
		p++;
	for (q = p; dbpg_is_word((unsigned char)*q); q++)
		;
	*len = (size_t)(q - p);
	return p;
}

/* After "name(" at p: does the call have two arguments or more? */
static int
dbpg_several_args(const char *p)
{
	int	 depth = 0;

	for (; *p != '\0'; p++) {
		if (*p == '\'') {
			for (p++; *p != '\0' && !(*p == '\'' && p[1] != '\'');
			    p++)
				if (*p == '\'')
					p++;
			if (*p == '\0')
				return 0;
		} else if (*p == '(')
			depth++;
		else if (*p == ')') {
			if (depth-- == 0)
				return 0;
		} else if (*p == ',' && depth == 0)
			return 1;
	}
	return 0;
}

/* Copy the argument of json_each( at p up to its closing parenthesis;
   the position after it. */
static const char *
dbpg_json_each(struct buf *out, const char *p, struct dbpg_refs *refs);

static const char *
dbpg_param(struct buf *out, const char *p, struct dbpg_refs *refs)
{
	int	 n = 0;

	p++;			/* the ? */
	if (isdigit((unsigned char)*p)) {
		while (isdigit((unsigned char)*p))
			n = n * 10 + (*p++ - '0');
	} else
		n = ++refs->seq;
	if (n > refs->n)
		refs->n = n;
	if (n < DBPG_MAX_PARAMS)
		refs->used[n] = 1;
	buf_printf(out, "$%d", n);
	/* A parameter first seen in "? IS NULL" has no type the server
	   can infer: the store's are texts (an annotator, a tag, a JSON
	   list). */
	{
		const char	*w;
		size_t		 len;

		w = dbpg_next_word(p, &len);
		if (dbpg_word_is(w, len, "IS")) {
			w = dbpg_next_word(w + len, &len);
			if (dbpg_word_is(w, len, "NOT"))
				w = dbpg_next_word(w + len, &len);
			if (dbpg_word_is(w, len, "NULL"))
				buf_adds(out, "::text");
		}
	}
	return p;
}

/* One piece of SQL: a literal, a parameter, a word or a character. */
static const char *
dbpg_token(struct buf *out, const char *p, struct dbpg_refs *refs,
    int *ignore)
{
	const char	*w, *q;
	size_t		 len, wlen;
	char		 quote;

	if (*p == '\'' || *p == '"') {
		quote = *p;
		q = p + 1;
		while (*q != '\0') {
			if (*q == quote && q[1] == quote)
				q += 2;
			else if (*q == quote)
				break;
			else
				q++;
		}
		if (*q == quote)
			q++;
		buf_add(out, p, (size_t)(q - p));
		return q;
	}
	if (*p == '?')
		return dbpg_param(out, p, refs);
	if (!dbpg_is_word((unsigned char)*p) || isdigit((unsigned char)*p)) {
		q = p;
		if (isdigit((unsigned char)*p))
			while (dbpg_is_word((unsigned char)*q) || *q == '.')
				q++;
		else
			q++;
		buf_add(out, p, (size_t)(q - p));
		return q;
	}
	for (q = p; dbpg_is_word((unsigned char)*q); q++)
		;
	len = (size_t)(q - p);
	/* Column names PostgreSQL reserves; SQL's own END and SYMMETRIC
	   are written in capitals by the store. */
	if ((len == 3 && strncmp(p, "end", 3) == 0) ||
	    (len == 9 && strncmp(p, "symmetric", 9) == 0)) {
		buf_printf(out, "\"%.*s\"", (int)len, p);
		return q;
	}
	if (dbpg_word_is(p, len, "IS")) {
		w = dbpg_next_word(q, &wlen);
		if (dbpg_word_is(w, wlen, "NOT")) {
			const char	*x;
			size_t		 xlen;

			x = dbpg_next_word(w + wlen, &xlen);
			if (!dbpg_word_is(x, xlen, "NULL") &&
			    !dbpg_word_is(x, xlen, "TRUE") &&
			    !dbpg_word_is(x, xlen, "FALSE") &&
			    !dbpg_word_is(x, xlen, "DISTINCT")) {
				buf_adds(out, "IS DISTINCT FROM");
				return w + wlen;
			}
		} else if (!dbpg_word_is(w, wlen, "NULL") &&
		    !dbpg_word_is(w, wlen, "TRUE") &&
		    !dbpg_word_is(w, wlen, "FALSE") &&
		    !dbpg_word_is(w, wlen, "DISTINCT")) {
			buf_adds(out, "IS NOT DISTINCT FROM");
			return q;
		}
	}
	if (dbpg_word_is(p, len, "INSERT")) {
		w = dbpg_next_word(q, &wlen);
		if (dbpg_word_is(w, wlen, "OR")) {
			const char	*x;
			size_t		 xlen;

			x = dbpg_next_word(w + wlen, &xlen);
			if (dbpg_word_is(x, xlen, "IGNORE")) {
				*ignore = 1;
				buf_adds(out, "INSERT");
				return x + xlen;
			}
		}
	}
	if (*q == '(' && (dbpg_word_is(p, len, "max") ||
	    dbpg_word_is(p, len, "min")) && dbpg_several_args(q + 1)) {
		buf_adds(out, tolower((unsigned char)p[1]) == 'a' ?
		    "greatest" : "least");
		return q;
	}
	if (*q == '(' && dbpg_word_is(p, len, "json_object")) {
		buf_adds(out, "json_build_object");
		return q;
	}
	if (*q == '(' && dbpg_word_is(p, len, "group_concat")) {
		buf_adds(out, "string_agg");
		return q;
	}
	if (*q == '(' && dbpg_word_is(p, len, "json_each"))
		return dbpg_json_each(out, q + 1, refs);
	buf_add(out, p, len);
	return q;
}

static const char *
dbpg_json_each(struct buf *out, const char *p, struct dbpg_refs *refs)
{
	int	 depth = 0, ignore = 0;

	buf_adds(out, "json_array_elements_text((");
	while (*p != '\0' && !(*p == ')' && depth == 0)) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		if (*p == '(' || *p == ')') {
			buf_addc(out, *p++);
			continue;
		}
		p = dbpg_token(out, p, refs, &ignore);
	}
	buf_adds(out, ")::json) AS je(value)");
	return *p == ')' ? p + 1 : p;
}

/* An INSERT INTO one of dbpg_id_tables, without RETURNING already? */
static int
dbpg_wants_returning(const char *sql)
{
	const char	*w;
	size_t		 len, i;

	w = dbpg_next_word(sql, &len);
	if (!dbpg_word_is(w, len, "INSERT"))
		return 0;
	w = dbpg_next_word(w + len, &len);
	if (dbpg_word_is(w, len, "OR")) {
		w = dbpg_next_word(w + len, &len);
		w = dbpg_next_word(w + len, &len);
	}
	if (!dbpg_word_is(w, len, "INTO"))
		return 0;
	w = dbpg_next_word(w + len, &len);
	if (strstr(sql, "RETURNING") != NULL)
		return 0;
	for (i = 0; i < sizeof(dbpg_id_tables) / sizeof(dbpg_id_tables[0]);
	    i++)
		if (dbpg_word_is(w, len, dbpg_id_tables[i]))
			return 1;
	return 0;
}

char *
dbpg_sql(const char *sql, struct dbpg_refs *refs, int *returning)
{
	struct buf	 out = BUF_INIT;
	const char	*p = sql;
	int		 ignore = 0;
	size_t		 end;

	memset(refs, 0, sizeof(*refs));
	*returning = dbpg_wants_returning(sql);
	while (*p != '\0')
		p = dbpg_token(&out, p, refs, &ignore);
	/* Before a trailing semicolon, if any. */
	end = out.len;
	while (end > 0 && (out.data[end - 1] == ';' ||
	    isspace((unsigned char)out.data[end - 1])))
		end--;
	buf_truncate(&out, end);
	if (ignore)
		buf_adds(&out, " ON CONFLICT DO NOTHING");
	if (*returning)
		buf_adds(&out, " RETURNING id");
	return buf_detach(&out);
}
