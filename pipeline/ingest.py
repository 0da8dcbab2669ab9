"""Readers that stream raw articles out of an archive: text, HTML, JSONL, CSV, WARC, stdin.

`iter_articles(path)` yields one `RawArticle` per input item, in a deterministic order
(folders are walked recursively, entries sorted by name). Nothing is lost: an item that
cannot be read still yields a `RawArticle` whose `error` carries a coded message (E1xx)
saying what was wrong and what to do, so a batch can record it and go on.

Encoding policy: UTF-8 (with or without BOM), then GB18030 — Chinese archives are full of
GBK/GB2312 pages, and GB18030 is their superset — else error E103. HTML goes through
trafilatura for main text, title and date; WARC through warcio (HTML responses only).
Both are optional dependencies imported inside the functions that use them.

Error codes:

    E101 binary content
    E102 empty text (also an empty file, or a file that holds no articles)
    E103 undecodable: not UTF-8 or GB18030
    E104 malformed JSONL line N: ...
    E105 truncated gzip
    E106 too long: N chars > limit M
    E107 HTML without main text
    E108 missing text field (JSONL object or CSV header without the text key)
    E109 unreadable input (I/O error, malformed CSV or WARC)
    E110 unsupported file type (a single file given explicitly)
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import gzip
import hashlib
import io
import json
import logging
import os
import re
import sys
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, Callable, Iterable, Iterator, Sequence, Union

# the default ceiling on article length; an article above it is an error item (E106)
from .config import MAX_CHARS

logger = logging.getLogger(__name__)

PathLike = Union[str, "os.PathLike[str]"]

#: File suffixes read by `iter_articles`, longest first so ".jsonl.gz" wins over ".gz".
SUFFIXES: tuple[str, ...] = (
    ".jsonl.gz",
    ".ndjson.gz",
    ".csv.gz",
    ".warc.gz",
    ".jsonl",
    ".ndjson",
    ".csv",
    ".warc",
    ".html",
    ".htm",
    ".txt",
)

STDIN = "-"


@dataclass(frozen=True)
class RawArticle:
    """One input item: an article's text and what the input says about it, or why it failed.

    `source` is the file path relative to the input root plus the item's position
    (`a.jsonl:7` for line 7, `b.csv:row 3` for the third data row, `c.warc.gz:record 2`
    for the second WARC record, `<stdin>:7`). `id` is the id the input gives, else
    `sha256:` + the hex digest of the text (of the source location for error items), so
    the same article gets the same id on every run.
    """

    id: str
    text: str
    published: str | None
    source: str
    url: str | None = None
    title: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the item can go to extraction."""
        return self.error is None

    @property
    def error_code(self) -> str | None:
        """The E-code of the error (`E103`), or None."""
        return self.error.split(" ", 1)[0] if self.error else None


class InputError(Exception):
    """A coded problem with one input item (message starts with its E-code)."""


# ---------------------------------------------------------------------------------------
# ids, dates, decoding


def text_id(text: str) -> str:
    """The stable id of an article without a given id: `sha256:` + hex of its UTF-8 text."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the article text (UTF-8), stored next to every article."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE_RE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:\D|$)")


def normalize_published(value: Any) -> str | None:
    """An ISO day (`2020-11-21`) from what an archive stores as a publication date, or None.

    Accepts dates, datetimes, ISO strings with or without time (`2020-11-21T08:00:00+08:00`),
    `2020/11/21`, `2020.11.21`, `2020年11月21日` and `20201121`. Anything else gives None:
    a wrong publication date would shift every relative date in the article ("on the 21st",
    去年), so it is better to leave it to the text.
    """
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    s = unicodedata.normalize("NFKC", value)
    m = _DATE_RE.match(s) or _COMPACT_DATE_RE.match(s)
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


# Characters GB18030-decoded Chinese text is made of; a "successful" GB18030 decode of
# Latin-1 or random bytes is mostly rare CJK extension and private-use characters.
_PLAUSIBLE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0009, 0x000D),
    (0x0020, 0x007E),
    (0x00A0, 0x00FF),
    (0x2000, 0x206F),
    (0x2100, 0x25FF),
    (0x3000, 0x303F),
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
)


#: Control bytes other than whitespace and ESC, deleted by bytes.translate in one C pass.
_CONTROL_DELETE = bytes(b for b in range(32) if b not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B))


def _plausible(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _PLAUSIBLE_RANGES)


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _control_ratio(text: str) -> float:
    sample = text[:10_000]
    if not sample:
        return 0.0
    return len(_CONTROL_CHARS.findall(sample)) / len(sample)


def decode_bytes(data: bytes) -> str:
    """Decode article bytes: UTF-8 (BOM stripped), else GB18030; raise InputError otherwise."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 with a BOM is rare in news archives but unambiguous; its NULs are not binary.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError("E103 undecodable: UTF-16 byte-order mark but invalid UTF-16") from exc
    head = data[:8192]
    if b"\x00" in head:
        raise InputError("E101 binary content: NUL bytes; not a text article")
    # C0 control bytes never occur inside UTF-8 or GB18030 multi-byte characters, so their
    # share of the raw bytes separates binary files from text in either encoding.
    if head and (len(head) - len(head.translate(None, _CONTROL_DELETE))) / len(head) > 0.01:
        raise InputError("E101 binary content: control bytes; not a text article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise InputError(
                "E103 undecodable: not UTF-8 or GB18030 "
                f"(invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "convert the file to UTF-8"
            ) from exc
        sample = text[:20_000]
        if sample and sum(map(_plausible, sample)) / len(sample) < 0.95:
            raise InputError(
                "E103 undecodable: not UTF-8 or GB18030 (decodes as GB18030 only to "
                "implausible characters); convert the file to UTF-8"
            )
    if _control_ratio(text) > 0.01:
        raise InputError("E101 binary content: control characters; not a text article")
    return text


def read_input(path: str) -> tuple[str, str]:
    """Text of one article file, or of stdin for '-', with a source label (for the
    single-article commands; archives go through iter_articles). Same decoding policy as
    a batch: UTF-8, else GB18030, binary refused."""
    if path == "-":
        data, source = sys.stdin.buffer.read(), "<stdin>"
    else:
        p = Path(path)
        if not p.is_file():
            raise InputError(f"E008 no such file: {path}")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"E109 unreadable input: {path}: {exc.strerror or exc}") from exc
        source = p.name
    try:
        if source.lower().endswith((".html", ".htm")):
            # A saved page: its main text, as a batch would read it.
            item = html_to_article(decode_html(data), source, max_chars=MAX_CHARS)
            if item.error:
                raise InputError(item.error)
            return item.text, source
        return decode_bytes(data), source
    except InputError as exc:
        raise InputError(f"{exc} ({source})") from exc


def check_text(text: str, max_chars: int) -> None:
    """Raise InputError when a decoded article cannot go to extraction (empty or too long)."""
    if not text.strip():
        raise InputError("E102 empty text")
    if len(text) > max_chars:
        raise InputError(
            f"E106 too long: {len(text):,} chars > limit {max_chars:,} — "
            "split the article or raise --max-chars"
        )


# ---------------------------------------------------------------------------------------
# item construction


def _error(source: str, message: str, *, id: str | None = None, url: str | None = None,
           title: str | None = None, published: str | None = None) -> RawArticle:
    art = RawArticle(
        id=id or text_id(source),
        text="",
        published=published,
        source=source,
        url=url,
        title=title,
        error=message,
    )
    logger.debug("input error in %s (article %s): %s", source, art.id, message)
    return art


def _article(text: str, source: str, *, max_chars: int, id: str | None = None,
             published: Any = None, url: str | None = None,
             title: str | None = None) -> RawArticle:
    given_id = str(id).strip() if id is not None and str(id).strip() else None
    pub = normalize_published(published)
    try:
        check_text(text, max_chars)
    except InputError as exc:
        # Errors keep the given id so a later fix of the input replaces the error row.
        return _error(source, str(exc), id=given_id, url=url, title=title, published=pub)
    article_id = given_id or text_id(text)
    if published not in (None, "") and pub is None:
        logger.warning("article %s (%s): publication date %r not understood; left empty",
                       article_id, source, published)
    return RawArticle(
        id=article_id,
        text=text,
        published=pub,
        source=source,
        url=url or None,
        title=title or None,
    )


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


# ---------------------------------------------------------------------------------------
# per-format readers


def _suffix(path: Path) -> str | None:
    name = path.name.lower()
    for suf in SUFFIXES:
        if name.endswith(suf):
            return suf
    return None


def _read_limited(path: Path, max_chars: int) -> bytes:
    # UTF-8 needs at most 4 bytes a character: a file above that cannot fit the limit, and
    # reading a multi-gigabyte "article" into memory would only fail later.
    limit = max_chars * 4
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        chars = _count_chars(path)
        size = f"{chars:,} chars" if chars is not None else f"{path.stat().st_size:,} bytes"
        raise InputError(
            f"E106 too long: {size} > limit {max_chars:,} — split the article or raise --max-chars"
        )
    return data


def _count_chars(path: Path) -> int | None:
    # Counted in a streaming pass so the message can say how far over the limit the file
    # is without holding it in memory; None when it is neither UTF-8 nor GB18030.
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        n = 0
        try:
            with open(path, "rb") as fh:
                while block := fh.read(1 << 20):
                    n += len(decoder.decode(block))
                n += len(decoder.decode(b"", final=True))
        except (UnicodeDecodeError, OSError):
            continue
        return n
    return None


def _read_decoded(path: Path, source: str, limit: int,
                  decode: Callable[[bytes], str]) -> tuple[str | None, RawArticle | None]:
    """A whole file read (up to `limit`) and decoded, or the error item that replaces it."""
    try:
        data = _read_limited(path, limit)
        if not data:
            raise InputError("E102 empty text: empty file")
        return decode(data), None
    except InputError as exc:
        return None, _error(source, str(exc))
    except OSError as exc:
        return None, _error(source, f"E109 unreadable input: {exc.strerror or exc}")


def _read_txt(path: Path, source: str, max_chars: int) -> Iterator[RawArticle]:
    text, error = _read_decoded(path, source, max_chars, decode_bytes)
    yield error if text is None else _article(text, source, max_chars=max_chars)


_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)""", re.I)
_GB_CHARSETS = {b"gb2312", b"gbk", b"gb18030", b"x-gbk", b"cp936", b"euc-cn", b"hz-gb-2312"}


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode an HTML page: a declared GB charset (header or meta) is read as GB18030,
    everything else goes through `decode_bytes` (UTF-8, then GB18030)."""
    charset = declared.lower().encode() if declared else None
    if charset is None:
        m = _META_CHARSET_RE.search(data[:4096])
        charset = m.group(1).lower() if m else None
    if charset in _GB_CHARSETS and not data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            pass  # pages often lie about their charset; fall back to the general policy
    return decode_bytes(data)


def html_to_article(html: str, source: str, *, max_chars: int, url: str | None = None,
                    id: str | None = None) -> RawArticle:
    """Main text, title and date of an HTML page (trafilatura), as one RawArticle."""
    import trafilatura  # optional extra "html"; imported here so the core stays light

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            # Only dates the page states as its own; htmldate's free-text search would pick
            # up dates quoted in the article body and shift relative dates ("on the 21st").
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises a zoo of lxml errors on broken markup
        return _error(source, f"E107 HTML without main text: extraction failed ({exc})", url=url)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        return _error(source, "E107 HTML without main text", url=url)
    title = _str_or_none(getattr(doc, "title", None))
    date = getattr(doc, "date", None)
    return _article(text, source, max_chars=max_chars, id=id, url=url or _str_or_none(
        getattr(doc, "url", None)), title=title, published=date)


def _read_html(path: Path, source: str, max_chars: int) -> Iterator[RawArticle]:
    # Markup is several times the size of its text; allow for it before extraction.
    html, error = _read_decoded(path, source, max_chars * 4, decode_html)
    yield error if html is None else html_to_article(html, source, max_chars=max_chars)


def _open_binary(path: Path) -> BinaryIO:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _gzip_error_message(exc: BaseException, where: str) -> str:
    return (
        f"E105 truncated gzip: {where} ({exc}); the items before it were read — "
        "re-fetch or re-compress the file"
    )


def _jsonl_lines(stream: BinaryIO, label: str, *, max_chars: int, text_key: str, id_key: str,
                 date_key: str, url_key: str, title_key: str) -> Iterator[RawArticle]:
    lineno = 0
    try:
        for raw in stream:
            lineno += 1
            if not raw.strip():
                continue  # blank lines separate nothing in JSONL; they are not items
            yield _jsonl_item(raw, f"{label}:{lineno}", lineno, max_chars=max_chars,
                              text_key=text_key, id_key=id_key, date_key=date_key,
                              url_key=url_key, title_key=title_key)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield _error(f"{label}:{lineno + 1}",
                     _gzip_error_message(exc, f"stream ends inside line {lineno + 1}"))
    except OSError as exc:
        yield _error(f"{label}:{lineno + 1}", f"E109 unreadable input: {exc}")


def _jsonl_item(raw: bytes, source: str, lineno: int, *, max_chars: int, text_key: str,
                id_key: str, date_key: str, url_key: str, title_key: str) -> RawArticle:
    try:
        line = decode_bytes(raw.rstrip(b"\r\n"))
    except InputError as exc:
        return _error(source, str(exc))
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return _error(source, f"E104 malformed JSONL line {lineno}: {exc.msg} at column {exc.colno}")
    if not isinstance(obj, dict):
        return _error(source, f"E104 malformed JSONL line {lineno}: expected an object, "
                              f"got {type(obj).__name__}")
    given_id = _str_or_none(obj.get(id_key))
    url = _str_or_none(obj.get(url_key))
    title = _str_or_none(obj.get(title_key))
    if text_key not in obj:
        keys = ", ".join(sorted(map(str, obj))[:8])
        return _error(source, f"E108 missing text field {text_key!r} (keys: {keys}); "
                              "choose the field with --text-key", id=given_id, url=url)
    text = obj[text_key]
    if text is None:
        text = ""
    if not isinstance(text, str):
        return _error(source, f"E108 text field {text_key!r} is a {type(text).__name__}, "
                              "not a string", id=given_id, url=url)
    return _article(text, source, max_chars=max_chars, id=given_id, url=url, title=title,
                    published=obj.get(date_key))


def _read_jsonl(path: Path, source: str, max_chars: int, **keys: str) -> Iterator[RawArticle]:
    try:
        stream = _open_binary(path)
    except OSError as exc:
        yield _error(source, f"E109 unreadable input: {exc.strerror or exc}")
        return
    with stream:
        yield from _jsonl_lines(stream, source, max_chars=max_chars, **keys)


def _sniff_encoding(sample: bytes) -> str:
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A sample cut through a multi-byte character is still UTF-8.
        if exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    try:
        sample.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:
            return "gb18030"
    return "utf-8"


def _read_csv(path: Path, source: str, max_chars: int, *, text_key: str, id_key: str,
              date_key: str, url_key: str, title_key: str) -> Iterator[RawArticle]:
    # News bodies are far longer than the csv module's default 128 KiB field limit.
    csv.field_size_limit(2**31 - 1)
    row = 0
    try:
        with _open_binary(path) as probe:
            sample = probe.read(1 << 20)
        if not sample:
            yield _error(source, "E102 empty text: empty file")
            return
        encoding = _sniff_encoding(sample)
        with _open_binary(path) as raw:
            text_stream = io.TextIOWrapper(raw, encoding=encoding, newline="")
            reader = csv.DictReader(text_stream)
            fields = reader.fieldnames or []
            if text_key not in fields:
                yield _error(f"{source}:header",
                             f"E108 missing text field {text_key!r} in the CSV header "
                             f"(columns: {', '.join(fields[:8])}); choose it with --text-key")
                return
            for rec in reader:
                row += 1
                item_source = f"{source}:row {row}"
                if None in rec:
                    yield _error(item_source, f"E109 unreadable input: CSV row {row} has more "
                                              f"fields than the header",
                                 id=_str_or_none(rec.get(id_key)))
                    continue
                yield _article(rec.get(text_key) or "", item_source, max_chars=max_chars,
                               id=rec.get(id_key), published=rec.get(date_key),
                               url=_str_or_none(rec.get(url_key)),
                               title=_str_or_none(rec.get(title_key)))
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield _error(f"{source}:row {row + 1}",
                     _gzip_error_message(exc, f"stream ends inside row {row + 1}"))
    except UnicodeDecodeError as exc:
        yield _error(f"{source}:row {row + 1}",
                     f"E103 undecodable: not UTF-8 or GB18030 from row {row + 1} on ({exc.reason}); "
                     "convert the file to UTF-8")
    except csv.Error as exc:
        yield _error(f"{source}:row {row + 1}", f"E109 unreadable input: malformed CSV ({exc})")
    except OSError as exc:
        yield _error(f"{source}:row {row + 1}", f"E109 unreadable input: {exc.strerror or exc}")


def _gzip_intact(path: Path) -> BaseException | None:
    try:
        with gzip.open(path, "rb") as fh:
            while fh.read(1 << 20):
                pass
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
        return exc
    return None


def _read_warc(path: Path, source: str, max_chars: int) -> Iterator[RawArticle]:
    from warcio.archiveiterator import ArchiveIterator  # optional extra "warc"

    n = 0
    found = 0
    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                n += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if "html" not in ctype:
                    continue
                found += 1
                item_source = f"{source}:record {n}"
                url = _str_or_none(record.rec_headers.get_header("WARC-Target-URI"))
                payload = record.content_stream().read(max_chars * 16 + 1)
                limit = getattr(record.raw_stream, "limit", 0)
                if limit and limit > 0 and len(payload) <= max_chars * 16:
                    # warcio hands out a short payload instead of raising on a cut archive.
                    yield _error(item_source, _gzip_error_message(
                        EOFError("record ends early"), f"record {n} is cut off"), url=url)
                    return
                m = re.search(r"charset=([\w-]+)", ctype)
                try:
                    if len(payload) > max_chars * 16:
                        raise InputError(f"E106 too long: WARC record {n} is over "
                                         f"{max_chars * 16:,} bytes — raise --max-chars")
                    html = decode_html(payload, m.group(1) if m else None)
                except InputError as exc:
                    yield _error(item_source, str(exc), url=url)
                    continue
                # WARC-Date is the crawl date, not the publication date; it is not used.
                yield html_to_article(html, item_source, max_chars=max_chars, url=url)
    except Exception as exc:  # warcio raises ArchiveLoadFailed and friends on bad input
        bad = _gzip_intact(path) if path.name.lower().endswith(".gz") else None
        if bad is not None:
            message = _gzip_error_message(bad, f"archive ends after record {n}")
        else:
            message = f"E109 unreadable input: malformed WARC at record {n + 1} ({exc})"
        yield _error(f"{source}:record {n + 1}", message)
        return
    if path.name.lower().endswith(".gz"):
        # warcio stops quietly at a truncated gzip member; check the stream end ourselves.
        bad = _gzip_intact(path)
        if bad is not None:
            yield _error(f"{source}:record {n + 1}",
                         _gzip_error_message(bad, f"archive ends after record {n}"))
            return
    if found == 0:
        yield _error(source, f"E102 empty text: no HTML responses among {n} WARC records")


def _read_file(path: Path, source: str, suffix: str, *, max_chars: int,
               keys: dict[str, str]) -> Iterator[RawArticle]:
    try:
        empty = path.stat().st_size == 0
    except OSError as exc:
        yield _error(source, f"E109 unreadable input: {exc.strerror or exc}")
        return
    if empty:
        yield _error(source, "E102 empty text: empty file")
        return
    if suffix == ".txt":
        yield from _read_txt(path, source, max_chars)
    elif suffix in (".html", ".htm"):
        yield from _read_html(path, source, max_chars)
    elif suffix in (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz"):
        yield from _read_jsonl(path, source, max_chars, **keys)
    elif suffix in (".csv", ".csv.gz"):
        yield from _read_csv(path, source, max_chars, **keys)
    elif suffix in (".warc", ".warc.gz"):
        yield from _read_warc(path, source, max_chars)
    else:  # pragma: no cover - guarded by _suffix
        yield _error(source, f"E110 unsupported file type: {path.name}")


def _walk(root: Path) -> Iterator[Path]:
    # Depth-first, each directory sorted by name: deterministic without holding the whole
    # file list of a million-file archive in memory.
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        logger.warning("cannot list %s: %s", root, exc)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def iter_articles(
    inputs: PathLike | Sequence[PathLike],
    *,
    text_key: str = "text",
    id_key: str = "id",
    date_key: str = "published",
    url_key: str = "url",
    title_key: str = "title",
    max_chars: int = MAX_CHARS,
    stdin: IO[bytes] | None = None,
) -> Iterator[RawArticle]:
    """Stream every article in `inputs` (files, folders, or "-" for JSONL on stdin).

    Folders are read recursively in sorted order; hidden entries are skipped and so are
    files of other types (logged at INFO). A single file of an unknown type is an error
    item (E110). Every input item yields exactly one RawArticle.
    """
    paths: Sequence[PathLike] = [inputs] if isinstance(inputs, (str, os.PathLike)) else inputs
    keys = dict(text_key=text_key, id_key=id_key, date_key=date_key, url_key=url_key,
                title_key=title_key)
    for given in paths:
        if str(given) == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _jsonl_lines(stream, "<stdin>", max_chars=max_chars, **keys)
            continue
        root = Path(given)
        if root.is_dir():
            for path in _walk(root):
                suffix = _suffix(path)
                rel = path.relative_to(root).as_posix()
                if suffix is None:
                    logger.info("skipped %s: not an article format (%s)", rel,
                                ", ".join(SUFFIXES))
                    continue
                yield from _read_file(path, rel, suffix, max_chars=max_chars, keys=keys)
        elif root.exists():
            suffix = _suffix(root)
            if suffix is None:
                yield _error(root.name, f"E110 unsupported file type: {root.name} "
                                        f"(read: {', '.join(SUFFIXES)})")
                continue
            yield from _read_file(root, root.name, suffix, max_chars=max_chars, keys=keys)
        else:
            raise FileNotFoundError(f"E100 input not found: {given}")


def count_items(inputs: PathLike | Sequence[PathLike]) -> int | None:
    """A cheap count of the items `iter_articles` will yield, or None when it is not cheap
    (stdin, compressed files, WARC). Counts lines for JSONL and CSV (an upper bound when
    CSV fields span lines), files for text and HTML. Used for the progress ETA only."""
    paths: Sequence[PathLike] = [inputs] if isinstance(inputs, (str, os.PathLike)) else inputs
    total = 0
    for given in paths:
        if str(given) == STDIN:
            return None
        root = Path(given)
        files: Iterable[Path] = _walk(root) if root.is_dir() else [root]
        for path in files:
            suffix = _suffix(path)
            if suffix is None:
                continue
            if suffix.endswith(".gz") or suffix.startswith(".warc"):
                return None
            if suffix in (".jsonl", ".ndjson", ".csv"):
                n = _count_lines(path)
                total += max(n - (1 if suffix == ".csv" else 0), 1)
            else:
                total += 1
    return total


def _count_lines(path: Path) -> int:
    n = 0
    last = b"\n"
    try:
        with open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                n += block.count(b"\n")
                last = block[-1:]
    except OSError:
        return 1
    return n + (last != b"\n")


__all__ = [
    "MAX_CHARS",
    "InputError",
    "RawArticle",
    "SUFFIXES",
    "check_text",
    "count_items",
    "decode_bytes",
    "decode_html",
    "html_to_article",
    "iter_articles",
    "normalize_published",
    "text_id",
    "text_sha256",
]
