"""The rules a task may set besides its values: functions it forbids, warnings it forbids."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Forbid:
    """A task's rule "do not call X": ``targets`` are (module, attribute) pairs naming the forbidden functions.

    ``Forbid("np.tanh", [(np, "tanh"), (math, "tanh")], "do not call np.tanh")``: any use of
    these function objects (however the student's code reaches them) breaks the rule.
    """

    label: str
    targets: tuple
    rule: str

    def objects(self) -> list[tuple[str, Any]]:
        """(the name shown, the function object) for each target."""
        shown = {"numpy": "np", "math": "math"}
        found = []
        for module, attribute in self.targets:
            prefix = shown.get(module.__name__)
            found.append((f"{prefix}.{attribute}" if prefix else attribute, getattr(module, attribute)))
        return found


@dataclass(frozen=True)
class NoWarnings:
    """A task's rule "without warnings": any warning the student's code emits breaks it."""

    rule: str
