"""End-to-end tests of the web chat page (web/dist) against a live Frontdesk server.

The `live_server` fixture (tests/e2e/conftest.py) yields the base URL of a running server
with the demo tenant loaded and web/dist built. The browser is the system Chromium.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, WebSocket, expect, sync_playwright

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("FRONTDESK_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 30_000

ROUTER_IT = "Come resetto il router?"
CAPITAL_EN = "What is the capital of Australia?"


def _wait_for_chromium(path: str, timeout_s: float = 300.0) -> None:
    """Chromium may still be being installed by apt: poll for it for a while."""
    deadline = time.monotonic() + timeout_s
    while not (os.path.isfile(path) and os.access(path, os.X_OK)):
        if time.monotonic() > deadline:
            pytest.fail(
                f"Chromium not found at {path} after {timeout_s:.0f}s (apt install chromium)"
            )
        time.sleep(2)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    _wait_for_chromium(CHROMIUM)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # A fresh context per test: its own sessionStorage, hence its own chat session.
    context = browser.new_context(locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


def _open(page: Page, base_url: str) -> None:
    page.goto(base_url.rstrip("/") + "/", wait_until="domcontentloaded")
    expect(page.get_by_test_id("chat-input")).to_be_visible(timeout=TIMEOUT_MS)
    _expect_connected(page)


def _expect_connected(page: Page) -> None:
    status = page.get_by_test_id("connection-status")
    expect(status).to_have_attribute("data-state", "connected", timeout=TIMEOUT_MS)


def _ask(page: Page, text: str) -> None:
    box = page.get_by_test_id("chat-input")
    box.fill(text)
    page.get_by_test_id("send-button").click()
    mine = page.get_by_test_id("message-user").filter(has_text=text).last
    expect(mine).to_be_visible(timeout=TIMEOUT_MS)


def _sent_user_messages(page: Page) -> list[dict[str, object]]:
    """Collects the user_message frames the page sends on its WebSockets."""
    frames: list[dict[str, object]] = []

    def on_ws(ws: WebSocket) -> None:
        def on_sent(payload: str | bytes) -> None:
            try:
                obj = json.loads(payload)
            except (TypeError, ValueError):
                return
            if isinstance(obj, dict) and obj.get("type") == "user_message":
                frames.append(obj)

        ws.on("framesent", on_sent)

    page.on("websocket", on_ws)
    return frames


def test_chat_streams_cited_answer_and_offers_ticket(page: Page, live_server: str) -> None:
    sent = _sent_user_messages(page)
    _open(page, live_server)

    page.get_by_test_id("language-select").select_option("it")
    expect(page.get_by_test_id("send-button")).to_have_text("Invia")
    _ask(page, ROUTER_IT)

    cited = page.get_by_test_id("message-assistant").filter(
        has=page.get_by_test_id("citation-button")
    )
    answer = cited.first
    expect(answer).to_be_visible(timeout=TIMEOUT_MS)
    expect(answer).to_have_attribute("data-state", "done", timeout=TIMEOUT_MS)
    assert answer.locator("p.answer").inner_text().strip(), "the assistant answer is empty"

    answer.get_by_test_id("citation-button").first.click()
    panel = page.get_by_test_id("citation-panel")
    expect(panel).to_be_visible(timeout=TIMEOUT_MS)
    title = panel.get_by_role("heading", level=2)
    expect(title).to_be_visible()
    assert title.inner_text().strip(), "the citation panel has no title"

    page.get_by_test_id("language-select").select_option("en")
    expect(page.get_by_test_id("send-button")).to_have_text("Send")
    _ask(page, CAPITAL_EN)
    ticket = page.get_by_test_id("ticket-button")
    expect(ticket).to_be_visible(timeout=TIMEOUT_MS)
    expect(ticket).to_have_text("Open a ticket")

    languages = {f.get("text"): f.get("language") for f in sent}
    assert languages.get(ROUTER_IT) == "it", sent
    assert languages.get(CAPITAL_EN) == "en", sent
    assert all(f.get("client_id") for f in sent), sent


def _transcript(page: Page) -> tuple[list[str], list[str]]:
    user_texts = page.get_by_test_id("message-user").locator("p").all_inner_texts()
    users = [t.strip() for t in user_texts]
    bots = [t.strip() for t in page.get_by_test_id("message-assistant").all_inner_texts()]
    return users, bots


def test_reload_restores_transcript_without_duplicates(page: Page, live_server: str) -> None:
    _open(page, live_server)
    page.get_by_test_id("language-select").select_option("it")
    session_id = page.evaluate("sessionStorage.getItem('frontdesk.session_id')")
    assert session_id, "no session id stored"

    _ask(page, ROUTER_IT)
    done = page.locator('[data-testid="message-assistant"][data-state="done"]')
    expect(done).to_have_count(1, timeout=TIMEOUT_MS)

    # Reload while the second answer may still be streaming (or even before its ack).
    _ask(page, CAPITAL_EN)
    page.reload(wait_until="domcontentloaded")
    _expect_connected(page)
    assert page.evaluate("sessionStorage.getItem('frontdesk.session_id')") == session_id

    expect(done).to_have_count(2, timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("message-user")).to_have_count(2)
    expect(page.get_by_test_id("message-assistant")).to_have_count(2)
    users, bots = _transcript(page)
    assert users == [ROUTER_IT, CAPITAL_EN]
    assert all(bots), bots

    # A reload after everything is done restores the very same transcript.
    page.reload(wait_until="domcontentloaded")
    _expect_connected(page)
    expect(page.get_by_test_id("message-user")).to_have_count(2, timeout=TIMEOUT_MS)
    expect(done).to_have_count(2, timeout=TIMEOUT_MS)
    page.wait_for_timeout(1000)  # give any (wrongly) replayed events a chance to show up
    assert _transcript(page) == (users, bots)
    last_seq = int(page.evaluate("sessionStorage.getItem('frontdesk.last_seq')") or 0)
    assert last_seq > 0
