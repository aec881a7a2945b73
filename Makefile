# margin: a terminal reader and annotator.  See README.md.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
DATADIR	?= $(PREFIX)/share/margin
MANDIR	?= $(PREFIX)/share/man
DESTDIR	?=

CC	?= cc
PKG_CONFIG ?= pkg-config
# Build dependencies, as Debian names them (see `make deps`), and what the
# tests use besides (`make test-deps`).
DEB_PACKAGES = pkg-config libncurses-dev libsqlite3-dev libunistring-dev \
	libpq-dev
DEB_TEST_PACKAGES = tmux python3 unicode-data valgrind time util-linux \
	ncurses-base postgresql

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags ncursesw sqlite3 2>/dev/null) \
	$(shell $(PKG_CONFIG) --cflags libpq 2>/dev/null || \
	echo -I/usr/include/postgresql)
CURSES_LIBS := $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || \
	echo -lncursesw -ltinfo)
SQLITE_LIBS := $(shell $(PKG_CONFIG) --libs sqlite3 2>/dev/null || \
	echo -lsqlite3)
# libpq: the PostgreSQL backend (SPEC §17), opened with dlopen when a
# PostgreSQL database is named (src/store/db_pq.c), not linked: its chain
# of libraries would cost every start a few milliseconds.
PQ_LIBS := -ldl
# libunistring ships no .pc file on Debian.
UNISTRING_LIBS := $(shell $(PKG_CONFIG) --libs libunistring 2>/dev/null || \
	echo -lunistring)

WARN	= -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
	  -Wmissing-prototypes -Wno-unused-parameter
CFLAGS	?= -O2 -g
# The feature macros are ours (ncursesw's .pc file brings its own, which
# are the same in spirit), so that the flags hold even before pkg-config.
# MARGIN_DATADIR: where `make install` puts the schema files, for
# `margin labels load NAME` (src/keys/labels.c).
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 \
	  -D_DEFAULT_SOURCE -Iinclude -Ibuild/gen \
	  -DMARGIN_DATADIR='"$(DATADIR)"' \
	  $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(PKG_CFLAGS)) \
	  $(WARN) $(CFLAGS)
LIBS	= $(CURSES_LIBS) $(SQLITE_LIBS) $(PQ_LIBS) $(UNISTRING_LIBS) -lm

SAN	= -fsanitize=address,undefined -fno-omit-frame-pointer \
	  -fno-sanitize-recover=undefined

# The layers of margin, one folder of src/ each (README, "Layout of the
# source").  A layer uses only itself and the layers named after it in its
# LAYER_USES line; its unit tests (tests/unit/LAYER/) link exactly those
# objects, so that a call upwards fails to link.  The curses library is
# linked only where the TUI is.
LAYERS		= base store formats team assist keys tui cli
LAYER_USES_base		= base
LAYER_USES_store	= store base
LAYER_USES_formats	= formats store base
LAYER_USES_team		= team store base
LAYER_USES_assist	= assist store base
LAYER_USES_keys		= keys store base
LAYER_USES_tui		= tui keys assist team formats store base
LAYER_USES_cli		= cli tui keys assist team formats store base
LAYER_LIBS_base		= $(UNISTRING_LIBS) -lm
LAYER_LIBS_store	= $(SQLITE_LIBS) $(PQ_LIBS) $(LAYER_LIBS_base)
LAYER_LIBS_formats	= $(LAYER_LIBS_store)
LAYER_LIBS_team		= $(LAYER_LIBS_store)
LAYER_LIBS_assist	= $(LAYER_LIBS_store)
LAYER_LIBS_keys		= $(LAYER_LIBS_store)
LAYER_LIBS_tui		= $(CURSES_LIBS) $(LAYER_LIBS_store)
LAYER_LIBS_cli		= $(LAYER_LIBS_tui)

SRCS	:= $(sort $(wildcard $(LAYERS:%=src/%/*.c)))
LIBSRCS	:= $(filter-out src/cli/main.c,$(SRCS))
GEN	= build/gen/default_keys.c
OBJS	:= $(LIBSRCS:src/%.c=build/obj/%.o) build/obj/keys/default_keys.o
CHKOBJS	:= $(LIBSRCS:src/%.c=build/check/obj/%.o) \
	   build/check/obj/keys/default_keys.o
UNIT_SRCS := $(sort $(wildcard tests/unit/*/test_*.c))
UNIT_BINS := $(foreach t,$(UNIT_SRCS),build/check/$(notdir $(t:.c=)))
# The harness, and the fixtures of the store and the layers above it.
UNIT_HDRS := tests/unit/check.h tests/unit/fixture.h
HDRS	:= $(wildcard include/margin/*.h) $(wildcard src/*/*.h)

# The sanitised objects of a layer, and of the layers it uses.
layer_chkobjs = $(patsubst src/%.c,build/check/obj/%.o,\
	$(filter-out src/cli/main.c,$(wildcard src/$(1)/*.c))) \
	$(if $(filter keys,$(1)),build/check/obj/keys/default_keys.o)
uses_chkobjs = $(foreach l,$(LAYER_USES_$(1)),$(call layer_chkobjs,$(l)))

# Outside build/, so that make clean never takes annotations made in it.
SAMPLE_DB = sample.db

.PHONY: all deps test-deps run check test-update install uninstall clean fuzz

all: margin

# Install the build dependencies that are missing (as root or with sudo),
# or print the command to run.
# Install what is missing, as root or with sudo, or print the command.
define install_missing
	if [ -z "$$missing" ]; then exit 0; fi; \
	cmd="apt-get install -y$$missing"; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "margin: installing$$missing"; \
		apt-get update -qq && $$cmd; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
		echo "margin: installing$$missing"; \
		sudo apt-get update -qq && sudo $$cmd; \
	else \
		echo "margin: missing packages; run:"; \
		echo "    sudo apt-get update && sudo $$cmd"; \
		exit 1; \
	fi
endef

deps:
	@missing=""; \
	$(PKG_CONFIG) --version >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	$(PKG_CONFIG) --exists ncursesw 2>/dev/null || missing="$$missing libncurses-dev"; \
	$(PKG_CONFIG) --exists sqlite3 2>/dev/null || missing="$$missing libsqlite3-dev"; \
	$(PKG_CONFIG) --exists libpq 2>/dev/null || missing="$$missing libpq-dev"; \
	printf '#include <uniwbrk.h>\n' | $(CC) -E -x c - >/dev/null 2>&1 || \
		missing="$$missing libunistring-dev"; \
	$(install_missing)

test-deps:
	@missing=""; \
	for p in $(DEB_TEST_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	$(install_missing)

margin: $(OBJS) build/obj/cli/main.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

build/obj/%.o: src/%.c $(HDRS) | build/gen/default_keys.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/obj/keys/default_keys.o: build/gen/default_keys.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# keymaps/default.keys is the single source of truth for the default keys:
# it is compiled in as a string and read by the same parser as user files.
build/gen/default_keys.c: keymaps/default.keys
	@mkdir -p $(@D)
	{ echo '/* Generated from keymaps/default.keys by make. */'; \
	  echo 'const char keymap_default_text[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	  echo ';'; } > $@.tmp && mv $@.tmp $@

# The test build: AddressSanitizer and UBSan everywhere.
build/check/obj/%.o: src/%.c $(HDRS) | build/gen/default_keys.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -c -o $@ $<

build/check/obj/keys/default_keys.o: build/gen/default_keys.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -c -o $@ $<

build/check/margin: $(CHKOBJS) build/check/obj/cli/main.o
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -o $@ $^ $(LIBS)

# A unit test links its own layer and the layers that layer uses, no more.
define unit_test_rule
build/check/$(notdir $(2:.c=)): $(2) $(UNIT_HDRS) $$(call uses_chkobjs,$(1))
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_CFLAGS) -O1 $$(SAN) -Itests/unit -Isrc/$(1) -o $$@ $$< \
		$$(call uses_chkobjs,$(1)) $$(LAYER_LIBS_$(1))
endef
$(foreach t,$(UNIT_SRCS),$(eval $(call unit_test_rule,$(word 3,$(subst /, ,$(t))),$(t))))

# run and check build in a second make, which reads the flags of the
# packages that deps may just have installed.
run: deps
	@$(MAKE) --no-print-directory margin
	@mkdir -p build
	./margin --db $(SAMPLE_DB) import share/samples
	./margin --db $(SAMPLE_DB)

check: deps test-deps
	@$(MAKE) --no-print-directory build/check/margin $(UNIT_BINS)
	@tests/run build/check "$(LAYER)" "$(T)"

test-update: deps test-deps
	@$(MAKE) --no-print-directory build/check/margin
	@MARGIN_UPDATE=1 tests/run build/check ui

install: margin
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR)/keymaps \
		$(DESTDIR)$(DATADIR)/labels $(DESTDIR)$(DATADIR)/samples
	install -m 755 margin $(DESTDIR)$(BINDIR)/margin
	install -m 644 man/margin.1 $(DESTDIR)$(MANDIR)/man1/margin.1
	install -m 644 man/margin.5 $(DESTDIR)$(MANDIR)/man5/margin.5
	install -m 644 keymaps/*.keys $(DESTDIR)$(DATADIR)/keymaps/
	install -m 644 share/labels/*.labels $(DESTDIR)$(DATADIR)/labels/
	install -m 644 share/samples/* $(DESTDIR)$(DATADIR)/samples/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/margin $(DESTDIR)$(MANDIR)/man1/margin.1 \
		$(DESTDIR)$(MANDIR)/man5/margin.5
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build margin

# --- Benchmarks (bench/, issue 6) ------------------------------------------
# Never part of `make check`: figures beside their anchors, not assertions.
# bench-quick (smaller corpora, under two minutes) prints its table and
# writes build/bench/RESULTS-quick.md; bench (100k articles, 1M spans)
# writes bench/RESULTS.md; both add a growth corpus (1M articles in bench,
# 10k in bench-quick) for start-up, G, a deep tag, search and memory.
# Generated data and databases: build/bench/ (about 25 GB for bench, made
# once; README.md).
.PHONY: bench bench-quick

# The gazetteer matcher alone, for the benchmarks (not installed).
build/bench/aho_bench: bench/aho_bench.c $(OBJS)
	@mkdir -p build/bench
	$(CC) $(ALL_CFLAGS) -o $@ bench/aho_bench.c $(OBJS) $(LIBS)

bench: margin build/bench/aho_bench
	bench/run full

bench-quick: margin build/bench/aho_bench
	bench/run quick

# --- The key table of the man page (issue 3) -------------------------------
# man/margin.1 carries the default keys between its BEGIN and END GENERATED
# KEYS comments, generated from the action table and keymaps/default.keys
# by `margin keys --format man` (no config file read).  `make man` rewrites
# that region; tests/ui/keymap_man.sh fails when it is out of date.
.PHONY: man
man: margin
	@grep -q '^\.\\" BEGIN GENERATED KEYS$$' man/margin.1 && \
	grep -q '^\.\\" END GENERATED KEYS$$' man/margin.1 || \
	{ echo "man/margin.1: the GENERATED KEYS comments are missing" >&2; \
	exit 1; }
	@mkdir -p build
	./margin --config /dev/null keys --format man > build/keys.man
	awk -v gen=build/keys.man ' \
	    /^\.\\" END GENERATED KEYS$$/ { skip = 0 } \
	    !skip { print } \
	    /^\.\\" BEGIN GENERATED KEYS$$/ { \
		while ((getline line < gen) > 0) print line; skip = 1 }' \
	    man/margin.1 > build/margin.1.tmp
	mv build/margin.1.tmp man/margin.1

# --- Fuzzing (tests/fuzz/, issue 7) ----------------------------------------
# libFuzzer targets tests/fuzz/fuzz_*.c, built by clang with ASan and UBSan
# against every module but main.c.  `make fuzz` runs each for FUZZ_SECONDS
# on a working copy of its seeds (build/fuzz/corpus/NAME, the seeds are
# tests/fuzz/corpus/NAME) and leaves what crashed in build/fuzz/crashes/;
# a crash found is kept in tests/fuzz/regressions/NAME/.  `make check`
# replays seeds and regressions through tests/fuzz/replay.c built with
# $(CC) (tests/e2e/fuzz_regressions.sh), so clang is needed only here.
.PHONY: fuzz fuzz-build

FUZZ_CC		?= clang
FUZZ_SECONDS	?= 60
FUZZ_SAN	= -fsanitize=address,undefined -fno-omit-frame-pointer \
		  -fno-sanitize-recover=undefined
FUZZ_NAMES	:= $(patsubst tests/fuzz/%.c,%,\
		   $(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_OBJS	:= $(LIBSRCS:src/%.c=build/fuzz/obj/%.o) \
		   build/fuzz/obj/keys/default_keys.o build/fuzz/obj/common.o
FUZZ_HDRS	= tests/fuzz/fuzz.h $(HDRS)

build/fuzz/obj/%.o: src/%.c $(HDRS) | build/gen/default_keys.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CFLAGS) -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
		-c -o $@ $<

build/fuzz/obj/keys/default_keys.o: build/gen/default_keys.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CFLAGS) -O1 $(FUZZ_SAN) -c -o $@ $<

build/fuzz/obj/common.o: tests/fuzz/common.c $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CFLAGS) -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
		-Itests/fuzz -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_HDRS) $(FUZZ_OBJS)
	$(FUZZ_CC) $(ALL_CFLAGS) -O1 $(FUZZ_SAN) -fsanitize=fuzzer \
		-Itests/fuzz -o $@ $< $(FUZZ_OBJS) $(LIBS)

# The same targets without libFuzzer, for the replay test of `make check`.
build/check/replay_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c \
		tests/fuzz/common.c $(FUZZ_HDRS) $(CHKOBJS)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -Itests/fuzz -o $@ $< \
		tests/fuzz/replay.c tests/fuzz/common.c $(CHKOBJS) $(LIBS)

fuzz-build: $(FUZZ_NAMES:%=build/fuzz/%)

fuzz: fuzz-build
	@failed=""; \
	for t in $(FUZZ_NAMES); do \
		mkdir -p build/fuzz/corpus/$$t build/fuzz/crashes; \
		dict=""; \
		[ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		build/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
		    -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
		    $$dict -artifact_prefix=build/fuzz/crashes/$$t- \
		    build/fuzz/corpus/$$t tests/fuzz/corpus/$$t \
		    2> build/fuzz/$$t.log || failed="$$failed $$t"; \
		grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' \
		    build/fuzz/$$t.log | sed "s/^/    /"; \
	done; \
	if [ -n "$$failed" ]; then \
		for t in $$failed; do tail -n 60 build/fuzz/$$t.log; done; \
		echo "fuzz: crashes in$$failed (inputs in build/fuzz/crashes/)"; \
		exit 1; \
	fi; \
	echo "fuzz: no crash in $(FUZZ_NAMES)"
