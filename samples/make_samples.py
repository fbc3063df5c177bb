#!/usr/bin/env python3
"""Generate Quire's sample book, its simulated scans and the OCR ground truth.

Run from the repository root with the project venv:

    .venv/bin/python samples/make_samples.py

Everything is written next to this script (``samples/``):

* ``book-born-digital.pdf``  the typeset A5 book (WeasyPrint) with a text layer
* ``scan/page-NN.jpg``       every page at 300 dpi greyscale, degraded like a scan
                             (page 5 is turned 90 degrees, one page has a dark
                             scanner border strip)
* ``book-scan.pdf``          the degraded pages (none turned) as an image-only PDF
* ``tiff/plates.tif``        title + contents page, bilevel CCITT G4 multi-page TIFF
* ``truth/page-NN.txt``      the printed text lines of each page (pdfplumber)
* ``truth/clean-pages.txt``  per page: running head, printed page label, footnotes
* ``truth/features.json``    machine-readable list of the special pages

The text is public domain (Thoreau 1854, Emerson 1841, Mill 1859, abridged);
the footnotes and the title page are written for this sample.

Layout is deterministic for a given WeasyPrint + font installation.  To make
sure a word is hyphenated across a page break and a paragraph runs over a page
break, the script tries a short list of body font sizes / leadings and keeps
the first one whose PDF, read back with pdfplumber, shows both.  All raster
degradation uses a fixed random seed.

Needs: weasyprint, pypdfium2, pdfplumber, opencv-python-headless, pillow,
img2pdf, numpy.  Fonts: EB Garamond (fonts-ebgaramond) or Linux Libertine
(fonts-linuxlibertine), else DejaVu Serif.
"""

from __future__ import annotations

import datetime as _dt
import html
import io
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import img2pdf
import numpy as np
import pdfplumber
import pypdfium2 as pdfium
import weasyprint
from PIL import Image

HERE = Path(__file__).resolve().parent
SEED = 20240517
DPI = 300
ROTATED_PAGE = 5  # 1-based page number stored turned by 90 degrees
BORDER_PAGE = 7  # 1-based page number with a dark scanner border strip
TIFF_PAGES = (1, 2)  # title page and contents page
JPEG_QUALITY = 78
BOOK_TITLE = "Of Living Deliberately"

# Layout variants tried in order until the page-break features appear.
# (body font size in pt, line height in pt)
LAYOUT_CANDIDATES = [
    (11.0, 14.2),
    (11.0, 14.4),
    (11.0, 14.0),
    (11.2, 14.4),
    (10.8, 14.0),
    (11.2, 14.6),
    (10.8, 14.2),
    (11.4, 14.6),
    (10.6, 13.8),
    (11.1, 14.3),
    (10.9, 14.1),
    (11.3, 14.5),
    (10.7, 13.9),
    (11.5, 14.8),
    (10.5, 13.6),
]

# --------------------------------------------------------------------------
# The text.  "{fn:...}" marks a footnote (rendered with float: footnote).
# --------------------------------------------------------------------------

CHAPTERS = [
    {
        "id": "ch1",
        "label": "Chapter I",
        "title": "Where I Lived, and What I Lived For",
        "short": "Where I Lived",
        "source": "From Walden; or, Life in the Woods, by Henry David Thoreau (1854)",
        "paragraphs": [
            "Every morning was a cheerful invitation to make my life of equal "
            "simplicity, and I may say innocence, with Nature herself. I have "
            "been as sincere a worshipper of Aurora{fn:Aurora, the Roman "
            "goddess of the dawn. Thoreau bathed in Walden Pond on most "
            "mornings from the spring of 1845.} as the Greeks. I got up early "
            "and bathed in the pond; that was a religious exercise, and one of "
            "the best things which I did. They say that characters were "
            "engraven on the bathing tub of King Tching-thang{fn:Tching-thang "
            "(Cheng Tang), founder of the Shang dynasty. The inscription on his "
            "bathing tub is quoted in the Confucian classic known as the Great "
            "Learning.} to this effect: \u201cRenew thyself completely each day; "
            "do it again, and again, and forever again.\u201d I can understand "
            "that. Morning brings back the heroic ages. I was as much affected "
            "by the faint hum of a mosquito making its invisible and "
            "unimaginable tour through my apartment at earliest dawn, when I "
            "was sitting with door and windows open, as I could be by any "
            "trumpet that ever sang of fame.",
            "The morning, which is the most memorable season of the day, is "
            "the awakening hour. Then there is least somnolence in us; and for "
            "an hour, at least, some part of us awakes which slumbers all the "
            "rest of the day and night. Morning is when I am awake and there is "
            "a dawn in me. Moral reform is the effort to throw off sleep. Why is "
            "it that men give so poor an account of their day if they have not "
            "been slumbering? They are not such poor calculators. If they had "
            "not been overcome with drowsiness, they would have performed "
            "something. The millions are awake enough for physical labor; but "
            "only one in a million is awake enough for effective intellectual "
            "exertion, only one in a hundred millions to a poetic or divine "
            "life. To be awake is to be alive. I have never yet met a man who "
            "was quite awake. How could I have looked him in the face?",
            "We must learn to reawaken and keep ourselves awake, not by "
            "mechanical aids, but by an infinite expectation of the dawn, which "
            "does not forsake us in our soundest sleep. I know of no more "
            "encouraging fact than the unquestionable ability of man to elevate "
            "his life by a conscious endeavor. It is something to be able to "
            "paint a particular picture, or to carve a statue, and so to make a "
            "few objects beautiful; but it is far more glorious to carve and "
            "paint the very atmosphere and medium through which we look, which "
            "morally we can do. To affect the quality of the day, that is the "
            "highest of arts.",
            "I went to the woods because I wished to live deliberately, to "
            "front only the essential facts of life, and see if I could not "
            "learn what it had to teach, and not, when I came to die, discover "
            "that I had not lived. I did not wish to live what was not life, "
            "living is so dear; nor did I wish to practise resignation, unless "
            "it was quite necessary. I wanted to live deep and suck out all the "
            "marrow of life, to live so sturdily and Spartan-like as to put to "
            "rout all that was not life, to cut a broad swath and shave close, "
            "to drive life into a corner, and reduce it to its lowest terms, "
            "and, if it proved to be mean, why then to get the whole and "
            "genuine meanness of it, and publish its meanness to the world; or "
            "if it were sublime, to know it by experience, and be able to give "
            "a true account of it in my next excursion. For most men, it "
            "appears to me, are in a strange uncertainty about it, whether it "
            "is of the devil or of God, and have somewhat hastily concluded "
            "that it is the chief end of man here to \u201cglorify God and enjoy "
            "him forever.\u201d{fn:The answer to the first question of the "
            "Westminster Shorter Catechism of 1647: \u201cWhat is the chief end "
            "of man?\u201d}",
            "Still we live meanly, like ants; though the fable tells us that we "
            "were long ago changed into men; like pygmies we fight with cranes; "
            "it is error upon error, and clout upon clout, and our best virtue "
            "has for its occasion a superfluous and evitable wretchedness. Our "
            "life is frittered away by detail. An honest man has hardly need to "
            "count more than his ten fingers, or in extreme cases he may add his "
            "ten toes, and lump the rest. Simplicity, simplicity, simplicity! I "
            "say, let your affairs be as two or three, and not a hundred or a "
            "thousand; instead of a million count half a dozen, and keep your "
            "accounts on your thumb-nail. In the midst of this chopping sea of "
            "civilized life, such are the clouds and storms and quicksands and "
            "thousand-and-one items to be allowed for, that a man has to live, "
            "if he would not founder and go to the bottom and not make his port "
            "at all, by dead reckoning, and he must be a great calculator indeed "
            "who succeeds. Simplify, simplify.",
            "Why should we live with such hurry and waste of life? We are "
            "determined to be starved before we are hungry. Men say that a "
            "stitch in time saves nine, and so they take a thousand stitches "
            "to-day to save nine to-morrow. Let us spend one day as "
            "deliberately as Nature, and not be thrown off the track by every "
            "nutshell and mosquito\u2019s wing that falls on the rails. Let us "
            "rise early and fast, or break fast, gently and without "
            "perturbation; let company come and let company go, let the bells "
            "ring and the children cry, determined to make a day of it.",
            "Time is but the stream I go a-fishing in. I drink at it; but while "
            "I drink I see the sandy bottom and detect how shallow it is. Its "
            "thin current slides away, but eternity remains. I would drink "
            "deeper; fish in the sky, whose bottom is pebbly with stars. I "
            "cannot count one. I know not the first letter of the alphabet. I "
            "have always been regretting that I was not as wise as the day I "
            "was born. The intellect is a cleaver; it discerns and rifts its "
            "way into the secret of things. I do not wish to be any more busy "
            "with my hands than is necessary. My head is hands and feet. I feel "
            "all my best faculties concentrated in it. My instinct tells me "
            "that my head is an organ for burrowing, as some creatures use "
            "their snout and fore paws, and with it I would mine and burrow my "
            "way through these hills. I think that the richest vein is "
            "somewhere hereabouts; so by the divining-rod and thin rising "
            "vapors I judge; and here I will begin to mine.",
        ],
    },
    {
        "id": "ch2",
        "label": "Chapter II",
        "title": "Self-Reliance",
        "short": "Self-Reliance",
        "source": "From Essays: First Series, by Ralph Waldo Emerson (1841)",
        "paragraphs": [
            "I read the other day some verses written by an eminent painter "
            "which were original and not conventional. The soul always hears "
            "an admonition in such lines, let the subject be what it may. The "
            "sentiment they instil is of more value than any thought they may "
            "contain. To believe your own thought, to believe that what is true "
            "for you in your private heart is true for all men, that is "
            "genius. Speak your latent conviction, and it shall be the "
            "universal sense; for the inmost in due time becomes the outmost. "
            "Familiar as the voice of the mind is to each, the highest merit we "
            "ascribe to Moses, Plato, and Milton is, that they set at naught "
            "books and traditions, and spoke not what men, but what they "
            "thought. A man should learn to detect and watch that gleam of "
            "light which flashes across his mind from within, more than the "
            "lustre of the firmament of bards and sages. Yet he dismisses "
            "without notice his thought, because it is his. In every work of "
            "genius we recognize our own rejected thoughts: they come back to "
            "us with a certain alienated majesty.{fn:Emerson first gave these "
            "ideas as lectures in Boston in the late 1830s; the essay was "
            "printed in 1841 and revised for the edition of 1847.}",
            "There is a time in every man\u2019s education when he arrives at "
            "the conviction that envy is ignorance; that imitation is suicide; "
            "that he must take himself for better, for worse, as his portion; "
            "that though the wide universe is full of good, no kernel of "
            "nourishing corn can come to him but through his toil bestowed on "
            "that plot of ground which is given to him to till. The power which "
            "resides in him is new in nature, and none but he knows what that "
            "is which he can do, nor does he know until he has tried.",
            "Trust thyself: every heart vibrates to that iron string. Accept "
            "the place the divine providence has found for you, the society of "
            "your contemporaries, the connection of events. Great men have "
            "always done so, and confided themselves childlike to the genius of "
            "their age, betraying their perception that the absolutely "
            "trustworthy was seated at their heart, working through their "
            "hands, predominating in all their being.",
            "Whoso would be a man, must be a nonconformist. He who would gather "
            "immortal palms must not be hindered by the name of goodness, but "
            "must explore if it be goodness. Nothing is at last sacred but the "
            "integrity of your own mind. Absolve you to yourself, and you shall "
            "have the suffrage of the world.",
            "These are the voices which we hear in solitude, but they grow "
            "faint and inaudible as we enter into the world. Society everywhere "
            "is in conspiracy against the manhood of every one of its members. "
            "Society is a joint-stock company, in which the members agree, for "
            "the better securing of his bread to each shareholder, to surrender "
            "the liberty and culture of the eater. The virtue in most request "
            "is conformity. Self-reliance is its aversion. It loves not "
            "realities and creators, but names and customs.",
            "What I must do is all that concerns me, not what the people think. "
            "This rule, equally arduous in actual and in intellectual life, may "
            "serve for the whole distinction between greatness and meanness. "
            "It is the harder, because you will always find those who think "
            "they know what is your duty better than you know it. It is easy in "
            "the world to live after the world\u2019s opinion; it is easy in "
            "solitude to live after our own; but the great man is he who in the "
            "midst of the crowd keeps with perfect sweetness the independence "
            "of solitude.",
            "A foolish consistency is the hobgoblin of little minds, adored by "
            "little statesmen and philosophers and divines. With consistency a "
            "great soul has simply nothing to do. He may as well concern "
            "himself with his shadow on the wall. Speak what you think now in "
            "hard words, and to-morrow speak what to-morrow thinks in hard words "
            "again, though it contradict every thing you said to-day. Is it so "
            "bad, then, to be misunderstood? Pythagoras was misunderstood, and "
            "Socrates, and Luther, and Copernicus, and Galileo, and Newton, and "
            "every pure and wise spirit that ever took flesh. To be great is to "
            "be misunderstood.",
        ],
    },
    {
        "id": "ch3",
        "label": "Chapter III",
        "title": "Of the Liberty of Thought",
        "short": "The Liberty of Thought",
        "source": "From On Liberty, by John Stuart Mill (1859)",
        "paragraphs": [
            "If all mankind minus one were of one opinion, and only one person "
            "were of the contrary opinion, mankind would be no more justified "
            "in silencing that one person, than he, if he had the power, would "
            "be justified in silencing mankind. Were an opinion a personal "
            "possession of no value except to the owner; if to be obstructed in "
            "the enjoyment of it were simply a private injury, it would make "
            "some difference whether the injury was inflicted only on a few "
            "persons or on many. But the peculiar evil of silencing the "
            "expression of an opinion is, that it is robbing the human race; "
            "posterity as well as the existing generation; those who dissent "
            "from the opinion, still more than those who hold it. If the "
            "opinion is right, they are deprived of the opportunity of "
            "exchanging error for truth: if wrong, they lose, what is almost as "
            "great a benefit, the clearer perception and livelier impression of "
            "truth, produced by its collision with error.{fn:The passage comes "
            "from the second chapter of On Liberty, \u201cOf the Liberty of "
            "Thought and Discussion\u201d; the book was published in London in "
            "1859.}",
            "It is necessary to consider separately these two hypotheses, each "
            "of which has a distinct branch of the argument corresponding to "
            "it. We can never be sure that the opinion we are endeavouring to "
            "stifle is a false opinion; and if we were sure, stifling it would "
            "be an evil still.",
            "First: the opinion which it is attempted to suppress by authority "
            "may possibly be true. Those who desire to suppress it, of course "
            "deny its truth; but they are not infallible. They have no "
            "authority to decide the question for all mankind, and exclude "
            "every other person from the means of judging. To refuse a hearing "
            "to an opinion, because they are sure that it is false, is to "
            "assume that their certainty is the same thing as absolute "
            "certainty. All silencing of discussion is an assumption of "
            "infallibility.",
            "The beliefs which we have most warrant for, have no safeguard to "
            "rest on, but a standing invitation to the whole world to prove "
            "them unfounded. If the challenge is not accepted, or is accepted "
            "and the attempt fails, we are far enough from certainty still; but "
            "we have done the best that the existing state of human reason "
            "admits of; we have neglected nothing that could give the truth a "
            "chance of reaching us: if the lists are kept open, we may hope "
            "that if there be a better truth, it will be found when the human "
            "mind is capable of receiving it; and in the meantime we may rely "
            "on having attained such approach to truth, as is possible in our "
            "own day. This is the amount of certainty attainable by a fallible "
            "being, and this the sole way of attaining it.",
            "He who knows only his own side of the case, knows little of that. "
            "His reasons may be good, and no one may have been able to refute "
            "them. But if he is equally unable to refute the reasons on the "
            "opposite side; if he does not so much as know what they are, he "
            "has no ground for preferring either opinion.",
        ],
    },
]

# --------------------------------------------------------------------------
# HTML / CSS
# --------------------------------------------------------------------------

FONT_CHOICES = [
    ("EB Garamond 12", "EB Garamond"),
    ("EB Garamond", "EB Garamond"),
    ("Linux Libertine O", "Linux Libertine"),
    ("DejaVu Serif", "DejaVu Serif"),
]


def pick_font() -> str:
    """Return the CSS family of the first serif face that fontconfig knows."""
    try:
        out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        out = ""
    families = {f.strip() for line in out.splitlines() for f in line.split(",")}
    for family, _ in FONT_CHOICES:
        if family in families:
            return family
    return "serif"


def _inline(text: str) -> str:
    """Escape a paragraph and turn {fn:...} markers into footnote spans."""
    out, pos = [], 0
    for m in re.finditer(r"\{fn:(.*?)\}", text):
        out.append(html.escape(text[pos : m.start()], quote=False))
        out.append(f'<span class="fn">{html.escape(m.group(1), quote=False)}</span>')
        pos = m.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


CSS = """
@page {
  size: A5;
  margin: 19mm 16mm 21mm 16mm;
  @footnote { border-top: 0.5pt solid #000; padding-top: 2mm; margin-top: 4mm; }
  @bottom-center { content: counter(page); font-size: 9.5pt; padding-top: 3mm;
                   vertical-align: top; }
}
@page :left  { margin-left: 15mm; margin-right: 19mm;
  @top-center { content: string(book, first-except); font-style: italic;
                font-size: 9.5pt; vertical-align: bottom; padding-bottom: 4mm; } }
@page :right { margin-left: 19mm; margin-right: 15mm;
  @top-center { content: string(chapter, first-except); font-style: italic;
                font-size: 9.5pt; vertical-align: bottom; padding-bottom: 4mm; } }
@page title { @top-center { content: none } @bottom-center { content: none } }
@page front { @top-center { content: none }
              @bottom-center { content: counter(page, lower-roman) } }
@page :nth(1 of body) { counter-reset: page 1; }

html { font-family: %(font)s; font-size: %(size)spt; line-height: %(lead)spt;
       font-variant-numeric: lining-nums; color: #000; }
body { margin: 0; }
.titlepage { page: title; text-align: center; }
.titlepage .t-authors { margin-top: 22mm; font-size: 10pt; letter-spacing: 0.04em; }
.titlepage h1 { font-size: 26pt; line-height: 31pt; font-weight: normal;
                margin: 14mm 0 6mm 0; }
.titlepage .t-sub { font-style: italic; font-size: 13pt; line-height: 17pt; }
.titlepage .t-rule { margin: 12mm auto; width: 30mm; border-top: 0.6pt solid #000; }
.titlepage .t-note { font-size: 10pt; line-height: 13pt; }
.titlepage .t-pub { margin-top: 48mm; font-size: 11pt; letter-spacing: 0.08em; }

.toc { page: front; break-before: page; }
.toc .toc-title { font-size: 16pt; line-height: 20pt; text-align: center;
                  margin: 16mm 0 12mm 0; font-weight: normal; letter-spacing: 0.06em; }
.toc ol { list-style: none; margin: 0; padding: 0; }
.toc li { margin: 0 0 5mm 0; }
.toc a { color: #000; text-decoration: none; }
.toc a::after { content: leader('.') target-counter(attr(href), page); }
.toc .toc-src { display: block; font-style: italic; font-size: 9.5pt; line-height: 12pt; }

main.body { page: body; }
.chapter { break-before: page; }
.chapter .ch-label { margin: 22mm 0 3mm 0; text-align: center; font-size: 10pt;
                     letter-spacing: 0.12em; text-transform: uppercase; }
.chapter h2 { font-size: 17pt; line-height: 21pt; font-weight: normal; text-align: center;
              margin: 0 0 4mm 0; string-set: chapter attr(data-short), book "%(book)s"; }
.chapter .source { text-align: center; font-style: italic; font-size: 9.5pt;
                   line-height: 12pt; margin: 0 0 8mm 0; }
.chapter p.text { margin: 0; text-align: justify; hyphens: auto;
                  hyphenate-character: "-"; text-indent: 1.3em;
                  orphans: 2; widows: 2; }
.chapter p.first { text-indent: 0; }

.fn { float: footnote; font-size: 8.6pt; line-height: 10.6pt; text-align: justify;
      hyphens: auto; hyphenate-character: "-"; font-style: normal; text-indent: 0; }
::footnote-call { content: counter(footnote); vertical-align: super;
                  font-size: 70%%; line-height: 0; }
::footnote-marker { content: counter(footnote) ". "; }
"""


def build_html(font: str, size: float, lead: float) -> str:
    css = CSS % {
        "font": f"'{font}', 'Linux Libertine O', 'DejaVu Serif', serif",
        "size": size,
        "lead": lead,
        "book": BOOK_TITLE,
    }
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{BOOK_TITLE}</title>",
        '<meta name="author" content="Quire sample generator">',
        f"<style>{css}</style></head><body>",
        '<section class="titlepage">',
        '<p class="t-authors">Henry David Thoreau &#183; Ralph Waldo Emerson &#183; John Stuart Mill</p>',
        f"<h1>{BOOK_TITLE}</h1>",
        '<p class="t-sub">Three passages on waking, self-trust<br>and the liberty of thought</p>',
        '<div class="t-rule"></div>',
        '<p class="t-note">A specimen book for testing<br>scan ingestion and OCR</p>',
        '<p class="t-pub">QUIRE SAMPLE PRESS</p>',
        "</section>",
        '<nav class="toc"><h1 class="toc-title">CONTENTS</h1><ol>',
    ]
    for ch in CHAPTERS:
        num = ch["label"].split()[-1]
        author = ch["source"].split(", by ")[1].split(" (")[0]
        parts.append(
            f'<li><a href="#{ch["id"]}">{num}. {html.escape(ch["title"])}</a>'
            f'<span class="toc-src">{html.escape(author)}</span></li>'
        )
    parts.append('</ol></nav><main class="body">')
    for ch in CHAPTERS:
        parts.append(f'<section class="chapter" id="{ch["id"]}">')
        parts.append(f'<p class="ch-label">{ch["label"]}</p>')
        parts.append(f'<h2 data-short="{html.escape(ch["short"])}">{html.escape(ch["title"])}</h2>')
        parts.append(f'<p class="source">{html.escape(ch["source"])}</p>')
        for i, para in enumerate(ch["paragraphs"]):
            cls = "text first" if i == 0 else "text"
            parts.append(f'<p class="{cls}">{_inline(para)}</p>')
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def render_pdf(font: str, size: float, lead: float) -> bytes:
    doc = weasyprint.HTML(string=build_html(font, size, lead), base_url=str(HERE))
    # A fixed identifier keeps the PDF byte-stable between runs.
    return doc.write_pdf(pdf_identifier=b"quire-sample-book")


# --------------------------------------------------------------------------
# Reading the PDF back
# --------------------------------------------------------------------------

Y_TOLERANCE = 5  # large enough to keep superscript footnote calls on their line

SOURCE_WORDS = None


def source_words() -> set[str]:
    global SOURCE_WORDS
    if SOURCE_WORDS is None:
        text = " ".join(p for ch in CHAPTERS for p in ch["paragraphs"])
        text = re.sub(r"\{fn:(.*?)\}", r" \1 ", text)
        SOURCE_WORDS = {w.lower() for w in re.findall(r"[A-Za-z\u2019'-]+", text)}
    return SOURCE_WORDS


@dataclass
class Line:
    text: str
    top: float
    x0: float
    size: float  # dominant font size
    zone: str  # head | folio | body | note


@dataclass
class PageInfo:
    number: int
    width: float
    height: float
    text: str
    lines: list[Line] = field(default_factory=list)
    running_head: str = ""
    label: str = ""
    footnotes: int = 0

    @property
    def body(self) -> list[Line]:
        return [ln for ln in self.lines if ln.zone == "body"]


def analyse(pdf_bytes: bytes, body_size: float) -> list[PageInfo]:
    pages = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for pg in pdf.pages:
            text = pg.extract_text(y_tolerance=Y_TOLERANCE) or ""
            info = PageInfo(pg.page_number, float(pg.width), float(pg.height), text)
            for tl in pg.extract_text_lines(y_tolerance=Y_TOLERANCE, return_chars=True):
                chars = [c for c in tl["chars"] if c["text"].strip()]
                sizes = sorted(round(c["size"], 1) for c in chars)
                size = sizes[len(sizes) // 2] if sizes else 0.0
                top = float(tl["top"])
                if top < 19 * 72 / 25.4 - 2:
                    zone = "head"
                elif top > info.height - 21 * 72 / 25.4:
                    zone = "folio"
                elif size < body_size - 1.2:
                    zone = "note"
                else:
                    zone = "body"
                info.lines.append(Line(tl["text"], top, float(tl["x0"]), size, zone))
            heads = [ln.text for ln in info.lines if ln.zone == "head"]
            folios = [ln.text for ln in info.lines if ln.zone == "folio"]
            info.running_head = " ".join(heads)
            info.label = " ".join(folios)
            info.footnotes = sum(
                1 for ln in info.lines if ln.zone == "note" and re.match(r"^\d+\.\s", ln.text)
            )
            pages.append(info)
    return pages


def _words(s: str) -> list[str]:
    return s.split()


def page_break_features(pages: list[PageInfo]) -> dict:
    """Find words hyphenated across page breaks and paragraphs that run on."""
    hyphen_breaks, para_breaks = [], []
    for a, b in zip(pages, pages[1:], strict=False):
        if not a.body or not b.body:
            continue
        last, first = a.body[-1], b.body[0]
        if first.size > a.body[-1].size + 2:  # next page opens with a heading
            continue
        if b.running_head == "" and b.number > 2:  # chapter opening page
            continue
        # Left edge of the text block on page b: the smallest x0 of its body lines.
        left = min(ln.x0 for ln in b.body)
        runs_on = first.x0 < left + 2.0
        if runs_on:
            para_breaks.append(
                {"from_page": a.number, "to_page": b.number, "last_line": last.text, "first_line": first.text}
            )
        if last.text.endswith("-") and runs_on:
            head = _words(last.text)[-1][:-1]
            tail = _words(first.text)[0]
            joined = re.sub(r"[^\w\u2019'-]", "", head + tail).lower()
            joined = joined.strip("\u2019'")
            if joined in source_words() and (
                re.sub(r"[^\w-]", "", head + "-" + tail).lower() not in source_words()
            ):
                hyphen_breaks.append(
                    {"from_page": a.number, "to_page": b.number, "word": joined, "split": f"{head}-|{tail}"}
                )
    # Line-end hyphenation anywhere (within pages), for the report.
    line_hyphens = []
    for p in pages:
        body = p.body
        for ln, nxt in zip(body, body[1:], strict=False):
            if ln.text.endswith("-"):
                head = _words(ln.text)[-1][:-1]
                tail = _words(nxt.text)[0]
                joined = re.sub(r"[^\w]", "", head + tail).lower()
                if joined in source_words():
                    line_hyphens.append({"page": p.number, "word": joined})
    return {
        "hyphen_across_page": hyphen_breaks,
        "paragraph_across_page": para_breaks,
        "line_end_hyphenations": line_hyphens,
    }


def layout_ok(pages: list[PageInfo], feats: dict, strict: bool) -> tuple[bool, str]:
    """Check the layout; ``strict`` also wants a common (lower-case) word split
    across a page break that does not involve the page stored turned."""
    n = len(pages)
    if not 8 <= n <= 12:
        return False, f"{n} pages"
    hy = feats["hyphen_across_page"]
    if strict:
        hy = [
            h for h in hy if h["split"][:1].islower() and ROTATED_PAGE not in (h["from_page"], h["to_page"])
        ]
    if not hy:
        return False, "no suitable word hyphenated across a page break"
    hy_pairs = {(h["from_page"], h["to_page"]) for h in hy}
    plain = [p for p in feats["paragraph_across_page"] if (p["from_page"], p["to_page"]) not in hy_pairs]
    if not plain:
        return False, "no unhyphenated paragraph over a page break"
    if sum(p.footnotes for p in pages) < 3:
        return False, "fewer than 3 footnotes found"
    return True, "ok"


# --------------------------------------------------------------------------
# Scanning simulation
# --------------------------------------------------------------------------


def rasterise(pdf_bytes: bytes) -> list[np.ndarray]:
    doc = pdfium.PdfDocument(pdf_bytes)
    out = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            bm = page.render(scale=DPI / 72, grayscale=True, draw_annots=False)
            img = bm.to_pil().convert("L")
            out.append(np.array(img))
            page.close()
    finally:
        doc.close()
    return out


def degrade(img: np.ndarray, rng: np.random.Generator, angle: float, border: bool) -> np.ndarray:
    h, w = img.shape
    f = img.astype(np.float32)
    # Paper is never pure white and ink never pure black.
    f = 24.0 + f * (226.0 / 255.0)
    # Faint uneven illumination across the page.
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    gx, gy = rng.uniform(-5, 5, size=2)
    f += gx * (xx / w - 0.5) + gy * (yy / h - 0.5)
    # Slight skew; the scanner lid is a little darker than the paper.
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    m[:, 2] += rng.uniform(-12, 12, size=2)  # a few pixels of shift too
    f = cv2.warpAffine(
        f, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=238.0
    )
    if border:
        # Dark strip along the left edge, as when the page sits off the glass.
        width = int(w * 0.045)
        profile = np.ones(w, np.float32)
        ramp = np.linspace(0.0, 1.0, 40, dtype=np.float32) ** 1.5
        profile[:width] = 0.0
        profile[width : width + 40] = ramp
        wobble = (rng.normal(0, 6, size=h).cumsum() * 0.08).astype(np.int32)
        wobble -= int(wobble.mean())
        dark = 28.0 + rng.normal(0, 6, size=(h, width + 40)).astype(np.float32)
        for y in range(h):
            sh = int(np.clip(wobble[y], -15, 15))
            p = np.roll(profile[: width + 40], sh)
            f[y, : width + 40] = p * f[y, : width + 40] + (1 - p) * dark[y]
    # Sensor noise, a little dust, then optics blur.
    f += rng.normal(0, 2.5, size=f.shape).astype(np.float32)
    for _ in range(int(rng.integers(15, 40))):
        cy, cx = int(rng.integers(0, h)), int(rng.integers(0, w))
        cv2.circle(f, (cx, cy), int(rng.integers(1, 3)), float(rng.uniform(60, 140)), -1)
    f = cv2.GaussianBlur(f, (0, 0), 0.85)
    return np.clip(f, 0, 255).astype(np.uint8)


def jpeg_bytes(img: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(img, mode="L").save(
        buf, format="JPEG", quality=JPEG_QUALITY, dpi=(DPI, DPI), optimize=True, progressive=True
    )
    return buf.getvalue()


def bilevel(img: np.ndarray, threshold: int = 150) -> Image.Image:
    return Image.fromarray(np.where(img > threshold, 255, 0).astype(np.uint8)).convert("1")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def main() -> int:
    font = pick_font()
    print(f"font: {font}  (weasyprint {weasyprint.__version__})")

    chosen = None
    for strict in (True, False):
        for size, lead in LAYOUT_CANDIDATES:
            pdf_bytes = render_pdf(font, size, lead)
            pages = analyse(pdf_bytes, size)
            feats = page_break_features(pages)
            ok, why = layout_ok(pages, feats, strict)
            print(f"  layout {size}pt/{lead}pt{' (strict)' if strict else ''}: {len(pages)} pages -> {why}")
            if ok:
                chosen = (size, lead, pdf_bytes, pages, feats)
                break
        if chosen:
            break
    if chosen is None:
        print("no layout candidate produced the page-break features", file=sys.stderr)
        return 1
    size, lead, pdf_bytes, pages, feats = chosen
    n = len(pages)

    # Output folders (regenerated from scratch).
    for sub in ("scan", "tiff", "truth"):
        shutil.rmtree(HERE / sub, ignore_errors=True)
        (HERE / sub).mkdir(parents=True)
    (HERE / "book-born-digital.pdf").write_bytes(pdf_bytes)

    # Ground truth.
    for p in pages:
        (HERE / "truth" / f"page-{p.number:02d}.txt").write_text(p.text + "\n", encoding="utf-8")
    rows = ["# page\trunning_head\trunning_head_text\tpage_label\tfootnotes"]
    for p in pages:
        has_head = "yes" if p.running_head else "no"
        rows.append(f"{p.number:02d}\t{has_head}\t{p.running_head or '-'}\t{p.label or '-'}\t{p.footnotes}")
    (HERE / "truth" / "clean-pages.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")

    # Scans.
    rng = np.random.default_rng(SEED)
    rasters = rasterise(pdf_bytes)
    angles = []
    jpgs_for_pdf = []
    for i, img in enumerate(rasters, start=1):
        sign = 1 if rng.random() < 0.5 else -1
        angle = round(float(sign * rng.uniform(0.3, 1.0)), 2)
        angles.append(angle)
        scan = degrade(img, rng, angle, border=(i == BORDER_PAGE))
        data = jpeg_bytes(scan)
        jpgs_for_pdf.append(data)
        if i == ROTATED_PAGE:
            # Fed into the scanner sideways: stored turned 90 degrees clockwise.
            data = jpeg_bytes(np.ascontiguousarray(np.rot90(scan, k=-1)))
        (HERE / "scan" / f"page-{i:02d}.jpg").write_bytes(data)
        if i in TIFF_PAGES:
            rasters[i - 1] = scan  # keep the degraded version for the TIFF
    fixed = _dt.datetime(2024, 5, 17, 12, 0, 0)
    (HERE / "book-scan.pdf").write_bytes(
        img2pdf.convert(
            jpgs_for_pdf,
            title=BOOK_TITLE + " (scan)",
            creationdate=fixed,
            moddate=fixed,
            engine=img2pdf.Engine.internal,
            layout_fun=img2pdf.get_fixed_dpi_layout_fun((DPI, DPI)),
        )
    )

    frames = [bilevel(rasters[i - 1]) for i in TIFF_PAGES]
    frames[0].save(
        HERE / "tiff" / "plates.tif",
        save_all=True,
        append_images=frames[1:],
        compression="group4",
        dpi=(DPI, DPI),
    )

    body_pages = [p.number for p in pages if p.number > 2]
    footnote_pages = {f"{p.number:02d}": p.footnotes for p in pages if p.footnotes}
    features = {
        "page_count": n,
        "font": font,
        "body_font_size_pt": size,
        "line_height_pt": lead,
        "dpi": DPI,
        "seed": SEED,
        "title_page": 1,
        "contents_page": 2,
        "body_pages": body_pages,
        "chapter_opening_pages": [p.number for p in pages if p.number > 2 and not p.running_head],
        "rotated_scan_page": ROTATED_PAGE,
        "rotated_scan_direction": "90 degrees clockwise (top of page on the right)",
        "border_strip_page": BORDER_PAGE,
        "border_strip_side": "left",
        "skew_degrees": {f"{i:02d}": a for i, a in enumerate(angles, start=1)},
        "footnotes_per_page": footnote_pages,
        "tiff_pages": list(TIFF_PAGES),
        **feats,
    }
    (HERE / "truth" / "features.json").write_text(
        json.dumps(features, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )

    # Report.
    print(f"\nchosen layout: {size}pt on {lead}pt, {n} pages")
    for p in pages:
        marks = ("  [turned 90]" if p.number == ROTATED_PAGE else "") + (
            "  [border]" if p.number == BORDER_PAGE else ""
        )
        print(
            f"  page {p.number:02d}  label={p.label or '-':<4} "
            f"head={p.running_head or '':<24} footnotes={p.footnotes}  "
            f"skew={angles[p.number - 1]:+.2f}{marks}"
        )
    for h in feats["hyphen_across_page"]:
        print(f"  word hyphenated across pages {h['from_page']}->{h['to_page']}: {h['split']} ({h['word']})")
    for pb in feats["paragraph_across_page"]:
        print(
            f"  paragraph runs over pages {pb['from_page']}->{pb['to_page']}: "
            f"...{pb['last_line'][-30:]!r} / {pb['first_line'][:30]!r}..."
        )
    print(f"  line-end hyphenations: {len(feats['line_end_hyphenations'])}")
    total = sum(f.stat().st_size for f in HERE.rglob("*") if f.is_file())
    print(f"  samples/ total size: {total / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
