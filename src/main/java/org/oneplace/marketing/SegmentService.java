package org.oneplace.marketing;

import jakarta.validation.Valid;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.CustomerSummary;
import org.oneplace.customer.Customers;
import org.oneplace.customer.IdentifierType;
import org.oneplace.marketing.internal.MarketingRepository;
import org.oneplace.marketing.internal.SegmentRules;
import org.oneplace.shared.Csv;
import org.oneplace.shared.Cursor;
import org.oneplace.shared.CustomerFilter;
import org.oneplace.shared.Page;
import org.oneplace.shared.Uuid7;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Segments (secured by {@code marketing:read} and {@code marketing:manage}; their members also by
 * {@code customers:read}): rules compiled to one SQL statement, the live count, members by page and as CSV.
 */
@Service
@Validated
public class SegmentService {

    private final MarketingRepository marketing;
    private final SegmentRules rules;
    private final Customers customers;
    private final JsonMapper json;
    private final Clock clock;

    SegmentService(
            MarketingRepository marketing, SegmentRules rules, Customers customers, JsonMapper json, Clock clock) {
        this.marketing = marketing;
        this.rules = rules;
        this.customers = customers;
        this.json = json;
        this.clock = clock;
    }

    @PreAuthorize("hasAuthority('marketing:manage')")
    @Transactional
    public SegmentView createSegment(@Valid SegmentRequest request) {
        return saveSegment(Uuid7.next(), request);
    }

    @PreAuthorize("hasAuthority('marketing:manage')")
    @Transactional
    public SegmentView updateSegment(UUID id, @Valid SegmentRequest request) {
        segmentRow(id);
        return saveSegment(id, request);
    }

    private SegmentView saveSegment(UUID id, SegmentRequest request) {
        CustomerFilter audience = rules.compile(request.rules());
        marketing.saveSegment(id, request.name().strip(), json.writeValueAsString(request.rules()), clock.instant());
        return segmentRow(id).view(json, marketing.count(audience));
    }

    /** Counts rules without saving them: the live count as a marketer edits. */
    @PreAuthorize("hasAuthority('marketing:read')")
    @Transactional(readOnly = true)
    public long count(JsonNode rules) {
        return marketing.count(this.rules.compile(rules));
    }

    @PreAuthorize("hasAuthority('marketing:read')")
    @Transactional(readOnly = true)
    public SegmentView segment(UUID id) {
        MarketingRepository.Segment row = segmentRow(id);
        return row.view(json, marketing.count(rules.compile(json.readTree(row.rules()))));
    }

    @PreAuthorize("hasAuthority('marketing:read')")
    @Transactional(readOnly = true)
    public List<SegmentView> segments() {
        return marketing.segments().stream()
                .map(row -> row.view(json, marketing.count(rules.compile(json.readTree(row.rules())))))
                .toList();
    }

    @PreAuthorize("hasAuthority('marketing:manage')")
    @Transactional
    public void deleteSegment(UUID id) {
        if (!marketing.deleteSegment(id)) {
            throw MarketingException.unknown("segment", id);
        }
    }

    @PreAuthorize("hasAuthority('marketing:read') and hasAuthority('customers:read')")
    @Transactional(readOnly = true)
    public Page<SegmentMember> members(UUID id, @Nullable String cursor, int limit) {
        MarketingRepository.Segment row = segmentRow(id);
        Cursor after = Cursor.parse(cursor, 1);
        List<UUID> ids = marketing.members(
                rules.compile(json.readTree(row.rules())), after == null ? null : after.uuid(0), limit + 1);
        List<SegmentMember> page = new ArrayList<>();
        for (UUID member : ids) {
            CustomerSummary summary = customers.summary(member).orElse(null);
            page.add(new SegmentMember(
                    member,
                    summary == null ? null : summary.name(),
                    summary == null ? List.of() : summary.identifiers()));
        }
        return Page.of(page, limit, m -> Cursor.of(m.customerId()));
    }

    /** A segment's members as CSV (RFC 4180): customer_id, name, email, phone; formula cells defused. */
    @PreAuthorize("hasAuthority('marketing:read') and hasAuthority('customers:read')")
    @Transactional(readOnly = true)
    public String membersCsv(UUID id) {
        StringBuilder csv = new StringBuilder("customer_id,name,email,phone\r\n");
        String cursor = null;
        do {
            Page<SegmentMember> page = members(id, cursor, 500);
            for (SegmentMember member : page.items()) {
                csv.append(member.customerId())
                        .append(',')
                        .append(Csv.cell(member.name()))
                        .append(',')
                        .append(Csv.cell(identifier(member, IdentifierType.EMAIL)))
                        .append(',')
                        .append(Csv.cell(identifier(member, IdentifierType.PHONE)))
                        .append("\r\n");
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return csv.toString();
    }

    private MarketingRepository.Segment segmentRow(UUID id) {
        return marketing.segment(id).orElseThrow(() -> MarketingException.unknown("segment", id));
    }

    private static @Nullable String identifier(SegmentMember member, IdentifierType wanted) {
        return member.identifiers().stream()
                .filter(i -> i.type() == wanted)
                .map(i -> i.value())
                .findFirst()
                .orElse(null);
    }
}
