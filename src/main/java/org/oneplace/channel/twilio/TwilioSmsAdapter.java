package org.oneplace.channel.twilio;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.channel.ChannelAdapter;
import org.oneplace.channel.DeliveryReceipt;
import org.oneplace.channel.DeliveryStatus;
import org.oneplace.channel.Inbound;
import org.oneplace.channel.InboundMessage;
import org.oneplace.channel.OutboundMessage;
import org.oneplace.channel.SendOutcome;
import org.oneplace.channel.StoredRequest;
import org.oneplace.channel.WebhookAnswer;
import org.oneplace.channel.WebhookRequest;
import org.oneplace.channel.internal.Ids;
import org.oneplace.channel.internal.ProviderHttp;
import org.oneplace.customer.IdentifierClaim;
import org.oneplace.customer.IdentifierType;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.ConsentStatus;
import org.oneplace.shared.PhoneNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SMS through Twilio (RELIABILITY §1.4): form-encoded inbound messages at {@code /webhooks/twilio/sms} and status
 * callbacks at {@code /webhooks/twilio/sms/status?m=<our id>}, both signed with {@code X-Twilio-Signature} over the
 * public URL ({@code webhookUrl}, else the URL as this server saw it). The account is found by every identifier
 * Twilio sends — {@code AccountSid} with {@code To}, or a Messaging Service — never by one alone. STOP and START
 * keywords change the customer's SMS consent.
 */
@Component
class TwilioSmsAdapter implements ChannelAdapter {

    private static final Logger log = LoggerFactory.getLogger(TwilioSmsAdapter.class);

    static final String DEFAULT_API = "https://api.twilio.com";
    private static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT");
    private static final Set<String> START = Set.of("START", "YES", "UNSTOP");

    private final JsonMapper json;
    private final ProviderHttp http;

    TwilioSmsAdapter(JsonMapper json, ProviderHttp http) {
        this.json = json;
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.SMS;
    }

    @Override
    public String webhookPath() {
        return "twilio/sms";
    }

    @Override
    public Settings settings() {
        return new Settings(
                Set.of("accountSid", "authToken", "fromNumber"),
                Set.of("apiBaseUrl", "webhookUrl", "messagingServiceSid"),
                Set.of("authToken"));
    }

    @Override
    public List<IdentifierType> addressedBy() {
        return List.of(IdentifierType.PHONE);
    }

    @Override
    public int maxLength() {
        return 1600;
    }

    @Override
    public WebhookAnswer acknowledgement() {
        return new WebhookAnswer("text/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
    }

    /** The URL Twilio signed: the configured public webhook URL with this request's sub-path and query. */
    private static String signedUrl(ChannelAccount account, WebhookRequest request) {
        String base = account.setting("webhookUrl");
        if (base == null) {
            return request.url();
        }
        int q = request.url().indexOf('?');
        return base + request.subPath() + (q < 0 ? "" : request.url().substring(q));
    }

    private static boolean isJson(WebhookRequest request) {
        return request.contentType() != null
                && request.contentType().toLowerCase(Locale.ROOT).contains("json");
    }

    @Override
    public boolean authentic(ChannelAccount account, WebhookRequest request) {
        String token = account.setting("authToken");
        String signature = request.header("X-Twilio-Signature");
        if (token == null || signature == null) {
            return false;
        }
        String url = signedUrl(account, request);
        boolean valid = isJson(request)
                ? TwilioSignature.validJson(token, url, request.body(), signature)
                : TwilioSignature.valid(token, url, TwilioSignature.form(request.body()), signature);
        if (!valid && untrustedProxy(account, request)) {
            log.warn(
                    "A Twilio webhook for {} came through a proxy (X-Forwarded-Proto: {}) this server does not trust,"
                            + " so its signature was checked over {} rather than the public URL Twilio signed. Set the"
                            + " channel's webhookUrl to that public URL, or trust the proxy"
                            + " (SERVER_FORWARD_HEADERS_STRATEGY=native).",
                    account,
                    request.header("X-Forwarded-Proto"),
                    url);
        }
        return valid;
    }

    /**
     * SIG-08: behind a TLS-terminating proxy Twilio signs {@code https://…} while this server sees {@code http://…};
     * the proxy's {@code X-Forwarded-Proto} is believed only where the operator made the proxy trusted (then the
     * URL this server sees is already the public one), never from any client.
     */
    static boolean untrustedProxy(ChannelAccount account, WebhookRequest request) {
        String forwarded = request.header("X-Forwarded-Proto");
        return account.setting("webhookUrl") == null
                && forwarded != null
                && !request.url()
                        .toLowerCase(Locale.ROOT)
                        .startsWith(forwarded.strip().toLowerCase(Locale.ROOT) + ":");
    }

    @Override
    public boolean addressedTo(ChannelAccount account, WebhookRequest request) {
        Map<String, String> p = params(request.body());
        if (!account.settings().get("accountSid").equals(p.get("AccountSid"))) {
            return false;
        }
        if ("/status".equals(request.subPath())) {
            return true;
        }
        String service = p.get("MessagingServiceSid");
        if (service != null && !service.isEmpty()) {
            String configured = account.setting("messagingServiceSid");
            return configured == null || configured.equals(service) || same(account.setting("fromNumber"), p.get("To"));
        }
        return same(account.setting("fromNumber"), p.get("To"));
    }

    private static boolean same(@Nullable String number, @Nullable String other) {
        if (number == null || other == null) {
            return false;
        }
        try {
            return PhoneNumber.parse(number, null).equals(PhoneNumber.parse(other, null));
        } catch (IllegalArgumentException e) {
            return number.equals(other);
        }
    }

    @Override
    public String dedupeKey(WebhookRequest request) {
        Map<String, String> p = params(request.body());
        String sid = p.getOrDefault("MessageSid", p.get("SmsSid"));
        if (sid == null || sid.isEmpty()) {
            throw new UnusableEventException("no MessageSid");
        }
        return "/status".equals(request.subPath()) ? "status:" + sid + ":" + p.get("MessageStatus") : sid;
    }

    @Override
    public @Nullable String senderKey(WebhookRequest request) {
        // a status callback is about the customer the message went to
        return params(request.body()).get("/status".equals(request.subPath()) ? "To" : "From");
    }

    @Override
    public Inbound read(ChannelAccount account, StoredRequest request) {
        Map<String, String> p = params(request.body());
        String sid = p.getOrDefault("MessageSid", p.get("SmsSid"));
        if ("/status".equals(request.subPath())) {
            DeliveryStatus status = switch (p.getOrDefault("MessageStatus", "")) {
                case "sent" -> DeliveryStatus.SENT;
                case "delivered" -> DeliveryStatus.DELIVERED;
                case "read" -> DeliveryStatus.READ;
                case "undelivered", "failed" -> DeliveryStatus.FAILED;
                default -> null;
            };
            if (status == null) {
                return Inbound.receipts(List.of());
            }
            String error = p.get("ErrorCode") == null ? null : "Twilio error " + p.get("ErrorCode");
            return Inbound.receipts(List.of(new DeliveryReceipt(
                    sid,
                    Ids.uuidOrNull(TwilioSignature.query(request.query(), "m")),
                    status,
                    request.receivedAt(),
                    error)));
        }
        String from = p.getOrDefault("From", "");
        PhoneNumber phone;
        try {
            phone = PhoneNumber.parse(from, null);
        } catch (IllegalArgumentException e) {
            throw new UnusableEventException("'From' is not a phone number: " + e.getMessage());
        }
        String body = p.getOrDefault("Body", "");
        List<InboundMessage.Attachment> media = new ArrayList<>();
        int count = parseInt(p.get("NumMedia"));
        for (int i = 0; i < count; i++) {
            String url = p.get("MediaUrl" + i);
            if (url != null) {
                media.add(new InboundMessage.Attachment("media", p.get("MediaContentType" + i), null, url));
            }
        }
        String keyword = body.strip().toUpperCase(Locale.ROOT);
        List<InboundMessage.ConsentChoice> consent = new ArrayList<>();
        if (STOP.contains(keyword)) {
            for (ConsentPurpose purpose : ConsentPurpose.values()) {
                consent.add(new InboundMessage.ConsentChoice(purpose, ConsentStatus.REVOKED, "SMS keyword " + keyword));
            }
        } else if (START.contains(keyword)) {
            // START lifts the carrier block; it is not an opt-in to marketing
            consent.add(new InboundMessage.ConsentChoice(
                    ConsentPurpose.SERVICE, ConsentStatus.GRANTED, "SMS keyword " + keyword));
            consent.add(new InboundMessage.ConsentChoice(
                    ConsentPurpose.TRANSACTIONAL, ConsentStatus.GRANTED, "SMS keyword " + keyword));
        }
        return Inbound.of(List.of(new InboundMessage(
                sid,
                List.of(IdentifierClaim.verified(IdentifierType.PHONE, phone.value())),
                null,
                phone.value(),
                "message",
                body,
                media,
                request.receivedAt(),
                null,
                consent,
                Map.of())));
    }

    @Override
    public SendOutcome send(ChannelAccount account, OutboundMessage message) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", message.to());
        String service = account.setting("messagingServiceSid");
        if (service != null) {
            form.put("MessagingServiceSid", service);
        } else {
            form.put("From", account.setting("fromNumber", ""));
        }
        form.put("Body", message.content());
        String hook = account.setting("webhookUrl");
        if (hook != null) {
            form.put("StatusCallback", hook + "/status?m=" + message.messageId());
        }
        String sid = account.setting("accountSid", "");
        String url = account.setting("apiBaseUrl", DEFAULT_API) + "/2010-04-01/Accounts/" + sid + "/Messages.json";
        String basic = Base64.getEncoder()
                .encodeToString((sid + ":" + account.setting("authToken", "")).getBytes(StandardCharsets.UTF_8));
        return http.send(
                ProviderHttp.post(url)
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(encode(form))),
                answer -> {
                    String id = json.readTree(answer.body()).path("sid").asString("");
                    return id.isEmpty()
                            ? new SendOutcome.Unknown("Twilio accepted the message but named no sid")
                            : new SendOutcome.Sent(id);
                },
                answer -> {
                    try {
                        JsonNode error = json.readTree(answer.body());
                        return "Twilio error " + error.path("code").asString("?") + ": "
                                + error.path("message").asString("");
                    } catch (RuntimeException e) {
                        return "Twilio refused the message";
                    }
                },
                answer -> Optional.empty());
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> params(byte[] body) {
        Map<String, String> params = new LinkedHashMap<>();
        TwilioSignature.form(body).forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
        return params;
    }

    private static int parseInt(@Nullable String value) {
        try {
            return value == null ? 0 : Math.min(Integer.parseInt(value.strip()), 10);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
