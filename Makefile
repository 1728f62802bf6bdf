# Two set-up commands on a fresh machine: `make run` and `make test`. Both create .venv and install
# the pinned versions from constraints.txt first (only when pyproject.toml or the constraints change).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench screenshots clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

## run: set up and start the desktop app on the default workspace
run: $(STAMP)
	$(BIN)/interview-kit

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

clean:
	rm -rf $(VENV) build dist out .pytest_cache .hypothesis
