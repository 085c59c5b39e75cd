package org.oneplace.integration.internal;

import jakarta.validation.ConstraintViolationException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.oneplace.catalog.CatalogService;
import org.oneplace.catalog.CreateProduct;
import org.oneplace.catalog.CreateVariant;
import org.oneplace.catalog.ProductView;
import org.oneplace.catalog.VariantView;
import org.oneplace.integration.ImportRejectView;
import org.oneplace.inventory.InventoryService;
import org.oneplace.inventory.SetStock;
import org.oneplace.inventory.StockLevelView;
import org.oneplace.platform.DomainException;
import org.oneplace.shared.Money;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Writes products and stock counts, a row at a time through the same services, checks and audit log as the API (with
 * the import's authority, see {@link ImportAuthority}), each row under a savepoint of the batch's transaction so that
 * one refused row (a SKU taken by another product, a count below what is reserved) refuses that row only. A catalogue is thousands
 * of rows, not millions: this is not the set-based path customers take.
 *
 * <ul>
 *   <li><b>Products</b> ({@code kind=products}), one row per variant: {@code sku}, {@code product} (the product's name;
 *       variants with the same name join one product, the oldest of that name), {@code category}, {@code description}, the price as
 *       {@code unitPrice} (minor units) or {@code price} (12.99) with {@code currency}, and one {@code option.<name>}
 *       column per option ({@code option.size}). A SKU already in the catalogue gets the price when it differs and
 *       keeps its product, name and options; so the same file again changes nothing.
 *   <li><b>Stock</b> ({@code kind=stock}), a count per SKU and location: {@code sku}, {@code location} (its code),
 *       {@code onHand}, {@code safetyStock}; recorded in the stock ledger as reason {@code import}, skipped when the
 *       level is already that. A count is absolute: importing an old file again sets the levels it gives again.
 * </ul>
 */
abstract sealed class CatalogRowImport implements ImportWriter {

    private final TransactionTemplate rowTransaction;

    CatalogRowImport(PlatformTransactionManager transactions) {
        this.rowTransaction = new TransactionTemplate(transactions);
        // a savepoint per row: a refused row is rolled back alone, and every row commits with its batch's progress
        this.rowTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** The columns this kind knows, as matched ({@link CustomerRows#key}). */
    abstract Set<String> columns();

    abstract List<String> required();

    /** Writes one row in its own transaction. */
    abstract void write(Map<String, JsonNode> fields);

    @Override
    public void checkHeader(List<String> columns) {
        Set<String> seen = new java.util.HashSet<>();
        for (String column : columns) {
            String key = CustomerRows.key(column);
            if (!columns().contains(key) && !key.startsWith("option.")) {
                throw new ImportFile.Unreadable("Line 1: the column '" + column + "' is not one this import knows; use "
                        + String.join(", ", columns()) + ".");
            }
            if (!seen.add(key)) {
                throw new ImportFile.Unreadable("Line 1: the column '" + column + "' is there twice.");
            }
        }
        for (String needed : required()) {
            if (!seen.contains(needed)) {
                throw new ImportFile.Unreadable("Line 1: this import needs a column " + needed + ".");
            }
        }
    }

    @Override
    public Written write(ImportRepository.Job job, List<ImportFile.Row> batch) {
        List<ImportRejectView> rejects = new ArrayList<>();
        long written = 0;
        for (ImportFile.Row row : batch) {
            if (row.problem() != null) {
                rejects.add(new ImportRejectView(row.line(), row.field(), row.problem()));
                continue;
            }
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            String unknown = null;
            for (Map.Entry<String, JsonNode> field : row.fields().entrySet()) {
                String key = CustomerRows.key(field.getKey());
                if (!columns().contains(key) && !key.startsWith("option.")) {
                    unknown = field.getKey();
                } else if (!field.getValue().isNull()) {
                    fields.put(key, field.getValue());
                }
            }
            if (unknown != null) {
                rejects.add(
                        new ImportRejectView(row.line(), unknown, "'" + unknown + "' is not a field of this import."));
                continue;
            }
            try {
                rowTransaction.executeWithoutResult(status -> write(fields));
                written++;
            } catch (CustomerRows.Refused e) {
                rejects.add(new ImportRejectView(row.line(), e.field, e.getMessage()));
            } catch (DomainException e) {
                rejects.add(new ImportRejectView(row.line(), e.field(), e.getMessage()));
            } catch (ConstraintViolationException e) {
                rejects.add(new ImportRejectView(
                        row.line(),
                        null,
                        e.getConstraintViolations().stream()
                                .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                                .sorted()
                                .reduce((a, b) -> a + "; " + b)
                                .orElse("The row is not valid.")));
            } catch (IllegalArgumentException e) {
                rejects.add(new ImportRejectView(row.line(), null, e.getMessage()));
            }
        }
        return new Written(written, 0, 0, 0, 0, 0, rejects);
    }

    static String required(Map<String, JsonNode> fields, String key, String name) {
        JsonNode value = fields.get(key);
        if (value == null || value.asString().isBlank()) {
            throw new CustomerRows.Refused(name, "'" + name + "' is missing.");
        }
        return CustomerRows.text(name, value).strip();
    }

    static @Nullable String optional(Map<String, JsonNode> fields, String key, String name) {
        JsonNode value = fields.get(key);
        return value == null || value.asString().isBlank()
                ? null
                : CustomerRows.text(name, value).strip();
    }

    static int whole(Map<String, JsonNode> fields, String key, String name) {
        try {
            return Integer.parseInt(required(fields, key, name));
        } catch (NumberFormatException e) {
            throw new CustomerRows.Refused(name, "'" + name + "' is a whole number.");
        }
    }

    /** The price given as {@code unitPrice} (minor units) or {@code price} (in the currency's units). */
    static Money price(Map<String, JsonNode> fields) {
        String currency;
        try {
            currency = Money.currencyCode(required(fields, "currency", "currency"));
        } catch (IllegalArgumentException e) {
            throw new CustomerRows.Refused("currency", e.getMessage() + ".");
        }
        return new Money(minorUnits(fields, currency), currency);
    }

    /**
     * A price in minor units of {@code currency}, given as {@code unitPrice} (minor units, 1299) or {@code price} (in
     * the currency's units, 12.99): for products and for an order's lines alike.
     */
    static long minorUnits(Map<String, JsonNode> fields, String currency) {
        long amount;
        try {
            amount = fields.containsKey("unitprice")
                    ? Long.parseLong(required(fields, "unitprice", "unitPrice"))
                    : new BigDecimal(required(fields, "price", "price"))
                            .movePointRight(Currency.getInstance(currency).getDefaultFractionDigits())
                            .longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CustomerRows.Refused(
                    fields.containsKey("unitprice") ? "unitPrice" : "price",
                    "The price is not a number in " + currency + ": unitPrice in minor units (1299) or price with at"
                            + " most the currency's decimals (12.99).");
        }
        if (amount < 0 || amount > Money.MAX_AMOUNT) {
            throw new CustomerRows.Refused(
                    fields.containsKey("unitprice") ? "unitPrice" : "price", "The price is out of range.");
        }
        return amount;
    }

    /** Products, one row per variant. */
    @org.springframework.stereotype.Component
    static final class Products extends CatalogRowImport {

        private static final Set<String> COLUMNS =
                Set.of("sku", "product", "category", "description", "price", "unitprice", "currency");

        private final CatalogService catalog;

        Products(CatalogService catalog, PlatformTransactionManager transactions) {
            super(transactions);
            this.catalog = catalog;
        }

        @Override
        Set<String> columns() {
            return COLUMNS;
        }

        @Override
        List<String> required() {
            return List.of("sku", "currency");
        }

        @Override
        void write(Map<String, JsonNode> fields) {
            String sku = required(fields, "sku", "sku");
            Money price = price(fields);
            VariantView existing = catalog.variants(List.of(sku)).get(sku);
            if (existing != null) {
                if (!existing.price().equals(price)) {
                    catalog.setPrice(sku, price);
                }
                return;
            }
            String name = optional(fields, "product", "product");
            if (name == null) {
                throw new CustomerRows.Refused("product", "A new SKU needs its product's name.");
            }
            Map<String, String> options = new LinkedHashMap<>();
            fields.forEach((key, value) -> {
                if (key.startsWith("option.") && !value.asString().isBlank()) {
                    options.put(key.substring(7), value.asString().strip());
                }
            });
            CreateVariant variant = new CreateVariant(sku, options, price);
            ProductView product = catalog.productNamed(name).orElse(null);
            if (product != null) {
                catalog.addVariant(product.id(), variant);
            } else {
                catalog.create(new CreateProduct(
                        name,
                        optional(fields, "category", "category"),
                        optional(fields, "description", "description"),
                        List.of(variant)));
            }
        }
    }

    /** Stock counts per SKU and location. */
    @org.springframework.stereotype.Component
    static final class Stock extends CatalogRowImport {

        private static final Set<String> COLUMNS = Set.of("sku", "location", "onhand", "safetystock");

        private final InventoryService inventory;
        private final CatalogService catalog;

        Stock(InventoryService inventory, CatalogService catalog, PlatformTransactionManager transactions) {
            super(transactions);
            this.inventory = inventory;
            this.catalog = catalog;
        }

        @Override
        Set<String> columns() {
            return COLUMNS;
        }

        @Override
        List<String> required() {
            return List.of("sku", "location", "onhand");
        }

        @Override
        void write(Map<String, JsonNode> fields) {
            String sku = required(fields, "sku", "sku");
            String location = required(fields, "location", "location");
            int onHand = whole(fields, "onhand", "onHand");
            Integer safety = fields.containsKey("safetystock") ? whole(fields, "safetystock", "safetyStock") : null;
            catalog.requireVariants(List.of(sku));
            StockLevelView level = inventory.level(sku, location);
            if (level.onHand() == onHand && (safety == null || level.safetyStock() == safety)) {
                return; // already counted so
            }
            inventory.setStock(sku, location, new SetStock(onHand, safety, "import"));
        }
    }
}
