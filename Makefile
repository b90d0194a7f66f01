# hopfield-edu: the two commands are `make lab` and `make test`.
# Both need only python3 (3.10 or newer) and make; they build .venv/ on first use.

PYTHON ?= python3
PORT ?= 8888
VENV := .venv
BIN := $(VENV)/bin
# Notebooks are spread over two workers, each notebook kept whole on one (--dist loadfile),
# and run in this environment's own kernel.
PYTEST_ARGS ?= -n 2 --dist loadfile
# A kernel's start may take over nbval's default minute on a loaded two-core machine (in one of
# seven fresh-clone runs, 2026-12-03: "Kernel didn't respond in 60 seconds", and every cell of
# solutions/03 lost).
NBVAL_ARGS := --nbval --nbval-current-env --nbval-cell-timeout=300 \
	--nbval-kernel-startup-timeout=180 --nbval-sanitize-with tests/nbval_sanitize.cfg

# Lecture mode: one notebook as an app, code hidden (Voilà strips the sources), light theme, and
# the figures in the course style's lecture sizes (hopfield_edu.style reads HOPFIELD_EDU_LECTURE).
# The course's template (share/jupyter/voila/templates/course, found through JUPYTER_PATH) puts
# the answers to "Predict" prompts behind a click and sizes the text for a projector. Voilà does
# not load the Notebook and nbgrader JupyterLab extensions that the instructor extra brings: there
# they fail to find @jupyterlab/docregistry and log an error on the page.
VOILA_ARGS = --strip_sources=True --theme=light --template=course \
	--VoilaConfiguration.extension_denylist=@jupyter/nbgrader \
	--VoilaConfiguration.extension_denylist=@jupyter-notebook/lab-extension
VOILA_PATH = $(CURDIR)/share/jupyter

.PHONY: help lab work present test test-fast bench exercises notebooks site lock assignment grade clean

help:
	@echo "make lab        start JupyterLab on the course (PORT=$(PORT)); your copies of the"
	@echo "                exercises are in work/"
	@echo "make work       only copy the exercises not yet in work/ (make lab does it too)"
	@echo "make present    lecture mode: NB=notebooks/... as an app with the code hidden (Voilà)"
	@echo "make test       unit tests, nbval over notebooks/ and solutions/, exercise check"
	@echo "make test-fast  the same without the browser and site tests (a maintainer's loop)"
	@echo "make bench      every benchmark against plain NumPy, and notebook cold starts;"
	@echo "                writes benchmarks/RESULTS.md (BENCH_ARGS=--quick for a quick check)"
	@echo "make exercises  regenerate exercises/ from solutions/"
	@echo "make notebooks  re-execute notebooks/ and solutions/ in place (fresh stored outputs)"
	@echo "make site       the course as a static website in _site/, built offline from the"
	@echo "                stored outputs (open _site/index.html)"
	@echo "make assignment the nbgrader hand-outs of every chapter, no answers, in $(COURSE)/release"
	@echo "make grade      SUBMISSIONS=dir: autograde dir/<student>/*.ipynb; writes"
	@echo "                $(COURSE)/gradebook.csv and $(COURSE)/grading-report.txt"
	@echo "make lock       re-resolve constraints/ (the versions make lab and make test install)"
	@echo "                for each Python in LOCK_PYTHONS=\"$(LOCK_PYTHONS)\""
	@echo "make clean      remove .venv/ and caches"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null || \
		{ echo "hopfield-edu needs Python 3.10 or newer; '$(PYTHON)' is not. Run: make PYTHON=python3.12 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)

# The extras the test environment installs; `make lock` pins exactly these.
TEST_EXTRAS := lab,test,site,instructor
# Every install takes the versions pinned for its Python in constraints/ (tools/lock.py prints
# "-c constraints/py3.X.txt", or nothing and a note for a Python that has no file).
PIN = $$($(BIN)/python tools/lock.py --pip-option)
LOCK_PYTHONS ?= python3.10 python3.11 python3.12 python3.13

# pip byte-compiles nothing at install: Python compiles each module the first time it is imported,
# and most of what JupyterLab, nbgrader and Sphinx bring is never imported here (installing the
# test environment took 145 s instead of 201 s, on a loaded machine).
PIP_INSTALL = $(BIN)/python -m pip install --quiet --no-compile

# Each stamp is rebuilt when pyproject.toml or a pin changes, so `make test` also updates the venv.
$(VENV)/.lab: pyproject.toml $(wildcard constraints/*.txt) | $(BIN)/python
	$(PIP_INSTALL) $(PIN) --editable '.[lab]'
	@touch $@

# The tests need the lab too: the browser tests drive JupyterLab and Voilà; the site, which
# a browser test builds and reads; and nbgrader, which tests/test_grading.py runs.
$(VENV)/.test: pyproject.toml $(wildcard constraints/*.txt) | $(BIN)/python
	$(PIP_INSTALL) $(PIN) --editable '.[$(TEST_EXTRAS)]'
	$(NBGRADER_QUIET)
	@# matplotlib announces building its font cache on stderr the first time: do it here,
	@# not in the first notebook cell that nbval runs.
	$(BIN)/python -c 'import matplotlib.pyplot'
	@touch $@

# Jupyter refuses to run as root unless told; containers often run as root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

# The course's own lab: JupyterLab's settings from tools/lab_overrides.json (no pop-up asking
# about Jupyter news over the widgets; the browser tests use the same file), installed as the
# defaults of this .venv's JupyterLab only. And a folder of the learner's own, work/ (git-ignored):
# `make lab` copies there each exercise notebook not there yet, and never overwrites one, so the
# learner's answers live in work/ and a `git pull` never meets them.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json

$(LAB_OVERRIDES): tools/lab_overrides.json $(VENV)/.lab
	mkdir -p $(@D)
	cp tools/lab_overrides.json $@

lab: $(VENV)/.lab $(LAB_OVERRIDES) work
	$(BIN)/jupyter lab --port=$(PORT) $(ALLOW_ROOT) --ServerApp.root_dir=. \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

# the chapters link to the learner's copies here (the browser tests make them the same way)
work:
	@mkdir -p work
	@for notebook in exercises/*.ipynb; do \
		test -e "work/$${notebook#exercises/}" || cp "$$notebook" work/; done

present: $(VENV)/.lab
	@test -n "$(NB)" || { echo "usage: make present NB=notebooks/11_modern_hopfield.ipynb"; exit 2; }
	HOPFIELD_EDU_LECTURE=1 JUPYTER_PATH=$(VOILA_PATH) $(BIN)/voila $(NB) $(VOILA_ARGS) --port=$(PORT)

# Two workers already keep two cores busy: give each one BLAS thread (the notebook kernels inherit
# it), not two threads each that spin-wait for a core the other worker holds.
test: export OMP_NUM_THREADS = 1
test: $(VENV)/.test
	$(BIN)/python -m pytest $(PYTEST_ARGS) $(NBVAL_ARGS) tests notebooks solutions
	$(BIN)/python tools/make_exercises.py --check

# Everything but the browser (tests/browser, which also builds the site): unit tests, the grading
# test and nbval over the notebooks.
test-fast: export OMP_NUM_THREADS = 1
test-fast: $(VENV)/.test
	$(BIN)/python -m pytest $(PYTEST_ARGS) $(NBVAL_ARGS) --ignore=tests/browser tests notebooks \
		solutions
	$(BIN)/python tools/make_exercises.py --check

# The kernels run on one core, so NumPy's BLAS gets one too: a like-for-like comparison, steady
# when other work shares the machine (a notebook run with two BLAS threads can only be faster).
bench: export OMP_NUM_THREADS = 1
bench: $(VENV)/.bench
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# hopfieldkit is not a dependency of the course: it is what bench_front_door.py races against.
$(VENV)/.bench: $(VENV)/.test
	$(PIP_INSTALL) hopfieldkit==0.1.0
	@touch $@

exercises: $(VENV)/.test
	$(BIN)/python tools/make_exercises.py

$(VENV)/.site: pyproject.toml $(wildcard constraints/*.txt) | $(BIN)/python
	$(PIP_INSTALL) $(PIN) --editable '.[site]'
	@touch $@

# The site shows the outputs stored in the notebooks: run `make notebooks` first to refresh them.
site: $(VENV)/.site
	$(BIN)/python tools/make_site.py

notebooks: $(VENV)/.test
	$(BIN)/python tools/execute_notebooks.py
	$(BIN)/python tools/make_exercises.py

# pip resolves the test environment afresh for each Python (nothing is installed) and writes
# its pins to constraints/; commit them with the change that needed them.
lock:
	$(PYTHON) tools/lock.py --extras $(TEST_EXTRAS) $(LOCK_PYTHONS)

# The instructor kit. The course folder (nbgrader's source/, release/, submitted/, autograded/,
# feedback/ and gradebook) is git-ignored; grading judges against what `make assignment` released.
COURSE ?= _course
# The kit uses nbgrader's command line and API only: its JupyterLab and server extensions (for
# JupyterHub courses) stay off, so `make lab` in this environment looks as it does without it.
NBGRADER_QUIET = $(BIN)/jupyter labextension disable --level=sys_prefix @jupyter/nbgrader >/dev/null 2>&1 && \
	for part in formgrader validate_assignment assignment_list course_list; do \
		$(BIN)/jupyter server extension disable --sys-prefix nbgrader.server_extensions.$$part \
			>/dev/null 2>&1 || exit 1; done

$(VENV)/.instructor: pyproject.toml $(wildcard constraints/*.txt) | $(BIN)/python
	$(PIP_INSTALL) $(PIN) --editable '.[lab,instructor]'
	$(NBGRADER_QUIET)
	@touch $@

assignment: $(VENV)/.instructor
	$(BIN)/python tools/make_assignment.py --course $(COURSE) release

grade: export OMP_NUM_THREADS = 1
grade: $(VENV)/.instructor
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=dir (one subfolder of notebooks per student)"; exit 2; }
	$(BIN)/python tools/make_assignment.py --course $(COURSE) grade $(SUBMISSIONS)

clean:
	rm -rf $(VENV) .pytest_cache build _site _course *.egg-info
	find . -name __pycache__ -prune -exec rm -rf {} +
