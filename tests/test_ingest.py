"""Tests of extractor.ingest: files and HTML pages to documents, metadata, errors, discovery."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from extractor.ingest import InputError, html_to_text, read_document

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def page(head: str = "", body: str = "<article><p>Body text.</p></article>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


# ---------------------------------------------------------------------------------------
# Whole pages: exact text and metadata


NICKEL_TEXT = (
    "Indonesia halts nickel ore exports for six months\n\n"
    "Indonesia will stop exports of raw nickel ore from April 1 for six months, the energy "
    "ministry said on Friday, to push miners to supply domestic smelters.\n\n"
    "The halt covers ore with a nickel content below 1.7%, according to a ministerial decree "
    "seen by The Harbour Ledger.\n\n"
    "Smelter capacity\n\n"
    "Officials said the ban would be reviewed in September & could be extended.\n\n"
    "\u201cWe will not export our future as raw soil,\u201d the minister said.\n\n"
    "Exports of nickel pig iron are not affected.\n\n"
    "Existing contracts must be fulfilled by March 31."
)

STEEL_TEXT = (
    "EU extends steel safeguard until mid-2026\n\n"
    "The European Commission on Thursday extended its safeguard on steel imports by two years, "
    "keeping tariff-rate quotas in place until 30 June 2026.\n\n"
    "Quota volumes for hot-rolled coil will be cut by 15% from July, while imports above the "
    "quota face a 25% duty.\n\n"
    "Steelmakers had lobbied for the extension, citing cheap Asian supply."
)


def test_article_page_gives_headline_then_paragraphs_in_order():
    document = read_document(FIXTURES / "nickel-ore-ban.html")
    assert document.text == NICKEL_TEXT
    assert document.warnings == ()


@pytest.mark.parametrize("boilerplate", [
    "cookies", "Accept all", "Advertisement", "customs brokers", "Sponsored", "Subscribe",
    "Share on X", "Email the export ban story", "100% tariff", "retaliate", "Comments",
    "Philippines", "ferro-alloys", "Most read", "solar cells", "Sanctions policy", "Markets",
    "Home", "Dewi Santoso", "Morowali", "Export ban", "dataLayer", "position: fixed",
])
def test_article_page_leaves_out_boilerplate(boilerplate):
    assert boilerplate not in read_document(FIXTURES / "nickel-ore-ban.html").text


def test_article_page_metadata():
    document = read_document(FIXTURES / "nickel-ore-ban.html")
    assert document.doc_id == "nickel-ore-ban"
    assert document.source == str(FIXTURES / "nickel-ore-ban.html")
    assert document.title == "Indonesia halts nickel ore exports for six months"
    assert document.published == datetime.date(2025, 3, 14)  # the local date as written, not UTC
    assert document.url == "https://harbourledger.example/markets/indonesia-nickel-ore-halt"


def test_page_without_article_element_uses_the_richest_block():
    document = read_document(FIXTURES / "steel-safeguard.html")
    assert document.text == STEEL_TEXT
    for boilerplate in ("Continental Wire", "cookies", "Read next", "Reader", "Brent", "Pro free",
                        "Steel imports into the EU", "Brussels, 27 June"):
        assert boilerplate not in document.text
    assert document.title == "EU extends steel safeguard until mid-2026"  # JSON-LD headline
    assert document.published == datetime.date(2024, 6, 27)  # JSON-LD in a top-level list
    assert document.url is None


def test_sidecar_values_win_over_the_page():
    document = read_document(FIXTURES / "rice-export-duty.html")
    assert document.doc_id == "rice-duty-2024"
    assert document.title == "India scraps export duty on parboiled rice"
    assert document.published == datetime.date(2024, 10, 22)
    assert document.url == "https://example.org/rice-duty"
    assert document.text.startswith("India scraps duty on parboiled rice exports\n\nIndia removed")


def test_sidecar_date_replacing_a_page_date_is_reported(tmp_path):
    (tmp_path / "story.html").write_text(
        page('<meta property="article:published_time" content="2025-01-09">'), encoding="utf-8")
    (tmp_path / "story.meta.json").write_text('{"published": "2025-01-10T23:00:00+01:00"}')
    document = read_document(tmp_path / "story.html")
    assert document.published == datetime.date(2025, 1, 10)
    assert document.warnings == ("sidecar date 2025-01-10 replaces the page date 2025-01-09",)


def test_malformed_json_ld_is_ignored_with_a_warning():
    document = read_document(FIXTURES / "broken-jsonld.html")
    assert document.published == datetime.date(2023, 5, 23)  # from <time datetime> in the article
    assert document.warnings == (
        "ignored malformed JSON-LD block 1 (line 7, column 1: "
        "Expecting property name enclosed in double quotes)",
    )
    assert document.text == (
        "Japan adds 23 items to export control list\n\nPosted May 23\n\n"
        "Japan will require licences for exports of 23 types of chipmaking equipment from July."
    )


def test_page_without_body_text_gives_empty_text_and_a_warning():
    document = read_document(FIXTURES / "navigation-only.html")
    assert document.text == ""
    assert document.title == "Page not found"
    assert document.warnings == ("no article text found in the page; the text is empty",)


# ---------------------------------------------------------------------------------------
# HTML rules, one small page each


@pytest.mark.parametrize("head, body, expected", [
    ('<meta property="article:published_time" content="2025-11-07T22:15:00-05:00">', "", "2025-11-07"),
    ('<meta property="og:published_time" content="2025-11-06">', "", "2025-11-06"),
    ('<meta name="date" content="2025/11/05">', "", "2025-11-05"),
    ('<meta itemprop="datePublished" content="2025-11-04T10:00:00Z">', "", "2025-11-04"),
    ('<meta name="date" content="Mon, 03 Nov 2025 08:00:00 GMT">', "", "2025-11-03"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-11-02"}</script>',
     "", "2025-11-02"),
    ('<script type="application/ld+json">{"@graph": [{"@type": "WebPage", "datePublished": "2025-01-01"},'
     ' {"@type": "NewsArticle", "datePublished": "2025-11-01"}]}</script>', "", "2025-11-01"),
    ('<script type="application/ld+json">[[{"@type": ["ReportageNewsArticle"],'
     ' "datePublished": "2025-10-31"}]]</script>', "", "2025-10-31"),
    ("", '<article><time datetime="2025-10-30">Thursday</time><p>Body text.</p></article>', "2025-10-30"),
    ("", '<time datetime="2025-10-29">elsewhere</time><article><p>Body text.</p></article>', None),
    ("", "", None),
])
def test_publication_date_sources(head, body, expected):
    _, metadata = html_to_text(page(head, body or "<article><p>Body text.</p></article>"))
    published = metadata["published"]
    assert (published.isoformat() if published else None) == expected


def test_meta_tag_date_wins_over_json_ld_and_unreadable_dates_are_reported():
    head = ('<meta name="date" content="soon">'
            '<meta property="article:published_time" content="2025-03-02">'
            '<script type="application/ld+json">{"datePublished": "2025-03-01"}</script>')
    _, metadata = html_to_text(page(head))
    assert metadata["published"] == datetime.date(2025, 3, 2)
    assert metadata["warnings"] == []
    _, metadata = html_to_text(page('<meta name="date" content="soon">'))
    assert metadata["published"] is None
    assert metadata["warnings"] == ["ignored unreadable date 'soon' in <meta date>"]


@pytest.mark.parametrize("head, body, expected", [
    ('<meta property="og:title" content="From og"><title>From title</title>', "<h1>From h1</h1>", "From og"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "From JSON-LD &amp; co"}</script>',
     "<h1>From h1</h1>", "From JSON-LD & co"),
    ("<title>From title</title>", "<h1>From h1</h1>", "From h1"),
    ("<title>Tariffs go up | Trade Daily</title>", "", "Tariffs go up"),
    ("<title>Tariffs go up - Trade Daily</title>", "", "Tariffs go up"),
    ("<title>Tariffs go up \u2014 again</title>", "", "Tariffs go up \u2014 again"),
    ('<meta property="og:site_name" content="the wire"><title>Duties rise - the wire</title>', "",
     "Duties rise"),
])
def test_title_sources(head, body, expected):
    _, metadata = html_to_text(page(head, body + "<p>Body text.</p>"))
    assert metadata["title"] == expected


@pytest.mark.parametrize("head, expected", [
    ('<link rel="canonical" href="https://a.example/x"><meta property="og:url" content="https://b.example/y">',
     "https://a.example/x"),
    ('<meta property="og:url" content="https://b.example/y">', "https://b.example/y"),
    ("", None),
])
def test_url_sources(head, expected):
    assert html_to_text(page(head))[1]["url"] == expected


@pytest.mark.parametrize("head, body, expected", [
    # the headline comes first even when the page has no <h1>
    ('<meta property="og:title" content="Og headline">', "<main><p>One.</p></main>", "Og headline\n\nOne."),
    ("<title>Title headline | Site</title>", "<main><p>One.</p></main>", "Title headline\n\nOne."),
    # inline tags flattened, whitespace collapsed, entities decoded, line breaks are spaces
    ("", "<article><h1>H</h1><p>A <b>25%</b>\n  duty&nbsp;on <a href='#'>EU</a> cars&hellip;<br>Next.</p></article>",
     "H\n\nA 25% duty on EU cars\u2026 Next."),
    # the innermost blocks are read: a quote's paragraphs, list items, sub-headings
    ("", "<article><h1>H</h1><blockquote><p>Q1.</p><p>Q2.</p></blockquote><h3>Sub</h3>"
         "<ol><li>One</li><li><p>Two</p></li></ol></article>", "H\n\nQ1.\n\nQ2.\n\nSub\n\nOne\n\nTwo"),
    # figure captions are left out by design
    ("", "<article><h1>H</h1><figure><img src='x.png'><figcaption><p>Port of Rotterdam.</p></figcaption></figure>"
         "<p>Body.</p></article>", "H\n\nBody."),
    # <article> is preferred to <main>, and the richest <article> wins
    ("", "<main><p>Main text.</p><article><p>Short.</p></article>"
         "<article><h1>H</h1><p>The real story is longer.</p></article></main>", "H\n\nThe real story is longer."),
    # the article's own header is kept, the page header is not
    ("", "<header><h1>Site name</h1><nav>Menu</nav></header><article><header><h1>H</h1></header>"
         "<p>Body.</p></article>", "H\n\nBody."),
    # without a container, the element holding the most paragraph text is the body
    ("", "<div class='teaser'><p>Teaser.</p></div><h1>H</h1><div class='story-body'><p>Long paragraph one.</p>"
         "<p>Long paragraph two.</p></div>", "H\n\nLong paragraph one.\n\nLong paragraph two."),
    # state classes do not mark boilerplate; comment articles and hidden elements do
    ("", "<div class='has-comments no-ads'><article class='post tag-tariffs'><h1>H</h1><p>Body.</p>"
         "<div hidden><p>Hidden.</p></div><div style='display: none'><p>Gone.</p></div>"
         "<article class='comment'><p>Tariffs now!</p></article></article></div>", "H\n\nBody."),
    # layout wrappers named like boilerplate, and page-wide forms, keep the article inside them
    ("", "<form id='aspnetForm'><div class='story'><h1>H</h1><p>Body.</p></div><div class='sidebar'>"
         "<p>Side.</p></div></form><form class='search'><p>Search tariffs</p></form>", "H\n\nBody."),
    ("", "<div class='content-sidebar-wrap'><main><p>Body.</p></main><div id='comments'>"
         "<article id='div-comment-2' class='comment-body'><p>Ban it all.</p></article></div></div>", "Body."),
    ("", "<article><h1>H</h1><p class='byline'>By A. Writer</p><div class='AdSlot'><p>Buy.</p></div>"
         "<div id='readMore'><p>More.</p></div><div role='complementary'><p>Aside.</p></div><p>Body.</p></article>",
     "H\n\nBody."),
])
def test_html_text_rules(head, body, expected):
    assert html_to_text(page(head, body))[0] == expected


def test_html_page_in_declared_legacy_charset(tmp_path):
    html = '<html><head><meta charset="windows-1252"></head><body><p>EU\u2019s duty</p></body></html>'
    (tmp_path / "legacy.html").write_bytes(html.encode("cp1252"))
    document = read_document(tmp_path / "legacy.html")
    assert document.text == "EU\u2019s duty"
    offset = html.index("\u2019")
    assert document.warnings == (f"not valid UTF-8 (byte 0x92 at offset {offset}); decoded as windows-1252",)


# ---------------------------------------------------------------------------------------
# Plain text


def test_cp1252_text_is_decoded_with_a_warning():
    document = read_document(FIXTURES / "windows-1252.txt")
    assert document.text == "Canada\u2019s surtax on steel \u2013 25% \u2026\nThe levy raises \u20ac40 million a year.\n"
    assert document.title == "Canada\u2019s surtax on steel \u2013 25% \u2026"
    assert document.warnings == ("not valid UTF-8 (byte 0x92 at offset 6); decoded as cp1252",)


def test_bom_is_removed_and_line_ends_become_lf():
    document = read_document(FIXTURES / "bom-crlf.txt")
    assert document.text == "\n  Mexico raises tariffs on Asian footwear\n\nThe duty rises to 35%.\nIt applies from May.\n"
    assert document.title == "Mexico raises tariffs on Asian footwear"
    assert (document.doc_id, document.published, document.url, document.warnings) == ("bom-crlf", None, None, ())


def test_markdown_title_drops_the_heading_marks():
    document = read_document(FIXTURES / "gallium-notes.md")
    assert document.title == "Gallium curbs tighten"
    assert document.text.startswith("# Gallium curbs tighten\n")  # the text itself is untouched


def test_empty_file_gives_empty_text_and_a_warning():
    document = read_document(FIXTURES / "empty.txt")
    assert (document.text, document.title) == ("", None)
    assert document.warnings == ("file is empty; there is no text to extract",)


def test_utf16_with_bom_is_decoded(tmp_path):
    (tmp_path / "wide.txt").write_bytes("Tariff\r\n".encode("utf-16"))
    document = read_document(tmp_path / "wide.txt")
    assert document.text == "Tariff\n"
    assert document.warnings == ("file is UTF-16, not UTF-8; decoded as UTF-16",)


@pytest.mark.parametrize("name, doc_id", [("a.b.txt", "a.b"), ("Report 7.HTM", "Report 7")])
def test_doc_id_is_the_file_name_without_its_extension(tmp_path, name, doc_id):
    (tmp_path / name).write_text("<p>x</p>", encoding="utf-8")
    assert read_document(tmp_path / name).doc_id == doc_id


def test_doc_id_falls_back_to_a_content_hash(tmp_path):
    (tmp_path / "..txt").write_text("Duty.", encoding="utf-8")
    first = read_document(tmp_path / "..txt").doc_id
    assert first.startswith("doc-") and len(first) == 20
    (tmp_path / "..txt").write_text("Other duty.", encoding="utf-8")
    assert read_document(tmp_path / "..txt").doc_id != first


# ---------------------------------------------------------------------------------------
# Errors: each names the file, the problem and what to do


@pytest.mark.parametrize("name, culprit, message", [
    ("corrupt-download.txt", "corrupt-download.txt",
     "binary content (NUL byte at offset 8), not text; convert it to UTF-8 text or HTML"),
    ("bad-key.txt", "bad-key.meta.json",
     "unknown key 'publisher'; did you mean 'published'? allowed keys are doc_id, published, title, url"),
    ("bad-json.txt", "bad-json.meta.json",
     "not valid JSON (line 3, column 3: Expecting ',' delimiter); fix the syntax"),
    ("bad-date.txt", "bad-date.meta.json",
     "key 'published': expected a date YYYY-MM-DD or an ISO datetime, got \"08/11/2025\""),
    ("scan.pdf", "scan.pdf", "unsupported file type ('.pdf'); save it as one of .htm, .html, .md, .text, .txt"),
    ("no-such-article.txt", "no-such-article.txt", "file not found; check the path and the current folder"),
    ("archive", "archive", "is a folder, not a file; pass folders to the batch, which reads the files inside"),
])
def test_fixture_errors_name_the_file(name, culprit, message):
    with pytest.raises(InputError) as caught:
        read_document(FIXTURES / name)
    assert caught.value.path == str(FIXTURES / culprit)
    assert str(caught.value) == f"{FIXTURES / culprit}: {message}"


@pytest.mark.parametrize("sidecar, message", [
    ('["2025-01-02"]', 'expected a JSON object such as {"published": "2025-11-08"}'),
    ('{"doc_id": "../escape"}', "key 'doc_id': expected letters, digits, '.', '_' or '-', not starting with '.', "
                                'got "../escape"'),
    ('{"url": "example.org/x"}', "key 'url': expected an absolute http(s) URL, got \"example.org/x\""),
    ('{"title": null}', "key 'title': expected a non-empty string, got null"),
    ('{"published": "2025-02-30"}', "key 'published': expected a date YYYY-MM-DD or an ISO datetime, "
                                    'got "2025-02-30"'),
])
def test_malformed_sidecar_values(tmp_path, sidecar, message):
    (tmp_path / "story.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "story.meta.json").write_text(sidecar, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_document(tmp_path / "story.txt")
    assert str(caught.value) == f"{tmp_path / 'story.meta.json'}: {message}"


def test_text_neither_utf8_nor_cp1252(tmp_path):
    (tmp_path / "odd.txt").write_bytes(b"Duty \x81 rate")
    with pytest.raises(InputError, match=r"odd\.txt: not valid UTF-8 text \(byte 0x81 at offset 5\); save it as UTF-8$"):
        read_document(tmp_path / "odd.txt")


def test_unreadable_file(tmp_path, monkeypatch):
    (tmp_path / "locked.txt").write_text("Text.", encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError) as caught:
        read_document(tmp_path / "locked.txt")
    assert str(caught.value) == f"{tmp_path / 'locked.txt'}: cannot be read (Permission denied); check its permissions"


# ---------------------------------------------------------------------------------------
# Datelines


DATELINE_PAGE = """<html><head><title>China curbs graphite</title>{link}</head><body><article>
<h1>China curbs graphite</h1><p>{dateline} China will require export permits for graphite.</p>
<p>The commerce ministry said the rule protects national security.</p></article></body></html>"""


@pytest.mark.parametrize("dateline, link, published, warning", [
    ("BEIJING, Oct 20 (Reuters) -", '<link rel="canonical" href="https://wire.example/2023/10/20/graphite">',
     datetime.date(2023, 10, 20), None),
    ("BEIJING, Oct. 20, 2023 -", "", datetime.date(2023, 10, 20), None),
    ("Beijing, October 20 \u2014", '<link rel="canonical" href="https://wire.example/markets/2023/graphite">',
     datetime.date(2023, 10, 20), None),
    ("BEIJING, Oct 20 (Reuters) -", "", None, "the dateline 'BEIJING, Oct 20 (Reuters)' gives no year"),
    ("On Oct 20 -", "", None, None),  # not a dateline
])
def test_a_wire_dateline_dates_a_page_that_has_no_other_date(dateline, link, published, warning):
    text, page = html_to_text(DATELINE_PAGE.format(dateline=dateline, link=link))
    assert page["published"] == published
    notes = [note for note in page["warnings"] if "dateline" in note]
    assert notes == ([] if warning is None else [notes[0]]) and (warning is None or notes[0].startswith(warning))
    assert text.startswith("China curbs graphite\n\n" + dateline)


def test_a_page_date_wins_over_the_dateline():
    page_html = DATELINE_PAGE.format(dateline="BEIJING, Oct 20, 2023 -",
                                     link='<meta property="article:published_time" content="2023-10-21T01:00:00Z">')
    assert html_to_text(page_html)[1]["published"] == datetime.date(2023, 10, 21)


def test_a_text_file_without_a_sidecar_date_takes_its_datelines_date(tmp_path):
    (tmp_path / "nickel.txt").write_text("Indonesia to halt nickel ore exports\n\n"
                                         "JAKARTA, Sept 2, 2019 - Indonesia will halt exports of nickel ore.\n")
    assert read_document(tmp_path / "nickel.txt").published == datetime.date(2019, 9, 2)
    (tmp_path / "nickel.meta.json").write_text('{"published": "2019-09-03"}')
    assert read_document(tmp_path / "nickel.txt").published == datetime.date(2019, 9, 3)  # the sidecar wins


def test_json_ld_article_body_is_the_text_of_a_page_without_an_article_element():
    body = "SANTIAGO, Jan 5, 2025 - Chile raised its copper export tax.\\n\\nThe ministry said it takes effect in March."
    page_html = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Chile taxes '
                 f'copper", "articleBody": "{body}"}}</script></head><body><div class="teaser"><p>Chile raised '
                 'its copper tax.</p></div></body></html>')
    text, page = html_to_text(page_html)
    assert text == ("Chile taxes copper\n\nSANTIAGO, Jan 5, 2025 - Chile raised its copper export tax.\n\n"
                    "The ministry said it takes effect in March.")
    assert page["published"] == datetime.date(2025, 1, 5)
