# Two commands do all set-up on a fresh machine: `make run` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup run test lab clean

$(BIN)/litevidence: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build of torch first: a plain install may pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

setup: $(BIN)/litevidence

run: setup
	$(BIN)/litevidence run

test: setup
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .litevidence reports/*
