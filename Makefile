# Two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test floors bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/extractor run corpus -o output
	$(BIN)/extractor report output

test: $(STAMP)
	$(BIN)/python -m pytest -q

floors: $(STAMP)
	$(BIN)/python -m extractor.floors $(FLOORS_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/speed.py
	$(BIN)/python bench/tempeval3.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/false_positives.py

clean:
	rm -rf $(VENV) output/articles output/measures.jsonl output/measures.csv output/run.json output/.extractor-state.jsonl
