package org.oneplace.marketing.internal;

import com.github.mustachejava.Code;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.codes.CommentCode;
import com.github.mustachejava.codes.IterableCode;
import com.github.mustachejava.codes.NotIterableCode;
import com.github.mustachejava.codes.ValueCode;
import com.github.mustachejava.codes.WriteCode;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.oneplace.marketing.MarketingException;
import org.springframework.stereotype.Component;

/**
 * Mustache templates (mustache.java): compiled and checked before they are stored, so a template that would render
 * wrong is a 422 naming the line, never a half-sent message. Only the variables Oneplace fills are allowed (the
 * README's table); partials (which would read files), changed delimiters and unescaped output ({@code {{{x}}}},
 * {@code {{&x}}}) are refused. HTML templates escape every value; text templates write values as they are.
 */
@Component
public class Templates {

    /** A leaf value. */
    private static final Object LEAF = "leaf";
    /** Any name below it (traits). */
    private static final Object ANY = "any";

    private static final Map<String, Object> LINE =
            Map.of("name", LEAF, "sku", LEAF, "quantity", LEAF, "price", LEAF, "total", LEAF);

    /** What a template may name; a list stands for the fields of its items. */
    private static final Map<String, Object> VARIABLES = Map.of(
            "customer", Map.of("name", LEAF, "firstName", LEAF, "traits", ANY),
            "cart", Map.of("lines", List.of(LINE), "total", LEAF, "count", LEAF),
            "store", Map.of("name", LEAF, "code", LEAF, "distanceKm", LEAF),
            "recommendations", List.of(Map.of("name", LEAF, "sku", LEAF, "price", LEAF)),
            "replenishment",
                    Map.of(
                            "name", LEAF,
                            "sku", LEAF,
                            "price", LEAF,
                            "regularPrice", LEAF,
                            "promotion", LEAF,
                            "nextExpected", LEAF),
            "unsubscribeUrl", LEAF);

    private static final Pattern REFUSED = Pattern.compile("\\{\\{\\s*([{&>=<$])");

    private final DefaultMustacheFactory html = factory(true);
    private final DefaultMustacheFactory text = factory(false);

    /**
     * Compiles and checks a template's part.
     *
     * @param part what the problem calls it ({@code body}, {@code subject})
     * @throws MarketingException 422 naming the line and what to change
     */
    public Mustache compile(String source, boolean escapeHtml, String part) {
        Matcher refused = REFUSED.matcher(source);
        if (refused.find()) {
            throw MarketingException.template("Line " + line(source, refused.start()) + " of the " + part + ": '{{"
                    + refused.group(1) + "' is not allowed — templates have no partials, no changed delimiters and"
                    + " no unescaped output; write {{name}}.");
        }
        Mustache mustache;
        try {
            mustache = (escapeHtml ? html : text).compile(new StringReader(source), part);
        } catch (MustacheException e) {
            throw MarketingException.template(
                    "The " + part + " does not compile: " + e.getMessage() + " (the number after ':' is the line).");
        }
        check(mustache.getCodes(), new ArrayDeque<>(List.of(VARIABLES)), source, part);
        return mustache;
    }

    /** Renders a compiled template with a scope built like {@link #VARIABLES}. */
    public String render(Mustache mustache, Map<String, Object> scope) {
        StringWriter out = new StringWriter();
        mustache.execute(out, scope);
        return out.toString();
    }

    private void check(Code @Nullable [] codes, Deque<Object> scopes, String source, String part) {
        if (codes == null) {
            return;
        }
        for (Code code : codes) {
            String name = code.getName();
            if (code instanceof WriteCode || code instanceof CommentCode || name == null) {
                continue; // text, comments, the end of the template
            }
            if (!(code instanceof ValueCode || code instanceof IterableCode || code instanceof NotIterableCode)) {
                throw MarketingException.template("The " + part + " uses a tag Oneplace does not support ("
                        + code.getClass().getSimpleName() + "); use variables and sections only.");
            }
            Optional<Object> found = resolve(name, scopes);
            if (found.isEmpty()) {
                throw MarketingException.template("Line " + line(source, name) + " of the " + part + ": '" + name
                        + "' is not a variable Oneplace fills. Use customer.name, customer.firstName,"
                        + " customer.traits.<name>, cart.lines (name, sku, quantity, price, total), cart.total,"
                        + " store.name, store.code, store.distanceKm, recommendations (name, sku, price),"
                        + " replenishment (name, sku, price, regularPrice, promotion, nextExpected) or"
                        + " unsubscribeUrl.");
            }
            if (code instanceof ValueCode) {
                continue;
            }
            Object node = found.get();
            boolean pushed = false;
            if (node instanceof List<?> list && code instanceof IterableCode && !(code instanceof NotIterableCode)) {
                scopes.push(list.getFirst());
                pushed = true;
            } else if (node instanceof Map<?, ?> || node == ANY) {
                scopes.push(node);
                pushed = true;
            }
            check(code.getCodes(), scopes, source, part);
            if (pushed) {
                scopes.pop();
            }
        }
    }

    private static Optional<Object> resolve(String name, Deque<Object> scopes) {
        if (name.equals(".")) {
            return Optional.of(LEAF);
        }
        String[] path = name.split("\\.");
        for (Object scope : scopes) {
            Object node = scope;
            boolean found = true;
            for (String segment : path) {
                if (node == ANY) {
                    break;
                }
                if (node instanceof Map<?, ?> map && map.containsKey(segment)) {
                    node = map.get(segment);
                } else {
                    found = false;
                    break;
                }
            }
            if (found) {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }

    private static int line(String source, String name) {
        Matcher tag = Pattern.compile("\\{\\{\\s*[#^/]?\\s*" + Pattern.quote(name) + "\\s*}}")
                .matcher(source);
        return tag.find() ? line(source, tag.start()) : 1;
    }

    private static int line(String source, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static DefaultMustacheFactory factory(boolean escapeHtml) {
        return new DefaultMustacheFactory() {
            @Override
            public void encode(String value, Writer writer) {
                if (escapeHtml) {
                    super.encode(value, writer);
                    return;
                }
                try {
                    writer.write(value);
                } catch (IOException e) {
                    throw new MustacheException("Failed to write", e);
                }
            }

            @Override
            public Mustache compilePartial(String name) {
                throw new MustacheException("partials are not allowed");
            }

            @Override
            public java.io.Reader getReader(String resourceName) {
                throw new MustacheException("templates cannot read files");
            }
        };
    }
}
