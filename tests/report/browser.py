#!/usr/bin/env python3
"""Load report pages in headless Chromium and check them as a reader would.

Drives Debian's chromium over the DevTools protocol on a pipe
(--remote-debugging-pipe: fd 3 in, fd 4 out, messages end in NUL), so it
needs nothing but the Python standard library and chromium itself.

A page fails on: a console error or uncaught exception, any request that is
not file: or data: (the report must work offline), no map (an <svg
class="map"> with drawn paths, a <title> and a legend), a sortable table
without rows, a table that does not sort, or a layer switch that does not
hide its layer.

usage: browser.py PAGE.html [SCREENSHOT.png] ...   (pairs of page and png)
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--remote-debugging-pipe"]


class Browser:
    def __init__(self, exe=None, width=1400, height=1000):
        exe = exe or os.environ.get("CHROMIUM") or shutil.which("chromium")
        if not exe:
            raise SystemExit("FAIL: chromium is not installed (scripts/setup.sh installs it)")
        self.profile = tempfile.mkdtemp(prefix="coterm-chromium-")
        cmd_r, cmd_w = os.pipe()  # our commands -> chromium's fd 3
        res_r, res_w = os.pipe()  # chromium's fd 4 -> our replies

        def child_fds():  # move both ends out of the way first: they may be 3 or 4
            a, b = os.dup(cmd_r), os.dup(res_w)
            a2, b2 = os.dup2(a, 100), os.dup2(b, 101)
            os.dup2(a2, 3)
            os.dup2(b2, 4)

        self.proc = subprocess.Popen(
            [exe, *FLAGS, f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
             "about:blank"],
            preexec_fn=child_fds, pass_fds=(3, 4), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(cmd_r)
        os.close(res_w)
        self.out = os.fdopen(cmd_w, "wb", buffering=0)
        self.inp = os.fdopen(res_r, "rb", buffering=0)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"],
                                 flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(domain + ".enable")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=False)

    def _read(self, timeout=60):
        deadline = time.time() + timeout
        while b"\0" not in self.buf:
            if time.time() > deadline or self.proc.poll() is not None:
                raise SystemExit("FAIL: chromium stopped answering")
            chunk = os.read(self.inp.fileno(), 1 << 16)
            if not chunk:
                raise SystemExit("FAIL: chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if self.session:
            msg["sessionId"] = self.session
        self.out.write(json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise SystemExit(f"FAIL: {method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_for(self, method, timeout=60):
        deadline = time.time() + timeout
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == method:
                    return self.events.pop(i)
            if time.time() > deadline:
                raise SystemExit(f"FAIL: no {method} within {timeout} s")
            self.events.append(self._read(timeout))

    def js(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise SystemExit(f"FAIL: script error: {r['exceptionDetails']}")
        return r["result"].get("value")

    def close(self):
        try:
            self.out.close()
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


CHECKS = r"""
(() => {
  const out = {problems: []};
  const maps = [...document.querySelectorAll('svg.map')];
  if (!maps.length) out.problems.push('no map');
  maps.forEach((svg, i) => {
    const drawn = [...svg.querySelectorAll('path')].filter(p => (p.getAttribute('d') || '').length > 10);
    if (drawn.length < 1) out.problems.push(`map ${i}: nothing drawn`);
    if (!svg.querySelector('title') || !svg.querySelector('title').textContent.trim())
      out.problems.push(`map ${i}: no title`);
    if (!svg.querySelector('.legend')) out.problems.push(`map ${i}: no legend`);
    const box = svg.getBoundingClientRect();
    if (box.width < 300 || box.height < 200) out.problems.push(`map ${i}: ${box.width}x${box.height} px`);
  });
  out.maps = maps.length;
  const tables = [...document.querySelectorAll('table.sortable')];
  if (!tables.length) out.problems.push('no table');
  tables.forEach((t, i) => {
    if (!t.tBodies.length || !t.tBodies[0].rows.length) out.problems.push(`table ${i} is empty`);
  });
  out.tables = tables.length;
  out.rows = tables.reduce((n, t) => n + (t.tBodies[0] ? t.tBodies[0].rows.length : 0), 0);
  /* sorting: the second column's button sorts the rows by it, largest first */
  const t = tables.find(t => t.tBodies[0] && t.tBodies[0].rows.length > 2);
  if (t) {
    const b = t.tHead.rows[0].cells[1].querySelector('button');
    b.click();
    const v = [...t.tBodies[0].rows].map(r => parseFloat(r.cells[1].getAttribute('data-v')));
    const sorted = v.every((x, k) => k === 0 || isNaN(x) || isNaN(v[k - 1]) || v[k - 1] >= x);
    if (!sorted) out.problems.push('the table does not sort by its second column');
  }
  /* a layer switch hides its layer */
  const box = document.querySelector('input[data-layer]');
  if (box) {
    const layer = box.getAttribute('data-layer');
    const groups = [...document.querySelectorAll(`[data-layer-of="${layer}"]`)];
    box.click();
    const ok = groups.every(g => (getComputedStyle(g).display === 'none') === !box.checked);
    if (!groups.length || !ok) out.problems.push(`switch ${layer} does not toggle its layer`);
    box.click();
  }
  out.findings = document.querySelectorAll('.findings li').length;
  out.height = document.documentElement.scrollHeight;
  return out;
})()
"""


def check_page(browser, page, screenshot=None):
    """Load page, run CHECKS; return (problems, facts)."""
    url = "file://" + os.path.abspath(page)
    browser.events.clear()
    browser.call("Page.navigate", url=url)
    browser.wait_for("Page.loadEventFired")
    time.sleep(0.3)  # let late errors and requests arrive
    browser.call("Runtime.evaluate", expression="1")  # collects the events sent meanwhile
    facts = browser.js(CHECKS)
    problems = list(facts.pop("problems"))
    for m in browser.events:
        meth, p = m.get("method"), m.get("params", {})
        if meth == "Runtime.exceptionThrown":
            problems.append("uncaught exception: " +
                            p["exceptionDetails"].get("exception", {}).get("description", "?"))
        elif meth == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            problems.append("console error: " + " ".join(str(a.get("value", a.get("description")))
                                                         for a in p.get("args", [])))
        elif meth == "Log.entryAdded" and p["entry"].get("level") == "error":
            problems.append("browser error: " + p["entry"].get("text", ""))
        elif meth == "Network.requestWillBeSent":
            u = p["request"]["url"]
            if not (u.startswith("file:") or u.startswith("data:")):
                problems.append("network request: " + u)
    if screenshot:
        png = browser.call("Page.captureScreenshot", format="png")["data"]
        with open(screenshot, "wb") as f:
            f.write(base64.b64decode(png))
    return problems, facts


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    b = Browser()
    failed = 0
    try:
        args = argv[1:]
        pairs = [(args[i], args[i + 1] if i + 1 < len(args) and args[i + 1].endswith(".png")
                  else None) for i in range(len(args)) if args[i].endswith(".html")]
        for page, png in pairs:
            problems, facts = check_page(b, page, png)
            status = "ok" if not problems else "FAIL"
            print(f"{status}: {page}: {json.dumps(facts)}")
            for p in problems:
                print("  " + p)
            failed += bool(problems)
    finally:
        b.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
