# The annotations pane on demand (issue 16, item 4), at 80x24 and 50x15:
# o (toggle-annotations) shows it beside the reader (or alone, where one
# pane fits) and hides it again; set annotations on|off|auto says when it
# is shown, and with off, Tab goes between the list and the reader only.
. tests/lib.sh
cd "$T"
article a.txt 'Summit\n\nPutin met Biden in Geneva on Monday.\n'
m import articles 2>/dev/null || fail "import failed"

# shown DUMP: whether the Annotations pane is on the screen.
shown() {
	head -1 "$1" | grep -q 'Annotations'
}
# title DUMP: the first pane's title, as the first row starts.
first_pane() {
	head -1 "$1" | awk -F'│' '{ print $1 }' | awk '{ print $1 }'
}

for size in 80x24 50x15; do
	d="$T/$size"
	mkdir -p "$d"
	ui $size '<Enter>
j 1 w w 1 w w 3
:dump '"$d"'/open
o
:dump '"$d"'/on
k
:dump '"$d"'/moved
o
:dump '"$d"'/off
o o
:dump '"$d"'/twice
:set annotations off
:dump '"$d"'/set_off
<Tab>
:dump '"$d"'/tab1
<Tab>
:dump '"$d"'/tab2
<Tab>
:dump '"$d"'/tab3
:set annotations on
:dump '"$d"'/set_on_list
<Tab>
:dump '"$d"'/set_on
:set annotations auto
:dump '"$d"'/auto
<Tab>
:dump '"$d"'/auto_tab
:set annotations sometimes
:dump '"$d"'/bad'
	shown "$d/open" && fail "$size: annotations shown after Enter"
	shown "$d/on" || { cat "$d/on" >&2; fail "$size: o did not show them"; }
	expect_in "$d/on" "annotations on"
	expect_in "$d/on" "PER Putin"
	# Where the pane is alone it has the focus: k moves from the span
	# at the cursor (Geneva) to the one before.
	[ $size = 50x15 ] && expect_in "$d/moved" "PER “Biden”"
	shown "$d/off" && fail "$size: o did not hide them"
	expect_in "$d/off" "annotations off"
	expect_in "$d/off" "[Putin]PER met"
	expect_in "$d/twice" "annotations off"
	shown "$d/twice" && fail "$size: o o left them shown"
	# Off: Tab never reaches them.
	for t in set_off tab1 tab2 tab3; do
		shown "$d/$t" && { cat "$d/$t" >&2; fail "$size $t: shown"; }
	done
	expect_in "$d/set_off" "annotations is off"
	expect_in "$d/bad" 'annotations: expected auto, on or off'
done

# 80x24: the reader and one side pane.  After Enter the list is beside
# the reader; o swaps it for the annotations, on the right; on keeps them
# while the reader has the focus; auto shows them while they have it.
d="$T/80x24"
[ "$(first_pane "$d/open")" = Articles ] || fail "80x24: no list beside"
[ "$(first_pane "$d/on")" = articles/a.txt ] ||
	{ cat "$d/on" >&2; fail "80x24: the reader is not on the left"; }
expect_in "$d/on" "│ Annotations      3"
[ "$(first_pane "$d/off")" = Articles ] || fail "80x24: no list after o"
# Off: Tab goes from the reader to the list and back.
[ "$(first_pane "$d/tab1")" = Articles ] || fail "80x24: tab1"
shown "$d/set_on_list" && fail "80x24: on shows them with the list focused"
shown "$d/set_on" || { cat "$d/set_on" >&2; fail "80x24: on hides them"; }
shown "$d/auto" && fail "80x24: auto shows them with the focus elsewhere"
shown "$d/auto_tab" || fail "80x24: auto hides them with the focus on them"
expect_dump "$d/on" annotations_toggle.80x24
expect_dump "$d/off" annotations_toggle.off.80x24

# 50x15: one pane; o gives it the focus, and takes it back to the reader.
d="$T/50x15"
[ "$(first_pane "$d/on")" = Annotations ] || fail "50x15: not alone"
[ "$(first_pane "$d/off")" = articles/a.txt ] || fail "50x15: not the reader"
expect_dump "$d/on" annotations_toggle.50x15

# A config file's set annotations off holds from the start.
printf 'set annotations off\n' > "$T/off.conf"
printf '<Tab>\n<Tab>\n:dump %s\n' "$T/conf.txt" > "$T/script"
m --config "$T/off.conf" --size 100x20 --script "$T/script" 2>"$T/ui.err" ||
	fail "margin --config: $(cat "$T/ui.err")"
shown "$T/conf.txt" && { cat "$T/conf.txt" >&2; fail "config: shown"; }
exit 0
