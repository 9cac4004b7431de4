# Everything a fresh machine needs: `make demo`, `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install sysdeps demo test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch first and pinned: the CPU wheel that lies on the machine, not the CUDA build.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[studio,dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/bitext run seeds --out alignments

# Headless Chromium renders the HTML report and the Label Studio page in tests (Debian package);
# the DejaVu fonts set the PDFs the reader tests make.
sysdeps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: sudo apt-get install chromium (browser tests will be skipped)"; fi; }
	@[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq fonts-dejavu-core >/dev/null 2>&1 || \
	    { apt-get update -qq && apt-get install -y -qq fonts-dejavu-core >/dev/null; }; \
	  else echo "fonts missing: sudo apt-get install fonts-dejavu-core (PDF reader tests will be skipped)"; fi; }

test: install sysdeps
	$(PY) -m pytest -q

bench: install
	$(VENV)/bin/bitext bench align
	$(VENV)/bin/bitext bench entities
	$(VENV)/bin/bitext bench check

clean:
	rm -rf $(VENV) .pytest_cache
