/*
 * ui_train.c: training the tagger from the TUI (SPEC §11) without
 * freezing it: `:train` (and `set train-every N`, after every N articles
 * marked done in this session) runs margin's own binary as
 * `margin --db DB --annotator ME train ...` in a child process, its
 * output going to a temporary file that is already unlinked; the loop
 * polls it with waitpid(WNOHANG) while idle.  The child opens its own
 * connection: no SQLite connection crosses a fork.  Quitting leaves it
 * to finish (in its own process group, so that the terminal's signals do
 * not reach it); its model is saved when it ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "margin/json.h"
#include "margin/util.h"
#include "pane.h"

extern char **environ;

/* How often the child's progress line is read again, in milliseconds. */
#define UI_TRAIN_READ_MS	250

struct ui_train {
	pid_t		 pid;		/* 0: none running */
	int		 out;		/* its stdout and stderr */
	int64_t		 started;	/* mono_ms() */
	int64_t		 read_at;
	size_t		 articles;	/* done when it started */
	char		*last;		/* its last line, or NULL */
	size_t		 marked;	/* done since the last start */
};

static struct ui_train *
ui_train_of(struct ui *ui)
{
	if (ui->train == NULL) {
		ui->train = xcalloc(1, sizeof(*ui->train));
		ui->train->out = -1;
	}
	return ui->train;
}

int
ui_train_running(const struct ui *ui)
{
	return ui->train != NULL && ui->train->pid != 0;
}

/* The child's whole output so far (a new string). */
static char *
ui_train_output(const struct ui_train *tr)
{
	struct buf	 b = BUF_INIT;
	char		 chunk[4096];
	off_t		 at = 0;
	ssize_t		 n;

	while ((n = pread(tr->out, chunk, sizeof(chunk), at)) > 0) {
		buf_add(&b, chunk, (size_t)n);
		at += n;
	}
	buf_addc(&b, '\0');
	return buf_detach(&b);
}

/* The last non-empty line of s (of those margin's messages begin with
   "margin: ", when margin_only), without "margin: train: "; new, or
   NULL. */
static char *
ui_train_last_line(const char *s, int margin_only)
{
	static const char prefix[] = "margin: train: ";
	const char	*end = s + strlen(s), *start;

	for (;;) {
		while (end > s && (end[-1] == '\n' || end[-1] == '\r'))
			end--;
		for (start = end; start > s && start[-1] != '\n'; start--)
			;
		if (start == end)
			return NULL;
		if (!margin_only || strncmp(start, "margin: ", 8) == 0)
			break;
		end = start;
	}
	if ((size_t)(end - start) >= sizeof(prefix) - 1 &&
	    strncmp(start, prefix, sizeof(prefix) - 1) == 0)
		start += sizeof(prefix) - 1;
	return xstrndup(start, (size_t)(end - start));
}

static void
ui_train_read(struct ui_train *tr, int margin_only)
{
	char	*all = ui_train_output(tr), *line;

	tr->read_at = mono_ms();
	if ((line = ui_train_last_line(all, margin_only)) != NULL) {
		free(tr->last);
		tr->last = line;
	}
	free(all);
}

/* An unlinked temporary file for the child's output (O_CLOEXEC: only
   the child gets it, as its stdout and stderr). */
static int
ui_train_tmpfile(char **errp)
{
	const char	*dir = getenv("TMPDIR");
	char		*path;
	int		 fd;

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	path = xasprintf("%s/margin-train-XXXXXX", dir);
	if ((fd = mkstemp(path)) == -1) {
		err_set(errp, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	unlink(path);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	free(path);
	return fd;
}

/* margin's own binary: /proc/self/exe (the image this process runs,
   even when the file was replaced since), else margin on the PATH. */
static int
ui_train_spawn(struct ui_train *tr, char **argv, char **errp)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 at;
	sigset_t			 none, deflt;
	int				 rc, self;

	self = access("/proc/self/exe", X_OK) == 0;
	argv[0] = self ? (char *)"/proc/self/exe" : (char *)"margin";
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, tr->out, 1);
	posix_spawn_file_actions_adddup2(&fa, tr->out, 2);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigemptyset(&deflt);
	sigaddset(&deflt, SIGINT);
	sigaddset(&deflt, SIGQUIT);
	sigaddset(&deflt, SIGHUP);
	sigaddset(&deflt, SIGTERM);
	sigaddset(&deflt, SIGPIPE);
	sigaddset(&deflt, SIGTSTP);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &deflt);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
	    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	if (self)
		rc = posix_spawn(&tr->pid, argv[0], &fa, &at, argv, environ);
	else
		rc = posix_spawnp(&tr->pid, argv[0], &fa, &at, argv, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		tr->pid = 0;
		return err_set(errp, "cannot run %s: %s", argv[0],
		    strerror(rc));
	}
	return 0;
}

/* Start `margin train ARGS` (argv[0] is "train"). */
int
ui_train_start(struct ui *ui, int argc, char **argv, char **errp)
{
	static const struct store_article_filter done = { .status = 1 };
	struct ui_train	*tr = ui_train_of(ui);
	char		**cargv;
	int		  i, n = 0;

	if (tr->pid != 0)
		return err_set(errp, "a training is running already (the "
		    "status line follows it)");
	if (store_readonly(ui->store))
		return err_set(errp, "the database is open read-only");
	if (store_article_count(ui->store, &done, &tr->articles, errp) == -1)
		return -1;
	if ((tr->out = ui_train_tmpfile(errp)) == -1)
		return -1;
	cargv = xreallocarray(NULL, (size_t)argc + 7, sizeof(*cargv));
	cargv[n++] = NULL;		/* the binary, ui_train_spawn's */
	cargv[n++] = (char *)"--db";
	cargv[n++] = (char *)store_path(ui->store);
	cargv[n++] = (char *)"--annotator";
	cargv[n++] = ui->annotator;
	for (i = 0; i < argc; i++)
		cargv[n++] = argv[i];
	cargv[n] = NULL;
	if (ui_train_spawn(tr, cargv, errp) == -1) {
		free(cargv);
		close(tr->out);
		tr->out = -1;
		return -1;
	}
	free(cargv);
	tr->started = tr->read_at = mono_ms();
	free(tr->last);
	tr->last = NULL;
	tr->marked = 0;
	return 0;
}

/* "31k" tokens. */
static void
ui_train_count(struct buf *b, double n)
{
	if (n >= 1e6)
		buf_printf(b, "%.1fM", n / 1e6);
	else if (n >= 1e4)
		buf_printf(b, "%.0fk", n / 1e3);
	else
		buf_printf(b, "%.0f", n);
}

/* What the newest model learnt from, as its trained_on says. */
static void
ui_train_said_model(struct ui *ui)
{
	struct store_model	 m;
	const struct json	*a, *t;
	struct json		*j = NULL;
	struct buf		 b = BUF_INIT;
	char			*err = NULL;
	int			 found;

	if (store_model_latest(ui->store, &m, &found, &err) == -1 || !found) {
		ui_store_error(ui, "train", err != NULL ? err :
		    xstrdup("it ended, but no model is there"));
		return;
	}
	buf_printf(&b, "model %lld trained", (long long)m.id);
	if (m.trained_on != NULL)
		j = json_parse(m.trained_on, strlen(m.trained_on), 0, NULL);
	if (j != NULL && (a = json_get(j, "articles")) != NULL &&
	    a->type == JSON_ARRAY && (t = json_get(j, "tokens")) != NULL &&
	    t->type == JSON_NUMBER) {
		buf_printf(&b, " on %zu article%s, ", a->n,
		    a->n == 1 ? "" : "s");
		ui_train_count(&b, t->number);
		buf_adds(&b, " tokens");
	}
	ui_message(ui, "%s", b.data);
	json_free(j);
	buf_free(&b);
	store_model_free(&m);
}

/* The child ended with status: say how. */
static void
ui_train_ended(struct ui *ui, struct ui_train *tr, int status)
{
	ui_train_read(tr, !WIFEXITED(status) || WEXITSTATUS(status) != 0);
	close(tr->out);
	tr->out = -1;
	tr->pid = 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		ui_suggest_model_changed(ui);
		ui_train_said_model(ui);
	} else if (WIFEXITED(status))
		ui_error(ui, "train failed: %s", tr->last != NULL ? tr->last :
		    "no message");
	else
		ui_error(ui, "train failed: killed by signal %d",
		    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* set train-every N: enough articles marked done since the last one?
   1 when a training started. */
static int
ui_train_maybe_start(struct ui *ui)
{
	struct ui_train	*tr = ui_train_of(ui);
	char		*argv[1] = { (char *)"train" }, *err = NULL;

	if (ui->options.train_every <= 0 || tr->pid != 0 ||
	    tr->marked < (size_t)ui->options.train_every ||
	    store_readonly(ui->store))
		return 0;
	if (ui_train_start(ui, 1, argv, &err) == -1) {
		ui_error(ui, "train-every: %s", err);
		free(err);
		tr->marked = 0;
		return 0;
	}
	return 1;
}

void
ui_train_poll(struct ui *ui)
{
	struct ui_train	*tr = ui->train;
	pid_t		 got;
	int		 status;

	if (tr == NULL || tr->pid == 0)
		return;
	got = waitpid(tr->pid, &status, WNOHANG);
	if (got == 0) {
		if (mono_ms() - tr->read_at >= UI_TRAIN_READ_MS)
			ui_train_read(tr, 0);
		return;
	}
	if (got == -1) {
		ui_error(ui, "train: %s", strerror(errno));
		close(tr->out);
		tr->out = -1;
		tr->pid = 0;
		return;
	}
	ui_train_ended(ui, tr, status);
	(void)ui_train_maybe_start(ui);
}

void
ui_train_done_marked(struct ui *ui)
{
	struct ui_train	*tr = ui_train_of(ui);

	tr->marked++;
	if (ui_train_maybe_start(ui) && ui->message != NULL &&
	    !ui->message_error) {
		char	*said = xstrdup(ui->message);

		ui_message(ui, "%s; training in the background", said);
		free(said);
	}
}

/* The status line while it runs: "training… (120 articles done)". */
void
ui_train_status(struct ui *ui, struct buf *b)
{
	struct ui_train	*tr = ui->train;
	const char	*epoch;

	if (tr == NULL || tr->pid == 0)
		return;
	buf_printf(b, "  training\xe2\x80\xa6 (%zu article%s done",
	    tr->articles, tr->articles == 1 ? "" : "s");
	if (tr->last != NULL && (epoch = strstr(tr->last, "epoch ")) != NULL)
		buf_printf(b, ", %.*s", (int)strcspn(epoch, ":"), epoch);
	buf_adds(b, ")");
}

void
ui_train_close(struct ui *ui)
{
	struct ui_train	*tr = ui->train;

	if (tr == NULL)
		return;
	if (tr->pid != 0) {
		/* Left to finish: it has its own connection. */
		fprintf(stderr, "margin: train: still running (process %ld);"
		    " its model is saved when it ends\n", (long)tr->pid);
		close(tr->out);
	}
	free(tr->last);
	free(tr);
	ui->train = NULL;
}
