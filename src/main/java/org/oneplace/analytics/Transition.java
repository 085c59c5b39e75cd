package org.oneplace.analytics;

import org.oneplace.shared.ChannelType;

/**
 * Customers whose next session after one on {@code from} came on {@code to} within the transition window.
 *
 * @param switches how many such pairs of sessions (a customer may switch more than once)
 */
public record Transition(ChannelType from, ChannelType to, long customers, long switches) {}
