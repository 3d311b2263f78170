"""Sphinx extension for this book: keep the HTML offline and free of console errors.

Jupyter Book 1 always loads sphinx-thebe. This book offers no thebe (live code
in the page); its readers use Colab or the static explorers. sphinx-thebe
writes its inline configuration, a ``const`` holding a CDN address, once per
read pass, so a page that Sphinx read twice declares the constant twice, a
SyntaxError in the console. This extension drops the thebe scripts from every
page.
"""


def _drop_thebe(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    context["script_files"] = [
        s for s in scripts
        if "sphinx-thebe" not in str(s) and "THEBE_JS_URL" not in str(getattr(s, "attributes", {}).get("body", ""))
    ]


def setup(app):
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
