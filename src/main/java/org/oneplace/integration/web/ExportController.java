package org.oneplace.integration.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.oneplace.catalog.CatalogService;
import org.oneplace.catalog.ProductView;
import org.oneplace.customer.CustomerService;
import org.oneplace.customer.CustomerView;
import org.oneplace.customer.IdentifierType;
import org.oneplace.customer.IdentifierView;
import org.oneplace.inventory.InventoryService;
import org.oneplace.inventory.StockLevelView;
import org.oneplace.order.OrderService;
import org.oneplace.order.OrderView;
import org.oneplace.shared.Csv;
import org.oneplace.shared.InvalidValueException;
import org.oneplace.shared.Page;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk export for a warehouse: customers and orders a page at a time (up to 1,000), as JSON Lines (one object per
 * line, the same shape as the API's single reads) or CSV. The next page's cursor comes in {@code X-Next-Cursor} and a
 * {@code Link: <…>; rel="next"} header; no header means the last page. Needs customers:export (and orders:read for
 * orders).
 */
@RestController
@RequestMapping("/api/v1/exports")
@Tag(name = "Exports")
class ExportController {

    private static final MediaType JSONL = MediaType.parseMediaType("application/x-ndjson");
    private static final MediaType CSV = MediaType.parseMediaType("text/csv; charset=utf-8");

    private final CustomerService customers;
    private final OrderService orders;
    private final CatalogService catalog;
    private final InventoryService inventory;
    private final JsonMapper json;

    ExportController(
            CustomerService customers,
            OrderService orders,
            CatalogService catalog,
            InventoryService inventory,
            JsonMapper json) {
        this.customers = customers;
        this.orders = orders;
        this.catalog = catalog;
        this.inventory = inventory;
        this.json = json;
    }

    @GetMapping("/products")
    @Operation(summary = "The catalogue, a product a line with its variants (?format=jsonl|csv&cursor=&limit=)")
    ResponseEntity<String> products(
            @RequestParam(defaultValue = "jsonl") String format,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "1000") int limit) {
        Page<ProductView> page = catalog.products(null, cursor, Math.clamp(limit, 1, 1000));
        return answer("products", format, limit, page, ProductExportRow.class, this::row);
    }

    @GetMapping("/stock")
    @Operation(summary = "Every stock level by SKU and location (?format=jsonl|csv&cursor=&limit=)")
    ResponseEntity<String> stock(
            @RequestParam(defaultValue = "jsonl") String format,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "1000") int limit) {
        Page<StockLevelView> page = inventory.exportPage(cursor, limit);
        return answer("stock", format, limit, page, StockLevelView.class, level -> level);
    }

    @GetMapping("/customers")
    @Operation(summary = "Every live customer, a page at a time (?format=jsonl|csv&cursor=&limit=), for a warehouse")
    ResponseEntity<String> customers(
            @RequestParam(defaultValue = "jsonl") String format,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "1000") int limit) {
        Page<CustomerView> page = customers.exportPage(cursor, limit);
        return answer("customers", format, limit, page, CustomerExportRow.class, this::row);
    }

    @GetMapping("/orders")
    @Operation(summary = "Every order, oldest first, a page at a time (?format=jsonl|csv&cursor=&limit=)")
    ResponseEntity<String> orders(
            @RequestParam(defaultValue = "jsonl") String format,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "1000") int limit) {
        Page<OrderView> page = orders.exportPage(cursor, limit);
        return answer("orders", format, limit, page, OrderExportRow.class, this::row);
    }

    private <T, R extends Record> ResponseEntity<String> answer(
            String what, String format, int limit, Page<T> page, Class<R> rowType, Function<T, R> toRow) {
        String body;
        MediaType type;
        switch (format) {
            case "jsonl" -> {
                body = page.items().stream().map(json::writeValueAsString).collect(Collectors.joining("\n"));
                body = body.isEmpty() ? body : body + "\n";
                type = JSONL;
            }
            case "csv" -> {
                body = Csv.of(rowType, page.items().stream().map(toRow).toList());
                type = CSV;
            }
            default -> throw new InvalidValueException("format", "'format' is jsonl or csv, not '" + format + "'.");
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + what + "." + format + "\"");
        if (page.nextCursor() != null) {
            String next = "/api/v1/exports/" + what + "?format=" + format + "&limit=" + limit + "&cursor="
                    + URLEncoder.encode(page.nextCursor(), StandardCharsets.UTF_8);
            answer.header("X-Next-Cursor", page.nextCursor()).header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return answer.body(body);
    }

    private CustomerExportRow row(CustomerView c) {
        return new CustomerExportRow(
                c.id(),
                c.createdAt(),
                c.name(),
                values(c.identifiers(), IdentifierType.EMAIL),
                values(c.identifiers(), IdentifierType.PHONE),
                values(c.identifiers(), IdentifierType.USER_ID),
                json.writeValueAsString(c.identifiers()),
                json.writeValueAsString(c.traits()),
                json.writeValueAsString(c.consents()),
                c.mergedIds().stream().map(UUID::toString).collect(Collectors.joining(" ")));
    }

    private ProductExportRow row(ProductView p) {
        return new ProductExportRow(
                p.id(), p.name(), p.category(), p.description(), json.writeValueAsString(p.variants()), p.createdAt());
    }

    private OrderExportRow row(OrderView o) {
        return new OrderExportRow(
                o.id(),
                o.number(),
                o.customerId(),
                o.channel().code(),
                o.fulfilment().code(),
                o.locationCode(),
                o.status().code(),
                o.paymentStatus().code(),
                o.total(),
                o.discount(),
                o.refunded(),
                json.writeValueAsString(o.lines()),
                o.createdAt(),
                o.updatedAt());
    }

    private static String values(List<IdentifierView> identifiers, IdentifierType type) {
        return identifiers.stream()
                .filter(i -> i.type() == type)
                .map(IdentifierView::value)
                .collect(Collectors.joining(" "));
    }
}
