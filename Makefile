# Two commands set everything up on a fresh machine (Python >= 3.11, Node >= 18):
#   make sample   installs followcal in .venv and writes followups.ics from samples/
#   make test     installs the test tools too, then runs lint, types and the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: sample test test-fast lint bench man clean

$(BIN)/followcal: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/followcal pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

# The sync suite also runs against SOGo (Debian's sogo, with PostgreSQL and memcached); the
# tests start their own instances on 127.0.0.1. As root, install them when missing.
SOGO_FILES = /usr/sbin/sogod /usr/bin/memcached /usr/lib/postgresql
SOGO_PACKAGES = sogo memcached postgresql
$(SOGO_FILES):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
			$(SOGO_PACKAGES) >/dev/null 2>&1 || \
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends $(SOGO_PACKAGES); }; \
	else \
		echo "The sync tests need SOGo: install the Debian packages $(SOGO_PACKAGES)" \
			"(sudo apt-get install $(SOGO_PACKAGES)), then run make test as root."; \
		exit 1; \
	fi

# Nextcloud's CalDAV engine (sabre/dav 4.7.0, the kit in ../shared/servers/nextcloud-sabre/)
# runs under PHP's built-in server with SQLite; as root, install PHP when missing.
PHP = /usr/bin/php
PHP_PACKAGES = php-cli php-sqlite3 php-xml php-mbstring
$(PHP):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
			$(PHP_PACKAGES) >/dev/null 2>&1 || \
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends $(PHP_PACKAGES); }; \
	else \
		echo "The sync tests need PHP for Nextcloud's engine: install the Debian packages" \
			"$(PHP_PACKAGES) (sudo apt-get install $(PHP_PACKAGES)), then run make test as root."; \
		exit 1; \
	fi

# The mail tests start a real Dovecot (see ../shared/MAIL.md); as root, install it when missing.
# The file checked is the IMAP server itself (dovecot-imapd): with dovecot-core alone,
# /usr/sbin/dovecot exists and every mail test errors.
DOVECOT = /usr/lib/dovecot/imap
$(DOVECOT):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q dovecot-imapd >/dev/null 2>&1 || \
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q dovecot-imapd; }; \
	else \
		echo "The mail tests need Dovecot's IMAP server: install the Debian package" \
			"dovecot-imapd (sudo apt-get install dovecot-imapd), then run make test as root."; \
		exit 1; \
	fi

# The manual pages' test renders each page with man and groff, warnings as errors; as root,
# install them when missing (slim Debian images leave man-db out).
MAN_TOOLS = /usr/bin/man /usr/bin/groff
MAN_PACKAGES = man-db groff-base
$(MAN_TOOLS):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
			$(MAN_PACKAGES) >/dev/null 2>&1 || \
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends $(MAN_PACKAGES); }; \
	else \
		echo "The manual pages' test needs man and groff: install the Debian packages" \
			"$(MAN_PACKAGES) (sudo apt-get install $(MAN_PACKAGES)), then run make test."; \
		exit 1; \
	fi

tests/js/node_modules/.package-lock.json: tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund

# The samples are dated late November 2026, so the run pins "now" to keep them current.
sample: $(BIN)/followcal
	$(BIN)/followcal generate samples/ -o followups.ics --now 2026-11-25T08:00
	@echo "followcal is installed in this checkout's virtual environment: $(abspath $(BIN))/followcal"
	@echo "Run it by that path, or install it for everyday use (README, 'Install for everyday use')."

lint: $(VENV)/.test-deps
	$(BIN)/ruff check followcal tests benchmarks
	$(BIN)/ruff format --check followcal tests benchmarks
	$(BIN)/mypy

test: $(VENV)/.test-deps tests/js/node_modules/.package-lock.json $(DOVECOT) $(SOGO_FILES) $(PHP) \
		$(MAN_TOOLS) lint
	$(BIN)/pytest

# The quick lane while working: no server, no node, hypothesis's few-example dev profile (CI
# unset); under a minute. `make test` (what CI runs) is still the whole check.
test-fast: $(VENV)/.test-deps
	env -u CI $(BIN)/pytest -m "not server" -q

# One table: generate at 100, 1,000 and 10,000 interviews beside a plain icalendar script,
# start-up beside a bare `import click`, file size, and sync's rows (about 5 minutes);
# then the mail classifier's own measures.
bench: $(VENV)/.test-deps
	$(BIN)/python benchmarks/generate_bench.py
	$(BIN)/python benchmarks/mail_bench.py

# The manual pages in man/man1, from each command's --help (commit them: a test checks that
# they match the help). Read one without installing: man -l man/man1/followcal-plan.1
man: $(BIN)/followcal
	$(BIN)/python -m followcal.cli.manpages man/man1

clean:
	rm -rf $(VENV) tests/js/node_modules followups.ics
