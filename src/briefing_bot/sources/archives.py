"""Where a cited page lives once its original is gone: archive rules and the Wayback Machine.

Two kinds of fallback, tried in this order after the original URL:

* **Archive rules** (data, not code): prefix rewrites, each optionally limited to works dated
  within a range — e.g. a past administration's White House pages, kept by the National
  Archives under that administration's own host with the same paths. The package ships
  ``archive_rules.yaml``; ``BRIEFING_BOT_ARCHIVE_RULES`` names another file.
* **The Wayback Machine**: its availability API names the capture closest to the endnote's
  date; the raw capture (``BASE/TIMESTAMPid_/ORIGINAL``, the page as it was captured, without
  the replay toolbar) is what gets stored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from briefing_bot.errors import BriefingBotError
from briefing_bot.sources.fetch import FetchError

DEFAULT_RULES = "archive_rules.yaml"


class ArchiveRulesError(BriefingBotError):
    """The archive rules file is missing or malformed."""


class ArchiveRule(BaseModel):
    """One prefix rewrite: URLs starting with ``prefix`` also live under ``replace``.

    ``start``/``end`` (inclusive, ISO dates) limit it to works dated in that range; a work
    without a date matches any range.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    name: str = Field(description="Shown as the archive a copy came from.")
    prefix: str = Field(min_length=8, description="URL prefix of the original site.")
    replace: str = Field(min_length=8, description="What the prefix becomes in the archive.")
    start: date | None = Field(None, alias="from", description="First date the rule covers.")
    end: date | None = Field(None, alias="until", description="Last date the rule covers.")

    def applies(self, url: str, when: date | None) -> bool:
        if not url.startswith(self.prefix):
            return False
        if when is None:
            return True
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)

    def rewrite(self, url: str) -> str:
        return self.replace + url[len(self.prefix) :]


class _RulesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rules: list[ArchiveRule] = Field(default_factory=list)


def load_archive_rules(path: Path | None = None) -> list[ArchiveRule]:
    """The rules in ``path`` (YAML: ``rules: [{name, prefix, replace, from?, until?}]``), or the
    package's default file. Raises :class:`ArchiveRulesError` for a file that doesn't parse."""
    try:
        if path is None:
            text = (
                resources.files("briefing_bot.sources").joinpath(DEFAULT_RULES).read_text("utf-8")
            )
        else:
            text = Path(path).expanduser().read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
        return _RulesFile.model_validate(data).rules
    except OSError as exc:
        raise ArchiveRulesError(f"cannot read archive rules {path}: {exc}") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise ArchiveRulesError(f"bad archive rules file {path or DEFAULT_RULES}: {exc}") from exc


def rule_candidates(
    url: str, when: date | None, rules: list[ArchiveRule]
) -> list[tuple[ArchiveRule, str]]:
    """``(rule, archive URL)`` for every rule that covers ``url`` at date ``when``, in order."""
    found: list[tuple[ArchiveRule, str]] = []
    for rule in rules:
        if rule.applies(url, when):
            target = rule.rewrite(url)
            if target != url and all(target != t for _, t in found):
                found.append((rule, target))
    return found


_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%d %B %Y", "%Y-%m-%d", "%B %Y", "%Y")


def parse_note_date(text: str | None) -> date | None:
    """The date an endnote gives for a work ("May 21, 2022", "updated October 25, 2024",
    "2021-06-02", "June 2021", "2021"), or None when there is none to read."""
    if not text:
        return None
    cleaned = re.sub(
        r"^(?:updated|published|accessed|last modified)\s+", "", text.strip(), flags=re.I
    )
    cleaned = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", cleaned).strip(" .,")
    cleaned = re.sub(r"\s+", " ", cleaned)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


# ---------------------------------------------------------------------------------------------
# The Wayback Machine


@dataclass(frozen=True)
class Capture:
    """A Wayback Machine capture: where its raw bytes are, and when it was taken."""

    raw_url: str  # BASE/TIMESTAMPid_/ORIGINAL
    timestamp: str  # YYYYMMDDhhmmss

    @property
    def captured(self) -> str:
        """The capture time in ISO 8601 (UTC)."""
        return timestamp_iso(self.timestamp)


_CAPTURE = re.compile(r"^/?(\d{4,14})(?:[a-z]{2}_)?/(.+)$", re.DOTALL)


def timestamp_iso(stamp: str) -> str:
    """``20220521140322`` → ``2022-05-21T14:03:22Z`` (shorter stamps are padded)."""
    full = (stamp + "0101000000"[len(stamp) - 4 :])[:14] if len(stamp) < 14 else stamp[:14]
    try:
        moment = datetime.strptime(full, "%Y%m%d%H%M%S")
    except ValueError:
        return stamp
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _same_scheme(url: str, base: str) -> str:
    """``url`` with ``base``'s scheme when their hosts agree: the availability API answers
    with http:// capture URLs even for an https:// archive."""
    if url.startswith("http://") and base.startswith("https://"):
        return "https://" + url[len("http://") :]
    return url


def raw_capture(snapshot_url: str, base: str) -> Capture:
    """The raw capture of a snapshot (replay) URL under ``base``; :class:`FetchError` for a
    URL outside ``base`` or without a timestamp."""
    base = base.rstrip("/")
    url = _same_scheme(snapshot_url, base)
    if not url.startswith(base + "/"):
        raise FetchError(f"capture URL outside the archive {base}: {snapshot_url}")
    match = _CAPTURE.match(url[len(base) :])
    if not match:
        raise FetchError(f"not a capture URL: {snapshot_url}")
    stamp, original = match.groups()
    return Capture(f"{base}/{stamp}id_/{original}", stamp)


def capture_of(url: str, base: str) -> Capture | None:
    """The capture a URL under ``base`` names (e.g. after the archive redirected to a nearby
    capture), or None."""
    try:
        return raw_capture(url, base)
    except FetchError:
        return None


def availability_query(api: str, original: str, when: date | None) -> str:
    """The availability API URL asking for ``original``'s capture closest to ``when``."""
    params = {"url": original}
    if when is not None:
        params["timestamp"] = when.strftime("%Y%m%d")
    return f"{api}{'&' if '?' in api else '?'}{urlencode(params)}"


def closest_snapshot(payload: bytes) -> str | None:
    """The closest available snapshot URL in an availability API answer, or None.

    Raises :class:`FetchError` for an answer that is not the API's JSON.
    """
    try:
        data: Any = json.loads(payload.decode("utf-8", errors="replace"))
    except ValueError:
        raise FetchError("the archive's availability API did not answer with JSON") from None
    closest = (
        (data.get("archived_snapshots") or {}).get("closest") if isinstance(data, dict) else None
    )
    if not isinstance(closest, dict) or not closest.get("available") or not closest.get("url"):
        return None
    status = str(closest.get("status", "200"))
    if not status.startswith("2"):
        return None  # a capture of an error page or a redirect
    return str(closest["url"])
