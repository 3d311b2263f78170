"""Sphinx extension for this book: offline pages, and a Colab button that opens the student notebook.

* Jupyter Book 1 always loads sphinx-thebe. This book offers no thebe (live
  code in the page); its readers use Colab or the static explorers.
  sphinx-thebe writes its inline configuration, a ``const`` holding a CDN
  address, once per read pass, so a page that Sphinx read twice declares the
  constant twice, a SyntaxError in the console. The thebe scripts are dropped.
* The theme loads Font Awesome twice: as webfonts with their CSS, and as a
  1.5 MB script (540 KB gzipped) that redraws the same icons as SVG. The CSS
  is enough, so the script tags are removed from the built pages.
* The download menu offers the page's source notebook, with its solutions and
  raw MyST: that entry is removed (the .pdf print stays).
* The theme's Colab button opens the page's source, ``chapters/NN.ipynb``,
  which holds the solutions and MyST that Colab shows raw. It is pointed at
  the generated student notebook, ``notebooks/NN.ipynb``, instead.
* The instructor page (``instructors.md``) holds a placeholder, a
  ``{instructor-guide}`` fence, which is replaced when the page is read by the
  chapters' objectives, times and exercise tables, generated from ``_toc.yml``
  and the notebooks (``convlib.course.instructor``). The page is read again
  whenever a chapter notebook or the table of contents changes.
"""

import re


def _drop_thebe(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    context["script_files"] = [
        s for s in scripts
        if "sphinx-thebe" not in str(s) and "THEBE_JS_URL" not in str(getattr(s, "attributes", {}).get("body", ""))
    ]


def _colab_opens_student_notebook(app, pagename, templatename, context, doctree):
    # the download menu's .ipynb is the chapter's source, solutions and raw MyST included: not for readers
    for group in context.get("header_buttons", []):
        if isinstance(group, dict) and group.get("label") == "download-buttons":
            group["buttons"] = [b for b in group.get("buttons", [])
                                if b.get("label") not in ("download-notebook-button", "download-source-button")]
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []) if isinstance(group, dict) else []:
            url = button.get("url", "")
            if "colab.research.google.com" in url:
                button["url"] = re.sub(r"/chapters/([^/]+\.ipynb)$", r"/notebooks/\1", url)
                button["tooltip"] = "Open the student notebook in Colab"


_FONTAWESOME_JS = re.compile(r'<(?:script|link)[^>]*vendor/fontawesome/[^"]*/js/all\.min\.js[^>]*>(?:</script>)?\s*')


def _drop_fontawesome_js(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    from pathlib import Path

    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        lean = _FONTAWESOME_JS.sub("", text)
        if lean != text:
            page.write_text(lean, encoding="utf-8")


GUIDE_MARK = re.compile(r"^```\{instructor-guide\}\n```$", re.M)


def _instructor_guide(app, docname, source):
    if not GUIDE_MARK.search(source[0]):
        return
    from pathlib import Path

    from convlib.course.instructor import chapter_references, guide_markdown, toc_chapters

    root = Path(app.srcdir)
    for path in [root / "_toc.yml", *toc_chapters(root)]:
        app.env.note_dependency(str(path))
    source[0] = GUIDE_MARK.sub(lambda _: guide_markdown(root, heading="###"), chapter_references(source[0], root))


def setup(app):
    app.connect("source-read", _instructor_guide)
    app.connect("build-finished", _drop_fontawesome_js)
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _colab_opens_student_notebook, priority=600)  # after the theme's (501)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
