"""The situation room in a real browser: Playwright driving Debian's Chromium.

Needs ``/usr/bin/chromium`` (CI: ``apt-get install -y chromium``) and the Python
``playwright`` package; never downloads a browser. Screenshots go to
``test-artifacts/web/``. The app runs in-process under uvicorn on 127.0.0.1.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SITROOM_CHROMIUM", "/usr/bin/chromium")
if not Path(CHROMIUM).exists():
    pytest.skip(
        f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install -y chromium)",
        allow_module_level=True,
    )
pytest.importorskip("playwright", reason="browser tests need the playwright package (pip)")
uvicorn = pytest.importorskip("uvicorn")

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from sitroom.web.app import create_app  # noqa: E402
from sitroom.web.sample import XSS_ATTR, XSS_SCRIPT, build_sample_store  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "web"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    db = build_sample_store(tmp_path_factory.mktemp("webb") / "web.duckdb")
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser_context():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        ctx = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1400, "height": 900},
        )  # fmt: skip
        yield ctx
        ctx.close()


@pytest.fixture
def page(browser_context, base_url):
    pg = browser_context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.problems = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.problems.append(f"pageerror: {e}"))
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(f"console: {m.text}"))
    pg.goto_app = lambda path="/": pg.goto(base_url + path)  # type: ignore[attr-defined]
    yield pg
    assert pg.dialogs == [], f"a dialog fired: {pg.dialogs}"
    assert pg.problems == [], pg.problems
    pg.close()


def open_map(page: Page, query: str = "") -> None:
    page.goto_app("/" + query)  # type: ignore[attr-defined]
    page.wait_for_selector('body[data-ready="1"]', timeout=15000)
    page.wait_for_selector("path.leaflet-interactive, #map[data-count='0']", timeout=15000)


def markers(page: Page, n: int) -> int:
    """Wait until ``n`` marker paths are drawn (the cluster layer adds them in chunks)."""
    expect(page.locator("#map")).to_have_attribute("data-count", str(n))
    expect(page.locator("path.mk")).to_have_count(n)
    return n


def test_map_renders_borders_and_a_marker_per_incident_or_unlinked_event(page):
    open_map(page)
    markers(page, 4)
    assert page.locator("path.mk-incident").count() == 2
    assert page.locator("path.mk-status-contested").count() == 2  # Aleppo and Mosul
    # the basemap: country borders drawn from the vendored TopoJSON
    expect(page.locator(".leaflet-borders-pane path").first).to_be_attached()
    big = page.locator("path.mk-incident.mk-status-contested").bounding_box()
    small = page.locator("path.mk-event.mk-status-reported").bounding_box()
    assert big["width"] > small["width"]  # 15 killed vs no figure
    expect(page.locator("#status-line")).to_contain_text("2 incidents and 2 unlinked events")
    page.screenshot(path=ARTIFACTS / "map.png")


def test_clicking_an_incident_shows_asserting_and_denying_sources(page):
    open_map(page)
    markers(page, 4)
    page.locator("path.mk-incident.mk-status-contested").click()
    panel = page.locator("#panel")
    expect(panel.locator("#panel-title")).to_contain_text("Incident i1")
    expect(panel.locator(".asserted-by")).to_have_text("SOHR")
    expect(panel.locator(".denied-by")).to_have_text("Russia")
    expect(panel.locator(".figures tbody tr")).to_have_count(2)
    expect(panel.locator(".claims-deny").first).to_contain_text(
        "that its aircraft had flown over the city"
    )
    expect(panel.locator(".claims-assert").first).to_contain_text("Russian jets struck a market")
    page.screenshot(path=ARTIFACTS / "incident-panel.png")
    panel.locator("a.incident-link").click()
    page.wait_for_url("**/incidents/i1")
    expect(page.locator("h1")).to_contain_text("Incident i1")
    expect(page.locator("table.figures tbody tr")).to_have_count(2)
    page.screenshot(path=ARTIFACTS / "incident-page.png", full_page=True)


def test_filters_and_the_timeline_brush_change_the_markers(page):
    open_map(page)
    page.select_option("select[name=status]", "contested")
    page.click("button[type=submit]")
    markers(page, 2)
    assert "status=contested" in page.url
    assert "status=contested" in page.locator("#export-csv").get_attribute("href")
    page.screenshot(path=ARTIFACTS / "filter-contested.png")

    page.select_option("select[name=status]", "")
    page.select_option("select[name=country]", "CD")
    page.click("button[type=submit]")
    expect(page.locator("#map")).to_have_attribute("data-count", "1")

    page.select_option("select[name=country]", "")
    page.fill("input[name=q]", "protested")
    page.click("button[type=submit]")
    markers(page, 1)
    assert page.locator("path.mk-event.mk-status-reported").count() == 1

    # a URL with filters opens filtered
    open_map(page, "?type=ASSAULT&since=2021-01-01")
    expect(page.locator("#map")).to_have_attribute("data-count", "1")

    # brush the first fifth of the timeline (2017): Mosul and Aleppo only
    open_map(page)
    markers(page, 4)
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.2, y, steps=5)
    page.mouse.up()
    markers(page, 2)
    expect(page.locator("#timeline-range")).to_contain_text("Timeline selection 2017-")
    page.screenshot(path=ARTIFACTS / "timeline-brush.png")
    page.locator("#timeline").dblclick()
    markers(page, 4)


def test_article_view_highlights_spans_and_links_records(page):
    page.goto_app("/articles/aleppo-afp")  # type: ignore[attr-defined]
    text = page.locator("#article-text")
    expect(text.locator(".hl-trigger")).to_have_text("struck")
    expect(text.locator(".hl-place")).to_have_text("Aleppo")
    expect(text.locator(".hl-time")).to_have_text("Wednesday")
    expect(text.locator(".hl-cue")).to_have_count(2)
    assert text.locator(".hl-actor").count() >= 3
    # the background colours are really applied
    bg = text.locator(".hl-place").evaluate("e => getComputedStyle(e).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    # clicking the denial record outlines its spans in the text
    page.locator(".claim-record#c2").click()
    active = text.locator(".hl.active")
    assert active.count() >= 1
    assert "that its aircraft had flown over the city" in "".join(active.all_text_contents())
    page.screenshot(path=ARTIFACTS / "article.png", full_page=True)


def test_injected_markup_shows_as_text_and_never_runs(page):
    page.goto_app("/articles/xss-1")  # type: ignore[attr-defined]
    expect(page.locator("h1.article-title")).to_have_text(f"{XSS_SCRIPT} Mosul {XSS_ATTR}")
    expect(page.locator("#article-text")).to_contain_text(XSS_SCRIPT)
    expect(page.locator("#article-text")).to_contain_text(XSS_ATTR)
    for sel in (".hl-actor", "#article-text", ".claim-record", "h1"):
        for el in page.locator(sel).all():
            el.hover()
    assert page.evaluate("document.querySelectorAll('[onmouseover]').length") == 0
    assert page.evaluate("document.querySelectorAll('main script').length") == 0
    page.screenshot(path=ARTIFACTS / "xss-article.png", full_page=True)

    # and on the map: the event's panel and the outlet filter show it literally
    open_map(page)
    markers(page, 4)
    page.locator("path.mk-event.mk-status-contested").click()
    panel = page.locator("#panel-body")
    expect(panel).to_contain_text(f"Gunmen {XSS_SCRIPT}")
    expect(panel).to_contain_text(f"Evil{XSS_ATTR}")
    expect(panel.locator(".denied-by")).to_have_text(XSS_ATTR)
    for el in panel.locator("dd, p, blockquote").all():
        el.hover()
    options = page.locator("select[name=outlet] option").all_text_contents()
    assert f"Evil{XSS_ATTR}" in options
    assert page.evaluate("document.querySelectorAll('[onmouseover], #panel script').length") == 0
    page.screenshot(path=ARTIFACTS / "xss-panel.png")
