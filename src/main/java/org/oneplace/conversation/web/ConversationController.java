package org.oneplace.conversation.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.AttachmentFile;
import org.oneplace.conversation.CannedReply;
import org.oneplace.conversation.ConversationService;
import org.oneplace.conversation.ConversationView;
import org.oneplace.conversation.CreateCannedReply;
import org.oneplace.conversation.FeedStream;
import org.oneplace.conversation.HandOff;
import org.oneplace.conversation.MessageView;
import org.oneplace.conversation.PostMessage;
import org.oneplace.shared.Page;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Conversations")
class ConversationController {

    private final ConversationService conversations;
    private final FeedStream feed;

    ConversationController(ConversationService conversations, FeedStream feed) {
        this.conversations = conversations;
        this.feed = feed;
    }

    @GetMapping("/conversations")
    @Operation(
            summary = "Conversations, most recent activity first; filter by customer, status (open, resolved,"
                    + " merged), assignee or unassigned=true (needs conversations:read)")
    Page<ConversationView> list(
            @RequestParam(required = false) @Nullable UUID customerId,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable UUID assigneeId,
            @RequestParam(defaultValue = "false") boolean unassigned,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        return conversations.conversations(customerId, status, assigneeId, unassigned, cursor, limit);
    }

    @GetMapping(path = "/conversations/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Server-Sent Events of every conversation change ({conversationId, kind, at}); reconnect with"
                    + " Last-Event-ID to receive what was missed, in order, once (needs conversations:read)")
    @PreAuthorize("hasAuthority('conversations:read')")
    SseEmitter events(@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId) {
        return feed.open(lastEventId, conversations.visibility());
    }

    @GetMapping("/conversations/{id}")
    @Operation(summary = "One conversation (needs conversations:read)")
    ConversationView conversation(@PathVariable UUID id) {
        return conversations.conversation(id);
    }

    @GetMapping("/conversations/{id}/messages")
    @Operation(summary = "The thread: every channel's messages, calls and notes in order (needs conversations:read)")
    Page<MessageView> messages(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "100") int limit) {
        return conversations.messages(id, cursor, limit);
    }

    @PostMapping("/conversations/{id}/messages")
    @Operation(
            summary = "Reply {content, channel?, private?, clientId?, author?}: queued for the channel the customer"
                    + " last wrote on unless 'channel' names another; 'private' makes a note; a repeated clientId"
                    + " answers the first post (needs conversations:write)")
    ResponseEntity<MessageView> post(@PathVariable UUID id, @Valid @RequestBody PostMessage command) {
        ConversationService.Posted posted = conversations.post(id, command);
        return ResponseEntity.status(posted.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(posted.message());
    }

    @GetMapping("/conversations/{id}/messages/{messageId}/attachments/{index}")
    @Operation(
            summary = "Download a file that came with a customer's message; always as an attachment, never shown"
                    + " inline (needs conversations:read)")
    ResponseEntity<byte[]> attachment(@PathVariable UUID id, @PathVariable UUID messageId, @PathVariable int index) {
        AttachmentFile file = conversations.attachment(id, messageId, index);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(file.name(), StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Original-Content-Type", file.contentType())
                .body(file.bytes());
    }

    @PostMapping("/conversations/{id}/messages/{messageId}/resend")
    @Operation(summary = "Send a failed or unknown reply again (needs conversations:write)")
    MessageView resend(@PathVariable UUID id, @PathVariable UUID messageId) {
        return conversations.resend(id, messageId);
    }

    @PostMapping("/conversations/{id}/resolve")
    @Operation(
            summary = "Resolve; the customer is asked one satisfaction question on the same channel"
                    + " (needs conversations:write)")
    ConversationView resolve(@PathVariable UUID id) {
        return conversations.resolve(id);
    }

    @PostMapping("/conversations/{id}/handoff")
    @Operation(summary = "A bot hands over to a person with a summary (needs conversations:write)")
    ConversationView handOff(@PathVariable UUID id, @Valid @RequestBody HandOff command) {
        return conversations.handOff(id, command);
    }

    /** The assignee to set; {@code null} unassigns. */
    record Assignee(@Nullable UUID userId) {}

    @PutMapping("/conversations/{id}/assignee")
    @Operation(summary = "Assign to an agent, or unassign with null (needs conversations:write)")
    ConversationView assign(@PathVariable UUID id, @RequestBody Assignee assignee) {
        return conversations.assign(id, assignee.userId());
    }

    @GetMapping("/canned-replies")
    @Operation(summary = "Saved answers (needs conversations:read)")
    Map<String, List<CannedReply>> cannedReplies() {
        return Map.of("items", conversations.cannedReplies());
    }

    @PostMapping("/canned-replies")
    @Operation(summary = "Save an answer under a shortcut (needs conversations:write)")
    ResponseEntity<CannedReply> createCannedReply(@Valid @RequestBody CreateCannedReply command) {
        return ResponseEntity.status(HttpStatus.CREATED).body(conversations.createCannedReply(command));
    }
}
