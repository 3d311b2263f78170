"""The built book in a real Chromium: no JS errors, MathJax rendered, every static explorer reacts.

Every test runs on both editions: the book (``make book``) and the solution-free student
edition (``make book-student``). Needs both built and Debian's chromium (``make browser``
installs it). Screenshots of every page and explorer land in ``_build/screenshots/``
(the student edition's in ``_build/screenshots/student/``).
"""

import functools
import http.server
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
EDITIONS = {"book": HTML, "student": ROOT / "_build" / "student" / "_build" / "html"}
CHROMIUM = "/usr/bin/chromium"
CHAPTER_PAGES = [f"chapters/{p.name}" for p in sorted(HTML.glob("chapters/*.html"))]
PAGES = ["intro.html"] + CHAPTER_PAGES + ["instructors.html"]   # the instructor page is in the book only

# Console messages that are not errors of this book (documented in the closing note):
JS_ERROR_ALLOW_LIST: list[str] = []  # empty: every console error fails the test


@pytest.fixture(scope="module", params=list(EDITIONS))
def edition(request):
    return request.param


@pytest.fixture(scope="module")
def html(edition):
    if not (EDITIONS[edition] / "intro.html").exists():
        pytest.fail(f"the {edition} edition is not built: run `make book book-student` (make test does it first)")
    return EDITIONS[edition]


@pytest.fixture(scope="module")
def shots(edition):
    folder = ROOT / "_build" / "screenshots" / ("" if edition == "book" else edition)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def path(request, html):
    """The page under test; a page this edition does not have (the instructor page) is skipped."""
    if not (html / request.param).exists():
        if request.param == "instructors.html" and html != HTML:
            pytest.skip("the student edition has no instructor page")
        pytest.fail(f"{request.param} is missing from {html}")
    return request.param


@pytest.fixture(scope="module")
def server(html):
    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(html))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no browser at {CHROMIUM}: run `make browser` (make test does it first)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"],
        )
        yield chromium
        chromium.close()


def real_errors(errors):
    return [e for e in errors if not any(allowed in e for allowed in JS_ERROR_ALLOW_LIST)]


def open_page(browser, server, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, outside = [], []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith((server, "data:")) else None)
    page.goto(f"{server}/{path}", wait_until="networkidle")
    return page, errors, outside


@pytest.mark.parametrize("path", PAGES, indirect=True)
def test_page_loads_offline_without_errors_and_renders_maths(browser, server, path, shots):
    page, errors, outside = open_page(browser, server, path)
    page.wait_for_selector("mjx-container", state="attached", timeout=20_000)
    assert page.locator("mjx-container").count() > 0
    page.screenshot(path=str(shots / (Path(path).stem + ".png")), full_page=True)
    assert real_errors(errors) == [], real_errors(errors)
    assert outside == [], f"requests left the machine: {outside}"
    page.close()


@pytest.mark.parametrize("path", CHAPTER_PAGES, indirect=True)
def test_every_static_explorer_changes_its_frame(browser, server, path, shots):
    page, errors, _ = open_page(browser, server, path)
    explorers = page.locator(".convlib-explorer")
    assert explorers.count() >= 2
    for index in range(explorers.count()):
        explorer = explorers.nth(index)
        explorer.scroll_into_view_if_needed()
        frame = explorer.locator("img.cx-frame")
        for control_index in range(explorer.locator("[data-pos]").count()):
            control = explorer.locator("[data-pos]").nth(control_index)
            before_src, before_key = frame.get_attribute("src"), explorer.get_attribute("data-frame")
            if control.evaluate("el => el.tagName") == "SELECT":
                options = control.locator("option").count()
                current = int(control.input_value())
                control.select_option(str((current + 1) % options))
            else:  # a range slider, moved from the keyboard as a reader would
                control.focus()
                at_end = control.input_value() == control.get_attribute("max")
                control.press("ArrowLeft" if at_end else "ArrowRight")
            assert explorer.get_attribute("data-frame") != before_key, f"explorer {index} control {control_index}"
            assert frame.get_attribute("src") != before_src, f"explorer {index}: the frame did not change"
            if control.evaluate("el => el.type") == "range":
                label = control.evaluate("el => el.parentNode.querySelector('output').textContent")
                assert label == control.get_attribute("aria-valuetext")
        explorer.screenshot(path=str(shots / f"{Path(path).stem}-explorer{index + 1}.png"))
    assert real_errors(errors) == []
    page.close()


@pytest.mark.parametrize("path", CHAPTER_PAGES, indirect=True)
def test_colab_launch_link_targets_the_chapter_notebook(browser, server, path):
    page, _, _ = open_page(browser, server, path)
    links = page.locator("a[href*='colab.research.google.com']")
    assert links.count() >= 1
    href = links.first.get_attribute("href")
    assert href.endswith(f"/blob/main/notebooks/{Path(path).stem}.ipynb"), href
    page.close()


def test_solutions_stay_hidden_until_clicked(browser, server, edition):
    """In the book a click shows a solution; the student edition has none to click, and still its exercises."""
    page, _, _ = open_page(browser, server, "chapters/01_convolution_1d.html")
    if edition == "student":
        assert page.locator(".solution").count() == 0 and page.locator(".exercise").count() >= 3
        page.close()
        return
    solution = page.locator(".solution.dropdown").first
    body = solution.locator("#solution-content")
    assert not body.is_visible()
    solution.locator("button.toggle-button").click()
    body.wait_for(state="visible", timeout=5_000)
    assert "strict=True" in body.inner_text()
    page.close()


def open_phone(browser, server, path):
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                            has_touch=True)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{server}/{path}", wait_until="networkidle")
    return page, errors


@pytest.mark.parametrize("path", PAGES, indirect=True)
def test_on_a_phone_the_navigation_opens_and_nothing_overflows_sideways(browser, server, path, shots):
    page, errors = open_phone(browser, server, path)
    sidebar = page.locator(".bd-sidebar-primary")
    assert not sidebar.is_visible() or sidebar.bounding_box()["x"] < -100, "the navigation starts folded away"
    page.locator("button.primary-toggle").first.click()
    page.wait_for_timeout(600)
    box = sidebar.bounding_box()
    assert sidebar.is_visible() and box["x"] >= -1 and box["width"] > 200, f"the navigation did not open: {box}"
    assert page.locator(".bd-sidebar-primary a.reference").first.is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px"
    page.screenshot(path=str(shots / f"phone-nav-{Path(path).stem}.png"))
    assert real_errors(errors) == []
    page.close()


@pytest.mark.parametrize("path", PAGES, indirect=True)
def test_on_a_phone_no_formula_is_cut_off(browser, server, path):
    """Maths cannot wrap: a formula wider than the text column loses its end (its result) on a phone."""
    page, _ = open_phone(browser, server, path)
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=20000)
    page.evaluate("() => MathJax.startup.promise")
    cut = page.evaluate("""() => [...document.querySelectorAll('article mjx-container')].filter(m => {
        if (m.closest('table, .pst-scrollable-table-container')) return false;   // tables scroll sideways
        const r = m.getBoundingClientRect();
        if (r.width === 0) return false;
        const column = m.closest('article').getBoundingClientRect();
        const box = m.closest('mjx-container[display="true"]') ? m.parentElement.getBoundingClientRect() : column;
        const scrolls = m.parentElement && m.parentElement.scrollWidth > m.parentElement.clientWidth
                        && getComputedStyle(m.parentElement).overflowX === 'auto';
        return r.right > Math.min(box.right, column.right) + 1 && !scrolls;
    }).map(m => m.textContent.slice(0, 60))""")
    page.close()
    assert cut == [], f"formulas cut off at 390 px (write them as display maths, or shorter): {cut}"


@pytest.mark.parametrize("path", CHAPTER_PAGES, indirect=True)
def test_frames_are_sharp_and_phones_see_one_readable_panel_at_a_time(browser, server, path, shots):
    page, _, _ = open_page(browser, server, path)
    for index in range(page.locator(".convlib-explorer").count()):
        frame = page.locator(".convlib-explorer").nth(index).locator("img.cx-frame")
        natural, shown = frame.evaluate("el => [el.naturalWidth, el.getBoundingClientRect().width]")
        assert natural >= 1.5 * shown - 1, f"explorer {index}: {natural} px shown at {shown} px"
    page.close()
    phone, errors = open_phone(browser, server, path)
    for index in range(phone.locator(".convlib-explorer").count()):
        explorer = phone.locator(".convlib-explorer").nth(index)
        crops = explorer.locator(".cx-crop img")
        if crops.count():  # a frame of several panels: each is shown on its own, as large as on a desktop
            assert not explorer.locator("img.cx-frame").is_visible()
            scales = crops.evaluate_all("""els => els.map(e => {
                const box = e.parentNode.getBoundingClientRect().width, room = e.parentNode.parentNode.clientWidth;
                const cropPixels = e.naturalWidth * box / e.getBoundingClientRect().width;
                return Math.min(1, box / Math.min(room, cropPixels / 1.5)); })""")
            assert min(scales) > 0.97, f"explorer {index}: panels shrunk to {scales} of their desktop size"
        else:  # one column of stacked plots: shown at its desktop size, scrolling sideways inside its box
            frame = explorer.locator("img.cx-frame")
            natural, shown = frame.evaluate("el => [el.naturalWidth, el.getBoundingClientRect().width]")
            assert shown >= natural / 1.5 - 1, f"explorer {index}: {natural} px shown at {shown} px on a phone"
        explorer.screenshot(path=str(shots / f"phone-{Path(path).stem}-explorer{index + 1}.png"))
    rows = phone.locator(".convlib-explorer label").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().top))")
    assert len(rows) == len(set(rows)), "on a phone every control has a row of its own"
    assert real_errors(errors) == []
    phone.close()


def test_a_slider_does_not_move_under_the_finger(browser, server):
    page, _ = open_phone(browser, server, "chapters/02_convolution_2d.html")
    slider = page.locator(".convlib-explorer input[type=range]").first
    slider.scroll_into_view_if_needed()
    before = slider.bounding_box()
    for _ in range(int(slider.get_attribute("max"))):
        slider.focus()
        slider.press("ArrowRight")
        after = slider.bounding_box()
        assert abs(after["x"] - before["x"]) < 1 and abs(after["y"] - before["y"]) < 1
    page.close()


def test_on_a_phone_the_controls_stay_on_screen_while_the_frame_scrolls_by(browser, server):
    page, _ = open_phone(browser, server, "chapters/02_convolution_2d.html")
    explorer = page.locator(".convlib-explorer:not(.convlib-figure)").first
    explorer.scroll_into_view_if_needed()
    page.evaluate("() => document.querySelector('.convlib-explorer:not(.convlib-figure)').scrollIntoView()")
    page.mouse.move(200, 400)
    page.mouse.wheel(0, min(500, explorer.bounding_box()["height"] / 2))
    page.wait_for_timeout(400)
    controls = page.locator(".convlib-explorer:not(.convlib-figure) .cx-controls").first.bounding_box()
    page.close()
    assert controls["y"] >= 0, f"the controls scrolled away with the frame (top at {controls['y']:.0f} px)"


def test_the_2d_step_through_writes_the_sum_of_the_products(browser, server):
    page, _, _ = open_page(browser, server, "chapters/02_convolution_2d.html")
    step = page.locator(".convlib-explorer", has_text="Slide the kernel over the image")
    frame = step.locator("img.cx-frame")
    slider, operation = step.locator("input[type=range]"), step.locator("select")
    assert "products sum = " in frame.get_attribute("alt") and "y[1, 1] = " in frame.get_attribute("alt")
    slider.focus()
    slider.press("ArrowRight")
    assert "convolve output y[1, 2] = " in frame.get_attribute("alt")
    operation.select_option(label="correlate")
    assert "correlate output y[1, 2] = " in frame.get_attribute("alt")
    page.close()


@pytest.mark.parametrize("path", PAGES, indirect=True)
def test_page_weight_stays_within_budget(browser, server, path, html):
    """Bytes a reader downloads, gzipped as a server would send them: intro <= 1 MB, a chapter <= 3 MB."""
    import gzip
    from urllib.parse import unquote, urlparse

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    urls = set()
    page.on("request", lambda req: urls.add(req.url))
    page.goto(f"{server}/{path}", wait_until="networkidle")
    page.wait_for_timeout(500)
    files = [html / unquote(urlparse(u).path).lstrip("/") for u in urls if u.startswith(server)]
    total = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files if f.is_file())
    budget = 1_000_000 if path == "intro.html" else 3_000_000
    assert total <= budget, f"{path} loads {total / 1e6:.2f} MB gzipped; the budget is {budget / 1e6:g} MB"
    page.close()


@pytest.mark.parametrize("path", ["intro.html", "search.html"], indirect=True)
def test_one_search_field_on_a_desktop(browser, server, path):
    page, _, _ = open_page(browser, server, path)
    fields = page.locator(".search-button-field, .article-header-buttons .search-button, .bd-search-container form")
    visible = [i for i in range(fields.count()) if fields.nth(i).is_visible()]
    assert len(visible) == 1, f"{len(visible)} search fields visible on {path}"
    page.close()
