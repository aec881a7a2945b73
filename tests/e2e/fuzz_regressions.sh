# Every fuzz target replays its seed corpus (tests/fuzz/corpus/NAME) and
# every crash it once found (tests/fuzz/regressions/NAME) under ASan and
# UBSan, built with the compiler of `make check` (no clang needed): a
# parser that crashes again, or breaks a promise the target checks, fails
# this test with the sanitiser's or the target's report.
. tests/lib.sh
cd "$MARGIN_ROOT" || fail "no MARGIN_ROOT"
targets=$(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$//')
[ -n "$targets" ] || fail "no fuzz targets in tests/fuzz"
bins=""
for t in $targets; do
	bins="$bins build/check/replay_$t"
done
# shellcheck disable=SC2086
make -s $bins >"$T/make.log" 2>&1 || fail "cannot build the replay drivers:
$(tail -30 "$T/make.log")"
total=0
for t in $targets; do
	dirs=""
	for d in "tests/fuzz/corpus/$t" "tests/fuzz/regressions/$t"; do
		[ -d "$d" ] && dirs="$dirs $d"
	done
	[ -n "$dirs" ] || fail "$t has no seed corpus (tests/fuzz/corpus/$t)"
	# shellcheck disable=SC2086
	"build/check/replay_$t" $dirs >"$T/$t.log" 2>&1 || {
		tail -40 "$T/$t.log" >&2
		fail "$t: an input crashed or broke a promise (above)"
	}
	n=$(grep -c '^replay: ' "$T/$t.log")
	[ "$n" -gt 0 ] || fail "$t replayed no input"
	total=$((total + n))
done
echo "replayed $total inputs through $(echo $targets | wc -w) targets"
exit 0
