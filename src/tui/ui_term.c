/*
 * ui_term.c: whether the terminal can show the reader at all.  Apart from
 * the rest of the TUI because <term.h> defines macros (lines, columns)
 * that clash with ordinary names.
 */
#include <curses.h>
#include <term.h>
#include <stdlib.h>
#include <unistd.h>

#include "margin/util.h"
#include "ui_script.h"

/*
 * A terminal the reader can draw on: one that can put the cursor
 * anywhere.  TERM=dumb (an editor's shell buffer, some CI logs) or an
 * unknown TERM would get garbage; say so instead.
 */
int
ui_terminal_usable(char **errp)
{
	const char	*term = getenv("TERM");
	char		*cup;
	int		 err = 0;

	if (term == NULL || *term == '\0')
		return err_set(errp, "TERM is not set: the reader needs a "
		    "terminal (try TERM=xterm-256color)");
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return err_set(errp, "TERM=%s is not a terminal the reader "
		    "knows (is its terminfo installed?)", term);
	cup = tigetstr("cup");
	del_curterm(cur_term);
	if (cup == NULL || cup == (char *)-1)
		return err_set(errp, "TERM=%s cannot move the cursor: the "
		    "reader needs a full-screen terminal (the command line "
		    "works: margin list, margin export)", term);
	return 0;
}

