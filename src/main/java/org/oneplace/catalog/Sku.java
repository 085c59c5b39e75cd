package org.oneplace.catalog;

/** What a SKU may look like: letters, digits, dot, dash and underscore, 1 to 64 of them. */
public final class Sku {

    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    public static final String RULE =
            "must be 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit";

    private Sku() {}
}
