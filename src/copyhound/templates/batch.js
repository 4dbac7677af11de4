(function(){
"use strict";
var d=JSON.parse(document.getElementById("batch-data").textContent);
var n=d.names.length,c=document.getElementById("heat"),info=document.getElementById("heat-info");
if(!c||!n)return;
var cell=Math.max(2,Math.min(14,Math.floor(840/n))),size=cell*n;
c.width=size;c.height=size;var g=c.getContext("2d");
g.fillStyle="#fff";g.fillRect(0,0,size,size);
g.fillStyle="#eee";for(var k=0;k<n;k++)g.fillRect(k*cell,k*cell,cell,cell);
var at={};
d.cells.forEach(function(e){
  var i=e[0],j=e[1],v=e[2],a=Math.min(1,0.18+v);
  g.fillStyle="rgba(170,20,20,"+a.toFixed(3)+")";
  g.fillRect(j*cell,i*cell,cell,cell);g.fillRect(i*cell,j*cell,cell,cell);
  at[i+","+j]=e;at[j+","+i]=e;
});
g.strokeStyle="#1f4e8c";g.lineWidth=Math.max(1,cell/5);
d.blocks.forEach(function(b){g.strokeRect(b[0]*cell,b[0]*cell,(b[1]-b[0])*cell,(b[1]-b[0])*cell);});
function cellAt(ev){
  var r=c.getBoundingClientRect();
  var x=(ev.clientX-r.left)*size/r.width,y=(ev.clientY-r.top)*size/r.height;
  return [Math.floor(y/cell),Math.floor(x/cell)];
}
c.addEventListener("mousemove",function(ev){
  var p=cellAt(ev),e=at[p[0]+","+p[1]];
  if(p[0]<0||p[1]<0||p[0]>=n||p[1]>=n)return;
  info.textContent=d.names[p[0]]+" \u2194 "+d.names[p[1]]+": "+(e?Math.round(e[2]*100)+"% shared"+(e[3]>=0?" (pair #"+(e[3]+1)+")":""):"nothing shared");
});
c.addEventListener("click",function(ev){
  var p=cellAt(ev),e=at[p[0]+","+p[1]];
  if(!e||e[3]<0)return;
  var li=document.getElementById("pair-"+e[3]);if(!li)return;
  document.querySelectorAll("ol.pairs li.hit").forEach(function(x){x.classList.remove("hit");});
  li.classList.add("hit");li.querySelector("details").open=true;li.scrollIntoView({block:"center"});
});
})();
