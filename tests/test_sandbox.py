"""course_tools.sandbox: what a sandboxed process sees, may do, and how it ends (one run each, ~0.3 s)."""
from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

import pytest

from course_tools import sandbox

ROOT = Path(__file__).resolve().parent.parent

LOOK_AROUND = r'''
import json, os, socket, sys
fd = int(sys.argv[sys.argv.index("--reply-fd") + 1])
if "--uid" in sys.argv:
    uid = int(sys.argv[sys.argv.index("--uid") + 1])
    os.setgroups([]); os.setgid(uid); os.setuid(uid)
root = sys.argv[sys.argv.index("--root") + 1]
seen = {"uid": os.getuid(), "pid": os.getpid(), "processes": sorted(p for p in os.listdir("/proc") if p.isdigit()),
        "checkout": sorted(os.listdir(root)), "cwd": os.getcwd(), "cwd_files": os.listdir("."),
        "environment": sorted(os.environ),
        "status": dict(line.split(":\t", 1) for line in open("/proc/self/status").read().splitlines() if ":\t" in line)}
port = int(sys.argv[sys.argv.index("--port") + 1])
try:
    socket.create_connection(("127.0.0.1", port), timeout=1)
    seen["network"] = "connected"
except OSError as exc:
    seen["network"] = type(exc).__name__
for target in (os.path.join(root, "lecture_lib", "planted.py"), "/usr/planted", "/etc/planted"):
    try:
        open(target, "w").write("x")
        seen.setdefault("written", []).append(target)
    except OSError:
        pass
open("scratch.txt", "w").write("a private working folder")
import lecture_lib
seen["lecture_lib"] = lecture_lib.__file__
try:
    import course_tools
    seen["course_tools"] = course_tools.__file__
except ImportError:
    seen["course_tools"] = None
data = json.dumps(seen).encode()
os.write(fd, len(data).to_bytes(4, "big") + data)
'''


def _run(tmp_path: Path, source: str, *arguments: str, limits: sandbox.Limits = sandbox.Limits()):
    worker = tmp_path / "worker.py"
    worker.write_text(source, encoding="utf-8")
    uid = sandbox.sandbox_uid(0)
    extra = ["--uid", str(uid)] if uid is not None else []
    return sandbox.run(worker, [*extra, "--root", str(ROOT), *arguments], b"", readable=[ROOT / "lecture_lib"],
                       pythonpath=[ROOT], limits=limits)


def test_the_sandbox_sees_only_the_system_and_the_public_library(sandbox_available, tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as server:  # the grader's machine listens; the sandbox can't reach it
        finished = _run(tmp_path, LOOK_AROUND, "--port", str(server.getsockname()[1]))
    assert finished.returncode == 0, finished.output_tail
    (seen,) = finished.frames
    assert seen["uid"] != 0 or os.geteuid() != 0
    assert seen["status"]["NoNewPrivs"] == "1"  # a setuid program (su, mount) cannot make it root again
    assert seen["status"]["CapEff"] == "0000000000000000"
    assert seen["processes"] == ["1", "2"]  # bubblewrap's first process and this one
    expected = {"lecture_lib"} | ({".venv"} if Path(sys.prefix).parent == ROOT else set())
    assert set(seen["checkout"]) == expected  # no chapters/, course_tools/, tests/, _build/, grades
    assert seen["cwd"] == sandbox.WORK and seen["cwd_files"] == []
    assert seen["network"] == "ConnectionRefusedError"  # its own loopback, where nothing listens
    assert "written" not in seen
    assert seen["lecture_lib"] == str(ROOT / "lecture_lib" / "__init__.py")
    assert seen["course_tools"] is None
    assert not any(name.startswith(("NBGRADER", "PYTEST", "SSH", "GIT")) for name in seen["environment"])
    assert not (ROOT / "lecture_lib" / "planted.py").exists()


def test_limits_stop_what_runs_away(sandbox_available, tmp_path):
    endless = _run(tmp_path, "while True:\n    pass\n", limits=sandbox.Limits(wall_seconds=1.5))
    assert endless.stopped.startswith("it ran longer than 1.5 s")
    loud = _run(tmp_path, "while True:\n    print('x' * 65536)\n", limits=sandbox.Limits(output=256 * 1024))
    assert loud.stopped == "it printed more than 256 kB (the limit for output)"
    killed = _run(tmp_path, "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n")
    assert killed.ended_how(sandbox.Limits()).startswith("it was killed (SIGKILL")
    exited = _run(tmp_path, "import os\nos._exit(7)\n")
    assert exited.ended_how(sandbox.Limits()).startswith("the process exited with code 7")


def test_a_forged_frame_too_large_or_not_json_stops_the_run(sandbox_available, tmp_path):
    header = "import os, sys\nfd = int(sys.argv[sys.argv.index('--reply-fd') + 1])\n"
    huge = _run(tmp_path, header + "os.write(fd, (10**9).to_bytes(4, 'big'))\nimport time\ntime.sleep(30)\n")
    assert huge.stopped == "it sent a malformed reply (a frame too large)"
    garbage = _run(tmp_path, header + "os.write(fd, (3).to_bytes(4, 'big') + b'{{{')\nimport time\ntime.sleep(30)\n")
    assert garbage.stopped == "it sent a malformed reply (not JSON)"
    assert huge.seconds < 10 and garbage.seconds < 10


AS_AN_INSTRUCTOR = r'''
import importlib.util, json, pathlib, sys
spec = importlib.util.spec_from_file_location("sandbox", sys.argv[1])
sandbox = importlib.util.module_from_spec(spec)
sys.modules["sandbox"] = sandbox  # its dataclasses look their module up
spec.loader.exec_module(sandbox)
worker = pathlib.Path(sys.argv[2])
finished = sandbox.run(worker, [], b"", limits=sandbox.Limits(processes=8, wall_seconds=60))
print(json.dumps({"frames": finished.frames, "stopped": finished.stopped, "returncode": finished.returncode}))
'''

FORKS = r'''
import json, os, subprocess, sys
fd = int(sys.argv[sys.argv.index("--reply-fd") + 1])
subprocess.run(["sh", "-c", "sleep 4243.5 >/dev/null 2>&1 &"])
seen = {"uid": os.getuid(), "processes": sorted(p for p in os.listdir("/proc") if p.isdigit())}
children = 0
try:
    for _ in range(50):
        if os.fork() == 0:
            os.execv("/bin/sleep", ["sleep", "4243.5"])
        children += 1
except OSError as exc:
    seen["fork"] = type(exc).__name__
seen["children"] = children
data = json.dumps(seen).encode()
os.write(fd, len(data).to_bytes(4, "big") + data)
'''


def test_as_an_unprivileged_user_the_sandbox_has_a_user_namespace_and_the_same_limits():
    """The instructor's case (not root): bubblewrap makes a user namespace; limits and the end of every process hold."""
    import shutil
    import subprocess
    import tempfile

    system_python, setpriv = Path("/usr/bin/python3"), shutil.which("setpriv")
    if os.geteuid() != 0 or not setpriv or not system_python.exists() or not shutil.which("bwrap"):
        pytest.skip("needs root (to become another user), setpriv, bubblewrap and /usr/bin/python3")
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:  # pytest's tmp_path is private to root
        _as_another_user(Path(folder), system_python, setpriv)


def _as_another_user(tmp_path: Path, system_python: Path, setpriv: str) -> None:
    import shutil
    import subprocess
    (tmp_path / "instructor.py").write_text(AS_AN_INSTRUCTOR, encoding="utf-8")
    (tmp_path / "forks.py").write_text(FORKS, encoding="utf-8")
    shutil.copy(ROOT / "course_tools" / "sandbox.py", tmp_path / "sandbox.py")
    tmp_path.chmod(0o755)
    for path in tmp_path.iterdir():
        path.chmod(0o644)
    result = subprocess.run([setpriv, "--reuid=54321", "--regid=54321", "--clear-groups", str(system_python),
                             str(tmp_path / "instructor.py"), str(tmp_path / "sandbox.py"), str(tmp_path / "forks.py")],
                            capture_output=True, text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "HOME": "/"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    (seen,) = report["frames"]
    assert seen["uid"] == 54321 and seen["processes"][:2] == ["1", "2"]
    assert seen["fork"] == "BlockingIOError" and seen["children"] < 8  # RLIMIT_NPROC, counted in its namespace
    leftovers = subprocess.run(["pgrep", "-f", "sleep 4243.5"], capture_output=True, text=True).stdout
    assert leftovers == "", leftovers
