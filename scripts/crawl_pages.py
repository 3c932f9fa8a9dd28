"""Walk a running app as each demo role and list what an independent checker would find.

For each login it follows every same-site link and opens every GET form it reaches (at most
--max-pages pages a role, and at most --per-pattern pages for one URL shape, so a thousand cases do
not crowd out the rest of the app), at 1280 px and again at 390 px, and records:

- HTTP status 500 or above, and console errors;
- sideways scroll at 1280 px and at 390 px (the document wider than the window);
- axe-core serious or critical WCAG 2.2 AA violations (at 1280 px, once per URL shape);
- ISO dates (2026-12-29) in the visible text, and text that starts with a rule id ("ICPC-15WD: ...");
- pages with almost no text in <main>.

With --fuzz it then posts every POST form it saw (with the page's CSRF token) twice, once empty and
once with nonsense (31/02/2026, years 0001 and 9999, 10,000-character text, negative numbers), and
records any answer of 500 or above. Fuzzing changes data: run it on a database of its own.

    python scripts/crawl_pages.py --base http://127.0.0.1:8107 [--roles chair,admin] [--fuzz]
        [--out crawl.json]

The app must be running with the demo data (`manage.py seed_demo`); password demo-pass-2026.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from base64 import b32decode
from collections import Counter, defaultdict, deque
from pathlib import Path
from urllib.parse import quote, urldefrag, urlencode, urljoin, urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "tests" / "e2e" / "vendor" / "axe.min.js"
PASSWORD = "demo-pass-2026"
DEMO_TOTP_KEY = "DEMODEMODEMODEMODEMODEMODEMODEMO"
AUTHORITY = "west-sussex"
ROLES = (
    "chair",
    "social.worker",
    "team.manager",
    "service.manager",
    "head.of.service",
    "health.visitor",
    "teacher",
    "business.support",
    "admin",
)
OTHER_LOGINS = ("police.officer@demo.test", "platform.admin@demo.test")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Links that end the session, change state on GET, or download files rather than pages.
SKIP = re.compile(r"/logout/|/turn-off/|\.(csv|xlsx|xml|svg|pdf|ics)(\?|$)|/download|/export|/api/|/static/")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
RULE_FIRST = re.compile(r"^\s*[A-Z0-9]+(-[A-Z0-9]+)+:", re.MULTILINE)
NONSENSE_TEXT = "x" * 10_000
URL_SAFE = ":/?&=%#+,;@"


def url_shape(url: str) -> str:
    """/west-sussex/cases/123/plan/?page=2 -> /west-sussex/cases/#/plan/?page"""
    parts = urlsplit(url)
    path = re.sub(r"/\d+(?=/|$)", "/#", parts.path)
    path = re.sub(r"/[0-9a-f-]{32,36}(?=/|$)", "/#", path)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return path + ("?" + "&".join(keys) if keys else "")


def totp_now() -> str:
    from django_otp.oath import totp

    return f"{totp(b32decode(DEMO_TOTP_KEY)):06d}"


def sign_in(browser: Browser, base: str, email: str) -> BrowserContext:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if page.locator("input[name=code]").count():
        page.fill("input[name=code]", totp_now())
        page.locator("form:has(input[name=code]) button[type=submit]").first.click()
        page.wait_for_load_state()
    if "/login/" in page.url:
        raise SystemExit(f"could not sign in as {email}")
    page.close()
    return context


def inspect(page: Page) -> dict:
    return page.evaluate(
        """() => {
        const main = document.querySelector('main') || document.body;
        const forms = [...document.querySelectorAll('form')].map(f => ({
            method: (f.getAttribute('method') || 'get').toLowerCase(),
            // the attribute, not f.action: an input named "action" would shadow the property
            action: new URL(f.getAttribute('action') || '', location.href).href,
            fields: [...f.elements].filter(e => e.name).map(e => ({
                name: e.name, type: (e.type || e.tagName).toLowerCase(), value: e.value,
                options: e.tagName === 'SELECT' ? [...e.options].map(o => o.value) : [],
            })),
        }));
        return {
            text: document.body.innerText,
            mainText: main.innerText.trim(),
            links: [...document.querySelectorAll('a[href]')].map(a => a.href),
            forms,
            sideways: document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth,
            scrollWidth: document.scrollingElement.scrollWidth,
        };
    }"""
    )


def axe_failures(page: Page) -> list[str]:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => `${v.id} [${v.impact}] ${JSON.stringify(v.nodes[0] && v.nodes[0].target)}`)""",
        AXE_TAGS,
    )
    return violations


def same_site(base: str, url: str) -> bool:
    return urlsplit(url).netloc == urlsplit(base).netloc


def get_form_urls(form: dict) -> list[str]:
    """A GET form as submitted untouched, and with nonsense in its free-text and date fields."""
    plain, odd = [], []
    for field in form["fields"]:
        if field["type"] in ("submit", "button"):
            continue
        plain.append((field["name"], field["value"]))
        odd.append((field["name"], nonsense_for(field)))
    action = form["action"].split("?")[0]
    return [f"{action}?{urlencode(plain)}", f"{action}?{urlencode(odd)}"]


def nonsense_for(field: dict) -> str:
    name, kind = field["name"].lower(), field["type"]
    if kind in ("hidden",) or name == "csrfmiddlewaretoken":
        return field["value"]
    if name.endswith("-day") or name.endswith("_day"):
        return "31"
    if name.endswith("-month") or name.endswith("_month"):
        return "02"
    if name.endswith("-year") or name.endswith("_year"):
        return "9999"
    if kind == "date" or "date" in name or name in ("from", "to", "on", "day"):
        return "0001-13-45"
    if kind == "number":
        return "-5"
    if kind.startswith("select"):
        return "not-an-option"
    if kind in ("checkbox", "radio"):
        return "not-an-option"
    return NONSENSE_TEXT


class Crawl:
    def __init__(self, base: str, max_pages: int, per_pattern: int) -> None:
        self.base = base.rstrip("/")
        self.max_pages = max_pages
        self.per_pattern = per_pattern
        self.findings: list[dict] = []
        self.visited: dict[str, list[str]] = {}
        self.post_forms: dict[str, list[tuple[str, dict]]] = defaultdict(list)

    def record(self, role: str, kind: str, url: str, detail: str = "") -> None:
        self.findings.append({"role": role, "kind": kind, "url": url, "detail": detail[:400]})

    def walk(self, context: BrowserContext, role: str, start: str) -> list[str]:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        queue, seen, shapes, visited = deque([start]), {start}, Counter(), []
        axed: set[str] = set()
        form_shapes: set[str] = set()
        while queue and len(visited) < self.max_pages:
            url = queue.popleft()
            shape = url_shape(url)
            if shapes[shape] >= self.per_pattern:
                continue
            shapes[shape] += 1
            errors.clear()
            try:
                response = page.goto(url, wait_until="load")
            except Exception as exc:  # a timeout or a download is a finding, not the end of the walk
                self.record(role, "navigation failed", url, str(exc))
                continue
            visited.append(page.url)
            status = response.status if response else 0
            if status >= 500:
                self.record(role, "HTTP 5xx", url, str(status))
                continue
            if "text/html" not in (response.headers.get("content-type", "") if response else ""):
                continue
            info = inspect(page)
            self.check_page(role, url, info, status)
            for error in errors:
                # A 400 for bad input is the answer we want; Chromium logs it as a failed load.
                if not (status == 400 and error.startswith("Failed to load resource")):
                    self.record(role, "console error", url, error)
            if shape not in axed:
                axed.add(shape)
                for violation in axe_failures(page):
                    self.record(role, "axe serious/critical", url, violation)
            for link in [*info["links"], *self.form_targets(info["forms"], role, url, form_shapes)]:
                link = urldefrag(urljoin(url, link))[0]
                if same_site(self.base, link) and not SKIP.search(link) and link not in seen:
                    seen.add(link)
                    queue.append(link)
        page.close()
        return visited

    def form_targets(self, forms: list[dict], role: str, url: str, form_shapes: set[str]) -> list[str]:
        targets = []
        for form in forms:
            if form["method"] == "get":
                targets.extend(get_form_urls(form))
            elif form["method"] == "post":
                key = url_shape(form["action"]) + "|" + ",".join(sorted(f["name"] for f in form["fields"]))
                if key not in form_shapes and not SKIP.search(form["action"]):
                    form_shapes.add(key)
                    self.post_forms[role].append((url, form))
        return targets

    def check_page(self, role: str, url: str, info: dict, status: int) -> None:
        for match in sorted(set(ISO_DATE.findall(info["text"]))):
            self.record(role, "ISO date in text", url, match)
        for line in info["text"].splitlines():
            if RULE_FIRST.match(line):
                self.record(role, "rule id first", url, line.strip())
        if info["sideways"]:
            self.record(role, "sideways scroll at 1280 px", url, f"scrollWidth {info['scrollWidth']}")
        if len(info["mainText"]) < 40 and status < 300:
            self.record(role, "empty page", url, info["mainText"])

    def narrow(self, context: BrowserContext, role: str, urls: list[str]) -> None:
        page = context.new_page()
        page.set_viewport_size({"width": 390, "height": 844})
        for url in dict.fromkeys(urls):
            try:
                response = page.goto(url, wait_until="load")
            except Exception as exc:
                self.record(role, "navigation failed (390 px)", url, str(exc))
                continue
            if response and "text/html" in response.headers.get("content-type", ""):
                width = page.evaluate("document.scrollingElement.scrollWidth")
                if width > page.evaluate("document.scrollingElement.clientWidth"):
                    culprit = widest_element(page)
                    self.record(role, "sideways scroll at 390 px", url, f"scrollWidth {width}; {culprit}")
        page.close()

    def fuzz(self, context: BrowserContext, role: str) -> int:
        posted = 0
        for source, form in self.post_forms[role]:
            token = next((f["value"] for f in form["fields"] if f["name"] == "csrfmiddlewaretoken"), "")
            for label, values in (
                ("empty", {f["name"]: "" for f in form["fields"]}),
                ("nonsense", {f["name"]: nonsense_for(f) for f in form["fields"]}),
                ("year 0001", {f["name"]: year_one(f) for f in form["fields"]}),
            ):
                values["csrfmiddlewaretoken"] = token
                try:
                    response = context.request.post(
                        quote(form["action"], safe=URL_SAFE),
                        form=values,
                        headers={"Referer": source},
                        max_redirects=0,
                    )
                except Exception as exc:  # one unpostable form must not end the run
                    self.record(role, "POST failed", form["action"], f"{label}: {exc}")
                    continue
                posted += 1
                if response.status >= 500:
                    self.record(role, "POST 5xx", form["action"], f"{label} input from {source}")
        return posted


def year_one(field: dict) -> str:
    name = field["name"].lower()
    if name.endswith("year"):
        return "0001"
    if name.endswith("day"):
        return "1"
    if name.endswith("month"):
        return "1"
    if field["type"] == "number":
        return "-1"
    return field["value"]


def widest_element(page: Page) -> str:
    return page.evaluate(
        """() => {
        const limit = document.scrollingElement.clientWidth;
        let worst = null;
        for (const el of document.querySelectorAll('main *')) {
            const r = el.getBoundingClientRect();
            if (r.right > limit + 1 && (!worst || r.width < worst.w)) {
                worst = {w: r.width, d: el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')};
            }
        }
        return worst ? worst.d : 'nothing in <main>';
    }"""
    )


def logins(selected: list[str] | None) -> list[str]:
    everyone = [f"{role}@{AUTHORITY}.demo.test" for role in ROLES] + list(OTHER_LOGINS)
    if not selected:
        return everyone
    return [email for email in everyone if email.split("@")[0] in selected]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--roles", help="comma-separated, e.g. chair,admin,platform.admin")
    parser.add_argument("--max-pages", type=int, default=400)
    parser.add_argument("--per-pattern", type=int, default=3)
    parser.add_argument("--fuzz", action="store_true", help="also post every POST form (changes data)")
    parser.add_argument("--out", type=Path, default=Path("crawl.json"))
    args = parser.parse_args()

    crawl = Crawl(args.base, args.max_pages, args.per_pattern)
    summary = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for email in logins(args.roles.split(",") if args.roles else None):
            context = sign_in(browser, crawl.base, email)
            visited = crawl.walk(context, email, f"{crawl.base}/")
            crawl.narrow(context, email, visited)
            posted = crawl.fuzz(context, email) if args.fuzz else 0
            summary[email] = {"pages": len(visited), "posts": posted, "visited": visited}
            print(f"{email}: {len(visited)} pages, {posted} posts", flush=True)
            context.close()
            counts = Counter(f["kind"] for f in crawl.findings)
            report = {"summary": summary, "counts": counts, "findings": crawl.findings}
            args.out.write_text(json.dumps(report, indent=1))
        browser.close()
    for kind, count in counts.most_common():
        print(f"{count:5d}  {kind}")
    return 1 if counts else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
