# Two set-up commands on a fresh machine: `make run` and `make test`. Both create .venv and install
# the pinned versions from constraints.txt first (only when pyproject.toml or the constraints change).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench screenshots clean bundle bundle-test install-desktop check-qt-libs

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

## run: set up and start the desktop app on the default workspace
run: $(STAMP) check-qt-libs
	$(BIN)/interview-kit

# Qt's xcb platform plugin aborts with a long message when libxcb-cursor0 is missing; say it in one line first.
check-qt-libs:
	@if [ "$$(uname)" = Linux ] && [ -z "$$QT_QPA_PLATFORM" ] && [ -z "$$WAYLAND_DISPLAY" ] && command -v ldconfig >/dev/null \
	  && ! ldconfig -p | grep -q 'libxcb-cursor\.so\.0'; then \
	  echo "interview-kit: Qt needs libxcb-cursor0 to open a window on X11: sudo apt install libxcb-cursor0 (Fedora: xcb-util-cursor); see README, 'Linux system packages'" >&2; exit 1; fi

## test: set up and run the whole suite headless
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

## bench: print the benchmark figures (each script's last line is one JSON object)
bench: $(STAMP)
	@for b in bench/*.py; do echo "== $$b"; QT_QPA_PLATFORM=offscreen $(BIN)/python $$b || exit 1; done

## screenshots: render every view of the demo workspace into out/
screenshots: $(STAMP)
	mkdir -p out && rm -f out/demo.ikdb*
	QT_QPA_PLATFORM=offscreen $(BIN)/interview-kit --db out/demo.ikdb demo
	for v in rounds builder interview panel; do \
	  QT_QPA_PLATFORM=offscreen $(BIN)/interview-kit --db out/demo.ikdb --screenshot out/$$v.png --view $$v; done

# ---------------------------------------------------------------------------------------------- packaging
VERSION       := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' src/interview_kit/__init__.py)
BUNDLE_STAMP  := $(VENV)/.bundle-installed
BUNDLE_DIR    := dist/interview-kit
BUNDLE_EXE    := $(BUNDLE_DIR)/interview-kit
TARBALL       := dist/interview-kit-$(VERSION)-linux-$(shell uname -m).tar.gz
BUNDLE_INPUTS := $(shell find src question_banks packaging/linux -type f ! -name "*.pyc") packaging/interview-kit.spec LICENSE

$(BUNDLE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,bundle]'
	touch $@

$(BUNDLE_EXE): $(BUNDLE_STAMP) $(BUNDLE_INPUTS)
	rm -rf $(BUNDLE_DIR)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
	  packaging/interview-kit.spec
	touch $@

$(TARBALL): $(BUNDLE_EXE)
	tar -C dist -czf $@ interview-kit

## bundle: build the Linux one-folder app (dist/interview-kit/) and its .tar.gz with PyInstaller
bundle: $(TARBALL)
	@du -sh $(BUNDLE_DIR) $(TARBALL)

## bundle-test: build the bundle if needed, then run the built binary (banks, demo, PDF, screenshot)
bundle-test: $(TARBALL)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/smoke_test.py $(BUNDLE_EXE) $(TARBALL)

## install-desktop: install the launcher, icon and file types for the current user (Linux)
install-desktop: $(STAMP)
	$(BIN)/python packaging/linux/install_desktop.py

clean:
	rm -rf $(VENV) build dist out .pytest_cache .hypothesis
