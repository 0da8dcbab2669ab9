"""Ingest: every format read from real files, every bad input accounted for with a coded error."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest import (InputError, RawArticle, count_items, decode_bytes, iter_articles,
                             normalize_published, text_id)

LANKAO = "河南省政府27日宣布，兰考县符合贫困县退出条件，正式退出贫困县序列。"
GUIZHOU = ("GUIYANG, Nov. 23 -- Guizhou announced that its last nine poor counties, "
           "including Nayong and Weining, have been removed from the poverty list.")
CHONGQING = "重庆市人民政府发布通知，同意城口县、巫溪县、酉阳土家族苗族自治县、彭水苗族土家族自治县退出贫困县。"


def read(path: Path | str, **kw: object) -> list[RawArticle]:
    return list(iter_articles(path, **kw))  # type: ignore[arg-type]


def write_warc(path: Path, pages: list[tuple[str, str, bytes]], *, extra_png: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=path.name.endswith(".gz"))
    for url, ctype, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers))
    if extra_png:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://example.org/logo.png", "response",
            payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(100)), http_headers=headers))
    path.write_bytes(buf.getvalue())


def html_page(title: str, body: str, date: str | None = None, charset: str = "utf-8") -> str:
    meta = f'<meta name="date" content="{date}">' if date else ""
    return (f'<html><head><meta charset="{charset}"><title>{title}</title>{meta}</head><body>'
            f'<div class="nav">首页 | 新闻</div><article><h1>{title}</h1><p>{body}</p></article>'
            f'<div class="footer">版权所有</div></body></html>')


# --- good inputs, one format at a time ------------------------------------------------


def test_txt_utf8_is_read_with_its_relative_source_and_text_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(LANKAO, encoding="utf-8")
    (art,) = read(tmp_path)
    assert art.ok and art.text == LANKAO
    assert art.source == "a.txt"
    assert art.id == "sha256:" + hashlib.sha256(LANKAO.encode()).hexdigest()
    assert art.published is None


def test_txt_with_utf8_bom_loses_the_bom(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + LANKAO.encode())
    (art,) = read(tmp_path / "bom.txt")
    assert art.text == LANKAO and art.source == "bom.txt"


def test_gb18030_text_is_decoded_by_the_fallback(tmp_path: Path) -> None:
    (tmp_path / "gbk.txt").write_bytes(CHONGQING.encode("gb18030"))
    (art,) = read(tmp_path)
    assert art.ok and art.text == CHONGQING


def test_gbk_html_page_declares_its_charset(tmp_path: Path) -> None:
    page = html_page("重庆最后4个贫困县脱贫摘帽", CHONGQING, "2020-02-25", charset="gbk")
    (tmp_path / "cq.html").write_bytes(page.encode("gbk"))
    (art,) = read(tmp_path)
    assert art.ok, art.error
    assert "城口县" in art.text
    assert art.title == "重庆最后4个贫困县脱贫摘帽"
    assert art.published == "2020-02-25"


def test_folder_is_walked_recursively_in_sorted_order_skipping_hidden_and_other_files(
        tmp_path: Path) -> None:
    for rel in ("b/2.txt", "b/1.txt", "a.txt", "c/d/e.txt"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"{rel}: {LANKAO}", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(LANKAO, encoding="utf-8")
    (tmp_path / "README.md").write_text("# notes", encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    sources = [a.source for a in read(tmp_path)]
    assert sources == ["a.txt", "b/1.txt", "b/2.txt", "c/d/e.txt"]
    assert sources == [a.source for a in read(tmp_path)]  # deterministic


def test_jsonl_gives_ids_dates_urls_titles_and_line_numbers(tmp_path: Path) -> None:
    lines = [
        {"id": "gs-1", "text": LANKAO, "published": "2017-03-27T10:00:00+08:00",
         "url": "https://example.org/1", "title": "兰考摘帽"},
        {"text": GUIZHOU, "published": "2020/11/23"},
    ]
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n",
                    encoding="utf-8")
    a, b = read(path)
    assert (a.id, a.published, a.url, a.title, a.source) == (
        "gs-1", "2017-03-27", "https://example.org/1", "兰考摘帽", "news.jsonl:1")
    assert (b.id, b.published, b.source) == (text_id(GUIZHOU), "2020-11-23", "news.jsonl:2")


def test_jsonl_field_names_are_options(tmp_path: Path) -> None:
    path = tmp_path / "crawl.jsonl"
    path.write_text(json.dumps({"doc_id": 7, "body": LANKAO, "date": "2017年3月27日",
                                "link": "https://example.org/7", "headline": "兰考"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    (art,) = read(path, text_key="body", id_key="doc_id", date_key="date", url_key="link",
                  title_key="headline")
    assert (art.id, art.text, art.published, art.url, art.title) == (
        "7", LANKAO, "2017-03-27", "https://example.org/7", "兰考")


def test_jsonl_gz_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i in range(50):
            fh.write(json.dumps({"id": f"n{i}", "text": f"{i} {LANKAO}"}, ensure_ascii=False) + "\n")
    arts = read(path)
    assert [a.id for a in arts] == [f"n{i}" for i in range(50)]
    assert all(a.ok for a in arts)


def test_stdin_dash_reads_jsonl(tmp_path: Path) -> None:
    data = (json.dumps({"id": "s1", "text": LANKAO}, ensure_ascii=False) + "\n").encode()
    (art,) = read("-", stdin=io.BytesIO(data))
    assert (art.id, art.source, art.text) == ("s1", "<stdin>:1", LANKAO)


def test_csv_with_bom_and_long_fields_and_column_options(tmp_path: Path) -> None:
    long_text = LANKAO * 10_000  # 360k chars: above csv's default 128 KiB field limit
    path = tmp_path / "news.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["key", "body", "day", "link"])
        w.writerow(["c1", LANKAO, "2017-03-27", "https://example.org/c1"])
        w.writerow(["c2", long_text, "", ""])
        w.writerow(["", "多行\n正文，兰考县退出贫困县。", "20170327", ""])
    a, b, c = read(path, text_key="body", id_key="key", date_key="day", url_key="link")
    assert (a.id, a.text, a.published, a.url, a.source) == (
        "c1", LANKAO, "2017-03-27", "https://example.org/c1", "news.csv:row 1")
    assert b.ok and len(b.text) == len(long_text)
    assert c.id.startswith("sha256:") and c.text.startswith("多行\n") and c.published == "2017-03-27"
    assert c.source == "news.csv:row 3"


def test_gbk_csv_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes(("id,text\ncq,\"" + CHONGQING + "\"\n").encode("gb18030"))
    (art,) = read(path)
    assert art.ok and art.text == CHONGQING


def test_html_main_text_title_and_date_without_boilerplate(tmp_path: Path) -> None:
    (tmp_path / "page.htm").write_text(html_page("兰考县正式脱贫摘帽", LANKAO, "2017-03-27"),
                                       encoding="utf-8")
    (art,) = read(tmp_path)
    assert art.ok, art.error
    assert LANKAO in art.text and "版权所有" not in art.text
    assert art.title == "兰考县正式脱贫摘帽" and art.published == "2017-03-27"
    assert art.id == text_id(art.text)


def test_warc_reads_html_responses_only(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [
        ("https://example.org/a", "text/html; charset=gbk",
         html_page("重庆", CHONGQING, charset="gbk").encode("gbk")),
        ("https://example.org/b", "text/html",
         html_page("Guizhou", GUIZHOU, "2020-11-23").encode()),
    ])
    a, b = read(path)
    assert a.ok and "城口县" in a.text and a.url == "https://example.org/a"
    assert a.source == "crawl.warc.gz:record 1"
    assert b.ok and "Nayong" in b.text and b.published == "2020-11-23"
    assert b.source == "crawl.warc.gz:record 2"


def test_uncompressed_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, [("https://example.org/a", "text/html", html_page("兰考", LANKAO).encode())],
               extra_png=False)
    (art,) = read(path)
    assert art.ok and LANKAO in art.text


def test_same_inputs_give_the_same_ids_on_every_run(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(LANKAO, encoding="utf-8")
    (tmp_path / "b.bin.txt").write_bytes(b"\x00\x01binary")
    assert [a.id for a in read(tmp_path)] == [a.id for a in read(tmp_path)]


# --- bad inputs: each yields exactly one coded error item and the rest go on --------------


def test_empty_file_is_E102(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (art,) = read(tmp_path)
    assert art.error_code == "E102" and "empty" in (art.error or "")
    assert art.id == text_id("empty.txt")  # errors are keyed by their source location


def test_whitespace_only_article_is_E102(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text("\n  \u3000\n", encoding="utf-8")
    (art,) = read(tmp_path)
    assert art.error == "E102 empty text"


def test_binary_file_is_E101(tmp_path: Path) -> None:
    (tmp_path / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (art,) = read(tmp_path)
    assert art.error is not None and art.error.startswith("E101 binary content")


def test_undecodable_bytes_are_E103(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes(b"Lankao County\xff\xfe\x80 exit " * 3)
    (art,) = read(tmp_path)
    assert art.error is not None and art.error.startswith("E103 undecodable: not UTF-8 or GB18030")


def test_malformed_jsonl_line_is_one_E104_item_and_the_rest_go_on(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    good = json.dumps({"id": "ok", "text": LANKAO}, ensure_ascii=False)
    lines = [good.replace("ok", f"ok{i}") for i in range(1, 7)]
    lines.insert(6, '{"id": "broken", "text": "兰考')  # line 7
    lines.append("[1, 2]")  # line 8: valid JSON, not an object
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    arts = read(path)
    assert len(arts) == 8
    bad = arts[6]
    assert bad.source == "news.jsonl:7"
    assert bad.error is not None and bad.error.startswith("E104 malformed JSONL line 7: ")
    assert arts[7].error is not None and arts[7].error.startswith("E104 malformed JSONL line 8")
    assert [a.id for a in arts if a.ok] == [f"ok{i}" for i in range(1, 7)]


def test_jsonl_line_without_the_text_field_is_E108_and_keeps_its_id(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"id": "x1", "body": LANKAO}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    (art,) = read(path)
    assert art.id == "x1" and art.error_code == "E108" and "--text-key" in (art.error or "")


def test_truncated_gzip_yields_the_lines_read_plus_one_E105(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    payload = "".join(json.dumps({"id": f"n{i}", "text": f"{i} {LANKAO} " * 20},
                                 ensure_ascii=False) + "\n" for i in range(200))
    data = gzip.compress(payload.encode(), mtime=0)
    path.write_bytes(data[: len(data) // 2])
    arts = read(path)
    good = [a for a in arts if a.ok]
    assert len(good) >= 1 and [a.id for a in good] == [f"n{i}" for i in range(len(good))]
    assert len(arts) == len(good) + 1
    last = arts[-1]
    assert last.error is not None and last.error.startswith("E105 truncated gzip")
    assert last.source == f"news.jsonl.gz:{len(good) + 1}"


def test_truncated_warc_gz_is_E105_after_the_records_read(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    pages = [(f"https://example.org/{i}", "text/html",
              html_page(f"第{i}篇", f"{i} {LANKAO}" * 5).encode()) for i in range(4)]
    write_warc(path, pages, extra_png=False)
    data = path.read_bytes()
    path.write_bytes(data[:-40])
    arts = read(path)
    assert arts[-1].error_code == "E105", arts[-1].error
    assert all(a.ok for a in arts[:-1]) and 1 <= len(arts) - 1 <= 4


def test_five_megabyte_article_is_E106_with_the_numbers(tmp_path: Path) -> None:
    (tmp_path / "dump.txt").write_text("a" * 5_242_880, encoding="ascii")
    (art,) = read(tmp_path)
    assert art.error == ("E106 too long: 5,242,880 chars > limit 2,000,000 — "
                         "split the article or raise --max-chars")
    assert art.text == ""  # an error item does not carry the dump around
    (ok,) = read(tmp_path, max_chars=6_000_000)
    assert ok.ok and len(ok.text) == 5_242_880


def test_html_without_main_text_is_E107(tmp_path: Path) -> None:
    (tmp_path / "shell.html").write_text(
        "<html><head><title>首页</title><script>var a = 1;</script></head><body></body></html>",
        encoding="utf-8")
    (art,) = read(tmp_path)
    assert art.error is not None and art.error.startswith("E107 HTML without main text")


def test_csv_without_the_text_column_is_E108(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("id,body\n1,兰考\n", encoding="utf-8")
    (art,) = read(tmp_path)
    assert art.error_code == "E108" and art.source == "t.csv:header"


def test_a_single_file_of_unknown_type_is_E110(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK\x03\x04")
    (art,) = read(path)
    assert art.error_code == "E110"


def test_missing_input_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read(tmp_path / "nope")


def test_bad_folder_every_input_is_accounted_for(tmp_path: Path) -> None:
    """The issue's bad-input folder: each item yields exactly one RawArticle."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "gbk.txt").write_bytes(CHONGQING.encode("gb18030"))
    (tmp_path / "huge.txt").write_text("摘" * 2_100_000, encoding="utf-8")
    (tmp_path / "nobody.html").write_text("<html><body></body></html>", encoding="utf-8")
    lines = [json.dumps({"id": f"j{i}", "text": LANKAO}, ensure_ascii=False) for i in range(3)]
    lines.insert(1, "{not json")
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = gzip.compress("".join(json.dumps({"id": f"g{i}", "text": f"{i}{LANKAO}" * 30},
                                            ensure_ascii=False) + "\n"
                                 for i in range(100)).encode(), mtime=0)
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) * 2 // 3])
    arts = read(tmp_path)
    by_source = {a.source: a for a in arts}
    assert by_source["empty.txt"].error_code == "E102"
    assert by_source["binary.txt"].error_code == "E101"
    assert by_source["gbk.txt"].ok
    assert by_source["huge.txt"].error_code == "E106"
    assert by_source["nobody.html"].error_code == "E107"
    assert by_source["mixed.jsonl:2"].error_code == "E104"
    assert [by_source[f"mixed.jsonl:{n}"].id for n in (1, 3, 4)] == ["j0", "j1", "j2"]
    cut = [a for a in arts if a.source.startswith("cut.jsonl.gz")]
    assert cut[-1].error_code == "E105" and all(a.ok for a in cut[:-1])
    assert len({a.id for a in arts}) == len(arts)  # ids are unique, errors included
    for a in arts:
        assert a.ok or (a.error and a.error[0] == "E" and a.error[1:4].isdigit())


def test_count_items_counts_cheap_inputs_only(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(LANKAO, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("{}\n{}\n{}", encoding="utf-8")
    assert count_items(tmp_path) == 4
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(b"{}\n"))
    assert count_items(tmp_path) is None
    assert count_items("-") is None


@pytest.mark.parametrize("value, expected", [
    ("2020-11-21", "2020-11-21"),
    ("2020-11-21T08:00:00+08:00", "2020-11-21"),
    ("2020/11/21 18:30", "2020-11-21"),
    ("2020.1.5", "2020-01-05"),
    ("2020年11月21日", "2020-11-21"),
    ("２０２０年１１月２１日", "2020-11-21"),
    ("20201121", "2020-11-21"),
    ("2020-02-30", None),
    ("November 21, 2020", None),
    ("", None),
    (None, None),
    (1605916800, None),
])
def test_publication_dates_are_normalised_or_left_empty(value: object, expected: str | None) -> None:
    assert normalize_published(value) == expected


# --- properties ------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_decoding_arbitrary_bytes_gives_text_or_a_coded_error(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except InputError as exc:
        assert str(exc)[:4] in ("E101", "E103")
    else:
        assert isinstance(text, str)


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=200).filter(lambda s: s.strip() != ""))
def test_jsonl_text_round_trips_exactly(text: str) -> None:
    line = json.dumps({"text": text}) + "\n"
    (art,) = read("-", stdin=io.BytesIO(line.encode("utf-8", "surrogatepass")))
    if art.ok:
        assert art.text == text and art.id == text_id(text)
    else:  # control characters dominate: refused as binary, never mangled
        assert art.error_code in ("E101", "E102")
