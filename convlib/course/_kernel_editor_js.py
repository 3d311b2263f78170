"""The static kernel editor's style and script: vanilla JavaScript, inlined in the page, nothing from a CDN.

Kept in a Python module (not a ``.js`` file) so that ``pip install`` ships it
without package-data settings. :mod:`.kernel_editor` fills in the data (the
image as a PNG, the presets, and the colour rule's constants, taken from
:mod:`.plotting._figure` so that Python and JavaScript decide alike).

The JavaScript mirrors ``convlib.correlate2d(image, k, mode="same",
boundary=...)`` (and ``convolve2d``: the same with the kernel turned by 180°,
with the window starting ``P // 2`` rows above the pixel, against
``(P - 1) // 2`` to correlate: scipy's 'same' centre for an even size), and
:func:`.plotting._figure.kernel_kind` / :func:`.plotting._figure.limits` for
the colours. ``tests/test_kernel_editor_browser.py`` checks both against
Python in Chromium.

Used in: :func:`convlib.course.kernel_editor.kernel_editor`.
"""

STYLE = """<style>
.convlib-kernel-editor{border:1px solid #ccd;border-radius:6px;padding:8px 10px;margin:.5em 0;background:#fff;
 color:#222;max-width:100%;box-sizing:border-box;font-size:.95em}
.convlib-kernel-editor *{box-sizing:border-box}
.convlib-kernel-editor .ke-title{font-weight:600;margin-bottom:6px}
.convlib-kernel-editor .ke-controls{display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center;margin-bottom:8px}
.convlib-kernel-editor .ke-controls label{display:inline-flex;align-items:center;gap:6px;margin:0;white-space:nowrap}
.convlib-kernel-editor select,.convlib-kernel-editor button{font-size:16px;color:#222;background:#fff;
 border:1px solid #99a;border-radius:4px;min-height:36px;max-width:100%}
.convlib-kernel-editor .ke-top{display:flex;flex-wrap:wrap;gap:10px 18px;align-items:flex-start}
.convlib-kernel-editor .ke-grid{display:grid;gap:3px;width:max-content;max-width:100%}
.convlib-kernel-editor .ke-grid input{width:100%;min-width:0;height:40px;font:16px/1 monospace;text-align:center;
 text-overflow:clip;
 padding:0 2px;border:1px solid #99a;border-radius:3px;color:#111;background:#fff}
.convlib-kernel-editor .ke-grid input.ke-bad{outline:3px solid #b00020;outline-offset:-1px;background:#fde!important}
.convlib-kernel-editor .ke-side{flex:1 1 220px;min-width:0;font-size:.9em}
.convlib-kernel-editor .ke-msg{color:#b00020;min-height:1.2em}
.convlib-kernel-editor .ke-panels{display:flex;flex-wrap:wrap;gap:10px 16px;margin-top:8px}
.convlib-kernel-editor figure{margin:0!important;padding:0!important;flex:1 1 140px;max-width:360px;min-width:0}
.convlib-kernel-editor figcaption{font-size:.85em;margin:0 0 3px!important;padding:0!important;min-height:2.4em;
 text-align:left!important;color:#222!important}
.convlib-kernel-editor .ke-box{position:relative;overflow:hidden;line-height:0}
.convlib-kernel-editor canvas.ke-canvas{width:100%;height:auto;display:block;image-rendering:pixelated;
 filter:none!important}
.convlib-kernel-editor canvas.ke-result{cursor:crosshair;touch-action:pinch-zoom}
.convlib-kernel-editor canvas.ke-result:focus-visible{outline:3px solid #ffd400;outline-offset:-3px}
.convlib-kernel-editor .ke-mark{position:absolute;border:2px solid #ffd400;box-shadow:0 0 0 1px #000;
 pointer-events:none}
.convlib-kernel-editor .ke-legend{font-size:.8em;line-height:1.3;margin-top:4px}
.convlib-kernel-editor .ke-legend canvas{width:100%;height:10px;display:block;border:1px solid #99a}
.convlib-kernel-editor .ke-ticks{display:flex;justify-content:space-between}
.convlib-kernel-editor .ke-readout{margin-top:8px;font-size:.85em;overflow-x:auto}
.convlib-kernel-editor .ke-tables{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center}
.convlib-kernel-editor .ke-tables table{border-collapse:collapse;margin:0}
.convlib-kernel-editor .ke-tables td{border:1px solid #ccd;padding:1px 3px;font:11px/1.3 monospace;text-align:right;
 min-width:2.6em;color:#111;background:#fff}
.convlib-kernel-editor .ke-tables caption{caption-side:top;font-size:11px;text-align:left;padding:0 0 2px;color:#444}
.convlib-kernel-editor .ke-sum{font-family:monospace;margin-top:4px}
.convlib-kernel-editor .ke-note{font-size:.8em;color:#555;margin-top:6px}
.convlib-kernel-editor code{color:#222!important;background:#f1f1f4!important;border:none!important}
</style>"""

SCRIPT = r"""<script>(function(){
"use strict";
var root=document.getElementById("UID");if(!root)return;
var D=JSON.parse(root.querySelector("script.ke-data").textContent);
var q=function(s){return root.querySelector(s);};
var gridEl=q(".ke-grid"),msg=q(".ke-msg"),sizeSel=q(".ke-size"),presetSel=q(".ke-preset"),
 opSel=q(".ke-op"),bndSel=q(".ke-boundary"),fileIn=q(".ke-file"),photoBtn=q(".ke-photo");
var inCv=q("canvas.ke-input"),outCv=q("canvas.ke-result"),barCv=q(".ke-legend canvas");
var winMark=q(".ke-window"),pixMark=q(".ke-pixel"),readout=q(".ke-readout"),caption=q(".ke-result-caption"),
 ticks=q(".ke-ticks"),legendText=q(".ke-legend-text"),kindText=q(".ke-kind");
var R=D.rule,DIV=(function(s){var b=atob(s),a=new Uint8Array(b.length);for(var i=0;i<b.length;i++)a[i]=b.charCodeAt(i);
 return a;})(D.diverging);
function hex(c){return [parseInt(c.slice(1,3),16),parseInt(c.slice(3,5),16),parseInt(c.slice(5,7),16)];}
var UNDER=hex(D.under),OVER=hex(D.over);
var img=null,imgName=D.imageName;          /* {height,width,values: Float64Array in [0,1]} */
var kernel=null,size=D.size,op=D.op,boundary=D.boundary; /* kernel: last valid, Float64Array size*size */
var result=null,display=null,hovered=null,cellMsg="",imageMsg="";
function say(){msg.textContent=[cellMsg,imageMsg].filter(Boolean).join(" ");}
/* ---- numbers ---- */
var NUM=/^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;
function parseCell(text){
  var parts=String(text).split("/");
  if(parts.length>2)return null;
  for(var i=0;i<parts.length;i++)if(!NUM.test(parts[i]))return null;
  var v=Number(parts[0]);if(parts.length===2)v=v/Number(parts[1]);
  return isFinite(v)?v:null;      /* NaN and infinities (1e999, 1/0) are refused */
}
function fmt(v,digits){
  if(!isFinite(v))return String(v);
  var a=Math.abs(v),p=Math.pow(10,digits||4);
  if(a!==0&&(a<1e-3||a>=1e4))return v.toExponential(2);
  return (Math.round(v*p)/p).toString();
}
/* ---- the engine: convlib.correlate2d / convolve2d, mode 'same' ---- */
function source(i,n,mode){         /* where index i (maybe outside 0..n-1) reads from, or -1 for 'fill' */
  if(i>=0&&i<n)return i;
  if(mode==="fill")return -1;
  if(mode==="wrap")return ((i%n)+n)%n;
  var p=2*n,j=((i%p)+p)%p;return j<n?j:p-1-j;   /* symm: b a | a b c d | d c */
}
function offset(P){return op==="convolve"?Math.floor(P/2):Math.floor((P-1)/2);}  /* scipy's 'same' centre */
function applied(k,P,Q){          /* the kernel as it is applied to the window: turned by 180 deg to convolve */
  if(op==="correlate")return k;
  var f=new Float64Array(P*Q);for(var i=0;i<P*Q;i++)f[i]=k[P*Q-1-i];return f;
}
function compute(){
  var H=img.height,W=img.width,P=size,Q=size,r0=offset(P),c0=offset(Q);
  var EH=H+P-1,EW=W+Q-1,ext=new Float64Array(EH*EW),x=img.values,k=applied(kernel,P,Q);
  var rows=new Int32Array(EH),cols=new Int32Array(EW),r,c,i,j;
  for(r=0;r<EH;r++)rows[r]=source(r-r0,H,boundary);
  for(c=0;c<EW;c++)cols[c]=source(c-c0,W,boundary);
  for(r=0;r<EH;r++){var sr=rows[r];if(sr<0)continue;
    for(c=0;c<EW;c++){var sc=cols[c];if(sc>=0)ext[r*EW+c]=x[sr*W+sc];}}
  var out=new Float64Array(H*W);
  for(i=0;i<P;i++)for(j=0;j<Q;j++){
    var w=k[i*Q+j];if(w===0)continue;
    for(r=0;r<H;r++){var e=(r+i)*EW+j,o=r*W;
      for(c=0;c<W;c++)out[o+c]+=w*ext[e+c];}}
  return out;
}
function explain(r,c){           /* the window, the kernel as applied, the products and their sum */
  var H=img.height,W=img.width,P=size,Q=size,k=applied(kernel,P,Q),win=[],prod=[],sum=0;
  for(var i=0;i<P;i++)for(var j=0;j<Q;j++){
    var sr=source(r+i-offset(P),H,boundary),sc=source(c+j-offset(Q),W,boundary);
    var v=(sr<0||sc<0)?0:img.values[sr*W+sc];win.push(v);prod.push(v*k[i*Q+j]);}
  /* summed in the engine's order (tap by tap), so the sum is the pixel's value to the last bit */
  for(var t=0;t<P*Q;t++)if(k[t]!==0)sum+=prod[t];
  return {window:win,kernel:Array.prototype.slice.call(k),products:prod,sum:sum};
}
/* ---- colours: the book's rule (plotting._figure.kernel_kind and limits), constants from Python ---- */
function kernelKind(k){
  var s=0,a=0;for(var i=0;i<k.length;i++){s+=k[i];a+=Math.abs(k[i]);}
  return s<=R.sumShare*a?"signed":"brightness";
}
function select(a,k){             /* the k-th smallest of a (reordered in place): quickselect, O(n) */
  var lo=0,hi=a.length-1;
  while(hi>lo){
    var pivot=a[(lo+hi)>>1],i=lo,j=hi;
    while(i<=j){while(a[i]<pivot)i++;while(a[j]>pivot)j--;if(i<=j){var t=a[i];a[i]=a[j];a[j]=t;i++;j--;}}
    if(k<=j)hi=j;else if(k>=i)lo=i;else return a[k];
  }
  return a[k];
}
function limitsOf(v,kind){
  var n=0,lo=Infinity,hi=-Infinity,i;
  for(i=0;i<v.length;i++)if(isFinite(v[i])){n++;if(v[i]<lo)lo=v[i];if(v[i]>hi)hi=v[i];}
  if(n===0)return kind==="signed"?[-1,1,false,NaN,NaN]:[0,1,false,NaN,NaN];
  if(kind==="signed"){
    var mag=new Float64Array(n),t=0;for(i=0;i<v.length;i++)if(isFinite(v[i]))mag[t++]=Math.abs(v[i]);
    var peak=Math.max(Math.abs(lo),Math.abs(hi))||1,bound=peak;
    if(n>R.robustMinSize){var pos=R.robust/100*(n-1),a=Math.floor(pos),f=pos-a,m0=select(mag,a),m1=m0;
      for(i=a+1;i<n;i++)if(i===a+1||mag[i]<m1)m1=mag[i];   /* the next order statistic: the least above a */
      bound=a+1<n?m0+(m1-m0)*f:m0;}       /* numpy.percentile's linear interpolation */
    if(!(bound>R.keepFraction*peak))bound=peak;
    return [-bound,bound,bound<peak,lo,hi];
  }
  return [0,1,lo<-R.rounding||hi>1+R.rounding,lo,hi];
}
function paint(cv,values,H,W,kind,low,high){
  if(cv.width!==W)cv.width=W;if(cv.height!==H)cv.height=H;
  var ctx=cv.getContext("2d"),im=cv._im&&cv._im.width===W&&cv._im.height===H?cv._im:(cv._im=ctx.createImageData(W,H));
  var px=im.data,span=high-low;
  for(var p=0,o=0;p<values.length;p++,o+=4){
    var v=values[p],rgb;
    if(kind==="signed"){var t=(v-low)/span,ix=t>=1?255:t<=0?0:Math.floor(t*256);if(ix>255)ix=255;
      px[o]=DIV[3*ix];px[o+1]=DIV[3*ix+1];px[o+2]=DIV[3*ix+2];}
    else if(kind==="brightness"&&v<-R.rounding){rgb=UNDER;px[o]=rgb[0];px[o+1]=rgb[1];px[o+2]=rgb[2];}
    else if(kind==="brightness"&&v>1+R.rounding){rgb=OVER;px[o]=rgb[0];px[o+1]=rgb[1];px[o+2]=rgb[2];}
    else{var g=Math.floor(Math.min(Math.max(v,0),1)*256);if(g>255)g=255;px[o]=px[o+1]=px[o+2]=g;}
    px[o+3]=255;}
  ctx.putImageData(im,0,0);
}
function legend(kind,lim){
  if(barCv._kind===kind)return legendText2(kind,lim);
  barCv._kind=kind;var ctx=barCv.getContext("2d");if(barCv.width!==256){barCv.width=256;barCv.height=1;}
  var im=ctx.createImageData(256,1);
  for(var i=0;i<256;i++){if(kind==="signed"){im.data[4*i]=DIV[3*i];im.data[4*i+1]=DIV[3*i+1];im.data[4*i+2]=DIV[3*i+2];}
    else{im.data[4*i]=im.data[4*i+1]=im.data[4*i+2]=i;}im.data[4*i+3]=255;}
  ctx.putImageData(im,0,0);
  legendText2(kind,lim);
}
function legendText2(kind,lim){
  var range="range "+fmt(lim[3])+" to "+fmt(lim[4]);
  if(kind==="signed"){
    ticks.innerHTML="<span>"+fmt(lim[0])+"</span><span>0</span><span>"+fmt(lim[1])+"</span>";
    legendText.textContent="red-blue, centred at 0 (white)"+(lim[2]?"; the few values beyond ±"+fmt(lim[1])+
      " are drawn at full colour":"")+". Real "+range+".";
  }else{
    ticks.innerHTML="<span>0 (black)</span><span>1 (white)</span>";
    legendText.textContent="brightness, gray on [0, 1]"+(lim[2]?"; blue below 0, red above 1":"")+". Real "+range+".";
  }
}
/* ---- the kernel grid ---- */
function cells(){return Array.prototype.slice.call(gridEl.querySelectorAll("input"));}
function tint(el,v,m){
  if(v===null||m===0){el.style.background="";return;}
  var t=Math.max(-1,Math.min(1,v/m)),ix=Math.min(255,Math.floor((t+1)/2*256)),a=0.4*Math.abs(t);
  el.style.background="rgba("+DIV[3*ix]+","+DIV[3*ix+1]+","+DIV[3*ix+2]+","+a.toFixed(2)+")";
}
function buildGrid(n,texts){
  gridEl.innerHTML="";gridEl.style.gridTemplateColumns="repeat("+n+",minmax(0,"+(n>5?"4.4em":"3.6em")+"))";
  for(var i=0;i<n;i++)for(var j=0;j<n;j++){
    var el=document.createElement("input");el.type="text";el.setAttribute("autocomplete","off");
    el.setAttribute("spellcheck","false");el.setAttribute("data-row",i);el.setAttribute("data-col",j);
    el.setAttribute("aria-label","kernel row "+(i+1)+", column "+(j+1));el.title="row "+(i+1)+", column "+(j+1);
    el.value=texts[i*n+j];el.addEventListener("input",onCell);el.addEventListener("change",onCell);
    el.addEventListener("focus",function(){this.style.fontSize="";});
    el.addEventListener("blur",fitAll);
    el.addEventListener("keydown",moveFocus);
    gridEl.appendChild(el);}
  size=n;sizeSel.value=String(n);fitAll();
}
function fit(el){                  /* the font a weight needs to show whole: 16 px, down to 9 px for .001342 */
  el.style.fontSize="";if(document.activeElement===el||!el.clientWidth)return 16;
  for(var px=16;el.scrollWidth>el.clientWidth&&px>9;)el.style.fontSize=(--px)+"px";
  return px;
}
function fitAll(){                 /* one font for the grid, the one its longest weight needs */
  var els=cells(),px=Math.min.apply(null,els.map(fit));
  els.forEach(function(el){if(document.activeElement!==el)el.style.fontSize=px<16?px+"px":"";});
}
function moveFocus(ev){            /* arrow keys move between cells: up and down always, left and right from the
                                      text's edge (or when it is all selected, as after a move) */
  var el=ev.target,r=+el.getAttribute("data-row"),c=+el.getAttribute("data-col"),at=el.selectionStart,
    len=el.value.length,dr=0,dc=0;
  if(ev.key==="ArrowUp")dr=-1;else if(ev.key==="ArrowDown")dr=1;
  else if(ev.key==="ArrowLeft"&&at===0)dc=-1;
  else if(ev.key==="ArrowRight"&&el.selectionEnd===len)dc=1;else return;
  var t=gridEl.querySelector("input[data-row='"+(r+dr)+"'][data-col='"+(c+dc)+"']");
  if(t){ev.preventDefault();t.focus();t.select();}
}
function readGrid(){               /* the kernel in the cells, or null; bad cells are marked */
  var els=cells(),k=new Float64Array(els.length),bad=[],m=0;
  els.forEach(function(el,t){var v=parseCell(el.value);
    if(v===null){bad.push(el);el.classList.add("ke-bad");el.setAttribute("aria-invalid","true");}
    else{k[t]=v;m=Math.max(m,Math.abs(v));el.classList.remove("ke-bad");el.removeAttribute("aria-invalid");}});
  els.forEach(function(el){
    if(!el.classList.contains("ke-bad"))tint(el,parseCell(el.value),m);else el.style.background="";});
  if(bad.length){
    var el=bad[0],what=el.value.trim()===""?"is empty":"holds \u201c"+el.value+"\u201d, not a finite number";
    cellMsg="Row "+(+el.getAttribute("data-row")+1)+", column "+(+el.getAttribute("data-col")+1)+" "+what+
      " (write e.g. -2, 0.25 or 1/9). The result still uses the last valid kernel.";
    say();return null;}
  cellMsg="";say();return k;
}
/* ---- updates ---- */
function update(){
  if(!img||!kernel)return;
  var t0=performance.now();
  result=compute();
  var kind=kernelKind(kernel),lim=limitsOf(result,kind);
  display={kind:kind,low:lim[0],high:lim[1],clipped:lim[2]};
  paint(outCv,result,img.height,img.width,kind,lim[0],lim[1]);
  root.convlibLastUpdateMs=performance.now()-t0;
  legend(kind,lim);
  var s=0,a=0;for(var i=0;i<kernel.length;i++){s+=kernel[i];a+=Math.abs(kernel[i]);}
  kindText.textContent="The kernel sums to "+fmt(s)+(kind==="brightness"?
    ": the result is a brightness, shown in gray like the photo.":
    (Math.abs(s)<=R.sumShare*a?(s===0?"":", about 0")+": it responds to change only":
    ", less than 0: flat areas come out negative")+
    ", so the result is signed (red = positive, blue = negative).");
  caption.textContent=imgName+" "+(op==="convolve"?"\u2217":"\u2605")+" kernel ("+op+", boundary '"+boundary+
    "', mode 'same'). Hover, tap or drag on a pixel; arrow keys move it.";
  root.setAttribute("data-op",op);root.setAttribute("data-boundary",boundary);root.setAttribute("data-kind",kind);
  if(hovered)show(hovered[0],hovered[1]);
}
function matching(k){             /* the preset whose weights the cells hold, or "" (your own) */
  for(var p=0;p<D.presets.length;p++){var c=D.presets[p].cells;if(c.length!==k.length)continue;
    for(var i=0;i<k.length&&Math.abs(parseCell(c[i])-k[i])<=1e-12*Math.max(1,Math.abs(k[i]));i++);
    if(i===k.length)return String(p);}
  return "";
}
function onCell(ev){var k=readGrid();if(ev&&ev.type==="change")fitAll();
  if(k){kernel=k;presetSel.value=matching(k);update();}}
function place(mark,r,c,h,w,H,W){
  mark.style.left=(100*c/W)+"%";mark.style.top=(100*r/H)+"%";
  mark.style.width=(100*w/W)+"%";mark.style.height=(100*h/H)+"%";mark.hidden=false;
}
function table(values,n,title){
  var h="<table><caption>"+title+"</caption>";
  for(var i=0;i<n;i++){h+="<tr>";for(var j=0;j<n;j++)h+="<td>"+fmt(values[i*n+j],3)+"</td>";h+="</tr>";}
  return h+"</table>";
}
function show(r,c){
  hovered=[r,c];var e=explain(r,c),n=size,v=result[r*img.width+c];
  place(winMark,r-offset(n),c-offset(n),n,n,img.height,img.width);
  place(pixMark,r,c,1,1,img.height,img.width);
  readout.innerHTML="<div>Pixel (row "+r+", column "+c+"): the window on the input, the kernel as applied"+
    (op==="convolve"?" (turned by 180\u00b0: convolution)":" (as typed: correlation)")+", and their products.</div>"+
    "<div class='ke-tables'>"+table(e.window,n,"window")+"<span>\u00d7</span>"+table(e.kernel,n,"kernel as applied")+
    "<span>=</span>"+table(e.products,n,"products")+"</div>"+
    "<div class='ke-sum'>sum of the products = <b class='ke-sum-value'>"+fmt(e.sum,6)+"</b> = result["+r+", "+c+
    "]</div>";
  var sv=readout.querySelector(".ke-sum-value");sv.setAttribute("data-value",String(e.sum));
  readout.setAttribute("data-row",r);readout.setAttribute("data-col",c);readout.setAttribute("data-value",String(v));
}
function pick(ev){
  if(!img)return;
  var b=outCv.getBoundingClientRect(),c=Math.floor((ev.clientX-b.left)/b.width*img.width),
    r=Math.floor((ev.clientY-b.top)/b.height*img.height);
  if(r<0||c<0||r>=img.height||c>=img.width)return;
  if(!hovered||hovered[0]!==r||hovered[1]!==c)show(r,c);
}
outCv.addEventListener("pointermove",pick);outCv.addEventListener("pointerdown",pick);
outCv.addEventListener("keydown",function(ev){   /* arrow keys walk the pixel; shift: 10 at a time */
  var step=ev.shiftKey?10:1,d={ArrowUp:[-step,0],ArrowDown:[step,0],ArrowLeft:[0,-step],ArrowRight:[0,step]}[ev.key];
  if(!d||!img)return;ev.preventDefault();
  var at=hovered||[img.height>>1,img.width>>1];
  show(Math.max(0,Math.min(img.height-1,at[0]+(hovered?d[0]:0))),Math.max(0,Math.min(img.width-1,at[1]+(hovered?d[1]:0))));
});
/* ---- images: the photo, or the reader's own (never sent anywhere) ---- */
function useImage(picture,name,max){
  var s=Math.min(1,max/Math.max(picture.naturalWidth||picture.width,picture.naturalHeight||picture.height));
  var W=Math.max(1,Math.round((picture.naturalWidth||picture.width)*s)),
    H=Math.max(1,Math.round((picture.naturalHeight||picture.height)*s));
  var cv=document.createElement("canvas");cv.width=W;cv.height=H;
  var ctx=cv.getContext("2d");ctx.fillStyle="#fff";ctx.fillRect(0,0,W,H);ctx.imageSmoothingQuality="high";
  ctx.drawImage(picture,0,0,W,H);
  var px=ctx.getImageData(0,0,W,H).data,values=new Float64Array(W*H);
  for(var p=0;p<W*H;p++){   /* Pillow's convert("L"): ITU-R 601-2 luma, rounded to 8 bits */
    values[p]=((px[4*p]*19595+px[4*p+1]*38470+px[4*p+2]*7471+0x8000)>>16)/255;}
  img={height:H,width:W,values:values};imgName=name;hovered=null;
  winMark.hidden=true;pixMark.hidden=true;readout.innerHTML="";
  paint(inCv,values,H,W,"image",0,1);
  q(".ke-input-caption").textContent=name+" ("+W+" \u00d7 "+H+" px, width \u00d7 height)";
  update();root.setAttribute("data-ready","1");
}
function load(url,name,max,done){
  var picture=new Image();
  picture.onload=function(){useImage(picture,name,max);if(done)done(true);};
  picture.onerror=function(){if(done)done(false);};
  picture.src=url;
}
fileIn.addEventListener("change",function(){
  var f=fileIn.files&&fileIn.files[0];if(!f)return;
  var url=URL.createObjectURL(f);imageMsg="";say();
  load(url,"your image",D.maxSide,function(ok){URL.revokeObjectURL(url);
    imageMsg=ok?"":"Could not read \u201c"+f.name+"\u201d as an image: try a PNG or JPEG file. The image shown stays.";
    say();if(ok)photoBtn.hidden=false;else fileIn.value="";});
});
photoBtn.addEventListener("click",function(){load(D.png,D.imageName,Infinity);photoBtn.hidden=true;fileIn.value="";
  imageMsg="";say();});
/* ---- controls ---- */
sizeSel.addEventListener("change",function(){
  var n=+sizeSel.value,old=size,texts=cells().map(function(el){return el.value;}),next=[],
    d=Math.floor(n/2)-Math.floor(old/2);
  for(var i=0;i<n;i++)for(var j=0;j<n;j++){var a=i-d,b=j-d;next.push(a>=0&&b>=0&&a<old&&b<old?texts[a*old+b]:"0");}
  buildGrid(n,next);var k=readGrid();presetSel.value=k?matching(k):"";if(k){kernel=k;update();}
});
presetSel.addEventListener("change",function(){
  var p=D.presets[+presetSel.value];if(!p)return;buildGrid(p.size,p.cells);presetSel.value=presetSel.value;
  var k=readGrid();if(k){kernel=k;update();}
});
opSel.addEventListener("change",function(){op=opSel.value;update();});
bndSel.addEventListener("change",function(){boundary=bndSel.value;update();});
/* ---- verification hooks (tests outside the project use these names) ---- */
function asF32(v){return v?new Float32Array(v):null;}
root.convlibImage=function(){return img&&{height:img.height,width:img.width,values:asF32(img.values)};};
root.convlibResult=function(){return result&&{height:img.height,width:img.width,values:asF32(result)};};
root.convlibKernel=function(){return kernel&&{size:size,values:Array.prototype.slice.call(kernel)};};
root.convlibDisplay=function(){return display;};
root.convlibExplain=function(r,c){show(r,c);return explain(r,c);};
root.convlibColourRule=function(k,values){var kind=kernelKind(k),l=limitsOf(values,kind);
  return {kind:kind,low:l[0],high:l[1],clipped:l[2]};};
/* ---- start ---- */
buildGrid(D.size,D.kernel);kernel=readGrid();
load(D.png,D.imageName,Infinity);
})();</script>"""
