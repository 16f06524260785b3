"""The dashboard in a real browser (headless Chromium): the verdict filter and the search box."""

import shutil

import pytest

from conftest import needs

pytestmark = needs("chromium", "chromedriver")


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield driver
    driver.quit()


def visible_rows(driver):
    from selenium.webdriver.common.by import By

    return [row.get_attribute("data-verdict") for row in driver.find_elements(By.CSS_SELECTOR, "#requests tbody tr")
            if row.is_displayed()]


def test_dashboard_filters_by_verdict_and_text(browser, sample_run):
    from selenium.webdriver.common.by import By

    _, out, expected = sample_run
    browser.get((out / "index.html").as_uri())
    assert len(visible_rows(browser)) == len(expected["requests"])
    browser.find_element(By.CSS_SELECTOR, 'button[data-verdict="ready"]').click()
    ready = [r for r in expected["requests"].values() if r["verdict"] == "ready"]
    assert visible_rows(browser) == ["ready"] * len(ready)
    browser.find_element(By.CSS_SELECTOR, 'button[data-verdict=""]').click()
    search = browser.find_element(By.ID, "search")
    search.send_keys("annex1.email")
    with_email = [r for r in expected["requests"].values() if "annex1.email" in r["checks"]]
    assert len(visible_rows(browser)) == len(with_email)
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []  # the page runs under its Content-Security-Policy without a complaint


def test_hostile_name_stays_text_in_the_browser(browser, sample_run):
    from selenium.webdriver.common.by import By

    _, out, _ = sample_run
    browser.get((out / "requests" / "PKI-2026-0123.html").as_uri())
    assert browser.find_elements(By.TAG_NAME, "script") == []  # the injected <script> is text, not an element
    assert '<script>alert("pwned")</script>' in browser.find_element(By.TAG_NAME, "body").text
