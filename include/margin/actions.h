/*
 * actions.h: the one list of what a key can do (SPEC §6.1, §7).  The table
 * generates the action enum, the names the keymap parser accepts, the help
 * overlay and the key tables of the man page.  Add an action here and in
 * the pane that performs it; nowhere else.
 *
 * X(ID, "name", "help text")
 */
#ifndef MARGIN_ACTIONS_H
#define MARGIN_ACTIONS_H

#define ACTIONS(X)							\
	X(QUIT, "quit", "Quit margin (every change is already saved)") \
	X(HELP, "help", "Show the keys of the active keymap")		\
	X(STATS, "stats", "Show the progress: spans per label and annotator, done per day") \
	X(FOCUS_NEXT, "focus-next", "Move focus to the next pane")	\
	X(FOCUS_PREV, "focus-prev", "Move focus to the previous pane") \
	X(MOVE_DOWN, "move-down", "Next line in the reader, next row in a list") \
	X(MOVE_UP, "move-up", "Previous line in the reader, previous row in a list") \
	X(WORD_NEXT, "word-next", "Next word in the reader")		\
	X(WORD_PREV, "word-prev", "Previous word in the reader")	\
	X(PAGE_DOWN, "page-down", "One screen down")			\
	X(PAGE_UP, "page-up", "One screen up")				\
	X(TOP, "top", "First line or row")				\
	X(BOTTOM, "bottom", "Last line or row")				\
	X(ARTICLE_NEXT, "article-next", "Open the next article")	\
	X(ARTICLE_PREV, "article-prev", "Open the previous article")	\
	X(OPEN, "open", "Open the article, or jump to the span")	\
	X(SELECT, "select", "Start or stop a selection at the cursor")	\
	X(EXTEND_CHAR, "extend-char", "Move the selection end one character right") \
	X(SHRINK_CHAR, "shrink-char", "Move the selection end one character left") \
	X(LABEL_1, "label-1", "Tag with label 1 (or relabel the span)") \
	X(LABEL_2, "label-2", "Tag with label 2 (or relabel the span)") \
	X(LABEL_3, "label-3", "Tag with label 3 (or relabel the span)") \
	X(LABEL_4, "label-4", "Tag with label 4 (or relabel the span)") \
	X(LABEL_5, "label-5", "Tag with label 5 (or relabel the span)") \
	X(LABEL_6, "label-6", "Tag with label 6 (or relabel the span)") \
	X(LABEL_7, "label-7", "Tag with label 7 (or relabel the span)") \
	X(LABEL_8, "label-8", "Tag with label 8 (or relabel the span)") \
	X(LABEL_9, "label-9", "Tag with label 9 (or relabel the span)") \
	X(LABEL_PICK, "label-pick", "Choose a label from a list, type to filter") \
	X(DELETE, "delete", "Delete the span under the cursor")	\
	X(NOTE, "note", "Edit the note of the span under the cursor")	\
	X(ACCEPT, "accept", "Accept the suggestion under the cursor, go to the next") \
	X(REJECT, "reject", "Reject the suggestion under the cursor, go to the next") \
	X(ACCEPT_ALL, "accept-all", "Accept every suggestion with the same text and label here") \
	X(ENTITY_LINK, "entity-link", "Link the span to an entity: a picker, best match first, or a new one") \
	X(RELATION, "relation", "Start a relation on this span; on a second span, choose its label") \
	X(ENTITIES, "entities", "Show the entities with their mentions; Enter jumps to the next mention") \
	X(PROPAGATE, "propagate", "Suggest this span at every identical string in the corpus") \
	X(SUGGEST, "suggest", "Run the trained model on this article: its suggestions") \
	X(UNDO, "undo", "Undo the last change (also after a restart)") \
	X(REDO, "redo", "Redo what undo undid")			\
	X(TOGGLE_DONE, "toggle-done", "Mark this article done or not done") \
	X(DONE_NEXT, "done-next", "Mark done and open the next article not done") \
	X(SPAN_NEXT, "span-next", "Jump to the next span or suggestion") \
	X(SPAN_PREV, "span-prev", "Jump to the previous span or suggestion") \
	X(SUGGESTION_NEXT, "suggestion-next", "Jump to my next suggestion, on to the next article with some") \
	X(SUGGESTION_PREV, "suggestion-prev", "Jump to my previous suggestion, back to the previous article with some") \
	X(TAG_ARTICLE, "tag-article", "Add or remove tags of this article") \
	X(SEARCH, "search", "Search: in the reader as you type, in the list over the corpus") \
	X(SEARCH_NEXT, "search-next", "Next match")			\
	X(SEARCH_PREV, "search-prev", "Previous match")		\
	X(COMMAND, "command", "Type a command: label add, labels, set, export, filter, goto, annotator, suggest, train") \
	X(VIEW_ANNOTATOR, "view-annotator", "Show my spans, everyone's, or one annotator's") \
	X(TOGGLE_ANNOTATIONS, "toggle-annotations", "Show or hide the annotations pane (set annotations)") \
	X(CANCEL, "cancel", "Cancel the selection or the prompt")	\
	X(SUBMIT, "submit", "Run what the prompt holds")		\
	X(BACKSPACE, "backspace", "Delete the character before the prompt cursor") \
	X(COMPLETE, "complete", "Complete the word at the prompt")	\
	X(CLEAR_LINE, "clear-line", "Clear the prompt")		\
	X(REVIEW_NEXT, "review-next", "Review: the next disagreement") \
	X(REVIEW_PREV, "review-prev", "Review: the previous disagreement") \
	X(TAKE_A, "take-a", "Review: take the first annotator's side into gold") \
	X(TAKE_B, "take-b", "Review: take the second annotator's side into gold") \
	X(TAKE_BOTH, "take-both", "Review: take both sides into gold") \
	X(TAKE_NEITHER, "take-neither", "Review: take neither side (gold has none)") \
	X(REDRAW, "redraw", "Redraw the screen")

enum action {
	ACTION_NONE = 0,
#define ACTION_ENUM(id, name, help) ACTION_##id,
	ACTIONS(ACTION_ENUM)
#undef ACTION_ENUM
	ACTION_COUNT
};

struct action_info {
	enum action	 action;
	const char	*name;
	const char	*help;
};

/* The table, indexed by enum action (entry 0 is ACTION_NONE). */
extern const struct action_info action_table[ACTION_COUNT];

/* The action called name, or ACTION_NONE. */
enum action	 action_by_name(const char *name);
const char	*action_name(enum action a);

#endif
