/* Runs in <head> before paint: reader preferences and the mourning state for today. */
(function(){var d=document.documentElement,c=d.classList;
try{var p=JSON.parse(localStorage.getItem("govsite-a11y")||"{}");if(p.fs)c.add("fs-"+p.fs);if(p.hc)c.add("hc");if(p.lh)c.add("lh");if(p.cur)c.add("bigcursor")}catch(e){}
var r=d.getAttribute("data-mourning");if(r){var t=new Date(Date.now()+288e5).toISOString().slice(0,10),on=false;
r.split(",").forEach(function(x){var a=x.split("~");if(a[0]<=t&&t<=a[1])on=true});c.toggle("mourning",on)}})();
