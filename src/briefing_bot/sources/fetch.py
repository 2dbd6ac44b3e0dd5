"""HTTP downloads with every limit: scheme, redirects, media type, size (decompressed), wall time.

:func:`fetch_url` makes one exchange (the request and its redirects) within a wall-clock
deadline that also covers the header phase: the exchange runs in a worker thread and the
caller stops waiting when the deadline passes, whatever the server does (a server that sleeps
before its headers, or sends them a byte at a time, cannot hold the caller). Bodies are
decoded here, layer by layer (``Content-Encoding: gzip, gzip``), each step bounded, so a
compression bomb is refused after ``max_bytes`` of output instead of filling memory.

:func:`fetch_politely` adds what a good citizen of the web does around that: a descriptive
User-Agent, a per-host pause between requests (:class:`HostLimiter`) and bounded retries with
backoff on 429 and 5xx answers, honouring ``Retry-After``.
"""

from __future__ import annotations

import email.utils
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

from briefing_bot._version import __version__
from briefing_bot.errors import BriefingBotError

USER_AGENT = (
    f"briefing-bot/{__version__} (fetches the works a paper cites, one request per host at a "
    "time; +https://github.com/)"
)

# Media type → document kind. Anything else is refused before its body is read.
CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
}
JSON_TYPES = {"application/json": "json", "text/json": "json", "text/plain": "json"}
# Only encodings decoded here (bounded) are asked for; anything else is refused.
ACCEPT_ENCODING = "gzip, deflate"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_PIECE = 64 * 1024  # largest piece any decoding step may produce at once


class FetchError(BriefingBotError):
    """A URL could not be downloaded: bad scheme, network, HTTP status, type, size or time."""


class HTTPStatusError(FetchError):
    """The server answered with an error status; ``retry_after`` in seconds when it said."""

    def __init__(self, message: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


@dataclass
class Download:
    """A downloaded document: its bytes and what kind of document they are."""

    url: str  # as asked
    final_url: str  # after redirects
    kind: str  # markdown | text | html | pdf | docx (| json for archive lookups)
    content_type: str
    data: bytes
    charset: str | None = None


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL; raises :class:`FetchError` otherwise."""
    try:
        parts = urlparse(url)
        host = parts.hostname
    except ValueError as exc:  # e.g. a bad IPv6 literal
        raise FetchError(f"not a valid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"only http(s) URLs can be fetched, not {scheme or 'a bare path'}")
    if not host:
        raise FetchError("URL has no host")
    return url


def http_client(user_agent: str = USER_AGENT) -> Any:
    """An ``httpx.Client`` for :func:`fetch_url` (thread-safe; share it across downloads:
    building one loads the CA bundle, which takes longer than many downloads)."""
    import httpx

    return httpx.Client(
        follow_redirects=False,
        headers={"User-Agent": user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        event_hooks={"response": [check_redirect]},
    )


def check_redirect(response: Any) -> None:
    """Refuse a redirect to a non-http(s) or malformed URL with a clear :class:`FetchError`.

    A response hook: httpx parses a redirect's target before handing the response back, and
    fails on ``data:`` or ``javascript:`` targets with an error that names neither.
    """
    import httpx

    location = response.headers.get("location") if response.is_redirect else None
    if not location:
        return
    try:
        scheme = urlparse(location.strip()).scheme.lower()
        if scheme and scheme not in ("http", "https"):
            raise FetchError(f"redirect to a {scheme}: URL refused (only http(s))")
        response.url.join(location)
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(f"redirect to an invalid URL: {exc}") from None


def fetch_url(
    url: str,
    *,
    timeout: float = 10.0,
    max_bytes: int = 10_000_000,
    max_redirects: int = 5,
    client: Any | None = None,
    allowed_prefix: str | None = None,
    content_types: dict[str, str] | None = None,
) -> Download:
    """Download ``url`` (http/https only) within ``timeout`` seconds in all.

    The deadline covers connecting, the headers, every redirect and the body. Follows at most
    ``max_redirects`` redirects (each must be http(s), and start with ``allowed_prefix`` when
    given), refuses media types outside ``content_types`` (default: HTML, PDF, plain text and
    Markdown) before reading the body, and aborts a body larger than ``max_bytes`` (declared,
    streamed or decompressed). Raises :class:`FetchError` with the reason
    (:class:`HTTPStatusError` for an error status). ``client`` is an :func:`http_client` to
    reuse (one is made and closed otherwise).
    """
    check_url(url)
    if allowed_prefix is not None and not url.startswith(allowed_prefix):
        raise FetchError(f"{url} is outside {allowed_prefix}")
    if client is None:
        with http_client() as own:
            return fetch_url(
                url,
                timeout=timeout,
                max_bytes=max_bytes,
                max_redirects=max_redirects,
                client=own,
                allowed_prefix=allowed_prefix,
                content_types=content_types,
            )
    exchange = _Exchange(
        client,
        timeout=timeout,
        max_bytes=max_bytes,
        max_redirects=max_redirects,
        allowed_prefix=allowed_prefix,
        content_types=content_types or CONTENT_TYPES,
    )
    box: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            box["result"] = exchange.run(url)
        except BaseException as exc:  # handed to the caller, who raises it
            box["error"] = exc
        finally:
            done.set()

    # A daemon thread: when the deadline passes the caller returns and this thread ends at
    # its next read (bounded by the same deadline), or with the process.
    threading.Thread(target=work, name="briefing-bot-fetch", daemon=True).start()
    if not done.wait(timeout):
        exchange.cancelled = True
        raise FetchError(f"timed out after {timeout:g} s")
    if "error" in box:
        raise box["error"]
    result: Download = box["result"]
    return result


class _Exchange:
    """One request and its redirects, run on a worker thread by :func:`fetch_url`."""

    def __init__(
        self,
        client: Any,
        *,
        timeout: float,
        max_bytes: int,
        max_redirects: int,
        allowed_prefix: str | None,
        content_types: dict[str, str],
    ) -> None:
        self.client = client
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.allowed_prefix = allowed_prefix
        self.content_types = content_types
        self.cancelled = False

    def _remaining(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0 or self.cancelled:
            raise FetchError(f"timed out after {self.timeout:g} s")
        return remaining

    def run(self, url: str) -> Download:
        import httpx

        current = url
        try:
            for _ in range(self.max_redirects + 1):
                timeout = httpx.Timeout(self._remaining())
                with self.client.stream("GET", current, timeout=timeout) as resp:
                    if resp.is_redirect:
                        current = self._redirect_target(resp)
                        continue
                    if resp.status_code >= 400:
                        raise HTTPStatusError(
                            f"HTTP {resp.status_code} {resp.reason_phrase}".strip(),
                            resp.status_code,
                            retry_after(resp.headers.get("retry-after")),
                        )
                    if not resp.is_success:
                        raise FetchError(f"unexpected HTTP status {resp.status_code}")
                    return self._read_body(resp, url)
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.timeout:g} s") from None
        except httpx.ConnectError as exc:
            raise FetchError(f"cannot connect: {exc}") from None
        except httpx.InvalidURL as exc:
            raise FetchError(f"not a valid URL: {exc}") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"download failed: {type(exc).__name__}: {exc}") from None
        raise FetchError(f"more than {self.max_redirects} redirects")

    def _redirect_target(self, resp: Any) -> str:
        import httpx

        location = resp.headers.get("location")
        if not location:
            raise FetchError(f"HTTP {resp.status_code} redirect without a target")
        try:
            target = str(resp.url.join(location))
        except (httpx.InvalidURL, ValueError) as exc:
            raise FetchError(f"redirect to an invalid URL: {exc}") from None
        scheme = urlparse(target).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"redirect to a {scheme or 'schemeless'}: URL refused (only http(s))")
        check_url(target)
        if self.allowed_prefix is not None and not target.startswith(self.allowed_prefix):
            raise FetchError(f"redirect outside {self.allowed_prefix} refused: {target}")
        return target

    def _read_body(self, resp: Any, url: str) -> Download:
        header = resp.headers.get("content-type", "")
        media = header.split(";", 1)[0].strip().lower()
        kind = self.content_types.get(media)
        if kind is None and media not in ("", "application/octet-stream"):
            raise FetchError(f"unsupported content type {media!r} (expected {_expected(self)})")
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"too large: {int(declared):,} bytes (limit {self.max_bytes:,})")
        decoder = Decoder(resp.headers.get("content-encoding", ""))
        body = bytearray()
        for raw in resp.iter_raw(_PIECE):
            for piece in decoder.feed(raw):
                body += piece
                if len(body) > self.max_bytes:
                    raise FetchError(f"too large: more than {self.max_bytes:,} bytes")
            self._remaining()
        for piece in decoder.flush():
            body += piece
            if len(body) > self.max_bytes:
                raise FetchError(f"too large: more than {self.max_bytes:,} bytes")
        data = bytes(body)
        final = str(resp.url)
        if kind is None:
            # Many servers label PDFs as generic binary: trust the file's own signature only.
            if "pdf" not in self.content_types.values() or not data.startswith(b"%PDF-"):
                raise FetchError(f"unsupported content type {media or 'none'!r} (not a PDF either)")
            kind = "pdf"
        if kind == "text" and urlparse(final).path.lower().endswith((".md", ".markdown")):
            kind = "markdown"
        return Download(url, final, kind, media or "application/pdf", data, resp.charset_encoding)


def _expected(exchange: _Exchange) -> str:
    if exchange.content_types is JSON_TYPES:
        return "JSON"
    return "HTML, PDF, Word, plain text or Markdown"


class Decoder:
    """Undo ``Content-Encoding`` layers (gzip, deflate, identity) in bounded steps.

    Every step asks zlib for at most 64 KiB of output, so memory stays small however much a
    few compressed bytes expand to; the caller counts what comes out and stops at its limit.
    Unknown encodings are refused (only ``gzip, deflate`` are asked for).
    """

    def __init__(self, header: str) -> None:
        codings = [c.strip().lower() for c in header.split(",") if c.strip()]
        self._stages: list[Any] = []
        # Encodings are listed in the order they were applied: undo them in reverse.
        for coding in reversed(codings):
            if coding == "identity":
                continue
            if coding in ("gzip", "x-gzip"):
                self._stages.append(zlib.decompressobj(zlib.MAX_WBITS | 16))
            elif coding == "deflate":
                self._stages.append(_Deflate())
            else:
                raise FetchError(f"unsupported content encoding {coding!r}")

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decoded pieces of ``data`` (each at most 64 KiB)."""
        yield from self._pump(0, data)

    def flush(self) -> Iterator[bytes]:
        """What the stages still hold once the body has ended."""
        for i, stage in enumerate(self._stages):
            rest = stage.flush(_PIECE) if isinstance(stage, _Deflate) else stage.flush()
            if rest:
                yield from self._pump(i + 1, rest)

    def _pump(self, i: int, data: bytes) -> Iterator[bytes]:
        if i == len(self._stages):
            if data:
                yield data
            return
        stage = self._stages[i]
        pending = data
        while pending:
            try:
                out = stage.decompress(pending, _PIECE)
            except zlib.error as exc:
                raise FetchError(f"damaged compressed body: {exc}") from None
            pending = stage.unconsumed_tail
            if out:
                yield from self._pump(i + 1, out)
            elif not pending:
                break


class _Deflate:
    """``deflate`` as servers send it: zlib-wrapped by the standard, sometimes raw."""

    def __init__(self) -> None:
        self._obj: Any = None

    @property
    def unconsumed_tail(self) -> bytes:
        return bytes(self._obj.unconsumed_tail) if self._obj is not None else b""

    def decompress(self, data: bytes, max_length: int) -> bytes:
        if self._obj is None:
            # A zlib header: low nibble 8 (deflate) and a 16-bit check that divides by 31.
            zlib_wrapped = (
                len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            )
            self._obj = zlib.decompressobj(zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS)
        return bytes(self._obj.decompress(data, max_length))

    def flush(self, length: int) -> bytes:
        return bytes(self._obj.flush(length)) if self._obj is not None else b""


def retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date); None if absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


# ---------------------------------------------------------------------------------------------
# Politeness


@dataclass(frozen=True)
class Politeness:
    """How hard downloads may press a server.

    ``host_interval``: seconds between the starts of two requests to one host.
    ``retries``: extra attempts after a 429 or 5xx answer, waiting ``Retry-After`` when the
    server says (refused when it asks for more than ``max_retry_wait`` seconds) and
    ``backoff`` × 2^attempt seconds otherwise.
    """

    user_agent: str = USER_AGENT
    host_interval: float = 1.0
    retries: int = 2
    backoff: float = 1.0
    max_retry_wait: float = 30.0


DEFAULT_POLITENESS = Politeness()


class HostLimiter:
    """Spaces the requests to each host by ``interval`` seconds (thread-safe)."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> None:
        """Sleep until a request to ``url``'s host may start, and book that slot."""
        host = (urlparse(url).hostname or "").lower()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.interval
        if start > now:
            time.sleep(start - now)


def fetch_politely(
    url: str,
    *,
    client: Any,
    limiter: HostLimiter,
    politeness: Politeness = DEFAULT_POLITENESS,
    **limits: Any,
) -> Download:
    """:func:`fetch_url` after the host's turn comes, retried on 429 and 5xx answers.

    ``limits`` are :func:`fetch_url`'s keyword arguments; each attempt has its own
    ``timeout``. Raises the last attempt's :class:`FetchError`.
    """
    for attempt in range(politeness.retries + 1):
        limiter.wait(url)
        try:
            return fetch_url(url, client=client, **limits)
        except HTTPStatusError as exc:
            if exc.status not in RETRY_STATUSES or attempt == politeness.retries:
                raise
            wait = exc.retry_after
            if wait is None:
                wait = politeness.backoff * 2**attempt
            elif wait > politeness.max_retry_wait:
                raise HTTPStatusError(
                    f"{exc}, retry after {wait:g} s (more than {politeness.max_retry_wait:g} s)",
                    exc.status,
                    wait,
                ) from None
            time.sleep(wait)
    raise AssertionError("unreachable")  # the loop returns or raises
