"""The ``desistkit`` program ends without tearing the interpreter down (cli.app.program, #20), and
loses nothing by it: exit codes, buffered output, exit handlers and other threads are as before."""

from __future__ import annotations

import subprocess
import sys

import pytest

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


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the point of the test
def test_a_sigterm_swallowed_by_a_finaliser_still_stops_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM raises KeyboardInterrupt wherever the main thread is; inside a ``__del__`` Python
    only prints it and goes on. The batch loop asks again after each case, so it still stops."""
    import signal

    from desistkit.cli import app

    class Finalised:
        def __del__(self) -> None:
            app._interrupt(signal.SIGTERM, None)

    monkeypatch.setattr(app, "_SIGNALLED", [])
    app.check_interrupted()  # nothing came: goes on
    Finalised()  # the KeyboardInterrupt raised in __del__ is lost ("Exception ignored in ...")
    with pytest.raises(KeyboardInterrupt):
        app.check_interrupted()
