/* skapa's page around textual-serve's terminal (textual.js: xterm.js and
   the websocket to this tab's app).

   textual.js starts the terminal from window.onload; this file, loaded
   after it, takes that start over and adds what a kiosk and a desk need:

   - the fonts are loaded first (the terminal measures its cells with them),
     and the font size fits the screen: at least the columns and rows the
     screens are made for, and larger on a large screen (?fontsize=N asks
     for a size);
   - the websocket's address is this page's folder + ws/LANG/POINTER: the
     app starts in the page's language, with tap targets two rows high on a
     touch screen;
   - the terminal has the focus as soon as it is connected, and takes it back
     whenever something else would have it: keys typed land in the app with
     no click;
   - when the session ends (the app ended, a bug, the server stops, the
     connection is lost: no answer to a ping for a while), what was on the
     screen is covered by a message in the page's language, and after a few
     seconds, or once the server answers again, the page loads a fresh start
     screen by itself;
   - a file the app delivers (the desk's summary) downloads from this page's
     own folder; the app opens no other page or window;
   - at the kiosk, the browser's own keys that would reload or leave the page
     do nothing, and there is no context menu. */
(function () {
    "use strict";

    const texts = JSON.parse(document.getElementById("skapa-texts").textContent);
    const config = JSON.parse(document.getElementById("skapa-config").textContent);
    const terminal = document.getElementById("terminal");
    const here = new URL(".", window.location.href);

    const PING_MS = 2000;       // a ping this often
    const LOST_MS = 7000;       // no answer for this long: the connection is lost
    const SHOW_MS = 3000;       // the message about the end, before trying to come back
    const FULL_MS = 5000;       // every place taken: try again after this long
    const RETRY_MS = 2000;      // the server does not answer yet: try again after this long
    const REASONS = {1000: "ended", 1001: "restarting", 4029: "full", 4500: "crashed"};

    let ended = false;

    function textarea() {
        return terminal.querySelector(".xterm-helper-textarea");
    }

    function focusTerminal() {
        const field = textarea();
        if (field && !ended && document.activeElement !== field) {
            field.focus({preventScroll: true});
        }
    }

    // ---- the terminal's websocket, as textual.js opens it
    const NativeWebSocket = window.WebSocket;

    function watch(socket) {
        let unanswered = null;
        let drawn = false;
        socket.addEventListener("open", function () {
            focusTerminal();
            const timer = window.setInterval(function () {
                if (socket.readyState !== NativeWebSocket.OPEN) {
                    window.clearInterval(timer);
                    return;
                }
                const now = Date.now();
                if (unanswered !== null && now - unanswered > LOST_MS) {
                    window.clearInterval(timer);
                    end("lost");
                    socket.close();
                    return;
                }
                if (unanswered === null) {
                    unanswered = now;
                }
                socket.send(JSON.stringify(["skapa-ping", String(now)]));
            }, PING_MS);
        });
        socket.addEventListener("message", function (event) {
            unanswered = null;
            if (!drawn && typeof event.data !== "string") {
                drawn = true;
                document.getElementById("skapa-starting").hidden = true;
                // The app starts blurred in a browser: tell it again that it has the focus.
                if (document.activeElement === textarea()) {
                    socket.send(JSON.stringify(["focus"]));
                }
            }
        });
        socket.addEventListener("close", function (event) {
            end(REASONS[event.code] || "lost");
        });
    }

    window.WebSocket = class extends NativeWebSocket {
        constructor(url, protocols) {
            super(url, protocols);
            watch(this);
        }

        send(data) {
            // Keys typed after the end go nowhere (not to the console as errors).
            if (this.readyState === NativeWebSocket.OPEN) {
                super.send(data);
            }
        }
    };

    // ---- the end of a session, and the way back
    function end(reason) {
        if (ended) {
            return;
        }
        ended = true;
        document.getElementById("skapa-starting").hidden = true;
        document.getElementById("skapa-ended-text").textContent = texts[reason] || texts.lost;
        document.getElementById("skapa-ended").hidden = false;
        document.body.classList.add("skapa-is-ended");
        window.setTimeout(comeBack, reason === "full" ? FULL_MS : SHOW_MS);
    }

    async function comeBack() {
        try {
            const answer = await fetch(here.href, {cache: "no-store", credentials: "same-origin"});
            if (answer.ok) {
                window.location.reload();
                return;
            }
        } catch (error) {
            // not there yet
        }
        document.getElementById("skapa-ended-waiting").hidden = false;
        window.setTimeout(comeBack, RETRY_MS);
    }

    // ---- the focus stays in the terminal
    document.addEventListener("focusout", function () {
        window.setTimeout(function () {
            if (document.hasFocus()) {
                focusTerminal();
            }
        }, 0);
    });
    window.addEventListener("focus", focusTerminal);

    // ---- downloads, and no other window
    window.open = function (url) {
        let target;
        try {
            target = new URL(url, window.location.href);
        } catch (error) {
            return null;
        }
        const download = target.origin === window.location.origin
            && /\/download\/([0-9a-f]{32})$/.exec(target.pathname);
        if (download) {
            const link = document.createElement("a");
            link.href = new URL("download/" + download[1], here).href;
            link.download = "";
            link.rel = "noopener";
            document.body.appendChild(link);
            link.click();
            link.remove();
        }
        return null;
    };

    // ---- the kiosk keeps its page
    if (config.mode === "kiosk") {
        const BROWSER_KEYS = new Set(["F1", "F3", "F5", "F6", "F7", "F10", "F11", "F12",
                                      "BrowserBack", "BrowserForward", "BrowserRefresh", "BrowserHome",
                                      "BrowserSearch", "BrowserFavorites"]);
        window.addEventListener("keydown", function (event) {
            const key = event.key;
            const command = event.ctrlKey || event.metaKey;
            if (BROWSER_KEYS.has(key)
                    || (event.altKey && ["ArrowLeft", "ArrowRight", "Home"].includes(key))
                    || (command && ["r", "R", "o", "O", "p", "P", "s", "S", "u", "U", "f", "F", "g", "G",
                                    "h", "H", "j", "J", "d", "D", "+", "-", "=", "0"].includes(key))) {
                event.preventDefault();
            }
        }, true);
        window.addEventListener("contextmenu", function (event) {
            event.preventDefault();
        }, true);
    }

    // ---- the start: fonts first, then the size, then textual.js's own start
    function fontSize() {
        const asked = parseInt(new URLSearchParams(window.location.search).get("fontsize"), 10);
        if (asked >= 6 && asked <= 64) {
            return asked;
        }
        const probe = document.createElement("canvas").getContext("2d");
        probe.font = '100px "Roboto Mono"';
        const width = (probe.measureText("W").width / 100) || 0.6;
        const height = 1.2;
        const fits = Math.min(window.innerWidth / (config.columns * width),
                              window.innerHeight / (config.rows * height));
        const aimed = Math.min(Math.max(window.innerWidth / (config.aim * width), 14), 28);
        return Math.max(8, Math.floor(Math.min(aimed, fits)));
    }

    function socketAddress() {
        const pointer = window.matchMedia("(any-pointer: coarse)").matches ? "touch" : "mouse";
        const address = new URL("ws/" + encodeURIComponent(config.lang) + "/" + pointer, here);
        address.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
        address.search = "";
        return address.href;
    }

    const start = window.onload;
    window.onload = null;
    window.addEventListener("load", async function (event) {
        // textual.js reads ?delay (then waits for a button this page does not have) and ?ping.
        const search = new URLSearchParams(window.location.search);
        if (search.has("delay") || search.has("ping")) {
            search.delete("delay");
            search.delete("ping");
            const query = search.toString();
            window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
        }
        try {
            await Promise.all([
                document.fonts.load('16px "Roboto Mono"'),
                document.fonts.load('bold 16px "Roboto Mono"'),
                document.fonts.load('16px "Roboto Mono"', "\u28ff"),
            ]);
        } catch (error) {
            // the fallback fonts draw the terminal instead
        }
        terminal.dataset.fontSize = String(fontSize());
        terminal.dataset.sessionWebsocketUrl = socketAddress();
        if (typeof start === "function") {
            start(event);
        }
    });
})();
