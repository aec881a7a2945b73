/*
 * ui_script.h: keys from curses and from scripts, and the headless script
 * mode of SPEC §14: a file of keys in keymap spelling, `:resize C R`,
 * `:dump PATH` and `:dump-attrs PATH`, run on a virtual screen.
 */
#ifndef MARGIN_UI_SCRIPT_H
#define MARGIN_UI_SCRIPT_H

#include <wchar.h>

#include "margin/keymap.h"

struct ui;

/* A key as curses returned it (get_wch's rc and value) as a struct key;
   0 when it is no key margin knows. */
int	 ui_translate_key(int rc, wint_t wc, struct key *k);
/* Run a script on the current (virtual) screen. */
int	 ui_script_run(struct ui *ui, const char *path, char **errp);

/* A mouse event, from curses or from a script. */
enum ui_mouse_kind {
	UI_MOUSE_PRESS,
	UI_MOUSE_RELEASE,
	UI_MOUSE_CLICK,
	UI_MOUSE_WHEEL_UP,
	UI_MOUSE_WHEEL_DOWN
};
struct ui_mouse_event {
	enum ui_mouse_kind	kind;
	int			x, y;
};

/* For the script runner: ui_mouse.c, ui_dispatch.c, ui_screen.c. */
void	 ui_mouse(struct ui *ui, const struct ui_mouse_event *ev);
void	 ui_key(struct ui *ui, const struct key *k);
void	 ui_resize(struct ui *ui, int cols, int rows);
void	 ui_redraw_for_script(struct ui *ui);

/* ui_term.c: -1 (with a message) when TERM cannot draw the reader. */
int	 ui_terminal_usable(char **errp);

#endif
