# Text that tries to act on the terminal (a window title through OSC 0 in
# a file name, which becomes the article's source) is drawn as visible
# placeholders: the pane title stays, the screen shows the characters.
. tests/lib.sh
mkdir -p "$T/in"
name=$(printf 'x\033]0;pwned\007y.txt')
printf 'Harmless title\n\nBody text about Zürich.\n' > "$T/in/$name"
m import "$T/in" 2>/dev/null || fail "import failed"
tmux_start 100 20
tmux_wait 'Articles'
before=$(tmux_cmd display-message -p -t 0 '#{pane_title}')
tmux_keys Enter
tmux_wait 'Body text about'
tmux_wait '␛\]0;pwned␇y'
after=$(tmux_cmd display-message -p -t 0 '#{pane_title}')
[ "$before" = "$after" ] || fail "the pane title changed to '$after'"
case "$after" in *pwned*) fail "the title was set from article data";; esac
tmux_keys q
tmux_wait 'margin-exited-0'
