package org.oneplace.routing.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.oneplace.conversation.ConversationService;
import org.oneplace.conversation.ConversationView;
import org.oneplace.routing.RoutingProperties;
import org.oneplace.staff.TeamService;
import org.oneplace.staff.UserView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds SLA targets that passed unmet and escalates each once: marks it breached, gives the conversation to another
 * available agent (the least loaded, not the one who let it pass), notes both in the conversation and e-mails the
 * team's supervisors. Rows another node is escalating are skipped ({@code SKIP LOCKED}).
 */
@Component
public class SlaEscalation {

    private static final Logger log = LoggerFactory.getLogger(SlaEscalation.class);
    private static final int BATCH = 100;

    private final SlaRepository slas;
    private final Routing routing;
    private final ConversationService conversations;
    private final TeamService teams;
    private final ObjectProvider<JavaMailSender> mail;
    private final RoutingProperties properties;
    private final Clock clock;

    SlaEscalation(
            SlaRepository slas,
            Routing routing,
            ConversationService conversations,
            TeamService teams,
            ObjectProvider<JavaMailSender> mail,
            RoutingProperties properties,
            Clock clock) {
        this.slas = slas;
        this.routing = routing;
        this.conversations = conversations;
        this.teams = teams;
        this.mail = mail;
        this.properties = properties;
        this.clock = clock;
    }

    /** One pass; answers how many conversations were escalated. */
    @Transactional
    public int scan() {
        Instant now = clock.instant();
        List<SlaRepository.Clocks> overdue = slas.overdue(now, BATCH);
        for (SlaRepository.Clocks c : overdue) {
            List<String> breached = new ArrayList<>();
            boolean first = c.firstResponseAt() == null
                    && !c.firstResponseBreached()
                    && c.firstResponseDue().isBefore(now);
            boolean next = c.nextResponseDue() != null
                    && !c.nextResponseBreached()
                    && c.nextResponseDue().isBefore(now);
            boolean resolution = c.pausedSince() == null
                    && c.resolutionDue() != null
                    && !c.resolutionBreached()
                    && c.resolutionDue().isBefore(now);
            if (first) {
                breached.add("first response was due " + c.firstResponseDue());
            }
            if (next) {
                breached.add("next response was due " + c.nextResponseDue());
            }
            if (resolution) {
                breached.add("resolution was due " + c.resolutionDue());
            }
            slas.save(new SlaRepository.Clocks(
                    c.conversationId(),
                    c.policyId(),
                    c.teamId(),
                    c.startedAt(),
                    c.firstResponseDue(),
                    c.firstResponseAt(),
                    c.firstResponseBreached() || first,
                    c.nextResponseDue(),
                    c.nextResponseBreached() || next,
                    c.resolutionDue(),
                    c.resolvedAt(),
                    c.resolutionBreached() || resolution,
                    c.pausedSince(),
                    c.escalations() + 1));
            escalate(c, String.join("; ", breached));
        }
        return overdue.size();
    }

    private void escalate(SlaRepository.Clocks clocks, String what) {
        Optional<ConversationView> found = conversations.find(clocks.conversationId());
        if (found.isEmpty()) {
            return;
        }
        ConversationView conversation = found.get();
        Set<UUID> except = conversation.assigneeId() == null ? Set.of() : Set.of(conversation.assigneeId());
        Optional<UUID> next = routing.pick(conversation, except);
        next.ifPresent(agent -> conversations.assignAutomatically(conversation.id(), agent));
        String text = "SLA breached: " + what + ". "
                + next.map(a -> "Reassigned to " + a + ".").orElse("Nobody else is available to take it.");
        conversations.systemNote(conversation.id(), text);
        if (clocks.teamId() != null) {
            notify(teams.supervisorsOf(clocks.teamId()), conversation, text);
        }
    }

    private void notify(List<UserView> supervisors, ConversationView conversation, String text) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null || supervisors.isEmpty()) {
            return;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.notifyFrom());
        message.setTo(supervisors.stream().map(UserView::email).toArray(String[]::new));
        message.setSubject("SLA breached in conversation " + conversation.id());
        message.setText(text + "\n\nConversation: /conversations/" + conversation.id() + "\n");
        try {
            sender.send(message);
        } catch (MailException e) {
            log.warn("Could not tell supervisors about the SLA breach of {}: {}", conversation.id(), e.getMessage());
        }
    }
}
