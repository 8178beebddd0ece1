"""The ``desistkit`` program ends without tearing the interpreter down (cli.app.program, #20), and
loses nothing by it: exit codes, buffered output, exit handlers and other threads are as before."""

from __future__ import annotations

import subprocess
import sys

_SCRIPT = """
import atexit, sys, threading, time
atexit.register(lambda: print("exit handler ran"))
sys.stdout.write("x" * 200_000 + "\\n")  # buffered, not flushed
if "--thread" in sys.argv:
    sys.argv.remove("--thread")
    threading.Thread(target=lambda: (time.sleep(0.5), print("thread finished"))).start()
sys.argv[0] = "desistkit"
from desistkit.cli import program
program()
"""


def _program(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _SCRIPT, *args], capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip


def test_output_exit_handlers_and_exit_code_survive_the_quick_exit() -> None:
    result = _program("--version")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "x" * 200_000
    assert lines[1].startswith("desistkit ")
    assert lines[2] == "exit handler ran"


def test_an_error_keeps_its_exit_code_and_message() -> None:
    result = _program("reflector", "--audience", "internal")
    assert result.returncode == 2
    assert "exit handler ran" in result.stdout
    assert "Missing option" in result.stderr or "CASE" in result.stderr


def test_another_running_thread_is_waited_for() -> None:
    result = _program("--thread", "--version")
    assert result.returncode == 0
    assert result.stdout.splitlines()[-2:] == ["thread finished", "exit handler ran"]
