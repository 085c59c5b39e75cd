package org.oneplace.marketing.web;

import io.swagger.v3.oas.annotations.Hidden;
import org.oneplace.marketing.internal.MarketingLinks;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The links customers follow from marketing messages, without signing in: the token is the credential. A click
 * redirects only to the URL stored for its token; unsubscribing works by the footer link (a page with a button, so a
 * mail scanner fetching links does not unsubscribe anyone) and by RFC 8058's one-click POST.
 */
@Hidden
@RestController
class MarketingLinksController {

    private static final String TOKEN = "{token}";

    private final MarketingLinks links;

    MarketingLinksController(MarketingLinks links) {
        this.links = links;
    }

    @GetMapping("/r/" + TOKEN)
    ResponseEntity<String> click(@PathVariable String token) {
        return links.click(token)
                .<ResponseEntity<String>>map(url -> ResponseEntity.status(HttpStatus.FOUND)
                        .location(url)
                        .header("Referrer-Policy", "no-referrer")
                        .build())
                .orElseGet(() -> page(HttpStatus.NOT_FOUND, "Link not found", "This link is not valid any more."));
    }

    @GetMapping("/u/" + TOKEN)
    ResponseEntity<String> unsubscribePage(@PathVariable String token) {
        return page(
                HttpStatus.OK,
                "Unsubscribe",
                "<form method=\"post\"><p>Stop marketing messages on this channel?</p>"
                        + "<button type=\"submit\">Unsubscribe</button></form>");
    }

    @PostMapping("/u/" + TOKEN)
    ResponseEntity<String> unsubscribe(@PathVariable String token) {
        return links.unsubscribe(token, "one-click unsubscribe")
                ? page(HttpStatus.OK, "Unsubscribed", "You will not get marketing messages on this channel any more.")
                : page(HttpStatus.NOT_FOUND, "Link not found", "This link is not valid any more.");
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String body) {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
                + " content=\"width=device-width, initial-scale=1\"><title>" + HtmlUtils.htmlEscape(title)
                + "</title></head><body style=\"font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem\">"
                + "<h1>" + HtmlUtils.htmlEscape(title) + "</h1>"
                + (body.startsWith("<") ? body : "<p>" + HtmlUtils.htmlEscape(body) + "</p>") + "</body></html>";
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(html);
    }
}
