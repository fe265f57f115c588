// The dashboard's table, fetched again every 3 seconds (same origin, the session cookie).
"use strict";
setInterval(function () {
  fetch("/board", { credentials: "same-origin" }).then(function (reply) {
    if (reply.status === 401) { window.location = "/masuk"; return null; }
    return reply.ok ? reply.text() : null;
  }).then(function (html) {
    if (html) { document.getElementById("live").innerHTML = html; }
  }).catch(function () {});
}, 3000);
