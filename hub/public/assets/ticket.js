// The ticket page moves by itself: one EventSource on /t/{id}/events (the browser
// reconnects and sends Last-Event-ID), each message the ticket's whole public view.
// The chime is synthesised (no sound file to load); browsers play it only after a tap.
(function () {
  "use strict";
  var root = document.getElementById("t");
  if (!root || !window.EventSource) return;
  var id = root.getAttribute("data-id");
  var nearAhead = parseInt(root.getAttribute("data-near"), 10);
  var state = root.getAttribute("data-state");
  var calledAt = root.getAttribute("data-called-at");
  var nearKey = "antrian-dekat-" + id;
  var audio = null;
  var el = function (name) { return document.getElementById(name); };
  var soundBox = el("sound");
  var statusLine = el("status");

  function remembered(key) {
    try { return window.localStorage.getItem(key) === "1"; } catch (e) { return false; }
  }
  function remember(key) {
    try { window.localStorage.setItem(key, "1"); } catch (e) { /* private mode */ }
  }

  // The hub's call chime: a bell-like "ding-dong", E5 then C5 (scripts/make_chime.py).
  function chime() {
    if (!audio) return;
    var start = audio.currentTime + 0.05;
    [[0, 659.25], [0.42, 523.25]].forEach(function (tone) {
      var at = start + tone[0];
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = tone[1];
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.5, at + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 1.1);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(at);
      osc.stop(at + 1.15);
    });
  }
  function buzz(pattern) {
    if (navigator.vibrate) {
      try { navigator.vibrate(pattern); } catch (e) { /* not allowed here */ }
    }
  }
  function alertCitizen(pattern) { chime(); buzz(pattern); }

  var Context = window.AudioContext || window.webkitAudioContext;
  var finalState = function (s) { return s === "closed" || s === "no_show"; };
  if (Context && !finalState(state)) {
    soundBox.hidden = false;
    el("sound-on").addEventListener("click", function () {
      audio = audio || new Context();
      audio.resume();
      chime();
      soundBox.hidden = true;
    });
  }

  function show(view) {
    var t = view.ticket;
    var x = view.text;
    var waiting = t.state === "waiting";
    var called = t.state === "called" || t.state === "serving";
    var near = waiting && t.ahead <= nearAhead;
    root.className = "state-" + t.state;
    el("number").textContent = t.number;
    el("service").textContent = t.service_name;
    el("state").textContent = x.state;
    el("ahead").textContent = x.ahead;
    el("estimate").textContent = x.estimate;
    el("counter").textContent = t.counter_name || "";
    el("call-label").textContent = t.state === "serving" ? "Anda sedang dilayani di" : "Silakan menuju";
    el("waiting").hidden = !waiting;
    el("near").hidden = !near;
    el("call").hidden = !called;
    el("closed").hidden = t.state !== "closed";
    el("no_show").hidden = t.state !== "no_show";
    if (finalState(t.state)) soundBox.hidden = true;
    if (near && !remembered(nearKey)) {
      remember(nearKey); // once: a reload or a reconnect does not alert again
      alertCitizen([200, 100, 200]);
    }
    if (t.state === "called" && (state !== "called" || t.called_at !== calledAt)) {
      alertCitizen([400, 150, 400, 150, 400]); // a call, or a recall
    }
    state = t.state;
    calledAt = t.called_at;
  }

  statusLine.textContent = "Menyambung…";
  var source = new EventSource("/t/" + encodeURIComponent(id) + "/events");
  source.addEventListener("ticket", function (event) {
    var view = JSON.parse(event.data);
    show(view);
    if (finalState(view.ticket.state)) {
      source.close();
      statusLine.textContent = "";
    }
  });
  source.onopen = function () { statusLine.textContent = "Diperbarui otomatis"; };
  source.onerror = function () {
    if (source.readyState !== EventSource.CLOSED) statusLine.textContent = "Menyambung ulang…";
  };
})();
