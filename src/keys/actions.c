/*
 * actions.c: the table of actions generated from ACTIONS() in actions.h,
 * and the lookups by name that the keymap parser and the help use.
 */
#include <stddef.h>
#include <strings.h>

#include "margin/actions.h"

const struct action_info action_table[ACTION_COUNT] = {
	/* "none" binds a key to nothing, hiding a generic binding. */
	[ACTION_NONE] = { ACTION_NONE, "none", "Do nothing" },
#define ACTION_ENTRY(id, name, help) \
	[ACTION_##id] = { ACTION_##id, name, help },
	ACTIONS(ACTION_ENTRY)
#undef ACTION_ENTRY
};

enum action
action_by_name(const char *name)
{
	int	 i;

	if (name == NULL)
		return ACTION_NONE;
	for (i = 1; i < ACTION_COUNT; i++) {
		if (strcasecmp(action_table[i].name, name) == 0)
			return action_table[i].action;
	}
	return ACTION_NONE;
}

const char *
action_name(enum action a)
{
	if ((int)a < 0 || a >= ACTION_COUNT)
		return NULL;
	return action_table[a].name;
}
