"""Reader comments on web pages: the page's own markup first (issue 20).

Pages here are small HTML written for the tests in the shapes comment systems print; the Dragnet
dev floor reads ../shared at run time.
"""

from __future__ import annotations

import time

import pytest

from newsdesk.read.html import from_html
from tests.conftest import shared_file

ARTICLE = ("<h1>Ministers meet in Geneva</h1><div class='entry-content'>"
           + "".join(f"<p>The ministers met on Monday to discuss the ceasefire, paragraph {i} of the story, "
                     f"officials said after the talks ended late in the evening.</p>" for i in range(6))
           + "</div>")


def _page(comments_html: str) -> str:
    return f"<html><head><title>Ministers meet</title></head><body><article>{ARTICLE}</article>{comments_html}</body></html>"


WORDPRESS = """
<div id="comments" class="comments-area">
  <h3 class="comments-title">2 Comments</h3>
  <ol class="comment-list">
    <li id="comment-101" class="comment even depth-1">
      <div class="comment-author vcard">Lauren K says:</div>
      <div class="comment-meta">October 29, 2012 at 12:41 pm</div>
      <div class="comment-content"><p>Finally some good news from Geneva, I hope it lasts.</p></div>
      <div class="reply"><a class="comment-reply-link" href="#">Reply</a></div>
    </li>
    <li id="comment-102" class="comment odd depth-1">
      <div class="comment-author vcard">texydeb says:</div>
      <div class="comment-content"><p>They said the same thing last year and nothing changed.</p></div>
      <div class="reply"><a class="comment-reply-link" href="#">Reply</a></div>
    </li>
    <li id="comment-103" class="pingback"><p>Pingback: Another blog | Geneva roundup</p></li>
  </ol>
  <div id="respond"><h3>Leave a Reply</h3><form><textarea name="comment"></textarea></form></div>
</div>"""


def test_marked_comments_are_read_with_their_names_and_dates():
    page = from_html(_page(WORDPRESS), "<test>")
    [comments] = page.comments
    assert "Lauren K says:" in comments and "October 29, 2012 at 12:41 pm" in comments
    assert "I hope it lasts." in comments and "nothing changed." in comments
    # The comment system's own lines and other sites' pingbacks are not comments.
    for furniture in ("Reply", "Leave a Reply", "2 Comments", "Pingback"):
        assert furniture not in comments
    assert "Lauren" not in page.text and page.comments_known


@pytest.mark.parametrize("section", [
    "<div id='comments'><h3>No comments yet</h3><p>Be the first to leave a reply!</p>"
    "<form id='commentform'><textarea></textarea></form></div>",
    "<div id='disqus_thread'></div><noscript>Please enable JavaScript to view the comments.</noscript>",
    "<div class='comments'><p>Loading...</p><p>Comments</p></div>",
])
def test_an_empty_comment_section_means_no_comments(section):
    page = from_html(_page(section), "<test>")
    assert page.comments == [] and page.comments_known


def test_a_page_without_comment_markup_leaves_the_question_open():
    page = from_html(_page(""), "<test>")
    assert page.comments == [] and not page.comments_known


def test_a_wrapper_holding_the_article_is_not_a_comment_section():
    # Some themes class the whole post 'comments-open'-like; the article inside is no comment.
    page = from_html(f"<html><body><div class='post has-comments'>{ARTICLE}{WORDPRESS}</div></body></html>", "<test>")
    [comments] = page.comments
    assert "ceasefire" not in comments and "I hope it lasts." in comments


def test_schema_org_comments_are_comments():
    section = ("<div itemscope itemtype='http://schema.org/UserComments'>"
               "<div itemprop='comment' itemscope itemtype='http://schema.org/Comment'>"
               "<span itemprop='creator'>Ann</span><p itemprop='text'>The talks will fail again, mark my words.</p>"
               "</div></div>")
    [comments] = from_html(_page(section), "<test>").comments
    assert "mark my words" in comments


def test_dragnet_dev_html_floor():
    """html mode on Dragnet dev: measured comment F1 0.825, 7 of 200 comment-less pages with comments
    (trafilatura alone: 0.500 and 40)."""
    from newsdesk.evaluate.comments import evaluate_comments

    path = shared_file("eval", "comments", "dragnet.dev.jsonl")
    started = time.perf_counter()
    result = evaluate_comments(str(path), mode="html")
    assert time.perf_counter() - started < 240
    assert result["comment_f1"] >= 0.80
    assert result["false_comment_pages"] <= 8
    assert result["main_f1"] >= 0.88


def test_comment_lines_left_in_the_article_are_taken_out():
    from newsdesk.read.html import _without_comment_lines

    comments = ["Ann says:", "The talks will fail again, mark my words.", "Bob says:",
                "Nothing will change in Geneva this year.", "Geneva is lovely in the spring, though."]
    article = "The ministers met on Monday.\nThey agreed to meet again."
    assert _without_comment_lines(article + "\n" + "\n".join(comments), comments) == article + "\nAnn says:\nBob says:"
    # One line in common is a comment quoting the article: the article keeps it.
    assert _without_comment_lines(article, ["They agreed to meet again."]) == article



# A related-articles box of the shape trafilatura's comment extraction returned on a Dragnet dev page
# with no comment section (author: headline, one per line).
TEASERS = [
    "Polly Toynbee: Labour, you've made your point about the EU - now make the case for it",
    "Simon Jenkins: In the wind turbine debate, who dares utter the B-word in public?",
    "Ellie Mae O'Hagan: A life under surveillance and what it costs the people of the city",
]


def test_a_list_of_headlines_is_not_comments():
    from newsdesk.read.html import _split_comments

    assert _split_comments("\n".join(TEASERS)) == []
    # Comments are sentences: the same lines ending as sentences stay comments.
    said = "\n".join(line.rstrip("?") + "." for line in TEASERS)
    assert _split_comments(said) == [said]
