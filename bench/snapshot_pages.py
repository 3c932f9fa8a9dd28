"""The benchmark's pages, and their neighbours, written to files: to prove that a change for speed
changes nothing a person sees.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpc_bench .venv/bin/python -m bench.snapshot_pages \\
        --out /tmp/before
    # ... change the code ...
    DATABASE_URL=... .venv/bin/python -m bench.snapshot_pages --compare /tmp/before

Same targets as bench.web (the largest authority of seed_scale data), DEBUG off, through
django.test.Client, plus the variants a person reaches from them: the case list's filters and second
page, other cases, every step of the live page for a scheduled and a held conference, the API list's
filters and a family's detail. CSRF tokens (different on every request) are blanked; nothing else is.
With --compare, each body is checked byte for byte against the earlier run's, and the status code too;
the exit status is 1 if any differs."""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.web_settings"

import django

django.setup()

from django.db.models import Count  # noqa: E402

from authorities.models import Authority  # noqa: E402
from cases.models import Family  # noqa: E402
from conferences.live.steps import _FAILURE_STEPS  # noqa: E402
from conferences.models import Conference, ConferenceStatus  # noqa: E402

from .web import pick_targets, signed_in  # noqa: E402

CSRF = re.compile(rb'((?:name="csrfmiddlewaretoken" value|name="csrf-token" content)=")[^"]+"')


def _slug(url: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", url).strip("_")


def variants() -> list[tuple[int, str]]:
    """(user id, URL) for every page to compare."""
    targets = {t.name: t for t in pick_targets()}
    case_list, case_page = targets["case-list"], targets["case-page"]
    live, api = targets["live-page"], targets["api-list"]
    slug = case_list.url.strip("/").split("/")[0]
    authority = Authority.objects.get(slug=slug)
    worker = case_list.user_id
    urls = [(worker, case_list.url + query) for query in ("", "?whose=mine", "?whose=team", "?page=2")]
    urls += [(worker, f"{case_list.url}?status={s}") for s in ("overdue", "met_on_time", "not_due")]
    urls += [(worker, f"{case_list.url}?search=a"), (worker, case_page.url)]
    families = Family.objects.for_authority(authority).annotate(n=Count("conferences")).order_by("-n", "pk")
    urls += [(worker, f"/{slug}/cases/{pk}/") for pk in families.values_list("pk", flat=True)[:4]]
    conferences = Conference.objects.for_authority(authority).exclude(chair=None).order_by("pk")
    held = conferences.filter(status=ConferenceStatus.HELD).annotate(n=Count("children")).order_by("-n", "pk")
    live_pk = int(live.url.rstrip("/").split("/")[-2])
    steps = sorted(set(_FAILURE_STEPS.values()))
    for conference in [conferences.get(pk=live_pk), held.first()]:
        base = f"/{slug}/conferences/{conference.pk}/live/"
        chair = conference.chair.user_id
        urls += [(chair, base)] + [(chair, f"{base}?step={step}") for step in steps]
    urls += [(api.user_id, api.url + query) for query in ("", "?page=2", "?status=overdue", "?q=a")]
    first_family = families.values_list("pk", flat=True).first()
    urls += [(api.user_id, f"{api.url}{first_family}/")]
    return urls


def snapshot(urls: list[tuple[int, str]]) -> dict[str, tuple[int, bytes]]:
    clients = {}
    taken = {}
    for user_id, url in urls:
        if user_id not in clients:
            clients[user_id] = signed_in(user_id)[0]
        response = clients[user_id].get(url)
        taken[f"{user_id}_{_slug(url)}"] = (response.status_code, CSRF.sub(rb'\1-"', response.content))
    return taken


def main() -> int:
    parser = argparse.ArgumentParser(description="Write the pages to files, or compare with earlier files.")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", type=Path)
    group.add_argument("--compare", type=Path)
    args = parser.parse_args()
    taken = snapshot(variants())
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, (status, body) in taken.items():
            (args.out / f"{name}.{status}").write_bytes(body)
        print(f"{len(taken)} pages written to {args.out}")
        return 0
    differ = 0
    for name, (status, body) in taken.items():
        earlier = list(args.compare.glob(f"{name}.*"))
        if not earlier:
            print(f"NEW      {name}")
            differ += 1
            continue
        before = earlier[0].read_bytes()
        if earlier[0].suffix != f".{status}" or before != body:
            differ += 1
            print(f"DIFFERS  {name} ({earlier[0].suffix[1:]} then {status})")
            diff = difflib.unified_diff(
                before.decode(errors="replace").splitlines(),
                body.decode(errors="replace").splitlines(),
                lineterm="",
            )
            print("\n".join(list(diff)[:40]))
        else:
            print(f"same     {name} ({len(body)} bytes)")
    print(f"\n{len(taken) - differ} of {len(taken)} pages byte-identical (CSRF tokens blanked)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
