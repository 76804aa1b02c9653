// What a Streamlit run cannot set itself on the page that holds it (ui/document.py):
// <html lang> in the reader's language, so screen readers pronounce Chinese as Chinese, and in
// presentation mode PageUp/PageDown (a presenter's remote) stepping the deck like the arrow keys.
// A file served by this host: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var host = window.parent;
  var present = false;

  function send(type, data) {
    var message = { isStreamlitMessage: true, type: type };
    for (var k in data || {}) message[k] = data[k];
    host.postMessage(message, "*");
  }

  function onKey(event) {
    if (!present || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    var which = { PageUp: "prev", PageDown: "next" }[event.key];
    if (!which) return;
    var button = host.document.querySelector(".st-key-deck_" + which + " button");
    if (!button) return;
    event.preventDefault();
    if (!button.disabled) button.click();
  }

  window.addEventListener("message", function (event) {
    var msg = event.data;
    if (!msg || msg.type !== "streamlit:render") return;
    var args = msg.args || {};
    if (args.lang) host.document.documentElement.lang = args.lang;
    present = !!args.present;
    // One listener per page, whichever helper frame added it last.
    if (host.__gbaDeckKeys) host.document.removeEventListener("keydown", host.__gbaDeckKeys);
    host.__gbaDeckKeys = onKey;
    host.document.addEventListener("keydown", onKey);
    send("streamlit:setFrameHeight", { height: 0 });
  });
  send("streamlit:componentReady", { apiVersion: 1 });
})();
