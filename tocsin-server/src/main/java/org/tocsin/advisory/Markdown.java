package org.tocsin.advisory;

import java.util.regex.Pattern;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * Markdown to HTML that is safe to put in a page: commonmark renders it, then the OWASP sanitizer
 * keeps only ordinary formatting and web or mail links (marked {@code rel="nofollow noopener
 * noreferrer"}). No script, style, frame, form, image or event handler survives, whether it came as
 * raw HTML in the Markdown or as a link target. Images are left out on purpose: an image from
 * elsewhere would tell its server who opened the advisory and when.
 */
final class Markdown {

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().sanitizeUrls(true).build();
    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "code", "pre",
                    "blockquote", "ul", "ol", "li", "a")
            // Absolute web and mail links only: a relative one would point into the portal itself.
            .allowAttributes("href").matching(Pattern.compile("(?i)(https?://|mailto:)\\S+")).onElements("a")
            .allowUrlProtocols("https", "http", "mailto")
            .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
            .allowAttributes("start").matching(Pattern.compile("[0-9]{1,6}")).onElements("ol")
            .toFactory();

    private Markdown() {}

    static String toHtml(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        return POLICY.sanitize(RENDERER.render(PARSER.parse(markdown)));
    }
}
