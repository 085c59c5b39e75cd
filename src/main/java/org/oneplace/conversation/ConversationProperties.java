package org.oneplace.conversation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of conversations, under {@code oneplace.conversation}.
 *
 * @param reopenWindow a customer writing within this time after resolution reopens the conversation; later, a new
 *     one starts
 * @param outboxInterval how often the outbox looks for replies to send
 * @param maxAttempts sends that certainly did not take effect are retried this often before the reply fails
 * @param confirmationWindow an {@code unknown} send not confirmed by a receipt within this time becomes
 *     {@code failed} ("no confirmation"), for the agent to resend
 * @param csatWindow an answer to the satisfaction survey is taken within this time after resolution
 * @param abandonedAfter a send still {@code sending} this long after it started was cut off (its node stopped
 *     mid-send, FLT-09): it becomes {@code unknown}, never resent blindly; keep it above the channel send timeout
 */
@ConfigurationProperties("oneplace.conversation")
public record ConversationProperties(
        @DefaultValue("7d") Duration reopenWindow,
        @DefaultValue("1s") Duration outboxInterval,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("10m") Duration confirmationWindow,
        @DefaultValue("3d") Duration csatWindow,
        @DefaultValue("2m") Duration abandonedAfter) {}
