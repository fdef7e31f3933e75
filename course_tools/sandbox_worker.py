"""The grader's untrusted side: runs ONE submission's exercise cells inside the sandbox.

Started by :mod:`course_tools.grade` through :mod:`course_tools.sandbox` as
``python /sandbox/worker.py --reply-fd N [--uid U]``; it sees only the system, the Python
installation, the virtual environment and the public ``lecture_lib`` (not ``course_tools``:
it imports nothing of the grader). It reads one JSON request on stdin::

    {"chapter": 2, "imports": [[source, [names bound]], ...],
     "statements": [{"cell": "forward_diff", "line": 3, "source": "..."}, ...],
     "exercises": ["2.1", ...], "requests": {"2.1": [encoded arguments, ...], ...},
     "skip": [statement indexes], "call_timeout": 0.5}

and answers with length-prefixed JSON frames on the reply pipe (never on stdout, where
the student's ``print`` goes)::

    {"event": "begin", "step": "statement", "index": i}      before each statement
    {"event": "error", "index": i, "error": "..."}           a statement that raised
    {"event": "begin", "step": "exercise", "number": "2.1"}  before each exercise
    {"event": "record", "number": "2.1", "record": {...}}    what the student's function did
    {"event": "end"}

A record holds outcomes only (:func:`lecture_lib.exercises.running.run_chapter`: the values
returned, the exceptions raised, ...); the expected values, the references and the
comparison are the grader's (:mod:`course_tools.exercise_key`), in its own process. The
student's code can write to the reply pipe too — and gains nothing by it: a forged record
is only a claim about what its function returned, judged like a real one on inputs (some
hidden) it had to answer anyway. The "begin" frames only tell the grader which step was
running when the process died.
"""
import builtins
import json
import os
import signal
import sys


def _drop_privileges(uid: int) -> None:
    """As root inside the sandbox (no user namespace): become an unprivileged user of our own."""
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    if os.getuid() != uid or os.geteuid() != uid:
        raise SystemExit("could not drop privileges")


class _Reply:
    """Frames on the reply pipe: 4-byte big-endian length, then UTF-8 JSON."""

    def __init__(self, fd: int):
        self.fd, self.pid = fd, os.getpid()
        os.set_inheritable(fd, False)  # no program the student's code starts gets it

    def send(self, value) -> None:
        if os.getpid() != self.pid:  # a process the student's code forked came back into the worker
            os._exit(0)
        data = json.dumps(value, allow_nan=False).encode("utf-8")
        data = len(data).to_bytes(4, "big") + data
        while data:
            data = data[os.write(self.fd, data):]


def _names_used(code) -> set:
    names, stack = set(), [code]
    while stack:
        current = stack.pop()
        names.update(current.co_names)
        stack.extend(c for c in current.co_consts if hasattr(c, "co_names"))
    return names


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, SystemExit):
        return f"called sys.exit({'' if exc.code is None else repr(exc.code)})"
    if isinstance(exc, KeyboardInterrupt):
        return "raised KeyboardInterrupt"
    return f"raised {type(exc).__name__}: {_short(exc) or '(no message)'}"


def _end_other_processes() -> None:
    """Kill every other process of the sandbox (the student's children): none outlives its step.

    Only in a PID namespace of our own (bubblewrap's, whose PID 1 is our parent): outside
    one, kill(-1) would reach every process of the user running the grader.
    """
    if not _OWN_PID_NAMESPACE or os.getppid() != 1:
        return
    try:
        os.kill(-1, signal.SIGKILL)  # all processes we may signal, but not ourselves nor PID 1
    except OSError:
        pass


_OWN_PID_NAMESPACE = False


def main(argv) -> int:
    global _OWN_PID_NAMESPACE
    _OWN_PID_NAMESPACE = "--own-pid-namespace" in argv
    fd = int(argv[argv.index("--reply-fd") + 1])
    if "--uid" in argv:
        _drop_privileges(int(argv[argv.index("--uid") + 1]))
    reply = _Reply(fd)
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    sys.stdin.close()
    os.close(0)
    os.open(os.devnull, os.O_RDONLY)  # fd 0 again, so that input() fails plainly

    namespace = {"__name__": "__main__", "__builtins__": builtins}
    compiled = []
    for index, statement in enumerate(request["statements"]):
        padded = "\n" * (statement["line"] - 1) + statement["source"]
        compiled.append((index, compile(padded, f"<the cell defining {statement['cell']}>", "exec")))
    used = set().union(*(_names_used(code) for _, code in compiled)) if compiled else set()
    # The chapter's imports, only those the student's code refers to (matplotlib alone costs 0.5 s).
    for source, bound in request["imports"]:
        if set(bound) & used or "np" in bound:
            exec(compile(source, "<the chapter's imports>", "exec"), namespace)
    skip = set(request.get("skip", ()))
    for index, code in compiled:
        if index in skip:
            continue
        reply.send({"event": "begin", "step": "statement", "index": index})
        try:
            exec(code, namespace)
        except BaseException as exc:  # noqa: BLE001 - the student's statement: any failure is reported
            reply.send({"event": "error", "index": index, "error": _describe(exc)})
        _end_other_processes()

    from lecture_lib.exercises.running import run_chapter

    for number in request["exercises"]:
        reply.send({"event": "begin", "step": "exercise", "number": number})
        record = run_chapter(request["chapter"], namespace, {number: request["requests"][number]},
                             time_limit=float(request["call_timeout"]))
        _end_other_processes()
        reply.send({"event": "record", "number": number, "record": record.get(number)})
    reply.send({"event": "end"})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
