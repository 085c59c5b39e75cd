package org.oneplace.marketing;

import jakarta.validation.Valid;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.cart.CartService;
import org.oneplace.customer.CustomerException;
import org.oneplace.customer.CustomerSummary;
import org.oneplace.customer.Customers;
import org.oneplace.marketing.internal.Composer;
import org.oneplace.marketing.internal.JourneyDefinition;
import org.oneplace.marketing.internal.JourneyRepository;
import org.oneplace.marketing.internal.MarketingLinks;
import org.oneplace.marketing.internal.MarketingRepository;
import org.oneplace.marketing.internal.SegmentRules;
import org.oneplace.marketing.internal.SendRepository;
import org.oneplace.marketing.internal.Templates;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Cursor;
import org.oneplace.shared.Page;
import org.oneplace.shared.Uuid7;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What marketers do (secured by {@code marketing:read} and {@code marketing:manage}): segments with live counts,
 * templates with a preview for a real customer, journeys from draft to live (a live journey is never edited in
 * place: an edit adds a version, and runs keep the version they entered with), the sending rules, and what marketing
 * sent a customer.
 */
@Service
@Validated
public class MarketingService {

    private final MarketingRepository marketing;
    private final JourneyRepository journeys;
    private final SendRepository messages;
    private final SegmentRules rules;
    private final Templates templates;
    private final Composer composer;
    private final MarketingLinks links;
    private final Customers customers;
    private final CartService carts;
    private final JsonMapper json;
    private final Clock clock;

    MarketingService(
            MarketingRepository marketing,
            JourneyRepository journeys,
            SendRepository messages,
            SegmentRules rules,
            Templates templates,
            Composer composer,
            MarketingLinks links,
            Customers customers,
            CartService carts,
            JsonMapper json,
            Clock clock) {
        this.marketing = marketing;
        this.journeys = journeys;
        this.messages = messages;
        this.rules = rules;
        this.templates = templates;
        this.composer = composer;
        this.links = links;
        this.customers = customers;
        this.carts = carts;
        this.json = json;
        this.clock = clock;
    }

    // ---- settings ---------------------------------------------------------------------------------------------

    @PreAuthorize("hasAuthority('marketing:read')")
    @Transactional(readOnly = true)
    public MarketingSettings settings() {
        return marketing.settings();
    }

    @PreAuthorize("hasAuthority('marketing:manage')")
    @Transactional
    public MarketingSettings saveSettings(@Valid MarketingSettings settings) {
        try {
            ZoneId.of(settings.defaultTimeZone());
        } catch (DateTimeException e) {
            throw MarketingException.invalid(
                    "defaultTimeZone",
                    "'" + settings.defaultTimeZone() + "' is not a time zone; use an IANA name like Europe/Paris.");
        }
        if (settings.attributionWindow().isNegative()
                || settings.attributionWindow().toDays() > 90) {
            throw MarketingException.invalid("attributionWindow", "The attribution window is 0 to 90 days (P5D).");
        }
        if (settings.frequencyCap().period().isNegative()
                || settings.frequencyCap().period().isZero()
                || settings.frequencyCap().period().toTotalMonths() > 12) {
            throw MarketingException.invalid("frequencyCap.period", "The cap's period is a day to a year (P7D).");
        }
        if (settings.agentReplyWindow() != null
                && (settings.agentReplyWindow().isNegative()
                        || settings.agentReplyWindow().toDays() > 30)) {
            throw MarketingException.invalid("agentReplyWindow", "The agent reply window is 0 to 30 days (PT24H).");
        }
        marketing.saveSettings(settings, clock.instant());
        return marketing.settings();
    }

    // ---- templates --------------------------------------------------------------------------------------------

    @PreAuthorize("hasAuthority('marketing:manage')")
    @Transactional
    public TemplateView createTemplate(@Valid TemplateRequest request) {
        return saveTemplate(Uuid7.next(), request, null);
    }

    @PreAuthorize("hasAuthority('marketing:manage')")
    @Transactional
    public TemplateView updateTemplate(UUID id, @Valid TemplateRequest request) {
        return saveTemplate(id, request, template(id).createdAt());
    }

    private TemplateView saveTemplate(UUID id, TemplateRequest request, @Nullable Instant created) {
        if (!ChannelType.CONSENT_CHANNELS.contains(request.channel()) || request.channel() == ChannelType.PHONE) {
            throw MarketingException.invalid(
                    "channel",
                    request.channel().label()
                            + " cannot carry a template; write it for email, sms, whatsapp, messenger, instagram, telegram or"
                            + " push.");
        }
        if (request.channel() == ChannelType.EMAIL
                && (request.subject() == null || request.subject().isBlank())) {
            throw MarketingException.invalid("subject", "An e-mail template needs a subject.");
        }
        templates.compile(request.body(), request.channel() == ChannelType.EMAIL, "body");
        if (request.subject() != null) {
            templates.compile(request.subject(), false, "subject");
        }
        Instant now = clock.instant();
        TemplateView view = new TemplateView(
                id,
                request.name().strip(),
                request.channel(),
                request.locale(),
                request.subject(),
                request.body(),
                created == null ? now : created,
                now);
        marketing.saveTemplate(view);
        return view;
    }

    @PreAuthorize("hasAuthority('marketing:read')")
    @Transactional(readOnly = true)
    public TemplateView template(UUID id) {
        return marketing.template(id).orElseThrow(() -> MarketingException.unknown("template", id));
    }

    @PreAuthorize("hasAuthority('marketing:read')")
    @Transactional(readOnly = true)
    public List<TemplateView> templates() {
        return marketing.templates();
    }

    /** Renders a template for a real customer, links not tracked (nothing is stored or sent). */
    @PreAuthorize("hasAuthority('marketing:read') and hasAuthority('customers:read')")
    @Transactional(readOnly = true)
    public PreviewView preview(UUID id, @Valid PreviewRequest request) {
        TemplateView template = template(id);
        CustomerSummary customer = customers
                .summary(request.customerId())
                .orElseThrow(() -> CustomerException.unknownCustomer(request.customerId()));
        Map<String, Object> traits = customers.traits(customer.id()).orElse(Map.of());
        Composer.Composed composed = composer.compose(
                template,
                new Composer.Facts(
                        customer.name(),
                        traits,
                        carts.contents(customer.id()),
                        java.util.Locale.forLanguageTag(template.locale() != null ? template.locale() : "en"),
                        links.base() + "/u/preview",
                        null),
                links.base(),
                (token, url) -> {});
        return template.channel() == ChannelType.EMAIL
                ? new PreviewView(composed.subject(), composed.html() == null ? "" : composed.html(), composed.text())
                : new PreviewView(composed.subject().isEmpty() ? null : composed.subject(), composed.text(), null);
    }

    // ---- journeys ---------------------------------------------------------------------------------------------

    @PreAuthorize("hasAuthority('marketing:manage')")
    @Transactional
    public JourneyView createJourney(@Valid JourneyRequest request) {
        Checked definition = checked(request);
        UUID id = Uuid7.next();
        journeys.create(id, request.name().strip(), definition.kind(), definition.json(), clock.instant());
        return journey(id);
    }

    /** Edits a draft in place; a live or paused journey gets a new version that new entries take. */
    @PreAuthorize("hasAuthority('marketing:manage')")
    @Transactional
    public JourneyView updateJourney(UUID id, @Valid JourneyRequest request) {
        Checked definition = checked(request);
        JourneyRepository.Journey journey =
                journeys.lock(id).orElseThrow(() -> MarketingException.unknown("journey", id));
        if (!journey.kind().equals(definition.kind())) {
            throw MarketingException.invalid(
                    "entry.type",
                    "A " + journey.kind() + " cannot become a " + definition.kind() + "; create a new one.");
        }
        if (journey.kind().equals("broadcast") && journey.releasedAt() != null) {
            throw MarketingException.conflict(
                    "Already sent",
                    "The broadcast was released at " + journey.releasedAt() + "; create a new one to send again.");
        }
        int version = journey.status().equals("draft") ? journey.version() : journey.version() + 1;
        Instant now = clock.instant();
        journeys.saveVersion(id, version, definition.json(), now);
        journeys.update(id, request.name().strip(), journey.status(), version, now);
        return journey(id);
    }

    /** A checked definition as stored, and whether it is a journey or a broadcast. */
    private record Checked(String json, String kind) {}

    private Checked checked(JourneyRequest request) {
        ObjectNode definition = json.valueToTree(request);
        JourneyDefinition read = JourneyDefinition.read(definition, (rule, field) -> {
            try {
                rules.check(rule);
            } catch (MarketingException e) {
                throw MarketingException.invalid(
                        field + (e.field() == null ? "" : e.field().substring(5)), e.getMessage());
            }
        });
        boolean broadcast = read.entry().type() == JourneyDefinition.EntryType.BROADCAST;
        if (broadcast && (read.steps().size() != 1 || read.sends().size() != 1)) {
            throw MarketingException.invalid("steps", "A broadcast has exactly one step, a send.");
        }
        if (read.entry().segmentId() != null
                && marketing.segment(read.entry().segmentId()).isEmpty()) {
            throw MarketingException.invalid(
                    "entry.segmentId", "There is no segment " + read.entry().segmentId() + ".");
        }
        for (int i = 0; i < request.steps().size(); i++) {
            JsonNode step = request.steps().get(i);
            if (step.path("type").asString("").equals("send")) {
                UUID template = read.sends().stream()
                        .filter(s -> s.id().equals(step.path("id").asString("")))
                        .findFirst()
                        .orElseThrow()
                        .templateId();
                if (marketing.template(template).isEmpty()) {
                    throw MarketingException.invalid(
                            "steps[" + i + "].templateId", "There is no template " + template + ".");
                }
            }
        }
        return new Checked(json.writeValueAsString(definition), broadcast ? "broadcast" : "journey");
    }

    @PreAuthorize("hasAuthority('marketing:manage')")
    @Transactional
    public JourneyView activate(UUID id) {
        return setStatus(id, "live");
    }

    @PreAuthorize("hasAuthority('marketing:manage')")
    @Transactional
    public JourneyView pause(UUID id) {
        return setStatus(id, "paused");
    }

    private JourneyView setStatus(UUID id, String status) {
        JourneyRepository.Journey journey =
                journeys.lock(id).orElseThrow(() -> MarketingException.unknown("journey", id));
        if (status.equals("paused") && journey.status().equals("draft")) {
            throw MarketingException.conflict("Not live", "A draft journey cannot be paused; activate it first.");
        }
        journeys.update(id, journey.name(), status, journey.version(), clock.instant());
        return journey(id);
    }

    @PreAuthorize("hasAuthority('marketing:read')")
    @Transactional(readOnly = true)
    public JourneyView journey(UUID id) {
        JourneyRepository.Journey journey =
                journeys.find(id).orElseThrow(() -> MarketingException.unknown("journey", id));
        return view(journey);
    }

    @PreAuthorize("hasAuthority('marketing:read')")
    @Transactional(readOnly = true)
    public List<JourneyView> journeys() {
        return journeys.all().stream().map(this::view).toList();
    }

    private JourneyView view(JourneyRepository.Journey journey) {
        return new JourneyView(
                journey.id(),
                journey.name(),
                journey.status(),
                journey.version(),
                json.readTree(journeys.definition(journey.id(), journey.version())),
                journey.createdAt(),
                journey.updatedAt());
    }

    /** Per step of the current version (and steps of older versions that still have counts). */
    @PreAuthorize("hasAuthority('marketing:read')")
    @Transactional(readOnly = true)
    public List<StepReport> report(UUID id) {
        JourneyView journey = journey(id);
        return reportOf(id, journey.definition());
    }

    private List<StepReport> reportOf(UUID id, JsonNode definition) {
        Map<String, Map<String, long[]>> counts = new LinkedHashMap<>();
        for (JsonNode step : definition.path("steps")) {
            counts.put(step.path("id").asString(""), new LinkedHashMap<>());
        }
        for (SendRepository.Count count : messages.counts(id)) {
            counts.computeIfAbsent(count.stepId(), k -> new LinkedHashMap<>())
                    .put(count.metric(), new long[] {count.n(), count.revenue()});
        }
        List<StepReport> report = new ArrayList<>();
        counts.forEach((step, metrics) -> {
            Map<String, Long> skipped = new LinkedHashMap<>();
            long failed = 0;
            for (Map.Entry<String, long[]> metric : metrics.entrySet()) {
                if (metric.getKey().startsWith("skipped:")) {
                    skipped.put(metric.getKey().substring(8), metric.getValue()[0]);
                } else if (metric.getKey().startsWith("failed")) {
                    failed += metric.getValue()[0];
                }
            }
            long sent = n(metrics, "sent");
            report.add(new StepReport(
                    step,
                    n(metrics, "entered"),
                    sent,
                    skipped,
                    n(metrics, "deferred"),
                    failed,
                    n(metrics, "delivered"),
                    n(metrics, "opened"),
                    n(metrics, "clicked"),
                    n(metrics, "converted"),
                    metrics.getOrDefault("converted", new long[] {0, 0})[1]));
        });
        return report;
    }

    /** How many customers sit at each step of a journey now (waiting there, or being sent to). */
    @PreAuthorize("hasAuthority('marketing:read')")
    @Transactional(readOnly = true)
    public Map<String, Long> waiting(UUID id) {
        journey(id);
        Map<String, Long> waiting = new LinkedHashMap<>();
        for (Object[] row : journeys.waitingByStep(id)) {
            waiting.put((String) row[0], (Long) row[1]);
        }
        return waiting;
    }

    private static long n(Map<String, long[]> metrics, String metric) {
        return metrics.getOrDefault(metric, new long[] {0, 0})[0];
    }

    // ---- a customer's marketing ---------------------------------------------------------------------------------

    @PreAuthorize("hasAuthority('customers:read')")
    @Transactional(readOnly = true)
    public Page<MarketingMessageView> messages(UUID customerId, @Nullable String cursor, int limit) {
        UUID live = customers.liveId(customerId).orElseThrow(() -> CustomerException.unknownCustomer(customerId));
        Cursor before = Cursor.parse(cursor, 2);
        List<MarketingMessageView> page = messages.ofCustomers(
                List.of(live),
                before == null ? null : before.instant(0),
                before == null ? null : before.uuid(1),
                limit + 1);
        return Page.of(page, limit, m -> Cursor.of(m.at(), m.id()));
    }
}
