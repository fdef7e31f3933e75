# One entry point for everyday commands. Each target creates the virtual environment if needed.
PYTHON3 ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: book test lab nbgrader-source student slides notebooks figures screenshots nbdime bench clean grade lab-student bench-grading bench-pages

# The stamp records the folder the project was installed from (`-e .` in requirements.txt): a
# venv copied or left from another checkout or worktree would import that one's code, so the
# install runs again when the folder differs.
ifneq ($(shell cat $(STAMP) 2>/dev/null),$(CURDIR))
$(shell rm -f $(STAMP))
endif

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON3) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	echo "$(CURDIR)" > $(STAMP)

# JavaScript served by the built book and slides and used by the browser tests, at the exact
# versions in package-lock.json (npm ci never resolves anything new).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

book: $(STAMP) $(NODE_STAMP)  ## execute the notebooks (cached, in parallel) and build _build/html strictly
	$(PY) -m course_tools.build_book

# `make test CHAPTER=02`: only that chapter's tests (nbval, both editions, determinism, figures, exercises),
# in one process (-n 0): a second worker would only repeat the start-up while the chapter executes.
test: $(STAMP) $(NODE_STAMP)  ## every test: unit, property, notebooks (nbval), strict build, browser
	$(PY) -m pytest $(if $(CHAPTER),--chapter $(CHAPTER) -n 0)

# The instructor edition: chapters/ with the solutions and outputs, the book's MyST written as the
# Markdown JupyterLab renders (glued numbers filled in). It is rewritten from chapters/ each time:
# edit chapters/ (`jupyter lab chapters` shows the MyST source as it is).
lab: $(STAMP)  ## JupyterLab on the instructor edition (solutions, rendered as in the book), in _build/instructor
	$(PY) -m course_tools.student_edition --instructor --out _build/instructor
	$(VENV)/bin/jupyter lab _build/instructor

lab-student: $(STAMP)  ## JupyterLab on your own copy of the student edition, in student-work/ (never overwritten)
	$(PY) -m course_tools.student_edition --keep-existing --out student-work
	$(VENV)/bin/jupyter lab student-work

nbgrader-source: $(STAMP)  ## the instructor edition of every chapter into COURSE/source/<chapter>/ for nbgrader
	@test -n "$(COURSE)" || { echo "usage: make nbgrader-source COURSE=<nbgrader course folder>"; exit 2; }
	$(PY) -m course_tools.student_edition --nbgrader-source "$(COURSE)"

student: $(STAMP)  ## generate the student edition of every chapter into _build/student
	$(PY) -m course_tools.student_edition --out _build/student

slides: $(STAMP) $(NODE_STAMP)  ## lecture decks of every chapter, checked in Chromium, and a PDF of each, in _build/html/slides
	$(PY) -m course_tools.slides --check --pdf

notebooks: $(STAMP)  ## re-execute the instructor notebooks in place (regenerates nbval reference outputs)
	$(PY) -m course_tools.execute_notebooks

figures: $(STAMP)  ## redraw the landing page's figures (figures/*.png) from lecture_lib.diagrams
	MPLBACKEND=Agg $(PY) -m lecture_lib.diagrams figures

screenshots: book  ## every page of the book as PNG (desktop, phone, dark) in _build/screenshots
	$(PY) -m course_tools.screenshots

# nbdime's git integration for this clone: `git diff` shows a notebook cell by cell (source,
# then outputs; images as a short hash, not base64) and `git merge` merges cell by cell. The
# attributes are committed in .gitattributes (harmless where no driver is set: plain text);
# this sets the drivers in .git/config, with the venv's absolute paths so that they work
# without activating it. `git diff --no-ext-diff` shows the raw JSON; README: how to undo.
nbdime: $(STAMP)  ## readable notebook diffs and merges in git (nbdime), in this clone
	$(VENV)/bin/nbdime config-git --enable
	git config diff.jupyternotebook.command "$(abspath $(VENV))/bin/git-nbdiffdriver diff"
	git config merge.jupyternotebook.driver "$(abspath $(VENV))/bin/git-nbmergedriver merge %O %A %B %L %P"

bench: $(STAMP)  ## benchmark builds and the test command on a copy of the project (bench/results.json)
	$(PY) bench/run.py $(BENCH_ARGS)

bench-pages: book  ## every book page ready with JavaScript vs without, on a slowed phone and a desktop (bench/pages.json)
	$(PY) bench/pages.py $(BENCH_ARGS)

bench-grading: $(STAMP)  ## grading throughput: 100 submissions of chapter 2 against the floor (bench/grading.json)
	$(PY) bench/grading.py $(BENCH_ARGS)

grade: $(STAMP)  ## grade every notebook in SUBMISSIONS=<folder> into <folder>/grades (grades.csv, feedback, summary)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=<folder of submitted notebooks>"; exit 2; }
	$(PY) -m course_tools.grade "$(SUBMISSIONS)"

clean:
	rm -rf _build
