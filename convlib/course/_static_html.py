"""The static form of an explorer: frames rendered in advance, real HTML controls, a few lines of JS.

* Frames are WebP at :data:`~.plotting._figure.DPI`, shown at most 1/1.5 of
  their pixel width, so they stay sharp on high-density screens.
* **On a phone** (a page narrower than 641 px) each panel of the frame is
  shown on its own, stacked, at a size where its labels can be read. The
  panels are cut from the same frame (their columns are measured when the
  frame is drawn), so phones cost no extra bytes and no extra frames. A frame
  of one column (stacked plots) keeps its readable size and scrolls sideways.
  The controls stick to the top of the screen while the reader scrolls down
  to the panel that changes.
* Each value label has a fixed width, so a slider never moves under the
  finger; on a phone every control has a row of its own.
* Identical frames are stored once. Nothing loads from a CDN.

Used in: every explorer of the book (through :meth:`.Explorer.static_html`).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json

from . import plotting

NARROW = 640  # px: at or below this width, the panels stack


def render_frames(explorer, fmt: str, quality: int, dpi: float) -> dict:
    """Every combination, rendered: {'urls', 'alts', 'sizes', 'cols', 'keys'} (see the module docstring)."""
    saved = dict(explorer.values)
    urls, alts, sizes, cols, keys, seen = [], [], [], [], {}, {}
    for combo in explorer.combinations():
        data = explorer.update(fmt=fmt, quality=quality, dpi=dpi, lossless_too=True, relayout="always",
                               **explorer.values_at(combo))
        url = f"data:image/{fmt};base64," + base64.b64encode(data).decode("ascii")
        if url not in seen:
            seen[url] = len(urls)
            urls.append(url)
            alts.append(explorer.alt_text())
            width, height = explorer.figure.canvas.get_width_height()
            sizes.append([width, height])
            cols.append(plotting.panel_columns(explorer.figure))
        keys[",".join(map(str, combo))] = seen[url]
    explorer.values = saved
    return {"urls": urls, "alts": alts, "sizes": sizes, "cols": cols, "keys": keys}


def _control_html(uid: str, position: int, control) -> str:
    label_id = f"{uid}-{position}"
    name = html.escape(control.name)
    if control.kind == "slider":
        width = max(len(label) for label in control.labels)
        current = html.escape(control.labels[control.start])
        return (f'<label for="{label_id}"><span class="cx-name">{name}</span> <input id="{label_id}" type="range" '
                f'min="0" max="{len(control.values) - 1}" step="1" value="{control.start}" data-pos="{position}" '
                f'aria-valuetext="{current}"> <output aria-live="polite" style="min-width:{width + 1}ch">'
                f"{current}</output></label>")
    options = "".join(f'<option value="{i}"{" selected" if i == control.start else ""}>{html.escape(lab)}</option>'
                      for i, lab in enumerate(control.labels))
    return (f'<label for="{label_id}"><span class="cx-name">{name}</span> '
            f'<select id="{label_id}" data-pos="{position}">{options}</select></label>')


def static_html(explorer, frames: dict) -> str:
    """One self-contained HTML block for ``explorer`` from its rendered ``frames``."""
    spec = json.dumps([[c.name, c.labels] for c in explorer.controls])
    uid = "cx-" + hashlib.sha1((explorer.title + spec + str(len(frames["urls"]))).encode()).hexdigest()[:10]
    start = ",".join(str(c.start) for c in explorer.controls)
    first = frames["keys"][start]
    shown = round(frames["sizes"][first][0] / 1.5)
    parts = [f'<div class="convlib-explorer" id="{uid}" data-frame="{start}">', _STYLE]
    if explorer.title:
        parts.append(f'<div class="cx-title">{html.escape(explorer.title)}</div>')
    parts.append('<div class="cx-controls">')
    parts.extend(_control_html(uid, i, c) for i, c in enumerate(explorer.controls))
    parts.append("</div>")
    if explorer.upload:
        parts.append('<div class="cx-note">Open this chapter in Colab or Jupyter (the rocket icon at the top) '
                     "to add your own image.</div>")
    parts.append(f'<div class="cx-scroll"><img class="cx-frame" alt="{html.escape(frames["alts"][first])}" '
                 f'src="{frames["urls"][first]}" width="{frames["sizes"][first][0]}" '
                 f'height="{frames["sizes"][first][1]}" style="max-width:min(100%, {shown}px)"></div>')
    parts.append('<div class="cx-crops" hidden></div>')
    payload = {"labels": [c.labels for c in explorer.controls], **frames}
    parts.append(f'<script type="application/json" class="cx-data">{json.dumps(payload)}</script>')
    parts.append(_SCRIPT.replace("UID", uid).replace("NARROW", str(NARROW)))
    parts.append("</div>")
    return "".join(parts)


def figure_html(fig) -> str:
    """A single figure as the book shows it: sharp, and one panel at a time on a phone."""
    data = plotting.figure_bytes(fig, fmt="webp", lossless_too=True)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    frames = {"urls": ["data:image/webp;base64," + base64.b64encode(data).decode("ascii")],
              "alts": ["Figure. Panels: " + "; ".join(titles) if titles else "Figure"],
              "sizes": [list(fig.canvas.get_width_height())], "cols": [plotting.panel_columns(fig)], "keys": {"": 0}}
    uid = "cf-" + hashlib.sha1(frames["urls"][0].encode()).hexdigest()[:10]
    shown = round(frames["sizes"][0][0] / 1.5)
    return "".join([f'<div class="convlib-explorer convlib-figure" id="{uid}" data-frame="">', _STYLE,
                    f'<div class="cx-scroll"><img class="cx-frame" alt="{html.escape(frames["alts"][0])}" '
                    f'src="{frames["urls"][0]}" width="{frames["sizes"][0][0]}" height="{frames["sizes"][0][1]}" '
                    f'style="max-width:min(100%, {shown}px)"></div>',
                    '<div class="cx-crops" hidden></div>',
                    f'<script type="application/json" class="cx-data">{json.dumps({"labels": [], **frames})}</script>',
                    _SCRIPT.replace("UID", uid).replace("NARROW", str(NARROW)), "</div>"])


_STYLE = """<style>
.convlib-explorer{border:1px solid #ccd;border-radius:6px;padding:8px 10px;margin:.5em 0;background:#fff;color:#222;
 max-width:100%;box-sizing:border-box}
.convlib-explorer.convlib-figure{border:none;padding:0}
.convlib-explorer .cx-title{font-weight:600;margin-bottom:4px}
.convlib-explorer .cx-controls{display:flex;flex-wrap:wrap;gap:6px 22px;align-items:center;font-size:.9em}
.convlib-explorer .cx-controls label{display:inline-flex;align-items:center;gap:6px;white-space:nowrap;margin:0}
.convlib-explorer .cx-controls output{display:inline-block;font-family:monospace}
.convlib-explorer .cx-controls select{max-width:100%;color:#222;background:#fff}
.convlib-explorer .cx-note{font-size:.8em;color:#555;margin-top:2px}
.convlib-explorer img.cx-frame{display:block;width:100%;height:auto;margin-top:6px}
.convlib-explorer img{filter:none!important;background:#fff!important;border-radius:0!important}
.convlib-explorer .cx-crop{overflow:hidden;margin:8px auto 0}
.convlib-explorer .cx-crop img{display:block;max-width:none;height:auto}
.convlib-explorer .cx-scroll{overflow-x:auto}
@media (max-width:NARROWpx){.convlib-explorer .cx-controls label{flex:1 1 100%}
 .convlib-explorer .cx-controls{position:sticky;top:var(--pst-header-height,0px);z-index:5;background:#fff;
  padding:4px 0;border-bottom:1px solid #dde}
 .convlib-explorer .cx-controls input[type=range]{flex:1 1 auto;min-width:0}
 .convlib-explorer .cx-controls select{flex:1 1 auto;min-width:0}}
</style>""".replace("NARROW", str(NARROW))

_SCRIPT = """<script>(function(){
var root=document.getElementById("UID");if(!root)return;
var data=JSON.parse(root.querySelector("script.cx-data").textContent);
var img=root.querySelector("img.cx-frame"),crops=root.querySelector(".cx-crops");
var inputs=Array.prototype.slice.call(root.querySelectorAll("[data-pos]"));
var narrow=window.matchMedia("(max-width:NARROWpx)");
function phone(i){
  var cols=data.cols[i],size=data.sizes[i];
  /* one column (stacked plots): on a phone, keep it at a readable size and let it scroll sideways */
  img.style.width=(narrow.matches&&cols.length<2)?Math.round(size[0]/1.5)+"px":"";
  img.style.maxWidth=(narrow.matches&&cols.length<2)?"none":"min(100%, "+Math.round(size[0]/1.5)+"px)";
  if(!narrow.matches||cols.length<2){img.hidden=false;crops.hidden=true;return;}
  img.hidden=true;crops.hidden=false;
  while(crops.children.length>cols.length)crops.removeChild(crops.lastChild);
  cols.forEach(function(c,k){
    var box=crops.children[k];
    if(!box){box=document.createElement("div");box.className="cx-crop";box.appendChild(document.createElement("img"));
      crops.appendChild(box);}
    var w=c[1]-c[0],px=w*size[0],part=box.firstChild;
    box.style.maxWidth=Math.round(px/1.5)+"px";box.style.aspectRatio=px+" / "+size[1];
    part.src=data.urls[i];part.style.width=(100/w)+"%";part.style.marginLeft=(-100*c[0]/w)+"%";
    part.alt="panel "+(k+1)+" of "+cols.length+". "+data.alts[i];
  });
}
function refresh(){
  var key=inputs.map(function(el){return el.value;}).join(",");
  inputs.forEach(function(el){
    var label=data.labels[+el.getAttribute("data-pos")][+el.value];
    if(el.type==="range"){el.setAttribute("aria-valuetext",label);
      var out=el.parentNode.querySelector("output");if(out)out.textContent=label;}
  });
  var i=data.keys[key];
  if(i!==undefined){if(img.src!==data.urls[i])img.src=data.urls[i];img.alt=data.alts[i];phone(i);}
  root.setAttribute("data-frame",key);
}
inputs.forEach(function(el){el.addEventListener("input",refresh);el.addEventListener("change",refresh);});
if(narrow.addEventListener)narrow.addEventListener("change",refresh);
refresh();
})();</script>"""
