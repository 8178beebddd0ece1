"""The caseworkers' pages of the web example in a real browser: Debian's chromium and chromedriver
through Selenium, with JavaScript switched off (the pages must not need it), against the app served
on a free localhost port in a thread."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from werkzeug.serving import make_server

import desistkit as dk
from caseservice import make_app
from conftest import BAD, EXAMPLES
from desistkit.sharing import KnownIdentifiers

pytestmark = pytest.mark.browser

ARGUMENTS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@pytest.fixture(scope="module")
def chromium() -> tuple[str, str]:
    """Paths of chromium and chromedriver; skips where missing, but fails under CI."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if browser and driver:
        return browser, driver
    if os.environ.get("CI") == "true":
        pytest.fail("chromium and chromedriver are required under CI; .ci/run installs them")
    pytest.skip("chromium or chromedriver is not installed: apt-get install chromium chromium-driver")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """The app on a free localhost port, in a thread; (base URL, user -> token)."""
    app, tokens = make_app(tmp_path / "home")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", tokens
    finally:
        server.shutdown()
        thread.join(10)


@pytest.fixture
def browser(chromium: tuple[str, str], tmp_path: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium[0]
    for argument in ARGUMENTS:
        options.add_argument(argument)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "profile.managed_default_content_settings.javascript": 2,  # the pages work without it
        },
    )
    driver = webdriver.Chrome(service=Service(executable_path=chromium[1]), options=options)
    driver.downloads = downloads
    # A form post returns before the next page is there when the machine is busy (tests run on every
    # core): every look-up waits up to 20 s for its element, as a person waits for a page.
    driver.implicitly_wait(20)
    try:
        yield driver
    finally:
        driver.quit()


def _wait_for_file(folder: Path, suffix: str, seconds: float = 30) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.name.endswith(suffix)]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} file was downloaded: {sorted(p.name for p in folder.iterdir())}")


def test_a_caseworker_uploads_previews_and_downloads_in_the_browser(browser: Any, served: Any) -> None:
    """Sign in with a token, upload a bad case file (every problem with its path), then a good one;
    choose audience and language; read the preview (no client identifier in it); download the
    Word summary, which is in the chosen language."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    base, tokens = served
    browser.get(f"{base}/app/")
    assert browser.current_url.startswith(f"{base}/app/login")
    browser.find_element(By.ID, "token").send_keys(tokens["cw-0017"])
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    assert browser.find_element(By.ID, "user-id").text == "cw-0017"

    bad = sorted(BAD.glob("*.json"))[0]
    browser.find_element(By.ID, "document").send_keys(str(bad))
    browser.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]").click()
    alert = browser.find_element(By.ID, "problems")
    assert alert.get_attribute("role") == "alert"
    with pytest.raises(dk.CaseFileError) as expected:
        dk.load_case(bad)
    assert expected.value.problems[0].location in alert.text

    case = dk.load_case(EXAMPLES[1])
    browser.find_element(By.ID, "document").send_keys(str(EXAMPLES[1]))
    browser.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]").click()
    assert browser.find_element(By.ID, "reference").text == case.reference

    Select(browser.find_element(By.ID, "audience")).select_by_value("case-conference")
    Select(browser.find_element(By.ID, "lang")).select_by_value("de")
    browser.find_element(By.CSS_SELECTOR, "form[method=get] button[type=submit]").click()
    preview = browser.find_element(By.ID, "preview").text
    assert "What goes out to case-conference" in preview and "What is removed" in preview
    identifiers = [v for v in KnownIdentifiers.from_identity(case.client).values if len(v) >= 3]
    assert [v for v in identifiers if v.casefold() in preview.casefold()] == []

    browser.find_element(By.ID, "download-summary").click()
    summary = _wait_for_file(browser.downloads, ".docx")
    assert case.reference not in summary.name  # the file name carries the pseudonym
    title = docx.Document(str(summary)).paragraphs[0].text
    assert title.startswith(dk.get_localizer("de").text("summary.title"))
