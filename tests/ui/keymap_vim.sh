# vim.keys on its own: Enter opens, j and gg move, w and l go by words, v
# selects, 2 and 3 tag, 4 then dd tags and deletes, ZZ quits.  Every key a
# script sends must be one of the steps below, and each step's keys are
# checked to be bound by vim.keys (with `margin keys`) to the action the
# step means.  The export is read back by Python's csv.
. tests/lib.sh
. tests/ui/keymap.lib
keymap_setup vim.keys 0 ZZ

# CONTEXT KEYS ACTION for every key the script sends (canonical spelling).
steps='list <Enter> open
reader j move-down
reader gg top
reader w word-next
reader v select
reader l word-next
reader 2 label-2
reader 3 label-3
reader 4 label-4
reader dd delete
reader ZZ quit'

# From Tram: gg comes back from the second line; 7 words on is
# "Verkehrsbetriebe", v l 2 makes ORG of it and "Zürich"; gg w w w 3 makes
# LOC of the title's "Zürich"; gg w 4 tags "strike".  A :dump after ZZ
# must not run.
keymap_run '<Enter>
j j gg
w w w w w w w
v l 2
gg w w w 3
gg w 4
ZZ
:dump '"$T"'/after_quit.txt' 'LOC\tZürich\nMISC\tstrike\nORG\tVerkehrsbetriebe Zürich'
# A new session: dd deletes "strike" (a single d waits for the second).
keymap_run '<Enter>
gg w dd
ZZ
:dump '"$T"'/after_quit.txt' 'LOC\tZürich\nORG\tVerkehrsbetriebe Zürich'
exit 0
