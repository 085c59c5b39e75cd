package org.oneplace.marketing.internal;

import com.github.mustachejava.Mustache;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;
import org.jspecify.annotations.Nullable;
import org.oneplace.cart.CartLineView;
import org.oneplace.cart.CartView;
import org.oneplace.marketing.TemplateView;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Money;
import org.oneplace.shared.RandomTokens;
import org.springframework.stereotype.Component;

/**
 * Turns a template and a customer into the message: the variables (the cart with only the lines that can be bought
 * now, at the price the catalog quotes today, formatted in the customer's locale), every link rewritten to a tracked
 * {@code /r/{token}} that redirects only to the original, the unsubscribe link (added as a footer when the template
 * has none), and for e-mail a plain-text part generated from the HTML.
 */
@Component
public class Composer {

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"'{}]+");

    private final Templates templates;

    Composer(Templates templates) {
        this.templates = templates;
    }

    /** What a send carries. {@code html} is null for text channels. */
    public record Composed(
            String subject, String text, @Nullable String html) {}

    /** The facts about a customer a template can use. */
    public record Facts(
            @Nullable String name,
            Map<String, Object> traits,
            CartView cart,
            Locale locale,
            String unsubscribeUrl,
            @Nullable Due due) {}

    /** The product a replenishment reminder is about, priced now (promotions included). */
    public record Due(
            String sku,
            String name,
            Money price,
            Money regularPrice,
            @Nullable String promotion,
            Instant expected) {}

    /** A new unguessable token for a link or a message. */
    public static String token() {
        return RandomTokens.of("", 18);
    }

    /** The cart lines that can be bought now: the only ones a message may offer. */
    public static List<CartLineView> buyable(CartView cart) {
        return cart.lines().stream().filter(l -> !l.outOfStock()).toList();
    }

    /**
     * Renders a template for a customer.
     *
     * @param track called with (token, original URL) for every link rewritten to {@code base/r/token}
     */
    public Composed compose(TemplateView template, Facts facts, String base, BiConsumer<String, String> track) {
        Map<String, Object> scope = scope(facts);
        boolean email = template.channel() == ChannelType.EMAIL;
        String subject = template.subject() == null
                ? ""
                : templates
                        .render(templates.compile(template.subject(), false, "subject"), scope)
                        .replaceAll("[\\r\\n]+", " ")
                        .strip();
        Mustache body = templates.compile(template.body(), email, "body");
        String rendered = templates.render(body, scope);
        // only links the marketer wrote are tracked: a URL that came in with a customer's name or trait must not
        // become a redirect on this installation's domain
        Set<String> written = literalUrls(template.body());
        if (email) {
            Document html = Jsoup.parse(rendered);
            boolean hasUnsubscribe = false;
            for (Element a : html.select("a[href]")) {
                String href = a.attr("href");
                if (href.equals(facts.unsubscribeUrl())) {
                    hasUnsubscribe = true;
                } else if (written.contains(href)) {
                    a.attr("href", tracked(href, base, track));
                }
            }
            if (!hasUnsubscribe) {
                html.body()
                        .appendElement("p")
                        .attr("style", "font-size:12px;color:#666")
                        .appendText("You get this because you agreed to hear from us. ")
                        .appendElement("a")
                        .attr("href", facts.unsubscribeUrl())
                        .text("Unsubscribe");
            }
            return new Composed(subject, text(html), html.outerHtml());
        }
        StringBuilder text = new StringBuilder();
        Matcher url = URL.matcher(rendered);
        while (url.find()) {
            String found = url.group();
            url.appendReplacement(
                    text, Matcher.quoteReplacement(written.contains(found) ? tracked(found, base, track) : found));
        }
        url.appendTail(text);
        if (!rendered.contains(facts.unsubscribeUrl())) {
            text.append("\nOpt out: ").append(facts.unsubscribeUrl());
        }
        return new Composed(subject, text.toString(), null);
    }

    /** The absolute URLs written in a template's source (not in its tags), which can be parsed as URIs. */
    static Set<String> literalUrls(String source) {
        Set<String> urls = new HashSet<>();
        Matcher url = URL.matcher(source.replaceAll("\\{\\{[^}]*}}", " "));
        while (url.find()) {
            String found = url.group().replace("&amp;", "&");
            try {
                java.net.URI.create(found);
                urls.add(found);
            } catch (IllegalArgumentException e) {
                // not a URI a redirect could carry: left as written, not tracked
            }
        }
        return urls;
    }

    private static String tracked(String url, String base, BiConsumer<String, String> track) {
        String token = token();
        track.accept(token, url);
        return base + "/r/" + token;
    }

    private static Map<String, Object> scope(Facts facts) {
        Map<String, Object> customer = new LinkedHashMap<>();
        String name = facts.name();
        customer.put("name", name == null ? "" : name);
        Object first = facts.traits().getOrDefault("firstName", facts.traits().get("first_name"));
        customer.put(
                "firstName",
                first != null
                        ? String.valueOf(first)
                        : name == null ? "" : name.strip().split("\\s+")[0]);
        customer.put("traits", facts.traits());
        List<Map<String, Object>> lines = new ArrayList<>();
        Money total = null;
        for (CartLineView line : buyable(facts.cart())) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", line.name());
            item.put("sku", line.sku());
            item.put("quantity", line.quantity());
            item.put("price", format(line.unitPrice(), facts.locale()));
            item.put("total", format(line.total(), facts.locale()));
            lines.add(item);
            total = total == null ? line.total() : total.plus(line.total());
        }
        Map<String, Object> cart = new LinkedHashMap<>();
        cart.put("lines", lines);
        cart.put("count", lines.size());
        cart.put("total", total == null ? "" : format(total, facts.locale()));
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("customer", customer);
        scope.put("cart", cart);
        scope.put("store", Map.of());
        scope.put("recommendations", List.of());
        scope.put("unsubscribeUrl", facts.unsubscribeUrl());
        Due due = facts.due();
        if (due != null) {
            Map<String, Object> replenishment = new LinkedHashMap<>();
            replenishment.put("name", due.name());
            replenishment.put("sku", due.sku());
            replenishment.put("price", format(due.price(), facts.locale()));
            replenishment.put("regularPrice", format(due.regularPrice(), facts.locale()));
            replenishment.put("promotion", due.promotion() == null ? "" : due.promotion());
            replenishment.put(
                    "nextExpected",
                    java.time.format.DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle.LONG)
                            .withLocale(facts.locale())
                            .format(due.expected().atZone(java.time.ZoneOffset.UTC)));
            scope.put("replenishment", replenishment);
        }
        return scope;
    }

    /** A price in the customer's locale: {@code €12.50}, {@code 12,50 €}. */
    static String format(Money money, Locale locale) {
        Currency currency = Currency.getInstance(money.currency());
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        return format.format(BigDecimal.valueOf(money.amount(), Math.max(0, currency.getDefaultFractionDigits())));
    }

    /** The plain-text part: the words, paragraphs as lines, links as "text (url)". */
    static String text(Document html) {
        StringBuilder out = new StringBuilder();
        html.body().traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    out.append(text.text());
                } else if (node instanceof Element e && e.nameIs("br")) {
                    out.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e) {
                    if (e.nameIs("a") && !e.attr("href").isBlank()) {
                        out.append(" (").append(e.attr("href")).append(')');
                    } else if (e.isBlock()) {
                        out.append('\n');
                    }
                }
            }
        });
        return out.toString()
                .replaceAll("[ \\t]+\\n", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }
}
