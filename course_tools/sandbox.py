"""A sandbox per submission: one untrusted Python process, no network, nothing of anyone else's.

The grader starts the student's code only through :func:`run`. With Debian's bubblewrap
(``bwrap``, no Docker, no daemon) the process sees:

- a read-only view of the system (``/usr``, ``/etc``), of the Python installation and of
  the virtual environment, and of the public course library (``lecture_lib/``) — nothing
  else of the checkout: not ``chapters/``, ``course_tools/``, ``grades/`` nor any submission;
- an empty private working folder (``/submission``, and ``/tmp``: size-limited tmpfs), its own PID namespace
  (``/proc`` shows only its own processes), no network, no IPC with the host, a new session
  (no terminal to inject keys into), an empty environment but for a few variables;
- limits: address space (memory), CPU seconds, processes (``RLIMIT_NPROC``, counted for
  the sandbox's own user), file size, and the grader's own wall-clock and output limits.

When the sandbox's first process ends, the kernel ends every other process of its PID
namespace: nothing the submission started (a double fork, ``setsid``, a daemon) outlives
it. ``--die-with-parent`` ends it with the grader.

Run as root (CI, a container), bubblewrap does not create a user namespace (the process
would stay root); the worker then drops to a user id of its own (:func:`sandbox_uid`)
before it reads the submission, so ``RLIMIT_NPROC`` applies and no file of the host
owned by root can be written even through a mistake in the mounts.

The only channel the grader believes is a dedicated pipe (file descriptor 3 inside),
length-prefixed JSON frames read by :func:`frames` with strict limits. The student's
``print`` goes to stdout/stderr, which the grader drains, keeps a tail of, and cuts off
beyond :attr:`Limits.output` bytes. Without bubblewrap (macOS, a Linux without user
namespaces) :func:`backend` says why, and the grader refuses unless told to run unsafely.
"""
from __future__ import annotations

import json
import os
import resource
import selectors
import shutil
import signal
import site
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REPLY_FD = 3                 # the worker's end of the reply pipe, inside the sandbox
WORK = "/submission"         # the private working folder inside the sandbox (also its HOME and TMPDIR)
WORKER_PATH = "/sandbox/worker.py"
_FRAME_HEADER = 4            # bytes of big-endian length before each frame
_MAX_FRAME = 256 * 1024      # one frame (one exercise's outcomes)
_MAX_REPLY = 4 * 1024 * 1024  # everything one sandbox may send back
_UID_BASE = 200_000          # user ids for sandboxes when the grader runs as root


@dataclass(frozen=True)
class Limits:
    """What one sandboxed process may use."""

    memory: int = 1024 * 1024 * 1024    # bytes of address space per process (the worker maps ~150 MB)
    cpu_seconds: int = 120
    processes: int = 8                  # processes and threads of the sandbox's user
    files: int = 16 * 1024 * 1024       # bytes in the working folder, and per file
    output: int = 2 * 1024 * 1024       # bytes of stdout + stderr before the process is stopped
    wall_seconds: float = 120.0         # the whole run


@dataclass
class Finished:
    """How a sandboxed run ended, from the grader's side."""

    returncode: int | None = None
    stopped: str = ""                   # why the grader stopped it ("" if it ended by itself)
    output_tail: bytes = b""            # the last bytes of stdout + stderr
    seconds: float = 0.0
    frames: list = field(default_factory=list)   # the frames read from the reply pipe, in order

    def ended_how(self, limits: Limits) -> str:
        """Plain words for how the process ended, when it ended before saying it was done."""
        if self.stopped:
            return self.stopped
        code = self.returncode
        if code is None:
            return "it did not end"
        # bubblewrap passes the exit status on; a signal shows as 128 + its number.
        number = -code if code < 0 else code - 128 if code > 128 else 0
        if number:
            name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
            if number == signal.SIGXCPU:
                return f"it used more than {limits.cpu_seconds} s of CPU time (the limit)"
            if number == signal.SIGKILL:
                return "it was killed (SIGKILL: a signal it sent itself, or memory exhausted)"
            return f"it was ended by the signal {name}"
        return f"the process exited with code {code} before the checks finished (sys.exit or os._exit?)"


class Unavailable(RuntimeError):
    """No sandbox can be made on this machine; the message says why."""


# --------------------------------------------------------------------------- which sandbox

@lru_cache(maxsize=None)
def backend() -> str:
    """``"bwrap"`` if bubblewrap can make a sandbox here; raises :class:`Unavailable` otherwise."""
    if sys.platform != "linux":
        raise Unavailable(f"this is {sys.platform}, not Linux: bubblewrap and Linux namespaces are not available")
    tool = shutil.which("bwrap")
    if tool is None:
        raise Unavailable("bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)")
    probe = subprocess.run(_bwrap_command(Path(sys.executable), [sys.executable, "-c", "pass"], ()),
                           capture_output=True, text=True, timeout=60, preexec_fn=_child_setup(Limits()))
    if probe.returncode != 0:
        raise Unavailable(f"bubblewrap cannot create a sandbox here: {probe.stderr.strip()[:200]}")
    return "bwrap"


def sandbox_uid(slot: int) -> int | None:
    """The user id the worker drops to when the grader runs as root (one per slot and grader process)."""
    if os.geteuid() != 0:
        return None
    return _UID_BASE + (os.getpid() % 100_000) * 16 + slot % 16


def _ancestors(paths) -> list[str]:
    """Every folder above the bound paths, shallowest first (made traversable in the sandbox)."""
    found = set()
    for path in paths:
        for parent in Path(path).parents:
            if str(parent) != "/":
                found.add(str(parent))
    return sorted(found, key=lambda p: (p.count("/"), p))


def _environment(pythonpath=()) -> dict:
    """The whole environment of the worker: nothing of the grader's (no token, no path of a submission)."""
    env = {"PATH": "/usr/bin:/bin", "HOME": WORK, "TMPDIR": WORK, "LANG": "C.UTF-8", "MPLBACKEND": "Agg",
           "MPLCONFIGDIR": WORK, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(map(str, pythonpath))
    return env


def _bwrap_command(worker: Path, command: list[str], readable, limits: Limits | None = None,
                   pythonpath=()) -> list[str]:
    limits = limits or Limits()
    binds = []
    for path in ["/usr", "/etc", sys.base_prefix, sys.prefix, *map(str, readable)]:
        real = os.path.realpath(path)
        if os.path.exists(real) and real not in binds:
            binds.append(real)
    argv = ["bwrap", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--clearenv", "--hostname", "sandbox"]
    if os.geteuid() == 0:
        # No user namespace as root: keep only what the worker needs to drop to its own user.
        argv += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        argv += ["--unshare-user"]
    # /tmp too, for code that writes there by name; bound paths under /tmp (a checkout in /tmp)
    # are mounted over it, read-only. The working folder has a name no checkout will have.
    argv += ["--size", str(limits.files), "--perms", "1777", "--tmpfs", "/tmp",
             "--size", str(limits.files), "--perms", "1777", "--tmpfs", WORK,
             "--proc", "/proc", "--dev", "/dev",
             "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/sbin", "/sbin"]
    if os.path.isdir("/usr/lib64"):
        argv += ["--symlink", "usr/lib64", "/lib64"]
    for folder in _ancestors(binds + [WORKER_PATH]):
        if not any(folder == b or folder.startswith(b + "/") for b in binds) and folder not in (WORK, "/tmp"):
            argv += ["--perms", "0755", "--dir", folder]
    for path in binds:
        argv += ["--ro-bind", path, path]
    for hidden in _grader_packages():
        argv += ["--tmpfs", hidden, "--remount-ro", hidden]
    argv += ["--ro-bind", str(worker), WORKER_PATH, "--chdir", WORK]
    for name, value in _environment(pythonpath).items():
        argv += ["--setenv", name, value]
    return argv + command


def _grader_packages() -> list[str]:
    """A copy of ``course_tools`` installed into the environment (``pip install .``, not ``-e``):
    it holds the exercise keys, so the sandbox sees an empty folder in its place."""
    found = []
    for folder in site.getsitepackages():
        candidate = os.path.join(folder, "course_tools")
        if os.path.isdir(candidate):
            found.append(os.path.realpath(candidate))
    return found


def _child_setup(limits: Limits):
    """Runs in the forked child before bwrap starts: the limits every process inside inherits."""
    def setup():
        for which, soft, hard in ((resource.RLIMIT_AS, limits.memory, limits.memory),
                                  (resource.RLIMIT_NPROC, limits.processes, limits.processes),
                                  (resource.RLIMIT_FSIZE, limits.files, limits.files),
                                  (resource.RLIMIT_CORE, 0, 0),
                                  (resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1)):
            try:
                resource.setrlimit(which, (soft, hard))
            except (ValueError, OSError):  # macOS refuses RLIMIT_AS: that limit is then missing
                if sys.platform == "linux":
                    raise
    return setup


# --------------------------------------------------------------------------- one run

def run(worker: Path, arguments: list[str], request: bytes, *, readable=(), pythonpath=(),
        limits: Limits = Limits(), sandboxed: bool = True, on_frame=None) -> Finished:
    """Run ``python worker --reply-fd N arguments`` in a fresh sandbox, send ``request`` on its stdin.

    ``readable`` are extra paths the worker may read (the public course library). ``on_frame``
    is called with each complete frame as it arrives and may return a number of seconds: the
    time the next frame may take (the grader's limit per step). Without ``sandboxed`` the
    worker runs as a plain child process with the same rlimits (see the module's docstring).
    """
    python = sys.executable  # inside the bound prefix (a venv's, or the system's /usr)
    reply_read, reply_write = os.pipe()
    info_read, info_write = os.pipe()  # bubblewrap writes the sandbox's first process id here
    # -S: no `site` (its .pth files and setuptools' editable finder cost ~0.1 s a start); the
    # virtual environment's site-packages come after ``pythonpath`` instead.
    pythonpath = [*pythonpath, *site.getsitepackages()]
    command = [str(python), "-S", "-B", WORKER_PATH if sandboxed else str(worker), "--reply-fd", str(reply_write),
               *arguments]
    if sandboxed:
        command = _bwrap_command(worker, command + ["--own-pid-namespace"], readable, limits, pythonpath)
        command[1:1] = ["--info-fd", str(info_write)]
    started = time.monotonic()
    finished = Finished()
    with tempfile.TemporaryDirectory(prefix="unsandboxed-") as folder:
        try:
            process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                pass_fds=(reply_write, info_write), preexec_fn=_child_setup(limits), start_new_session=True,
                cwd="/" if sandboxed else folder, env=None if sandboxed else _environment(pythonpath))
        except BaseException:
            os.close(reply_read)
            os.close(info_read)
            raise
        finally:
            os.close(reply_write)
            os.close(info_write)
        try:
            _communicate(process, request, reply_read, limits, finished, on_frame, started)
        finally:
            os.close(reply_read)
            _end(process, info_read)
            finished.returncode = process.returncode
            finished.seconds = time.monotonic() - started
    return finished


def _end(process: subprocess.Popen, info_fd: int) -> None:
    """Kill what is left of the sandbox and return only when every process in it is gone.

    Killing bubblewrap's outer process makes the sandbox's first process (PID 1 inside) die
    with it, and the kernel then kills every other process of that PID namespace before
    the first one is done exiting. So: kill, then wait for that first process to be gone.
    """
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for stream in (process.stdin, process.stdout):
        if stream is not None and not stream.closed:
            try:
                stream.close()
            except OSError:
                pass
    process.wait()
    try:
        os.set_blocking(info_fd, False)
        first = json.loads(os.read(info_fd, 65536).decode("utf-8")).get("child-pid")
    except (OSError, ValueError, AttributeError):
        first = None
    finally:
        os.close(info_fd)
    if isinstance(first, int):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(first):
            time.sleep(0.005)


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a process that has not exited (a zombie has)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


class _Reader:
    """Splits the reply pipe into frames: 4-byte big-endian length, then that many bytes of JSON."""

    def __init__(self):
        self.buffer, self.total = bytearray(), 0

    def feed(self, chunk: bytes) -> list:
        self.total += len(chunk)
        if self.total > _MAX_REPLY:
            raise ValueError("it sent more than the grader accepts")
        self.buffer += chunk
        frames = []
        while len(self.buffer) >= _FRAME_HEADER:
            size = int.from_bytes(self.buffer[:_FRAME_HEADER], "big")
            if size > _MAX_FRAME:
                raise ValueError("it sent a malformed reply (a frame too large)")
            if len(self.buffer) < _FRAME_HEADER + size:
                break
            frame = bytes(self.buffer[_FRAME_HEADER:_FRAME_HEADER + size])
            del self.buffer[:_FRAME_HEADER + size]
            try:
                frames.append(json.loads(frame.decode("utf-8")))
            except ValueError:
                raise ValueError("it sent a malformed reply (not JSON)") from None
        return frames


def _communicate(process, request: bytes, reply_fd: int, limits: Limits, finished: Finished, on_frame, started):
    """Feed stdin, drain the output (keeping a tail), read frames; stop the process at any limit."""
    selector = selectors.DefaultSelector()
    os.set_blocking(process.stdin.fileno(), False)
    pending = memoryview(request)
    selector.register(process.stdin, selectors.EVENT_WRITE, "stdin")
    selector.register(process.stdout, selectors.EVENT_READ, "output")
    selector.register(reply_fd, selectors.EVENT_READ, "reply")
    reader, output_seen, tail = _Reader(), 0, bytearray()
    overall = started + limits.wall_seconds
    step_deadline = overall
    reading = 2
    try:
        while reading and not finished.stopped:
            now = time.monotonic()
            if now >= min(overall, step_deadline):
                finished.stopped = (f"it ran longer than {limits.wall_seconds:g} s (the limit for a whole "
                                    f"submission)" if now >= overall else "a step ran longer than its time limit")
                break
            for key, _ in selector.select(timeout=min(overall, step_deadline) - now):
                if key.data == "stdin":
                    try:
                        pending = pending[os.write(key.fd, pending[:65536]):]
                    except OSError:  # the worker closed its stdin (or died): nothing more to send
                        pending = pending[:0]
                    if not pending:
                        selector.unregister(process.stdin)
                        process.stdin.close()
                    continue
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    selector.unregister(key.fileobj)
                    reading -= 1
                elif key.data == "output":
                    output_seen += len(chunk)
                    tail = (tail + chunk)[-4096:]
                    if output_seen > limits.output:
                        finished.stopped = f"it printed more than {limits.output // 1024} kB (the limit for output)"
                        break
                else:
                    try:
                        frames = reader.feed(chunk)
                    except ValueError as exc:
                        finished.stopped = str(exc)
                        break
                    for frame in frames:
                        finished.frames.append(frame)
                        seconds = on_frame(frame) if on_frame is not None else None
                        if seconds is not None:
                            step_deadline = time.monotonic() + seconds
    finally:
        selector.close()
    finished.output_tail = bytes(tail)
    if not finished.stopped:
        try:
            process.wait(timeout=max(0.1, overall - time.monotonic()))
        except subprocess.TimeoutExpired:
            finished.stopped = f"it ran longer than {limits.wall_seconds:g} s (the limit for a whole submission)"
