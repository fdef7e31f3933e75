"""`make figures`: python -m lecture_lib.diagrams [folder] draws the landing page's pictures."""
import sys

from .landing import write_landing_figures

for path in write_landing_figures(*sys.argv[1:2]):
    print(f"wrote {path}")
