# emacs.keys on its own: Enter opens, C-n and M-< move, M-f and C-f go by
# words, C-SPC sets the mark, M-2 M-3 M-4 tag, C-w deletes, C-x C-c quits.
# Every key a script sends must be one of the steps below, and each step's
# keys are checked to be bound by emacs.keys (with `margin keys`) to the
# action the step means, and not to be a key the defaults already bind so
# (Enter aside): the test types Emacs chords only.  The export is read
# back by Python's csv.
. tests/lib.sh
. tests/ui/keymap.lib
keymap_setup emacs.keys 1 "C-x C-c"

# CONTEXT KEYS ACTION for every key the script sends (canonical spelling).
steps='list <Enter> open
reader <C-n> move-down
reader <M-LT> top
reader <M-f> word-next
reader <C-Space> select
reader <C-f> word-next
reader <M-2> label-2
reader <M-3> label-3
reader <M-4> label-4
reader <C-w> delete
reader <C-x><C-c> quit'

# From Tram: M-< comes back from the second line; 7 words on is
# "Verkehrsbetriebe", C-SPC C-f M-2 makes ORG of it and "Zürich"; M-< and
# three C-f, M-3 make LOC of the title's "Zürich"; M-< M-f M-4 tags
# "strike".  A :dump after C-x C-c must not run.
keymap_run '<Enter>
<C-n> <C-n> <M-LT>
<M-f> <M-f> <M-f> <M-f> <M-f> <M-f> <M-f>
<C-Space> <C-f> <M-2>
<M-LT> <C-f> <C-f> <C-f> <M-3>
<M-LT> <M-f> <M-4>
<C-x><C-c>
:dump '"$T"'/after_quit.txt' 'LOC\tZürich\nMISC\tstrike\nORG\tVerkehrsbetriebe Zürich'
# A new session: C-w deletes "strike".
keymap_run '<Enter>
<M-LT> <M-f> <C-w>
<C-x><C-c>
:dump '"$T"'/after_quit.txt' 'LOC\tZürich\nORG\tVerkehrsbetriebe Zürich'
exit 0
