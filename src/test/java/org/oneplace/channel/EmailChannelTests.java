package org.oneplace.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.Channels;
import org.oneplace.Channels.Account;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * E-mail through the SMTP listener and IMAP (GreenMail), replies over SMTP that thread (MAIL-01, -04, -05),
 * de-duplication without Message-ID (MAIL-06), automatic mail (MAIL-07), refused recipients, sanitised HTML
 * (TXT-04) and an IMAP fetch that marks mail read only after it is stored (FLT-12).
 */
class EmailChannelTests extends OneplaceIntegrationTest {

    private Channels channels;
    private Account support;
    private String address;

    @BeforeEach
    void connect() {
        channels = new Channels(api, ADMIN_TOKEN);
        address = "support-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.example";
        support = channels.email(address);
    }

    private static String customerAddress() {
        return "mia-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
    }

    private List<MimeMessage> received(String to) {
        return Arrays.stream(MAIL.getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.toString(m.getAllRecipients()).contains(to);
                    } catch (jakarta.mail.MessagingException e) {
                        return false;
                    }
                })
                .toList();
    }

    @Test
    void aMailOpensAConversationAndTheReplyThreadsInTheCustomersMailClient() throws Exception {
        String from = customerAddress();
        String first = "<m1-" + UUID.randomUUID() + "@customer.example>";
        Channels.mail(from, address, "Wrong charge", "I was charged twice.", first, Map.of());
        String customer = channels.awaitCustomer("email", from);
        List<JsonNode> thread = channels.awaitThread(customer, t -> t.size() == 1);
        assertThat(thread.getFirst().path("content").asString()).isEqualTo("Wrong charge\n\nI was charged twice.");
        assertThat(thread.getFirst().path("channel").asString()).isEqualTo("email");
        String conversation =
                channels.conversationsOf(customer).getFirst().path("id").asString();

        // the customer writes again with another subject (MAIL-04), replying to their own mail
        String second = "<m2-" + UUID.randomUUID() + "@customer.example>";
        Channels.mail(from, address, "Refund?", "Any news?", second, Map.of("In-Reply-To", first, "References", first));
        channels.awaitThread(customer, t -> t.size() == 2);

        Answer reply = api.post(
                "/api/v1/conversations/" + conversation + "/messages",
                ADMIN_TOKEN,
                Map.of("content", "We refunded the second charge."));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        String id = reply.json().path("id").asString();
        JsonNode sent = channels.awaitStatus(conversation, id, "sent");
        await().atMost(Duration.ofSeconds(10)).until(() -> !received(from).isEmpty());
        MimeMessage mail = received(from).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Re: Refund?");
        assertThat(mail.getHeader("In-Reply-To", null)).isEqualTo(second);
        assertThat(mail.getHeader("References", null)).isEqualTo(first + " " + second);
        assertThat(mail.getHeader("Message-ID", null)).isEqualTo("<" + id + "@shop.example>");
        assertThat(sent.path("externalId").asString()).isEqualTo("<" + id + "@shop.example>");
        assertThat(mail.getFrom()[0].toString()).isEqualTo(address);

        // the customer answers our reply: it joins the same conversation (MAIL-01)
        Channels.mail(
                from,
                address,
                "Re: Refund?",
                "Thanks!",
                "<m3-" + UUID.randomUUID() + "@customer.example>",
                Map.of("In-Reply-To", "<" + id + "@shop.example>"));
        channels.awaitThread(customer, t -> t.size() == 4);
        assertThat(channels.conversationsOf(customer)).hasSize(1);
    }

    @Test
    void aPermanentSmtpRefusalFailsTheReplyWithTheServersWordsAndAnUnreachableServerIsRetried() throws Exception {
        // this mailbox sends through Oneplace's own SMTP listener, which refuses addresses it does not serve (550)
        String refusing = "out-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.example";
        Account strict = channels.create(
                "email",
                Map.of("address", refusing, "smtpHost", "localhost", "smtpPort", String.valueOf(SMTP_LISTENER_PORT)));
        String from = customerAddress();
        Channels.mail(from, refusing, "Hello", "Question", "<q-" + UUID.randomUUID() + "@customer.example>", Map.of());
        String customer = channels.awaitCustomer("email", from);
        channels.awaitThread(customer, t -> t.size() == 1);
        String conversation =
                channels.conversationsOf(customer).getFirst().path("id").asString();
        String id = api.post(
                        "/api/v1/conversations/" + conversation + "/messages", ADMIN_TOKEN, Map.of("content", "Answer"))
                .json()
                .path("id")
                .asString();
        JsonNode failed = channels.awaitStatus(conversation, id, "failed");
        assertThat(failed.path("error").asString()).contains("550").contains("no such mailbox");

        // a server that cannot be reached: retried, not failed
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Answer patched = api.patch(
                "/api/v1/channels/" + strict.id(),
                ADMIN_TOKEN,
                Map.of("settings", Map.of("smtpPort", String.valueOf(closed))));
        assertThat(patched.status()).isEqualTo(200);
        String second = api.post(
                        "/api/v1/conversations/" + conversation + "/messages",
                        ADMIN_TOKEN,
                        Map.of("content", "Answer again"))
                .json()
                .path("id")
                .asString();
        JsonNode retrying = channels.awaitStatus(conversation, second, "retrying");
        assertThat(retrying.path("error").asString()).contains("could not be reached");
    }

    @Test
    void mailForUnknownAddressesIsRefusedAndMailWithoutMessageIdIsStoredOnce() throws Exception {
        assertThatThrownBy(() -> Channels.mail(customerAddress(), "nobody@shop.example", "Hi", "x", "<x@y>", Map.of()))
                .hasStackTraceContaining("550 5.1.1");
        String from = customerAddress();
        Channels.mail(from, address, "No id", "same text", null, Map.of("Date", "Tue, 1 Dec 2026 10:00:00 +0000"));
        Channels.mail(from, address, "No id", "same text", null, Map.of("Date", "Tue, 1 Dec 2026 10:00:00 +0000"));
        String customer = channels.awaitCustomer("email", from);
        channels.awaitThread(customer, t -> t.size() == 1);
        channels.assertThreadStays(customer, 1);
    }

    @Test
    void automaticMailNeverOpensAConversation() throws Exception {
        String from = customerAddress();
        Channels.mail(
                from,
                address,
                "Out of office",
                "I am away.",
                "<ooo-" + UUID.randomUUID() + "@x>",
                Map.of("Auto-Submitted", "auto-replied"));
        String customer = channels.awaitCustomer("email", from);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(4))
                .untilAsserted(
                        () -> assertThat(channels.conversationsOf(customer)).isEmpty());
    }

    @Test
    void htmlIsSanitisedAndItsTextShown() throws Exception {
        String from = customerAddress();
        java.util.Properties props = new java.util.Properties();
        props.put("mail.smtp.host", "localhost");
        props.put("mail.smtp.port", String.valueOf(SMTP_LISTENER_PORT));
        MimeMessage mail = new MimeMessage(jakarta.mail.Session.getInstance(props));
        mail.setFrom(from);
        mail.setRecipients(jakarta.mail.Message.RecipientType.TO, address);
        mail.setSubject("Photo");
        mail.setContent(
                "<p>Look <b>here</b></p><script>alert(1)</script><img src=\"https://tracker.example/p.gif\">"
                        + "<a href=\"javascript:alert(2)\">x</a><form><input></form>",
                "text/html; charset=UTF-8");
        jakarta.mail.Transport.send(mail);
        String customer = channels.awaitCustomer("email", from);
        JsonNode message = channels.awaitThread(customer, t -> t.size() == 1).getFirst();
        assertThat(message.path("content").asString()).isEqualTo("Photo\n\nLook here\nx");
        String html = message.path("details").path("html").asString();
        assertThat(html)
                .contains("<b>here</b>")
                .doesNotContain("script")
                .doesNotContain("tracker.example")
                .doesNotContain("javascript")
                .doesNotContain("<form");
    }

    @Test
    void attachmentsAreKeptAndOnlyEverDownloaded() throws Exception {
        String from = customerAddress();
        java.util.Properties props = new java.util.Properties();
        props.put("mail.smtp.host", "localhost");
        props.put("mail.smtp.port", String.valueOf(SMTP_LISTENER_PORT));
        MimeMessage mail = new MimeMessage(jakarta.mail.Session.getInstance(props));
        mail.setFrom(from);
        mail.setRecipients(jakarta.mail.Message.RecipientType.TO, address);
        mail.setSubject("Receipt");
        jakarta.mail.internet.MimeMultipart multipart = new jakarta.mail.internet.MimeMultipart();
        jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
        text.setText("See the attached drawing.", "UTF-8");
        jakarta.mail.internet.MimeBodyPart file = new jakarta.mail.internet.MimeBodyPart();
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>";
        file.setContent(svg, "image/svg+xml");
        file.setFileName(jakarta.mail.internet.MimeUtility.encodeText("zeichnung-ü.svg", "UTF-8", null));
        file.setDisposition(jakarta.mail.Part.ATTACHMENT);
        multipart.addBodyPart(text);
        multipart.addBodyPart(file);
        mail.setContent(multipart);
        jakarta.mail.Transport.send(mail);

        String customer = channels.awaitCustomer("email", from);
        JsonNode message = channels.awaitThread(customer, t -> t.size() == 1).getFirst();
        assertThat(message.path("content").asString()).isEqualTo("Receipt\n\nSee the attached drawing.");
        assertThat(message.path("attachments").get(0).path("name").asString()).isEqualTo("zeichnung-ü.svg");
        assertThat(message.path("attachments").get(0).path("mimeType").asString())
                .isEqualTo("image/svg+xml");
        Answer download = api.get(
                "/api/v1/conversations/" + message.path("conversationId").asString() + "/messages/"
                        + message.path("id").asString() + "/attachments/0",
                ADMIN_TOKEN);
        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        assertThat(download.raw().body()).isEqualTo(svg);
        assertThat(download.contentType()).isEqualTo("application/octet-stream");
        assertThat(download.raw().headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment")
                .contains("filename*=UTF-8''zeichnung-%C3%BC.svg");
        assertThat(download.raw().headers().firstValue("X-Content-Type-Options"))
                .hasValue("nosniff");
        // the mail as it arrived, for the agent's mail program: the last file of every e-mail message
        assertThat(message.path("attachments").get(1).path("name").asString()).isEqualTo("message.eml");
        Answer original = api.get(
                "/api/v1/conversations/" + message.path("conversationId").asString() + "/messages/"
                        + message.path("id").asString() + "/attachments/1",
                ADMIN_TOKEN);
        assertThat(original.status()).as(original.toString()).isEqualTo(200);
        assertThat(original.raw().body()).contains("Subject: Receipt", "From: " + from, "zeichnung");
        assertThat(original.raw().headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment")
                .contains("message.eml");
        assertThat(api.get(
                                "/api/v1/conversations/"
                                        + message.path("conversationId").asString() + "/messages/"
                                        + message.path("id").asString() + "/attachments/2",
                                ADMIN_TOKEN)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void imapMailIsStoredOnceAndOnlyThenMarkedRead() throws Exception {
        GreenMail imap = new GreenMail(com.icegreen.greenmail.util.ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        imap.start();
        try {
            String box = "box-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.example";
            imap.setUser(box, box, "secret");
            Answer created = api.post(
                    "/api/v1/channels",
                    ADMIN_TOKEN,
                    Map.of(
                            "type",
                            "email",
                            "name",
                            "imap " + box,
                            "settings",
                            Map.of(
                                    "address",
                                    box,
                                    "imapHost",
                                    "localhost",
                                    "imapPort",
                                    String.valueOf(imap.getImap().getPort()),
                                    "imapUsername",
                                    box,
                                    "imapPassword",
                                    "secret")));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.raw().body()).doesNotContain("secret\"");
            String from = customerAddress();
            com.icegreen.greenmail.util.GreenMailUtil.sendTextEmail(
                    box, from, "Via IMAP", "hello", imap.getSmtp().getServerSetup());
            String customer = channels.awaitCustomer("email", from);
            channels.awaitThread(customer, t -> t.size() == 1);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(imap.getManagers()
                                    .getImapHostManager()
                                    .getInbox(
                                            imap.getManagers().getUserManager().getUser(box))
                                    .getMessages()
                                    .getFirst()
                                    .getFlags()
                                    .contains(Flags.Flag.SEEN))
                            .isTrue());
            // marking it unread again (an interrupted fetch) does not store it twice
            imap.getManagers()
                    .getImapHostManager()
                    .getInbox(imap.getManagers().getUserManager().getUser(box))
                    .getMessages()
                    .getFirst()
                    .setFlag(Flags.Flag.SEEN, false);
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(6))
                    .untilAsserted(() -> assertThat(channels.messages(channels.conversationsOf(customer)
                                    .getFirst()
                                    .path("id")
                                    .asString()))
                            .hasSize(1));
        } finally {
            imap.stop();
        }
    }
}
