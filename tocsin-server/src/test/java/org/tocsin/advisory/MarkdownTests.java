package org.tocsin.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Markdown renders to ordinary formatting and nothing else: every payload of a list of known
 * cross-site scripting tricks comes out with only allowed tags, allowed attributes and web or mail
 * links.
 */
class MarkdownTests {

    static final List<String> PAYLOADS = List.of(
            "<script>alert(1)</script>",
            "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
            "<img src=x onerror=alert(1)>",
            "<svg onload=alert(1)>",
            "<svg><script>alert(1)</script></svg>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
            "<style>body{background:url(javascript:alert(1))}</style>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<a href=\"javascript:alert(1)\">click</a>",
            "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
            "<a href=\"&#106;avascript:alert(1)\">click</a>",
            "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">click</a>",
            "<a href=\"vbscript:msgbox(1)\">click</a>",
            "[click](javascript:alert(1))",
            "[click](JAVASCRIPT:alert(1))",
            "[click](data:text/html,<script>alert(1)</script>)",
            "[click](vbscript:msgbox(1))",
            "![x](https://evil.example/pixel.gif)",
            "![x](javascript:alert(1))",
            "<body onload=alert(1)>",
            "<details open ontoggle=alert(1)>",
            "<object data=\"javascript:alert(1)\"></object>",
            "<embed src=\"javascript:alert(1)\">",
            "<form action=\"https://evil.example\"><input name=x><button>go</button></form>",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
            "<link rel=stylesheet href=https://evil.example/x.css>",
            "<base href=\"https://evil.example/\">",
            "<p onclick=\"alert(1)\">text</p>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
            "<a href=\"https://ok.example\" onmouseover=\"alert(1)\">ok</a>",
            "[ok](https://ok.example \"title\\\" onmouseover=\\\"alert(1)\")",
            "<textarea><script>alert(1)</script></textarea>",
            "<!--<script>alert(1)</script>-->",
            "`<script>alert(1)</script>`");

    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z0-9]+)([^>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\s([a-zA-Z-]+)=\"([^\"]*)\"");
    private static final Set<String> ALLOWED = Set.of("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em",
            "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a");

    @Test
    void leavesNothingExecutableInAnyPayload() {
        for (var payload : PAYLOADS) {
            for (var markdown : List.of(payload, "Some text\n\n" + payload + "\n\nmore", "- item " + payload)) {
                assertSafe(markdown, Markdown.toHtml(markdown));
            }
        }
    }

    @Test
    void keepsOrdinaryFormattingAndMarksLinks() {
        var html = Markdown.toHtml("""
                ## What to do

                1. **Brief** the board
                2. Read *the* [annex](https://tocsin.example/annex) or mail [us](mailto:duty@tocsin.example)

                > quoted

                `code`
                """);
        assertThat(html).contains("<h2>What to do</h2>", "<strong>Brief</strong>", "<em>the</em>", "<ol>", "<li>",
                "<blockquote>", "<code>code</code>",
                "<a href=\"https://tocsin.example/annex\" rel=\"nofollow noopener noreferrer\">annex</a>",
                "href=\"mailto:duty&#64;tocsin.example\"");
    }

    private static void assertSafe(String markdown, String html) {
        var tags = TAG.matcher(html);
        while (tags.find()) {
            var name = tags.group(2).toLowerCase();
            assertThat(ALLOWED).as("tag <%s> from %s in %s", name, markdown, html).contains(name);
            var attributes = ATTRIBUTE.matcher(tags.group(3));
            var rest = ATTRIBUTE.matcher(tags.group(3)).replaceAll("").strip();
            assertThat(rest).as("unparsed attributes from %s in %s", markdown, html).isEmpty();
            while (attributes.find()) {
                var attribute = attributes.group(1).toLowerCase();
                assertThat(attribute).as("attribute from %s in %s", markdown, html).isIn("href", "rel", "start");
                if (attribute.equals("href")) {
                    assertThat(attributes.group(2)).as("link from %s in %s", markdown, html)
                            .matches("(https?://|mailto:).*");
                }
            }
        }
        assertThat(html.toLowerCase()).as(markdown).doesNotContain("<script", "<img", "<iframe", "<style", "<svg");
    }
}
